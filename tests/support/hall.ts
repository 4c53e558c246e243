import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Command,
  DeviceKind,
  HallConfig,
  HealthLink,
  LoginResponse,
  PairResponse,
  Role,
} from '@onestop/shared';
import { HubClient } from '@onestop/shared/client';
import {
  createDevice,
  DEMO_HALL,
  DEMO_STAFF,
  hashPin,
  Hub,
  ListenError,
  type RunningServer,
  startServer,
  type SyncFile,
} from '@onestop/hub';

/** A clock the test moves by hand. */
export class FakeClock {
  constructor(public t: number) {}
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface HubTestHallOptions {
  /** Defaults to the demo hall; null: none, the database's own (a restart without --config). */
  config?: HallConfig | null;
  /** Defaults to the real clock. */
  now?: () => number;
  /** How fast `now` runs (the simulator's `--clock-speed`); told to clients at their sync. */
  clockSpeed?: number;
  /** Reuse a database file (to restart a hub on it); defaults to a new temp file. */
  dbPath?: string;
  /** PINs to set (code -> PIN); defaults to the demo staff's. */
  pins?: Map<string, string>;
  tickMs?: number;
  catchUpLimit?: number;
  /** How long the kiosks' batches are gathered (server/sockets.ts `KIOSK_BATCH_MS`). */
  kioskBatchMs?: number;
  /** How long the displays' batches are gathered (server/sockets.ts `DISPLAY_BATCH_MS`). */
  displayBatchMs?: number;
  /** Folder of built pages (`npm run build:pages` makes <repo>/dist/pages). */
  pagesDir?: string | null;
  /** Listen on this port (to restart a hub where its clients expect it). */
  port?: number;
  /** `--allow-origin` values. */
  allowOrigins?: string[];
  /** Who counts as the local operator (default: loopback callers, so every test's requests). */
  isOperator?: (address: string) => boolean;
  /** The region link's state for `/api/health` (default: not linked). */
  linkHealth?: () => HealthLink;
  /** How the hub syncs its WAL (HubOptions.syncFile; a test holds it back). */
  syncFile?: SyncFile;
}

/**
 * A real hub on a real SQLite file in a temp folder, listening on 127.0.0.1 on a free port,
 * with helpers to pair devices, log in and connect typed clients.
 */
export class HubTestHall {
  readonly clients: HubClient<Role>[] = [];
  private constructor(
    readonly dir: string | null,
    readonly dbPath: string,
    readonly hub: Hub,
    public server: RunningServer,
    private readonly serverOptions: Omit<Parameters<typeof startServer>[0], 'port'>,
  ) {}

  static async start(options: HubTestHallOptions = {}): Promise<HubTestHall> {
    const dir = options.dbPath ? null : mkdtempSync(join(tmpdir(), 'onestop-test-'));
    const dbPath = options.dbPath ?? join(dir as string, 'hall.sqlite');
    const hub = Hub.open({
      dbPath,
      ...(options.config === null ? {} : { config: options.config ?? DEMO_HALL }),
      ...(options.now ? { now: options.now } : {}),
      ...(options.clockSpeed === undefined ? {} : { clockSpeed: options.clockSpeed }),
      ...(options.syncFile ? { durability: 'async' as const, syncFile: options.syncFile } : {}),
    });
    const pins = options.pins ?? new Map(DEMO_STAFF.map((s) => [s.code, s.pin]));
    await Promise.all(
      [...pins].map(async ([code, pin]) => {
        if (!hub.store.getCredential(code)) hub.store.setPinHash(code, await hashPin(pin));
      }),
    );
    const serverOptions = {
      hub,
      host: '127.0.0.1',
      pagesDir: options.pagesDir ?? null,
      tickMs: options.tickMs ?? 60_000,
      ...(options.catchUpLimit === undefined ? {} : { catchUpLimit: options.catchUpLimit }),
      ...(options.kioskBatchMs === undefined ? {} : { kioskBatchMs: options.kioskBatchMs }),
      ...(options.displayBatchMs === undefined ? {} : { displayBatchMs: options.displayBatchMs }),
      ...(options.allowOrigins === undefined ? {} : { allowOrigins: options.allowOrigins }),
      ...(options.isOperator === undefined ? {} : { isOperator: options.isOperator }),
      ...(options.linkHealth === undefined ? {} : { linkHealth: options.linkHealth }),
    };
    const server = await startServer({ ...serverOptions, port: options.port ?? 0 });
    return new HubTestHall(dir, dbPath, hub, server, serverOptions);
  }

  /**
   * Takes the hub off the network (every client is cut off), runs `during` — the hub goes on
   * deciding commands given to it directly — and listens again on the same port.
   */
  async offline(during: () => Promise<void> | void): Promise<void> {
    const port = this.server.port;
    await this.server.close();
    await during();
    // While the hub was away its port was free: a connection made meanwhile by anything on the
    // machine may have been given it as its own end. Such a connection is short-lived, so try
    // again for a while rather than fail (the clients expect the hub on this very port).
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        this.server = await startServer({ ...this.serverOptions, port });
        return;
      } catch (err) {
        const taken = err instanceof ListenError && /already in use/.test(err.message);
        if (!taken || Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  get url(): string {
    return this.server.url;
  }

  async post<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  /** Registers a device and pairs it over HTTP, as a real device would; returns its token. */
  async pair(kind: DeviceKind, windowId: string | null = null): Promise<string> {
    const { pairingCode } = createDevice(
      this.hub.store,
      this.hub.config,
      { kind, name: `${kind} ${windowId ?? ''}`.trim(), windowId },
      this.hub.now(),
    );
    const res = await this.post<PairResponse>('/api/pair', { code: pairingCode });
    if (res.status !== 200) throw new Error(`pairing failed: ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  /** An admin console session token. */
  async login(staffCode = 'ADMIN', pin = '8642'): Promise<string> {
    const res = await this.post<LoginResponse>('/api/login', { staffCode, pin });
    if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  /** A connected, synced client of the role. */
  async client<R extends Role>(
    role: R,
    token: string,
    options: { ackTimeoutMs?: number; now?: () => number } = {},
  ): Promise<HubClient<R>> {
    const client = new HubClient({
      url: this.url,
      role,
      token,
      ackTimeoutMs: options.ackTimeoutMs ?? 5_000,
      ...(options.now ? { now: options.now } : {}),
    });
    this.clients.push(client);
    // Connecting and syncing take milliseconds, but a loaded machine (a browser beside the hub in
    // the end-to-end tests) can stall that for seconds: the bound is generous, the wait is not.
    await waitFor(
      () => client.connection === 'online' || client.connection === 'refused',
      15_000,
      `the ${role} client to connect`,
    );
    return client;
  }

  /** A window terminal of `windowId` with `staffCode` logged in and the window opened. */
  async openWindow(windowId: string, staffCode: string): Promise<HubClient<'window'>> {
    const client = await this.client('window', await this.pair('window_terminal', windowId));
    const pin = DEMO_STAFF.find((s) => s.code === staffCode)?.pin ?? '';
    const login = await client.command('staff_login', { staffCode, pin });
    if (!login.ok) throw new Error(`staff_login failed: ${login.error.code}`);
    const open = await client.command('open_window', {});
    if (!open.ok) throw new Error(`open_window failed: ${open.error.code}`);
    return client;
  }

  async close(options: { keepFiles?: boolean } = {}): Promise<void> {
    for (const client of this.clients) client.close();
    await this.server.close();
    this.hub.close();
    if (this.dir && !options.keepFiles) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A kiosk's ticket for the tax service, with its status-page token (for `Hub.submit`). */
export function issueTax(accessToken: string): Command {
  return {
    type: 'issue_ticket',
    itinerary: [{ serviceIds: ['tax'] }],
    class: 'normal',
    appointment: null,
    accessToken,
  };
}

/** Polls until `check` holds; fails the test with `what` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
