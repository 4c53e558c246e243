import {
  LINK_LIMITS,
  LINK_PATHS,
  LinkBatchResultSchema,
  LinkPairResultSchema,
  LinkPositionSchema,
  LinkRefusalSchema,
} from '@onestop/shared';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from './commands.js';
import { openPostgres } from './db/pg.js';
import type { RegionDb } from './db/types.js';
import { migrate } from './store/migrations/index.js';
import { eventPartitions } from './store/partitions.js';
import {
  T0,
  ev,
  evs,
  pairedHall,
  ticketBody,
  startTestRegion,
  type Answer,
  type TestRegion,
} from './testing/link-fixtures.js';
import { startPgCluster, type PgCluster } from './testing/pg-cluster.js';

let cluster: PgCluster;
/** A migrated database, copied for each test. */
let template: string;
let db: RegionDb;
let t: TestRegion;

beforeAll(async () => {
  cluster = await startPgCluster();
  template = await cluster.createDatabase();
  const first = openPostgres(template, { max: 1 });
  await migrate(first);
  await first.close();
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});
beforeEach(async () => {
  db = openPostgres(await cluster.createDatabase(template), { max: 6 });
  t = await startTestRegion(db);
});
afterEach(async () => {
  await t.close();
  await db.close();
});

const HISTORY = '7c1e2f70-3b1a-4c55-9a51-0d2b8f6e4a11';
const HISTORY_2 = 'a94c0b1e-55d3-4f0e-8c7a-2e61f0b3d922';

function refusal(res: Answer, status: number, code: string): { ackedSeq?: number | undefined } {
  expect(res.status).toBe(status);
  const { error } = LinkRefusalSchema.parse(res.body);
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(0);
  return error;
}

function acked(res: Answer, historyId: string, ackedSeq: number): void {
  expect(res.status).toBe(200);
  expect(LinkBatchResultSchema.parse(res.body)).toEqual({ historyId, ackedSeq });
}

/** Everything the region holds of the link, to show that something changed nothing. */
async function snapshot(): Promise<unknown> {
  const events = await db.query(
    `SELECT hall_id, history_id, seq, at, type, business_day::text AS day, ticket_id, window_id,
            body, received_at FROM events ORDER BY hall_id, history_id, seq`,
  );
  const histories = await db.query('SELECT * FROM hall_histories ORDER BY hall_id, history_id');
  const halls = await db.query('SELECT * FROM halls ORDER BY id');
  return { events: events.rows, histories: histories.rows, halls: halls.rows };
}

async function seqsHeld(hallId: string, historyId: string): Promise<number[]> {
  const r = await db.query<{ seq: number }>(
    'SELECT seq FROM events WHERE hall_id = $1 AND history_id = $2 ORDER BY seq',
    [hallId, historyId],
  );
  return r.rows.map((row) => row.seq);
}

const batch = (afterSeq: number, to: number, historyId = HISTORY): unknown => ({
  historyId,
  afterSeq,
  events: evs(afterSeq + 1, to),
});

describe('pairing a hall', () => {
  it('trades a one-time code for a token once; a wrong, used or expired code is refused', async () => {
    const hall = await t.region.addHall('  东城区政务服务中心 ');
    expect(hall.hallName).toBe('东城区政务服务中心');
    expect(hall.code).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    // The code and the token are kept only as hashes.
    const stored = JSON.stringify((await db.query('SELECT * FROM pairing_codes')).rows);
    expect(stored).not.toContain(hall.code);

    const badCode = async (code: string): Promise<void> => {
      refusal(await t.post(LINK_PATHS.pair, { code, hubVersion: '0.1.0' }), 401, 'bad_code');
    };
    await badCode('WRONG-CODE-0000');
    // Without dashes and in lower case it is the same code.
    const res = await t.post(LINK_PATHS.pair, {
      code: hall.code.replaceAll('-', '').toLowerCase(),
      hubVersion: '0.1.0',
    });
    expect(res.status).toBe(200);
    const paired = LinkPairResultSchema.parse(res.body);
    expect(paired).toMatchObject({ hallId: hall.hallId, hallName: '东城区政务服务中心' });
    const halls = JSON.stringify((await db.query('SELECT * FROM halls')).rows);
    expect(halls).not.toContain(paired.token);

    await badCode(hall.code);

    t.clock.now += 1;
    const late = await t.region.addHall('西城区');
    t.clock.now += 24 * 60 * 60 * 1000 + 1;
    await badCode(late.code);

    t.clock.now += 1;
    const revoked = await t.region.addHall('南城区');
    expect(await t.region.revokeHall(revoked.hallId)).toBe(true);
    await badCode(revoked.code);
    expect(await t.region.revokeHall('H-NOSUCHHALL')).toBe(false);

    const list = await t.region.listHalls();
    expect(list.map((h) => [h.name, h.pairedAt !== null, h.revokedAt !== null])).toEqual([
      ['东城区政务服务中心', true, false],
      ['西城区', false, false],
      ['南城区', false, true],
    ]);
  });

  it('refuses a malformed pairing request and a name it cannot keep', async () => {
    refusal(
      await t.post(LINK_PATHS.pair, { code: 'ABCD-EFGH-JKLM', hubVersion: '0.1.0', extra: 1 }),
      400,
      'invalid_message',
    );
    refusal(
      await t.post(LINK_PATHS.pair, { code: 'short', hubVersion: '0.1.0' }),
      400,
      'invalid_message',
    );
    refusal(
      await t.postRaw(LINK_PATHS.pair, '{"code":', 'application/json'),
      400,
      'invalid_message',
    );
    await expect(t.region.addHall('')).rejects.toThrow(RangeError);
    await expect(t.region.addHall('a\u0007b')).rejects.toThrow(RangeError);
  });

  it('limits pairing attempts per address', async () => {
    const limited = await startTestRegion(db, { pairPerMinute: 2 });
    try {
      const wrong = { code: 'WRONG-CODE-0000', hubVersion: '0.1.0' };
      refusal(await limited.post(LINK_PATHS.pair, wrong), 401, 'bad_code');
      refusal(await limited.post(LINK_PATHS.pair, wrong), 401, 'bad_code');
      refusal(await limited.post(LINK_PATHS.pair, wrong), 429, 'rate_limited');
    } finally {
      await limited.close();
    }
  });

  it('answers a refusal in the one error shape of the HTTP rules, with the security headers', async () => {
    const res = await fetch(`${t.url}${LINK_PATHS.pair}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'WRONG-CODE-0000', hubVersion: '0.1.0' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      error: {
        code: 'bad_code',
        message: 'the code is unknown, used, expired or its hall revoked',
      },
    });
  });
});

describe('the link', () => {
  it('wants a known, unrevoked token', async () => {
    const { hallId, token } = await pairedHall(t);
    refusal(await t.post(LINK_PATHS.batch, batch(0, 1)), 401, 'bad_token');
    refusal(await t.post(LINK_PATHS.batch, batch(0, 1), `${token}x`), 401, 'bad_token');
    refusal(
      await t.get(`${LINK_PATHS.position}?history=${HISTORY}`, 'not a token'),
      401,
      'bad_token',
    );
    acked(await t.post(LINK_PATHS.batch, batch(0, 1), token), HISTORY, 1);
    await t.region.revokeHall(hallId);
    refusal(await t.post(LINK_PATHS.batch, batch(1, 2), token), 401, 'revoked');
    refusal(await t.get(`${LINK_PATHS.position}?history=${HISTORY}`, token), 401, 'revoked');
    expect(await seqsHeld(hallId, HISTORY)).toEqual([1]);
  });

  it('takes batches in order, each answered after its commit', async () => {
    const { hallId, token } = await pairedHall(t);
    const position = async (): Promise<unknown> => {
      const res = await t.get(`${LINK_PATHS.position}?history=${HISTORY}`, token);
      expect(res.status).toBe(200);
      return LinkPositionSchema.parse(res.body);
    };
    expect(await position()).toEqual({ historyId: HISTORY, ackedSeq: 0 });
    acked(await t.post(LINK_PATHS.batch, batch(0, 3), token), HISTORY, 3);
    acked(await t.post(LINK_PATHS.batch, batch(3, 6), token), HISTORY, 6);
    expect(await position()).toEqual({ historyId: HISTORY, ackedSeq: 6 });
    expect(await seqsHeld(hallId, HISTORY)).toEqual([1, 2, 3, 4, 5, 6]);

    const row = await db.query(
      `SELECT at, type, business_day::text AS day, ticket_id, window_id, body
         FROM events WHERE hall_id = $1 AND seq = 2`,
      [hallId],
    );
    expect(row.rows).toEqual([
      {
        at: new Date(T0 + 2000),
        type: 'ticket_issued',
        day: '2026-03-02',
        ticket_id: '2026-03-02/A002',
        window_id: null,
        body: { ticket: ticketBody('2026-03-02/A002', 'A002', T0 + 2000) },
      },
    ]);
    const [hall] = await t.region.listHalls();
    expect(hall).toMatchObject({ historyId: HISTORY, ackedSeq: 6, lastSeenAt: new Date(T0) });
  });

  it('changes nothing for a duplicate batch, even three at once, and takes the new part of an overlapping one', async () => {
    const { hallId, token } = await pairedHall(t);
    // The same first batch of a new history three times at once, for a few histories: the
    // racing transactions take turns and each is answered with the one position.
    for (const history of ['race-1', 'race-2', 'race-3', HISTORY]) {
      const answers = await Promise.all(
        [1, 2, 3].map(() => t.post(LINK_PATHS.batch, batch(0, 4, history), token)),
      );
      for (const a of answers) acked(a, history, 4);
      expect(await seqsHeld(hallId, history)).toEqual([1, 2, 3, 4]);
    }
    const current = await db.query('SELECT history_id FROM hall_histories WHERE is_current');
    expect(current.rows).toEqual([{ history_id: HISTORY }]);
    t.clock.now += 60_000;
    const before = await snapshot();
    acked(await t.post(LINK_PATHS.batch, batch(0, 4), token), HISTORY, 4);
    acked(await t.post(LINK_PATHS.batch, batch(2, 3), token), HISTORY, 4);
    expect(await snapshot()).toEqual(before);

    acked(await t.post(LINK_PATHS.batch, batch(2, 7), token), HISTORY, 7);
    expect(await seqsHeld(hallId, HISTORY)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses a gap with its position and writes nothing', async () => {
    const { hallId, token } = await pairedHall(t);
    acked(await t.post(LINK_PATHS.batch, batch(0, 3), token), HISTORY, 3);
    const before = await snapshot();
    expect(refusal(await t.post(LINK_PATHS.batch, batch(5, 8), token), 409, 'gap').ackedSeq).toBe(
      3,
    );
    // A history the region has not seen starts at 0.
    expect(
      refusal(await t.post(LINK_PATHS.batch, batch(2, 4, HISTORY_2), token), 409, 'gap').ackedSeq,
    ).toBe(0);
    expect(await snapshot()).toEqual(before);
    acked(await t.post(LINK_PATHS.batch, batch(3, 8), token), HISTORY, 8);
    expect(await seqsHeld(hallId, HISTORY)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('begins a new history at 0 as the hall current one and keeps the old branch', async () => {
    const { hallId, token } = await pairedHall(t);
    const other = await pairedHall(t, '另一个大厅');
    acked(await t.post(LINK_PATHS.batch, batch(0, 5), token), HISTORY, 5);
    acked(await t.post(LINK_PATHS.batch, batch(0, 2), other.token), HISTORY, 2);
    // The hall was restored from a backup: the same sequence numbers again, other content.
    acked(await t.post(LINK_PATHS.batch, batch(0, 3, HISTORY_2), token), HISTORY_2, 3);
    expect(await seqsHeld(hallId, HISTORY)).toEqual([1, 2, 3, 4, 5]);
    expect(await seqsHeld(hallId, HISTORY_2)).toEqual([1, 2, 3]);
    expect(await seqsHeld(other.hallId, HISTORY)).toEqual([1, 2]);
    const current = await db.query(
      'SELECT hall_id, history_id, acked_seq FROM hall_histories WHERE is_current ORDER BY hall_id',
    );
    expect(current.rows).toEqual(
      [
        { hall_id: hallId, history_id: HISTORY_2, acked_seq: 3 },
        { hall_id: other.hallId, history_id: HISTORY, acked_seq: 2 },
      ].sort((a, b) => a.hall_id.localeCompare(b.hall_id)),
    );
    // The old branch still answers its position (the hub never goes back to it, the audit may).
    const old = await t.get(`${LINK_PATHS.position}?history=${HISTORY}`, token);
    expect(LinkPositionSchema.parse(old.body)).toEqual({ historyId: HISTORY, ackedSeq: 5 });
  });

  it('refuses malformed bodies with a clear message and changes nothing', async () => {
    const { token } = await pairedHall(t);
    acked(await t.post(LINK_PATHS.batch, batch(0, 2), token), HISTORY, 2);
    const before = await snapshot();
    const bad = async (body: unknown, pattern: RegExp): Promise<void> => {
      const res = await t.post(LINK_PATHS.batch, body, token);
      refusal(res, 400, 'invalid_message');
      expect(LinkRefusalSchema.parse(res.body).error.message).toMatch(pattern);
    };
    await bad({ ...(batch(2, 3) as object), extra: true }, /extra/);
    await bad({ historyId: HISTORY, afterSeq: 2, events: [{ ...ev(3), secret: 'x' }] }, /secret/);
    await bad({ historyId: HISTORY, afterSeq: 2, events: [ev(4), ev(3)] }, /in order/);
    await bad({ historyId: HISTORY, afterSeq: 2, events: [ev(3), ev(3)] }, /in order/);
    await bad({ historyId: HISTORY, afterSeq: 2, events: [] }, /events/);
    await bad(batch(2, 2 + LINK_LIMITS.maxBatchEvents + 1), /events/);
    await bad({ historyId: 'no/slash', afterSeq: 2, events: evs(3, 3) }, /historyId/);
    await bad({ historyId: HISTORY, afterSeq: -1, events: [ev(0)] }, /afterSeq|seq/);
    await bad(
      { historyId: HISTORY, afterSeq: 2, events: [ev(3, { businessDay: '2026-02-30' })] },
      /not a date/,
    );
    await bad(
      { historyId: HISTORY, afterSeq: 2, events: [ev(3, { at: Date.UTC(1999, 11, 31) })] },
      /2000/,
    );
    await bad(
      { historyId: HISTORY, afterSeq: 2, events: [ev(3, { body: { note: 'a\u0000b' } })] },
      /NUL/,
    );
    await bad(
      { historyId: HISTORY, afterSeq: 2, events: [ev(3, { body: { note: '\uD800' } })] },
      /surrogate/,
    );
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = [deep];
    await bad({ historyId: HISTORY, afterSeq: 2, events: [ev(3, { body: { deep } })] }, /deeper/);
    // Not JSON, a poisoned prototype (400); plain text, XML: not sent as JSON, not read (415).
    const raws: [string, string, number][] = [
      ['{"historyId":', 'application/json', 400],
      ['{"__proto__":{"x":1}}', 'application/json', 400],
      ['historyId=x', 'text/plain', 415],
      ['<batch/>', 'application/xml', 415],
    ];
    for (const [raw, type, status] of raws) {
      refusal(await t.postRaw(LINK_PATHS.batch, raw, type, token), status, 'invalid_message');
    }
    refusal(await t.get(`${LINK_PATHS.position}?history=a/b`, token), 400, 'invalid_message');
    refusal(
      await t.get(`${LINK_PATHS.position}?history=${HISTORY}&x=1`, token),
      400,
      'invalid_message',
    );

    // Larger than a batch may be: refused before it is read in full.
    const big = {
      historyId: HISTORY,
      afterSeq: 2,
      events: [ev(3, { body: { note: 'x'.repeat(LINK_LIMITS.maxBatchBytes) } })],
    };
    refusal(await t.post(LINK_PATHS.batch, big, token), 413, 'message_too_large');

    expect(await snapshot()).toEqual(before);
  });

  it('makes a month partition on demand, across a month end', async () => {
    const { hallId, token } = await pairedHall(t);
    const endOfMarch = Date.UTC(2026, 2, 31, 23, 59, 59, 999);
    const body = {
      historyId: HISTORY,
      afterSeq: 0,
      events: [
        ev(1, { at: endOfMarch, businessDay: '2026-04-01' }),
        ev(2, { at: endOfMarch + 1, businessDay: '2026-04-01' }),
        ev(3, { at: Date.UTC(2026, 4, 1, 8) }),
      ],
    };
    acked(await t.post(LINK_PATHS.batch, body, token), HISTORY, 3);
    expect(await eventPartitions(db)).toEqual([
      'events_y2026m03',
      'events_y2026m04',
      'events_y2026m05',
    ]);
    const where = await db.query<{ seq: number; part: string }>(
      'SELECT seq, tableoid::regclass::text AS part FROM events WHERE hall_id = $1 ORDER BY seq',
      [hallId],
    );
    expect(where.rows).toEqual([
      { seq: 1, part: 'events_y2026m03' },
      { seq: 2, part: 'events_y2026m04' },
      { seq: 3, part: 'events_y2026m05' },
    ]);
  });

  it('serves from the command: the months ahead made, its health answered, stopped cleanly', async () => {
    const url = await cluster.createDatabase(template);
    const lines: string[] = [];
    const serving = await runCommand(
      {
        kind: 'serve',
        store: { kind: 'postgres', url: url.replace('postgres@', 'postgres:secret@') },
        port: 0,
        host: '127.0.0.1',
        log: false,
      },
      { out: (l) => lines.push(l), err: (l) => lines.push(l), now: () => Date.UTC(2026, 11, 20) },
    );
    if (typeof serving === 'number') throw new Error(`serve exited with ${serving}`);
    try {
      expect(lines.join('\n')).toContain('postgres:***@127.0.0.1');
      expect(lines.join('\n')).not.toContain('secret');
      const health = await fetch(`${serving.url}/api/health`);
      expect(await health.json()).toEqual({ ok: true, version: '0.1.0', engine: 'postgres' });
      const other = openPostgres(url, { max: 1 });
      try {
        expect(await eventPartitions(other)).toEqual(['events_y2026m12', 'events_y2027m01']);
      } finally {
        await other.close();
      }
    } finally {
      await serving.close();
    }
    await expect(fetch(`${serving.url}/api/health`)).rejects.toThrow();
  });

  it('answers its health', async () => {
    const res = await t.get('/api/health');
    expect(res).toEqual({ status: 200, body: { ok: true, version: '0.1.0', engine: 'postgres' } });
  });
});
