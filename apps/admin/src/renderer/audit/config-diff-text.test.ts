import { describe, expect, it } from 'vitest';
import type { ConfigDiff } from '@onestop/shared';
import { testHall } from '@onestop/shared/testing';
import { configChangeText, diffLines } from './config-diff-text.js';

const diff: ConfigDiff = {
  changes: [
    {
      section: 'services',
      item: 'biz-open',
      change: 'changed',
      field: 'name.zh',
      from: '企业开办',
      to: '企业开办（新）',
    },
    { section: 'windows', item: 'w13', change: 'added', field: '', from: null, to: '综合' },
    { section: 'staff', item: 'C12', change: 'removed', field: '', from: '王芳', to: null },
    {
      section: 'hall',
      item: null,
      change: 'changed',
      field: 'policy.recallLimit',
      from: '3',
      to: '5',
    },
    {
      section: 'services',
      item: 'tax',
      change: 'changed',
      field: 'dailyQuota',
      from: null,
      to: '50',
    },
    {
      section: 'windows',
      item: 'w12',
      change: 'changed',
      field: 'services.tax',
      from: null,
      to: '1',
    },
  ],
  more: 2,
};

describe('a configuration change in the audit log', () => {
  it('names each change in Chinese and in English, with what was left out', () => {
    expect(diffLines(diff, 'zh')).toEqual([
      '业务 biz-open 中文名称：企业开办 → 企业开办（新）',
      '+ 窗口 w13（综合）',
      '− 人员 C12（王芳）',
      '大厅 policy.recallLimit：3 → 5',
      '业务 tax 每日限额：— → 50',
      '窗口 w12 办理业务 tax：— → 1',
      '另有 2 项',
    ]);
    expect(diffLines(diff, 'en')).toEqual([
      'Service biz-open Chinese name: 企业开办 → 企业开办（新）',
      '+ Window w13 (综合)',
      '− Staff C12 (王芳)',
      'Hall policy.recallLimit: 3 → 5',
      'Service tax daily quota: — → 50',
      'Window w12 services tax: — → 1',
      '2 more',
    ]);
  });

  it('says when nothing earlier can be compared, with the counts', () => {
    const config = testHall();
    expect(configChangeText(config, null, 'en')).toBe(
      `First configuration in the log (services / windows: ${config.services.length} / ${config.windows.length}); nothing earlier to compare`,
    );
    expect(configChangeText(config, { changes: [], more: 0 }, 'zh')).toBe('无改动');
    expect(
      configChangeText(config, { ...diff, changes: diff.changes.slice(0, 2), more: 0 }, 'en'),
    ).toBe('Service biz-open Chinese name: 企业开办 → 企业开办（新）; + Window w13 (综合)');
  });
});
