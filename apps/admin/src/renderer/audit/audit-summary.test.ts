import { describe, expect, it } from 'vitest';
import { testHall } from '@onestop/shared/testing';
import { actorText } from './Audit.js';
import { detailsText, rawDetails } from './audit-details.js';

describe('audit details in words', () => {
  const config = testHall();
  const tz = 'Asia/Shanghai';
  const at = 0;

  it('names the window by number, the clerk by code and name, the service and the reason', () => {
    const called = {
      type: 'ticket_called' as const,
      ticketId: '2025-03-03/A001',
      windowId: 'w3',
      staffCode: '1003',
      serviceId: 'marriage',
      reason: 'fifo' as const,
      at,
      seq: 4,
    };
    expect(detailsText(called, config, 'zh', tz)).toBe(
      'A001 · 3 号窗口 · 1003 张伟 · 婚姻登记 · 先到先办',
    );
    expect(detailsText(called, config, 'en', tz)).toBe(
      'A001 · Window 3 · 1003 张伟 · Marriage registration · First come, first served',
    );
    // The raw record keeps the hub's own keys for an investigator.
    expect(rawDetails(called)).toBe(
      '{"ticketId":"2025-03-03/A001","windowId":"w3","staffCode":"1003","serviceId":"marriage","reason":"fifo"}',
    );
    const opened = {
      type: 'window_opened' as const,
      windowId: 'w3',
      staffCode: '1003',
      at,
      seq: 5,
    };
    expect(detailsText(opened, config, 'zh', tz)).toBe('3 号窗口 · 1003 张伟');
    const paused = { type: 'window_paused' as const, windowId: 'w1', reason: 'break' as const };
    expect(detailsText({ ...paused, at, seq: 6 }, config, 'en', tz)).toBe('Window 1 · On a break');
  });

  it('says reasons, outcomes and ratings in the page language', () => {
    const noShow = {
      type: 'ticket_no_show' as const,
      ticketId: '2025-03-03/B002',
      windowId: 'w2',
      reason: 'recall_limit' as const,
      at,
      seq: 7,
    };
    expect(detailsText(noShow, config, 'zh', tz)).toBe('B002 · 2 号窗口 · 重呼次数已用完');
    expect(detailsText(noShow, config, 'en', tz)).toBe('B002 · Window 2 · recalls used up');
    const finished = {
      type: 'service_finished' as const,
      ticketId: '2025-03-03/A001',
      windowId: 'w1',
      serviceId: 'marriage',
      nextQueueServiceIds: ['residence', 'invoice'],
      nextStepIndex: 1,
      done: false,
      at,
      seq: 8,
    };
    expect(detailsText(finished, config, 'zh', tz)).toBe(
      'A001 · 1 号窗口 · 婚姻登记 · 下一步：户籍证明、发票领用',
    );
    const rated = {
      type: 'rating_recorded' as const,
      ticketId: '2025-03-03/A001',
      rating: {
        score: 2 as const,
        reasons: ['等候太久'],
        at,
        windowId: 'w1',
        staffCode: '1001',
        serviceId: 'marriage',
      },
      at,
      seq: 9,
    };
    expect(detailsText(rated, config, 'zh', tz)).toBe(
      'A001 · 1 号窗口 · 1001 王芳 · 不满意 · 等候太久',
    );
    expect(detailsText(rated, config, 'en', tz)).toBe(
      'A001 · Window 1 · 1001 王芳 · Dissatisfied · 等候太久',
    );
    const cancelled = {
      type: 'ticket_cancelled' as const,
      ticketId: '2025-03-03/C003',
      by: 'visitor' as const,
    };
    expect(detailsText({ ...cancelled, at, seq: 10 }, config, 'en', tz)).toBe(
      'C003 · cancelled by the visitor',
    );
  });

  it('names what an admin change touched, never more', () => {
    expect(
      detailsText(
        {
          type: 'device_renamed',
          deviceId: 'd7',
          kind: 'kiosk',
          windowId: null,
          name: '北门取号机',
          at,
          seq: 1,
        },
        config,
        'zh',
        tz,
      ),
    ).toBe('取号机 d7 → 北门取号机');
    expect(
      detailsText({ type: 'staff_pin_reset', staffCode: '1002', at, seq: 2 }, config, 'en', tz),
    ).toBe('1002 李强');
    expect(
      detailsText(
        {
          type: 'complaint_followed_up',
          complaintId: '2026-11-27/M001',
          action: 'callback',
          at,
          seq: 3,
        },
        config,
        'zh',
        tz,
      ),
    ).toBe('M001 · 已回访');
  });

  it('keeps an id it cannot name (a window or clerk since removed)', () => {
    const opened = { type: 'window_opened' as const, windowId: 'w99', staffCode: 'X9', at, seq: 1 };
    expect(detailsText(opened, config, 'zh', tz)).toBe('w99 · X9');
  });
});

describe('audit actor', () => {
  const entry = (actor: Parameters<typeof actorText>[0]['actor']) => ({
    actor,
    event: { type: 'day_opened' as const, businessDay: '2026-11-27', at: 0, seq: 1 },
  });
  const names = (id: string) => (id === 'dev-kiosk-1' ? '北门取号机' : null);

  it('names a device by its name, or by its kind and the start of its id', () => {
    const kiosk = entry({ kind: 'device', deviceId: 'dev-kiosk-1', deviceKind: 'kiosk' });
    expect(actorText(kiosk, '系统', names, 'zh')).toBe('北门取号机');
    const pad = entry({ kind: 'device', deviceId: 'aeaf4079-e1e9-4b35', deviceKind: 'rating_pad' });
    expect(actorText(pad, 'System', names, 'en')).toBe('Rating pad aeaf4079');
    const clerk = entry({ kind: 'staff', staffCode: 'C01', deviceId: 'dev-kiosk-1' });
    expect(actorText(clerk, '系统', names, 'zh')).toBe('C01 @ 北门取号机');
    expect(actorText(entry({ kind: 'system' }), '系统', names, 'zh')).toBe('系统');
  });
});
