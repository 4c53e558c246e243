import { BrowserWindow, ipcMain, screen, session, type IpcMainInvokeEvent } from 'electron';
import { DISPLAY_CHANNELS } from '../shared/api.js';
import type { DisplayConfig } from '../shared/config.js';
import { readClip } from './files.js';
import { allowPermission, DISPLAY_CSP, displayPageUrl, isTrustedUrl } from './trusted.js';

/*
 * The hall display's window: the hub's /display page full screen on the chosen screen, cursor
 * hidden, sound allowed without a gesture (the command-line switch in index.ts), sandboxed,
 * with nothing but the preload's two calls.
 */

/** How long the shell waits before loading the page again after a failure. */
export const RETRY_MS = 5_000;

export interface ShellOptions {
  config: DisplayConfig & { hubUrl: string };
  configDir: string;
  preloadPath: string;
}

export function createDisplayWindow({
  config,
  configDir,
  preloadPath,
}: ShellOptions): BrowserWindow {
  const displays = screen.getAllDisplays();
  const target = displays[config.screen] ?? screen.getPrimaryDisplay();
  const { x, y, width, height } = target.bounds;
  const win = new BrowserWindow({
    x,
    y,
    width,
    height,
    fullscreen: true,
    kiosk: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#071428',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });

  const hubUrl = config.hubUrl;
  const contents = win.webContents;
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((wc, permission, callback, details) => {
    callback(
      wc === contents &&
        allowPermission(permission, details.requestingUrl, hubUrl, config.audioOutput),
    );
  });
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [DISPLAY_CSP] },
    });
  });
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url, hubUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('did-finish-load', () => {
    void contents.insertCSS('* { cursor: none !important; }');
  });

  /** Only the display page in this window may ask. */
  const fromPage = (event: IpcMainInvokeEvent): boolean =>
    event.sender === contents && isTrustedUrl(event.senderFrame?.url ?? '', hubUrl);
  ipcMain.handle(DISPLAY_CHANNELS.getConfig, (event) => (fromPage(event) ? config : null));
  ipcMain.handle(DISPLAY_CHANNELS.readClip, (event, id: unknown) =>
    fromPage(event) ? readClip(configDir, id) : null,
  );

  // A display starts with the building's power, perhaps before the hub: it keeps trying.
  const load = (): void => void win.loadURL(displayPageUrl(hubUrl)).catch(() => undefined);
  contents.on('did-fail-load', (_event, _code, _description, _url, isMainFrame) => {
    if (isMainFrame) setTimeout(load, RETRY_MS);
  });
  contents.on('render-process-gone', () => load());
  load();
  return win;
}
