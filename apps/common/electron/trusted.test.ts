import { describe, expect, it } from 'vitest';
import { isTrustedUrl, pageUrl } from './trusted.js';

describe('isTrustedUrl', () => {
  const hub = 'http://192.168.1.10:7800';
  it.each([
    ['http://192.168.1.10:7800/display/', true],
    ['http://192.168.1.10:7800/display/?windows=w1', true],
    ['http://192.168.1.10:7800/display/voice/zh/qing.wav', true],
    ['http://192.168.1.10:7800/admin/', false],
    ['http://192.168.1.10:7801/display/', false],
    ['https://192.168.1.10:7800/display/', false],
    ['http://192.168.1.10.evil.example:7800/display/', false],
    ['http://user:pw@192.168.1.10:7800/display/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, trusted) => {
    expect(isTrustedUrl(url, hub, 'display')).toBe(trusted);
  });

  it("trusts only the shell's own page of the hub", () => {
    expect(isTrustedUrl(`${hub}/kiosk/`, hub, 'kiosk')).toBe(true);
    expect(isTrustedUrl(`${hub}/kiosk/assets/index.js`, hub, 'kiosk')).toBe(true);
    expect(isTrustedUrl(`${hub}/display/`, hub, 'kiosk')).toBe(false);
    expect(isTrustedUrl(`${hub}/kiosk`, hub, 'kiosk')).toBe(false);
    expect(isTrustedUrl(`${hub}/kiosk/`, 'not a url', 'kiosk')).toBe(false);
  });

  it('makes the page address of a hub', () => {
    expect(pageUrl('http://hub:7800', 'display')).toBe('http://hub:7800/display/');
    expect(pageUrl('http://hub:7800/', 'display')).toBe('http://hub:7800/display/');
    expect(pageUrl('https://hub:7800/anything', 'kiosk')).toBe('https://hub:7800/kiosk/');
  });
});
