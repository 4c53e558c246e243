import { describe, expect, it } from 'vitest';
import { median, plausibleSamples, typicalServiceMs } from './estimate.js';
import { estimateWait } from './policy.js';
import { MINUTE, EngineTestHall } from './test-fixture.js';

const SECOND = 1_000;

describe('typicalServiceMs', () => {
  it('is the configured minutes before any service', () => {
    expect(typicalServiceMs([], 12)).toBe(12 * MINUTE);
  });

  it('takes the median of recent services, blended with the configuration', () => {
    // Median 6 minutes from 3 samples, against 10 configured: (3×6 + 5×10) / 8.
    expect(typicalServiceMs([5 * MINUTE, 9 * MINUTE, 6 * MINUTE], 10)).toBe(8.5 * MINUTE);
    // Many samples weigh more than the configuration: 45 at 4 minutes, 10 configured.
    const many = Array.from({ length: 45 }, () => 4 * MINUTE);
    expect(typicalServiceMs(many, 10)).toBe(4.6 * MINUTE);
  });

  it('ignores a burst of one-second finishes and never falls below the floor', () => {
    const burst = Array.from({ length: 20 }, () => SECOND);
    expect(plausibleSamples(burst, 10 * MINUTE)).toEqual([]);
    expect(typicalServiceMs(burst, 10)).toBe(10 * MINUTE);
    // Mixed with real services: only those count.
    expect(typicalServiceMs([...burst.slice(0, 8), 8 * MINUTE, 8 * MINUTE, 8 * MINUTE], 10)).toBe(
      Math.round((3 * 8 * MINUTE + 5 * 10 * MINUTE) / 8),
    );
    // No configuration to compare with: the floor (one minute) still holds.
    expect(typicalServiceMs(burst, 0)).toBe(MINUTE);
    // Short but plausible services cannot take it under a quarter of the configured minutes.
    const quick = Array.from({ length: 100 }, () => 2 * MINUTE);
    expect(typicalServiceMs(quick, 20)).toBe(5 * MINUTE);
  });

  it('ignores a two-hour outlier', () => {
    const samples = [6 * MINUTE, 7 * MINUTE, 120 * MINUTE, 5 * MINUTE];
    expect(plausibleSamples(samples, 8 * MINUTE)).toEqual([6 * MINUTE, 7 * MINUTE, 5 * MINUTE]);
    expect(typicalServiceMs(samples, 8)).toBe(Math.round((3 * 6 * MINUTE + 5 * 8 * MINUTE) / 8));
    // Even if it were kept, a median is not moved by one long case the way a mean is.
    expect(median(samples)).toBe(6.5 * MINUTE);
  });
});

describe('estimateWait with odd finishes', () => {
  it('says minutes, not "about 1 minute", after a run of one-second finishes', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w3');
    for (let i = 0; i < 6; i += 1) {
      hall.issue('tax');
      hall.serveNext('w3', SECOND);
    }
    for (let i = 0; i < 12; i += 1) hall.issue('tax');
    const wait = estimateWait(hall.state, 'tax', hall.now);
    // The configured 15 minutes per visitor, twelve waiting at one window.
    expect(wait.avgServiceMs).toBe(15 * MINUTE);
    expect(wait.minutes).toBe(12 * 15);
  });

  it('is not pulled up by one case left open for two hours', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w3');
    for (const minutes of [14, 16, 15, 120]) {
      hall.issue('tax');
      hall.serveNext('w3', minutes * MINUTE);
    }
    hall.issue('tax');
    expect(estimateWait(hall.state, 'tax', hall.now).avgServiceMs).toBe(15 * MINUTE);
  });
});
