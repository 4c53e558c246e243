import { LINK_PATHS } from '@onestop/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from './db/pg.js';
import type { RegionDb } from './db/types.js';
import type { HallChange } from './live.js';
import { ingestBatch } from './store/ingest.js';
import { evs, pairedHall, startTestRegion, type TestRegion } from './testing/link-fixtures.js';
import { startPgCluster, type PgCluster } from './testing/pg-cluster.js';

/*
 * Two region instances on one PostgreSQL (as behind a load balancer): a batch committed
 * through one is news on the other, by LISTEN/NOTIFY.
 */

let cluster: PgCluster;
let dbA: RegionDb;
let dbB: RegionDb;
let a: TestRegion;
let b: TestRegion;

beforeAll(async () => {
  cluster = await startPgCluster();
  const url = await cluster.createDatabase();
  dbA = openPostgres(url, { max: 3 });
  dbB = openPostgres(url, { max: 3 });
  a = await startTestRegion(dbA);
  b = await startTestRegion(dbB);
}, 120_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await dbA?.close();
  await dbB?.close();
  await cluster?.stop();
});

const HISTORY = '5b2d8c1e-7f3a-4e6b-9c0d-1e2f3a4b5c6d';

/** The first change `region` hears that passes `test`. */
function next(t: TestRegion, test: (c: HallChange) => boolean): Promise<HallChange> {
  return new Promise((resolve) => {
    const stop = t.region.onHallChanged((change) => {
      if (!test(change)) return;
      stop();
      resolve(change);
    });
  });
}

describe('several region instances on one PostgreSQL', () => {
  it('tells instance B of a batch committed through instance A, and A too', async () => {
    await b.region.watchHalls();
    await a.region.watchHalls();
    const { hallId, token } = await pairedHall(a);
    const onB = next(b, (c) => c.hallId === hallId && c.seq === 4);
    const onA = next(a, (c) => c.hallId === hallId && c.seq === 4);
    const res = await a.post(
      LINK_PATHS.batch,
      { historyId: HISTORY, afterSeq: 0, events: evs(1, 4) },
      token,
    );
    expect(res.status).toBe(200);
    expect(await onB).toEqual({ hallId, historyId: HISTORY, seq: 4 });
    expect(await onA).toEqual({ hallId, historyId: HISTORY, seq: 4 });
    // What B is told, B can read: the batch is committed before the news.
    const held = await dbB.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM events WHERE hall_id = $1',
      [hallId],
    );
    expect(held.rows[0]?.n).toBe(4);
  });

  it('says nothing of a repeated batch, and ignores a notice that is not the region’s', async () => {
    const { token } = await pairedHall(a, '第二大厅');
    const heard: HallChange[] = [];
    const stop = b.region.onHallChanged((c) => heard.push(c));
    const send = () =>
      a.post(LINK_PATHS.batch, { historyId: HISTORY, afterSeq: 0, events: evs(1, 2) }, token);
    const first = next(b, (c) => c.seq === 2);
    expect((await send()).status).toBe(200);
    await first;
    expect((await send()).status).toBe(200);
    await dbA.query("SELECT pg_notify('onestop_hall_changed', 'not json')");
    await dbA.query(`SELECT pg_notify('onestop_hall_changed', '{"hallId":"x"}')`);
    // A later batch marks the end: everything before it has been heard by then.
    const last = next(b, (c) => c.seq === 3);
    expect(
      (
        await a.post(
          LINK_PATHS.batch,
          { historyId: HISTORY, afterSeq: 2, events: evs(3, 3) },
          token,
        )
      ).status,
    ).toBe(200);
    await last;
    stop();
    expect(heard.map((c) => c.seq)).toEqual([2, 3]);
  });

  it('sends no news of a batch rolled back: its NOTIFY goes with the COMMIT', async () => {
    await b.region.watchHalls();
    const { hallId, token } = await pairedHall(a, '第三大厅');
    const heard: HallChange[] = [];
    const stop = b.region.onHallChanged((c) => {
      if (c.hallId === hallId) heard.push(c);
    });
    // The batch's every statement runs, its NOTIFY included, then the transaction fails.
    const failing: RegionDb = {
      ...dbA,
      transaction: (fn) =>
        dbA.transaction(async (tx) => {
          await fn(tx);
          throw new Error('after the last statement');
        }),
    };
    await expect(
      ingestBatch(
        failing,
        hallId,
        { historyId: HISTORY, afterSeq: 0, events: evs(1, 2), notify: true },
        Date.now(),
      ),
    ).rejects.toThrow('after the last statement');
    // The same batch again, committed: its news is the only one.
    const last = next(b, (c) => c.hallId === hallId && c.seq === 2);
    const res = await a.post(
      LINK_PATHS.batch,
      { historyId: HISTORY, afterSeq: 0, events: evs(1, 2) },
      token,
    );
    expect(res.status).toBe(200);
    await last;
    // A later batch marks the end: everything before it has been heard by then.
    const end = next(b, (c) => c.hallId === hallId && c.seq === 3);
    await a.post(LINK_PATHS.batch, { historyId: HISTORY, afterSeq: 2, events: evs(3, 3) }, token);
    await end;
    stop();
    expect(heard.map((c) => c.seq)).toEqual([2, 3]);
  });
});
