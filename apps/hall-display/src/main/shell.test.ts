import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DISPLAY_CHANNELS } from '../shared/api.js';
import { DEFAULT_DISPLAY_CONFIG } from '../shared/config.js';

/* The Electron shell with electron faked: what window it makes and what it allows. */

type Handler = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const handlers = new Map<string, Handler>();
  const contentsEvents = new Map<string, Handler>();
  const state = {
    windowOptions: null as unknown,
    loaded: '' as string,
    loads: 0,
    css: [] as string[],
    openHandler: null as null | (() => unknown),
    permissionRequest: null as null | Handler,
    permissionCheck: null as null | Handler,
    headers: null as null | Handler,
  };
  const contents = {
    on: (event: string, h: Handler) => contentsEvents.set(event, h),
    setWindowOpenHandler: (h: () => unknown) => (state.openHandler = h),
    insertCSS: (css: string) => {
      state.css.push(css);
      return Promise.resolve('');
    },
  };
  class BrowserWindow {
    webContents = contents;
    constructor(options: unknown) {
      state.windowOptions = options;
    }
    isDestroyed() {
      return false;
    }
    loadURL(url: string) {
      state.loaded = url;
      state.loads += 1;
      return Promise.resolve();
    }
  }
  const electron = {
    BrowserWindow,
    ipcMain: { handle: (channel: string, h: Handler) => handlers.set(channel, h) },
    screen: {
      getAllDisplays: () => [
        { bounds: { x: 0, y: 0, width: 1920, height: 1080 } },
        { bounds: { x: 1920, y: 0, width: 3840, height: 2160 } },
      ],
      getPrimaryDisplay: () => ({ bounds: { x: 0, y: 0, width: 1920, height: 1080 } }),
    },
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

const { createDisplayWindow } = await import('./shell.js');
const { readDisplayConfig } = await import('./files.js');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'onestop-display-'));
  fake.handlers.clear();
  fake.contentsEvents.clear();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const HUB = 'http://192.168.1.10:7800';

function open(screenIndex = 1, audioOutput: string | null = null) {
  const config = { ...DEFAULT_DISPLAY_CONFIG, hubUrl: HUB, screen: screenIndex, audioOutput };
  createDisplayWindow({ config, configDir: dir, preloadPath: '/app/dist/preload/preload.cjs' });
  return config;
}

const pageEvent = (url = `${HUB}/display/`) => ({ sender: fake.contents, senderFrame: { url } });

describe('the display shell', () => {
  it('opens the hub’s display page full screen on the chosen screen, sandboxed', () => {
    open(1);
    expect(fake.state.windowOptions).toMatchObject({
      x: 1920,
      y: 0,
      width: 3840,
      height: 2160,
      fullscreen: true,
      kiosk: true,
      webPreferences: {
        preload: '/app/dist/preload/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webviewTag: false,
      },
    });
    expect(fake.state.loaded).toBe(`${HUB}/display/`);
  });

  it('waits on a local page and loads again when the hub is not up yet, or crashed', () => {
    vi.useFakeTimers();
    try {
      fake.state.loads = 0;
      open();
      expect(fake.state.loads).toBe(1);
      const failed = fake.contentsEvents.get('did-fail-load');
      failed?.({}, -102, 'ERR_CONNECTION_REFUSED', `${HUB}/display/`, false);
      vi.runAllTimers();
      expect(fake.state.loads).toBe(1); // a frame inside the page: not the page itself
      failed?.({}, -102, 'ERR_CONNECTION_REFUSED', `${HUB}/display/`, true);
      // The waiting page, dark like the board, says it in both languages.
      expect(fake.state.loads).toBe(2);
      const waiting = decodeURIComponent(fake.state.loaded);
      expect(waiting).toMatch(/^data:text\/html/);
      expect(waiting).toContain('正在连接大厅服务器…');
      expect(waiting).toContain('Connecting to the hall server…');
      expect(waiting).toContain('#071428');
      vi.runOnlyPendingTimers();
      expect(fake.state.loads).toBe(3);
      expect(fake.state.loaded).toBe(`${HUB}/display/`);
      fake.contentsEvents.get('render-process-gone')?.({}, { reason: 'crashed' });
      expect(fake.state.loads).toBe(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('falls back to the primary screen when the chosen one is not there', () => {
    open(7);
    expect(fake.state.windowOptions).toMatchObject({ x: 0, width: 1920 });
  });

  it('hides the cursor once the page has loaded', () => {
    open();
    fake.contentsEvents.get('did-finish-load')?.();
    expect(fake.state.css.join('')).toContain('cursor: none');
  });

  it('denies navigation away, new windows, webviews and every permission; sets the CSP', () => {
    open();
    const navigate = fake.contentsEvents.get('will-navigate');
    const stay = { preventDefault: vi.fn() };
    navigate?.(stay, `${HUB}/display/?x=1`);
    expect(stay.preventDefault).not.toHaveBeenCalled();
    const away = { preventDefault: vi.fn() };
    navigate?.(away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalled();
    const admin = { preventDefault: vi.fn() };
    navigate?.(admin, `${HUB}/admin/`);
    expect(admin.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    fake.contentsEvents.get('will-attach-webview')?.(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(fake.state.openHandler?.()).toEqual({ action: 'deny' });
    const answer = vi.fn();
    const page = { requestingUrl: `${HUB}/display/` };
    fake.state.permissionRequest?.(fake.contents, 'media', answer, page);
    // No sound output is configured: choosing one is refused too.
    fake.state.permissionRequest?.(fake.contents, 'speaker-selection', answer, page);
    expect(answer.mock.calls).toEqual([[false], [false]]);
    expect(fake.state.permissionCheck?.()).toBe(false);
    const headers = vi.fn();
    fake.state.headers?.({ responseHeaders: {} }, headers);
    expect(JSON.stringify(headers.mock.calls[0])).toContain("script-src 'self'");
  });

  it('lets the page choose the configured sound output, and nothing more', () => {
    open(0, 'hdmi-audio-1');
    const answer = vi.fn();
    const ask = (permission: string, url = `${HUB}/display/`, wc: unknown = fake.contents) =>
      fake.state.permissionRequest?.(wc, permission, answer, { requestingUrl: url });
    ask('speaker-selection');
    ask('speaker-selection', 'https://evil.example/display/');
    ask('speaker-selection', `${HUB}/display/`, {});
    ask('media');
    expect(answer.mock.calls).toEqual([[true], [false], [false], [false]]);
  });

  it('answers the page’s two calls, and only the page’s', async () => {
    const config = open();
    const getConfig = fake.handlers.get(DISPLAY_CHANNELS.getConfig);
    const readClip = fake.handlers.get(DISPLAY_CHANNELS.readClip);
    expect(getConfig?.(pageEvent())).toEqual(config);
    expect(getConfig?.(pageEvent('https://evil.example/display/'))).toBeNull();
    expect(getConfig?.({ sender: {}, senderFrame: { url: `${HUB}/display/` } })).toBeNull();

    mkdirSync(join(dir, 'voice', 'zh'), { recursive: true });
    writeFileSync(join(dir, 'voice', 'zh', 'qing.wav'), Buffer.from('RIFF....WAVE'));
    expect(await readClip?.(pageEvent(), 'zh/qing')).toEqual(
      new Uint8Array(Buffer.from('RIFF....WAVE')),
    );
    expect(await readClip?.(pageEvent(), 'zh/digit-1')).toBeNull();
    expect(await readClip?.(pageEvent(), '../display')).toBeNull();
    expect(await readClip?.(pageEvent(), '/etc/passwd')).toBeNull();
    expect(await readClip?.(pageEvent('http://other:7800/display/'), 'zh/qing')).toBeNull();
  });
});

describe('display.json', () => {
  it('is the defaults with the local hub when missing, and names wrong fields', async () => {
    expect((await readDisplayConfig(dir)).config).toEqual({
      ...DEFAULT_DISPLAY_CONFIG,
      hubUrl: 'http://127.0.0.1:7800',
    });
    writeFileSync(
      join(dir, 'display.json'),
      JSON.stringify({ hubUrl: HUB, repeats: 9, windows: ['w1'] }),
    );
    const { config, problems } = await readDisplayConfig(dir);
    expect(config).toMatchObject({ hubUrl: HUB, repeats: 2, windows: ['w1'] });
    expect(problems).toEqual(['repeats: a whole number from 1 to 5']);
    writeFileSync(join(dir, 'display.json'), '{ not json');
    expect((await readDisplayConfig(dir)).problems[0]).toMatch(/^display\.json: SyntaxError/);
  });
});
