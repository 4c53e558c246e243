import QRCode from 'qrcode';
import type { PrintableTicket } from '../../shared/api.js';
import { ticketContent, type ContentOptions, type TicketBlock } from './content.js';
import { printable } from './ticket.js';

/*
 * The ticket as a page, for a printer installed in the OS: its driver prints the page (and draws
 * the Chinese itself), so the kiosk sends no printer commands. The content is the thermal
 * ticket's (`ticketContent`); the sizes follow the thermal printer's Font A: a normal character
 * is 24 dots = 3 mm high and a Chinese character as wide, on a printable width of 72 mm (80 mm
 * paper) or 48 mm (58 mm paper), with the paper's sides as margins.
 */

/** The printable width of the paper, as a thermal printer's head: 576 or 384 dots at 8 per mm. */
export const PRINT_WIDTH_MM: Record<58 | 80, number> = { 58: 48, 80: 72 };
/** A QR code cell as on the thermal ticket: 6 dots on 80 mm, 4 on 58 mm. */
const QR_CELL_MM: Record<58 | 80, number> = { 58: 0.5, 80: 0.75 };

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => `&#${ch.codePointAt(0) ?? 0};`);

/** The QR code as an SVG of square cells, two cells of quiet zone around it. */
export function qrSvg(data: string, cellMm: number): string {
  const qr = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const side = n + 2 * quiet;
  let path = '';
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) path += `M${col + quiet} ${row + quiet}h1v1h-1z`;
    }
  }
  const size = `${(side * cellMm).toFixed(2)}mm`;
  return (
    `<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" ` +
    `width="${size}" height="${size}" shape-rendering="crispEdges" data-url="${escape(data)}">` +
    `<path d="${path}" fill="#000"/></svg>`
  );
}

function blockHtml(block: TicketBlock, options: ContentOptions): string {
  switch (block.kind) {
    case 'text': {
      const classes = [block.role, `x${block.size}`, block.align, block.bold ? 'bold' : '']
        .filter((c) => c !== '')
        .join(' ');
      return `<p class="${classes}">${escape(printable(block.text))}</p>`;
    }
    case 'step': {
      // The note kept whole; a full-width parenthesis brings its own space.
      const gap = block.note.startsWith('（') ? '' : ' ';
      const note = block.note === '' ? '' : `${gap}<span class="note">${escape(block.note)}</span>`;
      return (
        `<p class="step"><span class="head">${escape(block.head.trim())}</span>` +
        `<span class="names">${escape(printable(block.names))}${note}</span></p>`
      );
    }
    case 'rule':
      return '<hr>';
    case 'qr':
      return `<div class="qr-box">${qrSvg(block.data, QR_CELL_MM[options.paperWidthMm])}</div>`;
  }
}

/** The whole page: self-contained (no script, nothing fetched), black on white. */
export function ticketPage(ticket: PrintableTicket, options: ContentOptions): string {
  const paper = options.paperWidthMm;
  const printWidth = PRINT_WIDTH_MM[paper];
  const side = (paper - printWidth) / 2;
  const lang = options.languages[0] === 'en' ? 'en' : 'zh-CN';
  const body = ticketContent(ticket, options)
    .map((block) => blockHtml(block, options))
    .join('\n');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escape(ticket.number)}</title>
<style>
@page { margin: 0; }
html, body { margin: 0; padding: 0; background: #fff; color: #000; }
body { width: ${paper}mm; }
.ticket { box-sizing: border-box; width: ${paper}mm; padding: 2mm ${side}mm 4mm;
  font-family: "Microsoft YaHei", "SimHei", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC",
    "WenQuanYi Micro Hei", sans-serif;
  font-size: 3mm; line-height: 1.25; overflow-wrap: anywhere; }
p { margin: 0; }
.center { text-align: center; }
.left { text-align: left; }
.bold { font-weight: 700; }
.x2 { font-size: 6mm; line-height: 1.15; }
.x3 { font-size: 9mm; line-height: 1.1; }
.x4 { font-size: 12mm; line-height: 1.1; }
.number { letter-spacing: 0.02em; margin: 0.5mm 0; }
hr { border: 0; border-top: 0.3mm dashed #000; margin: 1.5mm 0; }
.note { white-space: nowrap; }
.step { display: grid; grid-template-columns: max-content 1fr; column-gap: 1ch; }
.qr-box { text-align: center; margin: 1.5mm 0 1mm; line-height: 0; }
</style>
</head>
<body>
<main class="ticket w${paper}" data-paper="${paper}">
${body}
</main>
</body>
</html>
`;
}
