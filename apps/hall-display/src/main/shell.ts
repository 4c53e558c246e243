import { BrowserWindow, ipcMain, screen } from 'electron';
import { keepPageLoaded } from '../../../common/electron/load-page.js';
import { lockDown, secureWebPreferences } from '../../../common/electron/secure-window.js';
import { isTrustedUrl, pageUrl } from '../../../common/electron/trusted.js';
import { DISPLAY_CHANNELS } from '../shared/api.js';
import type { DisplayConfig } from '../shared/config.js';
import { readClip } from './files.js';
import { allowPermission, DISPLAY_CSP } from './permission.js';

/*
 * The hall display's window: the hub's /display page full screen on the chosen screen, cursor
 * hidden, sound allowed without a gesture (the command-line switch in index.ts), sandboxed,
 * with nothing but the preload's two calls.
 */

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
    webPreferences: secureWebPreferences(preloadPath, false),
  });

  const hubUrl = config.hubUrl;
  const contents = win.webContents;
  const { fromPage } = lockDown(win, {
    csp: DISPLAY_CSP,
    isTrusted: (url) => isTrustedUrl(url, hubUrl, 'display'),
    // Only choosing the configured sound output (see allowPermission).
    allowPermission: (permission, requestingUrl) =>
      allowPermission(permission, requestingUrl, hubUrl, config.audioOutput),
  });
  contents.on('did-finish-load', () => {
    void contents.insertCSS('* { cursor: none !important; }');
  });

  // Only the display page in this window may ask (fromPage).
  ipcMain.handle(DISPLAY_CHANNELS.getConfig, (event) => (fromPage(event) ? config : null));
  ipcMain.handle(DISPLAY_CHANNELS.readClip, (event, id: unknown) =>
    fromPage(event) ? readClip(configDir, id) : null,
  );

  // A display starts with the building's power, perhaps before the hub: it keeps trying.
  keepPageLoaded(win, { pageUrl: pageUrl(hubUrl, 'display'), hubUrl, theme: 'dark' });
  return win;
}
