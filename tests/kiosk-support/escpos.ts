import iconv from 'iconv-lite';
import { ALIGN, CORRECTION, Cursor, type Op } from './paper.js';
import { decodeStarLine } from './starline.js';

export { DecodeError, render, type Op } from './paper.js';

/**
 * Decodes printer bytes back into operations and text. EPSON ESC/POS here, with text read as
 * GB18030 while the Chinese mode (`FS &`) is on; Star Line Mode in `starline.ts`, from Star's own
 * manual. Any byte sequence it does not know is an error, so a test sees every command sent.
 */
export function decode(bytes: Uint8Array, commandSet: 'epson' | 'star'): Op[] {
  return commandSet === 'epson' ? decodeEscPos(bytes) : decodeStarLine(bytes);
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;

export function decodeEscPos(bytes: Uint8Array): Op[] {
  const ops: Op[] = [];
  const c = new Cursor(bytes);
  let chinese = false;
  const qr = { model: 2, cellSize: 3, correction: 'L', data: '' };

  while (!c.done) {
    const b = c.at();
    if (b === 0x0a) {
      ops.push({ op: 'newline' });
      c.i += 1;
    } else if (b === FS) {
      const d = c.at(1);
      if (d === 0x26) chinese = true;
      else if (d === 0x2e) chinese = false;
      else c.fail('unknown FS command');
      ops.push({ op: 'chinese', on: chinese });
      c.i += 2;
    } else if (b === ESC) {
      const d = c.at(1);
      if (d === 0x40) {
        ops.push({ op: 'init' });
        chinese = false;
        c.i += 2;
      } else if (d === 0x61) {
        ops.push({ op: 'align', align: ALIGN[c.at(2) % 48] ?? c.fail('bad alignment') });
        c.i += 3;
      } else if (d === 0x45) {
        ops.push({ op: 'bold', on: (c.at(2) & 1) === 1 });
        c.i += 3;
      } else if (d === 0x21) {
        const n = c.at(2);
        ops.push({ op: 'size', width: n & 0x20 ? 2 : 1, height: n & 0x10 ? 2 : 1 });
        if (n & 0x08) ops.push({ op: 'bold', on: true });
        c.i += 3;
      } else if (d === 0x64) {
        ops.push({ op: 'feed', lines: c.at(2) });
        c.i += 3;
      } else c.fail('unknown ESC command');
    } else if (b === GS) {
      const d = c.at(1);
      if (d === 0x21) {
        const n = c.at(2);
        ops.push({ op: 'size', width: (n >> 4) + 1, height: (n & 0x0f) + 1 });
        c.i += 3;
      } else if (d === 0x56) {
        const m = c.at(2);
        ops.push({ op: 'cut', partial: m % 2 === 1 });
        c.i += m >= 65 ? 4 : 3;
      } else if (d === 0x28 && c.at(2) === 0x6b) {
        const length = c.at(3) + c.at(4) * 256;
        const body = bytes.slice(c.i + 5, c.i + 5 + length);
        if (body[0] !== 0x31) c.fail('not a QR function');
        const fn = body[1];
        if (fn === 0x41) qr.model = (body[2] ?? 0x32) - 0x30;
        else if (fn === 0x43) qr.cellSize = body[2] ?? 0;
        else if (fn === 0x45) qr.correction = CORRECTION[(body[2] ?? 0x30) - 0x30] ?? 'L';
        else if (fn === 0x50) qr.data = Buffer.from(body.slice(3)).toString('latin1');
        else if (fn === 0x51) ops.push({ op: 'qr', ...qr });
        else c.fail('unknown QR function');
        c.i += 5 + length;
      } else c.fail('unknown GS command');
    } else if (b < 0x20 || b === 0x7f) {
      c.fail('unknown control byte');
    } else {
      const start = c.i;
      while (!c.done && c.at() >= 0x20 && c.at() !== 0x7f) c.i += 1;
      const run = Buffer.from(bytes.slice(start, c.i));
      if (!chinese && run.some((x) => x >= 0x80)) c.fail('non-ASCII text outside the Chinese mode');
      ops.push({
        op: 'text',
        text: chinese ? iconv.decode(run, 'GB18030') : run.toString('latin1'),
      });
    }
  }
  return ops;
}
