import Database from 'better-sqlite3';
import { thrown } from '@onestop/shared/testing';
import { describe, expect, it } from 'vitest';
import { Store } from './index.js';
import { T0, useTempStore } from './test-helpers.js';

const temp = useTempStore();

const HOUR = 3_600_000;

describe('devices and pairing', () => {
  it('registers devices and refuses a second one with the same id', () => {
    const kiosk = temp.store.createDevice({
      id: 'k1',
      kind: 'kiosk',
      name: 'Kiosk 1',
      windowId: null,
    });
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
    temp.store.createDevice({ id: 'wt1', kind: 'window_terminal', name: 'W1', windowId: 'w1' });
    expect(
      thrown(() =>
        temp.store.createDevice({ id: 'k1', kind: 'display', name: 'x', windowId: null }),
      ),
    ).toMatchObject({ code: 'conflict' });
    expect(temp.store.listDevices().map((d) => d.id)).toEqual(['k1', 'wt1']);
    expect(temp.store.device('nope')).toBeNull();
  });

  it('redeems a pairing code once, and the token then finds the device', () => {
    temp.store.createDevice({ id: 'k1', kind: 'kiosk', name: 'Kiosk 1', windowId: null });
    temp.store.createPairingCode('k1', 'code-hash', T0 + HOUR);
    expect(temp.store.deviceByTokenHash('token-1')).toBeNull();

    const paired = temp.store.redeemPairingCode('code-hash', 'token-1', T0 + 1);
    expect(paired).toMatchObject({ id: 'k1', pairedAt: T0 + 1 });
    expect(temp.store.deviceByTokenHash('token-1')?.id).toBe('k1');
    // One time only.
    expect(temp.store.redeemPairingCode('code-hash', 'token-2', T0 + 2)).toBeNull();
    expect(temp.store.deviceByTokenHash('token-2')).toBeNull();
    expect(temp.store.redeemPairingCode('unknown-hash', 'token-3', T0 + 2)).toBeNull();
  });

  it('refuses an expired code', () => {
    temp.store.createDevice({ id: 'k1', kind: 'kiosk', name: 'Kiosk 1', windowId: null });
    temp.store.createPairingCode('k1', 'code-hash', T0 + HOUR);
    expect(temp.store.redeemPairingCode('code-hash', 'token-1', T0 + HOUR)).toBeNull();
    expect(temp.store.device('k1')?.pairedAt).toBeNull();
  });

  it('re-pairing replaces the old token and the old unused code', () => {
    temp.store.createDevice({ id: 'k1', kind: 'kiosk', name: 'Kiosk 1', windowId: null });
    temp.store.createPairingCode('k1', 'first', T0 + HOUR);
    temp.store.redeemPairingCode('first', 'old-token', T0 + 1);
    temp.store.createPairingCode('k1', 'second', T0 + HOUR);
    temp.store.createPairingCode('k1', 'third', T0 + HOUR);
    // A new code replaces the device's unused one.
    expect(temp.store.redeemPairingCode('second', 'new-token', T0 + 2)).toBeNull();
    expect(temp.store.redeemPairingCode('third', 'new-token', T0 + 2)?.id).toBe('k1');
    expect(temp.store.deviceByTokenHash('old-token')).toBeNull();
    expect(temp.store.deviceByTokenHash('new-token')?.id).toBe('k1');
  });

  it('lets a spent or expired code hash come round again, but not a live one', () => {
    temp.store.createDevice({ id: 'k1', kind: 'kiosk', name: 'Kiosk 1', windowId: null });
    temp.store.createDevice({ id: 'k2', kind: 'kiosk', name: 'Kiosk 2', windowId: null });
    temp.store.createPairingCode('k1', 'same', T0 + HOUR);
    expect(thrown(() => temp.store.createPairingCode('k2', 'same', T0 + HOUR))).toMatchObject({
      code: 'conflict',
    });
    temp.store.redeemPairingCode('same', 'token-1', T0 + 1);
    temp.store.createPairingCode('k2', 'same', T0 + HOUR);
    expect(temp.store.redeemPairingCode('same', 'token-2', T0 + 2)?.id).toBe('k2');
  });

  it('refuses codes for unknown devices, and revocation ends a token for good', () => {
    expect(thrown(() => temp.store.createPairingCode('ghost', 'h', T0 + HOUR))).toMatchObject({
      code: 'not_found',
    });
    temp.store.createDevice({ id: 'd1', kind: 'display', name: 'Board', windowId: null });
    temp.store.createPairingCode('d1', 'h1', T0 + HOUR);
    temp.store.redeemPairingCode('h1', 'token-1', T0 + 1);
    temp.store.createPairingCode('d1', 'h2', T0 + HOUR);
    expect(temp.store.revokeDevice('d1', T0 + 5)).toBe(true);
    expect(temp.store.revokeDevice('d1', T0 + 6)).toBe(false);
    expect(temp.store.deviceByTokenHash('token-1')).toBeNull();
    expect(temp.store.redeemPairingCode('h2', 'token-2', T0 + 7)).toBeNull();
    expect(thrown(() => temp.store.createPairingCode('d1', 'h3', T0 + HOUR))).toMatchObject({
      code: 'not_found',
    });
    expect(temp.store.device('d1')?.revokedAt).toBe(T0 + 5);
  });

  it("changes its tokens version at once for this store's pairings, and from the next turn for another program's writes", async () => {
    const { store } = temp;
    store.createDevice({ id: 'k1', kind: 'kiosk', name: 'K', windowId: null });
    store.createPairingCode('k1', 'code-hash', T0 + HOUR);
    const first = store.tokensVersion();
    expect(store.tokensVersion()).toBe(first);
    expect(store.redeemPairingCode('code-hash', 'token-hash', T0)).not.toBeNull();
    const paired = store.tokensVersion();
    expect(paired).not.toBe(first);
    // Another connection (a sqlite3 shell) revokes the device.
    const other = new Database(temp.file, { fileMustExist: true });
    other.prepare('UPDATE devices SET revoked_at = 1, token_hash = NULL').run();
    other.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.tokensVersion()).not.toBe(paired);
  });

  it('records when a device was seen and what it reported', () => {
    temp.store.createDevice({ id: 'k1', kind: 'kiosk', name: 'Kiosk 1', windowId: null });
    expect(temp.store.touchDevice('k1', T0 + 10)).toBe(true);
    expect(temp.store.device('k1')?.lastSeenAt).toBe(T0 + 10);
    const status = { printer: { online: true, paper: 'low' } };
    expect(temp.store.setDeviceStatus('k1', status, T0 + 20)).toBe(true);
    expect(temp.store.device('k1')).toMatchObject({
      status,
      statusAt: T0 + 20,
      lastSeenAt: T0 + 20,
    });
    expect(temp.store.touchDevice('ghost', T0)).toBe(false);
    expect(temp.store.setDeviceStatus('ghost', {}, T0)).toBe(false);
  });

  it('keeps last-seen times in memory, shows them at once and writes them in one go', () => {
    const path = temp.file;
    for (const id of ['d1', 'd2', 'd3']) {
      temp.store.createDevice({ id, kind: 'display', name: id, windowId: null });
    }
    temp.store.createPairingCode('d1', 'h1', T0 + HOUR);
    temp.store.redeemPairingCode('h1', 'token-1', T0 + 1);
    const onDisk = (id: string): number | null => {
      const other = Store.open(path, { now: () => T0 });
      try {
        return other.device(id)?.lastSeenAt ?? null;
      } finally {
        other.close();
      }
    };
    expect(temp.store.touchDevice('d1', T0 + 10)).toBe(true);
    expect(temp.store.touchDevice('d2', T0 + 11)).toBe(true);
    // A connection's look-up notes its device without reading it again: the same as a touch.
    const found = temp.store.deviceByTokenHash('token-1');
    expect(found?.id).toBe('d1');
    temp.store.sawDevice('d1', T0 + 12);
    // Every read sees the time at once; the file has it after the flush.
    expect(temp.store.device('d1')?.lastSeenAt).toBe(T0 + 12);
    expect(temp.store.deviceByTokenHash('token-1')?.lastSeenAt).toBe(T0 + 12);
    expect(temp.store.listDevices().map((d) => d.lastSeenAt)).toEqual([T0 + 12, T0 + 11, null]);
    expect(onDisk('d1')).toBeNull();
    expect(temp.store.flushSeen()).toBe(2);
    expect(temp.store.flushSeen()).toBe(0);
    expect(onDisk('d1')).toBe(T0 + 12);
    expect(onDisk('d2')).toBe(T0 + 11);
    // A status report writes a later last-seen time itself; an older noted one does not undo it.
    temp.store.touchDevice('d3', T0 + 20);
    temp.store.setDeviceStatus('d3', { ok: true }, T0 + 30);
    expect(temp.store.flushSeen()).toBe(0);
    expect(temp.store.device('d3')?.lastSeenAt).toBe(T0 + 30);
    // Close writes what is left.
    temp.store.touchDevice('d2', T0 + 40);
    temp.store.close();
    expect(onDisk('d2')).toBe(T0 + 40);
  });

  it('writes a device and its code together in one transaction, or neither', () => {
    expect(() =>
      temp.store.transaction(() => {
        temp.store.createDevice({ id: 'k9', kind: 'kiosk', name: 'Kiosk 9', windowId: null });
        temp.store.createPairingCode('k9', 'h', T0 + HOUR);
        throw new Error('the caller changed its mind');
      }),
    ).toThrow('changed its mind');
    expect(temp.store.device('k9')).toBeNull();
  });
});

describe('staff credentials', () => {
  it('stores a PIN hash', () => {
    expect(temp.store.getCredential('0042')).toBeNull();
    temp.store.setPinHash('0042', 'scrypt$hash');
    expect(temp.store.getCredential('0042')).toEqual({
      staffCode: '0042',
      pinHash: 'scrypt$hash',
      failedAttempts: 0,
      lockedUntil: null,
    });
  });

  it('clears the failures and lock of a code when its PIN is set', () => {
    // Counts kept by an older hub (the columns stay; this hub counts failures in memory).
    temp.store.connection
      .prepare(
        `INSERT INTO staff_credentials (staff_code, pin_hash, failed_attempts, locked_until,
           updated_at) VALUES ('0099', NULL, 3, ?, ?)`,
      )
      .run(T0 + 15 * 60_000, T0);
    expect(temp.store.getCredential('0099')).toMatchObject({
      pinHash: null,
      lockedUntil: T0 + 15 * 60_000,
    });
    temp.store.setPinHash('0099', 'new');
    expect(temp.store.getCredential('0099')).toEqual({
      staffCode: '0099',
      pinHash: 'new',
      failedAttempts: 0,
      lockedUntil: null,
    });
  });
});
