/**
 * What a decoded ticket is made of, whichever command set it came in (`escpos.ts` for EPSON
 * ESC/POS, `starline.ts` for Star Line Mode), and the paper drawn from it for golden files.
 */
export type Op =
  | { op: 'init' }
  /** EPSON `FS &` / `FS .`: the Chinese mode for the rest of the job. */
  | { op: 'chinese'; on: boolean }
  /** Star `ESC p` / `ESC q`: the two-byte (Kanji/Chinese) mode around a run of characters. */
  | { op: 'kanji'; on: boolean }
  | { op: 'align'; align: 'left' | 'center' | 'right' }
  | { op: 'bold'; on: boolean }
  | { op: 'size'; width: number; height: number }
  | { op: 'text'; text: string }
  | { op: 'newline' }
  | { op: 'feed'; lines: number }
  | { op: 'qr'; data: string; model: number; cellSize: number; correction: string }
  | { op: 'cut'; partial: boolean };

export const ALIGN = ['left', 'center', 'right'] as const;
export const CORRECTION = ['L', 'M', 'Q', 'H'] as const;

export class DecodeError extends Error {}

/** Reads bytes with a position, failing with the bytes around it. */
export class Cursor {
  i = 0;
  constructor(readonly bytes: Uint8Array) {}
  get done(): boolean {
    return this.i >= this.bytes.length;
  }
  at(offset = 0): number {
    const b = this.bytes[this.i + offset];
    if (b === undefined) throw new DecodeError(`cut off at byte ${this.i + offset}`);
    return b;
  }
  fail(what: string): never {
    const near = Array.from(this.bytes.slice(Math.max(0, this.i - 2), this.i + 6), (b) =>
      b.toString(16).padStart(2, '0'),
    );
    throw new DecodeError(`${what} at byte ${this.i} (${near.join(' ')})`);
  }
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
      case 'kanji':
        // Inline: « … » marks the characters sent in the two-byte mode.
        line += op.on ? '«' : '»';
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
