/*
 * Renders each app's icon.svg into the installers' icons: icons/<n>x<n>.png for Linux
 * (AppImage, deb) and icon.ico for Windows (the exe, NSIS installer and uninstaller), with
 * Debian's Chromium through playwright-core (no download, no image library). The outputs are
 * committed; run this after changing an SVG:
 *
 *   npx tsx build/installers/make-icons.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const APPS = ['kiosk', 'window-terminal', 'hall-display'] as const;
/** Linux wants a PNG per size (512 and 256 at least); Windows an .ico up to 256. */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * An .ico holding the PNG images as they are (Windows Vista and later read PNG entries):
 * ICONDIR, one ICONDIRENTRY per image (a size of 256 is written as 0), then the images.
 */
export function icoFromPngs(images: readonly { size: number; png: Uint8Array }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries = Buffer.alloc(16 * images.length);
  let offset = header.length + entries.length;
  images.forEach(({ size, png }, i) => {
    const at = 16 * i;
    entries.writeUInt8(size >= 256 ? 0 : size, at);
    entries.writeUInt8(size >= 256 ? 0 : size, at + 1);
    entries.writeUInt8(0, at + 2);
    entries.writeUInt8(0, at + 3);
    entries.writeUInt16LE(1, at + 4);
    entries.writeUInt16LE(32, at + 6);
    entries.writeUInt32LE(png.length, at + 8);
    entries.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, entries, ...images.map(({ png }) => Buffer.from(png))]);
}

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    for (const app of APPS) {
      const svg = readFileSync(join(here, app, 'icon.svg'), 'utf8');
      const pngs = new Map<number, Uint8Array>();
      for (const size of PNG_SIZES) {
        const page = await browser.newPage({ viewport: { width: size, height: size } });
        const html =
          '<!doctype html><html><body style="margin:0;background:transparent">' +
          svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `) +
          '</body></html>';
        await page.setContent(html);
        pngs.set(size, await page.screenshot({ omitBackground: true, type: 'png' }));
        await page.close();
      }
      mkdirSync(join(here, app, 'icons'), { recursive: true });
      for (const [size, png] of pngs) {
        writeFileSync(join(here, app, 'icons', `${size}x${size}.png`), png);
      }
      const ico = icoFromPngs(
        ICO_SIZES.map((size) => {
          const png = pngs.get(size);
          if (!png) throw new Error(`no ${size}px image`);
          return { size, png };
        }),
      );
      writeFileSync(join(here, app, 'icon.ico'), ico);
      console.log(`${app}: icons/*.png (${PNG_SIZES.join(', ')}), icon.ico`);
    }
  } finally {
    await browser.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
