import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrintableTicket } from '../../apps/kiosk/src/shared/api.js';
import type { ContentOptions } from '../../apps/kiosk/src/main/printer/content.js';
import { PRINT_WIDTH_MM, ticketPage } from '../../apps/kiosk/src/main/printer/page.js';
import { ROOT } from '../support/build.js';
import { COMBINED as VISIT, HOLDER, TICKET } from '../kiosk-support/golden-cases.js';
import { launch } from './support/browser.js';

/**
 * The ticket page a printer installed in the OS prints, rendered in Debian's Chromium: its text
 * against golden files (tests/kiosk-golden/page-*.txt), nothing outside the paper, one page of
 * PDF as wide as the paper, and a PNG of each kept in tests/kiosk-golden/ to look at
 * (`UPDATE_GOLDEN=1` rewrites the text and the PNGs; the PDFs go to artifacts/ticket-pages/).
 */

const GOLDEN = join(ROOT, 'tests', 'kiosk-golden');
const PDFS = join(ROOT, 'artifacts', 'ticket-pages');
const PX_PER_MM = 96 / 25.4;

/** The golden tickets' own; the combined visit with a long number and the green channel. */
const COMBINED: PrintableTicket = { ...VISIT, number: 'GB1024', priority: true };

const CASES: { name: string; ticket: PrintableTicket; options: ContentOptions }[] = [
  { name: 'page-80-zh', ticket: TICKET, options: opts(80, ['zh']) },
  { name: 'page-80-en', ticket: TICKET, options: opts(80, ['en']) },
  { name: 'page-58-zh', ticket: TICKET, options: opts(58, ['zh']) },
  { name: 'page-58-en', ticket: TICKET, options: opts(58, ['en']) },
  { name: 'page-58-zh-en-combined', ticket: COMBINED, options: opts(58, ['zh', 'en']) },
  { name: 'page-80-zh-holder', ticket: HOLDER, options: opts(80, ['zh']) },
];

function opts(paperWidthMm: 58 | 80, languages: ContentOptions['languages']): ContentOptions {
  return { paperWidthMm, languages, timezone: 'Asia/Shanghai' };
}

/** The width and height of a PNG, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the ticket page for a printer installed in the OS', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
    mkdirSync(PDFS, { recursive: true });
  });
  afterAll(async () => {
    await browser.close();
  });

  it.each(CASES)(
    '$name: the ticket on the paper, as PDF and PNG',
    async ({ name, ticket, options }) => {
      const paperPx = Math.round(options.paperWidthMm * PX_PER_MM);
      const context = await browser.newContext({
        viewport: { width: paperPx, height: 100 },
        deviceScaleFactor: 2,
      });
      try {
        const page = await context.newPage();
        await page.emulateMedia({ media: 'print' });
        await page.setContent(ticketPage(ticket, options));
        await page.evaluate(() => document.fonts.ready);

        // The text, line by line as the page lays it out in blocks.
        const text = await page.locator('main').innerText();
        const file = join(GOLDEN, `${name}.txt`);
        if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, `${text.trim()}\n`);
        expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
        expect(`${text.trim()}\n`).toBe(readFileSync(file, 'utf8'));

        // Nothing outside the printable width; the number the largest text; the QR code's size.
        const layout = await page.evaluate(() => {
          const main = document.querySelector('main');
          const boxes = [...(main?.querySelectorAll('p, span, svg, hr') ?? [])].map((el) => {
            const r = el.getBoundingClientRect();
            return { tag: el.tagName, text: el.textContent, left: r.left, right: r.right };
          });
          const number = document.querySelector('.number');
          const sizes = [...document.querySelectorAll('p')].map((p) =>
            parseFloat(getComputedStyle(p).fontSize),
          );
          return {
            boxes,
            scrollWidth: document.documentElement.scrollWidth,
            height: document.documentElement.scrollHeight,
            numberSize: number ? parseFloat(getComputedStyle(number).fontSize) : 0,
            largest: Math.max(...sizes),
            qrWidth: document.querySelector('svg.qr')?.getBoundingClientRect().width ?? 0,
            qrUrl: document.querySelector('svg.qr')?.getAttribute('data-url'),
          };
        });
        const side =
          ((options.paperWidthMm - PRINT_WIDTH_MM[options.paperWidthMm]) / 2) * PX_PER_MM;
        expect(layout.scrollWidth).toBeLessThanOrEqual(paperPx);
        for (const box of layout.boxes) {
          expect(box.left, `${box.tag} ${box.text ?? ''}`).toBeGreaterThanOrEqual(side - 1);
          expect(box.right, `${box.tag} ${box.text ?? ''}`).toBeLessThanOrEqual(paperPx - side + 1);
        }
        expect(layout.numberSize).toBe(layout.largest);
        expect(layout.numberSize).toBeCloseTo(
          (options.paperWidthMm === 80 ? 12 : 9) * PX_PER_MM,
          0,
        );
        expect(layout.qrUrl).toBe(ticket.statusUrl);
        expect(layout.qrWidth).toBeGreaterThan(15 * PX_PER_MM);

        // One page of PDF, as wide as the paper (points: 72 per inch).
        const pdf = await page.pdf({
          width: `${options.paperWidthMm}mm`,
          height: `${layout.height + 2}px`,
          margin: { top: '0', right: '0', bottom: '0', left: '0' },
        });
        writeFileSync(join(PDFS, `${name}.pdf`), pdf);
        const latin = pdf.toString('latin1');
        expect(latin.match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
        const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(latin);
        // Chromium rounds the page to whole pixels: within a point.
        expect(Math.abs(Number(box?.[1]) - (options.paperWidthMm / 25.4) * 72)).toBeLessThan(1);

        // The PNG to look at: as wide as the paper at twice the pixels, as long as the ticket.
        const png = await page.screenshot({ fullPage: true });
        const pngFile = join(GOLDEN, `${name}.png`);
        if (process.env.UPDATE_GOLDEN === '1') writeFileSync(pngFile, png);
        expect(pngSize(png).width).toBe(paperPx * 2);
        // Same layout as the kept image: the same length of paper (within a line of text).
        const kept = pngSize(readFileSync(pngFile));
        expect(kept.width).toBe(paperPx * 2);
        expect(Math.abs(pngSize(png).height - kept.height)).toBeLessThan(3 * PX_PER_MM * 2);
      } finally {
        await context.close();
      }
    },
  );
});
