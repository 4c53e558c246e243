import { describe, expect, it } from 'vitest';
import { actorText, summary } from './Audit.js';

describe('audit summary', () => {
  it('names what an admin change touched, never more', () => {
    const at = 0;
    expect(
      summary({
        type: 'device_renamed',
        deviceId: 'd7',
        kind: 'kiosk',
        windowId: null,
        name: '北门取号机',
        at,
        seq: 1,
      }),
    ).toBe('kiosk d7 → 北门取号机');
    expect(summary({ type: 'staff_pin_reset', staffCode: 'C03', at, seq: 2 })).toBe('C03');
    expect(
      summary({
        type: 'complaint_followed_up',
        complaintId: '2026-11-27/M001',
        action: 'callback',
        at,
        seq: 3,
      }),
    ).toBe('2026-11-27/M001 callback');
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
