import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import type { SerialLink } from './device.js';

/*
 * A network LED controller (`tcp://host:port`, e.g. an Onbon BX-5E on its port 5005) as a
 * link like a serial port: the device opens, writes, reads and loses it the same way, so it is
 * retried and refreshed after a reconnect exactly as an unplugged USB adapter is.
 */

const CONNECT_TIMEOUT_MS = 3_000;

export class TcpLink extends EventEmitter implements SerialLink {
  private socket: Socket | null = null;
  private open_ = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    super();
  }

  /** `tcp://host:port` → a link, or null for anything else (a serial port's path). */
  static parse(path: string): TcpLink | null {
    const match = /^tcp:\/\/([A-Za-z0-9.-]+):(\d{1,5})$/.exec(path);
    const port = Number(match?.[2]);
    if (!match?.[1] || !(port > 0 && port < 65536)) return null;
    return new TcpLink(match[1], port);
  }

  get isOpen(): boolean {
    return this.open_;
  }

  open(callback: (err: Error | null) => void): void {
    const socket = new Socket();
    this.socket = socket;
    let settled = false;
    const settle = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      socket.setTimeout(0);
      callback(err);
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => {
      socket.destroy();
      settle(new Error(`no answer from ${this.host}:${this.port}`));
    });
    socket.once('connect', () => {
      this.open_ = true;
      settle(null);
    });
    socket.on('data', (chunk: Buffer) => this.emit('data', chunk));
    socket.on('error', (err) => {
      if (!settled) settle(err);
      else this.emit('error', err);
    });
    socket.on('close', () => {
      const was = this.open_;
      this.open_ = false;
      if (was) this.emit('close', new Error('connection closed'));
    });
    socket.connect(this.port, this.host);
  }

  write(data: Uint8Array, callback?: (err: Error | null | undefined) => void): boolean {
    const socket = this.socket;
    if (socket === null || !this.open_) {
      callback?.(new Error('not connected'));
      return false;
    }
    return socket.write(data, (err) => callback?.(err ?? null));
  }

  close(callback?: (err: Error | null) => void): void {
    this.open_ = false;
    const socket = this.socket;
    this.socket = null;
    if (socket === null || socket.destroyed) {
      callback?.(null);
      return;
    }
    socket.once('close', () => callback?.(null));
    socket.destroy();
  }
}
