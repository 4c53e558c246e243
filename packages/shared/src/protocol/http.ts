import type { DeviceKind, I18nText, Millis, StaffRole } from '../domain/types.js';
import type { DayStatus } from '../engine/state.js';
import type { ErrorCode } from './errors.js';
import type { Role } from './roles.js';

/* The hub's few HTTP routes. Request bodies have zod schemas in schemas.ts. */

/** `POST /api/pair` */
export interface PairRequest {
  code: string;
}
export interface PairResponse {
  deviceId: string;
  kind: DeviceKind;
  windowId: string | null;
  /** The device's bearer token for the handshake; shown once, kept by the device. */
  token: string;
  /** The namespace the device connects to. */
  role: Role;
}

/** `POST /api/login` (the admin console; clerks log in at their window terminal instead). */
export interface LoginRequest {
  staffCode: string;
  pin: string;
}
export interface LoginResponse {
  token: string;
  role: StaffRole;
  name: string;
  expiresAt: Millis;
}

/** `GET /api/health` for anyone: whether the hub is up, and its version. */
export interface PublicHealthResponse {
  status: 'ok' | 'degraded';
  version: string;
}

/**
 * `GET /api/health` for the hub's local operator (a caller on its own machine) or with an admin's
 * session (`Authorization: Bearer <token>`): everything, the database's path and size too.
 */
export interface HealthResponse {
  status: 'ok' | 'degraded';
  version: string;
  protocolVersion: number;
  uptimeS: number;
  hall: I18nText;
  businessDay: string | null;
  dayStatus: DayStatus | null;
  db: HealthDb;
  /** Whether the hub can write: `status` is `degraded` whenever this is not `ok`. */
  store: HealthStore;
  /** The hall's link to a region (docs/OPERATIONS.md, "Linking the hall to a region"). */
  link: HealthLink;
}
/**
 * `caught_up`: the region holds every committed event. `behind`: connected, `behind` events
 * still to send. `offline`: no answer from the region since `since` (or it refused the link:
 * `reason`); the hall works on and the link catches up by itself.
 */
export type HealthLink =
  | { state: 'not_linked' }
  | { state: 'caught_up'; region: string; hallName: string; ackedSeq: number }
  | { state: 'behind'; region: string; hallName: string; ackedSeq: number; behind: number }
  | {
      state: 'offline';
      region: string;
      hallName: string;
      /** Null before the region's first answer for this history. */
      ackedSeq: number | null;
      behind: number;
      since: number;
      reason: string;
    };
/**
 * `busy`: another program holds the database's write lock; commands wait (`queued`) and are
 * answered `store_busy` if it lasts. `lost`: the database or its `-wal` file was deleted or
 * replaced while the hub ran; it refuses every change (`store_lost`) until it is restarted, and
 * `rescue` names the copy it saved of everything it held (null if none could be written).
 */
export type HealthStore =
  | { state: 'ok' }
  | { state: 'busy'; queued: number; message: string }
  | { state: 'lost'; message: string; rescue: string | null };
export interface HealthDb {
  path: string;
  schemaVersion: number;
  sizeBytes: number;
  walBytes: number;
  events: number;
  lastSeq: number;
  /** The database's history: new at setup and at every restore of a backup (see `SyncPayload`). */
  historyId: string;
  journalMode: string;
}

/** Any failed HTTP request: the same error shape as a refused command. */
export interface HttpErrorBody {
  error: { code: ErrorCode | 'not_found' | 'method_not_allowed'; message: string };
}
