import { spawn, type ChildProcess } from 'node:child_process';
import { HUB_CLI, ROOT } from './paths.js';
import { cpuMs, rssBytes } from './util.js';

/** What `ServerChild.spawnServer` found out about a server it started. */
interface Spawned {
  proc: ChildProcess;
  url: string;
  spawnedAt: number;
  listeningAt: number;
  healthyAt: number;
  exited: Promise<void>;
  output: string;
}

/** A server in a child process that prints `Listening http://HOST:PORT` when it listens. */
export class ServerChild {
  private output: string;

  readonly proc: ChildProcess;
  readonly url: string;
  /** performance.now() when the process was spawned, printed its `Listening` line, first answered `healthPath`. */
  readonly spawnedAt: number;
  readonly listeningAt: number;
  readonly healthyAt: number;
  private readonly exited: Promise<void>;

  protected constructor(s: Spawned) {
    this.proc = s.proc;
    this.url = s.url;
    this.spawnedAt = s.spawnedAt;
    this.listeningAt = s.listeningAt;
    this.healthyAt = s.healthyAt;
    this.exited = s.exited;
    this.output = s.output;
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    s.proc.stdout?.on('data', keep);
    s.proc.stderr?.on('data', keep);
  }

  /**
   * Spawns `node ...args` and waits for its `Listening` line, then for the first answer of GET
   * `healthPath`. The time from spawn to that answer is the start time.
   */
  protected static async spawnServer(args: string[], healthPath: string): Promise<Spawned> {
    const spawnedAt = performance.now();
    const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    let output = '';
    let listeningAt = 0;
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        const m = /^Listening (http:\/\/\S+)/m.exec(output);
        if (m?.[1]) {
          listeningAt ||= performance.now();
          resolve(m[1]);
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      void exited.then(() =>
        reject(new Error(`${args.join(' ')} exited before listening:\n${output}`)),
      );
    });
    proc.stdout?.removeAllListeners('data');
    proc.stderr?.removeAllListeners('data');
    const res = await fetch(`${url}${healthPath}`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${healthPath} answered ${res.status}`);
    return { proc, url, spawnedAt, listeningAt, healthyAt: performance.now(), exited, output };
  }

  get pid(): number {
    if (this.proc.pid === undefined) throw new Error('the child has no pid');
    return this.proc.pid;
  }

  /** From spawn to the first successful health answer, in ms. */
  get startMs(): number {
    return this.healthyAt - this.spawnedAt;
  }

  get log(): string {
    return this.output;
  }

  memory(): { rss: number; hwm: number } {
    return rssBytes(this.pid);
  }

  cpuMs(): number {
    return cpuMs(this.pid);
  }

  /** SIGTERM (the hub closes its sockets and its database), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * The hub as it runs in a hall: `onestop-hub --demo` (its bundle) in its own process, on
 * 127.0.0.1 and a free port, with the backup schedule off so no backup runs mid-measurement.
 */
export class HubChild extends ServerChild {
  static async start(options: {
    dbPath: string;
    nodeArgs?: string[];
    /** The command's file: HUB_CLI (default) or HUB_CLI_UNBUNDLED. */
    cli?: string;
    /** 0 (default): any free port; a port to restart a hub where its clients expect it. */
    port?: number;
    /** `--durability` (the hub's default, async, unless given). */
    durability?: 'inline' | 'async';
    /** `--message-rate` (development only): each connection's messages a second; the hall's 100. */
    messagesPerS?: number;
  }): Promise<HubChild> {
    const s = await ServerChild.spawnServer(
      [
        ...(options.nodeArgs ?? []),
        options.cli ?? HUB_CLI,
        '--demo',
        '--db',
        options.dbPath,
        '--port',
        String(options.port ?? 0),
        '--host',
        '127.0.0.1',
        '--backup-every',
        '0',
        ...(options.durability ? ['--durability', options.durability] : []),
        ...(options.messagesPerS ? ['--message-rate', String(options.messagesPerS)] : []),
      ],
      '/api/health',
    );
    return new HubChild(s);
  }
}

/** Node's own floor for "start and answer": a bare HTTP server in `node -e`, nothing loaded. */
const BARE_SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"status":"ok"}');
});
server.listen(0, '127.0.0.1', () => console.log('Listening http://127.0.0.1:' + server.address().port));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
`;

export class BareNodeChild extends ServerChild {
  static async start(): Promise<BareNodeChild> {
    const s = await ServerChild.spawnServer(['-e', BARE_SERVER], '/api/health');
    return new BareNodeChild(s);
  }
}
