import type { PrinterState } from '../../shared/api.js';

/**
 * Real-time status (ESC/POS `DLE EOT n`): each query is answered with one byte at once, even
 * while the printer is busy or offline. Bit 1 and bit 4 are always set, bits 0 and 7 never.
 */
export const STATUS_QUERIES = {
  /** n = 1, printer status: bit 3 offline. */
  printer: 1,
  /** n = 2, offline cause: bit 2 cover open, bit 5 stopped at paper end. */
  offlineCause: 2,
  /** n = 4, paper roll sensor: bits 2-3 near end, bits 5-6 paper out. */
  paper: 4,
} as const;

export function dleEot(n: number): Buffer {
  return Buffer.from([0x10, 0x04, n]);
}

/** A status byte has bit 1 and bit 4 set and bits 0 and 7 clear; anything else is noise. */
export function isStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

export interface StatusBytes {
  printer: number;
  offlineCause: number;
  paper: number;
}

/** The printer's state from its three status bytes, the worst first. */
export function parseStatus(bytes: StatusBytes): PrinterState {
  if (![bytes.printer, bytes.offlineCause, bytes.paper].every(isStatusByte)) {
    return 'not_responding';
  }
  if ((bytes.paper & 0x60) !== 0 || (bytes.offlineCause & 0x20) !== 0) return 'paper_out';
  if ((bytes.offlineCause & 0x04) !== 0) return 'cover_open';
  if ((bytes.printer & 0x08) !== 0) return 'offline';
  if ((bytes.paper & 0x0c) !== 0) return 'paper_near_end';
  return 'ok';
}
