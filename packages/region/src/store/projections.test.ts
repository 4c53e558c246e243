import { LINK_PATHS, type LinkEvent } from '@onestop/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../db/pg.js';
import type { RegionDb } from '../db/types.js';
import {
  T0,
  pairedHall,
  startTestRegion,
  ticketBody,
  type TestRegion,
} from '../testing/link-fixtures.js';
import { startPgCluster, type PgCluster } from '../testing/pg-cluster.js';

/*
 * The projections over hand-made batches: what one day folds to, that duplicates, replays and
 * overlaps change nothing, that a new history rebuilds the hall's projections from itself only,
 * and that an old branch's late batch is kept but not folded.
 */

let cluster: PgCluster;
let db: RegionDb;
let t: TestRegion;

beforeAll(async () => {
  cluster = await startPgCluster();
  db = openPostgres(await cluster.createDatabase(), { max: 6 });
  t = await startTestRegion(db);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await db?.close();
  await cluster?.stop();
});

const DAY = '2026-03-02';
const A1 = `${DAY}/H001`;
const A2 = `${DAY}/H002`;

/** The events of a short day, in the hall's order: seq n happens n minutes after T0. */
function day(): LinkEvent[] {
  const bodies: [string, Record<string, unknown>][] = [
    ['day_opened', { businessDay: DAY }],
    ['window_opened', { windowId: 'w1', staffCode: 'C1' }],
    ['ticket_issued', { ticket: ticketBody(A1, 'H001', T0 + 3 * 60_000) }],
    ['ticket_issued', { ticket: ticketBody(A2, 'H002', T0 + 4 * 60_000) }],
    ['ticket_called', { ticketId: A1, windowId: 'w1', staffCode: 'C1', serviceId: 'tax' }],
    ['service_started', { ticketId: A1, windowId: 'w1', serviceId: 'tax' }],
    ['service_finished', { ticketId: A1, windowId: 'w1', serviceId: 'tax', done: true }],
    [
      'rating_recorded',
      { ticketId: A1, rating: { score: 2, windowId: 'w1', serviceId: 'tax', reasons: [] } },
    ],
    [
      'complaint_opened',
      {
        complaint: {
          id: `${DAY}/C001`,
          ticketId: A1,
          windowId: 'w1',
          staffCode: 'C1',
          serviceId: 'tax',
          score: 2,
          reasons: ['slow'],
          openedAt: T0 + 9 * 60_000,
          deadlineAt: T0 + 15 * 86_400_000,
          status: 'open',
        },
      },
    ],
    ['ticket_called', { ticketId: A2, windowId: 'w1', staffCode: 'C1', serviceId: 'tax' }],
    ['ticket_no_show', { ticketId: A2, windowId: 'w1', reason: 'marked' }],
    ['day_closed', { businessDay: DAY, expiredTicketIds: [] }],
  ];
  return bodies.map(([type, body], i) => ({
    seq: i + 1,
    at: T0 + (i + 1) * 60_000,
    type,
    businessDay: DAY,
    ticketId: null,
    windowId: null,
    body,
  }));
}

const TABLES = [
  'hall_tickets',
  'hall_steps',
  'hall_windows',
  'hall_days',
  'hall_complaints',
  'day_rollups',
] as const;

/** Every projection row of the hall, in a fixed order. */
async function snapshot(hallId: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const r = await db.query(`SELECT * FROM ${table} WHERE hall_id = $1`, [hallId]);
    out[table] = r.rows.map((row) => JSON.stringify(row)).sort();
  }
  return out;
}

describe('the projections', () => {
  it('fold a day once: duplicates, replays and overlaps change nothing', async () => {
    const { hallId, token } = await pairedHall(t);
    const events = day();
    const send = (history: string, from: number, to: number) =>
      t.post(
        LINK_PATHS.batch,
        { historyId: history, afterSeq: from - 1, events: events.slice(from - 1, to) },
        token,
      );
    const H1 = 'history-one';
    expect((await send(H1, 1, 4)).status).toBe(200);
    expect((await send(H1, 5, 8)).status).toBe(200);
    expect((await send(H1, 9, 12)).status).toBe(200);
    const once = await snapshot(hallId);

    const report = await t.region.reportAcross({ from: DAY, to: DAY, groupBy: 'hall' });
    expect(report.ok && report.value.total).toMatchObject({
      issued: 2,
      served: 1,
      noShow: 1,
      rated: 1,
      avgScore: 2,
      satisfied: 0,
      complaints: 1,
      // A001 waited from its issue (3 min) to its call (5 min), A002 from 4 to 10 minutes.
      avgWaitMs: 4 * 60_000,
      p90WaitMs: 6 * 60_000,
      avgServiceMs: 60_000,
    });
    expect(once.day_rollups?.length).toBeGreaterThan(4);

    // Another hall gets the same day twice over, in overlapping batches, some at once: its
    // projections are the first hall's.
    const other = await pairedHall(t, '重放大厅');
    const sendOther = (from: number, to: number) =>
      t.post(
        LINK_PATHS.batch,
        { historyId: H1, afterSeq: from - 1, events: events.slice(from - 1, to) },
        other.token,
      );
    expect((await sendOther(1, 4)).status).toBe(200);
    expect((await sendOther(3, 8)).status).toBe(200);
    const again = await Promise.all([sendOther(5, 12), sendOther(1, 12), sendOther(6, 12)]);
    expect(again.map((a) => a.status)).toEqual([200, 200, 200]);
    expect((await sendOther(3, 7)).status).toBe(200);
    const strip = (snap: Record<string, unknown[]>, id: string) =>
      JSON.stringify(snap).replaceAll(id, 'HALL');
    expect(strip(await snapshot(other.hallId), other.hallId)).toBe(strip(once, hallId));
    const held = await db.query<{ n: number }>(
      'SELECT count(*)::integer AS n FROM events WHERE hall_id = $1',
      [other.hallId],
    );
    expect(held.rows[0]?.n).toBe(12);
    expect((await send(H1, 1, 12)).status).toBe(200);
    expect(await snapshot(hallId)).toEqual(once);

    // A new history (a restore): the hall's projections are its only, folded from its start.
    const H2 = 'history-two';
    expect((await send(H2, 1, 5)).status).toBe(200);
    const rebuilt = await snapshot(hallId);
    expect(rebuilt.hall_tickets).toHaveLength(2);
    expect(rebuilt.hall_steps).toHaveLength(1);
    expect(rebuilt.hall_complaints).toEqual([]);
    expect(rebuilt.day_rollups).toEqual([]);
    const now = await t.region.hallNow(hallId);
    expect(now).toMatchObject({ historyId: H2, dayOpen: true, waiting: 1, windowsOpen: 1 });

    // The old branch's late batch is held (for the audit) and folded into nothing.
    const late = await t.post(
      LINK_PATHS.batch,
      {
        historyId: H1,
        afterSeq: 12,
        events: [
          { ...events[2], seq: 13, body: { ticket: ticketBody(`${DAY}/H009`, 'H009', T0) } },
        ],
      },
      token,
    );
    expect(late.body).toEqual({ historyId: H1, ackedSeq: 13 });
    expect(await snapshot(hallId)).toEqual(rebuilt);
  });

  it('refuses a batch whose body lacks what the projections read, changing nothing', async () => {
    const { hallId, token } = await pairedHall(t, '第二大厅');
    const [opened] = day();
    const res = await t.post(
      LINK_PATHS.batch,
      {
        historyId: 'history-x',
        afterSeq: 0,
        events: [opened, { ...opened, seq: 2, type: 'ticket_called', body: { ticketId: A1 } }],
      },
      token,
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/event 2 \(ticket_called\): windowId/);
    const held = await db.query('SELECT seq FROM events WHERE hall_id = $1', [hallId]);
    expect(held.rows).toEqual([]);
  });

  it('refuses a report query that is not one, and lists complaints by deadline', async () => {
    expect(
      await t.region.reportAcross({ from: DAY, to: '2026-01-01', groupBy: 'hall' }),
    ).toMatchObject({ ok: false, refusal: { code: 'invalid_message' } });
    expect(await t.region.reportAcross({ from: DAY, to: DAY, groupBy: 'galaxy' })).toMatchObject({
      ok: false,
    });
    const { hallId, token } = await pairedHall(t, '第三大厅');
    const events = day().slice(0, 9);
    const sent = await t.post(
      LINK_PATHS.batch,
      { historyId: 'history-c', afterSeq: 0, events },
      token,
    );
    expect(sent.status).toBe(200);
    const ids = async (view: string): Promise<string[]> => {
      const answer = await t.region.complaints({ view, halls: [hallId] });
      if (!answer.ok) throw new Error(answer.refusal.message);
      return answer.value.map((c) => c.complaintId);
    };
    expect(await ids('open')).toEqual([`${DAY}/C001`]);
    expect(await ids('overdue')).toEqual([]);
    t.clock.now = T0 + 14 * 86_400_000;
    expect(await ids('due_soon')).toEqual([`${DAY}/C001`]);
    t.clock.now = T0 + 16 * 86_400_000;
    expect(await ids('overdue')).toEqual([`${DAY}/C001`]);
    expect((await t.region.hallNow(hallId))?.complaintsOverdue).toBe(1);
    expect(await t.region.complaints({ view: 'late' })).toMatchObject({ ok: false });
    t.clock.now = T0;
  });
});
