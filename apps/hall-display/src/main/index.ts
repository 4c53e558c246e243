import { app } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDisplayConfig } from './files.js';
import { createDisplayWindow } from './shell.js';

/*
 * The hall display's Electron main process. The config folder is ONESTOP_DISPLAY_DIR, or the
 * app's user data folder: display.json and voice/ (the hall's own clip recordings).
 */

// A wall display speaks without anyone touching it.
app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');

const here = fileURLToPath(new URL('.', import.meta.url));

async function start(): Promise<void> {
  await app.whenReady();
  const configDir = process.env.ONESTOP_DISPLAY_DIR ?? app.getPath('userData');
  const { config, problems } = await readDisplayConfig(configDir);
  for (const problem of problems) console.error(`display.json: ${problem}`);
  createDisplayWindow({
    config: { ...config, hubUrl: config.hubUrl ?? 'http://127.0.0.1:7800' },
    configDir,
    preloadPath: join(here, '../preload/preload.cjs'),
  });
}

app.on('window-all-closed', () => app.quit());
void start();
