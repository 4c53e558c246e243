import { describe, expect, it } from 'vitest';
import { parseTerminalConfig, parseTerminalConfigText } from './config.js';
import { isTrustedUrl, pageUrl } from '../../../common/electron/trusted.js';

describe('terminal config', () => {
  it('fills the defaults of a minimal config', () => {
    const parsed = parseTerminalConfig({
      hubUrl: 'http://10.0.0.2:7800',
      serial: [{ path: '/dev/ttyUSB0', led: true }],
    });
    expect(parsed).toEqual({
      ok: true,
      config: {
        hubUrl: 'http://10.0.0.2:7800',
        page: 'window',
        serial: [
          {
            path: '/dev/ttyUSB0',
            baudRate: 9600,
            protocol: 'line',
            address: 1,
            led: true,
            pad: false,
          },
        ],
      },
    });
  });

  it('refuses what it cannot use, saying where', () => {
    const problems = (input: unknown): string[] => {
      const parsed = parseTerminalConfig(input);
      return parsed.ok ? [] : parsed.problems;
    };
    expect(problems({ hubUrl: 'ftp://hub/' })).toEqual(['hubUrl: http or https only']);
    expect(problems({ hubUrl: 'http://hub', serial: [{ path: 'COM3' }] })).toEqual([
      'serial.0: a port needs an LED screen, a call pad, or both',
    ]);
    expect(
      problems({ hubUrl: 'http://hub', serial: [{ path: 'COM3', led: true, baudRate: 9601 }] })[0],
    ).toMatch(/^serial\.0\.baudRate/);
    expect(
      problems({
        hubUrl: 'http://hub',
        serial: [{ path: 'COM3', pad: true, protocol: 'modbus' }],
      })[0],
    ).toMatch(/^serial\.0\.protocol/);
    expect(
      problems({ hubUrl: 'http://hub', serial: [{ path: 'COM3', pad: true, address: 255 }] })[0],
    ).toMatch(/^serial\.0\.address/);
    expect(
      problems({
        hubUrl: 'http://hub',
        serial: [
          { path: 'COM3', pad: true },
          { path: 'COM3', led: true },
        ],
      }),
    ).toEqual(['(config): each serial port is listed once']);
    expect(
      problems({
        hubUrl: 'http://hub',
        serial: [{ path: 'COM3', led: true, protocol: 'onbon-bx5k', screen: { brightness: 16 } }],
      })[0],
    ).toMatch(/^serial\.0\.screen\.brightness/);
    expect(problems({ hubUrl: 'http://hub', token: 'x' })[0]).toMatch(/token/);
    expect(parseTerminalConfigText('{').ok).toBe(false);
  });
});

describe('trusted addresses', () => {
  const hub = 'http://192.168.1.10:7800';
  it('trusts only the hub’s own page for this terminal', () => {
    expect(isTrustedUrl(`${hub}/window/`, hub, 'window')).toBe(true);
    expect(isTrustedUrl(`${hub}/window/?pair=X`, hub, 'window')).toBe(true);
    expect(isTrustedUrl(`${hub}/rate/`, hub, 'window')).toBe(false);
    expect(isTrustedUrl(`${hub}/rate/`, hub, 'rate')).toBe(true);
    expect(isTrustedUrl('http://192.168.1.10:7801/window/', hub, 'window')).toBe(false);
    expect(isTrustedUrl('http://user:pw@192.168.1.10:7800/window/', hub, 'window')).toBe(false);
    expect(isTrustedUrl('javascript:alert(1)', hub, 'window')).toBe(false);
    expect(isTrustedUrl('not a url', hub, 'window')).toBe(false);
    expect(pageUrl(`${hub}/anything`, 'rate')).toBe(`${hub}/rate/`);
  });
});
