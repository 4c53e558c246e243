import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.js';
import type { WebServer } from './server.js';

/**
 * Failures counted by key (a caller's address): the application's own bucket, on its own clock,
 * so that only failed tries cost (a right pairing code never waits).
 */
export interface FailureCounter {
  /** Milliseconds until `key` may try again; 0 when it may now. */
  waitMs(key: string): number;
  /** One failed try by `key`. */
  fail(key: string): void;
}

export interface FailureLimit {
  /** Refuses with 429 and `Retry-After` a caller who has spent its tries. */
  check: (request: FastifyRequest) => Promise<void>;
  /** Counts one failed try of this caller. */
  fail: (request: FastifyRequest) => Promise<void>;
}

/**
 * A limit on failed tries, through @fastify/rate-limit (its key, its 429 decision, its
 * `Retry-After` in seconds) with `counter` as its store. Register it in the scope of the routes
 * it guards.
 */
export async function failureLimit(
  scope: WebServer,
  counter: FailureCounter,
  options: {
    key: (request: FastifyRequest) => string;
    refusal: (retryAfterS: number) => string;
  },
): Promise<FailureLimit> {
  type Result = { current: number; ttl: number };
  type Callback = (error: Error | null, result?: Result) => void;
  class CounterStore {
    read(key: string, callback: Callback): void {
      const ttl = counter.waitMs(key);
      // One try allowed (max 1): a caller who must wait is over it.
      callback(null, { current: ttl > 0 ? 2 : 1, ttl });
    }
    incr(key: string, callback: Callback): void {
      counter.fail(key);
      this.read(key, callback);
    }
    child(): CounterStore {
      return this;
    }
  }
  await scope.register(rateLimit, { global: false, store: CounterStore });
  const limiter = scope.createRateLimit({ max: 1, keyGenerator: options.key });
  return {
    check: async (request) => {
      const result = await limiter(request, { increment: false });
      if (!result.isAllowed && result.isExceeded) {
        const seconds = String(result.ttlInSeconds);
        throw new HttpError(429, 'rate_limited', options.refusal(result.ttlInSeconds), {
          'Retry-After': seconds,
        });
      }
    },
    fail: async (request) => {
      await limiter(request);
    },
  };
}
