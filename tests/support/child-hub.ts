import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './build.js';

/* `onestop-hub` (the built bundle, see ensureBuilt) as a child process, for tests that kill it. */

export const CLI = join(ROOT, 'packages/hub/bin/onestop-hub.js');

/** Every child started here and not yet seen to exit, so a failed test still ends them. */
const live = new Set<ChildProcess>();

/** Raised when the port asked for was taken; the caller may try again. */
export class PortTakenError extends Error {}

export interface ChildHubOptions {
  dbPath: string;
  /** 0 picks a free port. */
  port: number;
  /** Extra arguments after `--db --demo --port --host --backup-every 0`. */
  extraArgs?: readonly string[];
  startTimeoutMs?: number;
  /** A hall file for `--config` instead of `--demo`. */
  hallFile?: string;
  /** Added to the child's environment. */
  env?: Readonly<Record<string, string>>;
}

/** One running `onestop-hub --demo` child listening on 127.0.0.1. */
export class ChildHub {
  private readonly exited: Promise<void>;

  private constructor(
    readonly child: ChildProcess,
    readonly output: { stdout: string; stderr: string },
    readonly port: number,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get stdout(): string {
    return this.output.stdout;
  }

  get stderr(): string {
    return this.output.stderr;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Starts the hub and resolves once it has printed its whole start (the last line is
   * "Press Ctrl+C to stop."). A port that is taken rejects with PortTakenError.
   */
  static start(options: ChildHubOptions): Promise<ChildHub> {
    const args = [
      CLI,
      '--db',
      options.dbPath,
      ...(options.hallFile ? ['--config', options.hallFile] : ['--demo']),
      '--port',
      String(options.port),
      '--host',
      '127.0.0.1',
      '--backup-every',
      '0',
      ...(options.extraArgs ?? []),
    ];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    live.add(child);
    child.once('exit', () => live.delete(child));
    const output = { stdout: '', stderr: '' };
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (d: string) => (output.stdout += d));
    child.stderr?.on('data', (d: string) => (output.stderr += d));
    const timeoutMs = options.startTimeoutMs ?? 15_000;
    return new Promise((resolve, reject) => {
      const done = (fn: () => void) => {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        child.off('exit', onExit);
        fn();
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        done(() => reject(new Error(`the hub did not start within ${timeoutMs} ms:\n${all()}`)));
      }, timeoutMs);
      const all = () => `${output.stdout}\n${output.stderr}`;
      const check = () => {
        const port = /^Listening http:\/\/127\.0\.0\.1:(\d+)$/m.exec(output.stdout)?.[1];
        if (port && output.stdout.includes('Press Ctrl+C to stop.')) {
          done(() => resolve(new ChildHub(child, output, Number(port))));
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        done(() =>
          reject(
            /already in use/.test(output.stderr)
              ? new PortTakenError(output.stderr.trim())
              : new Error(`the hub exited (${code ?? signal ?? '?'}) while starting:\n${all()}`),
          ),
        );
      };
      child.stdout?.on('data', check);
      child.once('exit', onExit);
    });
  }

  /**
   * Starts the hub on `port`, trying again while something else holds the port (a killed
   * hub's port is normally free at once; another program may take it in between).
   */
  static async restart(options: ChildHubOptions & { attempts?: number }): Promise<ChildHub> {
    const attempts = options.attempts ?? 50;
    for (let i = 1; ; i++) {
      try {
        return await ChildHub.start(options);
      } catch (err) {
        if (!(err instanceof PortTakenError) || i >= attempts) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** SIGKILL: no shutdown code runs, as in a crash. Resolves once the process is gone. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Kills every child hub still running (for afterEach/afterAll, whatever the test did). */
export async function killAllChildHubs(): Promise<void> {
  const children = [...live];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
