import type Database from 'better-sqlite3';
import type { StoreContext } from './context.js';
import { StoreError, sqliteCode, toStoreError } from './errors.js';
import { toCredential, toDevice, toJson } from './rows.js';
import type { Device, NewDevice, StaffCredential } from './types.js';

/** Devices' last-seen times are written at most this long after they were noted (`touchDevice`). */
export const SEEN_FLUSH_MS = 5_000;

/**
 * Devices and credentials: the devices registered to pair, their one-time pairing codes and
 * tokens (hashes only), their last-seen times and reported status; the clerks' PIN hashes.
 */
export class DeviceRegistry {
  private readonly redeemTx: Database.Transaction<
    (codeHash: string, tokenHash: string, now: number) => Device | null
  >;
  private readonly pairingCodeTx: Database.Transaction<
    (deviceId: string, codeHash: string, expiresAt: number) => void
  >;
  /**
   * Last-seen times not written yet (device id -> time): a reconnect storm of 1,000 displays
   * would otherwise be 1,000 fsynced transactions. Written in one transaction `SEEN_FLUSH_MS`
   * after the first, before a backup and at close; every read of a device shows them.
   */
  private readonly seen = new Map<string, number>();
  private seenTimer: NodeJS.Timeout | null = null;
  /**
   * Counts this connection's writes that may have taken a token from a device (a pairing gives
   * a new one, a revocation none): see `tokensVersion`.
   */
  private tokenWrites = 0;
  constructor(private readonly ctx: StoreContext) {
    const { db } = ctx;
    this.redeemTx = db.transaction((codeHash: string, tokenHash: string, now: number) =>
      this.writeRedeem(codeHash, tokenHash, now),
    );
    this.pairingCodeTx = db.transaction((deviceId: string, codeHash: string, expiresAt: number) =>
      this.writePairingCode(deviceId, codeHash, expiresAt),
    );
  }

  /** Registers a device to be paired; a second device with the same id is a `conflict`. */
  createDevice(device: NewDevice): Device {
    this.ctx.guard();
    try {
      this.ctx.stmts.insertDevice.run({ ...device, createdAt: this.ctx.now() });
      this.ctx.guard();
    } catch (err) {
      if (isConstraint(err)) {
        throw new StoreError('conflict', `device ${device.id} exists already`, { cause: err });
      }
      throw toStoreError(err, 'write_failed', `cannot create device ${device.id}`);
    }
    return this.mustGetDevice(device.id);
  }

  device(id: string): Device | null {
    const row = this.ctx.stmts.deviceById.get(id);
    return row ? this.withSeen(toDevice(row)) : null;
  }

  /** The device with its last-seen time not written yet, if any. */
  private withSeen(device: Device): Device {
    const seen = this.seen.get(device.id);
    return seen === undefined ? device : { ...device, lastSeenAt: seen };
  }

  /**
   * Stores the hash of a new one-time pairing code for a device. It replaces the device's
   * unused codes. A code whose hash is still live for another device is a `conflict` (the
   * caller makes another); an unknown or revoked device is `not_found`.
   */
  createPairingCode(deviceId: string, codeHash: string, expiresAt: number): void {
    this.ctx.guard();
    try {
      this.pairingCodeTx.immediate(deviceId, codeHash, expiresAt);
    } catch (err) {
      throw toStoreError(err, 'write_failed', `cannot make a pairing code for ${deviceId}`);
    }
    this.ctx.guard();
  }

  private writePairingCode(deviceId: string, codeHash: string, expiresAt: number): void {
    const s = this.ctx.stmts;
    const device = s.deviceById.get(deviceId);
    if (!device || device.revoked_at !== null) {
      throw new StoreError('not_found', `no device ${deviceId} to pair (unknown or revoked)`);
    }
    const now = this.ctx.now();
    s.deleteUnusedCodesOfDevice.run(deviceId);
    // Short codes come round again: a spent or expired one with the same hash may go.
    s.deleteDeadCode.run({ codeHash, now });
    if (s.pairingCode.get(codeHash)) {
      throw new StoreError('conflict', 'this pairing code is in use for another device');
    }
    s.insertPairingCode.run({ codeHash, deviceId, createdAt: now, expiresAt });
  }

  /**
   * Redeems a pairing code once: when it is unused, unexpired and its device not revoked, marks
   * it used and gives the device `tokenHash` (replacing any earlier token). Otherwise null.
   */
  redeemPairingCode(codeHash: string, tokenHash: string, now: number): Device | null {
    this.ctx.guard();
    let device: Device | null;
    try {
      device = this.redeemTx.immediate(codeHash, tokenHash, now);
    } catch (err) {
      throw toStoreError(err, 'write_failed', 'cannot redeem the pairing code');
    }
    this.ctx.guard();
    return device;
  }

  private writeRedeem(codeHash: string, tokenHash: string, now: number): Device | null {
    const s = this.ctx.stmts;
    const code = s.pairingCode.get(codeHash);
    if (!code || code.used_at !== null || code.expires_at <= now) return null;
    const device = s.deviceById.get(code.device_id);
    if (!device || device.revoked_at !== null) return null;
    if (s.useCode.run({ now, codeHash }).changes !== 1) return null;
    this.tokenWrites++;
    s.setDeviceToken.run({ tokenHash, now, id: code.device_id });
    return this.mustGetDevice(code.device_id);
  }

  /**
   * Changes whenever a device may have lost its token: after this connection paired or revoked
   * one (counted before the write, so a write that failed counts too), and after any other
   * connection (another program) committed anything (SQLite's `data_version`). While it stays
   * the same, every token found good before is good still.
   */
  tokensVersion(): string {
    // Every message asks (server/sockets.ts): the version read once per turn of the event loop.
    return `${this.tokenWrites}:${this.ctx.dataVersion()}`;
  }

  /** The unrevoked device holding this token hash, or null. */
  deviceByTokenHash(tokenHash: string): Device | null {
    const row = this.ctx.stmts.deviceByTokenHash.get(tokenHash);
    return row ? this.withSeen(toDevice(row)) : null;
  }

  listDevices(): Device[] {
    return this.ctx.stmts.listDevices.all().map((row) => this.withSeen(toDevice(row)));
  }

  /**
   * Records that the device was seen; false when there is no such device. Kept in memory and
   * written with the others within `SEEN_FLUSH_MS` (a last-seen time is not worth an fsync per
   * connection); reads show it at once.
   */
  touchDevice(id: string, now: number): boolean {
    if (!this.ctx.stmts.deviceById.get(id)) return false;
    this.sawDevice(id, now);
    return true;
  }

  /** `touchDevice` for a device just read (its connection's look-up): no second read. */
  sawDevice(id: string, now: number): void {
    this.seen.set(id, now);
    this.seenTimer ??= setTimeout(() => {
      try {
        this.flushSeen();
      } catch (err) {
        // Kept for the next try (the next touch, a backup or close); nothing else depends on it.
        console.error(`onestop-hub: writing devices' last-seen times failed: ${String(err)}`);
      }
    }, SEEN_FLUSH_MS).unref();
  }

  /** Writes the last-seen times kept in memory, in one transaction. Returns how many. */
  flushSeen(): number {
    if (this.seenTimer) clearTimeout(this.seenTimer);
    this.seenTimer = null;
    // Once the files are gone nothing is written; last-seen times are not worth a message.
    if (this.seen.size === 0 || !this.ctx.db.open || this.ctx.verifyFiles()) return 0;
    const entries = [...this.seen];
    this.ctx.db.transaction(() => {
      for (const [id, now] of entries) this.ctx.stmts.touchDevice.run({ now, id });
    })();
    // Only what was written: nothing can touch a device during the (synchronous) transaction.
    this.seen.clear();
    return entries.length;
  }

  /** Renames a device, inside the caller's transaction; false when there is no such device. */
  renameDevice(id: string, name: string): boolean {
    return this.ctx.stmts.renameDevice.run({ name, id }).changes === 1;
  }

  /** Stores the status a device reported (JSON); false when there is no such device. */
  setDeviceStatus(id: string, status: unknown, now: number): boolean {
    this.ctx.guard();
    this.seen.delete(id); // this write sets last_seen_at too, to a later time
    return this.ctx.stmts.setDeviceStatus.run({ status: toJson(status), now, id }).changes === 1;
  }

  /** Revokes a device for good: its token stops working and it cannot be paired again. */
  revokeDevice(id: string, now: number): boolean {
    this.ctx.guard();
    const changed = this.ctx.db.transaction(() => {
      this.tokenWrites++;
      const changed = this.ctx.stmts.revokeDevice.run({ now, id }).changes === 1;
      if (changed) this.ctx.stmts.deleteUnusedCodesOfDevice.run(id);
      return changed;
    })();
    this.ctx.guard();
    return changed;
  }

  private mustGetDevice(id: string): Device {
    const device = this.device(id);
    if (!device) throw new StoreError('not_found', `no device ${id}`);
    return device;
  }

  // ---- staff credentials --------------------------------------------------------------------

  getCredential(staffCode: string): StaffCredential | null {
    const row = this.ctx.stmts.getCredential.get(staffCode);
    return row ? toCredential(row) : null;
  }

  /** Sets a clerk's PIN hash and clears any lockout. */
  setPinHash(staffCode: string, pinHash: string): void {
    this.ctx.guard();
    this.ctx.stmts.setPinHash.run({ staffCode, pinHash, now: this.ctx.now() });
    this.ctx.guard();
  }
}

function isConstraint(err: unknown): boolean {
  return sqliteCode(err)?.startsWith('SQLITE_CONSTRAINT') ?? false;
}
