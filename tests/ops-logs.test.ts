import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RotatingLog, teeConsole } from '@onestop/hub';
import { CHECKOUT_CLI, demoServeArgs, hubSuite, runCli, startHub } from './support/ops-cli.js';

let dir: string;

hubSuite('onestop-logs-', (d) => (dir = d));
beforeAll(() => chmodSync(dir, 0o755)); // the unprivileged run below must reach its files

const ENTRY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z (info|warn|error) /;

describe('the log file', () => {
  it('rotates by size and keeps the newest files, lines in order', () => {
    const logs = join(dir, 'rotation');
    const log = RotatingLog.open({ dir: logs, maxBytes: 2048, keep: 2 });
    const total = 200;
    for (let i = 0; i < total; i++)
      log.write('info', `line ${String(i).padStart(4, '0')} ${'x'.repeat(40)}`);
    log.close();
    const names = ['onestop-hub.log.2', 'onestop-hub.log.1', 'onestop-hub.log'];
    expect(existsSync(join(logs, 'onestop-hub.log.3'))).toBe(false);
    const lines: string[] = [];
    for (const name of names) {
      const text = readFileSync(join(logs, name), 'utf8');
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2048);
      lines.push(...text.trimEnd().split('\n'));
    }
    for (const line of lines) expect(line).toMatch(ENTRY);
    const numbers = lines.map((l) => Number(/line (\d+)/.exec(l)?.[1]));
    // Oldest to newest across the three files, consecutive, ending with the last one written.
    expect(numbers.at(-1)).toBe(total - 1);
    expect(numbers).toEqual(numbers.map((_, i) => total - numbers.length + i));
    expect(numbers.length).toBeGreaterThan(30);

    // Opening again appends to the current file; keep 0 keeps no rotated file.
    const again = RotatingLog.open({ dir: logs, maxBytes: 2048, keep: 0, name: 'other.log' });
    for (let i = 0; i < 100; i++) again.write('warn', 'y'.repeat(60));
    again.close();
    expect(existsSync(join(logs, 'other.log.1'))).toBe(false);
    expect(readFileSync(join(logs, 'other.log'), 'utf8').length).toBeLessThanOrEqual(2048);
  });

  it('copies console output into the file and still prints it', () => {
    const logs = join(dir, 'tee');
    const log = RotatingLog.open({ dir: logs, maxBytes: 1 << 20, keep: 1 });
    const printed: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => printed.push(args);
    const restore = teeConsole(log);
    try {
      console.error('backup failed: %s', 'disk full', { code: 28 });
    } finally {
      restore();
      console.error = original;
      log.close();
    }
    expect(printed).toEqual([['backup failed: %s', 'disk full', { code: 28 }]]);
    expect(readFileSync(log.file, 'utf8')).toMatch(
      /Z error backup failed: disk full \{ code: 28 \}\n$/,
    );
  });

  it('onestop-hub --log-dir writes the start and the errors to onestop-hub.log', async () => {
    const logs = join(dir, 'hub-logs');
    const db = join(dir, 'hall.sqlite');
    const hub = await startHub(
      CHECKOUT_CLI,
      demoServeArgs(db, ['--log-dir', logs, '--log-size', '1', '--log-keep', '3']),
      { cwd: dir },
    );
    expect(await hub.stop()).toBe(0);
    const text = readFileSync(join(logs, 'onestop-hub.log'), 'utf8');
    expect(text).toMatch(/Z info OneStop hub \d+\.\d+\.\d+/);
    expect(text).toContain(`Listening ${hub.url}`);
    expect(text).toMatch(/Z info onestop-hub: SIGTERM, stopping\n/);
    expect(text).toMatch(/Z info Press Ctrl\+C to stop\.\n/);
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(ENTRY);

    // A wrong hall file: refused, and said in the log as on the terminal.
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "hall": ');
    const r = runCli(CHECKOUT_CLI, ['--config', bad, '--db', db, '--log-dir', logs], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not valid JSON/);
    expect(readFileSync(join(logs, 'onestop-hub.log'), 'utf8')).toMatch(
      /Z error onestop-hub: .*bad\.json is not a valid hall configuration/,
    );
  });
});

describe('clear refusals (exit code 2)', () => {
  it('names a folder that cannot be made', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const cases: [string[], RegExp][] = [
      [
        demoServeArgs(join(file, 'hall.sqlite')),
        /the database folder .*a-file cannot be written \(E/,
      ],
      [
        demoServeArgs(join(dir, 'ok.sqlite'), ['--backup-dir', join(file, 'backups')]),
        /the backups folder .*a-file\/backups cannot be written \(E/,
      ],
      [
        demoServeArgs(join(dir, 'ok.sqlite'), ['--log-dir', join(file, 'logs')]),
        /the log folder .*a-file\/logs cannot be written \(E/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = runCli(CHECKOUT_CLI, args, { cwd: dir });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('names a folder it is not allowed to write (as an unprivileged user)', () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    chmodSync(locked, 0o555);
    // Root may write anywhere: as root the hub runs as nobody here, as a hall's service would
    // run as its own user.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    for (const [args, message] of [
      [
        demoServeArgs(join(locked, 'hall.sqlite')),
        /the database folder .*locked cannot be written \(EACCES\)/,
      ],
      [
        demoServeArgs(join(dir, 'nobody.sqlite'), ['--backup-dir', locked]),
        /the backups folder .*locked cannot be written \(EACCES\)/,
      ],
    ] as const) {
      const r = runAs(args, asUser);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});

/** Runs the CLI as `user` (nobody, when the tests run as root). */
function runAs(
  args: readonly string[],
  user: { uid?: number; gid?: number },
): { status: number | null; stderr: string } {
  const [node, cli] = CHECKOUT_CLI;
  // The user must be able to make its own files beside the test's (the folder is ours).
  chmodSync(dir, 0o777);
  try {
    const r = spawnSync(node, [cli, ...args], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 30_000,
      ...user,
    });
    return { status: r.status, stderr: r.stderr };
  } finally {
    chmodSync(dir, 0o755);
  }
}
