import Database from 'better-sqlite3';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import {
  ERROR_CODES,
  ISSUE_CODES,
  NAMESPACES,
  PROTOCOL_VERSION,
  serializeState,
  type ErrorCode,
  type RefusalIssue,
  type Role,
} from '@onestop/shared';
import { RATE_BURST } from '@onestop/hub';
import type { HubTestHall } from './hall.js';

/* Raw Socket.IO clients for the hostile-input and authorization tests: no HubClient, no retries. */

type ConnectOptions = Partial<ManagerOptions & SocketOptions>;

const ERROR_CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

/** A socket that is connected, or the `connect_error` message that refused it. */
export function tryConnect(
  url: string,
  namespace: string,
  auth: unknown,
  options: ConnectOptions = {},
): Promise<{ ok: true; socket: Socket } | { ok: false; message: string }> {
  const socket = io(`${url}${namespace}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: 5_000,
    auth: auth as Record<string, unknown>,
    ...options,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ ok: true, socket }));
    socket.once('connect_error', (err: Error) => {
      socket.close();
      resolve({ ok: false, message: err.message });
    });
  });
}

/** A connected socket of `role` with `token`; fails the test when the hub refuses it. */
export async function connectRole(
  url: string,
  role: Role,
  token: string,
  options: ConnectOptions = {},
): Promise<Socket> {
  const result = await tryConnect(
    url,
    NAMESPACES[role],
    { protocolVersion: PROTOCOL_VERSION, token },
    options,
  );
  if (!result.ok) throw new Error(`${role} connection refused: ${result.message}`);
  return result.socket;
}

/** Emits with an acknowledgement; the answer, or `'no_ack'` when none came in time. */
export async function emitAck(
  socket: Socket,
  event: string,
  args: readonly unknown[],
  timeoutMs = 5_000,
): Promise<unknown> {
  try {
    const answer: unknown = await socket.timeout(timeoutMs).emitWithAck(event, ...args);
    return answer;
  } catch {
    return 'no_ack';
  }
}

export interface ErrorAck {
  ok: false;
  error: { code: ErrorCode; message: string; issues?: RefusalIssue[] };
}

/**
 * Exactly `{ ok: false, error: { code, message } }` with a code from ERROR_CODES, and at most
 * `issues` besides: each `{ path, code, params }` with a code from ISSUE_CODES. Nothing more.
 */
export function isErrorAck(answer: unknown): answer is ErrorAck {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return false;
  const keys = Object.keys(answer).sort();
  if (keys.join() !== 'error,ok') return false;
  const { ok, error } = answer as { ok: unknown; error: unknown };
  if (ok !== false || typeof error !== 'object' || error === null) return false;
  const fields = Object.keys(error).sort().join();
  if (fields !== 'code,message' && fields !== 'code,issues,message') return false;
  const { code, message, issues } = error as { code: unknown; message: unknown; issues?: unknown };
  if (issues !== undefined && !(Array.isArray(issues) && issues.every(isIssue))) return false;
  return typeof code === 'string' && ERROR_CODE_SET.has(code) && typeof message === 'string';
}

const ISSUE_CODE_SET: ReadonlySet<string> = new Set(ISSUE_CODES);
function isIssue(issue: unknown): boolean {
  if (typeof issue !== 'object' || issue === null) return false;
  if (Object.keys(issue).sort().join() !== 'code,params,path') return false;
  const { path, code, params } = issue as { path: unknown; code: unknown; params: unknown };
  return (
    typeof path === 'string' &&
    typeof code === 'string' &&
    ISSUE_CODE_SET.has(code) &&
    typeof params === 'object' &&
    params !== null &&
    Object.values(params).every((v) => typeof v === 'string' || typeof v === 'number')
  );
}

/** The error code of an answer, or a description of what came instead (for readable failures). */
export function codeOf(answer: unknown): string {
  if (isErrorAck(answer)) return answer.error.code;
  if (typeof answer === 'object' && answer !== null && (answer as { ok?: unknown }).ok === true)
    return 'OK';
  return `not an error ack: ${JSON.stringify(answer)?.slice(0, 200) ?? String(answer)}`;
}

/**
 * Sends many messages in one namespace without ever hitting the hub's rate limit: each socket
 * carries at most a burst's worth of messages, then a fresh connection takes over.
 */
export class Sender {
  private socket: Socket | null = null;
  private used = 0;
  private readonly sockets: Socket[] = [];
  /** Messages per connection, below the hub's burst so none is answered `rate_limited`. */
  readonly budget = Math.max(1, RATE_BURST - 10);

  constructor(
    private readonly url: string,
    private readonly role: Role,
    private readonly token: string,
  ) {}

  private async take(count: number): Promise<Socket> {
    if (!this.socket || this.used + count > this.budget || !this.socket.connected) {
      this.socket = await connectRole(this.url, this.role, this.token);
      this.sockets.push(this.socket);
      this.used = 0;
    }
    this.used += count;
    return this.socket;
  }

  /** Sends each message with an acknowledgement, a chunk at a time; the answers in order. */
  async sendAll(
    messages: readonly { event: string; args: readonly unknown[] }[],
    chunk = 50,
  ): Promise<unknown[]> {
    const answers: unknown[] = [];
    for (let i = 0; i < messages.length; i += chunk) {
      const part = messages.slice(i, i + chunk);
      const socket = await this.take(part.length);
      answers.push(...(await Promise.all(part.map((m) => emitAck(socket, m.event, m.args)))));
    }
    return answers;
  }

  /** Sends without an acknowledgement callback (the hub cannot answer, so it must ignore them). */
  async sendNoAck(messages: readonly { event: string; args: readonly unknown[] }[]): Promise<void> {
    for (const m of messages) {
      const socket = await this.take(1);
      socket.emit(m.event, ...m.args);
    }
  }

  /** The socket in use still answers a harmless `sync`. */
  async stillAnswers(): Promise<boolean> {
    const socket = await this.take(1);
    const answer = await emitAck(socket, 'sync', [{ lastSeq: 0 }]);
    return (answer as { ok?: unknown }).ok === true;
  }

  close(): void {
    for (const socket of this.sockets) socket.close();
    this.sockets.length = 0;
    this.socket = null;
  }
}

/** Columns that change without a command (a connection touches its device): left out. */
const DEVICE_COLUMNS =
  'id, kind, name, window_id, token_hash, created_at, paired_at, status, status_at, revoked_at';

const TABLES: readonly [name: string, select: string][] = [
  ['events', 'SELECT * FROM events ORDER BY seq'],
  ['command_results', 'SELECT * FROM command_results ORDER BY actor_key, command_id'],
  ['tickets', 'SELECT * FROM tickets ORDER BY id'],
  ['window_states', 'SELECT * FROM window_states ORDER BY window_id'],
  ['days', 'SELECT * FROM days ORDER BY business_day'],
  ['complaints', 'SELECT * FROM complaints ORDER BY id'],
  ['config', 'SELECT * FROM config'],
  ['meta', 'SELECT * FROM meta ORDER BY key'],
  ['devices', `SELECT ${DEVICE_COLUMNS} FROM devices ORDER BY id`],
  ['pairing_codes', 'SELECT * FROM pairing_codes ORDER BY code_hash'],
  ['staff_credentials', 'SELECT * FROM staff_credentials ORDER BY staff_code'],
];

export interface HallDump {
  lastSeq: number;
  tables: Record<string, unknown[]>;
  /** The hub's in-memory state, serialized (the clock left out). */
  memory: string;
}

/** Everything a refused message must leave as it was: the log, the projections, the memory. */
export function dumpHall(hall: HubTestHall): HallDump {
  const db = new Database(hall.dbPath, { readonly: true, fileMustExist: true });
  try {
    const tables: Record<string, unknown[]> = {};
    for (const [name, select] of TABLES) tables[name] = db.prepare(select).all();
    return {
      lastSeq: hall.hub.store.lastSeq(),
      tables,
      memory: JSON.stringify(serializeState(hall.hub.current, hall.hub.store.lastSeq(), 0)),
    };
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check` of the hall's database, from a separate read-only connection. */
export function integrityCheck(hall: HubTestHall): unknown[] {
  const db = new Database(hall.dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: false }) as unknown[];
  } finally {
    db.close();
  }
}
