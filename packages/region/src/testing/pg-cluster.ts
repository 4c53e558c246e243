/**
 * A throwaway PostgreSQL cluster for tests: `initdb` in a temp folder, `pg_ctl start` on a free
 * port of 127.0.0.1 with its socket in that folder, a fresh database per test, and everything
 * stopped and removed at the end. Running as root (CI), the server runs as the `postgres` user
 * (PostgreSQL refuses root), through `runuser`.
 *
 * Needs Debian's `postgresql` package (binaries in /usr/lib/postgresql/<version>/bin), or
 * ONESTOP_PG_BIN naming the folder of `initdb` and `pg_ctl`.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PgCluster {
  /** postgres://… of the cluster's `postgres` database. */
  readonly adminUrl: string;
  readonly port: number;
  /**
   * A new database, empty or a copy of `template` (a URL this cluster gave, with no one
   * connected to it); its URL.
   */
  createDatabase(template?: string): Promise<string>;
  /** Stops the server and removes its folder (safe to call twice). */
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL's bin folder. */
export function pgBinDir(): string {
  const fromEnv = process.env.ONESTOP_PG_BIN;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(
      'no PostgreSQL server found in /usr/lib/postgresql/*/bin: install it (apt-get install postgresql) or set ONESTOP_PG_BIN',
    );
  }
  return join(root, newest, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = (): boolean => process.getuid?.() === 0;

/** The command line, run as `postgres` when we are root. */
function asServerUser(file: string, args: string[]): [string, string[]] {
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
}

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = pgBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'onestop-pg-'));
  if (isRoot()) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  let started = false;
  const stopSync = (): void => {
    if (started) {
      started = false;
      const [f, a] = asServerUser(join(bin, 'pg_ctl'), [
        'stop',
        '-D',
        data,
        '-m',
        'immediate',
        '-w',
      ]);
      try {
        execFileSync(f, a, { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test process that ends without afterAll still stops its server.
  process.once('exit', stopSync);
  try {
    const [initFile, initArgs] = asServerUser(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '--no-locale',
      '-E',
      'UTF8',
    ]);
    await run(initFile, initArgs);
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const options = [
        `-p ${port}`,
        `-k ${dir}`,
        '-c listen_addresses=127.0.0.1',
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c shared_buffers=16MB',
        '-c max_connections=60',
      ].join(' ');
      const [ctlFile, ctlArgs] = asServerUser(join(bin, 'pg_ctl'), [
        'start',
        '-D',
        data,
        '-l',
        join(dir, 'server.log'),
        '-w',
        '-t',
        '60',
        '-o',
        options,
      ]);
      try {
        started = true;
        await run(ctlFile, ctlArgs);
        break;
      } catch (err) {
        started = false;
        if (attempt >= 3) throw err; // the port may have been taken in between: try another
      }
    }
    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    let n = 0;
    return {
      adminUrl,
      port,
      async createDatabase(template?: string) {
        n += 1;
        const name = `t${n}`;
        const from = template === undefined ? '' : new URL(template).pathname.slice(1);
        if (from !== '' && !/^t\d+$/.test(from)) throw new Error(`not a test database: ${from}`);
        const client = new pg.Client({ connectionString: adminUrl });
        await client.connect();
        try {
          // A database name takes no bound parameter: `t<counter>` names are our own.
          await client.query(`CREATE DATABASE ${name}${from === '' ? '' : ` TEMPLATE ${from}`}`);
        } finally {
          await client.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      stop() {
        process.removeListener('exit', stopSync);
        stopSync();
        return Promise.resolve();
      },
    };
  } catch (err) {
    process.removeListener('exit', stopSync);
    stopSync();
    throw err;
  }
}
