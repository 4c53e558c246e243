import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from './cli-args.js';

describe('onestop-hub --clock-speed / --clock-start (development only)', () => {
  it('is off unless asked for', () => {
    expect(parseCli(['--demo'])).toMatchObject({ kind: 'serve', clock: null });
  });

  it('reads the speed and the start', () => {
    expect(
      parseCli(['--demo', '--clock-speed', '60', '--clock-start', '2026-03-02T08:30+08:00']),
    ).toMatchObject({ clock: { speed: 60, startAt: Date.UTC(2026, 2, 2, 0, 30) } });
    expect(parseCli(['--clock-speed', '10'])).toMatchObject({
      clock: { speed: 10, startAt: null },
    });
    expect(parseCli(['--clock-start', '2026-03-02T09:00Z'])).toMatchObject({
      clock: { speed: 1, startAt: Date.UTC(2026, 2, 2, 9) },
    });
  });

  it.each([
    [['--clock-speed', '0'], /--clock-speed must be from 1/],
    [['--clock-speed', 'fast'], /--clock-speed must be a whole number/],
    [['--clock-start', 'tomorrow'], /--clock-start must be an ISO time/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });
});
