import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialDevice } from '../apps/window-terminal/src/main/serial/device.js';
import {
  CMD,
  encodeFrame,
  KEY_CODES,
  type ProtocolName,
} from '../apps/window-terminal/src/main/serial/protocols.js';
import type { PadInput } from '../apps/window-terminal/src/shared/preload-api.js';
import { waitFor } from './support/hall.js';

/*
 * The window terminal's serial devices through socat pseudo-terminal pairs: the terminal opens
 * one end with the real serialport binding, the test plays the LED screen and call pad on the
 * other. Killing socat is an unplug; starting it again on the same names is a replug. The
 * terminal opens a link to its pty made by the test, as udev makes /dev/serial/by-id links
 * when a device is plugged in.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Pair {
  terminal: string;
  device: string;
  proc: ChildProcess;
}

async function socat(dir: string): Promise<Pair> {
  const terminal = join(dir, 'terminal-pty');
  const device = join(dir, 'device');
  const proc = spawn(
    'socat',
    [`pty,raw,echo=0,link=${terminal}`, `pty,raw,echo=0,link=${device}`],
    { stdio: 'ignore' },
  );
  await waitFor(() => existsSync(terminal) && existsSync(device), 5_000, 'socat ptys');
  return { terminal, device, proc };
}

async function unplug(pair: Pair): Promise<void> {
  const exited = new Promise((resolve) => pair.proc.once('exit', resolve));
  pair.proc.kill('SIGTERM');
  await exited;
  rmSync(byId(pair), { force: true });
}

/** The stable name of the terminal's port ("plugged in" once it exists). */
const byId = (pair: Pair): string => join(pair.terminal, '..', 'terminal');
const plugIn = (pair: Pair): void => symlinkSync(pair.terminal, byId(pair));

/** The emulated hardware: the far end of the pair, recording what the terminal sends. */
async function hardware(path: string): Promise<{ port: SerialPort; received: () => Buffer }> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const chunks: Buffer[] = [];
  port.on('data', (c: Buffer) => chunks.push(c));
  port.on('error', () => undefined);
  cleanups.push(
    () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  );
  return { port, received: () => Buffer.concat(chunks) };
}

async function setup(protocol: ProtocolName) {
  const dir = mkdtempSync(join(tmpdir(), 'onestop-serial-'));
  const pair = await socat(dir);
  const state = { pair };
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(async () => {
    if (state.pair.proc.exitCode === null) await unplug(state.pair);
  });
  plugIn(pair);
  const dev = new SerialDevice({
    config: { path: byId(pair), baudRate: 9600, protocol, address: 1, led: true, pad: true },
    retryMs: 50,
    // A message split across two writes must not be dropped as "gone quiet" between them: on a
    // loaded machine the second write can come tens of milliseconds after the first (socat is a
    // process of its own). Only the frame68 test waits for a quiet line, once.
    quietMs: 1_000,
  });
  const keys: PadInput[] = [];
  dev.onKey((k) => keys.push(k));
  cleanups.push(() => dev.stop());
  dev.start();
  await waitFor(() => dev.status().state === 'connected', 5_000, 'connected');
  return { dir, state, dev, keys };
}

const write = (port: SerialPort, bytes: Uint8Array | string) =>
  new Promise<void>((resolve, reject) =>
    port.write(bytes, (err) => (err ? reject(err) : port.drain(() => resolve()))),
  );

describe('serial devices through socat', () => {
  it('frame68: shows the call on the LED and reads the pad; garbage and bad frames are not acted on', async () => {
    const { state, dev, keys } = await setup('frame68');
    const hw = await hardware(state.pair.device);
    dev.show({ kind: 'call', number: 'A001' });
    await waitFor(() => hw.received().length >= 11, 5_000, 'LED frame');
    expect(hw.received().toString('hex')).toBe('ff6801010441303031d816');

    const good = encodeFrame(1, CMD.padKey, Uint8Array.of(KEY_CODES.next));
    const badSum = Uint8Array.from(encodeFrame(1, CMD.padKey, Uint8Array.of(KEY_CODES.finish)));
    badSum[6] = (badSum[6] ?? 0) ^ 0xff;
    await write(hw.port, Buffer.from([0x00, 0x42, 0x99]));
    await write(hw.port, badSum);
    await write(hw.port, good.slice(0, 4));
    // The rest of a frame is never glued to a half one that went quiet.
    await waitFor(() => dev.status().framesBad >= 5, 5_000, 'bad frames counted');
    await write(hw.port, good);
    await write(hw.port, encodeFrame(1, CMD.padKey, Uint8Array.of(KEY_CODES.rate4)));
    await waitFor(() => keys.length >= 2, 5_000, 'keys');
    expect(keys).toEqual(['next', 'rate4']);
    expect(dev.status().framesOk).toBe(2);
  });

  it('line: the default protocol both ways', async () => {
    const { state, dev, keys } = await setup('line');
    const hw = await hardware(state.pair.device);
    dev.show({ kind: 'paused' });
    await waitFor(() => hw.received().includes('\n'), 5_000, 'LED line');
    expect(hw.received().toString('latin1')).toBe('PAUSED\r\n');
    await write(hw.port, 'noise\r\nKEY RECALL\r\nKEY PA');
    await write(hw.port, 'USE\nKEY FINISH\n');
    await waitFor(() => keys.length >= 3, 5_000, 'keys');
    expect(keys).toEqual(['recall', 'pause', 'finish']);
    expect(dev.status().framesBad).toBe(5);
  });

  it('recovers from unplug and replug, and shows the LED content again', async () => {
    const { dir, state, dev, keys } = await setup('frame68');
    dev.show({ kind: 'closed' });
    await unplug(state.pair);
    // The port's end is noticed when the serial poller reads EIO: seconds on a loaded machine
    // (the unit suite runs two files at a time beside the crash test's hubs).
    await waitFor(() => dev.status().state === 'disconnected', 20_000, 'disconnected');

    state.pair = await socat(dir);
    const hw = await hardware(state.pair.device);
    plugIn(state.pair);
    await waitFor(() => dev.status().state === 'connected', 20_000, 'reconnected');
    // What the LED showed before the unplug is sent again by itself.
    const closed = Buffer.from(encodeFrame(1, CMD.ledClosed)).toString('hex');
    await waitFor(() => hw.received().toString('hex').includes(closed), 5_000, 'LED re-sent');
    dev.show({ kind: 'call', number: 'C007' });
    await waitFor(() => hw.received().length >= 11, 5_000, 'LED after replug');
    expect(hw.received().subarray(-11).toString('hex')).toBe(
      Buffer.from(encodeFrame(1, CMD.ledCall, Buffer.from('C007'))).toString('hex'),
    );
    await write(hw.port, encodeFrame(1, CMD.padKey, Uint8Array.of(KEY_CODES.recall)));
    await waitFor(() => keys.length === 1, 5_000, 'key after replug');
    expect(keys).toEqual(['recall']);
  });
});
