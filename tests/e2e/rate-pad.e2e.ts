import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDevice } from '@onestop/hub';
import { ROOT } from '../support/build.js';
import { HubTestHall } from '../support/hall.js';
import { a11y } from './support/axe.js';
import { launch, newPage, screenshot } from './support/browser.js';
import { busyMorning } from './support/busy-hall.js';

/**
 * The rating pad in Chromium through a busy morning: a mistaken 非常不满意 is changed on the
 * reasons screen before anything reaches the hub, so no complaint is opened against the clerk.
 */

let hall: HubTestHall;
let browser: Browser;
beforeAll(async () => {
  hall = await HubTestHall.start({ pagesDir: join(ROOT, 'dist/pages') });
  await busyMorning(hall);
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
  await hall.close();
});

describe.each([
  { name: 'landscape', viewport: { width: 1280, height: 800 } },
  { name: 'small', viewport: { width: 1024, height: 600 } },
])('the rating pad, $name', ({ name, viewport }) => {
  it('lets a mistaken poor score be changed before it is sent', async () => {
    const windowId = name === 'landscape' ? 'w2' : 'w3';
    const { pairingCode } = createDevice(
      hall.hub.store,
      hall.hub.config,
      { kind: 'rating_pad', name: `pad ${windowId}`, windowId },
      hall.hub.now(),
    );
    const { context, page } = await newPage(browser, viewport);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${hall.url}/rate/?pair=${pairingCode}`);
    await page.waitForSelector('main.rate.idle');
    expect(await a11y(page, `rate idle ${name}`)).toEqual([]);

    const terminal = await hall.openWindow(windowId, name === 'landscape' ? 'C02' : 'C03');
    const called = await terminal.command('call_next', {});
    if (!called.ok || !called.result.ticket) throw new Error('nobody to call');
    const ticketId = called.result.ticket.id;
    expect((await terminal.command('start_serving', {})).ok).toBe(true);
    expect((await terminal.command('finish', {})).ok).toBe(true);

    await page.locator('button[data-score="1"]').waitFor();
    await screenshot(page, `rate-busy-asking-${name}`);
    expect(await a11y(page, `rate asking ${name}`)).toEqual([]);
    const complaints = hall.hub.current.complaints.size;

    // A mistaken touch on 非常不满意, a reason touched, then 改选.
    await page.locator('button[data-score="1"]').click();
    await page.locator('button[data-reason="attitude"]').click();
    const change = page.getByRole('button', { name: /改选评价/ });
    const submit = page.getByRole('button', { name: /提交评价/ });
    for (const button of [change, submit]) {
      const box = await button.boundingBox();
      expect(box).not.toBeNull();
      if (!box) continue;
      expect(box.height).toBeGreaterThanOrEqual(90);
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    }
    // Change first, submit after: the safe choice reads first.
    const [changeBox, submitBox] = [await change.boundingBox(), await submit.boundingBox()];
    expect((changeBox?.x ?? 0) < (submitBox?.x ?? 0)).toBe(true);
    await screenshot(page, `rate-busy-reasons-${name}`);
    expect(await a11y(page, `rate reasons ${name}`)).toEqual([]);
    await change.click();
    await page.locator('button[data-score="4"]').waitFor();
    expect(await page.locator('button[data-score]').count()).toBe(5);
    // Nothing reached the hub.
    expect(hall.hub.current.tickets.get(ticketId)?.rating ?? null).toBeNull();
    expect(hall.hub.current.complaints.size).toBe(complaints);

    await page.locator('button[data-score="4"]').click();
    await page.getByRole('button', { name: /提交评价/ }).click();
    await page.getByRole('status').getByText('感谢您的评价').waitFor();
    await screenshot(page, `rate-busy-thanks-${name}`);
    expect(await a11y(page, `rate thanks ${name}`)).toEqual([]);
    expect(hall.hub.current.tickets.get(ticketId)?.rating?.score).toBe(4);
    expect(hall.hub.current.complaints.size).toBe(complaints);
    expect(problems).toEqual([]);
    terminal.close();
    await context.close();
  });
});
