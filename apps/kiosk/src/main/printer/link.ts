import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { SerialPort } from 'serialport';

/**
 * How bytes reach a thermal printer: a TCP socket (port 9100) or a serial port. (A printer
 * installed in the OS is sent a page instead: `os-printer.ts`.)
 * A connection can write and, where the interface allows, read the printer's status bytes.
 */
export interface PrinterConnection {
  write(bytes: Buffer, timeoutMs: number): Promise<void>;
  /** The next byte from the printer, or null when none comes within the time. */
  readByte(timeoutMs: number): Promise<number | null>;
  close(): Promise<void>;
}

export interface PrinterLink {
  readonly label: string;
  /** Whether the printer's status bytes come back over the link. */
  readonly readsStatus: boolean;
  /** Rejects with `LinkError` when the printer cannot be reached. */
  open(timeoutMs: number): Promise<PrinterConnection>;
}

export class LinkError extends Error {}

/** Drops bytes left over from an earlier exchange, so the next answer is read from its start. */
export async function drainInput(connection: PrinterConnection): Promise<void> {
  while ((await connection.readByte(0)) !== null) {
    // discard
  }
}

/** A connection over any byte stream: a socket or a serial port. */
export function streamConnection(stream: Duplex, close: () => Promise<void>): PrinterConnection {
  const incoming: number[] = [];
  let waiting: ((byte: number | null) => void) | null = null;
  let failed: Error | null = null;
  stream.on('data', (chunk: Buffer) => {
    for (const byte of chunk) incoming.push(byte);
    const next = incoming.shift();
    if (waiting && next !== undefined) {
      const wake = waiting;
      waiting = null;
      wake(next);
    } else if (next !== undefined) {
      incoming.unshift(next);
    }
  });
  stream.on('error', (err) => {
    failed = err;
  });
  return {
    write: (bytes, timeoutMs) =>
      new Promise((resolve, reject) => {
        if (failed) {
          reject(new LinkError(failed.message));
          return;
        }
        const timer = setTimeout(
          () => reject(new LinkError(`writing took longer than ${timeoutMs} ms`)),
          timeoutMs,
        );
        stream.write(bytes, (err) => {
          clearTimeout(timer);
          if (err) reject(new LinkError(err.message));
          else resolve();
        });
      }),
    readByte: (timeoutMs) =>
      new Promise((resolve) => {
        const next = incoming.shift();
        if (next !== undefined) {
          resolve(next);
          return;
        }
        const timer = setTimeout(() => {
          waiting = null;
          resolve(null);
        }, timeoutMs);
        waiting = (byte) => {
          clearTimeout(timer);
          resolve(byte);
        };
      }),
    close,
  };
}

/** A network printer: a raw TCP connection, usually to port 9100. */
export function tcpLink(host: string, port: number): PrinterLink {
  return {
    label: `tcp://${host}:${port}`,
    readsStatus: true,
    open: (timeoutMs) =>
      new Promise((resolve, reject) => {
        const socket = connect({ host, port });
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new LinkError(`no connection to ${host}:${port} within ${timeoutMs} ms`));
        }, timeoutMs);
        socket.once('error', (err) => {
          clearTimeout(timer);
          reject(new LinkError(err.message));
        });
        socket.once('connect', () => {
          clearTimeout(timer);
          socket.removeAllListeners('error');
          const closed = new Promise<void>((done) => socket.once('close', () => done()));
          resolve(
            streamConnection(socket, async () => {
              socket.end();
              // A printer that never closes its side is not waited for.
              const timer = setTimeout(() => socket.destroy(), 1_000);
              await closed;
              clearTimeout(timer);
            }),
          );
        });
      }),
  };
}

/** A printer on a serial port (or a USB-serial adapter). */
export function serialLink(path: string, baudRate: number): PrinterLink {
  return {
    label: `serial:${path}@${baudRate}`,
    readsStatus: true,
    open: (timeoutMs) =>
      new Promise((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        let settled = false;
        const timer = setTimeout(() => {
          settled = true;
          reject(new LinkError(`${path} did not open within ${timeoutMs} ms`));
        }, timeoutMs);
        // The port of the previous job may still be held for a moment after its close (the
        // kernel's lock on a tty): a busy port is tried again until the deadline; a port that
        // does not exist is offline at once.
        const attempt = (): void => {
          const port = new SerialPort({ path, baudRate, autoOpen: false });
          port.open((err) => {
            if (settled) {
              if (!err) port.close(() => undefined);
              return;
            }
            if (err) {
              const missing = /ENOENT|No such file/i.test(err.message);
              if (missing || Date.now() + 50 >= deadline) {
                settled = true;
                clearTimeout(timer);
                reject(new LinkError(err.message));
                return;
              }
              setTimeout(attempt, 50);
              return;
            }
            settled = true;
            clearTimeout(timer);
            resolve(
              streamConnection(
                port,
                () =>
                  new Promise((done) => {
                    port.drain(() => port.close(() => done()));
                  }),
              ),
            );
          });
        };
        attempt();
      }),
  };
}
