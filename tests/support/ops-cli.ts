import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ensureBuilt, ROOT } from './build.js';

/* Runs `onestop-hub` as an operator would: a command that ends, or a hub that keeps running. */

/** The `onestop-hub` command of this checkout: its bundle (ensureBuilt() and hubSuite() make it). */
export const CHECKOUT_CLI = [
  process.execPath,
  join(ROOT, 'packages/hub/bin/onestop-hub.js'),
] as const;

/** The arguments of a demo hall on a free port of 127.0.0.1 with no timed backups, then `extra`. */
export function demoServeArgs(db: string, extra: readonly string[] = []): string[] {
  return [
    '--demo',
    '--db',
    db,
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--backup-every',
    '0',
    ...extra,
  ];
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `cli` is the command and its first arguments, e.g. CHECKOUT_CLI or [installed bin]. */
export function runCli(
  cli: readonly string[],
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv } = { cwd: ROOT },
): RunResult {
  const [command, ...first] = cli;
  const r = spawnSync(command ?? 'false', [...first, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface RunningHub {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** SIGTERM, then resolves with the exit code. */
  stop: () => Promise<number | null>;
  /** SIGKILL, as in a crash or a power cut. */
  kill: () => Promise<void>;
}

const live = new Set<ChildProcess>();

/** Starts a hub and resolves once it has printed "Press Ctrl+C to stop." (over HTTP or HTTPS). */
export function startHub(
  cli: readonly string[],
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = { cwd: ROOT },
): Promise<RunningHub> {
  const [command, ...first] = cli;
  const child = spawn(command ?? 'false', [...first, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d: string) => (out += d));
  child.stderr.on('data', (d: string) => (out += d));
  const timeoutMs = options.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the hub did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const check = () => {
      const url = /^Listening (https?:\/\/\S+)$/m.exec(out)?.[1];
      if (url && out.includes('Press Ctrl+C to stop.')) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve({
          child,
          url,
          output: () => out,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
          kill: async () => {
            child.kill('SIGKILL');
            await exited;
          },
        });
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited (${code}) while starting:\n${out}`));
    });
  });
}

/** Kills every hub started here that is still running (for afterEach). */
export async function killHubs(): Promise<void> {
  await Promise.all(
    [...live].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/**
 * The set-up of a suite that runs `onestop-hub`: before it, builds the hub and gives `onFolder`
 * a new temporary folder named from `prefix`; after each test, kills the hubs left running;
 * after the suite, removes the folder.
 */
export function hubSuite(prefix: string, onFolder: (dir: string) => void): void {
  let dir: string | null = null;
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), prefix));
    onFolder(dir);
  }, 120_000);
  afterEach(killHubs);
  afterAll(() => {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  });
}
