import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from './index.js';
import { T0, tempDir, type TempDir } from './test-helpers.js';

let tmp: TempDir;
let store: Store;

beforeEach(() => {
  tmp = tempDir();
  store = Store.open(tmp.file('hall.sqlite'), { now: () => T0 });
});
afterEach(() => {
  store.close();
  tmp.remove();
});

const HOUR = 3_600_000;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('devices and pairing', () => {
  it('registers devices and refuses a second one with the same id', () => {
    const kiosk = store.createDevice({ id: 'k1', kind: 'kiosk', name: 'Kiosk 1', windowId: null });
    expect(kiosk).toEqual({
      id: 'k1',
      kind: 'kiosk',
      name: 'Kiosk 1',
      windowId: null,
      createdAt: T0,
      pairedAt: null,
      lastSeenAt: null,
      status: null,
      statusAt: null,
      revokedAt: null,
    });
    store.createDevice({ id: 'wt1', kind: 'window_terminal', name: 'W1', windowId: 'w1' });
    expect(
      thrown(() => store.createDevice({ id: 'k1', kind: 'display', name: 'x', windowId: null })),
    ).toMatchObject({ code: 'conflict' });
    expect(store.listDevices().map((d) => d.id)).toEqual(['k1', 'wt1']);
    expect(store.device('nope')).toBeNull();
  });

  it('redeems a pairing code once, and the token then finds the device', () => {
    store.createDevice({ id: 'k1', kind: 'kiosk', name: 'Kiosk 1', windowId: null });
    store.createPairingCode('k1', 'code-hash', T0 + HOUR);
    expect(store.deviceByTokenHash('token-1')).toBeNull();

    const paired = store.redeemPairingCode('code-hash', 'token-1', T0 + 1);
    expect(paired).toMatchObject({ id: 'k1', pairedAt: T0 + 1 });
    expect(store.deviceByTokenHash('token-1')?.id).toBe('k1');
    // One time only.
    expect(store.redeemPairingCode('code-hash', 'token-2', T0 + 2)).toBeNull();
    expect(store.deviceByTokenHash('token-2')).toBeNull();
    expect(store.redeemPairingCode('unknown-hash', 'token-3', T0 + 2)).toBeNull();
  });

  it('refuses an expired code', () => {
    store.createDevice({ id: 'k1', kind: 'kiosk', name: 'Kiosk 1', windowId: null });
    store.createPairingCode('k1', 'code-hash', T0 + HOUR);
    expect(store.redeemPairingCode('code-hash', 'token-1', T0 + HOUR)).toBeNull();
    expect(store.device('k1')?.pairedAt).toBeNull();
  });

  it('re-pairing replaces the old token and the old unused code', () => {
    store.createDevice({ id: 'k1', kind: 'kiosk', name: 'Kiosk 1', windowId: null });
    store.createPairingCode('k1', 'first', T0 + HOUR);
    store.redeemPairingCode('first', 'old-token', T0 + 1);
    store.createPairingCode('k1', 'second', T0 + HOUR);
    store.createPairingCode('k1', 'third', T0 + HOUR);
    // A new code replaces the device's unused one.
    expect(store.redeemPairingCode('second', 'new-token', T0 + 2)).toBeNull();
    expect(store.redeemPairingCode('third', 'new-token', T0 + 2)?.id).toBe('k1');
    expect(store.deviceByTokenHash('old-token')).toBeNull();
    expect(store.deviceByTokenHash('new-token')?.id).toBe('k1');
  });

  it('lets a spent or expired code hash come round again, but not a live one', () => {
    store.createDevice({ id: 'k1', kind: 'kiosk', name: 'Kiosk 1', windowId: null });
    store.createDevice({ id: 'k2', kind: 'kiosk', name: 'Kiosk 2', windowId: null });
    store.createPairingCode('k1', 'same', T0 + HOUR);
    expect(thrown(() => store.createPairingCode('k2', 'same', T0 + HOUR))).toMatchObject({
      code: 'conflict',
    });
    store.redeemPairingCode('same', 'token-1', T0 + 1);
    store.createPairingCode('k2', 'same', T0 + HOUR);
    expect(store.redeemPairingCode('same', 'token-2', T0 + 2)?.id).toBe('k2');
  });

  it('refuses codes for unknown devices, and revocation ends a token for good', () => {
    expect(thrown(() => store.createPairingCode('ghost', 'h', T0 + HOUR))).toMatchObject({
      code: 'not_found',
    });
    store.createDevice({ id: 'd1', kind: 'display', name: 'Board', windowId: null });
    store.createPairingCode('d1', 'h1', T0 + HOUR);
    store.redeemPairingCode('h1', 'token-1', T0 + 1);
    store.createPairingCode('d1', 'h2', T0 + HOUR);
    expect(store.revokeDevice('d1', T0 + 5)).toBe(true);
    expect(store.revokeDevice('d1', T0 + 6)).toBe(false);
    expect(store.deviceByTokenHash('token-1')).toBeNull();
    expect(store.redeemPairingCode('h2', 'token-2', T0 + 7)).toBeNull();
    expect(thrown(() => store.createPairingCode('d1', 'h3', T0 + HOUR))).toMatchObject({
      code: 'not_found',
    });
    expect(store.device('d1')?.revokedAt).toBe(T0 + 5);
  });

  it('records when a device was seen and what it reported', () => {
    store.createDevice({ id: 'k1', kind: 'kiosk', name: 'Kiosk 1', windowId: null });
    expect(store.touchDevice('k1', T0 + 10)).toBe(true);
    expect(store.device('k1')?.lastSeenAt).toBe(T0 + 10);
    const status = { printer: { online: true, paper: 'low' } };
    expect(store.setDeviceStatus('k1', status, T0 + 20)).toBe(true);
    expect(store.device('k1')).toMatchObject({ status, statusAt: T0 + 20, lastSeenAt: T0 + 20 });
    expect(store.touchDevice('ghost', T0)).toBe(false);
    expect(store.setDeviceStatus('ghost', {}, T0)).toBe(false);
  });

  it('keeps last-seen times in memory, shows them at once and writes them in one go', () => {
    const path = tmp.file('hall.sqlite');
    for (const id of ['d1', 'd2', 'd3']) {
      store.createDevice({ id, kind: 'display', name: id, windowId: null });
    }
    store.createPairingCode('d1', 'h1', T0 + HOUR);
    store.redeemPairingCode('h1', 'token-1', T0 + 1);
    const onDisk = (id: string): number | null => {
      const other = Store.open(path, { now: () => T0 });
      try {
        return other.device(id)?.lastSeenAt ?? null;
      } finally {
        other.close();
      }
    };
    expect(store.touchDevice('d1', T0 + 10)).toBe(true);
    expect(store.touchDevice('d2', T0 + 11)).toBe(true);
    expect(store.touchDevice('d1', T0 + 12)).toBe(true);
    // Every read sees the time at once; the file has it after the flush.
    expect(store.device('d1')?.lastSeenAt).toBe(T0 + 12);
    expect(store.deviceByTokenHash('token-1')?.lastSeenAt).toBe(T0 + 12);
    expect(store.listDevices().map((d) => d.lastSeenAt)).toEqual([T0 + 12, T0 + 11, null]);
    expect(onDisk('d1')).toBeNull();
    expect(store.flushSeen()).toBe(2);
    expect(store.flushSeen()).toBe(0);
    expect(onDisk('d1')).toBe(T0 + 12);
    expect(onDisk('d2')).toBe(T0 + 11);
    // A status report writes a later last-seen time itself; an older noted one does not undo it.
    store.touchDevice('d3', T0 + 20);
    store.setDeviceStatus('d3', { ok: true }, T0 + 30);
    expect(store.flushSeen()).toBe(0);
    expect(store.device('d3')?.lastSeenAt).toBe(T0 + 30);
    // Close writes what is left.
    store.touchDevice('d2', T0 + 40);
    store.close();
    expect(onDisk('d2')).toBe(T0 + 40);
  });

  it('writes a device and its code together in one transaction, or neither', () => {
    expect(() =>
      store.transaction(() => {
        store.createDevice({ id: 'k9', kind: 'kiosk', name: 'Kiosk 9', windowId: null });
        store.createPairingCode('k9', 'h', T0 + HOUR);
        throw new Error('the caller changed its mind');
      }),
    ).toThrow('changed its mind');
    expect(store.device('k9')).toBeNull();
  });
});

describe('staff credentials', () => {
  it('stores a PIN hash', () => {
    expect(store.getCredential('0042')).toBeNull();
    store.setPinHash('0042', 'scrypt$hash');
    expect(store.getCredential('0042')).toEqual({
      staffCode: '0042',
      pinHash: 'scrypt$hash',
      failedAttempts: 0,
      lockedUntil: null,
    });
  });

  it('clears the failures and lock of a code when its PIN is set', () => {
    // Counts kept by an older hub (the columns stay; this hub counts failures in memory).
    store.connection
      .prepare(
        `INSERT INTO staff_credentials (staff_code, pin_hash, failed_attempts, locked_until,
           updated_at) VALUES ('0099', NULL, 3, ?, ?)`,
      )
      .run(T0 + 15 * 60_000, T0);
    expect(store.getCredential('0099')).toMatchObject({
      pinHash: null,
      lockedUntil: T0 + 15 * 60_000,
    });
    store.setPinHash('0099', 'new');
    expect(store.getCredential('0099')).toEqual({
      staffCode: '0099',
      pinHash: 'new',
      failedAttempts: 0,
      lockedUntil: null,
    });
  });
});
