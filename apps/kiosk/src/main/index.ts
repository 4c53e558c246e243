import { app, dialog, powerSaveBlocker, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { holdSingleInstance, keepDisplayAwake } from '../../../common/electron/unattended.js';
import { mainText } from '../shared/main-texts.js';
import { readKioskConfig } from './config.js';
import { CardService } from './idcard/service.js';
import { printServiceFor } from './printing.js';
import { createKioskWindow } from './shell.js';

/*
 * The kiosk's Electron main process. Its config file is ONESTOP_KIOSK_CONFIG, or kiosk.json in
 * the app's user data folder; a wrong file is refused with every wrong field named.
 */

const here = fileURLToPath(new URL('.', import.meta.url));
let window: BrowserWindow | null = null;

async function start(): Promise<void> {
  await app.whenReady();
  // One instance, and a screen that never sleeps in front of the visitors.
  app.on('will-quit', keepDisplayAwake(powerSaveBlocker));
  const path = process.env.ONESTOP_KIOSK_CONFIG ?? join(app.getPath('userData'), 'kiosk.json');
  const read = await readKioskConfig(path);
  if (!read.ok) {
    const message = `${path}\n\n${read.problems.join('\n')}`;
    console.error(`kiosk config: ${message}`);
    dialog.showErrorBox(
      `${mainText('kiosk.configWrong', 'zh')} · ${mainText('kiosk.configWrong', 'en')}`,
      message,
    );
    app.exit(1);
    return;
  }
  const { config } = read;
  window = createKioskWindow({
    config,
    preloadPath: join(here, '../preload/preload.cjs'),
    printer: config.printer ? printServiceFor(config.printer) : null,
    cardReader: config.idCardReader ? new CardService(config.idCardReader) : null,
    development: !app.isPackaged,
  });
}

app.on('window-all-closed', () => app.quit());
if (holdSingleInstance(app, () => window)) void start();
