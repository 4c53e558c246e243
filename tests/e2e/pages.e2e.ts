import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ROOT } from '../support/build.js';
import { HubTestHall } from '../support/hall.js';
import { a11y } from './support/axe.js';
import { launch, newPage, screenshot } from './support/browser.js';
import { busyMorning } from './support/busy-hall.js';

/** The hub serves every app's built page, with its CSP, and each loads in Chromium cleanly. */

let hall: HubTestHall;
let browser: Browser;
beforeAll(async () => {
  hall = await HubTestHall.start({ pagesDir: join(ROOT, 'dist/pages') });
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

describe('the ticket status page on a phone, through a busy morning', () => {
  it('says when it last updated, when it lost the hall, and stops once the visit is over', async () => {
    await busyMorning(hall);
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const issued = await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: ['fund'] }],
      class: 'normal',
    });
    if (!issued.ok) throw new Error(issued.error.code);
    const ticket = issued.result.ticket;
    const viewport = { width: 390, height: 844 };
    const { context, page } = await newPage(browser, viewport);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    let polls = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('.json')) polls++;
    });
    await page.goto(`${hall.url}/t/${ticket.accessToken}`);
    const updated = page.locator('#updated-zh');
    await expect.poll(() => updated.textContent()).toMatch(/^更新于 \d\d:\d\d:\d\d$/);
    expect(await page.locator('#updated-en').textContent()).toMatch(/^Updated at \d\d:\d\d:\d\d$/);
    const lost = page.locator('#lost');
    expect(await lost.isVisible()).toBe(false);
    // Everything a visitor reads is on the phone's screen width, nothing wider.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(viewport.width);
    for (const selector of ['.number', '#state-zh', '#ahead-zh', '.updated', 'p.note']) {
      const box = await page.locator(selector).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= viewport.width, selector).toBe(true);
    }
    await screenshot(page, 'ticket-status-busy-waiting');
    expect(await a11y(page, 'status page waiting')).toEqual([]);
    const first = await updated.textContent();

    // The hub goes away: the next poll fails and the page says so, keeping its last update.
    await hall.offline(async () => {
      await lost.waitFor({ state: 'visible', timeout: 20_000 });
      expect(await lost.textContent()).toBe('与大厅的连接已断开，正在重试Lost the hall, retrying');
      const box = await lost.boundingBox();
      expect(box && box.y + box.height <= viewport.height).toBe(true);
      expect(await updated.textContent()).toBe(first);
      await screenshot(page, 'ticket-status-lost');
      expect(await a11y(page, 'status page lost')).toEqual([]);
    });
    // Back: the line goes and the time moves on.
    await lost.waitFor({ state: 'hidden', timeout: 20_000 });
    await expect.poll(() => updated.textContent()).not.toBe(first);

    // Served and done: no "updates by itself", and no more polling.
    const window = await hall.openWindow('w12', 'C12');
    for (;;) {
      const called = await window.command('call_next', {});
      if (!called.ok || !called.result.ticket) throw new Error('the ticket was never called');
      expect((await window.command('start_serving', {})).ok).toBe(true);
      expect((await window.command('finish', {})).ok).toBe(true);
      if (called.result.ticket.id === ticket.id) break;
    }
    await expect
      .poll(() => page.locator('#note-zh').textContent())
      .toBe('本次办理已结束，本页不再更新。');
    expect(await page.locator('body').textContent()).not.toContain('本页自动更新');
    expect(await page.locator('body').textContent()).not.toContain('updates by itself');
    expect(await page.locator('#ticket').getAttribute('data-poll')).toBe('0');
    await screenshot(page, 'ticket-status-done');
    expect(await a11y(page, 'status page done')).toEqual([]);
    // A done page loaded afresh says the same and never polls.
    const seen = polls;
    await page.reload();
    await page.locator('#note-zh').waitFor();
    expect(await page.locator('#note-en').textContent()).toBe(
      'This visit is over; this page no longer updates.',
    );
    await page.waitForTimeout(6_000);
    expect(polls).toBe(seen);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('loads its script and its style as built from apps/status-page', async () => {
    for (const [asset, type] of [
      ['status.js', 'javascript'],
      ['status.css', 'text/css'],
    ] as const) {
      const res = await fetch(`${hall.url}/t/${asset}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(await res.text()).toBe(readFileSync(join(ROOT, 'dist/pages/status', asset), 'utf8'));
    }
  });
});
