import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tcpLink } from '../apps/kiosk/src/main/printer/link.js';
import { PrintService } from '../apps/kiosk/src/main/printer/service.js';
import {
  parseStarStatus,
  STAR_KANJI_OFF,
  STAR_KANJI_ON,
  starStatusLength,
  starText,
} from '../apps/kiosk/src/main/printer/star.js';
import { buildTicket, type TicketLayout } from '../apps/kiosk/src/main/printer/ticket.js';
import { decodeStarLine } from './kiosk-support/starline.js';
import { render } from './kiosk-support/paper.js';
import {
  LAYOUT,
  SHORT_TIMEOUTS as TIMEOUTS,
  STATE_CASES,
  TICKET,
} from './kiosk-support/print-fixtures.js';
import { FakeTcpPrinter } from './kiosk-support/fake-printer.js';

/** Star printers in Star Line Mode: status by ESC ACK SOH, Chinese by ESC p / ESC q. */

const STAR: TicketLayout = { ...LAYOUT, commandSet: 'star' };

describe('the Star automatic status', () => {
  const OK = [0x23, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
  const with_ = (at: number, value: number) => OK.map((b, i) => (i === at ? value : b));

  it('takes its length from header 1', () => {
    expect(starStatusLength(0x23)).toBe(9);
    expect(starStatusLength(0x0f)).toBe(7);
    expect(starStatusLength(0x2f)).toBe(15);
    expect(starStatusLength(0x12)).toBeNull(); // an ESC/POS DLE EOT answer is not a header
    expect(starStatusLength(0x03)).toBeNull(); // too short to carry the paper sensor
    expect(starStatusLength(0x33)).toBeNull(); // bit 4 set
  });

  it('reads the state, the worst first', () => {
    expect(parseStarStatus(OK)).toBe('ok');
    expect(parseStarStatus(with_(5, 0x04))).toBe('paper_near_end');
    expect(parseStarStatus(with_(5, 0x02))).toBe('paper_near_end');
    expect(parseStarStatus(with_(5, 0x0c).map((b, i) => (i === 2 ? 0x08 : b)))).toBe('paper_out');
    expect(parseStarStatus(with_(2, 0x28))).toBe('cover_open');
    expect(parseStarStatus(with_(2, 0x08))).toBe('offline');
    expect(parseStarStatus(with_(3, 0x08))).toBe('offline'); // auto-cutter error
    expect(parseStarStatus(with_(5, 0x09))).toBe('not_responding'); // bit 0 must be clear
    expect(parseStarStatus(OK.slice(0, 8))).toBe('not_responding'); // shorter than it says
  });
});

describe('Chinese text for a Star printer', () => {
  it('sends runs of Chinese between ESC p and ESC q as two-byte GB codes, ASCII outside', () => {
    const gb = (s: string) => iconv.encode(s, 'GB18030');
    expect(starText('前面还有 3 人')).toEqual(
      Buffer.concat([
        STAR_KANJI_ON,
        gb('前面还有'),
        STAR_KANJI_OFF,
        Buffer.from(' 3 '),
        STAR_KANJI_ON,
        gb('人'),
        STAR_KANJI_OFF,
      ]),
    );
    expect(starText('Your number')).toEqual(Buffer.from('Your number'));
    // U+20000 has only a four-byte GB18030 code: it cannot be sent in the two-byte mode.
    expect(starText('中\u{20000}心')).toEqual(
      Buffer.concat([
        STAR_KANJI_ON,
        gb('中'),
        STAR_KANJI_OFF,
        Buffer.from('?'),
        STAR_KANJI_ON,
        gb('心'),
        STAR_KANJI_OFF,
      ]),
    );
  });

  it('sends no EPSON command in a Star ticket', () => {
    const bytes = buildTicket(TICKET, STAR);
    expect(bytes.indexOf(Buffer.from([0x1c, 0x26]))).toBe(-1); // FS &
    expect(bytes.indexOf(Buffer.from([0x10, 0x04]))).toBe(-1); // DLE EOT
    expect(bytes.indexOf(Buffer.from([0x1d, 0x21]))).toBe(-1); // GS !
    // The Star decoder refuses a byte over 7F outside ESC p … ESC q.
    expect(render(decodeStarLine(bytes))).toContain('«企业开办»');
    expect(() => decodeStarLine(Buffer.concat([bytes, gb2('号')]))).toThrow(/outside/);
  });
});

function gb2(s: string): Buffer {
  return iconv.encode(s, 'GB18030');
}

describe('the print service and a Star printer over TCP', () => {
  let printer: FakeTcpPrinter;
  beforeEach(async () => {
    printer = await FakeTcpPrinter.start('star');
  });
  afterEach(async () => {
    await printer.close();
  });

  it.each(STATE_CASES)(
    'a Star printer that is $state reads as $status',
    async ({ state, status, prints }) => {
      const service = new PrintService(tcpLink('127.0.0.1', printer.port), STAR, TIMEOUTS);
      printer.state = state;
      expect(await service.status()).toBe(status);
      const result = await service.print(TICKET);
      if (prints) {
        expect(result).toEqual({ ok: true });
        expect(printer.printed.equals(buildTicket(TICKET, STAR))).toBe(true);
        expect(decodeStarLine(printer.printed)).toContainEqual({ op: 'text', text: 'A001' });
      } else {
        expect(result).toMatchObject({ ok: false, state: status });
        expect(printer.printed.length).toBe(0);
      }
    },
  );

  it('was read as not responding when asked in ESC/POS (DLE EOT), which a Star ignores', async () => {
    const epson = new PrintService(tcpLink('127.0.0.1', printer.port), LAYOUT, TIMEOUTS);
    expect(await epson.status()).toBe('not_responding');
    expect(printer.queries).toEqual([]);
    const star = new PrintService(tcpLink('127.0.0.1', printer.port), STAR, TIMEOUTS);
    expect(await star.status()).toBe('ok');
    expect(printer.queries).toEqual([0x01]);
  });

  it('sees the paper running out during the ticket', async () => {
    const service = new PrintService(tcpLink('127.0.0.1', printer.port), STAR, TIMEOUTS);
    printer.paperOutAfterBytes = 100;
    expect(await service.print(TICKET)).toMatchObject({ ok: false, state: 'paper_out' });
  });
});

describe('an EPSON printer asked in Star Line Mode', () => {
  it('does not answer ESC ACK SOH', async () => {
    const printer = await FakeTcpPrinter.start('epson');
    try {
      const star = new PrintService(tcpLink('127.0.0.1', printer.port), STAR, TIMEOUTS);
      expect(await star.status()).toBe('not_responding');
    } finally {
      await printer.close();
    }
  });
});
