import { ThermalPrinter, PrinterTypes } from 'node-thermal-printer';
import type { PrintableTicket } from '../../shared/api.js';
import { ticketContent, type Magnification, type TicketLang } from './content.js';
import { modelFor, type CommandSet } from './model.js';

export type { CommandSet } from './model.js';
export { CHINESE_MODE_ON } from './epson.js';
export type PaperWidth = 58 | 80;
export type { TicketLang } from './content.js';

export interface TicketLayout {
  commandSet: CommandSet;
  paperWidthMm: PaperWidth;
  /** Languages printed, in order; Chinese first by default. */
  languages: TicketLang[];
  /** The hall's timezone, for the printed date and time. */
  timezone: string;
}

/** Font A columns: 384 dots (58 mm) or 576 dots (80 mm) at 12 dots per column. */
export const COLUMNS: Record<PaperWidth, number> = { 58: 32, 80: 48 };

/** Columns a text takes in Font A: CJK and other wide characters take two. */
export function columnsOf(text: string): number {
  let n = 0;
  for (const ch of text) n += isWide(ch) ? 2 : 1;
  return n;
}

function isWide(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    c >= 0x20000
  );
}

/**
 * Text as it may reach the paper: line breaks and tabs become a space, every other control
 * character (C0 such as ESC, GS and NUL; DEL; C1), invisible format character (bidi overrides,
 * zero-width) and half of a surrogate pair is dropped. The hub refuses them in the hall's
 * configuration already; this keeps any that come from elsewhere (an old hub, a stored value)
 * from becoming printer commands: `ESC p NUL` opens a cash drawer, `GS V` cuts the paper.
 */
export function printable(text: string): string {
  return text
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]+/gu, ' ')
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu, '');
}

/** Breaks a text into lines of at most `width` columns: at spaces for words, anywhere in CJK. */
export function fold(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const push = () => {
    lines.push(line.trimEnd());
    line = '';
  };
  for (const word of text.split(
    /(?<= )|(?=[\u2e80-\ua4cf\uff00-\uff60])|(?<=[\u2e80-\ua4cf\uff00-\uff60])/u,
  )) {
    if (word === '') continue;
    if (columnsOf((line + word).trimEnd()) <= width) {
      line += word;
      continue;
    }
    if (line.trim() !== '') push();
    let rest = word.trimStart();
    // A word longer than a line is cut.
    while (columnsOf(rest) > width) {
      let cut = '';
      for (const ch of rest) {
        if (columnsOf(cut + ch) > width) break;
        cut += ch;
      }
      lines.push(cut);
      rest = rest.slice(cut.length);
    }
    line = rest;
  }
  if (line.trim() !== '' || lines.length === 0) push();
  return lines;
}

/**
 * The ticket (`ticketContent`) as printer bytes. node-thermal-printer gives the command set
 * (alignment, bold, sizes, the QR code, the cut); the text and its Chinese mode come from the
 * printer's model (`epson.ts`, `star.ts`), which the library alone does not do.
 */
export function buildTicket(ticket: PrintableTicket, layout: TicketLayout): Buffer {
  const printer = new ThermalPrinter({
    type: layout.commandSet === 'epson' ? PrinterTypes.EPSON : PrinterTypes.STAR,
    // Only the buffer is used: the bytes are sent by the kiosk's own transports.
    interface: 'tcp://127.0.0.1:9',
    width: COLUMNS[layout.paperWidthMm],
  });
  const width = COLUMNS[layout.paperWidthMm];
  const model = modelFor(layout.commandSet);
  const text = (value: string, columns = width) => {
    for (const line of fold(printable(value), columns)) {
      printer.add(model.text(line));
      printer.add(Buffer.from([0x0a]));
    }
  };
  // What the printer is set to; a command is sent only for a change.
  const now = { align: 'center' as 'center' | 'left', size: 1 as Magnification, bold: false };
  const set = (want: { align: 'center' | 'left'; size: Magnification; bold: boolean }) => {
    if (want.align !== now.align) {
      if (want.align === 'center') printer.alignCenter();
      else printer.alignLeft();
    }
    // EPSON's normal size (ESC ! 0) also ends emphasis: bold is set again after a size.
    const sized = want.size !== now.size;
    if (sized) {
      if (layout.commandSet === 'epson') {
        if (want.size === 1) printer.setTextNormal();
        else printer.setTextSize(want.size - 1, want.size - 1);
      } else {
        // Star Line Mode: ESC i n1 n2, height and width expansion.
        printer.add(Buffer.from([0x1b, 0x69, want.size - 1, want.size - 1]));
      }
    }
    if (want.bold !== now.bold || (sized && layout.commandSet === 'epson' && want.bold)) {
      printer.bold(want.bold);
    }
    Object.assign(now, want);
  };
  /** `1. names (note)`: lines after the first indented under the names; the note kept whole. */
  const hanging = (head: string, body: string, note: string) => {
    const indent = ' '.repeat(columnsOf(head));
    const lines = fold(printable(body), width - indent.length);
    const last = lines.length - 1;
    // A full-width parenthesis brings its own space.
    const joined = `${lines[last] ?? ''}${note.startsWith('（') ? '' : ' '}${note}`;
    if (note !== '' && columnsOf(joined) <= width - indent.length) lines[last] = joined;
    else if (note !== '') lines.push(note);
    lines.forEach((line, i) => text(`${i === 0 ? head : indent}${line}`));
  };

  printer.add(Buffer.from([0x1b, 0x40])); // ESC @: initialize
  printer.add(model.start);
  printer.alignCenter();
  for (const block of ticketContent(ticket, layout)) {
    switch (block.kind) {
      case 'text':
        set(block);
        text(block.text, Math.floor(width / block.size));
        break;
      case 'step':
        set({ align: 'left', size: 1, bold: false });
        hanging(block.head, block.names, block.note);
        break;
      case 'rule':
        set({ align: 'center', size: 1, bold: false });
        printer.drawLine('-');
        break;
      case 'qr': {
        set({ align: 'center', size: 1, bold: false });
        const cellSize = layout.paperWidthMm === 80 ? 6 : 4;
        if (layout.commandSet === 'epson') {
          printer.printQR(block.data, { cellSize, correction: 'M', model: 2 });
        } else {
          // node-thermal-printer 4.6's Star QR code leaves out the data command's header.
          printer.add(starQr(block.data, cellSize));
        }
        printer.newLine();
        break;
      }
    }
  }
  printer.cut();
  return printer.getBuffer();
}

/** Star Line Mode QR code: model 2, correction M, the cell size, the data, print. */
export function starQr(data: string, cellSize: number): Buffer {
  const bytes = Buffer.from(data, 'latin1');
  const qr = (...rest: number[]) => Buffer.from([0x1b, 0x1d, 0x79, ...rest]);
  return Buffer.concat([
    qr(0x53, 0x30, 0x02),
    qr(0x53, 0x31, 0x01),
    qr(0x53, 0x32, cellSize),
    qr(0x44, 0x31, 0x00, bytes.length % 256, Math.floor(bytes.length / 256)),
    bytes,
    qr(0x50),
  ]);
}
