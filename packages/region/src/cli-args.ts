import { parseArgs } from 'node:util';
import { ACCOUNT_ROLES, type AccountRole } from './accounts.js';
import type { StoreLocation } from './db/open.js';

export const USAGE = `onestop-region — the OneStop region: many halls streaming into one PostgreSQL
onestop-region — 区域平台：各大厅的事件汇入一个 PostgreSQL

Usage:
  onestop-region serve       [--pg URL | --data DIR] [--port N] [--host ADDR] [--log]
                             [--tls-cert FILE --tls-key FILE]
  onestop-region add-hall    [--pg URL | --data DIR] --name NAME
  onestop-region list-halls  [--pg URL | --data DIR]
  onestop-region revoke-hall [--pg URL | --data DIR] HALL_ID
  onestop-region add-account [--pg URL | --data DIR] --name NAME --role ROLE [--halls H-…,H-…]
  onestop-region relay       [--data DIR] --public-url URL [--name NAME] [--port N] [--host ADDR]
                             [--log] [--tls-cert FILE --tls-key FILE]
  onestop-region --help | --version

  --pg URL      the PostgreSQL database (postgres://user:password@host:5432/onestop); several
                region instances may share one
  --data DIR    without --pg: an embedded PostgreSQL (PGlite) keeping its files in DIR
                (default ./onestop-region-data); one process at a time
  --port N      port of the region's HTTP server (default 7900)
  --host ADDR   address to listen on (default 0.0.0.0: every network of this machine)
  --log         log every request (JSON lines on stdout)
  --tls-cert FILE  serve HTTPS with this certificate (PEM, with its chain) and
  --tls-key FILE   its private key (PEM); without them the region serves plain HTTP
  --name NAME   the hall's name as the region shows it (1 to 100 characters); for
                add-account, the account's login name (1 to 60 characters)
  --role ROLE   region_admin (every hall) or supervisor (the halls of --halls)
  --halls LIST  a supervisor's halls, by id, separated by commas (list-halls shows them)

add-hall prints the hall's id and its one-time pairing code (good for 24 hours, shown once):
the hall's administrator gives the code to the hub to link it (docs/REGION.md).
add-account prints the account's password once: the regional console's login (docs/REGION.md).
relay: for a hall without a region, the public edge alone (one hall, the embedded store, no
console): the ticket's QR, booking and the link. --public-url is the address phones use.
`;

export const DEFAULT_DATA_DIR = './onestop-region-data';
export const DEFAULT_PORT = 7900;

export type RegionCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | {
      kind: 'serve';
      store: StoreLocation;
      port: number;
      host: string;
      log: boolean;
      /** HTTPS with these PEM files (both or neither); null: plain HTTP. */
      tls: { cert: string; key: string } | null;
    }
  | { kind: 'add-hall'; store: StoreLocation; name: string }
  | {
      kind: 'relay';
      store: StoreLocation;
      publicUrl: string;
      name: string;
      port: number;
      host: string;
      log: boolean;
      tls: { cert: string; key: string } | null;
    }
  | { kind: 'list-halls'; store: StoreLocation }
  | { kind: 'revoke-hall'; store: StoreLocation; hallId: string }
  | {
      kind: 'add-account';
      store: StoreLocation;
      name: string;
      role: AccountRole;
      halls: string[];
    };

/** A command line that cannot be run: the message says why. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const STORE_OPTIONS = {
  pg: { type: 'string' },
  data: { type: 'string' },
} as const;

export function parseCliArgs(argv: readonly string[]): RegionCommand {
  const [verb, ...rest] = argv;
  switch (verb) {
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
      return { kind: 'help' };
    case '--version':
      if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
      return { kind: 'version' };
    case 'serve': {
      const { values } = parse(rest, {
        ...STORE_OPTIONS,
        port: { type: 'string' },
        host: { type: 'string' },
        log: { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
      });
      return {
        kind: 'serve',
        store: storeOf(values),
        port: portOf(values.port),
        host: hostOf(values.host),
        log: values.log === true,
        tls: tlsOf(values['tls-cert'], values['tls-key']),
      };
    }
    case 'relay': {
      const { values } = parse(rest, {
        data: { type: 'string' },
        'public-url': { type: 'string' },
        name: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        log: { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
      });
      const publicUrl = values['public-url']?.replace(/\/+$/, '');
      if (publicUrl === undefined || !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(publicUrl)) {
        throw new UsageError('relay needs --public-url https://… (the address phones use)');
      }
      const name = (values.name ?? 'OneStop').trim();
      if (name === '' || [...name].length > 100) {
        throw new UsageError('--name is 1 to 100 characters');
      }
      return {
        kind: 'relay',
        store: storeOf({ data: values.data }),
        publicUrl,
        name,
        port: portOf(values.port),
        host: hostOf(values.host),
        log: values.log === true,
        tls: tlsOf(values['tls-cert'], values['tls-key']),
      };
    }
    case 'add-hall': {
      const { values } = parse(rest, { ...STORE_OPTIONS, name: { type: 'string' } });
      const name = values.name?.trim();
      if (name === undefined || name === '') throw new UsageError('add-hall needs --name NAME');
      if ([...name].length > 100) throw new UsageError('--name is at most 100 characters');
      return { kind: 'add-hall', store: storeOf(values), name };
    }
    case 'list-halls': {
      const { values } = parse(rest, STORE_OPTIONS);
      return { kind: 'list-halls', store: storeOf(values) };
    }
    case 'revoke-hall': {
      const { values, positionals } = parse(rest, STORE_OPTIONS, 1);
      const hallId = positionals[0];
      if (hallId === undefined)
        throw new UsageError('revoke-hall needs the hall id (list-halls shows it)');
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(hallId)) throw new UsageError(`not a hall id: ${hallId}`);
      return { kind: 'revoke-hall', store: storeOf(values), hallId };
    }
    case 'add-account': {
      const { values } = parse(rest, {
        ...STORE_OPTIONS,
        name: { type: 'string' },
        role: { type: 'string' },
        halls: { type: 'string' },
      });
      const name = values.name?.trim();
      if (name === undefined || name === '') throw new UsageError('add-account needs --name NAME');
      if ([...name].length > 60) throw new UsageError('--name is at most 60 characters');
      const role = ACCOUNT_ROLES.find((r) => r === values.role);
      if (role === undefined) {
        throw new UsageError(`--role is ${ACCOUNT_ROLES.join(' or ')}`);
      }
      const halls = (values.halls ?? '')
        .split(',')
        .map((h) => h.trim())
        .filter((h) => h !== '');
      const bad = halls.find((h) => !/^[A-Za-z0-9_-]{1,64}$/.test(h));
      if (bad !== undefined) throw new UsageError(`not a hall id: ${bad}`);
      if (role === 'supervisor' && halls.length === 0) {
        throw new UsageError('a supervisor needs --halls H-…,H-… (list-halls shows the ids)');
      }
      if (role === 'region_admin' && halls.length > 0) {
        throw new UsageError('a region admin sees every hall: leave out --halls');
      }
      return { kind: 'add-account', store: storeOf(values), name, role, halls };
    }
    default:
      throw new UsageError(`unknown command: ${verb} (onestop-region --help lists them)`);
  }
}

type Options = Record<string, { type: 'string' } | { type: 'boolean' }>;

function parse<O extends Options>(args: string[], options: O, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals > 0 });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(
      `unexpected arguments: ${parsed.positionals.slice(positionals).join(' ')}`,
    );
  }
  return parsed;
}

function storeOf(values: { pg?: string | undefined; data?: string | undefined }): StoreLocation {
  if (values.pg !== undefined && values.data !== undefined) {
    throw new UsageError('give --pg or --data, not both');
  }
  if (values.pg !== undefined) {
    let url: URL;
    try {
      url = new URL(values.pg);
    } catch {
      throw new UsageError('--pg needs a URL such as postgres://user:password@host:5432/onestop');
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      throw new UsageError('--pg needs a postgres:// or postgresql:// URL');
    }
    return { kind: 'postgres', url: values.pg };
  }
  if (values.data === '') throw new UsageError('--data needs a folder');
  return { kind: 'pglite', dir: values.data ?? DEFAULT_DATA_DIR };
}

function portOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`--port must be a number from 0 to 65535, not ${value}`);
  }
  return Number(value);
}

/** --tls-cert and --tls-key: both or neither. */
function tlsOf(
  cert: string | undefined,
  key: string | undefined,
): { cert: string; key: string } | null {
  if (cert === undefined && key === undefined) return null;
  if (cert === undefined || cert === '' || key === undefined || key === '') {
    throw new UsageError('HTTPS needs both --tls-cert FILE and --tls-key FILE');
  }
  return { cert, key };
}

function hostOf(value: string | undefined): string {
  if (value === undefined) return '0.0.0.0';
  if (value === '' || /[\s/]/.test(value))
    throw new UsageError(`--host is not an address: ${value}`);
  return value;
}
