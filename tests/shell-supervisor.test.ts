import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { supervise } from '../apps/common/electron/supervisor.js';
import { waitFor } from './support/hall.js';

/*
 * The shells' watchdog with a stand-in app (a Node script): it dies twice and is brought back
 * each time; a deliberate quit (exit 0) ends the watch; stopping the watch stops the app.
 */

const dir = mkdtempSync(join(tmpdir(), 'onestop-supervisor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Counts its starts in a file; crashes the first `crashes` times, then runs until killed or told. */
const APP = `
const fs = require('node:fs');
const [count, crashes, quit] = process.argv.slice(1);
const n = (fs.existsSync(count) ? Number(fs.readFileSync(count, 'utf8')) : 0) + 1;
fs.writeFileSync(count, String(n));
if (n <= Number(crashes)) process.exit(3);
const tick = setInterval(() => { if (fs.existsSync(quit)) { clearInterval(tick); process.exit(0); } }, 20);
`;

function app(name: string, crashes: number) {
  const count = join(dir, `${name}.count`);
  const quit = join(dir, `${name}.quit`);
  const args = ['-e', APP, count, String(crashes), quit];
  const starts = () => (existsSync(count) ? Number(readFileSync(count, 'utf8')) : 0);
  return { args, starts, quit: () => writeFileSync(quit, '') };
}

describe('the shells’ supervisor', () => {
  it('brings a dying app back, and ends the watch when the app quits deliberately', async () => {
    const a = app('crashy', 2);
    const log: string[] = [];
    const watch = supervise({
      command: process.execPath,
      args: a.args,
      minDelayMs: 20,
      maxDelayMs: 40,
      log: (l) => log.push(l),
    });
    await waitFor(() => a.starts() === 3, 10_000, 'two restarts');
    expect(watch.starts).toBe(3);
    expect(log.filter((l) => l.includes('code 3'))).toHaveLength(2);
    a.quit();
    await watch.done;
    expect(watch.starts).toBe(3);
    expect(log.at(-1)).toMatch(/not restarting/);
  });

  it('brings back an app that is killed, and stops it when told to', async () => {
    const a = app('killed', 0);
    const watch = supervise({
      command: process.execPath,
      args: a.args,
      minDelayMs: 20,
      log: () => undefined,
    });
    await waitFor(() => a.starts() === 1 && watch.pid !== null, 10_000, 'started');
    // The main process dies hard (the OS killed it, a native crash): it comes back.
    const pid = watch.pid;
    if (pid === null) throw new Error('no app running');
    process.kill(pid, 'SIGKILL');
    await waitFor(() => a.starts() === 2 && watch.pid !== null, 10_000, 'restarted');
    await watch.stop();
    expect(watch.pid).toBeNull();
    await new Promise((r) => setTimeout(r, 100));
    expect(a.starts()).toBe(2);
  });
});
