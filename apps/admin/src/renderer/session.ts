/*
 * The admin console's login: `POST /api/login {staffCode, pin}` answers a session token, kept in
 * sessionStorage (it ends with the browser tab) and given to HubClient role `admin`.
 */
import type { LoginResponse, StaffRole } from '@onestop/shared';

export interface AdminSession {
  token: string;
  role: StaffRole;
  name: string;
  staffCode: string;
  expiresAt: number;
}

export const SESSION_KEY = 'onestop.admin.session';

function isSession(v: unknown): v is AdminSession {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    typeof s.token === 'string' &&
    (s.role === 'admin' || s.role === 'supervisor' || s.role === 'clerk') &&
    typeof s.name === 'string' &&
    typeof s.staffCode === 'string' &&
    typeof s.expiresAt === 'number'
  );
}

/** The kept session, unless it is missing, malformed or expired. */
export function loadSession(storage: Storage, now: number): AdminSession | null {
  const raw = storage.getItem(SESSION_KEY);
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (isSession(parsed) && parsed.expiresAt > now) return parsed;
  } catch {
    // not JSON: dropped below
  }
  storage.removeItem(SESSION_KEY);
  return null;
}

export function saveSession(storage: Storage, session: AdminSession): void {
  storage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession(storage: Storage): void {
  storage.removeItem(SESSION_KEY);
}

export type LoginOutcome =
  { ok: true; session: AdminSession } | { ok: false; code: string; message: string };

/** Logs in at the hub this page came from. */
export async function login(
  base: string,
  staffCode: string,
  pin: string,
  fetcher: typeof fetch = fetch,
): Promise<LoginOutcome> {
  let res: Response;
  try {
    res = await fetcher(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ staffCode, pin }),
    });
  } catch {
    return { ok: false, code: 'network', message: 'the hub did not answer' };
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    return {
      ok: false,
      code: typeof error?.code === 'string' ? error.code : 'login_failed',
      message: typeof error?.message === 'string' ? error.message : `HTTP ${res.status}`,
    };
  }
  const answer = body as LoginResponse;
  return {
    ok: true,
    session: {
      token: answer.token,
      role: answer.role,
      name: answer.name,
      staffCode,
      expiresAt: answer.expiresAt,
    },
  };
}
