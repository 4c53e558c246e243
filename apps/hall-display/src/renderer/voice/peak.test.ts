import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AnnouncementQueue,
  BACKLOG_LIMIT,
  type AudioSink,
  type CallToAnnounce,
  type Segment,
} from './queue.js';

/*
 * The voice at a peak, on fake timers: a voice engine that takes a realistic time per segment
 * (a chime 1.5 s, a sentence 3.5 s), thirty calls in ten seconds from twelve windows, visitors
 * arriving at their windows meanwhile, and a recall.
 */

const CHIME_MS = 1_500;
const SENTENCE_MS = 3_500;

/** Plays each segment for its time; records what was said, when, and whether it was current. */
class TimedSink implements AudioSink {
  readonly said: { at: number; ticketId: string | null; current: boolean }[] = [];
  constructor(
    private readonly current: Map<string, string>,
    private readonly byText: Map<string, CallToAnnounce>,
  ) {}

  play(segment: Segment): Promise<void> {
    const call = segment.kind === 'speech' ? this.byText.get(segment.text) : undefined;
    this.said.push({
      at: Date.now(),
      ticketId: call?.ticketId ?? null,
      current: call === undefined || this.current.get(call.windowId) === call.ticketId,
    });
    return new Promise((resolve) =>
      setTimeout(resolve, segment.kind === 'chime' ? CHIME_MS : SENTENCE_MS),
    );
  }
}

function callAt(n: number): CallToAnnounce {
  const window = (n % 12) + 1;
  const number = `A${String(n).padStart(3, '0')}`;
  return {
    ticketId: `d/${number}`,
    number,
    windowId: `w${window}`,
    windowNumber: window,
    kind: 'call',
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the voice at a peak', () => {
  it('keeps up with thirty calls in ten seconds: one cycle behind at most, a bounded backlog', async () => {
    /** window id → the ticket called there now (what the board shows as current). */
    const current = new Map<string, string>();
    const calls = Array.from({ length: 30 }, (_, i) => callAt(i + 1));
    const byText = new Map<string, CallToAnnounce>();
    for (const c of calls) {
      byText.set(`请 ${c.number} 号到 ${c.windowNumber} 号窗口办理`, c);
      byText.set(`Number ${c.number}, please go to window ${c.windowNumber}`, c);
    }
    const sink = new TimedSink(current, byText);
    const queue = new AnnouncementQueue({
      sink,
      languages: () => ['zh', 'en'],
      repeats: () => 2,
      muted: () => false,
      isCurrent: (c) => current.get(c.windowId) === c.ticketId,
    });
    let maxBacklog = 0;
    // One call every third of a second; a window's previous visitor is then no longer current.
    for (const c of calls) {
      current.set(c.windowId, c.ticketId);
      queue.enqueue(c);
      maxBacklog = Math.max(maxBacklog, queue.backlog);
      await vi.advanceTimersByTimeAsync(333);
    }
    // Two visitors of the last calls walk up to their windows at once (served: not current).
    const served = [calls[26], calls[27]].filter((c): c is CallToAnnounce => c !== undefined);
    for (const c of served) current.delete(c.windowId);
    // And the newest call is recalled while it waits: merged, not said twice.
    const newest = calls.at(-1) as CallToAnnounce;
    const recall = queue.enqueue({ ...newest, kind: 'recall' });
    await vi.advanceTimersByTimeAsync(120_000);
    await queue.idle();

    expect(maxBacklog).toBeLessThanOrEqual(BACKLOG_LIMIT);
    // Nothing said that was no longer current when it was said.
    expect(sink.said.filter((s) => !s.current)).toEqual([]);
    for (const c of served) {
      expect(sink.said.some((s) => s.ticketId === c.ticketId)).toBe(false);
    }
    const log = queue.log;
    // Every call said was said in the cycle after the one being said when it came, at most.
    const spoken = log.filter((e) => e.status === 'done');
    expect(spoken.length).toBeGreaterThan(2);
    for (const e of spoken) expect(e.cycle ?? 0).toBeLessThanOrEqual(e.queuedDuring + 1);
    // The newest is said, once, with the recall merged into it.
    expect(spoken.map((e) => e.number)).toContain(newest.number);
    expect(recall.status).toBe('merged');
    expect(sink.said.filter((s) => s.ticketId === newest.ticketId)).toHaveLength(2);
    // Every call is accounted for: said, or dropped with a reason.
    for (const e of log) {
      expect(['done', 'dropped', 'merged']).toContain(e.status);
      if (e.status === 'dropped') expect(e.reason).not.toBeNull();
    }
    // Each call's window had moved on, was served, or the call was said: and the whole peak
    // was over for the voice within two cycles after the last call (not minutes later).
    const lastSaid = Math.max(...sink.said.map((s) => s.at));
    expect(lastSaid).toBeLessThan(10_000 + 2 * (CHIME_MS + BACKLOG_LIMIT * 2 * SENTENCE_MS));
  });

  it('says a lone call in full, and drops a waiting call served before its turn', async () => {
    const current = new Map([
      ['w2', 'd/A001'],
      ['w3', 'd/A002'],
    ]);
    const played: string[] = [];
    const queue = new AnnouncementQueue({
      sink: {
        play: (s) => {
          played.push(s.kind === 'chime' ? 'chime' : s.text);
          return new Promise((r) => setTimeout(r, 1_000));
        },
      },
      languages: () => ['zh'],
      repeats: () => 2,
      muted: () => false,
      isCurrent: (c) => current.get(c.windowId) === c.ticketId,
    });
    queue.enqueue(callAt(1));
    queue.enqueue(callAt(2));
    await vi.advanceTimersByTimeAsync(500);
    current.delete('w3');
    await vi.advanceTimersByTimeAsync(10_000);
    await queue.idle();
    expect(played).toEqual(['chime', '请 A001 号到 2 号窗口办理', '请 A001 号到 2 号窗口办理']);
    expect(queue.log.map((e) => [e.number, e.status, e.reason])).toEqual([
      ['A001', 'done', null],
      ['A002', 'dropped', 'not_current'],
    ]);
  });
});
