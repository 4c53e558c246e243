import { app, powerSaveBlocker, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { holdSingleInstance, keepDisplayAwake } from '../../../common/electron/unattended.js';
import { readDisplayConfig } from './files.js';
import { createDisplayWindow } from './shell.js';

/*
 * The hall display's Electron main process. The config folder is ONESTOP_DISPLAY_DIR, or the
 * app's user data folder: display.json and voice/ (the hall's own clip recordings). One
 * instance only, and the screen never sleeps.
 */

// A wall display speaks without anyone touching it.
app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');

const here = fileURLToPath(new URL('.', import.meta.url));
let window: BrowserWindow | null = null;

async function start(): Promise<void> {
  await app.whenReady();
  app.on('will-quit', keepDisplayAwake(powerSaveBlocker));
  const configDir = process.env.ONESTOP_DISPLAY_DIR ?? app.getPath('userData');
  const { config, problems } = await readDisplayConfig(configDir);
  for (const problem of problems) console.error(`display.json: ${problem}`);
  window = createDisplayWindow({
    config: { ...config, hubUrl: config.hubUrl ?? 'http://127.0.0.1:7800' },
    configDir,
    preloadPath: join(here, '../preload/preload.cjs'),
  });
}

app.on('window-all-closed', () => app.quit());
if (holdSingleInstance(app, () => window)) void start();
