import { BrowserWindow, ipcMain, Menu, session, type IpcMainInvokeEvent } from 'electron';
import { KIOSK_CHANNELS, type PrinterState, type PrintResult } from '../shared/api.js';
import { configView, type KioskConfig } from './config.js';
import { PrintableTicketSchema } from './printing.js';
import type { PrintService } from './printer/service.js';
import { isTrustedUrl, kioskPageUrl } from './trusted.js';

/*
 * The kiosk's window: the hub's /kiosk page full screen, no menu, sandboxed, nothing allowed
 * but the preload's three calls, and reloaded when its renderer dies.
 */

export const KIOSK_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

export interface ShellOptions {
  config: KioskConfig;
  preloadPath: string;
  /** null: no printer configured. */
  printer: PrintService | null;
  /** True in an unpackaged (development) build: only then may dev tools open. */
  development: boolean;
}

export function createKioskWindow({
  config,
  preloadPath,
  printer,
  development,
}: ShellOptions): BrowserWindow {
  Menu.setApplicationMenu(null);
  const landscape = config.orientation === 'landscape';
  const win = new BrowserWindow({
    width: landscape ? 1920 : 1080,
    height: landscape ? 1080 : 1920,
    fullscreen: true,
    kiosk: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#f3f5f8',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      devTools: development && config.devTools,
    },
  });

  const hubUrl = config.hubUrl;
  const contents = win.webContents;
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [KIOSK_CSP] },
    });
  });
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url, hubUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url, hubUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // A crashed or killed renderer: the kiosk must come back by itself.
  contents.on('render-process-gone', () => {
    if (!win.isDestroyed()) void win.loadURL(kioskPageUrl(hubUrl));
  });
  contents.on('unresponsive', () => contents.reload());

  /** Only the kiosk page in this window may ask. */
  const fromPage = (event: IpcMainInvokeEvent): boolean =>
    event.sender === contents && isTrustedUrl(event.senderFrame?.url ?? '', hubUrl);

  ipcMain.handle(KIOSK_CHANNELS.config, (event) => (fromPage(event) ? configView(config) : null));
  ipcMain.handle(KIOSK_CHANNELS.printerStatus, async (event): Promise<PrinterState | null> => {
    if (!fromPage(event)) return null;
    return printer ? printer.status() : 'offline';
  });
  ipcMain.handle(
    KIOSK_CHANNELS.printTicket,
    async (event, raw: unknown): Promise<PrintResult | null> => {
      if (!fromPage(event)) return null;
      const parsed = PrintableTicketSchema.safeParse(raw);
      if (!parsed.success) {
        return {
          ok: false,
          state: 'ok',
          message: `not a ticket: ${parsed.error.issues[0]?.message ?? ''}`,
        };
      }
      if (!printer) return { ok: false, state: 'offline', message: 'no printer configured' };
      return printer.print(parsed.data);
    },
  );

  void win.loadURL(kioskPageUrl(hubUrl));
  return win;
}
