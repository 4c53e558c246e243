import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { PrintableTicket } from '../apps/kiosk/src/shared/api.js';
import {
  buildTicket,
  CHINESE_MODE_ON,
  COLUMNS,
  columnsOf,
  fold,
  printable,
} from '../apps/kiosk/src/main/printer/ticket.js';
import { PrintableTicketSchema } from '../apps/kiosk/src/main/printing.js';
import { ROOT } from './support/build.js';
import { decode, render, type Op } from './kiosk-support/escpos.js';
import { CASES, COMBINED, layout, TICKET } from './kiosk-support/golden-cases.js';

/**
 * The printed ticket, decoded back from its bytes and compared with golden files
 * (tests/kiosk-golden/*.txt; `UPDATE_GOLDEN=1 npx vitest run tests/kiosk-ticket.test.ts` rewrites them).
 */

const GOLDEN = join(ROOT, 'tests', 'kiosk-golden');

/** Each printed line with the columns it takes at its size. */
function printedLines(ops: Op[]): { text: string; columns: number }[] {
  const lines: { text: string; columns: number }[] = [];
  let width = 1;
  let text = '';
  for (const op of ops) {
    if (op.op === 'size') width = op.width;
    if (op.op === 'init') width = 1;
    if (op.op === 'text') text += op.text;
    if (op.op === 'newline') {
      lines.push({ text, columns: columnsOf(text) * width });
      text = '';
    }
  }
  return lines;
}

describe('the printed ticket', () => {
  it.each(CASES)('$name matches its golden file', ({ name, ticket, layout }) => {
    const bytes = buildTicket(ticket, layout);
    const ops = decode(bytes, layout.commandSet);
    const paper = render(ops);
    const file = join(GOLDEN, `${name}.txt`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, paper);
    expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(paper).toBe(readFileSync(file, 'utf8'));

    // Every line fits the paper at its size; the number and the QR code are there; it is cut.
    for (const line of printedLines(ops)) {
      expect(line.columns, line.text).toBeLessThanOrEqual(COLUMNS[layout.paperWidthMm]);
    }
    expect(ops).toContainEqual({ op: 'text', text: ticket.number });
    expect(ops.some((op) => op.op === 'qr' && op.data === ticket.statusUrl)).toBe(true);
    expect(ops.filter((op) => op.op === 'cut')).toHaveLength(1);
  });

  it('turns the Chinese mode on before any Chinese text, and sends it as GB18030', () => {
    const bytes = buildTicket(TICKET, layout('epson', 80, ['zh', 'en']));
    const modeAt = bytes.indexOf(CHINESE_MODE_ON);
    const firstHigh = bytes.findIndex((b) => b >= 0x80);
    expect(modeAt).toBeGreaterThanOrEqual(0);
    expect(modeAt).toBeLessThan(firstHigh);
    expect(bytes.indexOf(iconv.encode('示范市政务服务中心', 'GB18030'))).toBeGreaterThan(modeAt);
    expect(bytes.indexOf(Buffer.from('示范', 'utf8'))).toBe(-1);
  });

  it('prints the number four times as large on 80 mm and three times on 58 mm', () => {
    for (const [width, times] of [
      [80, 4],
      [58, 3],
    ] as const) {
      for (const set of ['epson', 'star'] as const) {
        const ops = decode(buildTicket(TICKET, layout(set, width, ['zh'])), set);
        const at = ops.findIndex((op) => op.op === 'text' && op.text === 'A001');
        const size = ops
          .slice(0, at)
          .filter((op) => op.op === 'size')
          .at(-1);
        expect(size, `${set} ${width}`).toEqual({ op: 'size', width: times, height: times });
      }
    }
  });
});

describe('text from the hall that holds printer commands', () => {
  // ESC p 0 25 25: pulse the cash drawer; GS V 0: cut; ESC @: reset; CR LF, TAB, DEL, a C1
  // control (NEL), a bidi override, a zero-width space and a BOM.
  const DRAWER = '\u001bp\u0000\u0019\u0019';
  const CUT = '\u001dV\u0000';
  const HOSTILE: PrintableTicket = {
    ...COMBINED,
    hall: { zh: `示范市${DRAWER}政务服务中心`, en: `Demo City\r\nService${CUT} Center` },
    service: { zh: `开办企业\u202e一件事\u0085`, en: `Starting\ta\u200b business\u007f` },
    notice: { zh: `请携带\u001b@身份证件`, en: `Please\u2028bring\ufeff your ID` },
    steps: [
      [{ zh: `企业${CUT}开办`, en: 'Business start-up' }],
      [
        { zh: '税务综合', en: `Tax${DRAWER} services` },
        { zh: '社保办理', en: 'Social\ninsurance' },
      ],
    ],
  };
  const CLEAN: PrintableTicket = {
    ...COMBINED,
    hall: { zh: '示范市p政务服务中心', en: 'Demo City ServiceV Center' },
    service: { zh: '开办企业一件事 ', en: 'Starting a business' },
    notice: { zh: '请携带@身份证件', en: 'Please bring your ID' },
    steps: [
      [{ zh: '企业V开办', en: 'Business start-up' }],
      [
        { zh: '税务综合', en: 'Taxp services' },
        { zh: '社保办理', en: 'Social insurance' },
      ],
    ],
  };

  it.each([
    ['epson', 80],
    ['epson', 58],
    ['star', 80],
    ['star', 58],
  ] as const)('prints no stray command byte (%s %i mm): the text without them', (set, width) => {
    const paper = layout(set, width, ['zh', 'en']);
    // Decoding refuses any byte sequence that is not one of the kiosk's own commands.
    const ops = decode(buildTicket(HOSTILE, paper), set);
    expect(render(ops)).toBe(render(decode(buildTicket(CLEAN, paper), set)));
    expect(ops.filter((op) => op.op === 'cut')).toHaveLength(1);
  });

  it('keeps line breaks as a space and drops every other control or invisible character', () => {
    expect(printable(`a${DRAWER}b${CUT}c\r\nd\u009be\u202ef\u2066g\u00adh`)).toBe('apbVc defgh');
    expect(printable('示范市政务服务中心 Demo')).toBe('示范市政务服务中心 Demo');
  });
});

describe('the wait line', () => {
  it('says there is no wait, or no window open yet, instead of an estimate', () => {
    const lines = (ticket: PrintableTicket) =>
      render(decode(buildTicket(ticket, layout('epson', 80, ['zh', 'en'])), 'epson'));
    const none = lines({ ...TICKET, peopleAhead: 0, estimateMinutes: 0 });
    expect(none).toContain('无需等候，请留意叫号');
    expect(none).toContain('No wait: please listen for your number');
    expect(none).not.toContain('分钟');
    const closed = lines({ ...TICKET, estimateMinutes: null });
    expect(closed).toContain('暂无窗口办理此业务');
    expect(closed).toContain('No window serves this yet');
    expect(closed).not.toContain('分钟');
    expect(PrintableTicketSchema.safeParse({ ...TICKET, estimateMinutes: null }).success).toBe(
      true,
    );
  });
});

describe('what the page asks to print', () => {
  it('may carry a combined visit of 1 to 6 steps of 1 to 6 services, nothing more', () => {
    expect(PrintableTicketSchema.parse(COMBINED)).toEqual(COMBINED);
    expect(PrintableTicketSchema.parse(TICKET)).toEqual(TICKET);
    const name = { zh: '业务', en: 'Service' };
    const bad = [
      [],
      Array.from({ length: 7 }, () => [name]),
      [[]],
      [Array.from({ length: 7 }, () => name)],
      [[{ zh: '业务' }]],
    ];
    for (const steps of bad) {
      expect(
        PrintableTicketSchema.safeParse({ ...COMBINED, steps }).success,
        JSON.stringify(steps),
      ).toBe(false);
    }
  });
});

describe('fold', () => {
  it('breaks English at spaces and Chinese anywhere, counting Chinese as two columns', () => {
    expect(fold('Business start-up registration', 16)).toEqual([
      'Business',
      'start-up',
      'registration',
    ]);
    expect(fold('不动产登记中心东区', 8)).toEqual(['不动产登', '记中心东', '区']);
    expect(fold('办理 Tax 业务', 8)).toEqual(['办理 Tax', '业务']);
    expect(fold('Supercalifragilistic', 8)).toEqual(['Supercal', 'ifragili', 'stic']);
    expect(fold('', 8)).toEqual(['']);
  });
});
