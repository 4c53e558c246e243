import iconv from 'iconv-lite';
import { ALIGN, CORRECTION, Cursor, type Op } from './paper.js';

/**
 * Decodes Star Line Mode bytes as Star's "STAR Line Mode Command Specifications" reads them, not
 * as ESC/POS: only the commands the kiosk uses are known, and anything else is an error, so a
 * test sees every byte sent. EPSON's `FS &` or `DLE EOT` here is an error, not a command.
 *
 * - `LF` print and feed a line; `VT` vertical tab (one line with no tab positions set).
 * - `ESC @` command initialization; `ESC GS a n` alignment (0/48 left, 1/49 centre, 2/50 right).
 * - `ESC E` / `ESC F` emphasized printing on / off; `ESC i n1 n2` height n1+1, width n2+1 (0-5).
 * - `ESC d n` cut (0/48 full, 1/49 partial, 2/50 full after feed, 3/51 partial after feed).
 * - `ESC p` / `ESC q` two-byte (Kanji/Chinese) character mode on / off: in it, every two bytes are
 *   one character (here GB18030's two-byte codes: first byte 81-FE, second 40-7E or 80-FE);
 *   outside it, text is one byte each, 20-7E.
 * - QR code: `ESC GS y S 0 n` model, `ESC GS y S 1 n` correction, `ESC GS y S 2 n` cell size,
 *   `ESC GS y D 1 m nL nH data` the data (m = 0 automatic), `ESC GS y P` print.
 */
export function decodeStarLine(bytes: Uint8Array): Op[] {
  const ops: Op[] = [];
  const c = new Cursor(bytes);
  let kanji = false;
  const qr = { model: 2, cellSize: 3, correction: 'L', data: '' };
  const mod48 = (n: number, max: number, what: string): number => {
    const v = n >= 48 ? n - 48 : n;
    return v <= max ? v : c.fail(`bad ${what}`);
  };

  while (!c.done) {
    const b = c.at();
    if (b === 0x0a) {
      ops.push({ op: 'newline' });
      c.i += 1;
    } else if (b === 0x0b) {
      ops.push({ op: 'feed', lines: 1 });
      c.i += 1;
    } else if (b === 0x1b) {
      const d = c.at(1);
      if (d === 0x40) {
        ops.push({ op: 'init' });
        kanji = false;
        c.i += 2;
      } else if (d === 0x45 || d === 0x46) {
        ops.push({ op: 'bold', on: d === 0x45 });
        c.i += 2;
      } else if (d === 0x69) {
        const height = c.at(2);
        const width = c.at(3);
        if (height > 5 || width > 5) c.fail('bad expansion');
        ops.push({ op: 'size', height: height + 1, width: width + 1 });
        c.i += 4;
      } else if (d === 0x64) {
        ops.push({ op: 'cut', partial: mod48(c.at(2), 3, 'cut') % 2 === 1 });
        c.i += 3;
      } else if (d === 0x70 || d === 0x71) {
        kanji = d === 0x70;
        ops.push({ op: 'kanji', on: kanji });
        c.i += 2;
      } else if (d === 0x1d && c.at(2) === 0x61) {
        ops.push({ op: 'align', align: ALIGN[mod48(c.at(3), 2, 'alignment')] ?? 'left' });
        c.i += 4;
      } else if (d === 0x1d && c.at(2) === 0x79) {
        const e = c.at(3);
        if (e === 0x53) {
          const which = c.at(4);
          const n = c.at(5);
          if (which === 0x30) qr.model = n >= 1 && n <= 2 ? n : c.fail('bad QR model');
          else if (which === 0x31) qr.correction = CORRECTION[n] ?? c.fail('bad QR correction');
          else if (which === 0x32) qr.cellSize = n >= 1 && n <= 8 ? n : c.fail('bad QR cell size');
          else c.fail('unknown QR setting');
          c.i += 6;
        } else if (e === 0x44 && c.at(4) === 0x31) {
          if (c.at(5) !== 0x00) c.fail('QR data not in automatic mode');
          const length = c.at(6) + c.at(7) * 256;
          if (c.i + 8 + length > bytes.length) c.fail('QR data cut off');
          qr.data = Buffer.from(bytes.slice(c.i + 8, c.i + 8 + length)).toString('latin1');
          c.i += 8 + length;
        } else if (e === 0x50) {
          ops.push({ op: 'qr', ...qr });
          c.i += 4;
        } else c.fail('unknown QR command');
      } else c.fail('not a Star Line Mode command the kiosk sends');
    } else if (b < 0x20 || b === 0x7f) {
      c.fail('not a Star Line Mode command the kiosk sends');
    } else if (kanji) {
      const start = c.i;
      while (!c.done && c.at() >= 0x81 && c.at() <= 0xfe) {
        const trail = c.at(1);
        if (trail < 0x40 || trail === 0x7f || trail === 0xff) c.fail('not a two-byte code');
        c.i += 2;
      }
      if (c.i === start) c.fail('one-byte data inside the two-byte mode');
      ops.push({ op: 'text', text: iconv.decode(Buffer.from(bytes.slice(start, c.i)), 'GB18030') });
    } else {
      const start = c.i;
      while (!c.done && c.at() >= 0x20 && c.at() < 0x7f) c.i += 1;
      if (c.i === start) c.fail('a byte over 7F outside the two-byte mode');
      ops.push({ op: 'text', text: Buffer.from(bytes.slice(start, c.i)).toString('latin1') });
    }
  }
  return ops;
}
