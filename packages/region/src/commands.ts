import { loadTls, TlsError, type TlsFiles } from '@onestop/http';
import { addAccount } from './accounts.js';
import { describeLocation, openStore, type StoreLocation } from './db/open.js';
import type { RegionDb } from './db/types.js';
import { buildRegionServer, listen } from './http/server.js';
import { Region } from './region.js';
import type { RegionCommand } from './cli-args.js';
import { USAGE } from './cli-args.js';
import { RegionStoreError } from './store/errors.js';
import type { HallSummary } from './store/halls.js';
import { migrate } from './store/migrations/index.js';
import { ensureEventPartitions } from './store/partitions.js';
import { REGION_VERSION } from './version.js';

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  /** Opens the store (tests give an open one). */
  open?: (location: StoreLocation) => Promise<RegionDb>;
  now?: () => number;
}

/** A running `serve`: stop it with `close`. */
export interface Serving {
  url: string;
  close(): Promise<void>;
}

/**
 * Runs one command. Gives the exit code, or for `serve` the running server. Every command
 * migrates the store first (a database from a newer region is refused untouched).
 */
export async function runCommand(cmd: RegionCommand, io: CommandIo): Promise<number | Serving> {
  if (cmd.kind === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (cmd.kind === 'version') {
    io.out(REGION_VERSION);
    return 0;
  }
  // The certificate is checked before the database is opened: a bad file changes nothing.
  const tls =
    (cmd.kind === 'serve' || cmd.kind === 'relay') && cmd.tls !== null
      ? loadTls(cmd.tls.cert, cmd.tls.key)
      : null;
  const db = await (io.open ?? openStore)(cmd.store);
  let keepOpen = false;
  try {
    await migrate(db);
    const region = new Region(db, io.now === undefined ? {} : { now: io.now });
    const result = await act(cmd, region, db, io, tls);
    keepOpen = typeof result !== 'number';
    return result;
  } finally {
    if (!keepOpen) await db.close();
  }
}

type StoreCommand = Exclude<RegionCommand, { kind: 'help' } | { kind: 'version' }>;

async function act(
  cmd: StoreCommand,
  region: Region,
  db: RegionDb,
  io: CommandIo,
  tls: TlsFiles | null,
): Promise<number | Serving> {
  switch (cmd.kind) {
    case 'add-hall': {
      const hall = await region.addHall(cmd.name);
      io.out(`大厅已添加 Hall added: ${hall.hallName}`);
      io.out(`  大厅编号 Hall id           ${hall.hallId}`);
      io.out(`  一次性配对码 One-time code  ${hall.code}`);
      io.out(`  有效期至 Valid until        ${new Date(hall.expiresAt).toISOString()}`);
      io.out('仅显示一次：请交给该大厅的管理员，用于连接大厅的 hub（docs/REGION.md）。');
      io.out(
        "Shown once: give it to the hall's administrator to link the hall's hub (docs/REGION.md).",
      );
      return 0;
    }
    case 'list-halls': {
      const halls = await region.listHalls();
      if (halls.length === 0) {
        io.out('还没有大厅 No halls yet: onestop-region add-hall --name NAME');
        return 0;
      }
      for (const h of halls) io.out(hallLine(h));
      return 0;
    }
    case 'revoke-hall': {
      if (!(await region.revokeHall(cmd.hallId))) {
        io.err(`onestop-region: 没有这个大厅 no hall ${cmd.hallId} (list-halls shows them)`);
        return 1;
      }
      io.out(
        `大厅已吊销 Hall ${cmd.hallId} revoked: its token and codes no longer work; its events stay.`,
      );
      return 0;
    }
    case 'add-account': {
      const made = await addAccount(db, cmd, (io.now ?? Date.now)());
      const halls = made.account.halls === 'all' ? '全部 all' : made.account.halls.join(', ');
      io.out(`账号已添加 Account added: ${made.account.name}`);
      io.out(`  角色 Role           ${made.account.role}`);
      io.out(`  大厅 Halls          ${halls}`);
      io.out(`  密码 Password       ${made.password}`);
      io.out('密码仅显示一次，请交给该账号的使用人。');
      io.out("Shown once: give it to the account's holder; the region keeps only its hash.");
      return 0;
    }
    case 'serve': {
      const serving = await startServing(cmd, region, db, tls, false);
      const halls = await region.listHalls();
      io.out(`OneStop region ${REGION_VERSION} — 区域平台`);
      io.out(`Database  ${describeLocation(cmd.store)}`);
      io.out(`Halls     ${halls.filter((h) => h.revokedAt === null).length}`);
      io.out(`Listening ${serving.url}`);
      io.out(`Console   ${serving.url}/region-console/`);
      return serving;
    }
    case 'relay':
      return relay(cmd, region, db, io, tls);
  }
}

type Listening = Extract<RegionCommand, { kind: 'serve' | 'relay' }>;

/** The region's server on the command's address, its store closed with it. */
async function startServing(
  cmd: Listening,
  region: Region,
  db: RegionDb,
  tls: TlsFiles | null,
  relayOnly: boolean,
): Promise<Serving> {
  const now = region.clock();
  // This month's and the next month's partitions ahead of the halls' batches.
  await db.transaction((tx) => ensureEventPartitions(tx, [now, now + 31 * 24 * 3600 * 1000]));
  await region.watchHalls();
  const app = await buildRegionServer({ region, logger: cmd.log, tls, relay: relayOnly });
  let url: string;
  try {
    url = await listen(app, cmd.host, cmd.port);
  } catch (err) {
    await app.close();
    throw err;
  }
  return {
    url,
    close: async () => {
      try {
        await app.close();
        await region.close();
      } finally {
        await db.close();
      }
    },
  };
}

/**
 * `relay`: the public edge of one hall without a region. The first start adds the hall and
 * prints its one-time code; a start before the hub has paired prints a new one. It says what
 * to set in the hall and what phones open.
 */
async function relay(
  cmd: Extract<RegionCommand, { kind: 'relay' }>,
  region: Region,
  db: RegionDb,
  io: CommandIo,
  tls: TlsFiles | null,
): Promise<Serving> {
  const halls = (await region.listHalls()).filter((h) => h.revokedAt === null);
  if (halls.length > 1) {
    throw new RangeError('a relay serves one hall; this store has several: use serve');
  }
  const hall = halls[0];
  const code =
    hall === undefined
      ? await region.addHall(cmd.name)
      : hall.pairedAt === null
        ? await region.newCode(hall)
        : null;
  const hallId = hall?.id ?? code?.hallId ?? '';
  const serving = await startServing(cmd, region, db, tls, true);
  io.out(`OneStop relay ${REGION_VERSION} — 公共中转（无区域平台的大厅）`);
  io.out(`Database  ${describeLocation(cmd.store)}`);
  io.out(`Listening ${serving.url}`);
  io.out(`Public    ${cmd.publicUrl}  (手机访问的地址 the address phones open)`);
  io.out(`Hall id   ${hallId}`);
  if (code !== null) {
    io.out(
      `一次性配对码 One-time code  ${code.code}  (valid until ${new Date(code.expiresAt).toISOString()})`,
    );
    io.out(
      `连接大厅 Link the hub:  onestop-hub … --region ${cmd.publicUrl} --region-code ${code.code}`,
    );
  } else {
    io.out('大厅已连接 The hall is linked: its hub reconnects by itself.');
  }
  io.out('在大厅配置中设置 Set in the hall config (hall.publicStatus):');
  io.out(`  ${JSON.stringify({ publicStatus: { baseUrl: cmd.publicUrl, hallId } })}`);
  io.out(`号票状态页 Ticket pages  ${cmd.publicUrl}/public/t/${hallId}/<token>`);
  return serving;
}

function hallLine(h: HallSummary): string {
  const state =
    h.revokedAt !== null
      ? '已吊销 revoked'
      : h.pairedAt === null
        ? '待配对 awaiting pairing'
        : h.historyId === null
          ? '已配对 paired, no events yet'
          : `已连接 linked, seq ${h.ackedSeq ?? 0} of history ${h.historyId}`;
  const seen = h.lastSeenAt === null ? '' : `, last batch ${h.lastSeenAt.toISOString()}`;
  return `${h.id}  ${h.name}  ${state}${seen}`;
}

/** A message for an error of a command, or null when it is a programming error to show whole. */
export function commandErrorMessage(err: unknown): string | null {
  if (err instanceof RegionStoreError) return err.message;
  if (err instanceof TlsError) return err.message;
  if (err instanceof RangeError) return err.message;
  if (err instanceof Error && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (code === 'ECONNREFUSED') return `cannot reach PostgreSQL: ${err.message}`;
    if (code === 'EADDRINUSE') return `the port is in use: ${err.message}`;
    if (code === '28P01' || code === '28000') return `PostgreSQL refused the login: ${err.message}`;
    if (code === '3D000') return `no such database: ${err.message}`;
  }
  return null;
}
