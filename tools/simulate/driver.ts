/**
 * Drives a running hub as a hall would: virtual visitors take numbers at kiosks (`/kiosk`),
 * virtual clerks call and serve them at window terminals (`/window`), and visitors rate on the
 * windows' pads (`/rate`). Every device is a real `HubClient` over Socket.IO, paired like a real
 * device (the admin creates it, `POST /api/pair` trades the code for its token).
 */
import type {
  HallState,
  LoginResponse,
  PairResponse,
  SyncResult,
  Ticket,
  TicketStatus,
} from '@onestop/shared';
import { PROTOCOL_VERSION } from '@onestop/shared';
import { HubClient } from '@onestop/shared/client';
import { setMaxListeners } from 'node:events';
import { io } from 'socket.io-client';
import { HallClock, localMidnight } from './clock.js';
import {
  ClerkModel,
  clockText,
  planDay,
  transferTarget,
  type DayProfile,
  type PlannedVisitor,
} from './model.js';
import { Rng } from './rng.js';

export interface Credential {
  staffCode: string;
  pin: string;
}

export interface SimulationOptions {
  url: string;
  /** An admin's staff code and PIN: the simulator registers its devices and books appointments. */
  admin: Credential;
  /** The windows to staff and their clerks. */
  clerks: (Credential & { windowId: string })[];
  /** Hall milliseconds per real millisecond; must be the hub's own clock speed. */
  speed: number;
  profile: DayProfile;
  /**
   * Minute of the day the simulation starts at: the devices are set up and the clerks logged in
   * first, then it waits for this hall time (default: as soon as it is set up).
   */
  from?: number;
  /** Minute of the day the simulation stops (kiosks stop issuing then; clerks finish). */
  until: number;
  /** Close the business day at the end (waiting tickets expire), when the run reaches `profile.close`. */
  closeDay: boolean;
  seed: number;
  kiosks: number;
  log: (line: string) => void;
  /** Progress every this many hall minutes (0: none). */
  progressEvery?: number;
  /**
   * Called for every successful call with the real times (performance.now()) `call_next` was sent
   * and its acknowledgement came (the hub acknowledges after the commit, then broadcasts).
   */
  onCall?: (ticketId: string, sentAt: number, ackedAt: number) => void;
  /** Stops the run early (Ctrl+C): the clerks finish their visitor and everything is summed up. */
  signal?: AbortSignal;
  /** A name for the devices (shown in the admin console's device list). */
  deviceLabel?: string;
}

export interface SimulationSummary {
  hallFrom: string;
  hallTo: string;
  realSeconds: number;
  speed: number;
  visitorsPlanned: number;
  issued: number;
  byClass: Record<string, number>;
  appointmentsBooked: number;
  checkIns: number;
  calls: number;
  recalls: number;
  served: number;
  noShows: number;
  transfers: number;
  parks: number;
  unparks: number;
  cancels: number;
  ratings: number;
  poorRatings: number;
  ratingTimeouts: number;
  pauses: number;
  commands: number;
  /** Refused or failed commands by command and error code (expected ones included, e.g. `call_next queue_empty`). */
  errors: Record<string, number>;
  ackMs: { p50: number; p99: number; max: number };
  /** Tickets of the day by status, as the admin console's mirror holds them at the end. */
  byStatus: Partial<Record<TicketStatus, number>>;
  longestWaitMinutes: number;
  dayClosed: boolean;
  /** The hub's clock minus the simulator's at the end, in hall seconds (should be near 0). */
  clockDriftS: number;
}

class Tally {
  readonly counts = new Map<string, number>();
  readonly errors: Record<string, number> = {};
  readonly acks: number[] = [];
  add(name: string, n = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }
  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }
  error(code: string): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }
}

async function post<T>(url: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (res.status !== 200)
    throw new Error(`${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

async function online<R extends 'kiosk' | 'window' | 'rate' | 'admin'>(
  client: HubClient<R>,
  what: string,
): Promise<HubClient<R>> {
  const deadline = performance.now() + 30_000;
  while (client.connection !== 'online') {
    if (client.connection === 'refused')
      throw new Error(`the hub refused ${what}: ${String(client.refusal)}`);
    if (performance.now() > deadline) throw new Error(`${what} did not come online in 30 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return client;
}

/** The hub's time and last sequence number now, from a snapshot (`sync` from 0) on a socket of the admin session. */
async function hubNow(url: string, token: string): Promise<{ at: number; seq: number }> {
  const socket = io(`${url}/admin`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { protocolVersion: PROTOCOL_VERSION, token },
  });
  try {
    const result = await new Promise<SyncResult>((resolve, reject) => {
      socket.once('connect_error', reject);
      socket.once('connect', () => {
        socket
          .timeout(10_000)
          .emit('sync', { lastSeq: 0 }, (err: Error | null, answer: SyncResult) =>
            err ? reject(err) : resolve(answer),
          );
      });
    });
    if (!result.ok || result.result.kind !== 'snapshot')
      throw new Error('the hub did not answer a sync from 0 with a snapshot');
    return { at: result.result.snapshot.at, seq: result.result.snapshot.seq };
  } finally {
    socket.disconnect();
  }
}

const waitingFor = (state: HallState | null, windowId: string): boolean => {
  if (!state) return false;
  const window = state.config.windows.find((w) => w.id === windowId);
  if (!window) return false;
  const mine = new Set(window.services.map((s) => s.serviceId));
  for (const t of state.tickets.values()) {
    if (t.status !== 'waiting') continue;
    if (t.targetWindowId === windowId) return true;
    if (t.targetWindowId === null && t.queueServiceIds.some((id) => mine.has(id))) return true;
  }
  return false;
};

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0);

/** Runs the hall from the hub's current time to `options.until`; resolves with what happened. */
export async function runSimulation(options: SimulationOptions): Promise<SimulationSummary> {
  const { url, log, signal } = options;
  const started = performance.now();
  const tally = new Tally();
  const clients: HubClient<'kiosk' | 'window' | 'rate' | 'admin'>[] = [];
  const label = options.deviceLabel ?? 'sim';
  const stopped = (): boolean => signal?.aborted === true;
  // Every sleeping clerk, kiosk and pad listens to the signal.
  if (signal) setMaxListeners(0, signal);

  // A staff session lasts 12 hall hours, a few real seconds in a fast hall: a new one at the end.
  const openAdmin = async (): Promise<{ token: string; client: HubClient<'admin'> }> => {
    const login = await post<LoginResponse>(url, '/api/login', options.admin);
    const client = await online(
      new HubClient({ url, role: 'admin', token: login.token, ackTimeoutMs: 15_000 }),
      'the admin session',
    );
    clients.push(client);
    return { token: login.token, client };
  };
  const { token: adminToken, client: admin } = await openAdmin();
  try {
    const state0 = admin.state;
    if (!state0) throw new Error('the admin mirror holds no state');
    const config = state0.config;
    const timezone = config.hall.timezone;
    const { at: now0 } = await hubNow(url, adminToken);
    const clock = new HallClock(options.speed, now0, localMidnight(now0, timezone));
    const issueUntil = Math.min(options.until, options.profile.close);
    if (!admin.state?.day || admin.state.day.status !== 'open')
      throw new Error('no business day is open on the hub');

    // Register and pair the devices, as an installer does.
    const cmd = async <T>(
      what: string,
      run: () => Promise<{ ok: true; result: T } | { ok: false; error: { code: string } }>,
      /** A clerk's: logs in again when the session has ended (12 hall hours), then tries once more. */
      relogin?: () => Promise<boolean>,
    ): Promise<T | null> => {
      const t0 = performance.now();
      const ack = await run();
      tally.acks.push(performance.now() - t0);
      tally.add('commands');
      if (ack.ok) return ack.result;
      tally.error(`${what} ${ack.error.code}`);
      if (
        relogin &&
        (ack.error.code === 'session_expired' || ack.error.code === 'not_logged_in') &&
        (await relogin())
      ) {
        tally.add('relogins');
        return cmd(what, run);
      }
      if (ack.error.code === 'timeout' || ack.error.code === 'internal')
        log(`  ${what}: ${ack.error.code}`);
      return null;
    };
    const device = async (
      kind: 'kiosk' | 'window_terminal' | 'rating_pad',
      name: string,
      windowId: string | null,
    ): Promise<string> => {
      const created = await admin.command('create_device', { kind, name, windowId });
      if (!created.ok) throw new Error(`create_device ${name}: ${created.error.code}`);
      const paired = await post<PairResponse>(url, '/api/pair', {
        code: created.result.pairingCode,
      });
      return paired.token;
    };
    const kiosks: HubClient<'kiosk'>[] = [];
    for (let i = 0; i < options.kiosks; i++) {
      const token = await device('kiosk', `${label} 取号机 kiosk ${i + 1}`, null);
      kiosks.push(
        await online(new HubClient({ url, role: 'kiosk', token, ackTimeoutMs: 15_000 }), 'a kiosk'),
      );
    }
    clients.push(...kiosks);
    const windows = await Promise.all(
      options.clerks.map(async (c) => {
        const terminal = await device(
          'window_terminal',
          `${label} 窗口 window ${c.windowId}`,
          c.windowId,
        );
        const pad = await device('rating_pad', `${label} 评价器 pad ${c.windowId}`, c.windowId);
        const w = await online(
          new HubClient({ url, role: 'window', token: terminal, ackTimeoutMs: 15_000 }),
          'a window terminal',
        );
        const r = await online(
          new HubClient({ url, role: 'rate', token: pad, ackTimeoutMs: 15_000 }),
          'a rating pad',
        );
        clients.push(w, r);
        // Logged in before the day starts: a PIN check (scrypt) takes long in a fast hall.
        const loggedIn = await cmd('staff_login', () =>
          w.command('staff_login', { staffCode: c.staffCode, pin: c.pin }),
        );
        if (!loggedIn) throw new Error(`${c.windowId}: ${c.staffCode} could not log in`);
        return { clerk: c, window: w, pad: r };
      }),
    );
    if (options.from !== undefined) {
      await clock.sleepUntilMinute(options.from, signal);
      const late = clock.minute() - options.from;
      if (late > 1) {
        clock.shift(Math.ceil(late)); // whole minutes: the plan's times stay whole milliseconds
        log(
          `setting up took ${late.toFixed(0)} hall minutes too long: the day runs that much late`,
        );
      }
    }
    const from = clock.minute();
    log(
      `hall time ${clockText(from)} → ${clockText(options.until)} at ${options.speed}x (${((options.until - from) / options.speed).toFixed(1)} real minutes)`,
    );

    // The day's visitors; those still to come in this run.
    const plan = planDay(config, options.profile, options.seed).filter(
      (v) => v.arriveAt >= from && v.arriveAt < issueUntil,
    );
    // Booked all at once (the admin's rate limit allows a burst of 200), so the day starts on time.
    const codes = new Map<number, string>();
    await Promise.all(
      plan.map(async (v) => {
        if (!v.appointment) return;
        const booked = await cmd('book_appointment', () =>
          admin.command('book_appointment', {
            code: null,
            serviceId: v.itinerary[0]?.[0] ?? '',
            slotAt: clock.atMinute(v.appointment?.slotAt ?? 0),
            phoneLast4: v.appointment?.phoneLast4 ?? null,
          }),
        );
        if (booked) {
          codes.set(v.n, booked.appointment.code);
          tally.add('booked');
        }
      }),
    );
    log(
      `${plan.length} visitors to come (${codes.size} with a booking), ${windows.length} windows, ${kiosks.length} kiosks`,
    );

    const pending = new Set<Promise<unknown>>();
    const track = (p: Promise<unknown>): void => {
      pending.add(p);
      void p.finally(() => pending.delete(p));
    };
    const wait = new Map<string, number>();

    // Visitors take numbers at the kiosks, in turn.
    const visit = async (v: PlannedVisitor, kiosk: HubClient<'kiosk'>): Promise<void> => {
      const code = codes.get(v.n);
      const ticket: { ticket: Ticket } | null =
        v.appointment && code
          ? await cmd('check_in', () =>
              kiosk.command('check_in', { code, phoneLast4: v.appointment?.phoneLast4 ?? null }),
            )
          : v.appointment
            ? null
            : await cmd('issue_ticket', () =>
                kiosk.command('issue_ticket', {
                  itinerary: v.itinerary.map((serviceIds) => ({ serviceIds })),
                  class: v.class === 'priority' ? 'priority' : 'normal',
                }),
              );
      if (!ticket) return;
      tally.add('issued');
      tally.add(`class:${ticket.ticket.class}`);
      if (v.appointment) tally.add('checkIns');
    };
    const kioskLoop = async (): Promise<void> => {
      let k = 0;
      for (const v of plan) {
        await clock.sleepUntilMinute(v.arriveAt, signal);
        if (stopped()) return;
        const kiosk = kiosks[k++ % kiosks.length];
        if (kiosk) track(visit(v, kiosk));
      }
    };

    // Every clerk at their window.
    const dayEnd = options.profile.close;
    const lastCall = options.until >= dayEnd ? dayEnd + 90 : options.until;
    const clerkLoop = async (
      index: number,
      w: HubClient<'window'>,
      pad: HubClient<'rate'>,
      clerk: Credential & { windowId: string },
    ): Promise<void> => {
      const model = new ClerkModel(options.seed, index);
      // The window's commands: a clerk whose session ended logs in again, as at a real window.
      const relogin = async (): Promise<boolean> =>
        (await cmd('staff_login', () =>
          w.command('staff_login', { staffCode: clerk.staffCode, pin: clerk.pin }),
        )) !== null;
      const wcmd = <T>(
        what: string,
        run: () => Promise<{ ok: true; result: T } | { ok: false; error: { code: string } }>,
      ): Promise<T | null> => cmd(what, run, relogin);
      const rng = Rng.derive(options.seed, 5000 + index);
      const pauses = model.pauses(index, options.profile).filter((p) => p.at > clock.minute());
      const parked: { ticketId: string; due: number; kind: 'unpark' | 'gone' }[] = [];
      const start =
        from <= options.profile.open + 1 ? options.profile.open + model.startDelay() : from;
      await clock.sleepUntilMinute(start, signal);
      if (stopped()) return;
      const opened = await w.command('open_window', {});
      if (!opened.ok && opened.error.code !== 'window_not_closed')
        return log(`  ${clerk.windowId}: could not open (${opened.error.code})`);
      const sec = (s: number): number => s * 1000;
      for (;;) {
        const m = clock.minute();
        if (stopped() || m >= lastCall) break;
        if (m >= dayEnd && !waitingFor(w.state, clerk.windowId) && parked.length === 0) break;
        const pause = pauses[0];
        if (pause && pause.at <= m && m < dayEnd) {
          pauses.shift();
          if (
            await wcmd('pause_window', () => w.command('pause_window', { reason: pause.reason }))
          ) {
            tally.add('pauses');
            await clock.sleepUntilMinute(Math.min(m + pause.minutes, lastCall), signal);
            await wcmd('resume_window', () => w.command('resume_window', {}));
          }
          continue;
        }
        const due = parked.findIndex((p) => p.due <= m);
        if (due >= 0) {
          const [p] = parked.splice(due, 1);
          if (p?.kind === 'unpark') {
            if (await wcmd('unpark', () => w.command('unpark', { ticketId: p.ticketId })))
              tally.add('unparks');
          } else if (p) {
            if (await wcmd('cancel', () => w.command('cancel', { ticketId: p.ticketId })))
              tally.add('cancels');
          }
          continue;
        }
        // A slice stops calling at `until`; a whole day serves who has a number after the doors close.
        if (
          (options.until < dayEnd && m >= options.until) ||
          !waitingFor(w.state, clerk.windowId)
        ) {
          await clock.sleep(sec(rng.uniform(5, 20)), signal);
          continue;
        }
        const sentAt = performance.now();
        const called = await wcmd('call_next', () => w.command('call_next', {}));
        const ticket = called?.ticket;
        if (!ticket) {
          await clock.sleep(sec(10), signal);
          continue;
        }
        options.onCall?.(ticket.id, sentAt, performance.now());
        tally.add('calls');
        wait.set(ticket.id, (clock.now() - ticket.queuedAt) / 60_000);
        const walk = model.walkUp();
        if (walk === null) {
          let gone = false;
          for (let r = 0; r < 2 && !stopped(); r++) {
            await clock.sleep(sec(model.recallAfter()), signal);
            const again = await wcmd('recall', () => w.command('recall', {}));
            tally.add('recalls');
            if (again?.ticket?.status === 'no_show') gone = true;
            if (!again || gone) break;
          }
          await clock.sleep(sec(model.recallAfter()), signal);
          if (!gone && (await wcmd('no_show', () => w.command('no_show', {})))) gone = true;
          if (gone) tally.add('noShows');
          continue;
        }
        await clock.sleep(sec(walk), signal);
        const serving = await wcmd('start_serving', () => w.command('start_serving', {}));
        if (!serving) continue;
        const service = config.services.find((s) => s.id === serving.ticket?.currentServiceId);
        await clock.sleep(model.serviceMinutes(service?.defaultMinutes ?? 10) * 60_000, signal);
        const ending = model.ending();
        if (ending === 'transfer') {
          const to = transferTarget(config, service?.id ?? '', rng);
          if (
            to &&
            (await wcmd('transfer', () =>
              w.command('transfer', {
                toServiceId: to,
                toWindowId: null,
                note: '需另办业务 needs another service',
              }),
            ))
          ) {
            tally.add('transfers');
            continue;
          }
        } else if (ending === 'park') {
          const p = model.parking();
          const until = p.kind === 'until' ? Math.round(clock.now() + p.minutes * 60_000) : null;
          if (
            await wcmd('park', () =>
              w.command('park', { until, note: '回去取材料 fetching a document' }),
            )
          ) {
            tally.add('parks');
            if (p.kind !== 'until')
              parked.push({ ticketId: ticket.id, due: clock.minute() + p.minutes, kind: p.kind });
            continue;
          }
        }
        const finished = await wcmd('finish', () => w.command('finish', {}));
        if (!finished) continue;
        tally.add('served');
        const rating = model.rating();
        if (rating) {
          track(
            (async () => {
              await clock.sleep(sec(rating.afterSeconds), signal);
              const rated = await cmd('rate', () =>
                pad.command('rate', {
                  ticketId: ticket.id,
                  score: rating.score,
                  reasons: rating.reasons,
                }),
              );
              if (!rated) return;
              tally.add('ratings');
              if (rating.score === null) tally.add('ratingTimeouts');
              else if (rating.score <= 2) tally.add('poorRatings');
            })(),
          );
        }
      }
      // Parked visitors who never came back are cancelled before the window closes.
      for (const p of parked) {
        if (await wcmd('cancel', () => w.command('cancel', { ticketId: p.ticketId })))
          tally.add('cancels');
      }
      if (options.until >= dayEnd) await wcmd('close_window', () => w.command('close_window', {}));
    };

    const progressEvery = options.progressEvery ?? 30;
    let progressTimer: ReturnType<typeof setInterval> | null = null;
    if (progressEvery > 0) {
      progressTimer = setInterval(
        () => {
          const s = admin.state;
          if (!s) return;
          const count = (st: TicketStatus): number =>
            [...s.tickets.values()].filter((t) => t.status === st).length;
          const open = [...s.windows.values()].filter((x) => x.status === 'open').length;
          const paused = [...s.windows.values()].filter((x) => x.status === 'paused').length;
          log(
            `  ${clockText(clock.minute())}  issued ${s.tickets.size} · waiting ${count('waiting')} · called/serving ${count('called') + count('serving')} · done ${count('done')} · windows open ${open}, paused ${paused}`,
          );
        },
        Math.max(200, (progressEvery * 60_000) / options.speed),
      );
    }
    try {
      await Promise.all([
        kioskLoop(),
        ...windows.map((x, i) => clerkLoop(i, x.window, x.pad, x.clerk)),
      ]);
      while (pending.size > 0) await Promise.all([...pending]);
    } finally {
      if (progressTimer) clearInterval(progressTimer);
    }

    const end = await openAdmin();
    let dayClosed = false;
    if (options.closeDay && options.until >= dayEnd && !stopped()) {
      const closed = await cmd('close_day', () => end.client.command('close_day', {}));
      dayClosed = closed !== null;
      if (dayClosed) log('day closed: waiting tickets expired, reports rolled up');
    }
    // The hub's clock against ours.
    const hubAt = await hubNow(url, end.token);
    const drift = (hubAt.at - clock.now()) / 1000;
    // The admin mirror gets each batch after the command's ack: let it catch up before counting.
    const deadline = performance.now() + 10_000;
    while (end.client.lastSeq < hubAt.seq && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    if (Math.abs(drift) > 120)
      log(
        `warning: the hub's clock is ${drift.toFixed(0)} hall s off the simulator's: is --speed the hub's --clock-speed?`,
      );

    const final = end.client.state;
    const byStatus: Partial<Record<TicketStatus, number>> = {};
    for (const t of final?.tickets.values() ?? [])
      byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
    const acks = [...tally.acks].sort((a, b) => a - b);
    const byClass: Record<string, number> = {};
    for (const [k, n] of tally.counts) if (k.startsWith('class:')) byClass[k.slice(6)] = n;
    return {
      hallFrom: new Date(clock.atMinute(from)).toISOString(),
      hallTo: new Date(clock.now()).toISOString(),
      realSeconds: (performance.now() - started) / 1000,
      speed: options.speed,
      visitorsPlanned: plan.length,
      issued: tally.get('issued'),
      byClass,
      appointmentsBooked: tally.get('booked'),
      checkIns: tally.get('checkIns'),
      calls: tally.get('calls'),
      recalls: tally.get('recalls'),
      served: tally.get('served'),
      noShows: tally.get('noShows'),
      transfers: tally.get('transfers'),
      parks: tally.get('parks'),
      unparks: tally.get('unparks'),
      cancels: tally.get('cancels'),
      ratings: tally.get('ratings'),
      poorRatings: tally.get('poorRatings'),
      ratingTimeouts: tally.get('ratingTimeouts'),
      pauses: tally.get('pauses'),
      commands: tally.get('commands'),
      errors: tally.errors,
      ackMs: {
        p50: percentile(acks, 0.5),
        p99: percentile(acks, 0.99),
        max: acks[acks.length - 1] ?? 0,
      },
      byStatus,
      longestWaitMinutes: Math.max(0, ...wait.values()),
      dayClosed,
      clockDriftS: drift,
    };
  } finally {
    for (const c of clients) c.close();
  }
}

/** The summary as lines for a person. */
export function formatSummary(s: SimulationSummary): string[] {
  const errors = Object.entries(s.errors)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  const statuses = Object.entries(s.byStatus)
    .map(([st, n]) => `${st} ${n}`)
    .join(', ');
  return [
    `Simulated ${s.hallFrom} → ${s.hallTo} (hall time) in ${s.realSeconds.toFixed(0)} s at ${s.speed}x`,
    `  visitors   ${s.issued} tickets issued of ${s.visitorsPlanned} planned (${Object.entries(
      s.byClass,
    )
      .map(([c, n]) => `${c} ${n}`)
      .join(', ')}); ${s.checkIns} appointment check-ins of ${s.appointmentsBooked} booked`,
    `  clerks     ${s.calls} calls, ${s.recalls} recalls, ${s.served} served, ${s.noShows} no-shows, ${s.transfers} transfers, ${s.parks} parks (${s.unparks} unparked, ${s.cancels} cancelled), ${s.pauses} pauses`,
    `  ratings    ${s.ratings} (${s.poorRatings} poor → complaints, ${s.ratingTimeouts} not rated in time)`,
    `  tickets    ${statuses || 'none'}${s.dayClosed ? ' (day closed)' : ''}; longest wait ${s.longestWaitMinutes.toFixed(0)} min`,
    `  commands   ${s.commands}, ack p50 ${s.ackMs.p50.toFixed(1)} ms, p99 ${s.ackMs.p99.toFixed(1)} ms, max ${s.ackMs.max.toFixed(0)} ms; refused: ${errors || 'none'}`,
  ];
}
