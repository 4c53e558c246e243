import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built hub's command line (`npm run build` makes it). */
export const HUB_CLI = fileURLToPath(
  new URL('../../packages/hub/bin/onestop-hub.js', import.meta.url),
);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface DemoHubOptions {
  dbPath: string;
  host: string;
  port: number;
  /** The hall clock: starts at `clockStart` (ms) and runs `speed` times as fast as real time. */
  speed: number;
  clockStart: number;
  /** Where the hub's own output goes (null: kept only for errors). */
  echo?: ((line: string) => void) | null;
  /** More of the hub's options (`--region URL --region-code CODE`, say). */
  args?: readonly string[];
}

/**
 * `onestop-hub --demo` in a child process with a fast hall clock (`--clock-speed`,
 * `--clock-start`: development-only options), as the simulator and the bench run it.
 */
export class DemoHub {
  private constructor(
    readonly proc: ChildProcess,
    readonly url: string,
    /** The pages the hub printed, each with its one-time pairing link: display, kiosk, ..., admin. */
    readonly pages: { name: string; url: string }[],
    private readonly exited: Promise<void>,
    readonly output: () => string,
  ) {}

  static async start(options: DemoHubOptions): Promise<DemoHub> {
    const args = [
      HUB_CLI,
      '--demo',
      '--db',
      options.dbPath,
      '--host',
      options.host,
      '--port',
      String(options.port),
      '--backup-every',
      '0',
      '--clock-speed',
      String(options.speed),
      '--clock-start',
      new Date(options.clockStart).toISOString(),
      ...(options.args ?? []),
    ];
    const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    let out = '';
    let partial = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      out = (out + text).slice(-50_000);
      if (options.echo) {
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) options.echo(line);
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    // The demo's start ends with "Press Ctrl+C to stop." once every page link is printed.
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (out.includes('Press Ctrl+C to stop.')) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
      void exited.then(() => {
        clearInterval(timer);
        reject(new Error(`the hub exited before it was ready:\n${out}`));
      });
    });
    const url = /^Listening (http:\/\/\S+)/m.exec(out)?.[1];
    if (!url) throw new Error(`the hub printed no address:\n${out}`);
    const pages = [...out.matchAll(/^ {2}(\S.*?)\s{2,}(http:\/\/\S+)$/gm)].map((m) => ({
      name: m[1] ?? '',
      url: m[2] ?? '',
    }));
    return new DemoHub(proc, url, pages, exited, () => out);
  }

  get pid(): number {
    return this.proc.pid ?? -1;
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
