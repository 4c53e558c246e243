import { describe, expect, it } from 'vitest';
import type { SequencedEvent } from '@onestop/shared';
import { EngineTestHall } from '@onestop/shared/testing';
import { callsToAnnounce } from './calls.js';

function hallWithCalls() {
  const hall = EngineTestHall.open();
  hall.issue('marriage');
  hall.issue('tax');
  hall.openWindow('w1');
  hall.openWindow('w4');
  const start = hall.log.length;
  hall.callNext('w1');
  hall.callNext('w4');
  hall.run({ type: 'recall', windowId: 'w1' });
  const events: SequencedEvent[] = hall.log.slice(start).map((e, i) => ({ ...e, seq: 100 + i }));
  return { hall, events };
}

describe('callsToAnnounce', () => {
  it('takes the live calls and recalls at the shown windows', () => {
    const { hall, events } = hallWithCalls();
    const calls = callsToAnnounce(events, { replayed: false }, hall.state, new Set(['w1', 'w4']));
    expect(calls.map((c) => [c.number, c.windowNumber, c.kind])).toEqual([
      ['A001', 1, 'call'],
      ['D001', 4, 'call'],
      ['A001', 1, 'recall'],
    ]);
    const floor = callsToAnnounce(events, { replayed: false }, hall.state, new Set(['w4']));
    expect(floor.map((c) => c.number)).toEqual(['D001']);
  });

  it('never announces events a sync replayed', () => {
    const { hall, events } = hallWithCalls();
    expect(callsToAnnounce(events, { replayed: true }, hall.state, new Set(['w1', 'w4']))).toEqual(
      [],
    );
  });
});
