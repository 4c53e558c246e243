import { describe, expect, it } from 'vitest';
import { apply } from '../engine/index.js';
import { deserializeState, serializeState } from './sync.js';
import { SNAPSHOT_AT, SequencedHall, ticketId } from './test-helpers.js';

describe('serializeState / deserializeState', () => {
  it('round-trips a day, through JSON too', () => {
    const hall = new SequencedHall().morning();
    hall.run({ type: 'rate', ticketId: ticketId('A001'), score: 1, reasons: ['rude'] });
    const snapshot = serializeState(hall.state, hall.seq, SNAPSHOT_AT);
    expect(snapshot.seq).toBe(hall.seq);
    expect(snapshot.tickets).toHaveLength(2);
    expect(snapshot.complaints).toHaveLength(1);
    expect(deserializeState(snapshot)).toEqual(hall.state);
    const wire = JSON.parse(JSON.stringify(snapshot)) as typeof snapshot;
    expect(wire).toEqual(snapshot);
    expect(deserializeState(wire)).toEqual(hall.state);
  });

  it('round-trips the state before any day', () => {
    const hall = new SequencedHall();
    const snapshot = serializeState(hall.state, 0, SNAPSHOT_AT);
    expect(snapshot.day).toBeNull();
    expect(snapshot.windows.map((w) => w.status)).toEqual(['closed', 'closed', 'closed', 'closed']);
    expect(deserializeState(snapshot)).toEqual(hall.state);
  });

  it('shares nothing with the state or the snapshot it came from', () => {
    const hall = new SequencedHall().morning();
    const snapshot = serializeState(hall.state, hall.seq, SNAPSHOT_AT);
    const before = JSON.stringify(snapshot);
    // The engine changes the state in place after the snapshot was taken...
    hall.run({ type: 'call_next', windowId: 'w1' });
    hall.state.config.hall.name.zh = 'changed';
    expect(JSON.stringify(snapshot)).toBe(before);
    // ...and a state made from the snapshot moves on without touching it.
    const mirror = deserializeState(snapshot);
    const last = hall.log.at(-1);
    if (last === undefined) throw new Error('no event');
    apply(mirror, last);
    expect(JSON.stringify(snapshot)).toBe(before);
    expect(mirror.tickets.get(ticketId('A002'))?.status).toBe('called');
  });
});
