/*
 * How long one visitor takes at a window, for the wait estimates (kiosk, ticket page, monitor).
 *
 * A few odd finishes must not move the estimate: a clerk who presses "finish" a second after
 * "start" (a mistaken call, a visitor sent to another window) or a case left open over lunch
 * says nothing about the next visitor. The rule:
 *
 * 1. The service's configured minutes (`defaultMinutes`) are the reference.
 * 2. Recent durations far from it are outliers and are ignored: shorter than a tenth of it
 *    (and always under 30 seconds), or longer than four times it.
 * 3. The median of the remaining durations (not the mean: one long case cannot pull it).
 * 4. Blended with the configured minutes, the recent median weighing more as there are more
 *    samples: n / (n + 5) for n samples (5 samples weigh as much as the configuration).
 * 5. Never below a floor: a quarter of the configured minutes, and never under one minute.
 */

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;

/** Durations under this are never a service (a mis-press), whatever the configuration. */
export const SHORTEST_SERVICE_MS = 30 * SECOND_MS;
/** No estimate uses less than this per visitor. */
export const MIN_SERVICE_ESTIMATE_MS = MINUTE_MS;
/** How many recent samples weigh as much as the configured minutes. */
export const CONFIG_WEIGHT = 5;

/** The middle value (the mean of the two middle values for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

/** The recent durations the estimate believes: without mis-presses and forgotten cases. */
export function plausibleSamples(samples: readonly number[], configuredMs: number): number[] {
  const reference = configuredMs > 0 ? configuredMs : (median(samples) ?? 0);
  const low = Math.max(SHORTEST_SERVICE_MS, reference / 10);
  const high = reference > 0 ? reference * 4 : Number.POSITIVE_INFINITY;
  return samples.filter((ms) => Number.isFinite(ms) && ms >= low && ms <= high);
}

/**
 * The time one visitor is expected to take (ms), from the service's configured minutes and its
 * recent service durations (any order). See the rule at the top of this file.
 */
export function typicalServiceMs(samples: readonly number[], defaultMinutes: number): number {
  const configuredMs = Math.max(0, defaultMinutes) * MINUTE_MS;
  const kept = plausibleSamples(samples, configuredMs);
  const recent = median(kept);
  const n = kept.length;
  const blended =
    recent === null
      ? configuredMs
      : configuredMs > 0
        ? (n * recent + CONFIG_WEIGHT * configuredMs) / (n + CONFIG_WEIGHT)
        : recent;
  const floor = Math.max(MIN_SERVICE_ESTIMATE_MS, configuredMs / 4);
  return Math.round(Math.max(floor, blended));
}
