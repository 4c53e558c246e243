import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/*
 * The watchdog of an unattended shell: runs the app and starts it again when its main process
 * dies (a crash, a kill, an exit code other than 0), after 1 s, doubling up to 30 s while it
 * keeps dying young (up for less than a minute). An exit with code 0 is a deliberate quit (the
 * window closed by staff, a terminal refusing its config after saying why) and ends the watch.
 * SIGTERM/SIGINT to the supervisor stop the app and the watch.
 *
 * Shipped inside each shell (dist/common/electron/supervisor.js) and run by the shell's own
 * binary as Node, so no other runtime is needed:
 *   ELECTRON_RUN_AS_NODE=1 <app> <resources>/app/dist/common/electron/supervisor.js -- <app>
 * docs/HARDWARE.md says how each OS starts it at login.
 */

export interface SuperviseOptions {
  command: string;
  args: readonly string[];
  /** First delay before a restart, and its cap. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Up this long, a process counts as healthy: the next restart waits the first delay again. */
  healthyAfterMs?: number;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface Supervision {
  /** How many times the app was started. */
  readonly starts: number;
  /** The running app's process id, or null between runs. */
  readonly pid: number | null;
  /** Stops the app and the watch; resolves when the app is gone. */
  stop(): Promise<void>;
  /** Resolves when the watch ends (a deliberate quit, or `stop`). */
  readonly done: Promise<void>;
}

export function supervise(options: SuperviseOptions): Supervision {
  const minDelay = options.minDelayMs ?? 1_000;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const healthyAfter = options.healthyAfterMs ?? 60_000;
  const log = options.log ?? ((line: string) => console.error(line));
  let child: ChildProcess | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let delay = minDelay;
  let stopped = false;
  let starts = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));

  const start = (): void => {
    timer = null;
    if (stopped) return;
    starts++;
    const startedAt = Date.now();
    const proc = spawn(options.command, [...options.args], {
      stdio: 'inherit',
      env: options.env ?? process.env,
    });
    child = proc;
    proc.on('error', (err) => log(`supervisor: cannot start ${options.command}: ${err.message}`));
    proc.on('exit', (code, signal) => {
      child = null;
      if (stopped) {
        finish();
        return;
      }
      if (code === 0) {
        log('supervisor: the app quit; not restarting');
        stopped = true;
        finish();
        return;
      }
      if (Date.now() - startedAt >= healthyAfter) delay = minDelay;
      log(`supervisor: the app ended (${signal ?? `code ${String(code)}`}); again in ${delay} ms`);
      timer = setTimeout(start, delay);
      delay = Math.min(delay * 2, maxDelay);
    });
  };
  start();

  return {
    get starts() {
      return starts;
    },
    get pid() {
      return child?.pid ?? null;
    },
    done,
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      const running = child;
      if (running === null) finish();
      else running.kill('SIGTERM');
      await done;
    },
  };
}

/** `supervisor.js -- <command> [args…]` */
function main(argv: readonly string[]): void {
  const at = argv.indexOf('--');
  const [command, ...args] = at >= 0 ? argv.slice(at + 1) : [];
  if (command === undefined) {
    console.error('usage: supervisor.js -- <app> [args…]');
    process.exitCode = 2;
    return;
  }
  const watch = supervise({ command, args });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void watch.stop());
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
