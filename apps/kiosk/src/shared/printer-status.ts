import type { PrinterState } from './api.js';
import { mainText, type MainLang } from './main-texts.js';

/**
 * The printer's state in words (the shared table's `kiosk.printer.*`, through the main process's
 * extract), for the screen and the hub's device status.
 */
export function printerText(state: PrinterState, lang: MainLang): string {
  return mainText(`kiosk.printer.${state}`, lang);
}

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
  const detail = printerText(state, 'en');
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
