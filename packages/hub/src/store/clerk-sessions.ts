import type Database from 'better-sqlite3';
import { sql } from './sql.js';

/** Why a login ended for good (kept on its row, told to the terminal when it comes back). */
export type SessionEndReason = 'logout' | 'replaced' | 'staff_disabled' | 'pin_changed';

/** A row of `clerk_sessions` (migration 9), as a login is picked up again. */
export interface ClerkSessionRow {
  staff_code: string;
  device_id: string;
  pin_tag: string;
  expires_at: number;
  ended_reason: string | null;
}

/**
 * The clerks' logins at window terminals (`clerk_sessions`): the token only as its SHA-256 hash,
 * bound to the terminal, with an expiry and, once ended, why. When a login may be picked up
 * again, and what ends it, is the server's (server/clerk-sessions.ts).
 */
export class ClerkSessionRecords {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = {
      insert: sql(
        db,
        `INSERT INTO clerk_sessions (token_hash, staff_code, device_id, pin_tag, created_at,
           expires_at) VALUES (@tokenHash, @staffCode, @deviceId, @pinTag, @now, @expiresAt)`,
      ),
      byHash: sql(
        db,
        `SELECT staff_code, device_id, pin_tag, expires_at, ended_reason
         FROM clerk_sessions WHERE token_hash = @tokenHash`,
      ),
      endOne: sql(
        db,
        `UPDATE clerk_sessions SET ended_at = @now, ended_reason = @reason
         WHERE token_hash = @tokenHash AND ended_at IS NULL`,
      ),
      endDevice: sql(
        db,
        `UPDATE clerk_sessions SET ended_at = @now, ended_reason = @reason
         WHERE device_id = @deviceId AND ended_at IS NULL`,
      ),
      endStaff: sql(
        db,
        `UPDATE clerk_sessions SET ended_at = @now, ended_reason = @reason
         WHERE staff_code = @staffCode AND ended_at IS NULL`,
      ),
      prune: sql(db, 'DELETE FROM clerk_sessions WHERE expires_at < @before'),
    };
  }

  insert(row: {
    tokenHash: string;
    staffCode: string;
    deviceId: string;
    pinTag: string;
    now: number;
    expiresAt: number;
  }): void {
    this.q.insert.run(row);
  }

  /** The login with this token hash, ended or not, or null. */
  byTokenHash(tokenHash: string): ClerkSessionRow | null {
    return this.q.byHash.get<ClerkSessionRow>({ tokenHash }) ?? null;
  }

  /** Ends one login, unless it ended already. */
  end(tokenHash: string, reason: SessionEndReason, now: number): void {
    this.q.endOne.run({ tokenHash, now, reason });
  }

  /** Ends the logins still going at this terminal. */
  endAtDevice(deviceId: string, reason: SessionEndReason, now: number): void {
    this.q.endDevice.run({ deviceId, now, reason });
  }

  /** Ends the logins still going of this clerk. */
  endOfStaff(staffCode: string, reason: SessionEndReason, now: number): void {
    this.q.endStaff.run({ staffCode, now, reason });
  }

  /** Deletes the rows of logins that expired before `before`. */
  prune(before: number): void {
    this.q.prune.run({ before });
  }
}
