import { parseArgs } from 'node:util';
import {
  DEVICE_KINDS,
  LinkPairRequestSchema,
  unsafeCharIn,
  type DeviceKind,
} from '@onestop/shared';
import { normalizeOrigin } from './server/origins.js';
import { DURABILITY_MODES, type DurabilityMode } from './store/durability.js';
import { CHECKPOINT_MODES, type CheckpointMode } from './store/checkpoints.js';

export const USAGE = `onestop-hub — the OneStop hall hub

Usage:
  onestop-hub [serve] [--db PATH] [--port N] [--host ADDR] [--config hall.json | --demo]
                      [--replace-config]
                      [--pages DIR] [--backup-dir DIR] [--backup-every MINUTES] [--keep-days N]
                      [--log-dir DIR] [--log-size MB] [--log-keep N]
                      [--tls-cert FILE --tls-key FILE] [--allow-origin ORIGIN ...]
                      [--region URL [--region-code CODE]]
  onestop-hub pair    --db PATH --kind kiosk|window_terminal|display|rating_pad --name NAME [--window ID]
  onestop-hub backup  --db PATH --out DIR
  onestop-hub restore --db PATH --from BACKUP   (the hub must be stopped)
  onestop-hub init    --db PATH --config hall.json [--replace-config]
                      (loads the hall file; the hub must be stopped)
  onestop-hub appointments --db PATH --file appointments.csv
  onestop-hub check-config hall.json
  onestop-hub --help | --version

  --db PATH          the hall's SQLite file (default ./onestop.sqlite; with --demo ./demo-hall.sqlite)
  --port N           port of the pages and the devices (default 7800)
  --host ADDR        address to listen on (default 0.0.0.0: every network of this machine)
  --config FILE      the hall's configuration (hall.json) for a new database; checked in full
                     before anything is written. A database keeps its configuration (with the
                     admin console's changes): a file that differs from it is refused, with the
                     differences, unless --replace-config
  --demo             a sample hall with six departments, ten services and twelve windows
  --replace-config   apply a --config (or --demo) that differs from the stored configuration as
                     a change: the same checks as a change in the admin console, in the audit
  --pages DIR        folder with the built pages (<DIR>/kiosk/index.html, ...; default: those
                     installed with the hub, or in a checkout dist/pages, made by npm run build:pages)
  --backup-dir DIR   where online backups go (default <db folder>/backups)
  --backup-every M   minutes between backups (default 60; 0 turns the schedule off)
  --keep-days N      days backups are kept (default 30)
  --tls-cert FILE    serve HTTPS and WSS with this certificate (PEM; docs/SECURITY.md says how
  --tls-key FILE     to make the hall's own); without them the hub serves plain HTTP
  --allow-origin O   a browser page at origin O (e.g. http://hub.hall.lan:7800) may use the hub
                     besides the hub's own addresses and names; repeat for more. Pages of
                     any other origin are refused (docs/SECURITY.md, Origin)
  --region URL       stream the hall's events to this region (https://region.example.gov.cn);
                     once linked, later starts need no --region (the link is in the database),
                     and a new URL changes only the region's address
  --region-code CODE the one-time code from onestop-region add-hall, traded once for the
                     hall's token (docs/OPERATIONS.md, Linking the hall to a region)
  --log-dir DIR      also write the log to DIR/onestop-hub.log (besides the terminal)
  --log-size MB      the log file is rotated at this size (default 10)
  --log-keep N       rotated log files kept: onestop-hub.log.1 ... .N (default 5)
  --from BACKUP      the backup file to put in place of --db; the replaced file is kept
                     beside it as <db>.before-restore-<time>
  --durability MODE  how commits reach the disk: async (the WAL is synced off the event
                     loop; nothing is answered or shown before it is) or inline (synced
                     inside each commit); default: $ONESTOP_DURABILITY, else async
                     (bench/README.md, "durability off the event loop")
  --checkpoint MODE  who moves the WAL into the database: worker (a thread of its own,
                     off the event loop) or inline (SQLite, inside the commit that passes
                     1,000 WAL pages); default: $ONESTOP_CHECKPOINT, else inline
  --clock-speed N    development only (the simulator, trials): the hall clock runs N times as
                     fast as real time; never in a hall
  --clock-start ISO  development only: the hall clock starts at this time (e.g. 2026-03-02T08:30+08:00)
  --message-rate N   development only (the bench): each connection may send N messages a
                     second, 2N at once (default 100: a flooding device is refused); never
                     in a hall
  --kiosk-batch-ms N how long the kiosks' batches are gathered into one message, 0 to send
                     each at once (default 10; bench/README.md)
  --display-batch-ms N
                     how long the displays' batches are gathered into one message; a call
                     goes at once with what was gathered; 0 to send each at once (default 100)
  --file CSV         appointments to book: date,time,service,code,phone_last4[,id_number]
                     (code, phone_last4, id_number may be empty; times in the hall's
                     timezone; the ID number is kept only as a hash)
`;

export type CliCommand =
  | {
      kind: 'serve';
      db: string;
      port: number;
      host: string;
      config: string | null;
      demo: boolean;
      pages: string | null;
      backupDir: string | null;
      backupEveryMinutes: number;
      keepDays: number;
      logDir: string | null;
      logMaxMb: number;
      logKeep: number;
      /** Development only: a hall clock that starts at `startAt` and runs `speed` times as fast. */
      clock: { speed: number; startAt: number | null } | null;
      /** Development only (the bench): each connection's messages a second; null: the hall's. */
      messagesPerS: number | null;
      /** --kiosk-batch-ms, or null: the hub's default (server/sockets.ts `KIOSK_BATCH_MS`). */
      kioskBatchMs: number | null;
      /** --display-batch-ms, or null: the hub's default (server/sockets.ts `DISPLAY_BATCH_MS`). */
      displayBatchMs: number | null;
      /** --durability, or null: ONESTOP_DURABILITY, else the hub's default (cli.ts). */
      durability: DurabilityMode | null;
      /** --checkpoint, or null: ONESTOP_CHECKPOINT, else the hub's default (cli.ts). */
      checkpoint: CheckpointMode | null;
      /** HTTPS with this certificate and key (PEM files), or plain HTTP. */
      tls: { cert: string; key: string } | null;
      /** Apply `config` (or the demo's) as a change when it differs from the stored one. */
      replaceConfig: boolean;
      /** Origins of browser pages allowed besides the hub's own (`--allow-origin`, normalized). */
      allowOrigins: string[];
      /** `--region URL` (an origin) and `--region-code CODE`, or null to use the stored link. */
      region: { url: string; code: string | null } | null;
    }
  | { kind: 'pair'; db: string; deviceKind: DeviceKind; name: string; windowId: string | null }
  | { kind: 'backup'; db: string; out: string }
  | { kind: 'restore'; db: string; from: string }
  | { kind: 'init'; db: string; config: string; replaceConfig: boolean }
  | { kind: 'appointments'; db: string; file: string }
  | { kind: 'check-config'; file: string }
  | { kind: 'help' }
  | { kind: 'version' };

export class UsageError extends Error {}

function integer(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value))
    throw new UsageError(`--${name} must be a whole number, not "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${name} must be from ${min} to ${max}, not ${n}`);
  return n;
}

/** One of `modes`, from the option or variable `name`: null when not given. */
function modeOption<M extends string>(
  value: string | undefined,
  modes: readonly M[],
  name: string,
): M | null {
  if (value === undefined || value === '') return null;
  const mode = modes.find((m) => m === value);
  if (!mode) throw new UsageError(`${name} must be one of ${modes.join(', ')}`);
  return mode;
}

/** --durability (or the variable `name`): null when not given. */
export function durabilityOption(
  value: string | undefined,
  name = '--durability',
): DurabilityMode | null {
  return modeOption(value, DURABILITY_MODES, name);
}

/** --checkpoint (or the variable `name`): null when not given. */
export function checkpointOption(
  value: string | undefined,
  name = '--checkpoint',
): CheckpointMode | null {
  return modeOption(value, CHECKPOINT_MODES, name);
}

/** --clock-speed and --clock-start (development only): null when neither is given. */
function clockOption(
  speed: string | undefined,
  start: string | undefined,
): { speed: number; startAt: number | null } | null {
  if (speed === undefined && start === undefined) return null;
  const startAt = start === undefined ? null : Date.parse(start);
  if (startAt !== null && Number.isNaN(startAt))
    throw new UsageError(
      `--clock-start must be an ISO time like 2026-03-02T08:30+08:00, not "${start}"`,
    );
  return { speed: integer(speed, 'clock-speed', 1, 100_000, 1), startAt };
}

/** --tls-cert and --tls-key: both or neither. */
function tlsOption(
  cert: string | undefined,
  key: string | undefined,
): { cert: string; key: string } | null {
  if (cert === undefined && key === undefined) return null;
  if (!cert || !key) throw new UsageError('HTTPS needs both --tls-cert FILE and --tls-key FILE');
  return { cert, key };
}

/** --allow-origin, repeatable: each an origin (scheme, host, port), no path. */
function originsOption(values: string[] | undefined): string[] {
  return (values ?? []).map((value) => {
    const origin = normalizeOrigin(value);
    if (origin === null) {
      throw new UsageError(
        `--allow-origin must be an origin like http://hub.hall.lan:7800 (scheme, name, port; no path), not "${value}"`,
      );
    }
    return origin;
  });
}

/** --region and --region-code: the region's origin (http or https, no path) and a code. */
function regionOption(
  url: string | undefined,
  code: string | undefined,
): { url: string; code: string | null } | null {
  if (url === undefined) {
    if (code !== undefined) throw new UsageError('--region-code needs the region: --region URL');
    return null;
  }
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (
    parsed === null ||
    (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') ||
    parsed.username !== '' ||
    parsed.password !== '' ||
    parsed.pathname !== '/' ||
    parsed.search !== '' ||
    parsed.hash !== ''
  ) {
    throw new UsageError(
      `--region must be the region's address like https://region.example.gov.cn (scheme, name, port; no path), not "${url}"`,
    );
  }
  if (code !== undefined && !LinkPairRequestSchema.shape.code.safeParse(code).success) {
    throw new UsageError(
      '--region-code must be the code onestop-region add-hall printed (8 to 64 letters, digits or -)',
    );
  }
  return { url: parsed.origin, code: code ?? null };
}

/** Reads the command line; any mistake is a UsageError naming the option. */
export function parseCli(argv: string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        db: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        config: { type: 'string' },
        demo: { type: 'boolean' },
        'replace-config': { type: 'boolean' },
        pages: { type: 'string' },
        'backup-dir': { type: 'string' },
        'backup-every': { type: 'string' },
        'keep-days': { type: 'string' },
        'clock-speed': { type: 'string' },
        'clock-start': { type: 'string' },
        'message-rate': { type: 'string' },
        'kiosk-batch-ms': { type: 'string' },
        'display-batch-ms': { type: 'string' },
        durability: { type: 'string' },
        checkpoint: { type: 'string' },
        kind: { type: 'string' },
        name: { type: 'string' },
        window: { type: 'string' },
        out: { type: 'string' },
        file: { type: 'string' },
        from: { type: 'string' },
        'log-dir': { type: 'string' },
        'log-size': { type: 'string' },
        'log-keep': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        region: { type: 'string' },
        'region-code': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { kind: 'help' };
  if (v.version) return { kind: 'version' };
  const [verb = 'serve', ...extra] = positionals;
  switch (verb) {
    case 'serve': {
      if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
      if (v.demo && v.config) throw new UsageError('use either --config or --demo, not both');
      if (v['replace-config'] && !v.demo && !v.config)
        throw new UsageError(
          '--replace-config needs the configuration: --config hall.json or --demo',
        );
      return {
        kind: 'serve',
        db: v.db ?? (v.demo ? './demo-hall.sqlite' : './onestop.sqlite'),
        port: integer(v.port, 'port', 0, 65535, 7800),
        host: v.host ?? '0.0.0.0',
        config: v.config ?? null,
        demo: v.demo ?? false,
        pages: v.pages ?? null,
        backupDir: v['backup-dir'] ?? null,
        backupEveryMinutes: integer(v['backup-every'], 'backup-every', 0, 7 * 24 * 60, 60),
        keepDays: integer(v['keep-days'], 'keep-days', 1, 3650, 30),
        logDir: v['log-dir'] ?? null,
        logMaxMb: integer(v['log-size'], 'log-size', 1, 1024, 10),
        logKeep: integer(v['log-keep'], 'log-keep', 0, 100, 5),
        clock: clockOption(v['clock-speed'], v['clock-start']),
        messagesPerS:
          v['message-rate'] === undefined
            ? null
            : integer(v['message-rate'], 'message-rate', 1, 1_000_000, 100),
        kioskBatchMs:
          v['kiosk-batch-ms'] === undefined
            ? null
            : integer(v['kiosk-batch-ms'], 'kiosk-batch-ms', 0, 1_000, 0),
        displayBatchMs:
          v['display-batch-ms'] === undefined
            ? null
            : integer(v['display-batch-ms'], 'display-batch-ms', 0, 1_000, 0),
        durability: durabilityOption(v.durability),
        checkpoint: checkpointOption(v.checkpoint),
        tls: tlsOption(v['tls-cert'], v['tls-key']),
        replaceConfig: v['replace-config'] ?? false,
        allowOrigins: originsOption(v['allow-origin']),
        region: regionOption(v.region, v['region-code']),
      };
    }
    case 'pair': {
      if (!v.db) throw new UsageError('pair needs --db PATH');
      const kind = v.kind as DeviceKind | undefined;
      if (!kind || !DEVICE_KINDS.includes(kind)) {
        throw new UsageError(`pair needs --kind, one of ${DEVICE_KINDS.join(', ')}`);
      }
      if (!v.name) throw new UsageError('pair needs --name (shown in the admin console)');
      const unsafe = unsafeCharIn(v.name);
      if (unsafe !== null) {
        throw new UsageError(
          `--name: no control characters, line breaks or invisible formatting characters (found ${unsafe})`,
        );
      }
      const needsWindow = kind === 'window_terminal' || kind === 'rating_pad';
      if (needsWindow && !v.window)
        throw new UsageError(`a ${kind} belongs to a window: add --window ID`);
      if (!needsWindow && v.window)
        throw new UsageError(`a ${kind} belongs to no window: drop --window`);
      return { kind: 'pair', db: v.db, deviceKind: kind, name: v.name, windowId: v.window ?? null };
    }
    case 'backup':
      if (!v.db || !v.out) throw new UsageError('backup needs --db PATH and --out DIR');
      return { kind: 'backup', db: v.db, out: v.out };
    case 'init':
      if (!v.db || !v.config) throw new UsageError('init needs --db PATH and --config hall.json');
      return {
        kind: 'init',
        db: v.db,
        config: v.config,
        replaceConfig: v['replace-config'] ?? false,
      };
    case 'restore':
      if (!v.db || !v.from) throw new UsageError('restore needs --db PATH and --from BACKUP');
      return { kind: 'restore', db: v.db, from: v.from };
    case 'appointments':
      if (!v.db || !v.file) throw new UsageError('appointments needs --db PATH and --file CSV');
      return { kind: 'appointments', db: v.db, file: v.file };
    case 'check-config':
      if (extra.length !== 1 || !extra[0])
        throw new UsageError('check-config needs the file: check-config hall.json');
      return { kind: 'check-config', file: extra[0] };
    default:
      throw new UsageError(`unknown command "${verb}"`);
  }
}
