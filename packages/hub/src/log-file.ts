import {
  accessSync,
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

/** The log folder cannot be made or written. */
export class LogFileError extends Error {}

export interface LogFileOptions {
  /** Folder of the log; made if missing. */
  dir: string;
  /** The file is rotated before a line would take it past this size. */
  maxBytes: number;
  /** Rotated files kept beside the current one: `<name>.1` (newest) ... `<name>.<keep>`. */
  keep: number;
  /** Default `onestop-hub.log`. */
  name?: string;
}

/**
 * An append-only log file rotated by size: `onestop-hub.log` is renamed `onestop-hub.log.1`
 * (and `.1` to `.2`, ...; the oldest beyond `keep` is removed) before a line would take it past
 * `maxBytes`. Lines are written synchronously, so the last ones before a crash are on disk.
 */
export class RotatingLog {
  readonly file: string;
  private fd: number;
  private size: number;

  private constructor(
    private readonly opts: Required<LogFileOptions>,
    fd: number,
  ) {
    this.file = join(opts.dir, opts.name);
    this.fd = fd;
    this.size = fstatSync(fd).size;
  }

  static open(options: LogFileOptions): RotatingLog {
    const opts = { name: 'onestop-hub.log', ...options };
    if (!(opts.maxBytes >= 1024)) throw new RangeError(`maxBytes must be >= 1024`);
    if (!Number.isInteger(opts.keep) || opts.keep < 0) throw new RangeError(`keep must be >= 0`);
    const file = join(opts.dir, opts.name);
    let fd: number;
    try {
      mkdirSync(opts.dir, { recursive: true });
      accessSync(opts.dir, constants.W_OK);
      fd = openSync(file, 'a');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new LogFileError(`the log folder ${opts.dir} cannot be written (${code})`);
    }
    return new RotatingLog(opts, fd);
  }

  /** Appends one entry: `<ISO time> <level> <text>`; text of several lines stays together. */
  write(level: string, text: string): void {
    // Blank lines printed for the terminal's sake would be entries without text.
    const trimmed = text.replace(/^\n+|\n+$/g, '');
    if (trimmed === '') return;
    const line = `${new Date().toISOString()} ${level} ${trimmed}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.opts.maxBytes) this.rotate();
    writeSync(this.fd, line);
    this.size += bytes;
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }

  private rotate(): void {
    closeSync(this.fd);
    const { keep } = this.opts;
    if (keep === 0) {
      rmSync(this.file, { force: true });
    } else {
      rmSync(`${this.file}.${keep}`, { force: true });
      for (let i = keep - 1; i >= 1; i--) {
        try {
          renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }
      renameSync(this.file, `${this.file}.1`);
    }
    this.fd = openSync(this.file, 'a');
    this.size = 0;
  }
}

/**
 * Copies everything the hub prints with `console` into the log (it is still printed, for a
 * terminal or journald). A failing log write never stops the hub: it is said once on stderr.
 * Returns a function that puts `console` back.
 */
export function teeConsole(log: RotatingLog): () => void {
  const levels = ['log', 'info', 'warn', 'error'] as const;
  type Print = (...args: unknown[]) => void;
  const original: Record<(typeof levels)[number], Print> = {
    log: console.log,
    info: console.info,
    warn: console.warn,
    error: console.error,
  };
  let broken = false;
  for (const level of levels) {
    const print = original[level];
    console[level] = (...args: unknown[]) => {
      print(...args);
      if (broken) return;
      try {
        log.write(level === 'log' ? 'info' : level, format(...args));
      } catch (err) {
        broken = true;
        original.error(`onestop-hub: writing the log ${log.file} failed: ${String(err)}`);
      }
    };
  }
  return () => {
    for (const level of levels) console[level] = original[level];
  };
}
