import { describe, expect, it } from 'vitest';
import { CLIP_TEXTS, planClips, PlanError } from './plan.js';

describe('planClips', () => {
  it('says A001 at window 3 in Chinese: 请 A 零 零 一 号到 三 号窗口办理', () => {
    expect(planClips('A001', 3, 'zh')).toEqual([
      'zh/qing',
      'zh/letter-A',
      'zh/digit-0',
      'zh/digit-0',
      'zh/digit-1',
      'zh/hao-dao',
      'zh/digit-3',
      'zh/hao-chuangkou-banli',
    ]);
  });

  it('says A001 at window 3 in English: Number A zero zero one, please go to window three', () => {
    expect(planClips('A001', 3, 'en')).toEqual([
      'en/number',
      'en/letter-A',
      'en/num-0',
      'en/num-0',
      'en/num-1',
      'en/please-go-to-window',
      'en/num-3',
    ]);
  });

  it('reads B1000 sign by sign and window 12 as a number', () => {
    expect(planClips('B1000', 12, 'zh')).toEqual([
      'zh/qing',
      'zh/letter-B',
      'zh/digit-1',
      'zh/digit-0',
      'zh/digit-0',
      'zh/digit-0',
      'zh/hao-dao',
      'zh/shi',
      'zh/digit-2',
      'zh/hao-chuangkou-banli',
    ]);
    expect(planClips('B1000', 12, 'en')).toEqual([
      'en/number',
      'en/letter-B',
      'en/num-1',
      'en/num-0',
      'en/num-0',
      'en/num-0',
      'en/please-go-to-window',
      'en/num-12',
    ]);
  });

  it.each([
    [10, ['zh/shi'], ['en/num-10']],
    [20, ['zh/digit-2', 'zh/shi'], ['en/num-20']],
    [42, ['zh/digit-4', 'zh/shi', 'zh/digit-2'], ['en/num-40', 'en/num-2']],
    [100, ['zh/digit-1', 'zh/bai'], ['en/num-1', 'en/hundred']],
    [
      105,
      ['zh/digit-1', 'zh/bai', 'zh/digit-0', 'zh/digit-5'],
      ['en/num-1', 'en/hundred', 'en/num-5'],
    ],
    [
      112,
      ['zh/digit-1', 'zh/bai', 'zh/digit-1', 'zh/shi', 'zh/digit-2'],
      ['en/num-1', 'en/hundred', 'en/num-12'],
    ],
  ])('says window %i', (n, zh, en) => {
    expect(planClips('A1', n, 'zh').slice(4, -1)).toEqual(zh);
    expect(planClips('A1', n, 'en').slice(4)).toEqual(en);
  });

  it('handles two-letter prefixes and asks only for clips the set has', () => {
    const known = new Set(CLIP_TEXTS.map((c) => c.id));
    for (const lang of ['zh', 'en'] as const) {
      for (const window of [1, 9, 10, 11, 19, 20, 99, 100, 101, 110, 999]) {
        for (const clip of planClips('ZY0789', window, lang)) expect(known).toContain(clip);
      }
    }
  });

  it('refuses what is not a ticket number or a window number', () => {
    expect(() => planClips('a001', 3, 'zh')).toThrow(PlanError);
    expect(() => planClips('A00 1', 3, 'en')).toThrow(PlanError);
    expect(() => planClips('A001', 0, 'en')).toThrow(PlanError);
    expect(() => planClips('A001', 1000, 'zh')).toThrow(PlanError);
  });
});
