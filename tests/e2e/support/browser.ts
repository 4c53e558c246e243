import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from '../../support/build.js';

/** Debian's Chromium, never a downloaded one; the flags keep it off the network. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Screenshots are kept as artifacts of the run: look at them. */
export const SCREENSHOTS = join(ROOT, 'artifacts', 'screenshots');

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

export async function newPage(
  browser: Browser,
  viewport: { width: number; height: number } = { width: 1920, height: 1080 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * How many pixels of each canvas under `selector` have ink. A chart's canvas is in the page
 * before Chart.js draws on it (an effect after the render): poll this, do not read it once.
 */
export function canvasInk(page: Page, selector: string): Promise<number[]> {
  return page.evaluate(
    (s) =>
      [...document.querySelectorAll<HTMLCanvasElement>(s)].map((c) => {
        const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
        let ink = 0;
        for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) ink++;
        return ink;
      }),
    selector,
  );
}
