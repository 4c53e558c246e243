import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import {
  checkHandshake,
  commandNames,
  COMMAND_SCHEMAS,
  LIMITS,
  NAMESPACES,
  parseMessage,
  redactBatchFor,
  redactSnapshotFor,
  ROLE_OF_DEVICE_KIND,
  ROLES,
  candidateFor,
  serializeState,
  type Ticket,
  type Command,
  type CommandAck,
  type CommandMessage,
  type CommandName,
  type CommandResultOf,
  type DeviceKind,
  type EndNotice,
  type EndReason,
  type ErrorCode,
  type Role,
  type SequencedEvent,
  type StateSnapshot,
  type Staff,
  type SyncPayload,
  type SyncRequest,
} from '@onestop/shared';
import { hashSecret, newToken } from '../auth.js';
import { storeFailed, type CommandResult, type Hub, type Outcome } from '../hub.js';
import { windowDayFigures } from '../reports/report.js';
import { StoreError, type Actor } from '../store/index.js';
import { AdminCommands, type AdminCaller } from './admin-commands.js';
import type { OriginPolicy } from './origins.js';
import { Appointments } from './appointments.js';
import { ClerkSessions, type WindowLogin } from './clerk-sessions.js';
import { callerAddress, checkStaffLogin, type Session, type Sessions } from './sessions.js';

/** A client this far behind (or more) gets a snapshot instead of the events it missed. */
export const MAX_CATCHUP_EVENTS = 2000;
/** Each connection may send this many messages in a burst, refilled at `RATE_PER_S`. */
export const RATE_BURST = 200;
export const RATE_PER_S = 100;
/**
 * What a `sync` answer costs, in items sent: an up-to-date one nothing, a catch-up the events it
 * reads, a snapshot one plus its tickets and complaints; at most `MAX_CATCHUP_EVENTS`. Each
 * paired device (each console session) pays from one budget shared by all its connections, so
 * reconnecting does not refill it: up to `SYNC_COST_BURST` at once (two of the deepest
 * catch-ups: a snapshot and one more resync), refilled at `SYNC_COST_PER_S` (one of them per
 * 10 s). A sync it cannot pay for is answered `rate_limited` without reading anything; the
 * client asks again a little later.
 */
export const SYNC_COST_BURST = 2 * MAX_CATCHUP_EVENTS;
export const SYNC_COST_PER_S = MAX_CATCHUP_EVENTS / 10;

/** How often open console sockets are checked for an expired session. */
export const SESSION_CHECK_MS = 1_000;

/** A token bucket: `tokens` as of `refilledAt` (performance.now(), not the hall's clock). */
interface Bucket {
  tokens: number;
  refilledAt: number;
}

/** Refills `bucket` up to `burst` at `perS`; takes `cost` when it is there. */
function take(bucket: Bucket, cost: number, burst: number, perS: number): boolean {
  const now = performance.now(); // the machine's monotonic clock, not the hall's (it may step)
  bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * perS);
  bucket.refilledAt = now;
  if (bucket.tokens < cost) return false;
  bucket.tokens -= cost;
  return true;
}

/** Who is on the other end of one socket, settled at the handshake. */
interface Conn {
  role: Role;
  deviceId: string | null;
  /** The paired device's kind, settled at the handshake (a device never changes kind). */
  deviceKind: DeviceKind | null;
  windowId: string | null;
  session: Session | null;
  /** Whose commands these are, for idempotency: the device or staff, and the event name. */
  actorKey: string;
  /** Hash of the handshake's token, checked again before every message and every batch. */
  tokenHash: string;
  /** Messages this connection may still send (`RATE_BURST`, `RATE_PER_S`). */
  messages: Bucket;
  /** Whose `sync` budget this connection spends: the device, or the console session. */
  principal: string;
  /** The caller's address: login failures are counted per staff code and address. */
  address: string;
}

type Ack<T> = CommandAck<T>;
type Handler<R extends Role, E extends CommandName<R>> = (
  conn: Conn,
  message: CommandMessage<R, E>,
) => Ack<CommandResultOf<R, E>> | Promise<Ack<CommandResultOf<R, E>>>;
type Handlers<R extends Role> = { [E in CommandName<R>]: Handler<R, E> };

function fail(
  code: ErrorCode,
  message: string,
): { ok: false; error: { code: ErrorCode; message: string } } {
  return { ok: false, error: { code, message } };
}

/**
 * The Socket.IO side of the hub: one namespace per role, the handshake, every command parsed
 * from `unknown` before it reaches the engine, and each committed batch pushed to every role
 * as that role may see it.
 */
export interface SocketOptions {
  /** A client further behind than this many events gets a snapshot instead. */
  catchUpLimit?: number;
  /** Which browser pages may connect (their `Origin`); every other site's is refused. */
  origins: OriginPolicy;
}

/** What a sync answer costs (see `SNAPSHOT_COST`); the answer itself is not read yet. */
export type SyncPlan =
  | { kind: 'up_to_date'; last: number }
  | { kind: 'events'; last: number; cost: number }
  | { kind: 'snapshot'; last: number; cost: number };

export function attachSockets(
  http: HttpServer,
  hub: Hub,
  sessions: Sessions,
  options: SocketOptions,
): Server {
  const catchUpLimit = options.catchUpLimit ?? MAX_CATCHUP_EVENTS;
  const io = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: LIMITS.maxFrameBytes,
    // Pages are served by the hub itself: a WebSocket from another site's page is refused,
    // also under a DNS-rebound name (origins.ts). Devices and tools send no Origin.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      if (origin === undefined) return callback(null, true);
      const allowed = options.origins.allows(origin);
      callback(allowed ? null : options.origins.refusal(origin), allowed);
    },
  });
  // Device id -> the clerk logged in at it. Kept in the database too (ClerkSessions): after a
  // restart of the hub the terminal picks its login up again with `staff_resume`.
  const windowLogins = new Map<string, WindowLogin>();
  const clerkSessions = new ClerkSessions(hub.store);
  const staffAt = (conn: Conn): Staff | undefined =>
    conn.deviceId ? windowLogins.get(conn.deviceId)?.staff : undefined;

  const actorOf = (conn: Conn): Actor => {
    if (conn.session) return { kind: 'staff', staffCode: conn.session.staffCode, deviceId: null };
    const staff = staffAt(conn);
    if (staff && conn.deviceId)
      return { kind: 'staff', staffCode: staff.code, deviceId: conn.deviceId };
    // Commands reach here after `stillValid`, which read the device: no second read.
    if (!conn.deviceId || !conn.deviceKind) return { kind: 'system' };
    return { kind: 'device', deviceId: conn.deviceId, deviceKind: conn.deviceKind };
  };

  /** Runs an engine command for a connection: commit, then the caller acks, then everyone sees it. */
  const run = async (
    conn: Conn,
    commandId: string,
    command: Command,
  ): Promise<Outcome<CommandResult>> => {
    const outcome = await hub.submit(actorOf(conn), conn.actorKey, commandId, command);
    if (outcome.ok) setImmediate(() => hub.publish(outcome.events));
    return outcome;
  };

  const windowOf = (conn: Conn) => {
    const window = conn.windowId ? hub.current.windows.get(conn.windowId) : undefined;
    if (!window)
      throw new Error(`window ${conn.windowId ?? '(none)'} is not in the hall's configuration`);
    return structuredClone(window);
  };

  /** A window command: the window is the device's own, never one named in the message. */
  const atWindow = async (conn: Conn, commandId: string, command: Command) => {
    const outcome = await run(conn, commandId, command);
    if (!outcome.ok) return outcome;
    return { ok: true as const, result: { ticket: outcome.result.ticket, window: windowOf(conn) } };
  };

  const windowId = (conn: Conn): string => conn.windowId ?? '';

  const admin = new AdminCommands(hub, sessions.logins);
  const appointments = new Appointments(hub);
  const publish = (events: SequencedEvent[]) => hub.publish(events);
  const callerOf = (conn: Conn): AdminCaller => ({
    staffCode: conn.session?.staffCode ?? '',
    actorKey: conn.actorKey,
    actor: actorOf(conn),
  });

  /**
   * A command this actor has committed before. Its retry gets the first result even when the
   * clerk's login is gone (a restarted hub forgets logins): the command was done, and a
   * `not_logged_in` would say it was not.
   */
  const committedBefore = (conn: Conn, message: unknown): boolean => {
    const { commandId } = message as { commandId?: unknown };
    return (
      typeof commandId === 'string' && hub.store.commandResult(conn.actorKey, commandId) !== null
    );
  };

  /**
   * A window terminal acts only for its window: it may cancel a ticket waiting in its queues or
   * unpark one it parked, not any ticket of the hall. (A retry of a done command is answered.)
   */
  const notHere = (
    conn: Conn,
    m: { commandId: string; ticketId: string },
    allowed: (ticket: Ticket) => boolean,
  ): { ok: false; error: { code: ErrorCode; message: string } } | null => {
    const ticket = hub.current.tickets.get(m.ticketId);
    if (!ticket || committedBefore(conn, m) || allowed(ticket)) return null;
    return fail('ticket_not_here', `ticket ${ticket.number} is not this window's to change`);
  };

  const deviceStatus = (
    conn: Conn,
    m: CommandMessage<'kiosk', 'device_status'>,
  ): Ack<Record<string, never>> => {
    if (!conn.deviceId) return fail('forbidden', 'only paired devices report a status');
    hub.store.setDeviceStatus(
      conn.deviceId,
      { state: m.state, detail: m.detail, printer: m.printer ?? null },
      hub.now(),
    );
    return { ok: true, result: {} };
  };

  const handlers: { [R in Role]: Handlers<R> } = {
    kiosk: {
      issue_ticket: async (conn, m) => {
        const outcome = await run(conn, m.commandId, {
          type: 'issue_ticket',
          itinerary: m.itinerary,
          class: m.class,
          appointment: null,
          accessToken: newToken(),
        });
        if (!outcome.ok) return outcome;
        const ticket = outcome.result.ticket;
        return ticket ? { ok: true, result: { ticket } } : fail('internal', 'issued no ticket');
      },
      check_in: (conn, m) =>
        appointments.checkIn({ actor: actorOf(conn), actorKey: conn.actorKey }, m, publish),
      device_status: deviceStatus,
    },
    window: {
      staff_login: async (conn, m) => {
        const login = await checkStaffLogin(hub, sessions.logins, {
          staffCode: m.staffCode,
          pin: m.pin,
          address: conn.address,
        });
        if (!login.ok) return fail(login.code, login.message);
        if (!conn.deviceId) return fail('forbidden', 'only a paired window terminal logs in');
        const created = clerkSessions.create(conn.deviceId, login.staff, hub.now());
        windowLogins.set(conn.deviceId, created.login);
        const { code, name, role } = login.staff;
        return { ok: true, result: { staff: { code, name, role }, session: created.token } };
      },
      staff_resume: (conn, m) => {
        if (!conn.deviceId) return fail('forbidden', 'only a paired window terminal logs in');
        const resumed = clerkSessions.resume(conn.deviceId, m.session, hub.config.staff, hub.now());
        if (!resumed.ok) {
          // The terminal's login is gone: whatever this device had in memory goes with it.
          if (windowLogins.get(conn.deviceId)?.tokenHash === hashSecret(m.session)) {
            windowLogins.delete(conn.deviceId);
          }
          return fail(resumed.code, resumed.message);
        }
        windowLogins.set(conn.deviceId, resumed.login);
        const { code, name, role } = resumed.login.staff;
        return { ok: true, result: { staff: { code, name, role }, session: m.session } };
      },
      staff_logout: (conn) => {
        const login = conn.deviceId ? windowLogins.get(conn.deviceId) : undefined;
        if (login) clerkSessions.end(login.tokenHash, 'logout', hub.now());
        if (conn.deviceId) windowLogins.delete(conn.deviceId);
        return { ok: true, result: {} };
      },
      open_window: (conn, m) => {
        const staff = staffAt(conn);
        if (!staff && !committedBefore(conn, m)) {
          return fail('not_logged_in', 'log in with staff code and PIN first');
        }
        return atWindow(conn, m.commandId, {
          type: 'open_window',
          windowId: windowId(conn),
          // A retry is answered from the store before this is read.
          staffCode: staff?.code ?? '',
        });
      },
      pause_window: (conn, m) =>
        atWindow(conn, m.commandId, {
          type: 'pause_window',
          windowId: windowId(conn),
          reason: m.reason,
        }),
      resume_window: (conn, m) =>
        atWindow(conn, m.commandId, { type: 'resume_window', windowId: windowId(conn) }),
      close_window: (conn, m) =>
        atWindow(conn, m.commandId, { type: 'close_window', windowId: windowId(conn) }),
      call_next: (conn, m) =>
        atWindow(conn, m.commandId, { type: 'call_next', windowId: windowId(conn) }),
      call_specific: (conn, m) =>
        atWindow(conn, m.commandId, {
          type: 'call_specific',
          windowId: windowId(conn),
          ticketId: m.ticketId,
        }),
      recall: (conn, m) =>
        atWindow(conn, m.commandId, { type: 'recall', windowId: windowId(conn) }),
      start_serving: (conn, m) =>
        atWindow(conn, m.commandId, { type: 'start_serving', windowId: windowId(conn) }),
      finish: (conn, m) =>
        atWindow(conn, m.commandId, { type: 'finish', windowId: windowId(conn) }),
      no_show: (conn, m) =>
        atWindow(conn, m.commandId, { type: 'no_show', windowId: windowId(conn) }),
      put_back: (conn, m) =>
        atWindow(conn, m.commandId, { type: 'put_back', windowId: windowId(conn) }),
      transfer: (conn, m) =>
        atWindow(conn, m.commandId, {
          type: 'transfer',
          windowId: windowId(conn),
          toServiceId: m.toServiceId,
          toWindowId: m.toWindowId,
          note: m.note,
        }),
      park: (conn, m) =>
        atWindow(conn, m.commandId, {
          type: 'park',
          windowId: windowId(conn),
          until: m.until,
          note: m.note,
        }),
      unpark: (conn, m) =>
        notHere(conn, m, (t) => t.status === 'parked' && t.windowId === conn.windowId) ??
        atWindow(conn, m.commandId, { type: 'unpark', ticketId: m.ticketId }),
      cancel: (conn, m) =>
        notHere(conn, m, (t) => {
          const window = hub.config.windows.find((w) => w.id === conn.windowId);
          const waitingHere = t.status === 'waiting' && !!window && !!candidateFor(t, window);
          return waitingHere || (t.status === 'parked' && t.windowId === conn.windowId);
        }) ?? atWindow(conn, m.commandId, { type: 'cancel', ticketId: m.ticketId, by: 'staff' }),
      device_status: deviceStatus,
      day_figures: (conn) => {
        // What was decided but not yet written counts too: the figures follow the events.
        hub.flush();
        const staff = staffAt(conn);
        return {
          ok: true,
          result: windowDayFigures(hub.store.connection, {
            businessDay: hub.current.day?.businessDay ?? hub.today(),
            // The device's own window, from its pairing: a message cannot name another.
            windowId: windowId(conn),
            staffCode: staff?.code ?? null,
          }),
        };
      },
    },
    rate: {
      rate: async (conn, m) => {
        const ticket = hub.current.tickets.get(m.ticketId);
        if (ticket && ticket.windowId !== conn.windowId) {
          return fail(
            'forbidden',
            `ticket ${ticket.number} was not served at this rating pad's window`,
          );
        }
        const outcome = await run(conn, m.commandId, {
          type: 'rate',
          ticketId: m.ticketId,
          score: m.score,
          reasons: m.reasons,
        });
        return outcome.ok ? { ok: true, result: {} } : outcome;
      },
      device_status: deviceStatus,
    },
    display: { device_status: deviceStatus },
    admin: {
      open_day: async (conn, m) => {
        // Only today: a day typed wrong (2052) would otherwise stick, as a later day is kept.
        if (m.businessDay !== null && m.businessDay !== hub.today()) {
          return fail('invalid_message', `only today (${hub.today()}) can be opened`);
        }
        const outcome = await run(conn, m.commandId, {
          type: 'open_day',
          businessDay: m.businessDay ?? hub.today(),
        });
        if (!outcome.ok) return outcome;
        const day = hub.current.day;
        return day
          ? { ok: true, result: { day: structuredClone(day) } }
          : fail('internal', 'no day after open_day');
      },
      close_day: async (conn, m) => {
        const outcome = await run(conn, m.commandId, { type: 'close_day' });
        if (!outcome.ok) return outcome;
        const day = hub.current.day;
        return day
          ? { ok: true, result: { day: structuredClone(day) } }
          : fail('internal', 'no day after close_day');
      },
      cancel: async (conn, m) => {
        const outcome = await run(conn, m.commandId, {
          type: 'cancel',
          ticketId: m.ticketId,
          by: 'staff',
        });
        if (!outcome.ok) return outcome;
        const ticket = outcome.result.ticket;
        return ticket ? { ok: true, result: { ticket } } : fail('internal', 'cancelled no ticket');
      },
      unpark: async (conn, m) => {
        const outcome = await run(conn, m.commandId, { type: 'unpark', ticketId: m.ticketId });
        if (!outcome.ok) return outcome;
        const ticket = outcome.result.ticket;
        return ticket ? { ok: true, result: { ticket } } : fail('internal', 'unparked no ticket');
      },
      create_device: (conn, m) => admin.createDevice(callerOf(conn), m),
      list_devices: () => admin.listDevices(),
      rename_device: (conn, m) => admin.renameDevice(callerOf(conn), m),
      unpair_device: (conn, m) => {
        const ack = admin.unpairDevice(callerOf(conn), m);
        // Its token is gone: its open sockets close now (a reconnect is refused at the handshake).
        if (ack.ok) disconnectDevice(m.deviceId);
        return ack;
      },
      report: (_conn, m) => admin.report(m),
      list_complaints: (_conn, m) => admin.listComplaints(m),
      complaint_action: (conn, m) => admin.complaintAction(callerOf(conn), m),
      open_complaint: (conn, m) => admin.openComplaint(callerOf(conn), m),
      change_config: (conn, m) =>
        admin.changeConfig(callerOf(conn), m, (command) => run(conn, m.commandId, command)),
      set_staff_pin: (conn, m) => admin.setStaffPin(callerOf(conn), m),
      unlock_staff: (conn, m) => admin.unlockStaff(callerOf(conn), m),
      audit: (_conn, m) => admin.audit(m),
      book_appointment: (conn, m) =>
        appointments.book({ actor: actorOf(conn), actorKey: conn.actorKey }, m),
      cancel_appointment: (conn, m) =>
        appointments.cancel({ actor: actorOf(conn), actorKey: conn.actorKey }, m),
    },
  };

  /** One snapshot per role and sequence number: a reconnect storm would otherwise copy the day once per client. */
  const snapshots = new Map<Role, { seq: number; snapshot: StateSnapshot }>();
  const snapshotFor = (role: Role, seq: number): StateSnapshot => {
    const cached = snapshots.get(role);
    if (cached?.seq === seq) return cached.snapshot;
    const snapshot = redactSnapshotFor(role, serializeState(hub.current, seq, hub.now()));
    snapshots.set(role, { seq, snapshot });
    return snapshot;
  };

  /** What answering costs, decided before anything is read. */
  const planSync = (request: SyncRequest): SyncPlan => {
    // Commands decided but not yet written go to the log first: a snapshot shows only what is durable.
    hub.flush();
    const last = hub.store.lastSeq();
    const { lastSeq } = request;
    // Up to date (every display after a restart of the hub): nothing to read.
    if (lastSeq === last && last > 0) return { kind: 'up_to_date', last };
    const fresh =
      lastSeq === 0 ||
      lastSeq > last ||
      lastSeq < hub.dayStartSeq - 1 ||
      last - lastSeq > catchUpLimit;
    // At most MAX_CATCHUP_EVENTS: a full budget always pays for one answer, however big the day.
    if (fresh) {
      const size = 1 + hub.current.tickets.size + hub.current.complaints.size;
      return { kind: 'snapshot', last, cost: Math.min(size, MAX_CATCHUP_EVENTS) };
    }
    return { kind: 'events', last, cost: Math.min(last - lastSeq, MAX_CATCHUP_EVENTS) };
  };

  const answerSync = (conn: Conn, request: SyncRequest, plan: SyncPlan): SyncPayload => {
    const { last } = plan;
    switch (plan.kind) {
      case 'up_to_date':
        return {
          kind: 'events',
          batch: redactBatchFor(conn.role, { from: last + 1, to: last, events: [] }),
        };
      case 'snapshot':
        return { kind: 'snapshot', snapshot: snapshotFor(conn.role, last) };
      case 'events': {
        const events = hub.store.eventsAfter(request.lastSeq, catchUpLimit);
        return {
          kind: 'events',
          batch: redactBatchFor(conn.role, { from: request.lastSeq + 1, to: last, events }),
        };
      }
    }
  };

  /** Sync budgets by principal (see `SYNC_COST_BURST`); a full one is dropped, as a new one is full. */
  const syncBudgets = new Map<string, Bucket>();
  const syncBudgetOf = (principal: string): Bucket => {
    let bucket = syncBudgets.get(principal);
    if (!bucket) {
      bucket = { tokens: SYNC_COST_BURST, refilledAt: performance.now() };
      syncBudgets.set(principal, bucket);
    }
    return bucket;
  };
  const pruneSyncBudgets = (): void => {
    const now = performance.now();
    for (const [principal, bucket] of syncBudgets) {
      const full = bucket.tokens + ((now - bucket.refilledAt) / 1000) * SYNC_COST_PER_S;
      if (full >= SYNC_COST_BURST) syncBudgets.delete(principal);
    }
  };

  /** Tells the client why, then disconnects it for good (the notice goes out first). */
  const endSocket = (socket: Socket, code: EndReason, message: string): void => {
    const notice: EndNotice = { code, message };
    socket.emit('ended', notice);
    socket.disconnect(true);
  };
  const ENDED_UNAUTHORIZED = 'this device was unpaired or paired again, or the session has ended';

  /** The one live socket of each paired device: a newer connection replaces it. */
  const liveByDevice = new Map<string, Socket>();

  const namespaces = new Map<Role, Namespace>();
  const disconnectDevice = (deviceId: string): void => {
    for (const nsp of namespaces.values()) {
      for (const socket of nsp.sockets.values()) {
        if ((socket.data as { conn?: Conn }).conn?.deviceId === deviceId)
          endSocket(socket, 'unauthorized', ENDED_UNAUTHORIZED);
      }
    }
  };
  for (const role of ROLES) {
    const nsp = io.of(NAMESPACES[role]);
    namespaces.set(role, nsp);
    nsp.use((socket, next) => {
      const check = checkHandshake(socket.handshake.auth);
      if (!check.ok) return next(new Error(check.code));
      const conn = authenticate(role, check.auth.token, callerAddress(socket.handshake.address));
      if (!conn) return next(new Error('unauthorized'));
      (socket.data as { conn?: Conn }).conn = conn;
      next();
    });
    nsp.on('connection', (socket) => bind(role, socket));
  }

  function authenticate(role: Role, token: string, address: string): Conn | null {
    const tokenHash = hashSecret(token);
    const base = {
      role,
      address,
      messages: { tokens: RATE_BURST, refilledAt: performance.now() },
      tokenHash,
    };
    if (role === 'admin') {
      const session = sessions.get(token);
      if (!session || session.role === 'clerk') return null;
      return {
        ...base,
        deviceId: null,
        deviceKind: null,
        windowId: null,
        session,
        actorKey: `staff:${session.staffCode}`,
        principal: `session:${tokenHash}`,
      };
    }
    const device = hub.store.deviceByTokenHash(hashSecret(token));
    if (!device || ROLE_OF_DEVICE_KIND[device.kind] !== role) return null;
    hub.store.touchDevice(device.id, hub.now());
    return {
      ...base,
      deviceId: device.id,
      deviceKind: device.kind,
      windowId: device.windowId,
      session: null,
      actorKey: `device:${device.id}`,
      principal: `device:${device.id}`,
    };
  }

  /**
   * A revoked or re-paired device (its token is no longer its own) or an expired or ended session
   * loses its open connections too, not only new ones.
   */
  function stillValid(conn: Conn): boolean {
    if (conn.role === 'admin') return sessions.getByHash(conn.tokenHash) !== null;
    const device = hub.store.deviceByTokenHash(conn.tokenHash); // unrevoked only
    return device !== null && device.id === conn.deviceId;
  }

  /** A token bucket per connection, so one client cannot flood the single writer. */
  function allow(conn: Conn): boolean {
    return take(conn.messages, 1, RATE_BURST, RATE_PER_S);
  }

  function requirementMet(
    role: Role,
    conn: Conn,
    event: string,
    message: unknown,
  ): Ack<never> | null {
    const table: Readonly<Record<string, { requires: string }>> = COMMAND_SCHEMAS[role];
    const requires = table[event]?.requires;
    if (requires === 'staff_login' && !committedBefore(conn, message)) {
      const login = conn.deviceId ? windowLogins.get(conn.deviceId) : undefined;
      if (!login) return fail('not_logged_in', 'log in with staff code and PIN first');
      if (login.expiresAt <= hub.now() && conn.deviceId) {
        windowLogins.delete(conn.deviceId);
        return fail('session_expired', 'the login has expired; log in again');
      }
    }
    if (requires === 'admin_role' && conn.session?.role !== 'admin') {
      return fail('forbidden', 'only an admin may do this');
    }
    return null;
  }

  function bind(role: Role, socket: Socket): void {
    const conn = (socket.data as { conn: Conn }).conn;
    pruneSyncBudgets();
    // One live connection per paired device: a second tab or a stale socket is told and closed.
    const deviceId = conn.deviceId;
    if (deviceId !== null) {
      const older = liveByDevice.get(deviceId);
      if (older && older !== socket) {
        endSocket(older, 'replaced', `device ${deviceId} opened a newer connection`);
      }
      liveByDevice.set(deviceId, socket);
      socket.on('disconnect', () => {
        if (liveByDevice.get(deviceId) === socket) liveByDevice.delete(deviceId);
      });
    }
    const names = new Set<string>([...commandNames(role), 'sync']);
    const roleHandlers: Readonly<Record<string, (c: Conn, m: unknown) => unknown>> = handlers[
      role
    ] as never;

    socket.onAny((event: unknown, ...args: unknown[]) => {
      const ack = args[args.length - 1];
      if (typeof ack !== 'function') return; // no way to answer: ignore it
      const reply = ack as (a: unknown) => void;
      if (typeof event !== 'string' || !names.has(event)) {
        reply(fail('invalid_message', `${role} has no event "${String(event).slice(0, 64)}"`));
        return;
      }
      if (!allow(conn)) {
        reply(fail('rate_limited', 'too many messages; slow down'));
        return;
      }
      // Every message, a sync too: nothing is answered to a token that is no longer good.
      if (!stillValid(conn)) {
        reply(fail('unauthorized', ENDED_UNAUTHORIZED));
        endSocket(socket, 'unauthorized', ENDED_UNAUTHORIZED);
        return;
      }
      const parsed = parseMessage(role, event, args.length === 2 ? args[0] : undefined);
      if (!parsed.ok) {
        reply({ ok: false, error: parsed.error });
        return;
      }
      if (event === 'sync') {
        const request = parsed.value as SyncRequest;
        const plan = planSync(request);
        const cost = plan.kind === 'up_to_date' ? 0 : plan.cost;
        if (!take(syncBudgetOf(conn.principal), cost, SYNC_COST_BURST, SYNC_COST_PER_S)) {
          reply(fail('rate_limited', 'catching up again so soon costs too much; ask again later'));
          return;
        }
        const payload = answerSync(conn, request, plan);
        // Read last: the moment the answer leaves, for the client to set its hall clock by.
        const clock = { now: hub.now(), speed: hub.clockSpeed };
        reply({ ok: true, result: { ...payload, clock, history: hub.store.historyId() } });
        return;
      }
      // A commandId counts per actor and per command: reused for another command, it is new.
      const ctx: Conn = { ...conn, actorKey: `${conn.actorKey}|${event}` };
      const refused = requirementMet(role, ctx, event, parsed.value);
      if (refused) {
        reply(refused);
        return;
      }
      const handler = roleHandlers[event];
      Promise.resolve()
        .then(() => handler?.(ctx, parsed.value))
        .then(reply, (err: unknown) => {
          if (err instanceof StoreError) {
            // A locked or lost database refused a write outside the engine (an admin change).
            const refused = storeFailed(err);
            reply(fail(refused.code, refused.message));
            return;
          }
          console.error(`onestop-hub: ${role}/${event} failed`, err);
          reply(fail('internal', 'the hub failed to handle this message'));
        });
    });
  }

  // Staff disabled (or removed, or given another role) lose their sessions at once: console
  // sockets are closed (a reconnect is refused), window logins dropped (the terminal sees the
  // config_changed in its mirror and asks for a login).
  hub.onEvents((events: SequencedEvent[]) => {
    if (!events.some((e) => e.type === 'config_changed')) return;
    const ended = endedStaff(hub.config.staff, sessions, windowLogins);
    if (ended.size === 0) return;
    sessions.endFor(ended);
    // Kept ended in the database too: enabled again, the clerk logs in again.
    clerkSessions.endForStaff(ended, 'staff_disabled', hub.now());
    for (const [deviceId, login] of windowLogins) {
      if (ended.has(login.staff.code)) windowLogins.delete(deviceId);
    }
    for (const socket of namespaces.get('admin')?.sockets.values() ?? []) {
      const staffCode = (socket.data as { conn?: Conn }).conn?.session?.staffCode;
      if (staffCode !== undefined && ended.has(staffCode))
        endSocket(socket, 'unauthorized', ENDED_UNAUTHORIZED);
    }
    // Their idle open windows close (nobody is there to call); one holding a ticket stays for
    // the next clerk to finish. After this batch has reached everyone: events stay in order.
    setImmediate(() => {
      try {
        for (const w of hub.current.windows.values()) {
          const gone = w.staffCode !== null && ended.has(w.staffCode);
          if (gone && w.status !== 'closed' && w.currentTicketId === null) {
            hub.system({ type: 'close_window', windowId: w.windowId });
          }
        }
      } catch (err) {
        // The hub closed meanwhile: the window stays as it was, in the log and on screen.
        console.error(`onestop-hub: closing a disabled clerk's window: ${String(err)}`);
      }
    });
  });

  // A new PIN ends the clerk's window logins: their terminals are disconnected, reconnect, and
  // are told `session_pin_changed` by their `staff_resume` (the login's PIN tag no longer fits).
  hub.onEvents((events: SequencedEvent[]) => {
    const reset = new Set<string>();
    for (const e of events) if (e.type === 'staff_pin_reset') reset.add(e.staffCode);
    if (reset.size === 0) return;
    for (const [deviceId, login] of windowLogins) {
      if (!reset.has(login.staff.code)) continue;
      windowLogins.delete(deviceId);
      for (const socket of namespaces.get('window')?.sockets.values() ?? []) {
        if ((socket.data as { conn?: Conn }).conn?.deviceId === deviceId) socket.disconnect(true);
      }
    }
  });

  hub.onEvents((events: SequencedEvent[]) => {
    const first = events[0];
    const last = events[events.length - 1];
    if (!first || !last) return;
    const batch = { from: first.seq, to: last.seq, events };
    for (const [role, nsp] of namespaces) {
      // No batch for a token that is no longer good: such sockets are ended first.
      endInvalid(nsp);
      nsp.emit('batch', redactBatchFor(role, batch));
    }
  });

  /** Ends the sockets of `nsp` whose token is no longer good (unpaired, re-paired, expired). */
  function endInvalid(nsp: Namespace): void {
    for (const socket of [...nsp.sockets.values()]) {
      const conn = (socket.data as { conn?: Conn }).conn;
      let valid = true;
      try {
        valid = !conn || stillValid(conn);
      } catch (err) {
        // The store is closing: its sockets go with it; the batch goes out as before.
        console.error(`onestop-hub: checking a connection's token failed: ${String(err)}`);
      }
      if (!valid) endSocket(socket, 'unauthorized', ENDED_UNAUTHORIZED);
    }
  }

  // A console socket whose session expired is ended within `SESSION_CHECK_MS` though it sends
  // nothing: the hall's clock is looked at rather than waited for (it may be stepped or run fast).
  const sessionCheck = setInterval(() => {
    const consoles = namespaces.get('admin');
    if (consoles) endInvalid(consoles);
  }, SESSION_CHECK_MS);
  sessionCheck.unref();
  http.once('close', () => clearInterval(sessionCheck));

  return io;
}

/**
 * Logged-in staff whose entry is now gone or inactive, or whose console session carries a role
 * they no longer have (a window login serves any role alike).
 */
function endedStaff(
  staff: readonly Staff[],
  sessions: Sessions,
  windowLogins: ReadonlyMap<string, WindowLogin>,
): Set<string> {
  const now = new Map(staff.map((s) => [s.code, s]));
  const ended = new Set<string>();
  const check = (code: string, role: Staff['role'] | null) => {
    const entry = now.get(code);
    if (!entry || !entry.active || (role !== null && entry.role !== role)) ended.add(code);
  };
  for (const session of sessions.all()) check(session.staffCode, session.role);
  for (const login of windowLogins.values()) check(login.staff.code, null);
  return ended;
}
