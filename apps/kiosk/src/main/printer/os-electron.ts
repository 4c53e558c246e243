import type { BrowserWindow } from 'electron';
import type { OsPrinting } from './os-printer.js';

/*
 * Printing through the OS with Electron: each page in a hidden window of its own, printed with
 * `webContents.print({ silent: true, deviceName })` on a page as wide as the paper and as long as
 * the ticket; the printers and their options from `webContents.getPrintersAsync()`. Electron is
 * imported when first used, so the rest of the kiosk's main process loads without it in tests.
 */

const MICRONS_PER_PX = 25_400 / 96;

async function hiddenWindow(): Promise<BrowserWindow> {
  const { BrowserWindow } = await import('electron');
  return new BrowserWindow({
    show: false,
    width: 800,
    height: 600,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false },
  });
}

export function electronOsPrinting(): OsPrinting {
  return {
    printers: async () => {
      const win = await hiddenWindow();
      try {
        const printers = await win.webContents.getPrintersAsync();
        // The options are platform-specific: only their string values are read.
        return printers.map((p) => ({
          name: p.name,
          options: Object.fromEntries(
            Object.entries(p.options).filter(
              (entry): entry is [string, string] => typeof entry[1] === 'string',
            ),
          ),
        }));
      } finally {
        win.destroy();
      }
    },
    printPage: async (html, job) => {
      const win = await hiddenWindow();
      try {
        await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
        const heightPx: unknown = await win.webContents.executeJavaScript(
          'document.documentElement.scrollHeight',
        );
        const height = typeof heightPx === 'number' && heightPx > 0 ? heightPx : 1_000;
        await new Promise<void>((resolve, reject) => {
          win.webContents.print(
            {
              silent: true,
              deviceName: job.deviceName,
              printBackground: false,
              color: false,
              margins: { marginType: 'none' },
              pageSize: {
                width: job.widthMm * 1_000,
                height: Math.ceil(height * MICRONS_PER_PX),
              },
            },
            (success, failureReason) => {
              if (success) resolve();
              else reject(new Error(failureReason || 'the print job failed'));
            },
          );
        });
      } finally {
        win.destroy();
      }
    },
  };
}
