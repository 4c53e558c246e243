import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from './auth.js';
import { DEMO_HALL, DEMO_STAFF } from './demo.js';
import { Hub } from './hub.js';
import { checkStaffLogin, LoginGuard } from './server/sessions.js';

/** A promise the test resolves or rejects by hand. */
function gate(): { promise: Promise<void>; open: () => void; fail: (err: Error) => void } {
  let open = (): void => {};
  let fail = (_err: Error): void => {};
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

const PINS = new Map(DEMO_STAFF.map((s) => [s.code, s.pin]));
const ADDRESS = '192.168.1.20';

describe('the first PINs, hashed after the hub listens', () => {
  let dir: string;
  let hub: Hub;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onestop-start-pins-'));
    hub = Hub.open({ dbPath: join(dir, 'hall.sqlite'), config: DEMO_HALL, checkpoint: 'inline' });
  });

  afterEach(() => {
    hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const login = (staffCode: string, pin: string, guard = new LoginGuard()) =>
    checkStaffLogin(hub, guard, { staffCode, pin, address: ADDRESS });

  it('stores a salted scrypt hash of every PIN, at most `concurrency` at a time', async () => {
    let running = 0;
    let most = 0;
    const stored = await hub.startPins.seed(hub.store, PINS, {
      concurrency: 3,
      hash: async (pin) => {
        running += 1;
        most = Math.max(most, running);
        try {
          return await hashPin(pin);
        } finally {
          running -= 1;
        }
      },
    });
    expect(most).toBe(3);
    expect(stored.sort()).toEqual([...PINS.keys()].sort());
    const hashes = DEMO_STAFF.map((s) => hub.store.getCredential(s.code)?.pinHash ?? '');
    expect(new Set(hashes).size).toBe(DEMO_STAFF.length); // a salt of its own each
    for (const [i, s] of DEMO_STAFF.entries()) {
      expect(hashes[i]).toMatch(/^scrypt\$4096\$8\$4\$/);
      expect(await verifyPin(s.pin, hashes[i] ?? '')).toBe(true);
    }
  });

  it('holds a login that comes meanwhile until the PINs are stored, then checks it', async () => {
    const hashing = gate();
    const seeded = hub.startPins.seed(hub.store, PINS, {
      hash: async (pin) => {
        await hashing.promise;
        return hashPin(pin);
      },
    });
    const answers: string[] = [];
    const right = login('ADMIN', '8642').then((o) => (answers.push('right'), o));
    const wrong = login('S01', '0000').then((o) => (answers.push('wrong'), o));
    const unknown = login('NOBODY', '8642').then((o) => (answers.push('unknown'), o));
    // Not answered while the PINs are being hashed: neither let in nor refused.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answers).toEqual([]);
    expect(hub.store.getCredential('ADMIN')).toBeNull();

    hashing.open();
    await seeded;
    expect(await right).toMatchObject({ ok: true, staff: { code: 'ADMIN' } });
    expect(await wrong).toMatchObject({ ok: false, code: 'login_failed' });
    expect(await unknown).toMatchObject({ ok: false, code: 'login_failed' });
    // Once stored, a login is checked at once.
    expect(await login('C01', '1010')).toMatchObject({ ok: true });
  });

  it('keeps a PIN set while the first ones were being hashed, and one set before', async () => {
    hub.store.setPinHash('C01', await hashPin('9999'));
    const hashing = gate();
    const seeded = hub.startPins.seed(hub.store, PINS, {
      hash: async (pin) => {
        await hashing.promise;
        return hashPin(pin);
      },
    });
    // An admin sets S01's PIN in the console before the file's is stored.
    hub.store.setPinHash('S01', await hashPin('1357'));
    hashing.open();
    const stored = await seeded;
    expect(stored).not.toContain('C01');
    expect(stored).not.toContain('S01');
    expect(await login('C01', '9999')).toMatchObject({ ok: true });
    expect(await login('S01', '1357')).toMatchObject({ ok: true });
    expect(await login('S01', '2468')).toMatchObject({ ok: false, code: 'login_failed' });
    // A second start hashes nothing: every PIN is set.
    expect(await hub.startPins.seed(hub.store, PINS)).toEqual([]);
  });

  it('answers a waiting login when the PINs could not be stored: refused, not lost', async () => {
    const hashing = gate();
    const seeded = hub.startPins.seed(hub.store, PINS, {
      hash: async () => {
        await hashing.promise;
        return 'never';
      },
    });
    const waiting = login('ADMIN', '8642');
    hashing.fail(new Error('no memory for scrypt'));
    await expect(seeded).rejects.toThrow('no memory for scrypt');
    expect(await waiting).toMatchObject({ ok: false, code: 'login_failed' });
    expect(hub.store.getCredential('ADMIN')).toBeNull();
  });

  it('counts a login that waited towards the lock like any other', async () => {
    const hashing = gate();
    const seeded = hub.startPins.seed(hub.store, PINS, {
      hash: async (pin) => {
        await hashing.promise;
        return hashPin(pin);
      },
    });
    const guard = new LoginGuard({ maxAttempts: 2, lockMs: 60_000 });
    const guesses = [login('ADMIN', '0001', guard), login('ADMIN', '0002', guard)];
    // Counted before they wait: a third guess sent meanwhile is already locked out.
    expect(await login('ADMIN', '8642', guard)).toMatchObject({ ok: false, code: 'locked_out' });
    hashing.open();
    await seeded;
    for (const g of await Promise.all(guesses)) expect(g).toMatchObject({ ok: false });
  });
});
