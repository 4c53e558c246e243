import { SerialPortMock } from 'serialport';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WINDOW_CHANNELS } from '../shared/preload-api.js';
import { parseTerminalConfig, type TerminalConfig } from './config.js';
import { CMD, encodeFrame, KEY_CODES } from './serial/protocols.js';

/* The Electron shell with electron faked: what window it makes, what it allows, what it relays. */

type Handler = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Handler>();
  const contentsEvents = new Map<string, Handler>();
  const windowEvents = new Map<string, Handler>();
  const state = {
    windowOptions: null as unknown,
    loaded: '',
    openHandler: null as null | (() => unknown),
    permissionRequest: null as null | Handler,
    permissionCheck: null as null | Handler,
    headers: null as null | Handler,
    sent: [] as { channel: string; value: unknown }[],
  };
  const contents = {
    on: (event: string, h: Handler) => contentsEvents.set(event, h),
    setWindowOpenHandler: (h: () => unknown) => (state.openHandler = h),
    isDestroyed: () => false,
    send: (channel: string, value: unknown) => state.sent.push({ channel, value }),
  };
  class BrowserWindow {
    webContents = contents;
    constructor(options: unknown) {
      state.windowOptions = options;
    }
    loadURL(url: string) {
      state.loaded = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    on(event: string, h: Handler) {
      windowEvents.set(event, h);
    }
  }
  const electron = {
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, h: Handler) => handlers.set(channel, h),
      on: (channel: string, h: Handler) => listeners.set(channel, h),
      removeHandler: (channel: string) => handlers.delete(channel),
      removeAllListeners: (channel: string) => listeners.delete(channel),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Handler) => (state.permissionRequest = h),
        setPermissionCheckHandler: (h: Handler) => (state.permissionCheck = h),
        webRequest: { onHeadersReceived: (h: Handler) => (state.headers = h) },
      },
    },
  };
  return { electron, handlers, listeners, contentsEvents, windowEvents, state, contents };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { createTerminalWindow } = await import('./shell.js');
const { TerminalDevices } = await import('./devices.js');

const HUB = 'http://192.168.1.10:7800';
const PATH = '/dev/ttyFAKE0';
const MockBinding = SerialPortMock.binding;
const links: SerialPortMock[] = [];
let devices: InstanceType<typeof TerminalDevices>;

function config(extra: Record<string, unknown> = {}): TerminalConfig {
  const parsed = parseTerminalConfig({
    hubUrl: HUB,
    serial: [{ path: PATH, protocol: 'frame68', led: true, pad: true }],
    ...extra,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.config;
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeEach(() => {
  fake.handlers.clear();
  fake.listeners.clear();
  fake.contentsEvents.clear();
  fake.state.sent = [];
  MockBinding.createPort(PATH, { record: true });
});
afterEach(async () => {
  await devices.stop();
  links.length = 0;
  MockBinding.reset();
});

function open(cfg = config()) {
  devices = new TerminalDevices(cfg.serial, (path, baudRate) => {
    const link = new SerialPortMock({ path, baudRate, autoOpen: false });
    links.push(link);
    return link;
  });
  devices.start();
  createTerminalWindow({ config: cfg, devices, preloadPath: '/app/dist/preload/preload.cjs' });
}

const page = { sender: fake.contents, senderFrame: { url: `${HUB}/window/` } };
const stranger = { sender: fake.contents, senderFrame: { url: 'http://evil.example/window/' } };
const otherWindow = { sender: {}, senderFrame: { url: `${HUB}/window/` } };

describe('the terminal window', () => {
  it('loads the hub’s page sandboxed, with context isolation and no Node', () => {
    open();
    expect(fake.state.loaded).toBe(`${HUB}/window/`);
    expect(fake.state.windowOptions).toMatchObject({
      webPreferences: {
        preload: '/app/dist/preload/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
      },
    });
  });

  it('waits on a local page while the hub cannot be reached, then loads the page again', () => {
    vi.useFakeTimers();
    try {
      open(config({ page: 'rate' }));
      const failed = fake.contentsEvents.get('did-fail-load');
      failed?.({}, -102, 'ERR_CONNECTION_REFUSED', `${HUB}/rate/`, true);
      const waiting = decodeURIComponent(fake.state.loaded);
      expect(waiting).toMatch(/^data:text\/html/);
      expect(waiting).toContain('正在连接大厅服务器…');
      expect(waiting).toContain('Connecting to the hall server…');
      // Nothing the waiting page sends is answered.
      const fromWaiting = { sender: fake.contents, senderFrame: { url: fake.state.loaded } };
      expect(fake.handlers.get(WINDOW_CHANNELS.config)?.(fromWaiting)).toBeNull();
      vi.runOnlyPendingTimers();
      expect(fake.state.loaded).toBe(`${HUB}/rate/`);
    } finally {
      vi.useRealTimers();
    }
  });

  it('opens the rating pad full screen when configured as one', () => {
    open(config({ page: 'rate' }));
    expect(fake.state.loaded).toBe(`${HUB}/rate/`);
    expect(fake.state.windowOptions).toMatchObject({ fullscreen: true, kiosk: true });
  });

  it('refuses navigation away, new windows, webviews and permissions; enforces the CSP', () => {
    open();
    const prevented = (event: string, url: string): boolean => {
      let stopped = false;
      fake.contentsEvents.get(event)?.({ preventDefault: () => (stopped = true) }, url);
      return stopped;
    };
    expect(prevented('will-navigate', `${HUB}/window/?x=1`)).toBe(false);
    expect(prevented('will-navigate', `${HUB}/admin/`)).toBe(true);
    expect(prevented('will-navigate', 'https://example.com/window/')).toBe(true);
    expect(prevented('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-attach-webview', '')).toBe(true);
    expect(fake.state.openHandler?.()).toEqual({ action: 'deny' });
    const answers: boolean[] = [];
    fake.state.permissionRequest?.({}, 'media', (ok: boolean) => answers.push(ok));
    expect(answers).toEqual([false]);
    expect(fake.state.permissionCheck?.()).toBe(false);
    let headers: unknown;
    fake.state.headers?.({ responseHeaders: {} }, (r: unknown) => (headers = r));
    expect(JSON.stringify(headers)).toContain("script-src 'self'");
  });

  it('answers IPC only from its own trusted page', async () => {
    open();
    const configOf = fake.handlers.get(WINDOW_CHANNELS.config);
    expect(configOf?.(page)).toEqual({
      page: 'window',
      hubUrl: HUB,
      serial: [{ path: PATH, protocol: 'frame68', baudRate: 9600, led: true, pad: true }],
    });
    expect(configOf?.(stranger)).toBeNull();
    expect(configOf?.(otherWindow)).toBeNull();
    await waitFor(() => devices.statuses()[0]?.state === 'connected', 'connected');
    expect(fake.handlers.get(WINDOW_CHANNELS.deviceStatus)?.(page)).toMatchObject([
      { state: 'connected', path: PATH },
    ]);
    expect(fake.handlers.get(WINDOW_CHANNELS.deviceStatus)?.(stranger)).toBeNull();
  });

  it('shows valid LED content only, from its page only', async () => {
    open();
    await waitFor(() => devices.statuses()[0]?.state === 'connected', 'connected');
    const show = fake.listeners.get(WINDOW_CHANNELS.showLed);
    show?.(stranger, { kind: 'call', number: 'A001' });
    show?.(page, { kind: 'call', number: 'A001\r\n' });
    show?.(page, { kind: 'shutdown' });
    show?.(page, { kind: 'call', number: 'B007' });
    const recorded = () => Buffer.from(links.at(-1)?.port?.recording ?? []).toString('hex');
    await waitFor(() => recorded().length > 0, 'LED write');
    expect(recorded()).toBe(
      Buffer.from(encodeFrame(1, CMD.ledCall, Buffer.from('B007'))).toString('hex'),
    );
  });

  it('relays the call pad’s keys and the devices’ status to the page', async () => {
    open();
    await waitFor(() => devices.statuses()[0]?.state === 'connected', 'connected');
    links
      .at(-1)
      ?.port?.emitData(Buffer.from(encodeFrame(1, CMD.padKey, Uint8Array.of(KEY_CODES.pause))));
    await waitFor(
      () => fake.state.sent.some((s) => s.channel === WINDOW_CHANNELS.padKeyEvent),
      'pad key',
    );
    expect(fake.state.sent.filter((s) => s.channel === WINDOW_CHANNELS.padKeyEvent)).toEqual([
      { channel: WINDOW_CHANNELS.padKeyEvent, value: 'pause' },
    ]);
    const statuses = fake.state.sent.filter((s) => s.channel === WINDOW_CHANNELS.statusEvent);
    expect(JSON.stringify(statuses.at(-1)?.value)).toContain('"framesOk":1');
  });

  it('keeps the channel names the preload uses', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('../preload/preload.cts', import.meta.url), 'utf8');
    for (const channel of Object.values(WINDOW_CHANNELS)) expect(source).toContain(`'${channel}'`);
  });
});
