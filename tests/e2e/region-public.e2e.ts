import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/build.js';
import {
  linkedHall,
  morningEvents,
  startRegionOnPglite,
  type RegionOnPglite,
} from '../support/region-day.js';
import { a11y } from './support/axe.js';
import { launch, newPage, screenshot } from './support/browser.js';

/*
 * 阳光政务 on a phone (390×844): a hall's morning as the region holds it, in Chinese and in
 * English, readable by everyone (axe), with nothing but the page's own script (no CSP report).
 */

let r: RegionOnPglite;
let browser: Browser;

beforeAll(async () => {
  r = await startRegionOnPglite({ pagesDir: join(ROOT, 'dist/pages'), publicFreshMs: 0 });
  const hallId = await linkedHall(r.region, '东城区政务服务中心');
  const ingested = await r.region.ingest(hallId, {
    historyId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    afterSeq: 0,
    events: morningEvents(),
  });
  if (!ingested.ok) throw new Error(ingested.refusal.message);
  await linkedHall(r.region, '西城区政务服务中心');
  browser = await launch();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await r?.close();
});

describe('阳光政务 on a phone', () => {
  it('shows every hall now, in Chinese and in English', async () => {
    const { context, page } = await newPage(browser, { width: 390, height: 844 });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(`${r.url}/public/`);
      const hall = page.getByRole('region', { name: '东城区政务服务中心' });
      await hall.getByRole('rowheader', { name: '税务登记' }).waitFor();
      expect(await hall.locator('.figure dd').allTextContents()).toEqual([
        '3',
        '2',
        '5 分钟',
        '50%（2 条评价）',
      ]);
      await page
        .getByRole('region', { name: '西城区政务服务中心' })
        .getByText('尚无今日数据')
        .waitFor();
      await screenshot(page, 'region-public-zh');
      expect(await a11y(page, 'public zh')).toEqual([]);

      await page.getByRole('link', { name: 'English' }).click();
      const en = page.getByRole('region', { name: '东城区政务服务中心' });
      await en.getByRole('rowheader', { name: 'Tax registration' }).waitFor();
      expect(await en.locator('.figure dt').allTextContents()).toEqual([
        'Waiting',
        'Windows open',
        'Average wait today',
        'Satisfaction today',
      ]);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await screenshot(page, 'region-public-en');
      expect(await a11y(page, 'public en')).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
