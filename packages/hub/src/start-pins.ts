import { availableParallelism } from 'node:os';
import { hashPin } from './auth.js';
import type { Store } from './store/index.js';

/**
 * The first PINs of a hall file (or of `--demo`), hashed after the hub listens.
 *
 * A first start has every clerk's PIN to hash with scrypt (about 50 ms of CPU each: 14 demo
 * clerks were 750 ms of CPU before the first answer). The hub listens first and hashes them
 * meanwhile; a login that comes before they are stored waits for them (`whenStored`), so it is
 * neither refused for a PIN not yet stored nor let in by one: it is checked like any other once
 * they are. Same scrypt parameters and a fresh random salt for each PIN, as always (`hashPin`).
 */
export class StartPins {
  private stored: Promise<void> = Promise.resolve();

  /**
   * Hashes the PINs of staff codes that have none yet and stores them in one transaction. A PIN
   * from the file is only the first one: a PIN set since (in the console, even while these were
   * being hashed) is kept. At most `concurrency` hashes at a time on libuv's threads: by default
   * one core fewer than the machine has, so the main thread keeps one to answer with.
   * Resolves with the staff codes whose PIN was stored; rejects when the write failed.
   */
  seed(
    store: Store,
    pins: ReadonlyMap<string, string>,
    options: { concurrency?: number; hash?: (pin: string) => Promise<string> } = {},
  ): Promise<string[]> {
    const hash = options.hash ?? hashPin;
    const concurrency = Math.max(1, options.concurrency ?? Math.min(4, availableParallelism() - 1));
    const fresh = [...pins].filter(([code]) => !store.getCredential(code));
    if (fresh.length === 0) return Promise.resolve([]); // a restart: every PIN is set
    const done = (async () => {
      const hashes: [string, string][] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < fresh.length) {
          const [code, pin] = fresh[next++] as [string, string];
          hashes.push([code, await hash(pin)]);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, fresh.length) }, worker));
      return store.transaction(() => {
        const set: string[] = [];
        for (const [code, pinHash] of hashes) {
          if (store.getCredential(code)) continue; // set meanwhile: that one is newer
          store.setPinHash(code, pinHash);
          set.push(code);
        }
        return set;
      });
    })();
    const previous = this.stored;
    // Logins wait for this seeding (and any before it) to end, stored or failed.
    this.stored = Promise.all([previous, done]).then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  /** Settles once every PIN given to `seed` so far is stored (or its write failed). */
  whenStored(): Promise<void> {
    return this.stored;
  }
}
