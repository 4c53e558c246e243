import type { PrinterState } from './api.js';

/** The printer's states in words, for the screen and the hub's device status. */
export const PRINTER_TEXT: Record<PrinterState, { zh: string; en: string }> = {
  ok: { zh: '打印机正常', en: 'Printer ready' },
  paper_near_end: { zh: '打印纸即将用完', en: 'Printer paper is running low' },
  paper_out: { zh: '打印机缺纸', en: 'The printer is out of paper' },
  cover_open: { zh: '打印机盖未关好', en: "The printer's cover is open" },
  offline: { zh: '打印机离线', en: 'The printer is offline' },
  not_responding: { zh: '打印机无响应', en: 'The printer does not respond' },
};

/** Printer states in which no ticket can be printed. */
export function printerBlocks(state: PrinterState): boolean {
  switch (state) {
    case 'ok':
    case 'paper_near_end':
      return false;
    case 'paper_out':
    case 'cover_open':
    case 'offline':
    case 'not_responding':
      return true;
  }
}

export interface KioskDeviceStatus {
  state: 'ok' | 'warning' | 'error';
  detail: string;
  printer: { paper: 'ok' | 'near_end' | 'out' | 'unknown'; coverOpen: boolean; online: boolean };
}

/** The kiosk's `device_status` report for a printer state. */
export function deviceStatusOf(state: PrinterState): KioskDeviceStatus {
  const detail = PRINTER_TEXT[state].en;
  switch (state) {
    case 'ok':
      return { state: 'ok', detail, printer: { paper: 'ok', coverOpen: false, online: true } };
    case 'paper_near_end':
      return {
        state: 'warning',
        detail,
        printer: { paper: 'near_end', coverOpen: false, online: true },
      };
    case 'paper_out':
      return { state: 'error', detail, printer: { paper: 'out', coverOpen: false, online: false } };
    case 'cover_open':
      return {
        state: 'error',
        detail,
        printer: { paper: 'unknown', coverOpen: true, online: false },
      };
    case 'offline':
    case 'not_responding':
      return {
        state: 'error',
        detail,
        printer: { paper: 'unknown', coverOpen: false, online: false },
      };
  }
}
