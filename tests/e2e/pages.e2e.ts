import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ROOT } from '../support/build.js';
import { TestHall } from '../support/hall.js';
import { launch, newPage, screenshot } from './support/browser.js';

/** The hub serves every app's built page, with its CSP, and each loads in Chromium cleanly. */

let hall: TestHall;
let browser: Browser;
beforeAll(async () => {
  hall = await TestHall.start({ pagesDir: join(ROOT, 'dist/pages') });
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
  await hall.close();
});

describe('pages', () => {
  it.each(['kiosk', 'window', 'rate', 'display', 'admin'])(
    'serves /%s and it loads without errors',
    async (name) => {
      const { context, page } = await newPage(browser);
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      const response = await page.goto(`${hall.url}/${name}/`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.waitForSelector('#root > *');
      expect(await page.title()).toMatch(/^OneStop · /);
      await screenshot(page, `page-${name}`);
      expect(problems).toEqual([]);
      await context.close();
    },
  );
});
