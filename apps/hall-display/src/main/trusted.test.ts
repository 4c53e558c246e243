import { describe, expect, it } from 'vitest';
import { displayPageUrl, isTrustedUrl } from './trusted.js';

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
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, trusted) => {
    expect(isTrustedUrl(url, hub)).toBe(trusted);
  });

  it('makes the display page of a hub', () => {
    expect(displayPageUrl('http://hub:7800')).toBe('http://hub:7800/display/');
    expect(displayPageUrl('http://hub:7800/')).toBe('http://hub:7800/display/');
  });
});
