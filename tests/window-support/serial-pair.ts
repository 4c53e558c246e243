import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { waitFor } from '../support/hall.js';

/*
 * A serial cable between the terminal and an emulated device: a socat pseudo-terminal pair
 * (`socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B`). The terminal opens its end through a
 * link made once socat is up (as udev makes /dev/serial/by-id links when a device is plugged
 * in); the emulator opens the other end with the real serialport binding.
 */

export interface Pair {
  /** The terminal's stable name for its port. */
  terminal: string;
  device: string;
  proc: ChildProcess;
}

export async function socatPair(dir: string): Promise<Pair> {
  const pty = join(dir, 'terminal-pty');
  const device = join(dir, 'device');
  const proc = spawn('socat', [`pty,raw,echo=0,link=${pty}`, `pty,raw,echo=0,link=${device}`], {
    stdio: 'ignore',
  });
  await waitFor(() => existsSync(pty) && existsSync(device), 5_000, 'socat ptys');
  const terminal = join(dir, 'terminal');
  symlinkSync(pty, terminal);
  return { terminal, device, proc };
}

export async function closePair(pair: Pair): Promise<void> {
  if (pair.proc.exitCode === null) {
    const exited = new Promise((resolve) => pair.proc.once('exit', resolve));
    pair.proc.kill('SIGTERM');
    await exited;
  }
  rmSync(pair.terminal, { force: true });
}

/** The device's end of the cable: what the terminal sent, and a way to send it bytes. */
export class FarEnd {
  private readonly chunks: Buffer[] = [];
  private constructor(readonly port: SerialPort) {
    port.on('data', (c: Buffer) => this.chunks.push(c));
    port.on('error', () => undefined);
  }

  static async open(path: string): Promise<FarEnd> {
    const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      port.open((err) => (err ? reject(err) : resolve())),
    );
    return new FarEnd(port);
  }

  received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  write(bytes: Uint8Array | string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.port.write(bytes, (err) => (err ? reject(err) : this.port.drain(() => resolve()))),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) =>
      this.port.isOpen ? this.port.close(() => resolve()) : resolve(),
    );
  }
}
