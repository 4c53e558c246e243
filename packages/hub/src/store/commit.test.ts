import { copyFileSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { SequencedEvent } from '@onestop/shared';
import { thrown } from '@onestop/shared/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ISSUED_TICKET, Store, StoreError } from './index.js';
import {
  DAY,
  T0,
  commitInput,
  complaint,
  ev,
  hallConfig,
  issueTickets,
  openDay,
  tempDir,
  ticket,
  windowState,
  type TempDir,
} from './test-helpers.js';

let tmp: TempDir;
let path: string;
let store: Store;
let clock: number;

beforeEach(() => {
  tmp = tempDir();
  path = tmp.file('hall.sqlite');
  clock = T0;
  store = Store.open(path, { now: () => clock });
});
afterEach(() => {
  store.close();
  tmp.remove();
});

/** A second connection, as a report or the sqlite3 shell would have. */
function reader<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('commit', () => {
  it('appends the events in order, numbered, with their actor, day, ticket and window', () => {
    const t = ticket();
    const first = store.commit(commitInput({ events: [ev.dayOpened()], day: openDay() }));
    const second = store.commit(
      commitInput({
        commandId: 'c-1',
        actor: { kind: 'staff', staffCode: '0042', deviceId: 'wt1' },
        actorKey: 'staff:0042',
        events: [ev.windowOpened('w1', T0 + 1), ev.issued(t), ev.called(t.id, 'w1', T0 + 2)],
        tickets: [{ ...t, status: 'called', windowId: 'w1', calledAt: T0 + 2 }],
        windows: [windowState({ currentTicketId: t.id })],
      }),
    );
    expect(first.map((e) => e.seq)).toEqual([1]);
    expect(second.map((e) => [e.seq, e.type])).toEqual([
      [2, 'window_opened'],
      [3, 'ticket_issued'],
      [4, 'ticket_called'],
    ]);
    expect(second[2]).toEqual({ ...ev.called(t.id, 'w1', T0 + 2), seq: 4 });

    const rows = reader((db) =>
      db
        .prepare(
          'SELECT seq, at, type, business_day, ticket_id, window_id, actor, command_id FROM events ORDER BY seq',
        )
        .all(),
    );
    expect(rows).toEqual([
      {
        seq: 1,
        at: T0,
        type: 'day_opened',
        business_day: DAY,
        ticket_id: null,
        window_id: null,
        actor: JSON.stringify({ kind: 'device', deviceId: 'k1', deviceKind: 'kiosk' }),
        command_id: null,
      },
      expect.objectContaining({ seq: 2, business_day: DAY, ticket_id: null, window_id: 'w1' }),
      expect.objectContaining({ seq: 3, business_day: DAY, ticket_id: t.id, window_id: null }),
      {
        seq: 4,
        at: T0 + 2,
        type: 'ticket_called',
        business_day: DAY,
        ticket_id: t.id,
        window_id: 'w1',
        actor: JSON.stringify({ kind: 'staff', staffCode: '0042', deviceId: 'wt1' }),
        command_id: 'c-1',
      },
    ]);
    expect(store.lastSeq()).toBe(4);
    expect(store.facts()).toMatchObject({ events: 4, lastSeq: 4 });
  });

  it('stamps events before any opened day with no business day, and keeps the day across openings', () => {
    store.commit(commitInput({ events: [ev.windowOpened()] }));
    store.commit(commitInput({ events: [ev.dayOpened('2025-03-04')] }));
    store.close();
    store = Store.open(path);
    store.commit(commitInput({ events: [ev.windowOpened('w2')] }));
    const days = reader((db) =>
      db.prepare<[], string | null>('SELECT business_day FROM events ORDER BY seq').pluck().all(),
    );
    expect(days).toEqual([null, '2025-03-04', '2025-03-04']);
  });

  it('upserts the projections: tickets, windows, the day and complaints', () => {
    const t = ticket();
    store.commit(
      commitInput({
        events: [ev.dayOpened(), ev.issued(t)],
        tickets: [t],
        day: openDay(),
      }),
    );
    const served = {
      ...t,
      status: 'done' as const,
      windowId: 'w1',
      staffCode: '0042',
      callReason: 'fifo' as const,
      calledAt: T0 + 10,
      startedAt: T0 + 20,
      finishedAt: T0 + 30,
      recallCount: 1,
      rating: {
        score: 1 as const,
        reasons: ['slow'],
        at: T0 + 40,
        windowId: 'w1',
        staffCode: '0042',
        serviceId: 'svc-a',
      },
    };
    const c = complaint();
    store.commit(
      commitInput({
        events: [ev.complaintOpened(c)],
        tickets: [served],
        windows: [windowState({ status: 'paused', pauseReason: 'break' })],
        day: { ...openDay(), status: 'closed', closedAt: T0 + 99 },
        complaints: [c],
      }),
    );
    store.commit(commitInput({ complaints: [{ ...c, status: 'closed' }] }));

    reader((db) => {
      expect(db.prepare('SELECT * FROM tickets').all()).toEqual([
        {
          id: t.id,
          business_day: DAY,
          number: 'A001',
          service_id: 'svc-a',
          class: 'normal',
          status: 'done',
          issued_at: T0,
          called_at: T0 + 10,
          started_at: T0 + 20,
          finished_at: T0 + 30,
          window_id: 'w1',
          staff_code: '0042',
          call_reason: 'fifo',
          recall_count: 1,
          rating_score: 1,
          body: JSON.stringify(served),
        },
      ]);
      expect(db.prepare('SELECT window_id, status, body FROM window_states').all()).toEqual([
        {
          window_id: 'w1',
          status: 'paused',
          body: JSON.stringify(windowState({ status: 'paused', pauseReason: 'break' })),
        },
      ]);
      expect(db.prepare('SELECT * FROM days').all()).toEqual([
        { business_day: DAY, status: 'closed', opened_at: T0, closed_at: T0 + 99 },
      ]);
      expect(db.prepare('SELECT id, ticket_id, status, deadline_at FROM complaints').all()).toEqual(
        [{ id: 'c1', ticket_id: t.id, status: 'closed', deadline_at: c.deadlineAt }],
      );
    });
    // The complaint event's refs come from the complaint it carries.
    expect(
      reader((db) => db.prepare('SELECT ticket_id, window_id FROM events WHERE seq = 3').get()),
    ).toEqual({ ticket_id: t.id, window_id: 'w1' });
  });

  it('is atomic: when a projection write fails, no event and no result are kept', () => {
    const [a1] = issueTickets(store, 1);
    if (!a1) throw new Error('no ticket');
    const before = store.lastSeq();
    // Another ticket with the same number on the same day: its id is not its day and number, which
    // the tickets' CHECK refuses (a number is never reused in a day).
    const clash = ticket({ id: 'other-id', number: 'A001' });
    const error = thrown(() =>
      store.commit(
        commitInput({
          commandId: 'clash',
          events: [ev.issued(clash), ev.called(clash.id)],
          tickets: [{ ...a1, status: 'called' }, clash],
          result: 'never',
        }),
      ),
    );
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'write_failed' });
    expect(store.lastSeq()).toBe(before);
    expect(store.facts().events).toBe(before);
    expect(store.eventsAfter(before, 10)).toEqual([]);
    expect(store.commandResult('device:k1', 'clash')).toBeNull();
    reader((db) => {
      expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(before);
      expect(db.prepare('SELECT status FROM tickets').pluck().all()).toEqual(['waiting']);
    });
    // And the store goes on working.
    expect(store.commit(commitInput({ events: [ev.windowOpened()] }))[0]?.seq).toBe(before + 1);
  });

  it('refuses a command id it already holds a result for, writing nothing', () => {
    store.commit(commitInput({ commandId: 'x', events: [ev.windowOpened()], result: 1 }));
    const error = thrown(() =>
      store.commit(commitInput({ commandId: 'x', events: [ev.windowOpened()], result: 2 })),
    );
    expect(error).toMatchObject({ code: 'duplicate_command' });
    expect(store.lastSeq()).toBe(1);
    expect(store.commandResult('device:k1', 'x')).toEqual({ result: 1, seqTo: 1 });
  });

  it('writes an issued ticket once as issued (its event, its row); a later command of the same group that calls it writes the row again', () => {
    store.commit(commitInput({ events: [ev.dayOpened()], day: openDay() }));
    const a = ticket();
    const b = ticket({ number: 'A002', arrivalIndex: 1 });
    const calledB = { ...b, status: 'called' as const, windowId: 'w1', calledAt: T0 + 2 };
    store.commitMany([
      commitInput({ events: [ev.issued(a)], tickets: [a] }),
      commitInput({ events: [ev.issued(b)], tickets: [calledB] }),
      commitInput({ events: [ev.called(b.id, 'w1', T0 + 2)], tickets: [calledB] }),
    ]);
    reader((db) => {
      const bodies = db
        .prepare<[], string>(`SELECT body FROM events WHERE type = 'ticket_issued' ORDER BY seq`)
        .pluck()
        .all()
        .map((body) => JSON.parse(body) as unknown);
      expect(bodies).toEqual([ev.issued(a), ev.issued(b)]);
      const rows = db
        .prepare<[], { id: string; status: string; body: string }>(
          'SELECT id, status, body FROM tickets ORDER BY id',
        )
        .all();
      expect(rows.map((r) => [r.id, r.status, JSON.parse(r.body) as unknown])).toEqual([
        [a.id, 'waiting', a],
        [b.id, 'called', calledB],
      ]);
      // The row of a ticket issued alone is its JSON, byte for byte.
      expect(rows[0]?.body).toBe(JSON.stringify(a));
    });
    expect(store.currentDayEvents().map((e) => e.type)).toEqual([
      'day_opened',
      'ticket_issued',
      'ticket_issued',
      'ticket_called',
    ]);
  });

  it('is not run inside another transaction', () => {
    const error = thrown(() =>
      store.transaction(() => store.commit(commitInput({ events: [ev.windowOpened()] }))),
    );
    expect(error).toMatchObject({ code: 'write_failed' });
    expect(store.lastSeq()).toBe(0);
  });
});

describe('the event log', () => {
  it('is append-only: UPDATE and DELETE are refused by the database itself', () => {
    issueTickets(store, 2);
    reader((db) => {
      expect(() => db.prepare('UPDATE events SET type = ? WHERE seq = 1').run('forged')).toThrow(
        /append-only/,
      );
      expect(() => db.prepare('DELETE FROM events WHERE seq = ?').run(2)).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
      expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(2);
    });
  });

  it('numbers events one above the largest, gapless, with no counter of its own', () => {
    issueTickets(store, 3);
    // A group the disk refused (here: a ticket whose id is not its day and number) uses none.
    const clash = ticket({ id: 'other-id', number: 'A004' });
    const error = thrown(() =>
      store.commitMany([
        commitInput({ events: [ev.windowOpened()] }),
        commitInput({ events: [ev.issued(clash)], tickets: [clash] }),
      ]),
    );
    expect(error).toMatchObject({ code: 'write_failed' });
    store.close();
    store = Store.open(path);
    expect(store.commit(commitInput({ events: [ev.windowOpened()] }))[0]?.seq).toBe(4);
    reader((db) => {
      // No AUTOINCREMENT: nothing in sqlite_sequence is written with each event.
      const counters = db
        .prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'`)
        .pluck()
        .get() as number;
      if (counters > 0) {
        expect(db.prepare(`SELECT name FROM sqlite_sequence`).pluck().all()).not.toContain(
          'events',
        );
      }
      expect(db.prepare('SELECT seq FROM events ORDER BY seq').pluck().all()).toEqual([1, 2, 3, 4]);
      // The largest is never taken away, so its number is never given again.
      expect(() => db.prepare('DELETE FROM events WHERE seq = 4').run()).toThrow(/append-only/);
    });
  });

  it('pages with eventsAfter, oldest first', () => {
    const tickets = issueTickets(store, 5);
    expect(store.eventsAfter(0, 2).map((e) => e.seq)).toEqual([1, 2]);
    expect(store.eventsAfter(2, 10).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(store.eventsAfter(5, 10)).toEqual([]);
    const third = store.eventsAfter(2, 1)[0];
    expect(third).toEqual({ ...ev.issued(tickets[2] ?? ticket()), seq: 3 });
    expect(() => store.eventsAfter(0, 0)).toThrow(RangeError);
  });

  it('gives the events from the latest day_opened on', () => {
    expect(store.currentDayEvents()).toEqual([]);
    store.commit(commitInput({ events: [ev.windowOpened()] }));
    expect(store.currentDayEvents()).toEqual([]);
    store.commit(commitInput({ events: [ev.dayOpened('2025-03-03')] }));
    issueTickets(store, 2);
    store.commit(commitInput({ events: [ev.dayClosed('2025-03-03')] }));
    expect(store.currentDayEvents().map((e) => e.type)).toEqual([
      'day_opened',
      'ticket_issued',
      'ticket_issued',
      'day_closed',
    ]);
    store.commit(commitInput({ events: [ev.dayOpened('2025-03-04', T0 + 86_400_000)] }));
    issueTickets(store, 1, 10);
    const today: SequencedEvent[] = store.currentDayEvents();
    expect(today.map((e) => [e.seq, e.type])).toEqual([
      [6, 'day_opened'],
      [7, 'ticket_issued'],
    ]);
    store.close();
    store = Store.open(path);
    expect(store.currentDayEvents()).toEqual(today);
  });
});

describe('command results', () => {
  it('returns the first result of a command to its retry, per actor', () => {
    store.commit(commitInput({ events: [ev.windowOpened()] }));
    const result = { ticketId: `${DAY}/A001`, number: 'A001', ahead: 3 };
    store.commit(
      commitInput({
        commandId: 'cmd-1',
        actorKey: 'device:k1',
        events: [ev.issued(ticket()), ev.windowOpened('w2')],
        tickets: [ticket()],
        result,
      }),
    );
    expect(store.commandResult('device:k1', 'cmd-1')).toEqual({ result, seqTo: 3 });
    expect(store.commandResult('device:k2', 'cmd-1')).toBeNull();
    expect(store.commandResult('device:k1', 'cmd-2')).toBeNull();
    store.close();
    store = Store.open(path);
    expect(store.commandResult('device:k1', 'cmd-1')).toEqual({ result, seqTo: 3 });
  });

  it("keeps an issue's result without its ticket, and gives a retry the ticket as issued", () => {
    store.commit(commitInput({ events: [ev.dayOpened()] }));
    const t = ticket();
    const answer = { ticket: t, window: null, businessDay: DAY };
    store.commit(
      commitInput({
        commandId: 'issue-a',
        events: [ev.issued(t)],
        tickets: [t],
        result: answer,
        resultJson: JSON.stringify({ ...answer, ticket: ISSUED_TICKET }),
      }),
    );
    // The ticket is called since: its row changes, the retry's answer does not.
    const called = { ...t, status: 'called' as const, windowId: 'w1', calledAt: T0 + 5 };
    store.commit(commitInput({ events: [ev.called(t.id, 'w1', T0 + 5)], tickets: [called] }));
    reader((db) => {
      const kept = db.prepare(`SELECT result FROM command_results`).pluck().get() as string;
      expect(JSON.parse(kept)).toEqual({ ticket: 'issued', window: null, businessDay: DAY });
    });
    expect(store.commandResult('device:k1', 'issue-a')).toEqual({ result: answer, seqTo: 2 });
    store.close();
    store = Store.open(path);
    expect(store.commandResult('device:k1', 'issue-a')).toEqual({ result: answer, seqTo: 2 });
  });

  it('finds a stored result whose issued ticket its first event does not hold corrupt', () => {
    store.commit(
      commitInput({
        commandId: 'odd',
        events: [ev.windowOpened()],
        result: null,
        resultJson: JSON.stringify({ ticket: ISSUED_TICKET, window: null, businessDay: DAY }),
      }),
    );
    expect(thrown(() => store.commandResult('device:k1', 'odd'))).toMatchObject({
      code: 'corrupt',
    });
  });

  it('keeps the result of a command without events, and undefined as null', () => {
    issueTickets(store, 2);
    store.commit(commitInput({ commandId: 'noop', result: undefined }));
    expect(store.commandResult('device:k1', 'noop')).toEqual({ result: null, seqTo: 2 });
    expect(store.lastSeq()).toBe(2);
  });

  it('forgets old results on request and keeps the events', () => {
    issueTickets(store, 2);
    clock = T0 + 60_000;
    store.commit(commitInput({ commandId: 'late', events: [ev.windowOpened()] }));
    expect(store.pruneCommandResults(T0 + 1)).toBe(2);
    expect(store.commandResult('device:k1', 'issue-1')).toBeNull();
    expect(store.commandResult('device:k1', 'late')).not.toBeNull();
    expect(store.lastSeq()).toBe(3);
  });

  it('finds each result by its key, by each way of committing; refuses a key twice in a group', () => {
    // A look-up first: the keys are in memory from here on (store/result-keys.ts).
    expect(store.commandResult('device:k1', 'one')).toBeNull();
    store.commit(commitInput({ commandId: 'one', events: [ev.windowOpened()], result: 1 }));
    store.commitMany(
      [
        commitInput({ commandId: 'two', events: [ev.windowOpened('w2')], result: 2 }),
        commitInput({ commandId: 'three', actorKey: 'device:k2', result: 3 }),
      ],
      'deferred',
    );
    store.commitWith(() => ({ input: commitInput({ commandId: 'four', result: 4 }), value: 0 }));
    expect(store.commandResult('device:k1', 'one')).toEqual({ result: 1, seqTo: 1 });
    expect(store.commandResult('device:k1', 'two')).toEqual({ result: 2, seqTo: 2 });
    expect(store.commandResult('device:k2', 'three')).toEqual({ result: 3, seqTo: 2 });
    expect(store.commandResult('device:k1', 'three')).toBeNull();
    expect(store.commandResult('device:k1', 'four')).toEqual({ result: 4, seqTo: 2 });
    for (const again of [
      () => store.commitMany([commitInput({ commandId: 'two', result: 'again' })]),
      () => store.commitWith(() => ({ input: commitInput({ commandId: 'four' }), value: 0 })),
      () =>
        store.commitMany([
          commitInput({ commandId: 'five', events: [ev.windowOpened('w3')], result: 5 }),
          commitInput({ commandId: 'five', result: 'twice' }),
        ]),
    ]) {
      expect(thrown(again)).toMatchObject({ code: 'duplicate_command' });
    }
    expect(store.commandResult('device:k1', 'five')).toBeNull();
    expect(store.lastSeq()).toBe(2);
    reader((db) => {
      expect(db.prepare('SELECT count(*) FROM command_results').pluck().get()).toBe(4);
    });
  });

  it("keeps none of a rolled-back group's results, though their row ids are given again", () => {
    issueTickets(store, 1);
    const clash = ticket({ id: 'other-id', number: 'A002' });
    expect(
      thrown(() =>
        store.commitMany([
          commitInput({ commandId: 'g1', events: [ev.windowOpened()], result: 'lost' }),
          commitInput({ commandId: 'g2', events: [ev.issued(clash)], tickets: [clash] }),
        ]),
      ),
    ).toMatchObject({ code: 'write_failed' });
    expect(store.commandResult('device:k1', 'g1')).toBeNull();
    // The next result takes the row id g1 had in the rolled-back group.
    store.commit(commitInput({ commandId: 'g3', events: [ev.windowOpened()], result: 'kept' }));
    expect(store.commandResult('device:k1', 'g1')).toBeNull();
    expect(store.commandResult('device:k1', 'g2')).toBeNull();
    expect(store.commandResult('device:k1', 'g3')).toEqual({ result: 'kept', seqTo: 2 });
    store.commit(commitInput({ commandId: 'g1', events: [ev.windowOpened()], result: 'new' }));
    expect(store.commandResult('device:k1', 'g1')).toEqual({ result: 'new', seqTo: 3 });
  });

  it('sees the results another program wrote or removed: its commit refuses them at once, a look-up from the next turn', async () => {
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    store.commit(commitInput({ commandId: 'mine', events: [ev.windowOpened()], result: 1 }));
    expect(store.commandResult('device:k1', 'outside')).toBeNull();
    const theirs = `INSERT INTO command_results (actor_key, command_id, result, seq_from, seq_to, at)
      VALUES ('device:k1', ?, '"theirs"', NULL, 1, 0)`;
    reader((db) => db.prepare(theirs).run('outside'));
    expect(
      thrown(() => store.commit(commitInput({ commandId: 'outside', result: 'mine' }))),
    ).toMatchObject({ code: 'duplicate_command' });
    expect(store.commandResult('device:k1', 'outside')).toEqual({ result: 'theirs', seqTo: 1 });
    await nextTurn();
    reader((db) => db.prepare(theirs).run('later'));
    await nextTurn();
    expect(store.commandResult('device:k1', 'later')).toEqual({ result: 'theirs', seqTo: 1 });
    // Removed by another program, and its row id given to a row of another key.
    reader((db) => {
      db.prepare(`DELETE FROM command_results WHERE command_id IN ('outside', 'later')`).run();
    });
    store.commit(commitInput({ commandId: 'next', events: [ev.windowOpened()], result: 2 }));
    expect(store.commandResult('device:k1', 'outside')).toBeNull();
    expect(store.commandResult('device:k1', 'next')).toEqual({ result: 2, seqTo: 2 });
    expect(store.commandResult('device:k1', 'mine')).toEqual({ result: 1, seqTo: 1 });
    store.commit(commitInput({ commandId: 'outside', result: 'mine now' }));
    expect(store.commandResult('device:k1', 'outside')).toEqual({ result: 'mine now', seqTo: 2 });
  });

  it('finds the results kept after the prune, and those committed after it', () => {
    issueTickets(store, 2);
    clock = T0 + 60_000;
    store.commit(commitInput({ commandId: 'late', events: [ev.windowOpened()], result: 'l' }));
    expect(store.commandResult('device:k1', 'issue-1')).not.toBeNull();
    expect(store.pruneCommandResults(T0 + 1)).toBe(2);
    expect(store.commandResult('device:k1', 'issue-2')).toBeNull();
    store.commit(commitInput({ commandId: 'after', events: [ev.windowOpened()], result: 'a' }));
    expect(store.commandResult('device:k1', 'late')).toEqual({ result: 'l', seqTo: 3 });
    expect(store.commandResult('device:k1', 'after')).toEqual({ result: 'a', seqTo: 4 });
    store.commit(commitInput({ commandId: 'issue-1', result: 'again' }));
    expect(store.commandResult('device:k1', 'issue-1')).toEqual({ result: 'again', seqTo: 4 });
  });

  it('refuses a result holding a secret (kept for retries, it would be in every backup)', () => {
    const secrets: unknown[] = [
      { deviceId: 'd1', pairingCode: 'ABCD2345', expiresAt: T0 },
      { staff: { code: 'C01', pinHash: 'scrypt$...' } },
      [{ token: 'secret' }],
      { session: { sessionToken: 'secret' } },
      { resetCode: '123456' },
      { pin: 0 },
      { pairingCode: null, password: false },
    ];
    for (const [i, result] of secrets.entries()) {
      const err = thrown(() => store.commit(commitInput({ commandId: `s${i}`, result })));
      expect(err).toBeInstanceOf(StoreError);
      expect(String(err)).toMatch(/commit failed/);
      expect(store.commandResult('device:k1', `s${i}`)).toBeNull();
    }
    // A field of that name with no value holds nothing, and a ticket's access token is its own.
    store.commit(commitInput({ commandId: 'none', result: { pairingCode: null } }));
    // Nor does a text that only mentions such a field, or a field whose name merely ends so.
    store.commit(commitInput({ commandId: 'words', result: { note: 'a "token":"x" said' } }));
    store.commit(commitInput({ commandId: 'list', result: [{ pin: null, accessToken: 'a' }] }));
    expect(store.commandResult('device:k1', 'words')).not.toBeNull();
    expect(store.commandResult('device:k1', 'list')).not.toBeNull();
    store.commit(commitInput({ commandId: 'ticket', result: { ticket: ticket() } }));
    expect(store.commandResult('device:k1', 'none')).not.toBeNull();
    expect(store.commandResult('device:k1', 'ticket')).not.toBeNull();
  });
});

describe('config', () => {
  it('is null until saved, then round-trips and is replaced', () => {
    expect(store.loadConfig()).toBeNull();
    const config = hallConfig();
    store.saveConfig(config);
    expect(store.loadConfig()).toEqual(config);
    const changed = { ...config, staff: [] };
    store.saveConfig(changed);
    store.close();
    store = Store.open(path);
    expect(store.loadConfig()).toEqual(changed);
  });
});

describe('the files under a commit (one look per transaction, before its COMMIT)', () => {
  /** The events a file holds, read by a connection of its own. */
  function eventsIn(file: string): number {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare<[], number>('SELECT count(*) FROM events').pluck().get() ?? 0;
    } finally {
      db.close();
    }
  }

  function lostCode(fn: () => unknown): string | null {
    const err = thrown(fn);
    return err instanceof StoreError ? err.code : null;
  }

  it('a group after the -wal was deleted: refused as lost, none of its commands kept, everything before it written into the file', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    store.commit(commitInput({ events: [ev.dayOpened()], day: openDay() }));
    store.commitMany([
      commitInput({ events: [ev.windowOpened('w1')] }),
      commitInput({ events: [ev.windowOpened('w2')] }),
    ]);
    rmSync(`${path}-wal`);
    const group = [
      commitInput({ commandId: 'g-1', events: [ev.windowOpened('w3')], result: 1 }),
      commitInput({ commandId: 'g-2', events: [ev.windowOpened('w4')], result: 2 }),
    ];
    expect(lostCode(() => store.commitMany(group, 'deferred'))).toBe('lost');
    expect(store.lost).toMatchObject({ reason: `${path}-wal was deleted`, checkpointed: true });
    // Known from then on: refused at once, single commits too.
    expect(lostCode(() => store.commitMany(group))).toBe('lost');
    expect(lostCode(() => store.commit(commitInput({ events: [ev.windowOpened('w5')] })))).toBe(
      'lost',
    );
    expect(store.commandResult('device:k1', 'g-1')).toBeNull();
    store.close();
    expect(eventsIn(path)).toBe(3);
    const rescue = store.lost?.rescue ?? '';
    expect(rescue).not.toBe('');
    expect(eventsIn(rescue)).toBe(3);
    quiet.mockRestore();
  });

  it('the database replaced while a commit writes its rows: rolled back and refused, nothing of it in the rescue copy', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    store.commit(commitInput({ events: [ev.dayOpened()], day: openDay() }));
    store.commit(commitInput({ events: [ev.windowOpened('w1')] }));
    const code = lostCode(() =>
      store.commitWith(() => {
        // An operator's `mv` of an older copy over the file, between the rows and the COMMIT.
        const older = tmp.file('older.sqlite');
        copyFileSync(path, older);
        renameSync(older, path);
        return { input: commitInput({ events: [ev.windowOpened('w2')] }), value: null };
      }),
    );
    expect(code).toBe('lost');
    expect(store.lost?.reason).toBe(`${path} was replaced by another file`);
    const rescue = store.lost?.rescue ?? '';
    expect(rescue).not.toBe('');
    expect(eventsIn(rescue)).toBe(2);
    quiet.mockRestore();
  });

  it('a group commit whose files are in place is written whole, and the store stays well', () => {
    store.commit(commitInput({ events: [ev.dayOpened()], day: openDay() }));
    const written = store.commitMany(
      [1, 2, 3].map((i) => commitInput({ events: [ev.windowOpened(`w${i}`)] })),
      'deferred',
    );
    expect(written.map((events) => events.map((e) => e.seq))).toEqual([[2], [3], [4]]);
    expect(store.verifyFiles()).toBeNull();
    expect(store.lost).toBeNull();
  });
});
