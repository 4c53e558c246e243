import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialDevice } from '../apps/window-terminal/src/main/serial/device.js';
import type { PortConfig } from '../apps/window-terminal/src/main/config.js';
import { waitFor } from './support/hall.js';
import { BxScreen, bxTcpController } from './window-support/bx-emulator.js';
import { closePair, FarEnd, socatPair } from './window-support/serial-pair.js';

/*
 * A Chinese LED window screen on an Onbon BX-5K/6K controller, emulated: over a serial line
 * (socat pair, the real serialport binding; RS-485 adapters are serial ports to the terminal)
 * and over TCP on 127.0.0.1 (the network cards). The emulator decodes the frames back into
 * the GB2312 text the screen would show.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const window3 = { number: 3, name: { zh: '企业开办', en: 'Business start-up' } };

function device(path: string, screen?: PortConfig['screen']): SerialDevice {
  const dev = new SerialDevice({
    config: {
      path,
      baudRate: 9600,
      protocol: 'onbon-bx5k',
      address: 1,
      led: true,
      pad: false,
      ...(screen ? { screen } : {}),
    },
    retryMs: 50,
  });
  cleanups.push(() => dev.stop());
  dev.start();
  return dev;
}

describe('an Onbon BX LED screen', () => {
  it('over a serial line: the call, paused and the window’s name, in GB2312, moving when too wide', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onestop-bx-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const pair = await socatPair(dir);
    cleanups.push(() => closePair(pair));
    const dev = device(pair.terminal, {
      lang: 'zh',
      width: 256,
      height: 32,
      scroll: 'auto',
      speed: 4,
    });
    await waitFor(() => dev.status().state === 'connected', 5_000, 'connected');
    const far = await FarEnd.open(pair.device);
    cleanups.push(() => far.close());
    const screen = new BxScreen();
    far.port.on('data', (chunk: Buffer) => screen.push(chunk));

    dev.show({ kind: 'call', number: 'A001', window: window3 });
    await waitFor(() => screen.shown.length === 1, 5_000, 'the call shown');
    expect(screen.last).toMatchObject({
      address: 1,
      text: '请 A001 号 到 3 号窗口',
      displayMode: 0x01,
      width: 256,
      height: 32,
    });
    dev.show({ kind: 'paused', window: window3 });
    await waitFor(() => screen.shown.length === 2, 5_000, 'paused shown');
    expect(screen.last?.text).toBe('暂停服务');
    const long = {
      number: 12,
      name: { zh: '住房公积金及社会保障综合业务受理窗口', en: 'Provident fund' },
    };
    dev.show({ kind: 'idle', window: long });
    await waitFor(() => screen.shown.length === 3, 5_000, 'idle shown');
    expect(screen.last).toMatchObject({
      text: '住房公积金及社会保障综合业务受理窗口',
      displayMode: 0x03,
    });
    // No brightness in the config: the controller keeps its own, nothing is sent for it.
    expect(screen.brightness).toEqual([]);
    expect(screen.bad).toBe(0);
  });

  it('over TCP: shown, and shown again after the controller drops the connection', async () => {
    const screen = new BxScreen();
    const controller = await bxTcpController(screen);
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const s of controller.sockets) s.destroy();
          controller.server.close(() => resolve());
        }),
    );
    const dev = device(`tcp://127.0.0.1:${controller.port}`, {
      lang: 'zh',
      width: 128,
      height: 32,
      scroll: 'auto',
      speed: 4,
      brightness: 6,
    });
    await waitFor(() => dev.status().state === 'connected', 5_000, 'connected');
    await waitFor(() => screen.brightness.length === 1, 5_000, 'the brightness set');
    expect(screen.brightness).toEqual([{ address: 1, level: 6 }]);
    dev.show({ kind: 'call', number: 'B012', window: window3 });
    await waitFor(() => screen.shown.length === 1, 5_000, 'the call shown');
    // 128 dots wide by default: the sentence does not fit and moves.
    expect(screen.last).toMatchObject({ text: '请 B012 号 到 3 号窗口', displayMode: 0x03 });

    for (const s of controller.sockets) s.destroy();
    await waitFor(() => dev.status().state !== 'connected', 5_000, 'connection lost');
    await waitFor(() => dev.status().state === 'connected', 5_000, 'reconnected');
    await waitFor(() => screen.shown.length === 2, 5_000, 'shown again');
    expect(screen.last?.text).toBe('请 B012 号 到 3 号窗口');
    // A controller that lost power lost its setting too: the brightness goes again first.
    expect(screen.brightness).toEqual([
      { address: 1, level: 6 },
      { address: 1, level: 6 },
    ]);
    expect(screen.bad).toBe(0);
  });
});
