import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from '../domain/commands.js';
import type { HallState } from '../engine/state.js';
import { redactBatchFor, redactSnapshotFor } from '../protocol/redact.js';
import type { Role } from '../protocol/roles.js';
import {
  serializeState,
  type EventBatch,
  type StateSnapshot,
  type SyncPayload,
} from '../protocol/sync.js';
import { SNAPSHOT_AT, SequencedHall, ticketId } from '../protocol/test-helpers.js';
import { Mirror } from './mirror.js';

/** What the hub would answer a sync with: events from its log when it has them, else a snapshot. */
function answer(hall: SequencedHall, lastSeq: number, role: Role = 'display'): SyncPayload {
  if (lastSeq === 0 || lastSeq > hall.seq) {
    return { kind: 'snapshot', snapshot: snapshotOf(hall, role) };
  }
  const batch = { from: lastSeq + 1, to: hall.seq, events: hall.log.slice(lastSeq) };
  return { kind: 'events', batch: redactBatchFor(role, batch) };
}

function snapshotOf(hall: SequencedHall, role: Role = 'display'): StateSnapshot {
  return redactSnapshotFor(role, serializeState(hall.state, hall.seq, SNAPSHOT_AT));
}

/** The mirror holds what the role may see of the hall's state. */
function expectSame(mirror: Mirror, hall: SequencedHall, role: Role = 'display'): void {
  const state: HallState | null = mirror.state;
  if (state === null) throw new Error('no state');
  expect(serializeState(state, mirror.lastSeq, SNAPSHOT_AT)).toEqual(snapshotOf(hall, role));
}

function synced(hall: SequencedHall): Mirror {
  const mirror = new Mirror();
  expect(mirror.beginSync()).toEqual({ lastSeq: 0 });
  const update = mirror.completeSync(answer(hall, 0));
  expect(update).toEqual({ applied: [], replaced: true, resync: false });
  return mirror;
}

const CALL: Command = { type: 'call_next', windowId: 'w1' };
const ISSUE: Command = {
  type: 'issue_ticket',
  itinerary: [{ serviceIds: ['marriage'] }],
  class: 'normal',
  appointment: null,
  accessToken: 'tok',
};

describe('Mirror', () => {
  it('starts from a snapshot and folds live batches', () => {
    const hall = new SequencedHall().morning();
    const mirror = synced(hall);
    expect(mirror.lastSeq).toBe(hall.seq);
    expect(mirror.isSyncing).toBe(false);
    expectSame(mirror, hall);

    const batch = redactBatchFor('display', hall.run(CALL));
    const update = mirror.receiveBatch(batch);
    expect(update).toEqual({
      applied: [{ events: batch.events, replayed: false }],
      replaced: false,
      resync: false,
    });
    expect(mirror.lastSeq).toBe(batch.to);
    expect(mirror.state?.tickets.get(ticketId('A002'))?.status).toBe('called');
    expectSame(mirror, hall);
  });

  it('ignores a batch it already applied', () => {
    const hall = new SequencedHall().morning();
    const mirror = synced(hall);
    const batch = hall.run(CALL);
    mirror.receiveBatch(batch);
    const again = mirror.receiveBatch(batch);
    expect(again).toEqual({ applied: [], replaced: false, resync: false });
    expectSame(mirror, hall);
  });

  it('asks to sync again after a gap, then catches up from events and the held batch', () => {
    const hall = new SequencedHall().morning();
    const mirror = synced(hall);
    const seen = mirror.lastSeq;
    hall.run(ISSUE); // lost on the way
    const live = hall.run(CALL);
    expect(mirror.receiveBatch(live)).toEqual({ applied: [], replaced: false, resync: true });
    expect(mirror.lastSeq).toBe(seen);

    expect(mirror.beginSync()).toEqual({ lastSeq: seen });
    const late = hall.run({ type: 'recall', windowId: 'w1' }); // arrives during the sync
    expect(mirror.receiveBatch(late).applied).toEqual([]);
    const catchUp = answer(hall, seen);
    const update = mirror.completeSync(catchUp);
    expect(update.replaced).toBe(false);
    expect(update.resync).toBe(false);
    // The sync's answer already covered the held batches: nothing is applied twice.
    expect(update.applied).toEqual([
      { events: catchUp.kind === 'events' ? catchUp.batch.events : [], replayed: true },
    ]);
    expect(mirror.lastSeq).toBe(hall.seq);
    expectSame(mirror, hall);
  });

  it('applies live batches held during a sync after its answer, as live', () => {
    const hall = new SequencedHall().morning();
    const mirror = synced(hall);
    hall.run(ISSUE);
    mirror.beginSync();
    const request = mirror.lastSeq;
    const catchUp = answer(hall, request); // the hub answers...
    const live = hall.run(CALL); // ...and a call happens before the answer arrives
    mirror.receiveBatch(live);
    const update = mirror.completeSync(catchUp);
    expect(update.applied.map((a) => a.replayed)).toEqual([true, false]);
    expect(update.applied[1]?.events).toEqual(live.events);
    expectSame(mirror, hall);
  });

  it('asks for a snapshot when the hub answers with events that leave a gap', () => {
    const hall = new SequencedHall().morning();
    const mirror = synced(hall);
    hall.run(ISSUE);
    hall.run(CALL);
    mirror.beginSync();
    const gappy: SyncPayload = {
      kind: 'events',
      batch: { from: hall.seq, to: hall.seq, events: hall.log.slice(-1) },
    };
    expect(mirror.completeSync(gappy)).toEqual({ applied: [], replaced: false, resync: true });
    expect(mirror.beginSync()).toEqual({ lastSeq: 0 });
    expect(mirror.completeSync(answer(hall, 0)).replaced).toBe(true);
    expectSame(mirror, hall);
  });

  it('moves lastSeq over events the role may not see', () => {
    const hall = new SequencedHall().morning();
    const mirror = synced(hall);
    const batch = redactBatchFor(
      'display',
      hall.run({ type: 'rate', ticketId: ticketId('A001'), score: 1, reasons: ['slow'] }),
    );
    expect(batch.to - batch.from).toBe(1); // rating + complaint; the display sees the rating only
    expect(batch.events).toHaveLength(1);
    mirror.receiveBatch(batch);
    expect(mirror.lastSeq).toBe(batch.to);
    // A batch of nothing visible still counts.
    const empty: EventBatch = { from: batch.to + 1, to: batch.to + 1, events: [] };
    expect(mirror.receiveBatch(empty)).toEqual({ applied: [], replaced: false, resync: false });
    expect(mirror.lastSeq).toBe(batch.to + 1);
  });

  it('applies only the new part of a batch that overlaps', () => {
    const hall = new SequencedHall().morning();
    const mirror = synced(hall);
    const from = hall.seq + 1;
    hall.run(ISSUE);
    hall.run(CALL);
    const all = redactBatchFor('display', { from, to: hall.seq, events: hall.log.slice(from - 1) });
    mirror.receiveBatch({ from, to: from, events: all.events.slice(0, 1) });
    const update = mirror.receiveBatch(all);
    expect(update.applied[0]?.events.map((e) => e.seq)).toEqual([from + 1]);
    expectSame(mirror, hall);
  });

  it('takes a snapshot older than what it has (a hub restored from a backup)', () => {
    const before = new SequencedHall().morning();
    const hall = new SequencedHall().morning();
    hall.run(ISSUE);
    const mirror = synced(hall);
    mirror.beginSync();
    expect(mirror.completeSync(answer(before, 0)).replaced).toBe(true);
    expect(mirror.lastSeq).toBe(before.seq);
    expectSame(mirror, before);
  });

  it('refuses events of another history for a snapshot (a backup was restored, numbers reissued)', () => {
    // The hub restored a backup taken at the end of the morning and numbered other events again.
    const kept = new SequencedHall().morning();
    const restored = new SequencedHall().morning();
    restored.run({ ...ISSUE, itinerary: [{ serviceIds: ['tax'] }] });
    restored.run(ISSUE);
    restored.run({ ...ISSUE, itinerary: [{ serviceIds: ['tax'] }] });
    const mirror = new Mirror();
    mirror.beginSync();
    mirror.completeSync({ ...answer(kept, 0), history: 'h1' });
    expect(mirror.history).toBe('h1');
    // Seen before the restore: the same seq numbers, other events.
    mirror.receiveBatch(kept.run(ISSUE));
    mirror.receiveBatch(kept.run(CALL));
    expect(mirror.lastSeq).toBeLessThan(restored.seq);

    expect(mirror.beginSync()).toEqual({ lastSeq: mirror.lastSeq });
    const events = { ...answer(restored, mirror.lastSeq), history: 'h2' };
    expect(events.kind).toBe('events');
    expect(mirror.completeSync(events)).toEqual({ applied: [], replaced: false, resync: true });
    expect(mirror.beginSync()).toEqual({ lastSeq: 0 });
    expect(mirror.completeSync({ ...answer(restored, 0), history: 'h2' }).replaced).toBe(true);
    expect(mirror.history).toBe('h2');
    expectSame(mirror, restored);

    // The same history goes on by events.
    mirror.beginSync();
    restored.run(CALL);
    const more = { ...answer(restored, mirror.lastSeq), history: 'h2' };
    expect(mirror.completeSync(more).applied).toHaveLength(1);
    expectSame(mirror, restored);
  });

  it('takes a snapshot when a mirror made without a history meets one', () => {
    const hall = new SequencedHall().morning();
    const mirror = synced(hall); // a hub before histories
    expect(mirror.history).toBeNull();
    hall.run(ISSUE);
    mirror.beginSync();
    const events = { ...answer(hall, mirror.lastSeq), history: 'h1' };
    expect(mirror.completeSync(events).resync).toBe(true);
    mirror.beginSync();
    expect(mirror.completeSync({ ...answer(hall, 0), history: 'h1' }).replaced).toBe(true);
    expectSame(mirror, hall);
  });

  it('refuses events that end before its lastSeq (the hub is behind it) for a snapshot', () => {
    const behind = new SequencedHall().morning();
    const hall = new SequencedHall().morning();
    hall.run(ISSUE);
    hall.run(CALL);
    const mirror = synced(hall);
    mirror.beginSync();
    // Nothing after lastSeq, and a log that ends before it.
    const short: SyncPayload = {
      kind: 'events',
      batch: { from: mirror.lastSeq + 1, to: behind.seq, events: [] },
    };
    expect(mirror.completeSync(short)).toEqual({ applied: [], replaced: false, resync: true });
    expect(mirror.beginSync()).toEqual({ lastSeq: 0 });
    expect(mirror.completeSync(answer(behind, 0)).replaced).toBe(true);
    expectSame(mirror, behind);
  });

  it('holds batches until its first sync', () => {
    const hall = new SequencedHall().morning();
    const mirror = new Mirror();
    const early = hall.run(ISSUE);
    expect(mirror.receiveBatch(early).resync).toBe(true);
    expect(mirror.beginSync()).toEqual({ lastSeq: 0 });
    // An answer of events cannot start a mirror: it needs a snapshot.
    expect(mirror.completeSync(answer(hall, 3)).resync).toBe(true);
    expect(mirror.beginSync()).toEqual({ lastSeq: 0 });
    expect(mirror.completeSync(answer(hall, 0)).replaced).toBe(true);
    expectSame(mirror, hall);
  });

  it('ends equal to the hall whatever the network does', () => {
    type Step =
      | { kind: 'command'; deliver: 'yes' | 'drop' | 'twice' | 'late' }
      | { kind: 'sync'; answerNow: boolean };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({
        kind: fc.constant('command' as const),
        deliver: fc.constantFrom(
          'yes' as const,
          'drop' as const,
          'twice' as const,
          'late' as const,
        ),
      }),
      fc.record({ kind: fc.constant('sync' as const), answerNow: fc.boolean() }),
    );
    const script: Command[] = [
      ISSUE,
      CALL,
      { type: 'start_serving', windowId: 'w1' },
      ISSUE,
      { type: 'finish', windowId: 'w1' },
      CALL,
      { type: 'rate', ticketId: ticketId('A002'), score: 2, reasons: ['x'] },
      { type: 'park', windowId: 'w1', until: null, note: 'n' },
      CALL,
      ISSUE,
      { type: 'recall', windowId: 'w1' },
      { type: 'unpark', ticketId: ticketId('A003') },
    ];
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 30 }),
        fc.constantFrom<Role>('display', 'admin'),
        (steps, role) => {
          const hall = new SequencedHall().morning();
          const mirror = new Mirror();
          mirror.completeSync({ kind: 'snapshot', snapshot: snapshotOf(hall, role) });
          mirror.beginSync();
          mirror.completeSync(answer(hall, mirror.lastSeq, role));
          let pendingSync: SyncPayload | null = null;
          const late: EventBatch[] = [];
          let next = 0;
          const resync = (): void => {
            pendingSync = answer(hall, mirror.beginSync().lastSeq, role);
          };
          for (const s of steps) {
            if (s.kind === 'command') {
              const command = script[next++ % script.length];
              if (!command) continue;
              let batch: EventBatch;
              try {
                batch = redactBatchFor(role, hall.run(command));
              } catch {
                continue; // not valid in this state: nothing happened
              }
              const deliveries = { yes: 1, drop: 0, twice: 2, late: 0 }[s.deliver];
              if (s.deliver === 'late') late.push(batch);
              for (let i = 0; i < deliveries; i++) {
                if (mirror.receiveBatch(batch).resync) resync();
              }
            } else if (pendingSync === null) {
              resync();
              if (s.answerNow && pendingSync !== null) {
                const payload: SyncPayload = pendingSync;
                pendingSync = null;
                if (mirror.completeSync(payload).resync) resync();
              }
            } else {
              const payload: SyncPayload = pendingSync;
              pendingSync = null;
              if (mirror.completeSync(payload).resync) resync();
            }
            // Late batches turn up after anything else.
            for (const batch of late.splice(0)) if (mirror.receiveBatch(batch).resync) resync();
          }
          // Finally the network behaves: answer syncs until the mirror is live.
          for (let i = 0; i < 5 && (pendingSync !== null || mirror.isSyncing); i++) {
            const payload: SyncPayload =
              pendingSync ?? answer(hall, mirror.beginSync().lastSeq, role);
            pendingSync = null;
            if (mirror.completeSync(payload).resync) resync();
          }
          if (mirror.lastSeq < hall.seq) {
            mirror.beginSync();
            mirror.completeSync(answer(hall, mirror.lastSeq, role));
          }
          expect(mirror.isSyncing).toBe(false);
          expect(mirror.lastSeq).toBe(hall.seq);
          expectSame(mirror, hall, role);
        },
      ),
      { numRuns: 300 },
    );
  });
});
