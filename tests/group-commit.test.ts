import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SequencedEvent } from '@onestop/shared';
import { type CommandResult, DEMO_HALL, Hub, type Outcome } from '@onestop/hub';
import { issueTax as issue } from './support/hall.js';

let dir: string;
let hub: Hub;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'onestop-group-'));
  hub = Hub.open({ dbPath: join(dir, 'hall.sqlite'), config: DEMO_HALL });
  hub.rollDay();
});
afterEach(() => {
  hub.close();
  rmSync(dir, { recursive: true, force: true });
});

const kiosk = { kind: 'system' } as const;

/** The database refuses the rows of a ticket with the access token `poison` (as a full disk would). */
function poisonTickets(): void {
  const db = new Database(join(dir, 'hall.sqlite'));
  db.exec(`CREATE TRIGGER poison BEFORE INSERT ON tickets
           WHEN json_extract(NEW.body, '$.accessToken') = 'poison'
           BEGIN SELECT RAISE(ABORT, 'refused'); END`);
  db.close();
}

describe('group commit', () => {
  it('commits the commands of one turn together, answering each only once written', async () => {
    const seq = hub.store.lastSeq();
    const answers = [1, 2, 3, 4, 5].map((i) => hub.submit(kiosk, 'k', `cmd-${i}`, issue(`t${i}`)));
    // Decided at once, in order, but nothing is durable (or answered) before the flush.
    expect(hub.current.issuedCount).toBe(5);
    expect(hub.store.lastSeq()).toBe(seq);
    const outcomes = await Promise.all(answers);
    expect(outcomes.map((o) => o.ok && o.result.ticket?.number)).toEqual([
      'H001',
      'H002',
      'H003',
      'H004',
      'H005',
    ]);
    expect(outcomes.flatMap((o) => (o.ok ? o.events.map((e) => e.seq) : []))).toEqual(
      [1, 2, 3, 4, 5].map((i) => seq + i),
    );
    // The first answer is as it was when decided, not as later commands left the ticket.
    expect(outcomes[0]?.ok && outcomes[0].result.ticket?.status).toBe('waiting');
  });

  it('publishes a group as one batch, in the order of the log, after every answer', async () => {
    const batches: number[][] = [];
    let answered = 0;
    hub.onEvents((events) => {
      // Nothing goes out before the commands it holds were answered.
      expect(answered).toBe(3);
      batches.push(events.map((e) => e.seq));
    });
    const seq = hub.store.lastSeq();
    await Promise.all(
      [1, 2, 3].map((i) =>
        hub.submit(kiosk, 'k', `one-${i}`, issue(`o${i}`)).then(() => answered++),
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[seq + 1, seq + 2, seq + 3]]);
  });

  it("sends a group once when a caller publishes a command's events too", async () => {
    const sent: number[] = [];
    hub.onEvents((events) => sent.push(...events.map((e) => e.seq)));
    const seq = hub.store.lastSeq();
    const outcomes = await Promise.all(
      [1, 2].map((i) => hub.submit(kiosk, 'k', `twice-${i}`, issue(`w${i}`))),
    );
    for (const outcome of outcomes) if (outcome.ok) hub.publish(outcome.events);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([seq + 1, seq + 2]);
  });

  it('answers a retry arriving before the commit with the same ticket, issued once', async () => {
    const [a, b] = await Promise.all([
      hub.submit(kiosk, 'k', 'same-1', issue('x')),
      hub.submit(kiosk, 'k', 'same-1', issue('x')),
    ]);
    expect(a).toEqual(b);
    expect(hub.current.issuedCount).toBe(1);
    const later = await hub.submit(kiosk, 'k', 'same-1', issue('x'));
    expect(later.ok && later.replayed).toBe(true);
    expect(later.ok && later.result.ticket?.number).toBe('H001');
  });

  it('decides each command of a group the disk refused again on its own, leaving no gap', async () => {
    poisonTickets();
    const outcomes = await Promise.all(
      ['a', 'poison', 'c'].map((t, i) => hub.submit(kiosk, 'k', `cmd-${i}`, issue(t))),
    );
    expect(outcomes.map((o) => (o.ok ? o.result.ticket?.number : o.error.code))).toEqual([
      'H001',
      'store_failed',
      'H002',
    ]);
    const rows = new Database(join(dir, 'hall.sqlite'), { readonly: true });
    expect(rows.prepare('SELECT number FROM tickets ORDER BY number').pluck().all()).toEqual([
      'H001',
      'H002',
    ]);
    rows.close();
    expect([...hub.current.tickets.values()].map((t) => t.number)).toEqual(['H001', 'H002']);
  });

  it('publishes of a group the disk refused only what is in the database, each event once', async () => {
    poisonTickets();
    const seq = hub.store.lastSeq();
    const published: SequencedEvent[] = [];
    let unwritten = 0;
    hub.onEvents((events) => {
      published.push(...events);
      // In the database as the batch goes out: committed, not merely decided.
      unwritten += events.filter((e) => e.seq > hub.store.lastSeq()).length;
    });
    await Promise.all(
      ['a', 'poison', 'c', 'd'].map((t, i) => hub.submit(kiosk, 'k', `pub-${i}`, issue(t))),
    );
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(unwritten).toBe(0);
    expect(hub.store.lastSeq()).toBe(seq + 3);
    expect(published).toEqual(hub.store.eventsAfter(seq, 10));
  });

  it('writes what is pending before a command of its own', async () => {
    const first = hub.submit(kiosk, 'k', 'cmd-1', issue('a'));
    const direct = hub.execute(kiosk, 'k', 'cmd-2', issue('b'));
    expect(direct.ok && direct.result.ticket?.number).toBe('H002');
    const answer = await first;
    expect(answer.ok && answer.events[0]?.seq).toBeLessThan(
      direct.ok ? (direct.events[0]?.seq ?? 0) : 0,
    );
  });
});

describe('a database another program keeps locked', () => {
  it('keeps commands waiting off the event loop, answers store_busy past the bound, and commits those still waiting in order once the lock is free', async () => {
    const dbPath = join(dir, 'hall.sqlite');
    hub.close();
    hub = Hub.open({ dbPath, storeBusyAnswerMs: 1_000 });
    const other = new Database(dbPath);
    try {
      other.exec('BEGIN IMMEDIATE');
      const answered: string[] = [];
      const track = (id: string) => (o: Outcome<CommandResult>) => {
        answered.push(id);
        return o;
      };
      const first = hub.submit(kiosk, 'k', 'a', issue('a')).then(track('a'));
      // The hub is not blocked: timers run and the store says why the command waits.
      await new Promise((r) => setTimeout(r, 300));
      expect(answered).toEqual([]);
      expect(hub.storeHealth()).toMatchObject({ state: 'busy', queued: 1 });
      // A retry of it while it waits is the same command, answered once.
      const retry = hub.submit(kiosk, 'k', 'a', issue('a'));
      const [a, again] = await Promise.all([first, retry]);
      expect(a).toMatchObject({ ok: false, error: { code: 'store_busy' } });
      expect(again).toEqual(a);

      const later = ['b', 'c'].map((t) => hub.submit(kiosk, 'k', t, issue(t)).then(track(t)));
      await new Promise((r) => setTimeout(r, 300));
      expect(answered).toEqual(['a']);
      expect(hub.storeHealth()).toMatchObject({ state: 'busy', queued: 2 });
      other.exec('COMMIT');
      const outcomes = await Promise.all(later);
      // The refused command was never written: the next ones take its number.
      expect(outcomes.map((o) => o.ok && o.result.ticket?.number)).toEqual(['H001', 'H002']);
      expect(hub.storeHealth()).toEqual({ state: 'ok' });
      expect(other.prepare('SELECT number FROM tickets ORDER BY number').pluck().all()).toEqual([
        'H001',
        'H002',
      ]);
      const retried = await hub.submit(kiosk, 'k', 'b', issue('b'));
      expect(retried.ok && retried.replayed && retried.result.ticket?.number).toBe('H001');
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
  });
});
