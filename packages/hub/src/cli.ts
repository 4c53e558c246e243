#!/usr/bin/env node
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { networkInterfaces } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { DeviceKind, HallConfig } from '@onestop/shared';
import {
  AppointmentsFileError,
  importAppointments,
} from './features/appointments-import/appointments-import.js';
import {
  checkpointOption,
  durabilityOption,
  parseCli,
  UsageError,
  USAGE,
  type CliCommand,
} from './cli-args.js';
import { ConfigFileError, readHallFile } from './config-file.js';
import { ConfigDiffersError, ConfigRefusedError, describeConfigDiff } from './config-replace.js';
import { DEMO_HALL, DEMO_STAFF } from './demo.js';
import { scaledClock } from './clock.js';
import { createDevice, DeviceError } from './features/devices/devices.js';
import { RegionLinkError, setUpLink, startRegionLink } from './features/region-link/index.js';
import { startBookingLink } from './features/booking/index.js';
import { startRemoteLink } from './features/remote-numbers/index.js';
import { PublicStatusLink } from './features/public-status/index.js';
import { Hub, HUB_BUSY_TIMEOUT_MS, NoHallError, type HubOptions } from './hub.js';
import { NotifySender, secretsFromEnv } from './features/notify/index.js';
import { PlatformUploader, platformSecretFromEnv } from './features/platform-upload/index.js';
import { Reactions } from './reactions.js';
import { LogFileError, RotatingLog, teeConsole } from './log-file.js';
import { RestoreError, restoreDatabase } from './store/restore.js';
import { ListenError, startServer } from './server/index.js';
import { loadTls, TlsError } from './server/tls.js';
import {
  BackupScheduler,
  DEFAULT_CHECKPOINT,
  DEFAULT_DURABILITY,
  Store,
  StoreError,
} from './store/index.js';
import { sqliteCode, toStoreError } from './store/errors.js';
import { HubLock } from './store/hub-lock.js';
import { HUB_VERSION } from './version.js';

type Serve = Extract<CliCommand, { kind: 'serve' }>;

/**
 * How long the hub waits for another program's write lock while it starts, and the one-shot
 * commands (init, pair, appointments) at all: nothing is being served yet, so waiting is fine.
 * Once serving, the hub waits only `HUB_BUSY_TIMEOUT_MS` per try (see Hub.submit).
 */
const START_BUSY_TIMEOUT_MS = 5_000;

/** Demo devices: one of each page, paired by a link with a one-time code. */
const DEMO_DEVICES: { kind: DeviceKind; name: string; windowId: string | null; page: string }[] = [
  { kind: 'kiosk', name: '取号机 1 Kiosk 1', windowId: null, page: 'kiosk' },
  { kind: 'display', name: '大厅显示屏 Hall display', windowId: null, page: 'display' },
  { kind: 'window_terminal', name: '1 号窗口终端 Window 1', windowId: 'w1', page: 'window' },
  { kind: 'window_terminal', name: '4 号窗口终端 Window 4', windowId: 'w4', page: 'window' },
  { kind: 'window_terminal', name: '12 号窗口终端 Window 12', windowId: 'w12', page: 'window' },
  { kind: 'rating_pad', name: '1 号窗口评价器 Rating pad 1', windowId: 'w1', page: 'rate' },
];

/** A configuration given at start that the database's own may not be replaced by (exit 2). */
class StartConfigError extends Error {}

/**
 * The hall for a short command (pair, appointments): SQLite's own checkpoint, no checkpoint
 * worker to start and stop (bench/README.md, "The checkpoint worker").
 */
function openForCommand(db: string): Hub {
  return Hub.open({
    dbPath: resolve(db),
    busyTimeoutMs: START_BUSY_TIMEOUT_MS,
    checkpoint: 'inline',
  });
}

/**
 * Opens the hub with a configuration given on the command line (`given` names it: the file, or
 * `--demo`). The database's configuration is the truth: a different one is refused with one line
 * and the differences, unless `replaceConfig`, which applies it as a change (audited).
 */
function openHall(options: HubOptions, given: string): Hub {
  try {
    return Hub.open(options);
  } catch (err) {
    if (err instanceof ConfigDiffersError) {
      throw new StartConfigError(
        `${given} differs from the configuration stored in ${options.dbPath} (which keeps the ` +
          `admin console's changes): start without it to keep the stored one, or add ` +
          `--replace-config to apply it as a change\n` +
          describeConfigDiff(err.diff)
            .map((line) => `  - ${line}`)
            .join('\n'),
      );
    }
    if (err instanceof ConfigRefusedError) {
      throw new StartConfigError(
        `${given} cannot replace the configuration stored in ${options.dbPath} now: ${err.message}`,
      );
    }
    throw err;
  }
}

/** Pads to a width in terminal columns: a Chinese character takes two. */
function pad(text: string, columns: number): string {
  const width = [...text].reduce(
    (w, ch) =>
      w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch) ? 2 : 1),
    0,
  );
  return text + ' '.repeat(Math.max(1, columns - width));
}

/**
 * The built pages: in the installed package (build/hub/pack.mjs) <package>/pages beside
 * lib/cli.js; in a checkout <repo>/dist/pages, made by `npm run build:pages`.
 */
function defaultPagesDir(): string | null {
  for (const relative of ['../pages', '../../../dist/pages']) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(join(dir, 'kiosk'))) return dir;
  }
  return null;
}

/** Makes a folder the hub writes to, or says clearly why it cannot (exit code 2). */
function writableFolder(dir: string, what: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new StoreError('not_writable', `the ${what} folder ${dir} cannot be written (${code})`);
  }
}

function lanAddresses(): string[] {
  let interfaces: ReturnType<typeof networkInterfaces>;
  try {
    interfaces = networkInterfaces();
  } catch {
    return []; // a sandbox may forbid listing them (systemd's RestrictAddressFamilies): only a hint
  }
  return Object.values(interfaces)
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

async function serve(cmd: Serve): Promise<void> {
  if (cmd.logDir) {
    const log = RotatingLog.open({
      dir: resolve(cmd.logDir),
      maxBytes: cmd.logMaxMb * 1024 * 1024,
      keep: cmd.logKeep,
    });
    teeConsole(log);
  }
  // A hall file is checked in full before the database is even opened.
  const source: { config: HallConfig; pins: Map<string, string> } | null = cmd.demo
    ? { config: DEMO_HALL, pins: new Map(DEMO_STAFF.map((s) => [s.code, s.pin])) }
    : cmd.config
      ? readHallFile(cmd.config)
      : null;
  // So is the certificate: a wrong path or key is said at once, not after the hub is up.
  const tls = cmd.tls ? loadTls(cmd.tls.cert, cmd.tls.key) : null;
  const dbPath = resolve(cmd.db);
  writableFolder(dirname(dbPath), 'database');
  // One hub per database: a second one is refused before it opens the file (HubLock).
  const lock = HubLock.acquire(dbPath);
  const backupDir = resolve(cmd.backupDir ?? join(dirname(dbPath), 'backups'));
  writableFolder(backupDir, 'backups');
  // Development only (--clock-speed, --clock-start): a hall clock that runs fast, for the simulator.
  const now = cmd.clock
    ? scaledClock({ speed: cmd.clock.speed, startAt: cmd.clock.startAt ?? Date.now() })
    : null;
  const hub = openHall(
    {
      dbPath,
      busyTimeoutMs: START_BUSY_TIMEOUT_MS,
      rescueDirs: [backupDir],
      durability:
        cmd.durability ??
        durabilityOption(process.env.ONESTOP_DURABILITY, 'ONESTOP_DURABILITY') ??
        DEFAULT_DURABILITY,
      checkpoint:
        cmd.checkpoint ??
        checkpointOption(process.env.ONESTOP_CHECKPOINT, 'ONESTOP_CHECKPOINT') ??
        DEFAULT_CHECKPOINT,
      ...(source ? { config: source.config, replaceConfig: cmd.replaceConfig } : {}),
      ...(now && cmd.clock ? { now, clockSpeed: cmd.clock.speed } : {}),
    },
    cmd.demo ? '--demo' : (cmd.config ?? ''),
  );
  // The region link: a code is traded now, before the hub listens, so a refused one stops the
  // start with one line and nothing changed.
  const linkSaid = cmd.region
    ? await setUpLink(hub.store.regionLink, cmd.region, { hubVersion: HUB_VERSION, now: hub.now() })
    : null;
  // A database another program keeps locked is said in one line now, not as refused commands.
  if (!hub.store.writeLockFree()) {
    throw new StoreError(
      'busy',
      `${dbPath} is locked by another program (it holds the write lock): close it (a sqlite3 shell, a backup or sync tool), then start the hub again`,
    );
  }
  // The demo's pairing codes, made before the hub listens: a write that fails says so at once.
  const demoCodes = cmd.demo ? demoPairingCodes(hub) : [];
  hub.store.setBusyTimeout(HUB_BUSY_TIMEOUT_MS);
  const backups = new BackupScheduler(hub.store, {
    dir: backupDir,
    everyMinutes: cmd.backupEveryMinutes,
    keepDays: cmd.keepDays,
    onError: (err) => console.error(`onestop-hub: backup failed: ${String(err)}`),
  });
  backups.start();
  // Before the server starts: its first tick closes a day left open while the hub was off, and
  // that day's close is backed up like any other.
  Reactions.of(hub).addBackups(backups);
  const region = startRegionLink(hub);
  // Booking from the phone: slots up, requests down, answers up, through the same region.
  const booking = startBookingLink(hub);
  // 远程取号: what is offered up, the visitors' requests down, the numbers up.
  const remote = startRemoteLink(hub);
  // The ticket's QR on any phone: its status up, ratings down (when hall.publicStatus is set).
  const publicStatus = new PublicStatusLink(hub);
  publicStatus.start();
  // 叫号提醒: the outbox's sender, off the commands' path (secrets from the environment only).
  const notifier = NotifySender.start(hub, { secrets: secretsFromEnv(process.env) });
  // 好差评 upload to the provincial platform, likewise (the hall's key from the environment only).
  const uploader = PlatformUploader.start(hub, { secret: platformSecretFromEnv(process.env) });
  const server = await startServer({
    hub,
    linkHealth: () => region.link.health(),
    tls,
    host: cmd.host,
    port: cmd.port,
    pagesDir: cmd.pages ?? defaultPagesDir(),
    allowOrigins: cmd.allowOrigins,
    // A fast clock is looked at as often in hall time as the real one (every 15 s, at least 4/s).
    ...(cmd.clock ? { tickMs: Math.max(250, Math.round(15_000 / cmd.clock.speed)) } : {}),
    ...(cmd.messagesPerS === null ? {} : { messagesPerS: cmd.messagesPerS }),
    ...(cmd.kioskBatchMs === null ? {} : { kioskBatchMs: cmd.kioskBatchMs }),
    ...(cmd.displayBatchMs === null ? {} : { displayBatchMs: cmd.displayBatchMs }),
  });

  // The hall file's first PINs, hashed now that the hub answers (start-pins.ts): scrypt's CPU
  // is no longer spent before the first answer. A login meanwhile waits for them.
  const pinsStored = hub.startPins.seed(hub.store, source?.pins ?? new Map<string, string>()).then(
    () => undefined,
    (err: unknown) =>
      console.error(
        `onestop-hub: the PINs of ${cmd.demo ? '--demo' : cmd.config} could not be stored (${String(err)}): their staff cannot log in until the hub is started again`,
      ),
  );

  const hall = hub.config.hall.name;
  const day = hub.current.day;
  console.log(`OneStop hub ${HUB_VERSION} — ${hall.zh} ${hall.en}`);
  console.log(`Database  ${dbPath}`);
  if (hub.startConfig === 'replaced') {
    console.log(
      `Config    ${cmd.demo ? 'the demo hall' : cmd.config} applied as a change (audited)`,
    );
  }
  console.log(`Day       ${day ? `${day.businessDay} (${day.status})` : 'none open'}`);
  const schedule = cmd.backupEveryMinutes > 0 ? `every ${cmd.backupEveryMinutes} min and` : 'only';
  console.log(`Backups   ${backupDir} (${schedule} at day close, kept ${cmd.keepDays} days)`);
  if (cmd.clock) {
    console.log(
      `Clock     ${new Date(hub.now()).toISOString()}, ${cmd.clock.speed}x real time (development only)`,
    );
  }
  if (cmd.messagesPerS !== null) {
    console.log(
      `Messages  ${cmd.messagesPerS}/s per connection, ${2 * cmd.messagesPerS} at once (development only)`,
    );
  }
  console.log(`Listening ${server.url}`);
  const linked = hub.store.regionLink.link();
  if (linked)
    console.log(`Region    ${linkSaid ?? `linked to ${linked.url} as ${linked.hallName}`}`);
  if (cmd.host === '0.0.0.0') {
    for (const ip of lanAddresses())
      console.log(
        `          ${tls ? 'https' : 'http'}://${ip}:${server.port} (for the hall's devices)`,
      );
  }
  if (cmd.demo) {
    console.log(
      '\nOpen these pages; each link pairs its device once (the code is good for 24 hours):',
    );
    for (const { device: d, code } of demoCodes) {
      console.log(`  ${pad(d.name, 34)}${server.url}/${d.page}?pair=${code}`);
    }
    console.log(`  ${pad('管理后台 Admin console', 34)}${server.url}/admin`);
    console.log('\nDemo staff (code / PIN):');
    for (const s of DEMO_STAFF)
      console.log(`  ${s.code.padEnd(6)} ${s.pin.padEnd(6)} ${s.role.padEnd(10)} ${s.name}`);
  }
  const stop = (signal: string) => {
    console.log(`\nonestop-hub: ${signal}, stopping`);
    // The first PINs and a backup in progress finish first; then the sockets, then the database.
    void pinsStored
      .then(() => backups.stop())
      .then(() => region.stop())
      .then(() => booking.stop())
      .then(() => remote.stop())
      .then(() => publicStatus.stop())
      .then(() => notifier.stop())
      .then(() => uploader.stop())
      .then(() => server.close())
      .finally(() => {
        hub.close();
        lock.release();
        process.exit(0);
      });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  // Said once the handlers are in place: a service manager may stop the hub right after it.
  console.log('\nPress Ctrl+C to stop.');
}

/** A fresh pairing code for each demo device (the same device again after a restart). */
function demoPairingCodes(hub: Hub): { device: (typeof DEMO_DEVICES)[number]; code: string }[] {
  const existing = hub.store.listDevices();
  // One transaction (one sync of the disk) for all of them: this runs at every demo start.
  return hub.store.transaction(() =>
    DEMO_DEVICES.map((d) => {
      const known = existing.find(
        (e) => e.name === d.name && e.kind === d.kind && e.revokedAt === null,
      );
      const { pairingCode } = known
        ? createDevice(hub.store, hub.config, d, hub.now(), known.id)
        : createDevice(hub.store, hub.config, d, hub.now());
      return { device: d, code: pairingCode };
    }),
  );
}

async function main(argv: string[]): Promise<number> {
  const cmd = parseCli(argv);
  switch (cmd.kind) {
    case 'help':
      console.log(USAGE);
      return 0;
    case 'version':
      console.log(HUB_VERSION);
      return 0;
    case 'check-config': {
      const { config } = readHallFile(cmd.file);
      console.log(
        `${cmd.file}: valid — ${config.departments.length} departments, ${config.services.length} services, ${config.windows.length} windows, ${config.staff.length} staff`,
      );
      return 0;
    }
    case 'pair': {
      const hub = openForCommand(cmd.db);
      try {
        const device = createDevice(
          hub.store,
          hub.config,
          { kind: cmd.deviceKind, name: cmd.name, windowId: cmd.windowId },
          hub.now(),
        );
        console.log(`Device ${cmd.name} (${cmd.deviceKind}) registered.`);
        console.log(`One-time pairing code: ${device.pairingCode}`);
        console.log(
          `Good until ${new Date(device.expiresAt).toISOString()}. Enter it on the device, or open its page with ?pair=${device.pairingCode}`,
        );
      } finally {
        hub.close();
      }
      return 0;
    }
    case 'appointments': {
      const hub = openForCommand(cmd.db);
      try {
        const booked = importAppointments(hub, readFileSync(resolve(cmd.file), 'utf8'));
        for (const a of booked) {
          console.log(`${a.businessDay} ${a.code} ${a.serviceId}${a.hasPhone ? ' (phone)' : ''}`);
        }
        console.log(`${booked.length} appointments booked.`);
      } finally {
        hub.close();
      }
      return 0;
    }
    case 'backup': {
      const store = Store.open(resolve(cmd.db));
      try {
        const file = await store.backup(resolve(cmd.out));
        console.log(`Backed up to ${file}`);
      } finally {
        store.close();
      }
      return 0;
    }
    case 'init': {
      // The hall file into the database, for a hub started later without --config (a service):
      // from then on the admin console's changes are kept across restarts.
      const source = readHallFile(cmd.config);
      const dbPath = resolve(cmd.db);
      writableFolder(dirname(dbPath), 'database');
      const lock = HubLock.acquire(dbPath);
      try {
        const hub = openHall(
          {
            dbPath,
            config: source.config,
            replaceConfig: cmd.replaceConfig,
            busyTimeoutMs: START_BUSY_TIMEOUT_MS,
            checkpoint: 'inline',
          },
          cmd.config,
        );
        try {
          // Nothing else runs: libuv's four threads all hash.
          await hub.startPins.seed(hub.store, source.pins, { concurrency: 4 });
          if (hub.startConfig === 'same')
            console.log(`${cmd.config} is already the hall's configuration`);
          if (hub.startConfig === 'replaced')
            console.log(`${cmd.config} applied as a change (audited)`);
        } finally {
          hub.close();
        }
      } finally {
        lock.release();
      }
      const c = source.config;
      console.log(`${cmd.config} loaded into ${dbPath}: ${c.hall.name.zh} ${c.hall.name.en}`);
      console.log(
        `  ${c.departments.length} departments, ${c.services.length} services, ${c.windows.length} windows, ${c.staff.length} staff`,
      );
      return 0;
    }
    case 'restore': {
      const r = restoreDatabase(cmd.db, cmd.from);
      console.log(`Restored ${resolve(cmd.from)} to ${r.db}`);
      console.log(
        `  schema version ${r.schemaVersion}, ${r.events} events, last business day ${r.lastBusinessDay ?? 'none'}`,
      );
      console.log(
        r.keptAs
          ? `  the database it replaced is kept as ${r.keptAs}`
          : '  there was no database to replace',
      );
      console.log(
        r.historyId
          ? `  a new history begins: ${r.historyId} (devices that were away reload the hall)`
          : '  a new history begins when the hub upgrades the file (devices reload the hall)',
      );
      console.log('Start the hub now; it upgrades an older schema when it opens the file.');
      return 0;
    }
    case 'serve':
      await serve(cmd);
      return -1; // keeps running
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`onestop-hub: ${err.message}\n\n${USAGE}`);
      process.exit(64);
    }
    if (
      err instanceof ConfigFileError ||
      err instanceof StartConfigError ||
      err instanceof ListenError ||
      err instanceof DeviceError ||
      err instanceof StoreError ||
      err instanceof NoHallError ||
      err instanceof AppointmentsFileError ||
      err instanceof RestoreError ||
      err instanceof LogFileError ||
      err instanceof TlsError ||
      err instanceof RegionLinkError
    ) {
      console.error(`onestop-hub: ${err.message}`);
      process.exit(2);
    }
    if (sqliteCode(err) !== null) {
      // SQLite refused outright (a locked or damaged file): one line, as for any store error.
      console.error(`onestop-hub: ${toStoreError(err, 'write_failed', 'the database').message}`);
      process.exit(2);
    }
    console.error('onestop-hub: failed', err);
    process.exit(1);
  },
);
