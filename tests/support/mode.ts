/**
 * The test mode. `npm test` runs the CI-sized suites; `npm run test:long` sets ONESTOP_LONG=1
 * and the fault and fuzz suites scale up (at least 1,000 kill points, a million fuzzed messages).
 */
export const LONG = process.env.ONESTOP_LONG === '1';

/** A count for CI, or the long mode's count. */
export function scaled(ci: number, long: number): number {
  return LONG ? long : ci;
}
