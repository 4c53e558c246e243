import type { DeviceKind, DomainEvent, SequencedEvent } from '@onestop/shared';
import type { Device, StaffCredential } from './types.js';

/** Row shapes of the SELECTs in statements.ts (snake_case as in the schema). */

export interface EventRow {
  seq: number;
  body: string;
}

export interface CommandResultRow {
  result: string;
  seq_from: number | null;
  seq_to: number;
}

export interface DeviceRow {
  id: string;
  kind: string;
  name: string;
  window_id: string | null;
  created_at: number;
  paired_at: number | null;
  last_seen_at: number | null;
  status: string | null;
  status_at: number | null;
  revoked_at: number | null;
}

export interface PairingCodeRow {
  device_id: string;
  expires_at: number;
  used_at: number | null;
}

export interface CredentialRow {
  staff_code: string;
  pin_hash: string | null;
  failed_attempts: number;
  locked_until: number | null;
}

/** JSON.stringify, with `undefined` (which it returns for undefined and functions) as null. */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  return text ?? 'null';
}

export function fromJson(text: string): unknown {
  return JSON.parse(text) as unknown;
}

export function toSequencedEvent(row: EventRow): SequencedEvent {
  // The body was written by commit() from a typed DomainEvent; the log is append-only.
  const event = fromJson(row.body) as DomainEvent;
  return { ...event, seq: row.seq };
}

/** Exhaustive by type: a new DeviceKind fails to compile here until it is listed. */
const DEVICE_KINDS: Record<DeviceKind, true> = {
  kiosk: true,
  window_terminal: true,
  display: true,
  rating_pad: true,
};

function isDeviceKind(kind: string): kind is DeviceKind {
  return Object.hasOwn(DEVICE_KINDS, kind);
}

export function toDevice(row: DeviceRow): Device {
  // The column's CHECK keeps other kinds out; this guards against a hand-edited file.
  if (!isDeviceKind(row.kind)) throw new Error(`device ${row.id} has unknown kind ${row.kind}`);
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    windowId: row.window_id,
    createdAt: row.created_at,
    pairedAt: row.paired_at,
    lastSeenAt: row.last_seen_at,
    status: row.status === null ? null : fromJson(row.status),
    statusAt: row.status_at,
    revokedAt: row.revoked_at,
  };
}

export function toCredential(row: CredentialRow): StaffCredential {
  return {
    staffCode: row.staff_code,
    pinHash: row.pin_hash,
    failedAttempts: row.failed_attempts,
    lockedUntil: row.locked_until,
  };
}
