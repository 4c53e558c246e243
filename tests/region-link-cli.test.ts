import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HealthResponse } from '@onestop/shared';
import { FakeRegion } from './support/fake-region.js';
import { CHECKOUT_CLI, demoServeArgs, hubSuite, startHub } from './support/ops-cli.js';

/** Runs the CLI without blocking this process (the fake region answers from it). */
function run(args: string[]): Promise<{ status: number | null; stderr: string }> {
  const [command, ...first] = CHECKOUT_CLI;
  return new Promise((resolve) => {
    const child = spawn(command, [...first, ...args], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr += d));
    child.once('exit', (status) => resolve({ status, stderr }));
  });
}

let dir = '';
hubSuite('onestop-link-cli-', (d) => (dir = d));

let region: FakeRegion;
beforeEach(async () => {
  region = await FakeRegion.start();
});
afterEach(async () => {
  await region.close();
});

function linkRows(db: string): unknown[] {
  const file = new Database(db, { readonly: true });
  try {
    return file.prepare('SELECT url, hall_id FROM region_link').all();
  } finally {
    file.close();
  }
}

async function health(url: string): Promise<HealthResponse> {
  const res = await fetch(`${url}/api/health`);
  return (await res.json()) as HealthResponse;
}

describe('onestop-hub --region', () => {
  it('refuses a bad code in one line, changing nothing', async () => {
    const db = join(dir, 'refused.sqlite');
    const bad = await run(
      demoServeArgs(db, ['--region', region.url, '--region-code', 'WRONG-CODE-1']),
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/refused the code \(unknown, used or expired\)/);
    expect(linkRows(db)).toEqual([]);
  });

  it('trades the code once; the next start streams on from the stored link alone', async () => {
    const db = join(dir, 'linked.sqlite');
    const code = region.addHall();
    const first = await startHub(
      CHECKOUT_CLI,
      demoServeArgs(db, ['--region', region.url, '--region-code', code]),
      { cwd: dir },
    );
    expect(first.output()).toMatch(/^Region +linked to http:\/\/127\.0\.0\.1:\d+ as 测试大厅/m);
    const linked = await linkOnceCaughtUp(first.url);
    expect(linked).toMatchObject({ state: 'caught_up', hallName: '测试大厅 Test hall' });
    expect(await first.stop()).toBe(0);
    const pairs = region.requests.filter((p) => p === '/api/link/pair').length;

    region.mode = 'fail';
    const second = await startHub(CHECKOUT_CLI, demoServeArgs(db), { cwd: dir });
    expect(second.output()).toMatch(/^Region +linked to http:\/\/127\.0\.0\.1:\d+ as 测试大厅/m);
    let down = (await health(second.url)).link;
    for (let i = 0; i < 100 && down.state !== 'offline'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      down = (await health(second.url)).link;
    }
    expect(down).toMatchObject({ state: 'offline', reason: expect.any(String) as string });
    region.mode = 'ok';
    await second.stop();
    expect(region.requests.filter((p) => p === '/api/link/pair')).toHaveLength(pairs);
    expect(linkRows(db)).toEqual([{ url: region.url, hall_id: 'hall-1' }]);
  });
});

/** The hub's `/api/health` link, polled until caught up (or the last seen after 10 s). */
async function linkOnceCaughtUp(url: string): Promise<HealthResponse['link']> {
  let link = (await health(url)).link;
  for (let i = 0; i < 200 && link.state !== 'caught_up'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    link = (await health(url)).link;
  }
  return link;
}
