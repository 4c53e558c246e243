import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  NAMESPACES,
  PROTOCOL_VERSION,
  type DeviceKind,
  type HallState,
  type LoginResponse,
  type PairResponse,
} from '@onestop/shared';
import { HubClient } from '@onestop/shared/client';
import { createDevice, DEMO_HALL, DEMO_STAFF, hashPin, Hub, HUB_VERSION } from '@onestop/hub';
import { ensureBuilt } from './support/build.js';
import { ChildHub, killAllChildHubs } from './support/child-hub.js';
import {
  checkDb,
  checkStateAgainstDb,
  quickCheck,
  readDayView,
  readDb,
  waitForMirrors,
  type CheckStats,
  type DbSnapshot,
  type Marks,
  type Mirrored,
} from './support/crash-check.js';
import {
  Gate,
  KioskDriver,
  Ledger,
  Prng,
  RateDriver,
  sleep,
  trackingIo,
  WindowDriver,
} from './support/crash-load.js';
import { HubTestHall, waitFor } from './support/hall.js';
import { scaled } from './support/mode.js';

/*
 * Crash: a hub child process killed with SIGKILL at random points during a stream of issues,
 * calls and ratings; after each restart every acknowledged ticket, call and rating is there,
 * nothing happened twice, numbering goes on without reuse, and every client (kiosks, window
 * terminals, rating pads, a display) is back by itself with a mirror equal to the hub's state.
 * After each kill a quick check looks at what was acknowledged since the last one and at the
 * current day; every FULL_CHECK_EVERY kills and at the end, the whole database is checked.
 *
 * CRASH_SEED=n repeats a run's random choices (kill moments, services, clerks' actions; the
 * interleaving of the processes is the machine's). CRASH_KILLS=n sets how many kill points
 * (200 in CI, 1,000 in the long mode).
 */

/** A whole number from the environment, or the fallback when unset. */
function envInt(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number, not "${value}"`);
  return Number(value);
}

const SEED = envInt('CRASH_SEED', randomInt(2 ** 31));
const KILL_POINTS = Math.max(1, envInt('CRASH_KILLS', scaled(200, 1000)));
const FULL_CHECK_EVERY = 25;
/**
 * The test's time limit: the mode's, or 7.2 s a kill point when CRASH_KILLS asks for more than
 * it fits (a kill point takes about 1 s on a quiet machine, up to 4 s on a loaded one).
 */
const TIME_LIMIT_MS = Math.max(scaled(900_000, 7_200_000), KILL_POINTS * 7_200);

const KIOSKS = 2;
/** Windows with their clerks, covering every service the kiosks issue. */
const WINDOWS: readonly { windowId: string; staffCode: string }[] = [
  { windowId: 'w1', staffCode: 'C01' },
  { windowId: 'w4', staffCode: 'C04' },
  { windowId: 'w10', staffCode: 'C10' },
  { windowId: 'w12', staffCode: 'C12' },
];
/** Demo services these windows serve, none with a daily quota (exit-entry has one). */
const SERVICES = ['biz-open', 'biz-change', 'social', 'medical', 'tax', 'invoice', 'fund'];

let dir = '';
let gate: Gate | null = null;
let drivers: (KioskDriver | WindowDriver | RateDriver)[] = [];
const admins: HubClient<'admin'>[] = [];
const others: HubClient<'display'>[] = [];

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'onestop-crash-'));
}, 120_000); // building the hub may take a while on a busy machine

afterEach(async () => {
  gate?.stop();
  for (const d of drivers) d.client.close();
  await Promise.all(drivers.map((d) => d.done()));
  drivers = [];
  for (const a of admins.splice(0)) a.close();
  for (const o of others.splice(0)) o.close();
  await killAllChildHubs();
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The hub printed its normal start, naming this database and port, and nothing went to stderr. */
function expectStartLines(hub: ChildHub, dbPath: string, port: number): void {
  expect(hub.stdout).toContain(
    `OneStop hub ${HUB_VERSION} — 示范市政务服务中心 Demo City Government Service Center\n`,
  );
  expect(hub.stdout).toContain(`Database  ${dbPath}\n`);
  expect(hub.stdout).toMatch(/^Day {7}\d{4}-\d\d-\d\d \(open\)$/m);
  expect(hub.stdout).toMatch(/^Backups {3}\S+/m);
  expect(hub.stdout).toContain(`Listening http://127.0.0.1:${port}\n`);
  expect(hub.stdout).toContain('Press Ctrl+C to stop.');
  expect(hub.stderr).toBe('');
}

/** The hall as a fresh admin console sees it after its first sync, and its sequence number. */
async function adminState(url: string): Promise<{ state: HallState; lastSeq: number }> {
  const login = await post<LoginResponse>(`${url}/api/login`, { staffCode: 'ADMIN', pin: '8642' });
  const admin = new HubClient({ url, role: 'admin', token: login.token });
  admins.push(admin);
  try {
    await waitFor(() => admin.connection === 'online', 10_000, 'the admin client to sync');
    const state = admin.state;
    if (!state) throw new Error('no state after sync');
    return { state, lastSeq: admin.lastSeq };
  } finally {
    admin.close();
  }
}

/**
 * The admin console's state and the database, taken at the same sequence number: a command
 * whose client gave up on its answer may still be committed after the load settled (see
 * `waitForMirrors`); then both are taken again.
 */
async function adminStateAndDb(
  url: string,
  dbPath: string,
): Promise<{ state: HallState; snap: DbSnapshot }> {
  for (let tries = 1; ; tries++) {
    const { state, lastSeq } = await adminState(url);
    const snap = readDb(dbPath);
    if (lastSeq === (snap.events.at(-1)?.seq ?? 0) || tries === 5) return { state, snap };
  }
}

describe('crash', () => {
  it(
    'keeps every acknowledged ticket, call and rating through SIGKILLs at random points; every client resyncs',
    async () => {
      const started = Date.now();
      console.log(`crash: CRASH_SEED=${SEED} CRASH_KILLS=${KILL_POINTS}`);
      const rng = new Prng(SEED);
      const dbPath = join(dir, 'hall.sqlite');

      // Devices and PINs before the first start, on the database itself.
      const devices: { kind: DeviceKind; windowId: string | null; code: string }[] = [];
      const setup = Hub.open({ dbPath, config: DEMO_HALL });
      try {
        const hashes = await Promise.all(DEMO_STAFF.map((s) => hashPin(s.pin)));
        DEMO_STAFF.forEach((s, i) => setup.store.setPinHash(s.code, hashes[i] ?? ''));
        const add = (kind: DeviceKind, name: string, windowId: string | null) => {
          const { pairingCode } = createDevice(
            setup.store,
            setup.config,
            { kind, name, windowId },
            Date.now(),
          );
          devices.push({ kind, windowId, code: pairingCode });
        };
        for (let i = 1; i <= KIOSKS; i++) add('kiosk', `Crash kiosk ${i}`, null);
        for (const w of WINDOWS) add('window_terminal', `Crash terminal ${w.windowId}`, w.windowId);
        for (const w of WINDOWS) add('rating_pad', `Crash pad ${w.windowId}`, w.windowId);
        add('display', 'Crash display', null);
      } finally {
        setup.close();
      }

      let hub = await ChildHub.start({ dbPath, port: 0 });
      const port = hub.port;
      expectStartLines(hub, dbPath, port);
      const url = hub.url;

      // Pair once; the tokens outlive every restart.
      const tokens = await Promise.all(
        devices.map((d) => post<PairResponse>(`${url}/api/pair`, { code: d.code })),
      );
      const ledger = new Ledger();
      const load = new Gate();
      gate = load;
      const kiosks: KioskDriver[] = [];
      const pads = new Map<string, RateDriver>();
      const mirrors: Mirrored[] = [];
      tokens.forEach((t, i) => {
        const device = devices[i];
        if (device?.kind !== 'rating_pad' || !device.windowId) return;
        const name = `pad-${device.windowId}`;
        pads.set(device.windowId, new RateDriver(name, url, t.token, ledger, load, rng.fork(name)));
      });
      tokens.forEach((t, i) => {
        const device = devices[i];
        if (!device || device.kind === 'rating_pad') return;
        if (device.kind === 'display') {
          const client = new HubClient({
            url,
            role: 'display',
            token: t.token,
            io: trackingIo(() => undefined),
          });
          others.push(client);
          mirrors.push({ name: 'display', client });
        } else if (device.kind === 'kiosk') {
          const name = `kiosk${kiosks.length + 1}`;
          kiosks.push(new KioskDriver(name, url, t.token, ledger, load, rng.fork(name), SERVICES));
        } else {
          const w = WINDOWS.find((x) => x.windowId === device.windowId);
          const pin = DEMO_STAFF.find((s) => s.code === w?.staffCode)?.pin;
          if (!w || !pin) throw new Error(`no clerk for ${device.windowId ?? '?'}`);
          drivers.push(
            new WindowDriver(
              w.windowId,
              url,
              t.token,
              ledger,
              load,
              rng.fork(w.windowId),
              w.windowId,
              w.staffCode,
              pin,
              (ticketId) => pads.get(w.windowId)?.finished(ticketId),
            ),
          );
        }
      });
      drivers.push(...kiosks, ...pads.values());
      mirrors.push(...drivers);
      for (const d of drivers) d.start();

      const settle = () =>
        waitFor(
          () => drivers.every((d) => d.idle),
          30_000,
          `every command to be answered (CRASH_SEED=${SEED})`,
        );
      const verify = async (label: string): Promise<CheckStats> => {
        const { state, snap } = await adminStateAndDb(url, dbPath);
        const { problems, stats: s } = checkDb(snap, ledger, DEMO_HALL);
        problems.push(...checkStateAgainstDb(snap, state), ...ledger.unexpected);
        expect(problems, `${label} (CRASH_SEED=${SEED})`).toEqual([]);
        return s;
      };
      const marks: Marks = { tickets: 0, windowActions: 0, ratings: 0 };
      /** What was acknowledged since the last check is there; every client is back and synced. */
      /** Events the hub committed after the load had settled (shown, not asserted). */
      let lateEvents = 0;
      const quick = async (label: string): Promise<void> => {
        const settledAt = readDayView(dbPath).lastSeq;
        const { problems } = quickCheck(dbPath, ledger, marks, DEMO_HALL);
        problems.push(...(await waitForMirrors(mirrors, dbPath, 15_000)), ...ledger.unexpected);
        const late = readDayView(dbPath).lastSeq - settledAt;
        if (late > 0) {
          lateEvents += late;
          console.log(`crash: ${late} event(s) committed after the load settled, ${label}`);
        }
        expect(problems, `${label} (CRASH_SEED=${SEED})`).toEqual([]);
      };
      let kills = 0;
      let caughtInFlight = 0;
      const crash = async () => {
        load.pause();
        caughtInFlight += ledger.killed(Date.now());
        kills++;
        await hub.kill();
        expect(hub.stderr, `the hub's complaints before kill point ${kills}`).toBe('');
      };
      const restart = async () => {
        hub = await ChildHub.restart({ dbPath, port });
        expectStartLines(hub, dbPath, port);
      };

      // Where the time goes (printed with each full check): not asserted, only shown.
      const spent = { load: 0, restart: 0, settle: 0, check: 0 };
      const timed = async (phase: keyof typeof spent, run: () => Promise<unknown>) => {
        const t0 = Date.now();
        await run();
        spent[phase] += Date.now() - t0;
      };
      while (kills < KILL_POINTS) {
        load.resume();
        // Mostly a short stretch of load; sometimes a kill right after the clients came back.
        await timed('load', () => sleep(rng.chance(0.2) ? rng.int(0, 60) : rng.int(80, 400)));
        await timed('restart', async () => {
          await crash();
          if (rng.chance(0.3)) await sleep(rng.int(0, 150));
          await restart();
          if (kills < KILL_POINTS && rng.chance(0.1)) {
            // Again while the clients reconnect, log in again and retry what the kill caught.
            await sleep(rng.int(0, 150));
            await crash();
            await restart();
          }
        });
        await timed('settle', settle);
        await timed('check', async () => {
          await quick(`after kill point ${kills}`);
          if (kills % FULL_CHECK_EVERY === 0) await verify(`full check after kill point ${kills}`);
        });
        if (kills % FULL_CHECK_EVERY === 0 || kills === KILL_POINTS) {
          const ms = (phase: keyof typeof spent) => Math.round(spent[phase] / kills);
          console.log(
            `crash: ${kills}/${KILL_POINTS} kill points, ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
              `per kill: load ${ms('load')} ms, kill and restart ${ms('restart')} ms, ` +
              `settle ${ms('settle')} ms, checks ${ms('check')} ms`,
          );
        }
      }

      // Numbering goes on after the last restart: each service's next number is n + 1.
      const kiosk = kiosks[0];
      if (!kiosk) throw new Error('no kiosk');
      const before = readDb(dbPath).tickets;
      for (const serviceId of SERVICES) {
        const issued = await kiosk.issue(serviceId);
        if (!issued) throw new Error(`no ticket of ${serviceId} after the last restart`);
        const sequence = (number: string) => Number(number.replace(/^[A-Z]+/, ''));
        const last = Math.max(
          0,
          ...before
            .filter((t) => t.service_id === serviceId && t.business_day === issued.businessDay)
            .map((t) => sequence(t.number)),
        );
        expect(sequence(issued.number), `${serviceId}: ${issued.number} after ${last}`).toBe(
          last + 1,
        );
      }
      const stats = await verify('at the end');
      await quick('at the end');

      expect(ledger.tickets.length).toBeGreaterThan(0);
      expect(ledger.windowActions.some((a) => a.action === 'call_next')).toBe(true);
      expect(ledger.ratings.length).toBeGreaterThan(0);
      expect(caughtInFlight).toBeGreaterThan(0);
      console.log(
        `crash: ${kills} kill points in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
          `${JSON.stringify(stats)}; ${ledger.commands.length} commands sent; ` +
          `${lateEvents} event(s) committed after the load had settled`,
      );
    },
    TIME_LIMIT_MS,
  );

  it('answers a command retried after a restart with its first result, before any new login', async () => {
    // The kill is the random test's business; here the restart is a clean one, and the retry
    // is sent by hand, so the case the kills only sometimes hit happens every time.
    const first = await HubTestHall.start();
    let firstOpen = true;
    let second: HubTestHall | null = null;
    const sockets: ReturnType<typeof io>[] = [];
    const connect = (url: string, token: string) => {
      const socket = io(`${url}${NAMESPACES.window}`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth: { protocolVersion: PROTOCOL_VERSION, token },
      });
      sockets.push(socket);
      return socket;
    };
    const send = async (socket: ReturnType<typeof io>, event: string, message: object) =>
      (await socket.timeout(5_000).emitWithAck(event, message)) as {
        ok: boolean;
        result?: { ticket: { id: string } | null };
        error?: { code: string };
      };
    try {
      const kiosk = await first.client('kiosk', await first.pair('kiosk'));
      const token = await first.pair('window_terminal', 'w1');
      const issued = await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['biz-open'] }],
        class: 'normal',
      });
      expect(issued.ok).toBe(true);
      const before = connect(first.url, token);
      expect(
        await send(before, 'staff_login', {
          commandId: 'crash-login-1',
          staffCode: 'C01',
          pin: '1010',
        }),
      ).toMatchObject({ ok: true });
      expect(await send(before, 'open_window', { commandId: 'crash-open-1' })).toMatchObject({
        ok: true,
      });
      const called = await send(before, 'call_next', { commandId: 'crash-call-1' });
      const calledId = called.result?.ticket?.id;
      expect(calledId).toMatch(/\/A001$/);

      // The hub restarts; the terminal resends as if the acks had been lost on the way.
      await first.close({ keepFiles: true });
      firstOpen = false;
      second = await HubTestHall.start({ dbPath: first.dbPath });
      const after = connect(second.url, token);
      expect(await send(after, 'open_window', { commandId: 'crash-open-1' })).toMatchObject({
        ok: true,
      });
      expect(await send(after, 'call_next', { commandId: 'crash-call-1' })).toMatchObject({
        ok: true,
        result: { ticket: { id: calledId } },
      });
      // A command not seen before still needs a clerk logged in.
      expect(await send(after, 'call_next', { commandId: 'crash-call-2' })).toMatchObject({
        ok: false,
        error: { code: 'not_logged_in' },
      });
    } finally {
      for (const socket of sockets) socket.close();
      if (firstOpen) await first.close({ keepFiles: true });
      await second?.close();
      if (first.dir) rmSync(first.dir, { recursive: true, force: true });
    }
  });
});
