import { app, dialog, type BrowserWindow } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { holdSingleInstance } from '../../../common/electron/unattended.js';
import { parseTerminalConfigText } from './config.js';
import { TerminalDevices } from './devices.js';
import { createTerminalWindow } from './shell.js';

/*
 * The window terminal's Electron main process. Its config is ONESTOP_TERMINAL_CONFIG, or
 * terminal.json in the app's user data folder; a config that does not validate is refused.
 * One instance only.
 */

const here = fileURLToPath(new URL('.', import.meta.url));
let window: BrowserWindow | null = null;

async function start(): Promise<void> {
  await app.whenReady();
  const path =
    process.env.ONESTOP_TERMINAL_CONFIG ?? join(app.getPath('userData'), 'terminal.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    dialog.showErrorBox('OneStop', `${path}: ${err instanceof Error ? err.message : String(err)}`);
    app.quit();
    return;
  }
  const parsed = parseTerminalConfigText(text);
  if (!parsed.ok) {
    dialog.showErrorBox('OneStop', `${path}\n${parsed.problems.join('\n')}`);
    app.quit();
    return;
  }
  const devices = new TerminalDevices(parsed.config.serial);
  devices.start();
  app.on('before-quit', () => void devices.stop());
  window = createTerminalWindow({
    config: parsed.config,
    devices,
    preloadPath: join(here, '../preload/preload.cjs'),
  });
}

app.on('window-all-closed', () => app.quit());
if (holdSingleInstance(app, () => window)) void start();
