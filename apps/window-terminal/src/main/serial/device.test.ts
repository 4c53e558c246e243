import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { PadInput, SerialDeviceStatus } from '../../shared/preload-api.js';
import type { PortConfig } from '../config.js';
import { SerialDevice } from './device.js';
import { CMD, encodeFrame, KEY_CODES } from './protocols.js';

/* The device over serialport's own mock binding: the same stream code as a real port. */

// @serialport/binding-mock, as serialport (CommonJS) loads it: an ESM import here would get a
// second instance with its own ports. Use the one SerialPortMock opens with.
const MockBinding = SerialPortMock.binding;

const PATH = '/dev/ttyMOCK0';
const links: SerialPortMock[] = [];
const devices: SerialDevice[] = [];

afterEach(async () => {
  for (const d of devices.splice(0)) await d.stop();
  links.length = 0;
  MockBinding.reset();
});

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function device(config: Partial<PortConfig> = {}) {
  MockBinding.createPort(PATH, { record: true });
  const keys: PadInput[] = [];
  const statuses: SerialDeviceStatus[] = [];
  const dev = new SerialDevice({
    config: {
      path: PATH,
      baudRate: 9600,
      protocol: 'frame68',
      address: 1,
      led: true,
      pad: true,
      ...config,
    },
    openLink: (path, baudRate) => {
      const link = new SerialPortMock({ path, baudRate, autoOpen: false });
      links.push(link);
      return link;
    },
    retryMs: 10,
    quietMs: 20,
  });
  dev.onKey((k) => keys.push(k));
  dev.onStatus((s) => statuses.push(s));
  devices.push(dev);
  dev.start();
  return { dev, keys, statuses };
}

const last = (): SerialPortMock => {
  const link = links.at(-1);
  if (link === undefined) throw new Error('no link');
  return link;
};
const recorded = (): string => Buffer.from(last().port?.recording ?? []).toString('hex');

describe('serial device (mock binding)', () => {
  it('opens, shows the LED content and reads the pad keys', async () => {
    const { dev, keys } = device();
    await waitFor(() => dev.status().state === 'connected', 'connected');
    dev.show({ kind: 'call', number: 'A001' });
    await waitFor(() => recorded().length > 0, 'LED write');
    expect(recorded()).toBe('ff6801010441303031d816');
    last().port?.emitData(
      Buffer.from([
        ...encodeFrame(1, CMD.padKey, Uint8Array.of(KEY_CODES.next)),
        ...encodeFrame(1, CMD.padKey, Uint8Array.of(KEY_CODES.rate2)),
      ]),
    );
    await waitFor(() => keys.length === 2, 'keys');
    expect(keys).toEqual(['next', 'rate2']);
    expect(dev.status()).toMatchObject({ framesOk: 2, framesBad: 0, path: PATH });
  });

  it('ignores and counts garbage, partial frames and bad checksums', async () => {
    const { dev, keys, statuses } = device();
    await waitFor(() => dev.status().state === 'connected', 'connected');
    const good = encodeFrame(1, CMD.padKey, Uint8Array.of(KEY_CODES.recall));
    const bad = Uint8Array.from(good);
    bad[6] = 0x00;
    last().port?.emitData(Buffer.from([0x55, 0xaa, ...bad, ...good.slice(0, 4)]));
    // The half frame is dropped once the line goes quiet.
    await waitFor(() => dev.status().framesBad >= 4, 'bad frames counted');
    expect(keys).toEqual([]);
    last().port?.emitData(Buffer.from(good));
    await waitFor(() => keys.length === 1, 'good key');
    expect(keys).toEqual(['recall']);
    expect(statuses.at(-1)?.framesOk).toBe(1);
  });

  it('reads keys only from a pad and writes only to an LED', async () => {
    const { dev, keys } = device({ pad: false, protocol: 'line' });
    await waitFor(() => dev.status().state === 'connected', 'connected');
    last().port?.emitData(Buffer.from('KEY NEXT\r\n'));
    dev.show({ kind: 'paused' });
    await waitFor(() => recorded().length > 0, 'LED write');
    expect(Buffer.from(last().port?.recording ?? []).toString('latin1')).toBe('PAUSED\r\n');
    expect(keys).toEqual([]);
  });

  it('recovers from unplug and replug, and shows the LED content again', async () => {
    const { dev, statuses } = device();
    await waitFor(() => dev.status().state === 'connected', 'connected');
    dev.show({ kind: 'call', number: 'B012' });
    await waitFor(() => recorded().length > 0, 'first write');
    const first = last();
    // Unplugged: the port goes away and the stream closes.
    MockBinding.reset();
    first.close();
    await waitFor(() => dev.status().state === 'disconnected', 'disconnected');
    // Still gone at the next attempts...
    await waitFor(() => links.length >= 3, 'retries');
    expect(dev.status().state).toBe('disconnected');
    // ... plugged back in.
    MockBinding.createPort(PATH, { record: true });
    await waitFor(() => dev.status().state === 'connected', 'reconnected');
    await waitFor(() => recorded().length > 0, 'write after replug');
    expect(recorded()).toBe(
      Buffer.from(encodeFrame(1, CMD.ledCall, Buffer.from('B012'))).toString('hex'),
    );
    const states = statuses.map((s) => s.state);
    expect(states).toContain('disconnected');
    expect(states.at(-1)).toBe('connected');
  });

  it('reports a missing port and keeps trying', async () => {
    MockBinding.reset();
    const dev = new SerialDevice({
      config: {
        path: '/dev/nothing',
        baudRate: 9600,
        protocol: 'line',
        address: 1,
        led: true,
        pad: false,
      },
      openLink: (path, baudRate) => new SerialPortMock({ path, baudRate, autoOpen: false }),
      retryMs: 10,
    });
    devices.push(dev);
    dev.start();
    await waitFor(() => dev.status().state === 'disconnected', 'disconnected');
    expect(dev.status().detail).toMatch(/nothing|not exist|No such/i);
    await dev.stop();
    expect(dev.status().state).toBe('disabled');
  });
});
