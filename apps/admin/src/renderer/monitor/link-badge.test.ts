import { describe, expect, it } from 'vitest';
import { t } from '@onestop/shared';
import { linkBadge } from './link-badge.js';

const region = { region: 'https://region.example.gov.cn', hallName: 'Hall' };

describe('the region link badge', () => {
  it('says each state of the link in both languages', () => {
    expect(linkBadge(null, 'zh', 'Asia/Shanghai')).toBeNull();
    expect(linkBadge({ state: 'not_linked' }, 'zh', 'Asia/Shanghai')).toMatchObject({
      key: 'linkNotLinked',
      tone: 'muted',
    });
    expect(
      linkBadge({ state: 'caught_up', ...region, ackedSeq: 9 }, 'en', 'Asia/Shanghai'),
    ).toMatchObject({ key: 'linkCaughtUp', tone: 'ok' });
    const behind = linkBadge(
      { state: 'behind', ...region, ackedSeq: 9, behind: 12 },
      'en',
      'Asia/Shanghai',
    );
    expect(behind && t(`admin.${behind.key}`, 'en', behind.params)).toBe(
      'Connected, 12 events behind',
    );
    // 2026-12-06 10:30 UTC is 18:30 in Shanghai.
    const offline = {
      state: 'offline',
      ...region,
      ackedSeq: 9,
      behind: 40,
      since: Date.UTC(2026, 11, 6, 10, 30),
      reason: 'no answer',
    } as const;
    const zh = linkBadge(offline, 'zh', 'Asia/Shanghai');
    expect(zh?.tone).toBe('danger');
    expect(zh && t(`admin.${zh.key}`, 'zh', zh.params)).toMatch(/^自 12\/06 18:30 起离线，40 条/);
    const en = linkBadge(offline, 'en', 'Asia/Shanghai');
    expect(en && t(`admin.${en.key}`, 'en', en.params)).toMatch(/^Offline since 06\/12, 18:30, 40/);
  });
});
