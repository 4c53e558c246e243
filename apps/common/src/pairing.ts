/*
 * Pairing a page with the hub, shared by every app's renderer (browser-only: DOM, no Node).
 * A page gets a one-time code (`?pair=CODE` in the address the hub prints, or typed), sends
 * it once to `POST /api/pair`, keeps the returned token in localStorage (one entry per page),
 * and drops the code from the address bar.
 */
import type { DeviceKind, PairResponse, Role } from '@onestop/shared';

/** What a paired page keeps. */
export interface StoredPairing {
  token: string;
  deviceId: string;
  kind: DeviceKind;
  role: Role;
  windowId: string | null;
}

export type PairOutcome =
  { ok: true; pairing: StoredPairing } | { ok: false; code: PairFailure; message: string };

/** `network`: the hub did not answer; any other code is the hub's. */
export type PairFailure = 'network' | 'bad_code' | 'wrong_kind';

export const storageKey = (page: string): string => `onestop.pairing.${page}`;

function isPairing(value: unknown): value is StoredPairing {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.token === 'string' &&
    v.token.length > 0 &&
    typeof v.deviceId === 'string' &&
    typeof v.kind === 'string' &&
    typeof v.role === 'string' &&
    (v.windowId === null || typeof v.windowId === 'string')
  );
}

export function loadPairing(page: string, storage: Storage = localStorage): StoredPairing | null {
  const raw = storage.getItem(storageKey(page));
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isPairing(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function savePairing(
  page: string,
  pairing: StoredPairing,
  storage: Storage = localStorage,
): void {
  storage.setItem(storageKey(page), JSON.stringify(pairing));
}

export function forgetPairing(page: string, storage: Storage = localStorage): void {
  storage.removeItem(storageKey(page));
}

/** The `?pair=` code of the address, removed from the address bar (history.replaceState). */
export function takePairCode(win: Window = window): string | null {
  const url = new URL(win.location.href);
  const code = url.searchParams.get('pair');
  if (code === null) return null;
  url.searchParams.delete('pair');
  win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  const trimmed = code.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Sends the code to the hub. `role` is the namespace this page connects to: a code made for
 * another kind of device is refused here rather than kept.
 */
export async function pairWithCode(
  code: string,
  role: Role,
  fetchImpl: typeof fetch = fetch,
  base = '',
): Promise<PairOutcome> {
  let res: Response;
  try {
    res = await fetchImpl(`${base}/api/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: code.trim() }),
    });
  } catch (err) {
    return { ok: false, code: 'network', message: String(err) };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) return { ok: false, code: 'bad_code', message: `HTTP ${res.status}` };
  const answer = body as Partial<PairResponse> | null;
  const pairing: Partial<StoredPairing> = {
    token: answer?.token,
    deviceId: answer?.deviceId,
    kind: answer?.kind,
    role: answer?.role,
    windowId: answer?.windowId ?? null,
  } as Partial<StoredPairing>;
  if (!isPairing(pairing)) return { ok: false, code: 'bad_code', message: 'malformed answer' };
  if (pairing.role !== role) {
    return { ok: false, code: 'wrong_kind', message: `a ${pairing.kind} code, not for /${role}` };
  }
  return { ok: true, pairing };
}
