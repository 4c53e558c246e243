import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HALL, DEMO_STAFF, Hub, readHallFile } from '@onestop/hub';
import { ensureBuilt } from './support/build.js';
import { ChildHub, killAllChildHubs } from './support/child-hub.js';
import { FakePlatform } from './support/fake-platform.js';
import { waitFor } from './support/hall.js';
import { serveAndRate } from './support/rated.js';

/*
 * 好差评 upload through a crash: the hub (`onestop-hub`, a child process) is killed with SIGKILL
 * while a record is at the platform, which has recorded it but not yet answered. After the
 * restart the outbox still holds it (`sending`), the hub sends it again with the same
 * idempotency key, the platform answers with the first receipt and records nothing more; the
 * record sent before the kill is not sent again. Nothing twice, nothing lost.
 */

const SECRET = 'hall-secret-kill';

let dir = '';
let platform: FakePlatform;

interface Row {
  kind: string;
  status: string;
  attempts: number;
  receipt: string | null;
}

function outboxOf(dbPath: string): Row[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare('SELECT kind, status, attempts, receipt FROM platform_outbox ORDER BY id')
      .all() as Row[];
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'onestop-upload-'));
  platform = await FakePlatform.start(SECRET);
});

afterEach(async () => {
  await killAllChildHubs();
});

afterAll(async () => {
  await platform.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the upload through a SIGKILL', () => {
  it('sends each record once though the hub is killed between the platform commit and its mark', async () => {
    const hallFile = join(dir, 'hall.json');
    writeFileSync(
      hallFile,
      JSON.stringify({
        ...DEMO_HALL,
        staff: DEMO_STAFF,
        platformUpload: {
          enabled: true,
          url: platform.url,
          platformId: 'HALL-330106',
          mapping: 'default',
        },
      }),
    );
    const dbPath = join(dir, 'hall.db');
    // Two ratings, made by the hub in this process: each written with its rating.
    const hub = Hub.open({ dbPath, config: readHallFile(hallFile).config });
    hub.rollDay();
    serveAndRate(hub, { score: 5 });
    serveAndRate(hub, { score: 1 });
    hub.close();
    expect(outboxOf(dbPath)).toEqual([
      { kind: 'rating', status: 'pending', attempts: 0, receipt: null },
      { kind: 'rating', status: 'pending', attempts: 0, receipt: null },
    ]);

    const start = () =>
      ChildHub.start({ dbPath, port: 0, hallFile, env: { ONESTOP_PLATFORM_SECRET: SECRET } });
    // The first is taken; the second is recorded by the platform, whose answer never comes.
    platform.script.push('accept', 'hold');
    const first = await start();
    await platform.requested(2);
    await waitFor(
      () => outboxOf(dbPath)[0]?.status === 'sent',
      15_000,
      'the first record marked sent',
    );
    expect(outboxOf(dbPath)).toEqual([
      { kind: 'rating', status: 'sent', attempts: 1, receipt: 'P-1' },
      { kind: 'rating', status: 'sending', attempts: 1, receipt: null },
    ]);
    await first.kill();

    const second = await start();
    const requests = await platform.requested(3);
    await waitFor(
      () => outboxOf(dbPath)[1]?.status === 'sent',
      15_000,
      'the second record marked sent after the restart',
    );
    expect(requests.map((r) => r.outcome)).toEqual(['recorded', 'recorded', 'duplicate']);
    expect(requests[2]?.key).toBe(requests[1]?.key);
    expect(requests[2]?.body).toEqual(requests[1]?.body);
    expect(outboxOf(dbPath)).toEqual([
      { kind: 'rating', status: 'sent', attempts: 1, receipt: 'P-1' },
      { kind: 'rating', status: 'sent', attempts: 2, receipt: 'P-2' },
    ]);
    expect(platform.records.size).toBe(2);
    await second.kill();
  });
});
