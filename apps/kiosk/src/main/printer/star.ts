import iconv from 'iconv-lite';
import type { PrinterState } from '../../shared/api.js';
import { drainInput, LinkError } from './link.js';
import type { PrinterModel } from './model.js';

/*
 * Star Line Mode, from Star's "STAR Line Mode Command Specifications" (Line Thermal Printer):
 * the state from "ESC ACK SOH — Real-time printer status (ASB status)" read as the appendix
 * "Automatic Status", and Chinese from the "Kanji (Chinese) characters" commands `ESC p` /
 * `ESC q`. A Star printer ignores EPSON's `DLE EOT` and `FS &`; neither is ever sent to it.
 */

/** `ESC ACK SOH`: the printer answers at once with its automatic status (ASB). */
export const STAR_STATUS_REQUEST = Buffer.from([0x1b, 0x06, 0x01]);
/** `ESC p`: two-byte (Kanji/Chinese) character mode: every two bytes are one character. */
export const STAR_KANJI_ON = Buffer.from([0x1b, 0x70]);
/** `ESC q`: back to one-byte (ANK) characters. */
export const STAR_KANJI_OFF = Buffer.from([0x1b, 0x71]);

/** The paper sensor is in the 6th byte: a shorter status cannot tell paper out. */
const SHORTEST_STATUS = 6;

/**
 * The length of an automatic status from its first byte (header 1), or null when the byte is not
 * a header: bit 0 is always 1, bits 4 and 7 always 0; bits 1-3 and 5 hold the byte count.
 */
export function starStatusLength(header: number): number | null {
  if ((header & 0x91) !== 0x01) return null;
  const length = ((header & 0x20) >> 2) | ((header & 0x0e) >> 1);
  return length >= SHORTEST_STATUS ? length : null;
}

/**
 * The state from a whole automatic status, the worst first. 3rd byte (printer status): bit 5
 * cover open, bit 3 offline. 4th byte (error information): bit 2 mechanical error, bit 3
 * auto-cutter error, bit 5 unrecoverable error, bit 6 stopped by head temperature. 6th byte
 * (sensor information): bit 3 paper end, bit 2 / bit 1 paper near its end (inner / outer
 * sensor). Every byte after the header has bits 0, 4 and 7 clear; anything else is not a status.
 */
export function parseStarStatus(bytes: readonly number[]): PrinterState {
  const [header, ...rest] = bytes;
  if (header === undefined || starStatusLength(header) !== bytes.length) return 'not_responding';
  if (rest.some((b) => (b & 0x91) !== 0)) return 'not_responding';
  const printer = bytes[2] ?? 0;
  const errors = bytes[3] ?? 0;
  const paper = bytes[5] ?? 0;
  if ((paper & 0x08) !== 0) return 'paper_out';
  if ((printer & 0x20) !== 0) return 'cover_open';
  if ((printer & 0x08) !== 0 || (errors & 0x6c) !== 0) return 'offline';
  if ((paper & 0x06) !== 0) return 'paper_near_end';
  return 'ok';
}

/**
 * A line for Star Line Mode: ASCII as it is; each run of Chinese (and other characters with a
 * two-byte GB18030 code, such as full-width punctuation) between `ESC p` and `ESC q`, two bytes a
 * character. A character without a two-byte code (GB18030's four-byte range) prints as `?`.
 */
export function starText(line: string): Buffer {
  const parts: Buffer[] = [];
  let run: Buffer[] = [];
  const flush = () => {
    if (run.length === 0) return;
    parts.push(STAR_KANJI_ON, ...run, STAR_KANJI_OFF);
    run = [];
  };
  for (const ch of line) {
    if ((ch.codePointAt(0) ?? 0) < 0x80) {
      flush();
      parts.push(Buffer.from(ch, 'latin1'));
      continue;
    }
    const code = iconv.encode(ch, 'GB18030');
    if (code.length === 2) {
      run.push(code);
    } else {
      flush();
      parts.push(Buffer.from('?', 'latin1'));
    }
  }
  flush();
  return Buffer.concat(parts);
}

export const starModel: PrinterModel = {
  commandSet: 'star',
  // Nothing beyond ESC @: the two-byte mode is switched per run of Chinese.
  start: Buffer.alloc(0),
  text: starText,
  readStatus: async (connection, timeoutMs): Promise<PrinterState> => {
    try {
      await drainInput(connection);
      await connection.write(STAR_STATUS_REQUEST, timeoutMs);
      const header = await connection.readByte(timeoutMs);
      if (header === null) return 'not_responding';
      const length = starStatusLength(header);
      if (length === null) return 'not_responding';
      const bytes = [header];
      while (bytes.length < length) {
        const next = await connection.readByte(timeoutMs);
        if (next === null) return 'not_responding';
        bytes.push(next);
      }
      return parseStarStatus(bytes);
    } catch (err) {
      if (err instanceof LinkError) return 'not_responding';
      throw err;
    }
  },
};
