import { BrowserWindow, ipcMain, Menu } from 'electron';
import { pageCsp } from '../../../common/electron/csp.js';
import { keepPageLoaded } from '../../../common/electron/load-page.js';
import { lockDown, secureWebPreferences } from '../../../common/electron/secure-window.js';
import { isTrustedUrl, pageUrl } from '../../../common/electron/trusted.js';
import {
  KIOSK_CHANNELS,
  type CardReadView,
  type PrinterState,
  type PrintResult,
} from '../shared/api.js';
import { configView, type KioskConfig } from './config.js';
import { PrintableTicketSchema } from './printing.js';
import type { CardService } from './idcard/service.js';
import type { TicketPrinter } from './printer/service.js';

/*
 * The kiosk's window: the hub's /kiosk page full screen, no menu, sandboxed, nothing allowed
 * but the preload's four calls; a waiting page and retries while the hub cannot be reached,
 * and reloaded when its renderer dies (keepPageLoaded).
 */

export const KIOSK_CSP = pageCsp();

export interface ShellOptions {
  config: KioskConfig;
  preloadPath: string;
  /** null: no printer configured. */
  printer: TicketPrinter | null;
  /** null or absent: no ID card reader configured. */
  cardReader?: CardService | null;
  /** True in an unpackaged (development) build: only then may dev tools open. */
  development: boolean;
}

export function createKioskWindow({
  config,
  preloadPath,
  printer,
  cardReader = null,
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
    webPreferences: secureWebPreferences(preloadPath, development && config.devTools),
  });

  const hubUrl = config.hubUrl;
  const contents = win.webContents;
  const { fromPage } = lockDown(win, {
    csp: KIOSK_CSP,
    isTrusted: (url) => isTrustedUrl(url, hubUrl, 'kiosk'),
  });
  contents.on('unresponsive', () => contents.reload());

  // Only the kiosk page in this window may ask (fromPage).
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

  ipcMain.handle(KIOSK_CHANNELS.readCard, async (event): Promise<CardReadView | null> => {
    if (!fromPage(event)) return null;
    return cardReader ? cardReader.read() : { kind: 'error', error: 'no_reader' };
  });

  // The hub not up yet, restarting, a crashed renderer: the kiosk must come back by itself.
  keepPageLoaded(win, { pageUrl: pageUrl(hubUrl, 'kiosk'), hubUrl, theme: 'light' });
  return win;
}
