/*
 * The window terminal's preload (sandboxed, so CommonJS): `window.onestopWindow`. The channel
 * names are WINDOW_CHANNELS in ../shared/preload-api.ts (a test keeps them equal): a sandboxed
 * preload can require nothing but electron.
 */
import electron = require('electron');
import type {
  LedContent,
  PadDisplay,
  PadInput,
  SerialDeviceStatus,
  TerminalConfigView,
  WindowTerminalApi,
} from '../shared/preload-api.js' with { 'resolution-mode': 'import' };

const { ipcRenderer } = electron;

function listen<T>(channel: string, listener: (value: T) => void): () => void {
  const handler = (_event: unknown, value: T): void => listener(value);
  ipcRenderer.on(channel, handler);
  return () => {
    ipcRenderer.removeListener(channel, handler);
  };
}

const api = {
  config: () => ipcRenderer.invoke('window-terminal:config') as Promise<TerminalConfigView | null>,
  showOnLed: (content: LedContent) => ipcRenderer.send('window-terminal:show-led', content),
  showOnPad: (display: PadDisplay) => ipcRenderer.send('window-terminal:show-pad', display),
  deviceStatus: async () =>
    ((await ipcRenderer.invoke('window-terminal:device-status')) as SerialDeviceStatus[] | null) ??
    [],
  onDeviceStatus: (listener: (status: SerialDeviceStatus[]) => void) =>
    listen('window-terminal:status', listener),
  onPadKey: (listener: (input: PadInput) => void) => listen('window-terminal:pad-key', listener),
} satisfies WindowTerminalApi;

electron.contextBridge.exposeInMainWorld('onestopWindow', api);
