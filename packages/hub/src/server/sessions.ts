import type { Staff, StaffRole } from '@onestop/shared';
import { dummyPinHash, hashSecret, newToken, verifyPin } from '../auth.js';
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

/** `::ffff:192.168.1.20` is `192.168.1.20`: one caller, one key, whichever way it connected. */
export function callerAddress(address: string | undefined): string {
  if (address === undefined || address === '') return '(unknown)';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

interface Tries {
  failures: number;
  lockedUntil: number | null;
}

/**
 * Failed logins, by staff code *and* the caller's address, in the hub's memory. Five wrong PINs
 * from one address lock that code for five minutes *from that address only*: a wrong PIN sent
 * from elsewhere no longer locks the admin out of the console (six requests did). An admin can
 * lift every lock of a code at once (`unlock_staff`). A restart forgets the counts, as it
 * forgets sessions. At most `maxEntries` pairs are kept; the oldest go first.
 */
export class LoginGuard {
  private readonly tries = new Map<string, Tries>();

  constructor(
    private readonly policy: { maxAttempts: number; lockMs: number } = LOGIN_POLICY,
    private readonly maxEntries = 10_000,
  ) {}

  private static key(staffCode: string, address: string): string {
    return `${staffCode}\u0000${address}`;
  }

  /** The end of this pair's lock, or null when it is not locked now. */
  lockedUntil(staffCode: string, address: string, now: number): number | null {
    const until = this.tries.get(LoginGuard.key(staffCode, address))?.lockedUntil ?? null;
    return until !== null && until > now ? until : null;
  }

  /** Counts one failure; the `maxAttempts`-th in a row locks the pair for `lockMs`. */
  recordFailure(staffCode: string, address: string, now: number): void {
    const key = LoginGuard.key(staffCode, address);
    const before = this.tries.get(key);
    const until = before?.lockedUntil ?? null;
    const lockOver = until !== null && until <= now;
    const failures = (before === undefined || lockOver ? 0 : before.failures) + 1;
    const stillLocked = lockOver ? null : (before?.lockedUntil ?? null);
    const lockedUntil =
      failures >= this.policy.maxAttempts
        ? Math.max(now + this.policy.lockMs, stillLocked ?? 0)
        : stillLocked;
    this.tries.delete(key); // kept in the order of the last failure, the oldest first
    this.tries.set(key, { failures, lockedUntil });
    this.prune(now);
  }

  /** A right PIN from this address: its count starts again. */
  clear(staffCode: string, address: string): void {
    this.tries.delete(LoginGuard.key(staffCode, address));
  }

  /** How many addresses this staff code is locked out from now. */
  lockedAddresses(staffCode: string, now: number): number {
    let locked = 0;
    for (const [key, t] of this.tries) {
      if (key.startsWith(`${staffCode}\u0000`) && t.lockedUntil !== null && t.lockedUntil > now)
        locked += 1;
    }
    return locked;
  }

  /** Lifts every lock and count of a staff code; answers how many addresses were locked. */
  unlock(staffCode: string, now: number): number {
    const locked = this.lockedAddresses(staffCode, now);
    for (const key of this.tries.keys()) {
      if (key.startsWith(`${staffCode}\u0000`)) this.tries.delete(key);
    }
    return locked;
  }

  private prune(now: number): void {
    if (this.tries.size <= this.maxEntries) return;
    for (const [key, t] of this.tries) {
      if (t.lockedUntil === null || t.lockedUntil <= now) this.tries.delete(key);
      if (this.tries.size <= this.maxEntries / 2) return;
    }
    for (const key of this.tries.keys()) {
      if (this.tries.size <= this.maxEntries) return;
      this.tries.delete(key);
    }
  }
}

/** How a PIN is checked against its stored hash: `verifyPin`, or a test's stand-in. */
export type PinVerifier = (pin: string, stored: string) => Promise<boolean>;

/**
 * Checks a staff code and PIN sent from `address`. Failures are counted per code and address
 * and lock that pair for a while after `maxAttempts`, so a PIN cannot be guessed by trying them
 * all, and a stranger cannot lock a code out for everyone else. Every refusal but a lock costs
 * one scrypt hash: an unknown or inactive code, or one without a PIN, is checked against a dummy
 * hash made with the same parameters, so the answer's time does not tell which codes exist.
 */
export async function checkStaffLogin(
  hub: Hub,
  guard: LoginGuard,
  login: { staffCode: string; pin: string; address: string },
  verify: PinVerifier = verifyPin,
): Promise<LoginOutcome> {
  const { staffCode, pin, address } = login;
  const now = hub.now();
  const lockedUntil = guard.lockedUntil(staffCode, address, now);
  if (lockedUntil !== null) {
    return {
      ok: false,
      code: 'locked_out',
      message: `staff code ${staffCode} is locked from this address for ${Math.ceil((lockedUntil - now) / 60_000)} more minute(s) after repeated failures (until ${new Date(lockedUntil).toISOString()}); an admin can unlock it in the console`,
    };
  }
  // Count the attempt before the slow PIN check: guesses sent all at once would otherwise all
  // pass the lock check above before the first failure is recorded. A right PIN clears it below.
  // Unknown codes are counted too, so a lock does not tell which codes exist either.
  guard.recordFailure(staffCode, address, now);
  // The first start's PINs are hashed after the hub listens: a login that comes meanwhile waits
  // for them (a second or so, once), then is checked against what was stored.
  await hub.startPins.whenStored();
  const staff = hub.config.staff.find((s) => s.code === staffCode);
  const stored = hub.store.getCredential(staffCode)?.pinHash ?? null;
  const real = staff?.active === true ? stored : null;
  const matches = await verify(pin, real ?? (await dummyPinHash()));
  if (staff === undefined || real === null || !matches) {
    return {
      ok: false,
      code: 'login_failed',
      message: 'unknown staff code, wrong PIN or inactive staff',
    };
  }
  guard.clear(staffCode, address);
  return { ok: true, staff };
}

/** Staff sessions of the admin console: bearer tokens kept hashed, in memory, for a working day. */
export class Sessions {
  private readonly byHash = new Map<string, Session>();
  /** Failed logins by staff code and address, shared by the console's and the terminals' logins. */
  readonly logins = new LoginGuard();

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
