import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * A second load beside the bench (`--busy`): what a hall PC's other programs do to the hub. One
 * process keeps a core busy computing; another writes to the same disk, a megabyte at a time,
 * each followed by an fsync (a browser's cache, an antivirus scan, a backup). Both stop when the
 * bench ends. The figures of a `--busy` run read against a run without it say what moves.
 */
const CPU = `
const until = () => {
  // Hash work in slices, so that a SIGTERM is seen between them.
  let x = 0;
  const end = Date.now() + 50;
  while (Date.now() < end) x = (x * 1103515245 + 12345) % 2147483648;
  setImmediate(until);
  return x;
};
until();
`;

const DISK = `
const { openSync, writeSync, fsyncSync, ftruncateSync } = require('node:fs');
const file = process.argv[1];
const fd = openSync(file, 'w');
const chunk = Buffer.alloc(1 << 20, 7);
let written = 0;
const step = () => {
  writeSync(fd, chunk, 0, chunk.length, written);
  fsyncSync(fd);
  written += chunk.length;
  if (written >= 64 << 20) { ftruncateSync(fd, 0); written = 0; }
  setTimeout(step, 5);
};
step();
`;

export class BusyLoad {
  private constructor(private readonly children: ChildProcess[]) {}

  static start(dir: string): BusyLoad {
    const cpu = spawn(process.execPath, ['-e', CPU], { stdio: 'ignore' });
    const disk = spawn(process.execPath, ['-e', DISK, join(dir, 'busy-disk.bin')], {
      stdio: 'ignore',
    });
    return new BusyLoad([cpu, disk]);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  }
}
