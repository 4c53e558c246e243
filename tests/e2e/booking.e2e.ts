import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingLink, DEMO_HALL, setUpLink } from '@onestop/hub';
import type { HallConfig } from '@onestop/shared';
import { ROOT } from '../support/build.js';
import { FakeClock, HubTestHall } from '../support/hall.js';
import { startRegionOnPglite, type RegionOnPglite } from '../support/region-day.js';
import { a11y } from './support/axe.js';
import { launch, newPage, screenshot } from './support/browser.js';

/*
 * 网上预约 on a phone (390×844): a real hub linked to a region (embedded PostgreSQL) offers its
 * slots; the visitor books in Chinese, the hall confirms, the page shows the code and the link's
 * cancel; the form in English. Readable by everyone (axe), nothing but the page's own script.
 */

const config: HallConfig = structuredClone(DEMO_HALL);
config.hall.booking = { slotMinutes: 30, daysAhead: 2, capacity: { tax: 3, invoice: 1 } };
for (const s of config.services) {
  if (s.id === 'tax' || s.id === 'invoice') {
    s.hours = [{ days: [1, 2, 3, 4, 5, 6, 7], open: '09:00', close: '10:00' }];
  }
}

/** What the page says went wrong (console errors, uncaught errors, CSP reports). */
function errorsOf(page: Page): string[] {
  const seen: string[] = [];
  page.on('pageerror', (e) => seen.push(e.message));
  page.on('console', (m) => (m.type() === 'error' ? seen.push(m.text()) : undefined));
  return seen;
}

let r: RegionOnPglite;
let hall: HubTestHall;
let link: BookingLink;
let browser: Browser;

beforeAll(async () => {
  r = await startRegionOnPglite({ pagesDir: join(ROOT, 'dist/pages') });
  // Monday 2026-03-02, 10:00 in Asia/Shanghai.
  hall = await HubTestHall.start({ config, now: new FakeClock(Date.UTC(2026, 2, 2, 2)).now });
  const added = await r.region.addHall('市民中心');
  await setUpLink(
    hall.hub.store.regionLink,
    { url: r.url, code: added.code },
    { hubVersion: 'test', now: hall.hub.now() },
  );
  link = new BookingLink(hall.hub, { timeoutMs: 5_000 });
  await link.round();
  browser = await launch();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await link?.stop();
  await hall?.close();
  await r?.close();
});

describe('网上预约 on a phone', () => {
  it('books a slot in Chinese, shows the code once the hall confirms; the form in English', async () => {
    const { context, page } = await newPage(browser, { width: 390, height: 844 });
    const problems = errorsOf(page);
    try {
      await page.goto(`${r.url}/public/booking.html`);
      await page.getByLabel('事项').selectOption({ label: '税务综合' });
      await page.getByLabel('日期').selectOption('2026-03-04');
      await page.getByLabel('时段').selectOption({ label: '09:30（剩余 3）' });
      await page.getByLabel('手机号').fill('13912345678');
      const question = await page.getByText(/^请计算：/).textContent();
      const [a, b] = (/(\d+) \+ (\d+)/.exec(question ?? '') ?? []).slice(1).map(Number);
      await page.getByLabel(/^请计算/).fill(String((a ?? 0) + (b ?? 0)));
      await screenshot(page, 'booking-form-zh');
      expect(await a11y(page, 'booking form zh')).toEqual([]);

      await page.getByRole('button', { name: '提交预约' }).click();
      await page.getByRole('heading', { name: '正在等待大厅确认' }).waitFor();
      expect(page.url()).toMatch(/#t=[A-Za-z0-9_-]{43}$/);
      expect(await link.round()).toBe(1);
      await page.getByRole('heading', { name: '预约成功' }).waitFor({ timeout: 10_000 });
      const code = await page.locator('dd').nth(3).textContent();
      expect(code).toMatch(/^\d{6}$/);
      const booked = hall.hub.store.appointments.byDay('2026-03-04');
      expect(booked.map((x) => [x.code, x.origin, x.phone_masked])).toEqual([
        [code, 'online', '139****5678'],
      ]);
      await page.getByRole('button', { name: '取消预约' }).waitFor();
      await screenshot(page, 'booking-booked-zh');
      expect(await a11y(page, 'booking booked zh')).toEqual([]);

      await page.goto(`${r.url}/public/booking.html?lang=en`);
      await page.getByLabel('Service').selectOption({ label: 'Invoices' });
      await page.getByLabel('Time').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.getByText(/^Please work out:/).waitFor();
      await screenshot(page, 'booking-form-en');
      expect(await a11y(page, 'booking form en')).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
