import type { Staff } from '@onestop/shared';
import { hashSecret, newToken } from '../auth.js';
import type { ClerkSessionRecords, SessionEndReason, Store } from '../store/index.js';

/** How long a clerk's login at a window terminal lasts: a working day and then some. */
export const CLERK_SESSION_MS = 12 * 60 * 60_000;
/** Rows of logins expired longer ago than this are deleted at the next login. */
const KEEP_ENDED_MS = 24 * 60 * 60_000;

/** What the terminal is told when its login cannot be picked up again. */
export type SessionGoneCode =
  'session_expired' | 'session_ended' | 'session_pin_changed' | 'session_staff_disabled';

/** A clerk logged in at a window terminal (device), as the sockets keep it in memory. */
export interface WindowLogin {
  staff: Staff;
  tokenHash: string;
  expiresAt: number;
}

export type ResumeOutcome =
  { ok: true; login: WindowLogin } | { ok: false; code: SessionGoneCode; message: string };

function goneCode(reason: string | null): SessionGoneCode {
  switch (reason) {
    case 'pin_changed':
      return 'session_pin_changed';
    case 'staff_disabled':
      return 'session_staff_disabled';
    default:
      return 'session_ended';
  }
}

/** A PIN hash is already salted and slow; its SHA-256 only tells "the same PIN hash" apart. */
const pinTag = (pinHash: string | null): string => hashSecret(`pin:${pinHash ?? ''}`);

/**
 * Clerks' logins at window terminals, kept in the hall's database (`store.clerkSessions`) so a
 * restarted hub still knows them: the token only as its SHA-256 hash, bound to the terminal it
 * was given to, with an expiry. Each change is one transaction.
 */
export class ClerkSessions {
  private readonly records: ClerkSessionRecords;

  constructor(private readonly store: Store) {
    this.records = store.clerkSessions;
  }

  /**
   * A clerk just logged in at this terminal: ends the terminal's previous login, keeps the new
   * one (hashed) and returns its token, which is never stored.
   */
  create(deviceId: string, staff: Staff, now: number): { token: string; login: WindowLogin } {
    const token = newToken();
    const tokenHash = hashSecret(token);
    const expiresAt = now + CLERK_SESSION_MS;
    const tag = pinTag(this.store.getCredential(staff.code)?.pinHash ?? null);
    this.store.transaction(() => {
      this.records.endAtDevice(deviceId, 'replaced', now);
      this.records.prune(now - KEEP_ENDED_MS);
      this.records.insert({
        tokenHash,
        staffCode: staff.code,
        deviceId,
        pinTag: tag,
        now,
        expiresAt,
      });
    });
    return { token, login: { staff, tokenHash, expiresAt } };
  }

  /**
   * Picks a login up again at this terminal (after a reconnect), or says why it is gone: ended
   * (and why), expired, another terminal's, a PIN set since, or the clerk no longer active.
   */
  resume(deviceId: string, token: string, staffList: readonly Staff[], now: number): ResumeOutcome {
    const tokenHash = hashSecret(token);
    const row = this.records.byTokenHash(tokenHash);
    if (!row || row.device_id !== deviceId) {
      return { ok: false, code: 'session_ended', message: 'no such login at this terminal' };
    }
    if (row.ended_reason !== null) {
      return {
        ok: false,
        code: goneCode(row.ended_reason),
        message: `the login ended (${row.ended_reason})`,
      };
    }
    if (row.expires_at <= now) {
      return { ok: false, code: 'session_expired', message: 'the login has expired' };
    }
    const staff = staffList.find((s) => s.code === row.staff_code);
    if (!staff || !staff.active) {
      this.end(tokenHash, 'staff_disabled', now);
      return {
        ok: false,
        code: 'session_staff_disabled',
        message: `staff ${row.staff_code} is disabled or removed`,
      };
    }
    if (pinTag(this.store.getCredential(staff.code)?.pinHash ?? null) !== row.pin_tag) {
      this.end(tokenHash, 'pin_changed', now);
      return {
        ok: false,
        code: 'session_pin_changed',
        message: `a new PIN was set for ${staff.code}`,
      };
    }
    return { ok: true, login: { staff, tokenHash, expiresAt: row.expires_at } };
  }

  /** Ends one login for good. */
  end(tokenHash: string, reason: SessionEndReason, now: number): void {
    this.records.end(tokenHash, reason, now);
  }

  /** Ends every login of these staff (disabled, removed, a new PIN), in one transaction. */
  endForStaff(staffCodes: ReadonlySet<string>, reason: SessionEndReason, now: number): void {
    if (staffCodes.size === 0) return;
    this.store.transaction(() => {
      for (const staffCode of staffCodes) this.records.endOfStaff(staffCode, reason, now);
    });
  }
}

/**
 * The clerks logged in at window terminals, by device: in memory for every command, and in the
 * database (`ClerkSessions`) so a restarted hub picks a login up again with `staff_resume`.
 */
export class WindowLogins {
  private readonly byDevice = new Map<string, WindowLogin>();
  private readonly sessions: ClerkSessions;

  constructor(store: Store) {
    this.sessions = new ClerkSessions(store);
  }

  /** The login at this terminal, expired or not. */
  at(deviceId: string | null): WindowLogin | undefined {
    return deviceId === null ? undefined : this.byDevice.get(deviceId);
  }

  all(): IterableIterator<WindowLogin> {
    return this.byDevice.values();
  }

  /** A clerk logged in at this terminal (the PIN checked): ends its previous login. */
  login(deviceId: string, staff: Staff, now: number): string {
    const created = this.sessions.create(deviceId, staff, now);
    this.byDevice.set(deviceId, created.login);
    return created.token;
  }

  /** Picks a login up again (see `ClerkSessions.resume`); a gone one leaves this terminal too. */
  resume(deviceId: string, token: string, staff: readonly Staff[], now: number): ResumeOutcome {
    const resumed = this.sessions.resume(deviceId, token, staff, now);
    if (resumed.ok) this.byDevice.set(deviceId, resumed.login);
    else if (this.byDevice.get(deviceId)?.tokenHash === hashSecret(token)) {
      // The terminal's login is gone: whatever this device had in memory goes with it.
      this.byDevice.delete(deviceId);
    }
    return resumed;
  }

  logout(deviceId: string | null, now: number): void {
    const login = this.at(deviceId);
    if (login) this.sessions.end(login.tokenHash, 'logout', now);
    if (deviceId !== null) this.byDevice.delete(deviceId);
  }

  /** Why a command needing a logged-in clerk is refused at this terminal, or null. */
  refusal(
    deviceId: string | null,
    now: number,
  ): { code: 'not_logged_in' | 'session_expired'; message: string } | null {
    const login = this.at(deviceId);
    if (!login || deviceId === null) {
      return { code: 'not_logged_in', message: 'log in with staff code and PIN first' };
    }
    if (login.expiresAt <= now) {
      this.byDevice.delete(deviceId);
      return { code: 'session_expired', message: 'the login has expired; log in again' };
    }
    return null;
  }

  /** Ends every login of these staff (disabled or removed): in memory and for good. */
  endForStaff(staffCodes: ReadonlySet<string>, now: number): void {
    // Kept ended in the database too: enabled again, the clerk logs in again.
    this.sessions.endForStaff(staffCodes, 'staff_disabled', now);
    for (const [deviceId, login] of this.byDevice) {
      if (staffCodes.has(login.staff.code)) this.byDevice.delete(deviceId);
    }
  }

  /**
   * Forgets the logins of clerks given a new PIN (their rows say so at `staff_resume`); answers
   * the terminals they were at.
   */
  forgetStaff(staffCodes: ReadonlySet<string>): string[] {
    const devices: string[] = [];
    for (const [deviceId, login] of this.byDevice) {
      if (!staffCodes.has(login.staff.code)) continue;
      this.byDevice.delete(deviceId);
      devices.push(deviceId);
    }
    return devices;
  }
}
