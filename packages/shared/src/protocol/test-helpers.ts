import type { Command } from '../domain/commands.js';
import type { SequencedEvent } from '../domain/events.js';
import type { HallConfig } from '../domain/types.js';
import type { HallState } from '../engine/state.js';
import { MINUTE, MONDAY, EngineTestHall, shanghai } from '../engine/test-fixture.js';
import type { EventBatch } from './sync.js';
import type { AuditMessage } from './admin.js';

/* For tests only (no index exports it): the engine's test hall, numbered like the hub's log. */

/** When a test's snapshot is made: any time will do. */
export const SNAPSHOT_AT = shanghai(MONDAY, '12:00');

/** A ticket of the test day by its number. */
export const ticketId = (number: string): string => `${MONDAY}/${number}`;

/** The engine's `EngineTestHall`, with the hub's sequence numbers: each command's events are a batch. */
export class SequencedHall {
  readonly hall: EngineTestHall;
  readonly log: SequencedEvent[] = [];

  constructor(config?: HallConfig) {
    this.hall = new EngineTestHall(config);
  }

  get state(): HallState {
    return this.hall.state;
  }

  get seq(): number {
    return this.log.at(-1)?.seq ?? 0;
  }

  /** Runs one command a minute after the last. Throws on a refusal: tests script valid days. */
  run(command: Command): EventBatch {
    const from = this.seq + 1;
    const events = this.hall.advance(MINUTE).run(command);
    for (const [i, event] of events.entries()) this.log.push({ ...event, seq: from + i });
    return { from, to: this.seq, events: this.log.slice(from - 1) };
  }

  /**
   * A morning: the day opens, window w1 opens, A001 (marriage, then tax) and A002 (an
   * appointment) are issued, and A001 is called, served and finished at w1.
   */
  morning(): this {
    this.run({ type: 'open_day', businessDay: MONDAY });
    this.run({ type: 'open_window', windowId: 'w1', staffCode: '1001' });
    this.run({
      type: 'issue_ticket',
      itinerary: [{ serviceIds: ['marriage'] }, { serviceIds: ['tax'] }],
      class: 'normal',
      appointment: null,
      accessToken: 'secret-token-1',
    });
    this.run({
      type: 'issue_ticket',
      itinerary: [{ serviceIds: ['marriage'] }],
      class: 'appointment',
      appointment: { code: 'BK-778812', slotAt: shanghai(MONDAY, '09:30') },
      accessToken: 'secret-token-2',
    });
    this.run({ type: 'call_next', windowId: 'w1' });
    this.run({ type: 'start_serving', windowId: 'w1' });
    this.run({ type: 'finish', windowId: 'w1' });
    return this;
  }
}

/** What `fn` threw; a test that expected a throw fails when it returns. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

/** An audit query over all time and every ticket, window and clerk; `over` narrows it. */
export function auditQuery(over: Partial<AuditMessage> = {}): AuditMessage {
  return {
    commandId: 'audit-0001',
    from: 0,
    to: Number.MAX_SAFE_INTEGER,
    ticketId: null,
    windowId: null,
    staffCode: null,
    type: null,
    afterSeq: 0,
    limit: 100,
    ...over,
  };
}
