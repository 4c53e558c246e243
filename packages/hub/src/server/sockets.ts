import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  checkHandshake,
  LIMITS,
  NAMESPACES,
  redactBatchFor,
  ROLE_OF_DEVICE_KIND,
  ROLES,
  type ClientToServerEvents,
  type EndNotice,
  type EndReason,
  type Role,
  type SequencedEvent,
  type Staff,
  type ServerToClientEvents,
} from '@onestop/shared';
import { hashSecret } from '../auth.js';
import type { Hub } from '../hub.js';
import { Reactions, type StaffLogins } from '../reactions.js';
import type { Actor } from '../store/index.js';
import { AdminCommands } from './admin-commands.js';
import { Appointments } from '../features/appointments/appointments.js';
import { VisitorIds } from '../features/visitor-ids/visitor-ids.js';
import { WindowLogins } from './clerk-sessions.js';
import { handlersFor } from './handlers/index.js';
import type { OriginPolicy } from './origins.js';
import {
  ENDED_UNAUTHORIZED,
  fail,
  MAX_CATCHUP_EVENTS,
  Pipeline,
  type Conn,
  type MessageRate,
  type SocketData,
} from './pipeline.js';
import { callerAddress, type Sessions } from './sessions.js';
import { Syncs } from './sync.js';

export {
  MAX_CATCHUP_EVENTS,
  RATE_BURST,
  RATE_PER_S,
  SYNC_COST_BURST,
  SYNC_COST_PER_S,
} from './pipeline.js';
export type { SyncPlan } from './sync.js';

/** How often open console sockets are checked for an expired session. */
export const SESSION_CHECK_MS = 1_000;

/**
 * How long the batches for kiosks are gathered into one message: a
 * kiosk shows service states and waiting counts, which need no batch within 100 ms, and each
 * group commit's batch was its own socket write to every kiosk. 10 ms, not 50 or 100: longer
 * windows send fewer messages still but each a large burst, and the issue bench's kiosks issued
 * fewer tickets a second than with no gathering (bench/README.md, "Kiosk batches coalesced").
 */
export const KIOSK_BATCH_MS = 10;

/**
 * How long the batches for displays are gathered into one message, unless one of them calls a
 * ticket: a call (or recall) goes at once, with whatever was gathered before it. The rest of what
 * a display shows (waiting counts, who is being served) needs no batch within 100 ms, and each
 * group commit's batch was its own socket write to every display: in a busy hall with 200
 * displays, half of the hub's busy time, which a call arriving meanwhile waited for
 * (bench/README.md, "Display batches gathered").
 */
export const DISPLAY_BATCH_MS = 100;

/** The events a display announces: a batch holding one leaves at once (see `DISPLAY_BATCH_MS`). */
function callsATicket(events: readonly SequencedEvent[]): boolean {
  return events.some((e) => e.type === 'ticket_called' || e.type === 'ticket_recalled');
}

/**
 * The Socket.IO side of the hub: one namespace per role, the handshake, every message handed to
 * the command pipeline (server/pipeline.ts), and each committed batch pushed to every role as
 * that role may see it.
 */
export interface SocketOptions {
  /** A client further behind than this many events gets a snapshot instead. */
  catchUpLimit?: number;
  /** Which browser pages may connect (their `Origin`); every other site's is refused. */
  origins: OriginPolicy;
  /** Each connection's message budget (`--message-rate`, development only); default the hall's. */
  messageRate?: MessageRate;
  /**
   * The kiosks' batches are gathered for this long and sent as one (contiguous, in order);
   * 0 sends each at once. Default `KIOSK_BATCH_MS`.
   */
  kioskBatchMs?: number;
  /**
   * The displays' batches are gathered for this long and sent as one, a call's at once with what
   * was gathered; 0 sends each at once. Default `DISPLAY_BATCH_MS`.
   */
  displayBatchMs?: number;
}

/** A socket of any role's namespace, typed by packages/shared's event maps. */
type RoleSocket = Socket<
  ClientToServerEvents<Role>,
  ServerToClientEvents,
  Record<never, never>,
  SocketData
>;
/** The hub's Socket.IO server: every role's events, `socket.data` a `SocketData`. */
export type HubIoServer = Server<
  ClientToServerEvents<Role>,
  ServerToClientEvents,
  Record<never, never>,
  SocketData
>;

export function attachSockets(
  http: HttpServer,
  hub: Hub,
  sessions: Sessions,
  options: SocketOptions,
): HubIoServer {
  const io: HubIoServer = new Server(http, {
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
  // Before the batches go out: the hub's reactions see each batch first (reactions.ts).
  const reactions = Reactions.of(hub);
  // Device id -> the clerk logged in at it, kept in the database too (ClerkSessions).
  const windowLogins = new WindowLogins(hub.store);

  const actorOf = (conn: Conn): Actor => {
    if (conn.session) return { kind: 'staff', staffCode: conn.session.staffCode, deviceId: null };
    const staff = windowLogins.at(conn.deviceId)?.staff;
    if (staff && conn.deviceId)
      return { kind: 'staff', staffCode: staff.code, deviceId: conn.deviceId };
    // Commands reach here after `stillValid`, which read the device: no second read.
    if (!conn.deviceId || !conn.deviceKind) return { kind: 'system' };
    return { kind: 'device', deviceId: conn.deviceId, deviceKind: conn.deviceKind };
  };

  const namespaces = new Map(ROLES.map((role) => [role, io.of(NAMESPACES[role])] as const));
  const sockets = (role: Role): Iterable<RoleSocket> =>
    namespaces.get(role)?.sockets.values() ?? [];
  const allSockets = function* (): Generator<RoleSocket> {
    for (const role of ROLES) yield* sockets(role);
  };

  /** Tells the client why, then disconnects it for good (the notice goes out first). */
  const endSocket = (socket: RoleSocket, code: EndReason, message: string): void => {
    const notice: EndNotice = { code, message };
    socket.emit('ended', notice);
    socket.disconnect(true);
  };

  const disconnectDevice = (deviceId: string): void => {
    for (const socket of allSockets()) {
      if (socket.data.conn.deviceId === deviceId)
        endSocket(socket, 'unauthorized', ENDED_UNAUTHORIZED);
    }
  };

  /**
   * A revoked or re-paired device (its token is no longer its own) or an expired or ended session
   * loses its open connections too, not only new ones.
   */
  const stillValid = (conn: Conn): boolean => {
    if (conn.role === 'admin') return sessions.getByHash(conn.tokenHash) !== null;
    // Found good and no device has lost its token since: no read of the database per message.
    const tokens = hub.store.tokensVersion();
    if (tokensGoodAt.get(conn) === tokens) return true;
    const device = hub.store.deviceByTokenHash(conn.tokenHash); // unrevoked only
    const valid = device !== null && device.id === conn.deviceId;
    if (valid) tokensGoodAt.set(conn, tokens);
    return valid;
  };
  /** A device connection's token was last found good at this `tokensVersion` of the store. */
  const tokensGoodAt = new WeakMap<Conn, string>();

  const pipeline = new Pipeline({
    hub,
    handlers: handlersFor({
      hub,
      windowLogins,
      guard: sessions.logins,
      admin: new AdminCommands(hub, sessions.logins),
      appointments: new Appointments(hub),
      visitorIds: new VisitorIds(hub),
      disconnectDevice,
    }),
    sync: new Syncs(hub, options.catchUpLimit ?? MAX_CATCHUP_EVENTS),
    ...(options.messageRate ? { messageRate: options.messageRate } : {}),
    stillValid,
    actorOf,
    loginRefusal: (conn) => {
      const refused = windowLogins.refusal(conn.deviceId, hub.now());
      return refused ? fail(refused.code, refused.message) : null;
    },
  });

  /** The one live socket of each paired device: a newer connection replaces it. */
  const liveByDevice = new Map<string, RoleSocket>();

  for (const [role, nsp] of namespaces) {
    nsp.use((socket, next) => {
      const check = checkHandshake(socket.handshake.auth);
      if (!check.ok) return next(new Error(check.code));
      const conn = authenticate(role, check.auth.token, callerAddress(socket.handshake.address));
      if (!conn) return next(new Error('unauthorized'));
      socket.data.conn = conn;
      next();
    });
    nsp.on('connection', (socket) => bind(socket));
  }

  function authenticate(role: Role, token: string, address: string): Conn | null {
    const tokenHash = hashSecret(token);
    const base = { role, address, messages: Pipeline.bucket(options.messageRate), tokenHash };
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
    // Read before the device: the token is good at least as long as this version stays.
    const tokens = hub.store.tokensVersion();
    const device = hub.store.deviceByTokenHash(tokenHash);
    if (!device || ROLE_OF_DEVICE_KIND[device.kind] !== role) return null;
    hub.store.sawDevice(device.id, hub.now());
    const conn: Conn = {
      ...base,
      deviceId: device.id,
      deviceKind: device.kind,
      windowId: device.windowId,
      session: null,
      actorKey: `device:${device.id}`,
      principal: `device:${device.id}`,
    };
    // Its first message (the sync) needs no second look-up (`stillValid`).
    tokensGoodAt.set(conn, tokens);
    return conn;
  }

  function bind(socket: RoleSocket): void {
    const { conn } = socket.data;
    pipeline.pruneSyncBudgets();
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
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const ack = args[args.length - 1];
      if (typeof ack !== 'function') return; // no way to answer: ignore it
      const reply = ack as (a: unknown) => void;
      const answer = pipeline.handle(conn, event, args.length === 2 ? args[0] : undefined);
      const send = ({
        ack: message,
        endSocket: end,
      }: {
        ack: unknown;
        endSocket?: 'unauthorized';
      }) => {
        reply(message);
        if (end) endSocket(socket, end, ENDED_UNAUTHORIZED);
      };
      if (answer instanceof Promise) void answer.then(send);
      else send(answer);
    });
  }

  // Staff disabled (or removed, or given another role) and new PINs end logins (reactions.ts):
  // here is what ending them means for the sockets.
  const logins: StaffLogins = {
    endInactive: (staff) => {
      const ended = endedStaff(staff, sessions, windowLogins);
      if (ended.size === 0) return ended;
      // Console sockets are closed (a reconnect is refused), window logins dropped (the terminal
      // sees the config_changed in its mirror and asks for a login).
      sessions.endFor(ended);
      windowLogins.endForStaff(ended, hub.now());
      for (const socket of sockets('admin')) {
        const staffCode = socket.data.conn.session?.staffCode;
        if (staffCode !== undefined && ended.has(staffCode))
          endSocket(socket, 'unauthorized', ENDED_UNAUTHORIZED);
      }
      return ended;
    },
    // A new PIN ends the clerk's window logins: their terminals are disconnected, reconnect, and
    // are told `session_pin_changed` by their `staff_resume` (the login's PIN tag no longer fits).
    pinReset: (staffCodes) => {
      for (const deviceId of windowLogins.forgetStaff(staffCodes)) {
        for (const socket of sockets('window')) {
          if (socket.data.conn.deviceId === deviceId) socket.disconnect(true);
        }
      }
    },
  };
  const stopReacting = reactions.addLogins(logins);

  /**
   * The store's `tokensVersion` when every device socket's token was last found good: until it
   * changes no device lost its token, and the devices' sockets need no look-up per batch (a
   * thousand displays would be a thousand reads of the database for every call).
   */
  let devicesCheckedAt: string | null = null;

  /**
   * Batches gathered for a role's namespace and sent as one (contiguous, in order), `ms` after
   * the first, or at once when `urgent` says so of the events just added. The token check is
   * made when the batch leaves, not when its events were written. A socket that syncs meanwhile
   * may get some of these events in its answer too: its mirror skips what it already holds
   * (packages/shared's `Mirror`).
   */
  const gathering = (
    role: Role,
    ms: number,
    urgent: (events: readonly SequencedEvent[]) => boolean,
  ): { add: (events: SequencedEvent[]) => void; stop: () => void } => {
    let gathered: SequencedEvent[] = [];
    let timer: NodeJS.Timeout | null = null;
    /** The store's `tokensVersion` when every socket of the role was last found good. */
    let checkedAt: string | null = null;
    const send = (): void => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      const events = gathered;
      gathered = [];
      const first = events[0];
      const last = events[events.length - 1];
      if (!first || !last) return;
      const nsp = namespaces.get(role);
      if (!nsp || nsp.sockets.size === 0) return;
      try {
        const tokens = hub.store.tokensVersion();
        if (tokens !== checkedAt && endInvalid(role)) checkedAt = tokens;
      } catch (err) {
        // The store is closing: its sockets go with it, and a batch no token check allowed stays.
        console.error(`onestop-hub: checking the ${role} tokens failed: ${String(err)}`);
        return;
      }
      if (nsp.sockets.size > 0) {
        nsp.emit('batch', redactBatchFor(role, { from: first.seq, to: last.seq, events }));
      }
    };
    return {
      add: (events) => {
        const first = events[0];
        const last = gathered[gathered.length - 1];
        // Not following what is gathered (never expected): what is gathered goes first, alone.
        if (first && last && first.seq !== last.seq + 1) send();
        for (const event of events) gathered.push(event);
        if (urgent(events)) send();
        else if (timer === null) {
          timer = setTimeout(send, ms);
          timer.unref();
        }
      },
      stop: () => {
        if (timer !== null) clearTimeout(timer);
        timer = null;
        gathered = [];
      },
    };
  };
  const kioskBatchMs = options.kioskBatchMs ?? KIOSK_BATCH_MS;
  const displayBatchMs = options.displayBatchMs ?? DISPLAY_BATCH_MS;
  /** The roles whose batches are gathered (see `KIOSK_BATCH_MS`, `DISPLAY_BATCH_MS`). */
  const gathered = new Map<Role, ReturnType<typeof gathering>>();
  if (kioskBatchMs > 0)
    gathered.set(
      'kiosk',
      gathering('kiosk', kioskBatchMs, () => false),
    );
  if (displayBatchMs > 0)
    gathered.set('display', gathering('display', displayBatchMs, callsATicket));

  hub.onEvents((events: SequencedEvent[]) => {
    const first = events[0];
    const last = events[events.length - 1];
    if (!first || !last) return;
    const batch = { from: first.seq, to: last.seq, events };
    const tokens = hub.store.tokensVersion();
    let devicesChecked = true;
    for (const role of ROLES) {
      const gatherer = gathered.get(role);
      if (gatherer) {
        // Checked and sent when the gathered batch leaves.
        const nsp = namespaces.get(role);
        if (nsp && nsp.sockets.size > 0) gatherer.add(events);
        continue;
      }
      // No batch for a token that is no longer good: such sockets are ended first. A console
      // session expires with the hall's clock, so those are looked at every time.
      if (role === 'admin' || tokens !== devicesCheckedAt) {
        devicesChecked = endInvalid(role) && devicesChecked;
      }
      // Encoded once per role for all its sockets (Socket.IO's broadcast to the namespace), and
      // not at all for a role with no socket connected: redacting, encoding and framing a batch
      // for nobody was most of the broadcasts' CPU with only kiosks connected.
      const nsp = namespaces.get(role);
      if (nsp && nsp.sockets.size > 0) nsp.emit('batch', redactBatchFor(role, batch));
    }
    if (devicesChecked) devicesCheckedAt = tokens;
  });

  /**
   * Ends the sockets of `role` whose token is no longer good (unpaired, re-paired, expired).
   * False when a token could not be checked.
   */
  function endInvalid(role: Role): boolean {
    let checked = true;
    for (const socket of [...sockets(role)]) {
      let valid = true;
      try {
        valid = stillValid(socket.data.conn);
      } catch (err) {
        // The store is closing: its sockets go with it; the batch goes out as before.
        console.error(`onestop-hub: checking a connection's token failed: ${String(err)}`);
        checked = false;
      }
      if (!valid) endSocket(socket, 'unauthorized', ENDED_UNAUTHORIZED);
    }
    return checked;
  }

  // A console socket whose session expired is ended within `SESSION_CHECK_MS` though it sends
  // nothing: the hall's clock is looked at rather than waited for (it may be stepped or run fast).
  const sessionCheck = setInterval(() => void endInvalid('admin'), SESSION_CHECK_MS);
  sessionCheck.unref();
  http.once('close', () => {
    clearInterval(sessionCheck);
    for (const gatherer of gathered.values()) gatherer.stop();
    stopReacting();
  });

  return io;
}

/**
 * Logged-in staff whose entry is now gone or inactive, or whose console session carries a role
 * they no longer have (a window login serves any role alike).
 */
function endedStaff(
  staff: readonly Staff[],
  sessions: Sessions,
  windowLogins: WindowLogins,
): Set<string> {
  const now = new Map(staff.map((s) => [s.code, s]));
  const ended = new Set<string>();
  const check = (code: string, role: Staff['role'] | null) => {
    const entry = now.get(code);
    if (!entry || !entry.active || (role !== null && entry.role !== role)) ended.add(code);
  };
  for (const session of sessions.all()) check(session.staffCode, session.role);
  for (const login of windowLogins.all()) check(login.staff.code, null);
  return ended;
}
