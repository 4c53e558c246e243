import { describe, expect, it } from 'vitest';
import { deviceStatusText } from './device-status.js';

describe('deviceStatusText', () => {
  it('puts a reported status in words, printer first, then the detail', () => {
    const status = {
      state: 'error',
      detail: 'paper out',
      printer: { paper: 'out', coverOpen: true, online: true },
    };
    expect(deviceStatusText(status, 'zh')).toBe('故障 · 缺纸 · 打印机盖未合 · paper out');
    expect(deviceStatusText(status, 'en')).toBe(
      'Error · Paper out · Printer cover open · paper out',
    );
    expect(deviceStatusText({ state: 'ok', detail: '' }, 'en')).toBe('OK');
    expect(
      deviceStatusText(
        { state: 'warning', detail: '', printer: { paper: 'near_end', online: false } },
        'zh',
      ),
    ).toBe('警告 · 纸将用尽 · 打印机离线');
  });

  it('shows a dash for nothing or something it cannot read', () => {
    expect(deviceStatusText(null, 'zh')).toBe('—');
    expect(deviceStatusText('garbage', 'en')).toBe('—');
    expect(deviceStatusText({ state: 'exploded' }, 'en')).toBe('—');
  });
});
