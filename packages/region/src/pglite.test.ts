import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINK_PATHS, LinkPairResultSchema, LinkRefusalSchema } from '@onestop/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandErrorMessage, runCommand } from './commands.js';
import { lockDataDir } from './db/data-lock.js';
import { openStore } from './db/open.js';
import type { RegionDb } from './db/types.js';
import { evs, startTestRegion, type TestRegion } from './testing/link-fixtures.js';

/**
 * The same ingest path on the embedded PostgreSQL (PGlite, `--data DIR`), through the CLI's
 * commands and the HTTP link: one database for the file (PGlite takes seconds to start).
 */
let dir: string;
let db: RegionDb;
let t: TestRegion;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onestop-region-pglite-'));
  db = await openStore({ kind: 'pglite', dir });
  t = await startTestRegion(db);
}, 180_000);
afterAll(async () => {
  await t?.close();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const HISTORY = '3f0d5c9e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';

describe('the region on PGlite', () => {
  it('adds a hall by the command, pairs it and takes its batches once each', async () => {
    const lines: string[] = [];
    const io = {
      out: (l: string) => lines.push(l),
      err: (l: string) => lines.push(`ERR ${l}`),
      // The command uses the open database; closing is this file's.
      open: () => Promise.resolve<RegionDb>({ ...db, close: () => Promise.resolve() }),
      now: () => t.clock.now,
    };
    const store = { kind: 'pglite', dir } as const;
    expect(await runCommand({ kind: 'add-hall', store, name: '朝阳区政务服务中心' }, io)).toBe(0);
    const code = /One-time code\s+(\S+)/.exec(lines.join('\n'))?.[1] ?? '';
    const paired = await t.post(LINK_PATHS.pair, { code, hubVersion: '0.1.0' });
    expect(paired.status).toBe(200);
    const { hallId, token } = LinkPairResultSchema.parse(paired.body);
    // One instance: the news of a committed batch is told locally.
    const changes: unknown[] = [];
    const stop = t.region.onHallChanged((change) => changes.push(change));

    const send = (afterSeq: number, to: number) =>
      t.post(
        LINK_PATHS.batch,
        { historyId: HISTORY, afterSeq, events: evs(afterSeq + 1, to) },
        token,
      );
    expect((await send(0, 3)).body).toEqual({ historyId: HISTORY, ackedSeq: 3 });
    expect((await send(0, 3)).body).toEqual({ historyId: HISTORY, ackedSeq: 3 });
    expect((await send(2, 5)).body).toEqual({ historyId: HISTORY, ackedSeq: 5 });
    stop();
    // A repeat committed nothing new: no news of it.
    expect(changes).toEqual([
      { hallId, historyId: HISTORY, seq: 3 },
      { hallId, historyId: HISTORY, seq: 5 },
    ]);
    const gap = await send(7, 8);
    expect(gap.status).toBe(409);
    expect(LinkRefusalSchema.parse(gap.body).error).toMatchObject({ code: 'gap', ackedSeq: 5 });
    const held = await db.query<{ seq: number }>(
      'SELECT seq FROM events WHERE hall_id = $1 ORDER BY seq',
      [hallId],
    );
    expect(held.rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    // The same projections and figures: five tickets issued (of a day the hall has not opened).
    const report = await t.region.reportAcross({
      from: '2026-03-02',
      to: '2026-03-02',
      groupBy: 'service',
    });
    expect(report.ok && report.value.rows.map((r) => [r.key, r.issued, r.served])).toEqual([
      ['tax', 5, 0],
    ]);
    expect(await t.region.hallNow(hallId)).toMatchObject({
      ackedSeq: 5,
      businessDay: null,
      waiting: 0,
    });

    lines.length = 0;
    expect(await runCommand({ kind: 'list-halls', store }, io)).toBe(0);
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`^${hallId}  朝阳区政务服务中心  .*seq 5 of history ${HISTORY}`),
      ),
    ]);
    expect(await runCommand({ kind: 'revoke-hall', store, hallId }, io)).toBe(0);
    expect((await send(5, 6)).status).toBe(401);
    expect(await runCommand({ kind: 'revoke-hall', store, hallId: 'H-NONE' }, io)).toBe(1);
    expect(lines.at(-1)).toMatch(/^ERR .*no hall H-NONE/);
  });

  it('keeps a second process out of its folder while open', () => {
    expect(existsSync(join(dir, 'pg'))).toBe(true);
    let err: unknown;
    try {
      lockDataDir(dir);
    } catch (e) {
      err = e;
    }
    expect(commandErrorMessage(err)).toMatch(/in use by process \d+/);
  });
});
