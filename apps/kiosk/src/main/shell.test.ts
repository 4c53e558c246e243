import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KIOSK_CHANNELS, type PrintableTicket } from '../shared/api.js';
import { FakeTcpPrinter } from '../../../../tests/kiosk-support/fake-printer.js';
import { parseKioskConfig, type KioskConfig } from './config.js';
import { PrintService } from './printer/service.js';
import { tcpLink } from './printer/link.js';

/* The Electron shell with electron faked: the window it makes, what it refuses, its IPC. */

type Handler = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const handlers = new Map<string, Handler>();
  const contentsEvents = new Map<string, Handler>();
  const state = {
    destroyed: false,
    windowOptions: null as unknown,
    loaded: [] as string[],
    reloads: 0,
    menu: 'unset' as unknown,
    openHandler: null as null | (() => unknown),
    permissionRequest: null as null | Handler,
    permissionCheck: null as null | Handler,
    headers: null as null | Handler,
  };
  const contents = {
    on: (event: string, h: Handler) => contentsEvents.set(event, h),
    setWindowOpenHandler: (h: () => unknown) => (state.openHandler = h),
    reload: () => (state.reloads += 1),
  };
  class BrowserWindow {
    webContents = contents;
    constructor(options: unknown) {
      state.windowOptions = options;
    }
    isDestroyed() {
      return state.destroyed;
    }
    loadURL(url: string) {
      state.loaded.push(url);
      return Promise.resolve();
    }
  }
  const electron = {
    BrowserWindow,
    Menu: { setApplicationMenu: (menu: unknown) => (state.menu = menu) },
    ipcMain: { handle: (channel: string, h: Handler) => handlers.set(channel, h) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Handler) => (state.permissionRequest = h),
        setPermissionCheckHandler: (h: Handler) => (state.permissionCheck = h),
        webRequest: { onHeadersReceived: (h: Handler) => (state.headers = h) },
      },
    },
  };
  return { electron, handlers, contentsEvents, state, contents };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { createKioskWindow, KIOSK_CSP } = await import('./shell.js');
const { RETRY_MAX_MS, RETRY_MIN_MS } = await import('../../../common/electron/load-page.js');

const HUB = 'http://192.168.1.10:7800';
const TICKET: PrintableTicket = {
  hall: { zh: '示范市政务服务中心', en: 'Demo City Government Service Center' },
  notice: { zh: '', en: '' },
  number: 'A001',
  service: { zh: '企业开办', en: 'Business start-up' },
  priority: false,
  peopleAhead: 0,
  estimateMinutes: 0,
  issuedAt: Date.UTC(2026, 10, 26, 2, 5),
  statusUrl: `${HUB}/t/abcdefghijklmnopqrstuvwxyz012345`,
};

function config(extra: Record<string, unknown> = {}): KioskConfig {
  const parsed = parseKioskConfig({ hubUrl: HUB, ...extra });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.config;
}

let printer: FakeTcpPrinter;
beforeEach(async () => {
  fake.handlers.clear();
  fake.contentsEvents.clear();
  fake.state.loaded = [];
  printer = await FakeTcpPrinter.start();
});
afterEach(async () => {
  await printer.close();
});

function open(
  options: { development?: boolean; config?: KioskConfig; withPrinter?: boolean } = {},
) {
  const service = new PrintService(tcpLink('127.0.0.1', printer.port), {
    commandSet: 'epson',
    paperWidthMm: 80,
    languages: ['zh', 'en'],
    timezone: 'Asia/Shanghai',
  });
  createKioskWindow({
    config: options.config ?? config(),
    preloadPath: '/app/dist/preload/preload.cjs',
    printer: options.withPrinter === false ? null : service,
    development: options.development ?? false,
  });
}

const fromPage = { sender: fake.contents, senderFrame: { url: `${HUB}/kiosk/` } };
const invoke = (channel: string, event: unknown, ...args: unknown[]): unknown => {
  const handler = fake.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(event, ...args);
};

describe('the kiosk window', () => {
  it('is a sandboxed full-screen kiosk without a menu, loading the hub’s kiosk page', () => {
    open({ config: config({ orientation: 'landscape' }) });
    expect(fake.state.windowOptions).toMatchObject({
      width: 1920,
      height: 1080,
      fullscreen: true,
      kiosk: true,
      webPreferences: {
        preload: '/app/dist/preload/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webviewTag: false,
        devTools: false,
      },
    });
    expect(fake.state.menu).toBeNull();
    expect(fake.state.loaded).toEqual([`${HUB}/kiosk/`]);
  });

  it('opens dev tools only in development and when the config asks', () => {
    open({ development: false, config: config({ devTools: true }) });
    expect(fake.state.windowOptions).toMatchObject({ webPreferences: { devTools: false } });
    open({ development: true, config: config({ devTools: true }) });
    expect(fake.state.windowOptions).toMatchObject({ webPreferences: { devTools: true } });
  });

  it('denies navigation elsewhere, new windows, webviews and permissions', () => {
    open();
    const nav = (event: string, url: string) => {
      const preventDefault = vi.fn();
      fake.contentsEvents.get(event)?.({ preventDefault }, url);
      return preventDefault.mock.calls.length > 0;
    };
    expect(nav('will-navigate', 'https://example.com/')).toBe(true);
    expect(nav('will-navigate', `${HUB}/kiosk/?x=1`)).toBe(false);
    expect(nav('will-redirect', 'http://192.168.1.10:8000/')).toBe(true);
    expect(nav('will-attach-webview', `${HUB}/kiosk/`)).toBe(true);
    expect(fake.state.openHandler?.()).toEqual({ action: 'deny' });
    const answer = vi.fn();
    fake.state.permissionRequest?.({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect(fake.state.permissionCheck?.()).toBe(false);
    const headers = vi.fn();
    fake.state.headers?.({ responseHeaders: { 'X-A': ['b'] } }, headers);
    expect(headers).toHaveBeenCalledWith({
      responseHeaders: { 'X-A': ['b'], 'Content-Security-Policy': [KIOSK_CSP] },
    });
  });

  it('reloads the page when its renderer dies or hangs', () => {
    open();
    fake.contentsEvents.get('render-process-gone')?.({}, { reason: 'crashed' });
    expect(fake.state.loaded).toEqual([`${HUB}/kiosk/`, `${HUB}/kiosk/`]);
    fake.contentsEvents.get('unresponsive')?.();
    expect(fake.state.reloads).toBeGreaterThan(0);
  });
});

describe('the kiosk IPC', () => {
  it('answers only the kiosk page of its own window', async () => {
    open();
    const other = { sender: {}, senderFrame: { url: `${HUB}/kiosk/` } };
    const elsewhere = { sender: fake.contents, senderFrame: { url: 'https://example.com/' } };
    for (const event of [other, elsewhere]) {
      expect(await invoke(KIOSK_CHANNELS.config, event)).toBeNull();
      expect(await invoke(KIOSK_CHANNELS.printerStatus, event)).toBeNull();
      expect(await invoke(KIOSK_CHANNELS.printTicket, event, TICKET)).toBeNull();
      expect(await invoke(KIOSK_CHANNELS.readCard, event)).toBeNull();
    }
    expect(printer.printed.length).toBe(0);
    expect(await invoke(KIOSK_CHANNELS.config, fromPage)).toEqual({
      hubUrl: HUB,
      orientation: 'portrait',
      paperWidthMm: null,
      stopWhenPrinterFails: false,
      idCardReader: false,
    });
    // No reader configured: the page is told so, and never a card.
    expect(await invoke(KIOSK_CHANNELS.readCard, fromPage)).toEqual({
      kind: 'error',
      error: 'no_reader',
    });
  });

  it('prints a ticket on the printer and reads its state', async () => {
    open();
    printer.state = 'paper_near_end';
    expect(await invoke(KIOSK_CHANNELS.printerStatus, fromPage)).toBe('paper_near_end');
    expect(await invoke(KIOSK_CHANNELS.printTicket, fromPage, TICKET)).toEqual({ ok: true });
    expect(printer.printed.length).toBeGreaterThan(0);
    printer.state = 'paper_out';
    expect(await invoke(KIOSK_CHANNELS.printTicket, fromPage, TICKET)).toMatchObject({
      ok: false,
      state: 'paper_out',
    });
  });

  it('refuses what is not a ticket, and says when there is no printer', async () => {
    open();
    const bad = await invoke(KIOSK_CHANNELS.printTicket, fromPage, { ...TICKET, number: '<b>' });
    expect(bad).toMatchObject({ ok: false });
    expect(printer.printed.length).toBe(0);
    open({ withPrinter: false });
    expect(await invoke(KIOSK_CHANNELS.printTicket, fromPage, TICKET)).toMatchObject({
      ok: false,
      state: 'offline',
    });
    expect(await invoke(KIOSK_CHANNELS.printerStatus, fromPage)).toBe('offline');
  });
});

describe('the kiosk started before the hub', () => {
  const PAGE = `${HUB}/kiosk/`;
  const event = (name: string, ...args: unknown[]) => fake.contentsEvents.get(name)?.({}, ...args);
  const refused = () => event('did-fail-load', -102, 'ERR_CONNECTION_REFUSED', PAGE, true);
  const last = () => fake.state.loaded.at(-1) ?? '';
  const waitingText = () =>
    decodeURIComponent(last().replace(/^data:text\/html;charset=utf-8,/, ''));

  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows a local waiting page in both languages, then loads the page again', () => {
    open();
    expect(fake.state.loaded).toEqual([PAGE]);
    refused();
    expect(last()).toMatch(/^data:text\/html/);
    const html = waitingText();
    expect(html).toContain('正在连接大厅服务器…');
    expect(html).toContain('Connecting to the hall server…');
    expect(html).toContain(HUB);
    // No script and nothing fetched: it satisfies the window's CSP and needs no hub.
    expect(html).not.toMatch(/<script|src=|href=/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    vi.advanceTimersByTime(RETRY_MIN_MS);
    expect(last()).toBe(PAGE);
    expect(fake.state.loaded.length).toBe(3);
  });

  it('waits longer after each failure, up to a limit, and starts over once the page loads', () => {
    open();
    const retryAfter = (ms: number) => {
      refused();
      expect(last()).toMatch(/^data:/);
      vi.advanceTimersByTime(ms - 1);
      expect(last()).toMatch(/^data:/);
      vi.advanceTimersByTime(1);
      expect(last()).toBe(PAGE);
    };
    retryAfter(RETRY_MIN_MS);
    retryAfter(RETRY_MIN_MS * 2);
    retryAfter(RETRY_MIN_MS * 4);
    for (let i = 0; i < 5; i++) {
      refused();
      vi.advanceTimersByTime(RETRY_MAX_MS);
    }
    retryAfter(RETRY_MAX_MS);
    // The hub is up: the page loads, and the next failure waits the shortest time again.
    event('did-navigate', PAGE, 200, 'OK');
    retryAfter(RETRY_MIN_MS);
  });

  it('treats a hub error page as a failure; ignores frames, aborted loads and the waiting page', () => {
    open();
    event('did-navigate', PAGE, 502, 'Bad Gateway');
    expect(last()).toMatch(/^data:/);
    vi.advanceTimersByTime(RETRY_MIN_MS);
    expect(last()).toBe(PAGE);
    const count = fake.state.loaded.length;
    event('did-fail-load', -102, 'ERR_CONNECTION_REFUSED', `${HUB}/kiosk/frame`, false);
    event('did-fail-load', -3, 'ERR_ABORTED', PAGE, true);
    event('did-fail-load', -2, 'ERR_FAILED', 'data:text/html,x', true);
    vi.runOnlyPendingTimers();
    expect(fake.state.loaded.length).toBe(count);
    // Two failures reported for one load: one retry.
    refused();
    refused();
    vi.runOnlyPendingTimers();
    const after = fake.state.loaded.slice(count);
    expect(after.length).toBe(2);
    expect(after[0]).toMatch(/^data:/);
    expect(after[1]).toBe(PAGE);
  });

  it('gives the waiting page nothing: no navigation away, no IPC', async () => {
    open();
    refused();
    const preventDefault = vi.fn();
    fake.contentsEvents.get('will-navigate')?.({ preventDefault }, 'https://example.com/');
    expect(preventDefault).toHaveBeenCalled();
    const fromWaiting = { sender: fake.contents, senderFrame: { url: last() } };
    expect(await invoke(KIOSK_CHANNELS.config, fromWaiting)).toBeNull();
    expect(await invoke(KIOSK_CHANNELS.printTicket, fromWaiting, TICKET)).toBeNull();
  });

  it('stops trying once the window is closed', () => {
    open();
    refused();
    const count = fake.state.loaded.length;
    fake.state.destroyed = true;
    try {
      vi.runOnlyPendingTimers();
      expect(fake.state.loaded.length).toBe(count);
    } finally {
      fake.state.destroyed = false;
    }
  });
});
