/*
 * The hall display's preload (sandboxed, so CommonJS): `window.onestopDisplay`, two calls.
 * The channel names are DISPLAY_CHANNELS in ../shared/api.ts (a test keeps them equal): a
 * sandboxed preload can require nothing but electron.
 */
import electron = require('electron');
import type { DisplayApi } from '../shared/api.js' with { 'resolution-mode': 'import' };

const api = {
  getConfig: (): Promise<unknown> => electron.ipcRenderer.invoke('display:get-config'),
  readClip: async (id: string): Promise<Uint8Array | null> => {
    const bytes: unknown = await electron.ipcRenderer.invoke('display:read-clip', id);
    return bytes instanceof Uint8Array ? bytes : null;
  },
} satisfies DisplayApi;

electron.contextBridge.exposeInMainWorld('onestopDisplay', api);
