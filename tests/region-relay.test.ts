import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_HALL, PublicStatusLink, setUpLink } from '@onestop/hub';
import type { HallConfig } from '@onestop/shared';
import { ok } from './support/acks.js';
import { ROOT } from './support/build.js';
import { HubTestHall } from './support/hall.js';

/*
 * `onestop-region relay`: the public edge of a hall without a region, the real command in a
 * child process on its embedded store. It adds the hall and prints its one-time code; a hub
 * links to it with that code; a ticket's status page is served through it; no console.
 */

const CLI = join(ROOT, 'packages/region/bin/onestop-region.js');
const dir = mkdtempSync(join(tmpdir(), 'onestop-relay-'));
const PUBLIC = 'https://queue.hall.example.gov.cn';

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('onestop-region relay', () => {
  it('serves one hall: its code, the link, the ticket page, no console', async () => {
    const child = spawn(
      process.execPath,
      [
        CLI,
        'relay',
        '--data',
        join(dir, 'data'),
        '--public-url',
        PUBLIC,
        '--name',
        '市民中心',
        '--host',
        '127.0.0.1',
        '--port',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.stderr.on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let hall: HubTestHall | null = null;
    let link: PublicStatusLink | null = null;
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start in:\n${out}`)), 60_000);
        child.stdout.on('data', () => {
          if (/Press Ctrl\+C/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        });
        void exited.then(() => reject(new Error(`the relay exited:\n${out}`)));
      });
      const url = /^Listening (\S+)$/m.exec(out)?.[1] ?? '';
      const hallId = /^Hall id +(\S+)$/m.exec(out)?.[1] ?? '';
      const code = /One-time code +(\S+)/.exec(out)?.[1] ?? '';
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(hallId).toMatch(/^H-/);
      expect(out).toContain(JSON.stringify({ publicStatus: { baseUrl: PUBLIC, hallId } }));
      expect(out).toContain(`${PUBLIC}/public/t/${hallId}/<token>`);

      const config: HallConfig = structuredClone(DEMO_HALL);
      config.hall.publicStatus = { baseUrl: url, hallId };
      hall = await HubTestHall.start({ config });
      await setUpLink(
        hall.hub.store.regionLink,
        { url, code },
        { hubVersion: 'test', now: hall.hub.now() },
      );
      const admin = await hall.client('admin', await hall.login());
      const opened = await admin.command('open_day', { businessDay: null });
      if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
      const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
      const { ticket } = ok(
        await kiosk.command('issue_ticket', {
          itinerary: [{ serviceIds: ['tax'] }],
          class: 'normal',
        }),
      );
      link = new PublicStatusLink(hall.hub, { timeoutMs: 10_000 });
      await link.round();
      const page = await fetch(`${url}/public/t/${hallId}/${ticket.accessToken}`);
      expect(page.status).toBe(200);
      const text = await page.text();
      expect(text).toContain(ticket.number);
      expect(text).toContain('税务综合');
      // No regional console on a relay.
      expect((await fetch(`${url}/region-console/`)).status).toBe(404);
    } finally {
      await link?.stop();
      await hall?.close();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 90_000);
});
