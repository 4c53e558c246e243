import { describe, expect, it } from 'vitest';
import { testHall } from '../engine/test-fixture.js';
import { parseHallConfig } from '../protocol/hall-config.js';
import { ratingTagText, ratingTagsFor } from './rating-tags.js';

describe('rating tags (评价标签)', () => {
  it('has the default tags until the hall sets its own, and words a stored reason', () => {
    const config = testHall();
    expect(ratingTagsFor(config, 5).map((x) => x.name.zh)).toEqual(['服务热情', '一次办成']);
    expect(ratingTagsFor(config, 3)).toEqual([]);
    expect(ratingTagsFor(config, 1).map((x) => x.name.zh)).toEqual([
      '多次跑腿',
      '态度生硬',
      '等候太久',
      '办理太慢',
      '解释不清楚',
      '要求材料不合理',
    ]);
    const own = {
      ...config,
      ratingTags: [{ id: 'fast', name: { zh: '办得快', en: 'Quick' }, scores: [4 as const] }],
    };
    expect(ratingTagsFor(own, 4).map((x) => x.id)).toEqual(['fast']);
    expect(ratingTagsFor(own, 1)).toEqual([]);
    expect(ratingTagText('fast', own, 'en')).toBe('Quick');
    // A former reason code, and the words an older pad stored, still read.
    expect(ratingTagText('rules', own, 'zh')).toBe('要求材料不合理');
    expect(ratingTagText('办理太慢 / Too slow', own, 'zh')).toBe('办理太慢 / Too slow');
  });

  it('refuses tags with a level twice or an id twice', () => {
    const config = testHall();
    const tag = { id: 'x', name: { zh: '甲', en: 'A' }, scores: [5, 5] };
    expect(parseHallConfig({ ...config, ratingTags: [tag] }).ok).toBe(false);
    const twice = [
      { ...tag, scores: [5] },
      { ...tag, scores: [4] },
    ];
    const parsed = parseHallConfig({ ...config, ratingTags: twice });
    expect(parsed.ok ? [] : parsed.errors.join(';')).toMatch(/ratingTags\.1\.id/);
    expect(parseHallConfig({ ...config, ratingTags: [{ ...tag, scores: [5] }] }).ok).toBe(true);
  });
});
