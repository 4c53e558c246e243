import { BrowserWindow, ipcMain } from 'electron';
import { pageCsp } from '../../../common/electron/csp.js';
import { keepPageLoaded } from '../../../common/electron/load-page.js';
import { lockDown, secureWebPreferences } from '../../../common/electron/secure-window.js';
import { WINDOW_CHANNELS, type TerminalConfigView } from '../shared/preload-api.js';
import type { TerminalConfig } from './config.js';
import { parseLedContent, parsePadDisplay, type TerminalDevices } from './devices.js';
import { isTrustedUrl, pageUrl } from '../../../common/electron/trusted.js';

/*
 * The terminal's one window: the hub's /window (or /rate) page, sandboxed, with nothing but the
 * preload's few calls. Navigation, new windows, webviews and permission requests are refused;
 * IPC answers only this window's trusted page.
 */

/** Enforced on every response the window loads (the hub sends the same). */
export const TERMINAL_CSP = pageCsp();

export interface ShellOptions {
  config: TerminalConfig;
  devices: TerminalDevices;
  preloadPath: string;
}

export function configView(config: TerminalConfig): TerminalConfigView {
  return {
    page: config.page,
    hubUrl: config.hubUrl,
    serial: config.serial.map(({ path, protocol, baudRate, led, pad }) => ({
      path,
      protocol,
      baudRate,
      led,
      pad,
    })),
  };
}

export function createTerminalWindow({
  config,
  devices,
  preloadPath,
}: ShellOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1600,
    height: 900,
    autoHideMenuBar: true,
    backgroundColor: '#f3f5f8',
    ...(config.page === 'rate' ? { fullscreen: true, kiosk: true } : {}),
    webPreferences: secureWebPreferences(preloadPath, false),
  });
  const { hubUrl, page } = config;
  const contents = win.webContents;
  // Only the trusted page in this window may ask (fromPage).
  const { fromPage } = lockDown(win, {
    csp: TERMINAL_CSP,
    isTrusted: (url) => isTrustedUrl(url, hubUrl, page),
  });

  ipcMain.handle(WINDOW_CHANNELS.config, (event) => (fromPage(event) ? configView(config) : null));
  ipcMain.handle(WINDOW_CHANNELS.deviceStatus, (event) =>
    fromPage(event) ? devices.statuses() : null,
  );
  ipcMain.on(WINDOW_CHANNELS.showLed, (event, content: unknown) => {
    if (!fromPage(event)) return;
    const parsed = parseLedContent(content);
    if (parsed !== null) devices.show(parsed);
  });
  ipcMain.on(WINDOW_CHANNELS.showPad, (event, display: unknown) => {
    if (!fromPage(event)) return;
    const parsed = parsePadDisplay(display);
    if (parsed !== null) devices.showPad(parsed);
  });

  const offKey = devices.onKey((key) => {
    if (!contents.isDestroyed()) contents.send(WINDOW_CHANNELS.padKeyEvent, key);
  });
  const offStatus = devices.onStatus((status) => {
    if (!contents.isDestroyed()) contents.send(WINDOW_CHANNELS.statusEvent, status);
  });
  win.on('closed', () => {
    offKey();
    offStatus();
    ipcMain.removeHandler(WINDOW_CHANNELS.config);
    ipcMain.removeHandler(WINDOW_CHANNELS.deviceStatus);
    ipcMain.removeAllListeners(WINDOW_CHANNELS.showLed);
    ipcMain.removeAllListeners(WINDOW_CHANNELS.showPad);
  });

  // The hub not up yet or restarting: a waiting page and retries; a dead renderer reloads.
  keepPageLoaded(win, { pageUrl: pageUrl(hubUrl, page), hubUrl, theme: 'light' });
  return win;
}
