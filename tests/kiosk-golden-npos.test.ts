import { describe, expect, it } from 'vitest';
import { buildTicket } from '../apps/kiosk/src/main/printer/ticket.js';
import { decode } from './kiosk-support/escpos.js';
import { CASES } from './kiosk-support/golden-cases.js';
import { nposPaper, nposTree, opsPaper } from './kiosk-support/npos.js';

/*
 * The golden ESC/POS tickets read a second time, by npos (an open-source ESC/POS parser from
 * npm) instead of the kiosk's own decoder: the same commands in the same order, the same lines
 * with the same text (Chinese included, GB18030), the same QR codes and cut. npos knows ESC/POS
 * only: the Star tickets are not ESC/POS, and it refuses them.
 */

const EPSON = CASES.filter((c) => c.layout.commandSet === 'epson');
const STAR = CASES.filter((c) => c.layout.commandSet === 'star');

describe('the golden ESC/POS tickets as npos reads them', () => {
  it.each(EPSON)('$name: npos and the kiosk decoder read the same paper', ({ ticket, layout }) => {
    const bytes = buildTicket(ticket, layout);
    const theirs = nposPaper(bytes);
    const ours = opsPaper(decode(bytes, 'epson'));
    expect(theirs).toEqual(ours);
    // Not empty agreement: the ticket's lines, its number and Chinese are in what npos read.
    expect(theirs.filter((item) => item.startsWith('| ')).length).toBeGreaterThan(10);
    expect(theirs).toContain(`| ${ticket.number}`);
    expect(theirs.some((item) => /^\| .*[\u4e00-\u9fff]/u.test(item))).toBe(true);
    expect(theirs.filter((item) => item === 'qr')).toHaveLength(1);
    expect(theirs.filter((item) => item === 'cut')).toHaveLength(1);
  });

  it('would see a changed byte: a size npos reads differently fails the comparison', () => {
    const first = EPSON[0];
    if (!first) throw new Error('no EPSON golden ticket');
    const { ticket, layout } = first;
    const bytes = buildTicket(ticket, layout);
    const at = bytes.indexOf(Buffer.from([0x1d, 0x21, 0x33])); // GS ! 4x4, the number
    expect(at).toBeGreaterThan(0);
    const changed = Buffer.from(bytes);
    changed[at + 2] = 0x22;
    expect(nposPaper(changed)).not.toEqual(opsPaper(decode(bytes, 'epson')));
  });
});

describe('the golden Star tickets', () => {
  it.each(STAR)('$name: npos (ESC/POS only) cannot read Star Line Mode', ({ ticket, layout }) => {
    expect(() => nposTree(buildTicket(ticket, layout))).toThrow(/Can not parse/);
  });
});
