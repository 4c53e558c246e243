/*
 * The kiosk page's one API (sandboxed, so CommonJS): `window.onestopKiosk` — print a ticket,
 * read the printer's state, read the kiosk's config, read the ID card on the reader. A sandboxed preload can require nothing
 * but electron, so the channel names are spelled out (a test keeps them equal to KIOSK_CHANNELS).
 */
import electron = require('electron');
import type {
  CardReadView,
  KioskApi,
  KioskConfigView,
  PrinterState,
  PrintResult,
} from '../shared/api.js' with {
  'resolution-mode': 'import',
};

const { contextBridge, ipcRenderer } = electron;

const api = {
  printTicket: (ticket) => ipcRenderer.invoke('kiosk:print-ticket', ticket) as Promise<PrintResult>,
  printerStatus: () => ipcRenderer.invoke('kiosk:printer-status') as Promise<PrinterState>,
  config: () => ipcRenderer.invoke('kiosk:config') as Promise<KioskConfigView>,
  readCard: () => ipcRenderer.invoke('kiosk:read-card') as Promise<CardReadView>,
} satisfies KioskApi;

contextBridge.exposeInMainWorld('onestopKiosk', api);
