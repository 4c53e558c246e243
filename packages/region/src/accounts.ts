import { createHash, randomBytes } from 'node:crypto';
import { dummyPasswordHash, hashPassword, verifyPassword } from '@onestop/http';
import { z } from 'zod';
import type { Queryable, RegionDb } from './db/types.js';
import { iso } from './store/halls.js';

/*
 * The regional console's accounts (docs/REGION.md, "Accounts"): a region admin sees and acts on
 * every hall; a supervisor on the halls named for them. Passwords are kept as salted scrypt
 * hashes (the hub's own hashing, @onestop/http); a login's session is a random token kept only
 * as its SHA-256, carried by an httpOnly, SameSite=Strict cookie.
 */

export const ACCOUNT_ROLES = ['region_admin', 'supervisor'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** An account as the console sees it: never its hash. */
export interface ConsoleAccount {
  id: string;
  name: string;
  role: AccountRole;
  /** The halls it sees: `all` for a region admin. */
  halls: 'all' | string[];
}

export interface NewAccount {
  account: ConsoleAccount;
  /** Made here, shown once: the region keeps only its hash. */
  password: string;
}

/** How long a console login lasts. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export const AccountNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[^\p{Cc}\p{Cf}\s][^\p{Cc}\p{Cf}]*$/u, 'no control characters');

export const LoginSchema = z.strictObject({
  name: AccountNameSchema,
  password: z.string().min(1).max(200),
});

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** 18 random bytes: 24 characters of base64url, typed once and kept in a password manager. */
const newPassword = (): string => randomBytes(18).toString('base64url');

/** A new account with a password made for it (`onestop-region add-account`). */
export async function addAccount(
  db: RegionDb,
  input: { name: string; role: AccountRole; halls: readonly string[] },
  now: number,
): Promise<NewAccount> {
  const name = AccountNameSchema.safeParse(input.name);
  if (!name.success) {
    throw new RangeError('an account name is 1 to 60 characters, without control characters');
  }
  if (input.role === 'supervisor' && input.halls.length === 0) {
    throw new RangeError('a supervisor needs the halls they supervise: --halls H-…,H-…');
  }
  if (input.role === 'region_admin' && input.halls.length > 0) {
    throw new RangeError('a region admin sees every hall: give no --halls');
  }
  const password = newPassword();
  const hash = await hashPassword(password);
  const id = `A-${randomBytes(8).toString('hex')}`;
  const halls = [...new Set(input.halls)];
  await db.transaction(async (tx) => {
    const taken = await tx.query('SELECT 1 FROM accounts WHERE name = $1', [name.data]);
    if (taken.rows.length > 0) throw new RangeError(`there is an account ${name.data} already`);
    const known = await tx.query<{ id: string }>(
      'SELECT id FROM halls WHERE id = ANY($1::text[]) AND revoked_at IS NULL',
      [halls],
    );
    const missing = halls.filter((h) => !known.rows.some((r) => r.id === h));
    if (missing.length > 0) {
      throw new RangeError(`no such hall: ${missing.join(', ')} (list-halls shows them)`);
    }
    await tx.query(
      `INSERT INTO accounts (id, name, role, password_hash, created_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [id, name.data, input.role, hash, iso(now)],
    );
    await tx.query(
      `INSERT INTO account_halls (account_id, hall_id) SELECT $1, unnest($2::text[])`,
      [id, halls],
    );
  });
  return {
    account: {
      id,
      name: name.data,
      role: input.role,
      halls: input.role === 'region_admin' ? 'all' : halls,
    },
    password,
  };
}

interface AccountRow {
  id: string;
  name: string;
  role: AccountRole;
  password_hash: string;
  halls: string[] | null;
}

const ACCOUNT_SELECT = `SELECT a.id, a.name, a.role, a.password_hash,
    (SELECT array_agg(h.hall_id ORDER BY h.hall_id) FROM account_halls h
      WHERE h.account_id = a.id) AS halls
  FROM accounts a`;

function accountOf(row: AccountRow): ConsoleAccount {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    halls: row.role === 'region_admin' ? 'all' : (row.halls ?? []),
  };
}

/** A login: the account and its new session token, or null (the same time either way). */
export async function login(
  db: RegionDb,
  body: unknown,
  now: number,
): Promise<{ account: ConsoleAccount; token: string } | null> {
  const parsed = LoginSchema.safeParse(body);
  if (!parsed.success) return null;
  const r = await db.query<AccountRow>(
    `${ACCOUNT_SELECT} WHERE a.name = $1 AND a.disabled_at IS NULL`,
    [parsed.data.name],
  );
  const row = r.rows[0];
  const good = await verifyPassword(
    parsed.data.password,
    row?.password_hash ?? (await dummyPasswordHash()),
  );
  if (row === undefined || !good) return null;
  const token = randomBytes(32).toString('base64url');
  await db.transaction(async (tx) => {
    // A login clears the account's expired sessions.
    await tx.query('DELETE FROM console_sessions WHERE account_id = $1 AND expires_at <= $2', [
      row.id,
      iso(now),
    ]);
    await tx.query(
      `INSERT INTO console_sessions (token_hash, account_id, created_at, expires_at)
       VALUES ($1, $2, $3, $4)`,
      [sha256(token), row.id, iso(now), iso(now + SESSION_TTL_MS)],
    );
  });
  return { account: accountOf(row), token };
}

/** The account of a session token, or null when it is unknown, expired or its account disabled. */
export async function sessionAccount(
  db: Queryable,
  token: string,
  now: number,
): Promise<ConsoleAccount | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const r = await db.query<AccountRow>(
    `${ACCOUNT_SELECT} JOIN console_sessions s ON s.account_id = a.id
      WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.disabled_at IS NULL`,
    [sha256(token), iso(now)],
  );
  const row = r.rows[0];
  return row === undefined ? null : accountOf(row);
}

export async function logout(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM console_sessions WHERE token_hash = $1', [sha256(token)]);
}

/** Whether the account sees the hall. */
export function sees(account: ConsoleAccount, hallId: string): boolean {
  return account.halls === 'all' || account.halls.includes(hallId);
}
