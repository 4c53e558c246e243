import { describe, expect, it } from 'vitest';
import type { DisplayLang } from '../../shared/config.js';
import {
  AnnouncementQueue,
  segmentsFor,
  type AudioSink,
  type CallToAnnounce,
  type Segment,
} from './queue.js';

/** A sink that plays nothing: it records each segment and finishes it when the test says so. */
class FakeSink implements AudioSink {
  readonly played: string[] = [];
  active = 0;
  maxActive = 0;
  private readonly waiting: { finish: () => void; fail: () => void }[] = [];

  play(segment: Segment): Promise<void> {
    this.played.push(segment.kind === 'chime' ? 'chime' : `${segment.lang}:${segment.text}`);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    return new Promise((resolve, reject) => {
      this.waiting.push({
        finish: () => {
          this.active--;
          resolve();
        },
        fail: () => {
          this.active--;
          reject(new Error('speaker unplugged'));
        },
      });
    });
  }

  /** Finishes the segment now playing; false when none is. */
  async finishOne(how: 'finish' | 'fail' = 'finish'): Promise<boolean> {
    await flush();
    const next = this.waiting.shift();
    if (!next) return false;
    next[how]();
    await flush();
    return true;
  }

  async finishAll(): Promise<void> {
    while (await this.finishOne()) {
      // until nothing is left playing
    }
  }
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

const A001: CallToAnnounce = {
  ticketId: 'd/A001',
  number: 'A001',
  windowId: 'w3',
  windowNumber: 3,
  kind: 'call',
};
const B002: CallToAnnounce = {
  ticketId: 'd/B002',
  number: 'B002',
  windowId: 'w12',
  windowNumber: 12,
  kind: 'call',
};

function setup(options: { languages?: DisplayLang[]; repeats?: number; muted?: boolean } = {}) {
  const sink = new FakeSink();
  let muted = options.muted ?? false;
  const queue = new AnnouncementQueue({
    sink,
    languages: () => options.languages ?? ['zh', 'en'],
    repeats: () => options.repeats ?? 1,
    muted: () => muted,
  });
  return { sink, queue, mute: (m: boolean) => (muted = m) };
}

describe('AnnouncementQueue', () => {
  it('plays a chime, then the sentence in each language, repeated', async () => {
    const { sink, queue } = setup({ repeats: 2 });
    queue.enqueue(A001);
    await sink.finishAll();
    expect(sink.played).toEqual([
      'chime',
      'zh:请 A001 号到 3 号窗口办理',
      'en:Number A001, please go to window 3',
      'zh:请 A001 号到 3 号窗口办理',
      'en:Number A001, please go to window 3',
    ]);
    expect(queue.log.map((e) => e.status)).toEqual(['done']);
  });

  it('never cuts off a call: the next waits until the current one has been played', async () => {
    const { sink, queue } = setup({ languages: ['zh'] });
    queue.enqueue(A001);
    await sink.finishOne(); // the chime
    queue.enqueue(B002); // arrives while A001's sentence is being spoken
    await flush();
    expect(sink.played).toEqual(['chime', 'zh:请 A001 号到 3 号窗口办理']);
    expect(queue.log.map((e) => [e.number, e.status])).toEqual([
      ['A001', 'speaking'],
      ['B002', 'queued'],
    ]);
    await sink.finishAll();
    expect(sink.played).toEqual([
      'chime',
      'zh:请 A001 号到 3 号窗口办理',
      'chime',
      'zh:请 B002 号到 12 号窗口办理',
    ]);
    expect(sink.maxActive).toBe(1);
  });

  it('announces a recall again, in its turn', async () => {
    const { sink, queue } = setup({ languages: ['en'] });
    queue.enqueue(A001);
    queue.enqueue(B002);
    queue.enqueue({ ...A001, kind: 'recall' });
    await sink.finishAll();
    expect(sink.played.filter((p) => p !== 'chime')).toEqual([
      'en:Number A001, please go to window 3',
      'en:Number B002, please go to window 12',
      'en:Number A001, please go to window 3',
    ]);
    expect(queue.log.map((e) => `${e.number}:${e.kind}`)).toEqual([
      'A001:call',
      'B002:call',
      'A001:recall',
    ]);
  });

  it('goes on after a segment that cannot be played, and marks that call failed', async () => {
    const { sink, queue } = setup({ languages: ['zh'] });
    queue.enqueue(A001);
    queue.enqueue(B002);
    await sink.finishOne('fail');
    await sink.finishAll();
    expect(sink.played).toHaveLength(4);
    expect(queue.log.map((e) => e.status)).toEqual(['failed', 'done']);
    await queue.idle();
  });

  it('keeps quiet while muted (quiet hours), but logs the call', async () => {
    const { sink, queue, mute } = setup({ muted: true });
    queue.enqueue(A001);
    await flush();
    expect(sink.played).toEqual([]);
    expect(queue.log.map((e) => e.status)).toEqual(['silent']);
    mute(false);
    queue.enqueue(B002);
    await sink.finishAll();
    expect(sink.played[0]).toBe('chime');
    expect(queue.log.map((e) => e.status)).toEqual(['silent', 'done']);
  });

  it('makes the clip plan of each sentence', () => {
    const segments = segmentsFor(A001, ['en'], 1);
    expect(segments[1]).toMatchObject({
      kind: 'speech',
      lang: 'en',
      clips: expect.arrayContaining(['en/number']) as unknown,
    });
  });
});
