import iconv from 'iconv-lite';

/**
 * Decodes printer bytes back into operations and text: the ESC/POS (EPSON) and Star Line Mode
 * commands the kiosk sends, with text read as GB18030 while the Chinese mode (`FS &`) is on.
 * Any byte sequence it does not know is an error, so a test sees every command sent.
 */
export type Op =
  | { op: 'init' }
  | { op: 'chinese'; on: boolean }
  | { op: 'align'; align: 'left' | 'center' | 'right' }
  | { op: 'bold'; on: boolean }
  | { op: 'size'; width: number; height: number }
  | { op: 'text'; text: string }
  | { op: 'newline' }
  | { op: 'feed'; lines: number }
  | { op: 'qr'; data: string; model: number; cellSize: number; correction: string }
  | { op: 'cut'; partial: boolean };

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const ALIGN = ['left', 'center', 'right'] as const;
const CORRECTION = ['L', 'M', 'Q', 'H'] as const;

export class DecodeError extends Error {}

export function decode(bytes: Uint8Array, commandSet: 'epson' | 'star'): Op[] {
  const ops: Op[] = [];
  let i = 0;
  let chinese = false;
  const qr = { model: 2, cellSize: 3, correction: 'L', data: '' };
  const byte = (at: number): number => {
    const b = bytes[at];
    if (b === undefined) throw new DecodeError(`cut off at byte ${at}`);
    return b;
  };
  const fail = (what: string): never => {
    const near = Array.from(bytes.slice(Math.max(0, i - 2), i + 6), (b) =>
      b.toString(16).padStart(2, '0'),
    );
    throw new DecodeError(`${what} at byte ${i} (${near.join(' ')})`);
  };

  while (i < bytes.length) {
    const b = byte(i);
    if (b === 0x0a) {
      ops.push({ op: 'newline' });
      i += 1;
    } else if (b === 0x0b && commandSet === 'star') {
      ops.push({ op: 'feed', lines: 1 });
      i += 1;
    } else if (b === FS) {
      const c = byte(i + 1);
      if (c === 0x26) chinese = true;
      else if (c === 0x2e) chinese = false;
      else fail('unknown FS command');
      ops.push({ op: 'chinese', on: chinese });
      i += 2;
    } else if (b === ESC) {
      const c = byte(i + 1);
      if (c === 0x40) {
        ops.push({ op: 'init' });
        chinese = false;
        i += 2;
      } else if (c === 0x61 && commandSet === 'epson') {
        ops.push({ op: 'align', align: ALIGN[byte(i + 2) % 48] ?? fail('bad alignment') });
        i += 3;
      } else if (c === 0x45) {
        if (commandSet === 'epson') {
          ops.push({ op: 'bold', on: (byte(i + 2) & 1) === 1 });
          i += 3;
        } else {
          ops.push({ op: 'bold', on: true });
          i += 2;
        }
      } else if (c === 0x46 && commandSet === 'star') {
        ops.push({ op: 'bold', on: false });
        i += 2;
      } else if (c === 0x21 && commandSet === 'epson') {
        const n = byte(i + 2);
        ops.push({ op: 'size', width: n & 0x20 ? 2 : 1, height: n & 0x10 ? 2 : 1 });
        if (n & 0x08) ops.push({ op: 'bold', on: true });
        i += 3;
      } else if (c === 0x64) {
        if (commandSet === 'epson') ops.push({ op: 'feed', lines: byte(i + 2) });
        else ops.push({ op: 'cut', partial: byte(i + 2) % 2 === 1 });
        i += 3;
      } else if (c === 0x69 && commandSet === 'star') {
        ops.push({ op: 'size', height: byte(i + 2) + 1, width: byte(i + 3) + 1 });
        i += 4;
      } else if (c === GS && commandSet === 'star') {
        const d = byte(i + 2);
        if (d === 0x61) {
          ops.push({ op: 'align', align: ALIGN[byte(i + 3)] ?? fail('bad alignment') });
          i += 4;
        } else if (d === 0x79) {
          const e = byte(i + 3);
          if (e === 0x53) {
            const which = byte(i + 4);
            const n = byte(i + 5);
            if (which === 0x30) qr.model = n;
            else if (which === 0x31) qr.correction = CORRECTION[n] ?? fail('bad QR correction');
            else if (which === 0x32) qr.cellSize = n;
            else fail('unknown Star QR setting');
            i += 6;
          } else if (e === 0x44) {
            const length = byte(i + 6) + byte(i + 7) * 256;
            qr.data = Buffer.from(bytes.slice(i + 8, i + 8 + length)).toString('latin1');
            i += 8 + length;
          } else if (e === 0x50) {
            ops.push({ op: 'qr', ...qr });
            i += 4;
          } else fail('unknown Star QR command');
        } else fail('unknown ESC GS command');
      } else fail('unknown ESC command');
    } else if (b === GS && commandSet === 'epson') {
      const c = byte(i + 1);
      if (c === 0x21) {
        const n = byte(i + 2);
        ops.push({ op: 'size', width: (n >> 4) + 1, height: (n & 0x0f) + 1 });
        i += 3;
      } else if (c === 0x56) {
        const m = byte(i + 2);
        ops.push({ op: 'cut', partial: m % 2 === 1 });
        i += m >= 65 ? 4 : 3;
      } else if (c === 0x28 && byte(i + 2) === 0x6b) {
        const length = byte(i + 3) + byte(i + 4) * 256;
        const body = bytes.slice(i + 5, i + 5 + length);
        if (body[0] !== 0x31) fail('not a QR function');
        const fn = body[1];
        if (fn === 0x41) qr.model = (body[2] ?? 0x32) - 0x30;
        else if (fn === 0x43) qr.cellSize = body[2] ?? 0;
        else if (fn === 0x45) qr.correction = CORRECTION[(body[2] ?? 0x30) - 0x30] ?? 'L';
        else if (fn === 0x50) qr.data = Buffer.from(body.slice(3)).toString('latin1');
        else if (fn === 0x51) ops.push({ op: 'qr', ...qr });
        else fail('unknown QR function');
        i += 5 + length;
      } else fail('unknown GS command');
    } else if (b < 0x20 || b === 0x7f) {
      fail('unknown control byte');
    } else {
      let end = i;
      while (end < bytes.length && (bytes[end] ?? 0) >= 0x20 && bytes[end] !== 0x7f) end += 1;
      const run = Buffer.from(bytes.slice(i, end));
      if (!chinese && run.some((x) => x >= 0x80)) fail('non-ASCII text outside the Chinese mode');
      ops.push({
        op: 'text',
        text: chinese ? iconv.decode(run, 'GB18030') : run.toString('latin1'),
      });
      i = end;
    }
  }
  return ops;
}

/**
 * The paper as a reader would see it, one printed line per line, each with its alignment,
 * boldness and size (`C B 4x4 |`), and one line for each other operation (`== qr ...`).
 */
export function render(ops: Op[]): string {
  const out: string[] = [];
  let align: Op & { op: 'align' } = { op: 'align', align: 'left' };
  let bold = false;
  let size = { width: 1, height: 1 };
  let line = '';
  for (const op of ops) {
    switch (op.op) {
      case 'text':
        line += op.text;
        break;
      case 'newline': {
        const tag = `${align.align[0]?.toUpperCase() ?? 'L'} ${bold ? 'B' : ' '} ${size.width}x${size.height}`;
        out.push(`${tag} | ${line}`);
        line = '';
        break;
      }
      case 'align':
        align = op;
        break;
      case 'bold':
        bold = op.on;
        break;
      case 'size':
        size = { width: op.width, height: op.height };
        break;
      case 'init':
        align = { op: 'align', align: 'left' };
        bold = false;
        size = { width: 1, height: 1 };
        out.push('== init');
        break;
      case 'chinese':
        out.push(`== chinese ${op.on ? 'on' : 'off'}`);
        break;
      case 'feed':
        out.push(`== feed ${op.lines}`);
        break;
      case 'qr':
        out.push(`== qr model ${op.model} cell ${op.cellSize} ${op.correction}: ${op.data}`);
        break;
      case 'cut':
        out.push(`== cut${op.partial ? ' (partial)' : ''}`);
        break;
    }
  }
  if (line !== '') out.push(`(unterminated) ${line}`);
  return `${out.join('\n')}\n`;
}
