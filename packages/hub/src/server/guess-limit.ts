/**
 * Failed guesses at `POST /api/pair`, by the caller's address: a bucket of `burst` tries,
 * refilled one every `refillMs`. A pairing code that works costs nothing, so pairing a hall's
 * devices is never slowed; an address that has spent its tries gets 429 with `Retry-After`
 * until the next one. (500 guesses went through at 400–800 a second, and none was refused.)
 */
export const PAIR_GUESS_LIMIT = { burst: 10, refillMs: 30_000 } as const;

interface Bucket {
  tokens: number;
  at: number;
}

export class GuessLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => number,
    private readonly limit: { burst: number; refillMs: number } = PAIR_GUESS_LIMIT,
    private readonly maxEntries = 10_000,
  ) {}

  private bucket(address: string): Bucket {
    const now = this.now();
    const b = this.buckets.get(address);
    if (!b) return { tokens: this.limit.burst, at: now };
    const refilled = Math.max(0, now - b.at) / this.limit.refillMs;
    return { tokens: Math.min(this.limit.burst, b.tokens + refilled), at: now };
  }

  /** Milliseconds until this address may try again; 0 when it may now. */
  waitMs(address: string): number {
    const b = this.bucket(address);
    return b.tokens >= 1 ? 0 : Math.ceil((1 - b.tokens) * this.limit.refillMs);
  }

  /** One failed try from this address. */
  fail(address: string): void {
    const b = this.bucket(address);
    this.buckets.delete(address); // kept in the order of the last failure, the oldest first
    this.buckets.set(address, { tokens: Math.max(0, b.tokens - 1), at: b.at });
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxEntries) break;
      this.buckets.delete(key);
    }
  }
}
