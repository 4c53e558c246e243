import { describe, expect, it } from 'vitest';
import { summary } from './Audit.js';

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
