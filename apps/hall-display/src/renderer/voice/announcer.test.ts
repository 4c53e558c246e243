import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '@onestop/shared';
import { EngineTestHall } from '@onestop/shared/testing';
import { DEFAULT_DISPLAY_CONFIG } from '../../shared/config.js';
import { Announcer } from './announcer.js';
import { callsToAnnounce } from './calls.js';
import { BACKLOG_LIMIT, type AudioSink, type Segment } from './queue.js';

/*
 * The display's voice as the page runs it: the hall's own engine decides what happens (calls,
 * no-shows, visitors served, recalls), the calls to say come from its events, and whether a
 * call is still current is read from the hall's state at the moment it would be said. A fake
 * voice engine takes its time per segment on fake timers; nothing waits in real time.
 */

const CHIME_MS = 1_500;
const SENTENCE_MS = 3_500;

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

interface Said {
  at: number;
  text: string;
  /** The ticket's status and window in the hall when the sentence began. */
  current: boolean;
}

function setup() {
  const hall = EngineTestHall.open();
  const said: Said[] = [];
  const sink: AudioSink = {
    play(segment: Segment) {
      if (segment.kind === 'speech') {
        const [, number, window] = /请 ([A-Z]\d{3}) 号到 (\d+) 号/.exec(segment.text) ?? [];
        const ticket = [...hall.state.tickets.values()].find((t) => t.number === number);
        said.push({
          at: Date.now(),
          text: segment.text,
          current: ticket?.status === 'called' && ticket.windowId === `w${window ?? ''}`,
        });
      }
      return new Promise((resolve) =>
        setTimeout(resolve, segment.kind === 'chime' ? CHIME_MS : SENTENCE_MS),
      );
    },
  };
  const announcer = new Announcer({ sink, base: '/display/', clock: () => hall.now });
  const config = { ...DEFAULT_DISPLAY_CONFIG, languages: ['zh' as const], repeats: 2 };
  const windows = new Set(hall.state.config.windows.map((w) => w.id));
  /** Runs a command in the hall, then lets the display hear of it as the page does. */
  const run = (events: DomainEvent[]): void => {
    announcer.update(config, hall.state);
    const sequenced = events.map((e, i) => ({ ...e, seq: i + 1 }));
    for (const call of callsToAnnounce(sequenced, { replayed: false }, hall.state, windows)) {
      announcer.announce(call);
    }
  };
  return { hall, said, announcer, run, update: () => announcer.update(config, hall.state) };
}

describe('the display’s voice with the hall’s engine', () => {
  it('a burst of 30 calls in ten seconds: only current calls are said, the backlog stays bounded, the voice ends soon after', async () => {
    const { hall, said, announcer, run, update } = setup();
    for (let i = 0; i < 40; i++) hall.issue(i % 2 === 0 ? 'marriage' : 'tax');
    for (const w of ['w1', 'w2', 'w3', 'w4']) hall.openWindow(w);
    const queue = announcer.queue;
    let maxBacklog = 0;
    const noShows: string[] = [];
    const served: string[] = [];
    let recall: ReturnType<typeof queue.enqueue> | null = null;
    for (let i = 0; i < 30; i++) {
      const windowId = `w${(i % 4) + 1}`;
      const window = hall.state.windows.get(windowId);
      const before = window?.currentTicketId ?? null;
      if (before !== null) {
        // The window's previous visitor: gone (no-show) or reached the window and served.
        if (i % 3 === 0) {
          run(hall.run({ type: 'no_show', windowId }));
          noShows.push(hall.ticket(before).number);
        } else {
          run(hall.run({ type: 'start_serving', windowId }));
          run(hall.run({ type: 'finish', windowId }));
          served.push(hall.ticket(before).number);
        }
      }
      run(hall.run({ type: 'call_next', windowId }));
      if (i === 28) {
        // The clerk of the call just made presses recall at once: merged into the waiting call.
        run(hall.run({ type: 'recall', windowId }));
        recall = queue.log.at(-1) ?? null;
      }
      maxBacklog = Math.max(maxBacklog, queue.backlog);
      await vi.advanceTimersByTimeAsync(333);
    }
    update();
    await vi.advanceTimersByTimeAsync(120_000);
    await queue.idle();

    expect(maxBacklog).toBeLessThanOrEqual(BACKLOG_LIMIT);
    // Nothing said once its visitor was served, gone, or the window had called someone else.
    expect(said.filter((s) => !s.current)).toEqual([]);
    expect(said.length).toBeGreaterThan(2);
    // The recall was merged into the call still waiting, not said twice over.
    expect(recall?.status).toBe('merged');
    const log = queue.log;
    const recalled = log.find((e) => e.seq === recall?.mergedInto);
    expect(recalled?.status).toBe('done');
    // Said once, as every call of a cycle of several is (the recall added nothing to it).
    expect(said.filter((s) => s.text.includes(recalled?.number ?? '?'))).toHaveLength(1);
    // Every call accounted for: said, merged, or dropped with why.
    for (const e of log) {
      expect(['done', 'dropped', 'merged']).toContain(e.status);
      if (e.status === 'dropped') expect(['not_current', 'backlog']).toContain(e.reason);
    }
    // No-shows and visitors served before their turn were dropped as not current.
    const droppedStale = log.filter((e) => e.reason === 'not_current').map((e) => e.number);
    expect(droppedStale.some((n) => noShows.includes(n) || served.includes(n))).toBe(true);
    // The voice never lags the board by more than the cycle after the current one.
    for (const e of log.filter((x) => x.status === 'done')) {
      expect(e.cycle ?? 0).toBeLessThanOrEqual(e.queuedDuring + 1);
    }
    const lastSaid = Math.max(...said.map((s) => s.at));
    expect(lastSaid).toBeLessThan(10_000 + 2 * (CHIME_MS + BACKLOG_LIMIT * 2 * SENTENCE_MS));
  });

  it('drops a waiting call whose visitor is marked no-show, and one already being served', async () => {
    const { hall, said, announcer, run } = setup();
    for (let i = 0; i < 3; i++) hall.issue('marriage');
    for (const w of ['w1', 'w2', 'w3']) hall.openWindow(w);
    run(hall.run({ type: 'call_next', windowId: 'w1' })); // A001: said at once
    run(hall.run({ type: 'call_next', windowId: 'w2' })); // A002: waits
    run(hall.run({ type: 'call_next', windowId: 'w3' })); // A003: waits
    await vi.advanceTimersByTimeAsync(500);
    run(hall.run({ type: 'no_show', windowId: 'w2' }));
    run(hall.run({ type: 'start_serving', windowId: 'w3' }));
    await vi.advanceTimersByTimeAsync(60_000);
    await announcer.queue.idle();
    expect(said.map((s) => s.text)).toEqual([
      '请 A001 号到 1 号窗口办理',
      '请 A001 号到 1 号窗口办理',
    ]);
    expect(announcer.queue.log.map((e) => [e.number, e.status, e.reason])).toEqual([
      ['A001', 'done', null],
      ['A002', 'dropped', 'not_current'],
      ['A003', 'dropped', 'not_current'],
    ]);
  });
});
