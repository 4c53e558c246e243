import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingLink, DEMO_HALL, RemoteLink, setUpLink } from '@onestop/hub';
import { idCheckChar, type HallConfig } from '@onestop/shared';
import { ROOT } from '../support/build.js';
import { FakeClock, HubTestHall } from '../support/hall.js';
import { startRegionOnPglite, type RegionOnPglite } from '../support/region-day.js';
import { a11y } from './support/axe.js';
import { launch, newPage, screenshot } from './support/browser.js';

/*
 * 网上预约 on a phone (390×844): a real hub linked to a region (embedded PostgreSQL) offers its
 * slots; the visitor books in Chinese, the hall confirms, the page shows the code and the link's
 * cancel; the form in English. 远程取号 likewise: the form, the request waiting for the hall, the
 * number with its code and the rules; the form in English. Readable by everyone (axe), nothing
 * but the page's own script.
 */

const config: HallConfig = structuredClone(DEMO_HALL);
config.hall.booking = { slotMinutes: 30, daysAhead: 2, capacity: { tax: 3, invoice: 1 } };
for (const s of config.services) {
  if (s.id === 'tax' || s.id === 'invoice') {
    s.hours = [{ days: [1, 2, 3, 4, 5, 6, 7], open: '09:00', close: '10:00' }];
  }
}
config.hall.remote = {
  enabled: true,
  confirmWithinMinutes: 10,
  serviceIds: ['biz-open', 'invoice'],
  perPhonePerDay: 1,
};

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
let remote: RemoteLink;
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
  remote = new RemoteLink(hall.hub, { timeoutMs: 5_000 });
  await remote.round();
  browser = await launch();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await link?.stop();
  await remote?.stop();
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

  it('takes a number from the phone in Chinese: waits for the hall, shows the number, its code and the rules; the form in English', async () => {
    const admin = await hall.client('admin', await hall.login());
    const opened = await admin.command('open_day', { businessDay: null });
    if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
    const { context, page } = await newPage(browser, { width: 390, height: 844 });
    const problems = errorsOf(page);
    try {
      await page.goto(`${r.url}/public/remote.html`);
      await page.getByLabel('事项').selectOption({ label: '企业开办' });
      await page.getByText(/^办事时间：/).waitFor();
      await page.getByLabel('手机号').fill('13912345679');
      const question = await page.getByText(/^请计算：/).textContent();
      const [a, b] = (/(\d+) \+ (\d+)/.exec(question ?? '') ?? []).slice(1).map(Number);
      await page.getByLabel(/^请计算/).fill(String((a ?? 0) + (b ?? 0)));
      await screenshot(page, 'remote-form-zh');
      expect(await a11y(page, 'remote form zh')).toEqual([]);
      // The optional ID number: checked on the page (the check character) before it is sent.
      const idField = page.getByLabel('身份证号（可选，用于在取号机刷身份证确认）');
      await idField.fill(
        `11010519491231002${idCheckChar('11010519491231002') === '1' ? '2' : '1'}`,
      );
      await page.getByRole('button', { name: '取号', exact: true }).click();
      await page
        .getByRole('alert')
        .getByText(/身份证号不正确/)
        .waitFor();
      await idField.fill(`11010519491231002${idCheckChar('11010519491231002')}`);
      await idField.scrollIntoViewIfNeeded();
      expect(await idField.isVisible()).toBe(true);
      await screenshot(page, 'remote-form-id-zh');
      expect(await a11y(page, 'remote form with ID zh')).toEqual([]);

      await page.getByRole('button', { name: '取号', exact: true }).click();
      await page.getByRole('heading', { name: /正在等待大厅答复/ }).waitFor();
      expect(page.url()).toMatch(/\/public\/r\/[A-Za-z0-9_-]{43}$/);
      expect(await a11y(page, 'remote waiting')).toEqual([]);
      expect(await remote.round()).toBe(1);
      await page.reload();
      await page.getByRole('heading', { name: /取号成功/ }).waitFor();
      const ticket = [...hall.hub.current.tickets.values()].find((x) => x.remote);
      expect(ticket?.number).toMatch(/^A\d{3}$/);
      await page.getByText(ticket?.number ?? 'none', { exact: true }).waitFor();
      await page.getByText(/^\d{6}$/).waitFor();
      await page.getByText(/分钟内仍未确认/).waitFor();
      await page.getByText(/也可以在取号机上刷身份证确认/).waitFor();
      expect(await page.content()).not.toContain('11010519491231002');
      await screenshot(page, 'remote-issued');
      expect(await a11y(page, 'remote issued')).toEqual([]);

      await page.goto(`${r.url}/public/remote.html?lang=en`);
      await page.getByLabel('Service').selectOption({ label: 'Invoices' });
      await page.getByText('Opening hours: Mon–Sun 09:00–10:00').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.getByText(/^Please work out:/).waitFor();
      await screenshot(page, 'remote-form-en');
      expect(await a11y(page, 'remote form en')).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
