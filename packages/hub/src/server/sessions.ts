import type { Staff, StaffRole } from '@onestop/shared';
import { hashSecret, newToken, verifyPin } from '../auth.js';
import type { Hub } from '../hub.js';

export const LOGIN_POLICY = { maxAttempts: 5, lockMs: 5 * 60_000 } as const;
const SESSION_MS = 12 * 60 * 60_000;

export interface Session {
  staffCode: string;
  role: StaffRole;
  name: string;
  expiresAt: number;
}

export type LoginOutcome =
  { ok: true; staff: Staff } | { ok: false; code: 'login_failed' | 'locked_out'; message: string };

/**
 * Checks a clerk's staff code and PIN. Failures are counted in the store and lock the code for
 * a while after `maxAttempts`, so a PIN cannot be guessed by trying them all.
 */
export async function checkStaffLogin(
  hub: Hub,
  staffCode: string,
  pin: string,
): Promise<LoginOutcome> {
  const now = hub.now();
  const staff = hub.config.staff.find((s) => s.code === staffCode);
  const credential = hub.store.getCredential(staffCode);
  if (credential && credential.lockedUntil !== null && credential.lockedUntil > now) {
    return {
      ok: false,
      code: 'locked_out',
      message: `staff code ${staffCode} is locked for ${Math.ceil((credential.lockedUntil - now) / 60_000)} more minute(s) after repeated failures`,
    };
  }
  // Count the attempt before the slow PIN check: guesses sent all at once would otherwise all
  // pass the lock check above before the first failure is recorded. A right PIN clears it below.
  if (staff) hub.store.recordLoginFailure(staffCode, now, LOGIN_POLICY);
  const valid =
    staff !== undefined &&
    staff.active &&
    credential !== null &&
    credential.pinHash !== null &&
    (await verifyPin(pin, credential.pinHash));
  if (!valid) {
    return {
      ok: false,
      code: 'login_failed',
      message: 'unknown staff code, wrong PIN or inactive staff',
    };
  }
  hub.store.clearLoginFailures(staffCode);
  return { ok: true, staff };
}

/** Staff sessions of the admin console: bearer tokens kept hashed, in memory, for a working day. */
export class Sessions {
  private readonly byHash = new Map<string, Session>();

  constructor(private readonly now: () => number) {}

  create(staff: Staff): { token: string; session: Session } {
    const token = newToken();
    const session: Session = {
      staffCode: staff.code,
      role: staff.role,
      name: staff.name,
      expiresAt: this.now() + SESSION_MS,
    };
    this.byHash.set(hashSecret(token), session);
    return { token, session };
  }

  get(token: string): Session | null {
    return this.getByHash(hashSecret(token));
  }

  /** The sessions not yet ended. */
  all(): Session[] {
    return [...this.byHash.values()];
  }

  /** Ends every session of these staff (disabled, removed or given another role): all at once. */
  endFor(staffCodes: ReadonlySet<string>): void {
    for (const [key, session] of this.byHash) {
      if (staffCodes.has(session.staffCode)) this.byHash.delete(key);
    }
  }

  getByHash(key: string): Session | null {
    const session = this.byHash.get(key);
    if (!session) return null;
    if (session.expiresAt <= this.now()) {
      this.byHash.delete(key);
      return null;
    }
    return session;
  }
}
