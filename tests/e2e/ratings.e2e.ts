import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT } from '../support/build.js';
import { HubTestHall } from '../support/hall.js';
import { a11y } from './support/axe.js';
import { launch, newPage, screenshot } from './support/browser.js';
import { serveOne } from '../support/served.js';

/**
 * 好差评 in the admin console, in Chromium against a hub the test starts: the call-back and
 * rectification deadlines and the rating tags beside the call policy, edited and saved; and the
 * visitor's phone rating a finished step from the ticket's status page (the QR code).
 */

let hall: HubTestHall;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  hall = await HubTestHall.start({ pagesDir: join(ROOT, 'dist/pages') });
  browser = await launch();
  ({ context, page } = await newPage(browser, { width: 1280, height: 800 }));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
});

afterAll(async () => {
  await context.close();
  await browser.close();
  await hall.close();
});

describe('好差评 settings in the console', () => {
  it('sets the call-back deadline and a new rating tag beside the call policy', async () => {
    await page.goto(`${hall.url}/admin/#/config/policy`);
    await page.getByLabel('工号').fill('ADMIN');
    await page.getByLabel('密码（PIN）').fill('8642');
    await page.getByRole('button', { name: '登录' }).click();
    const policy = page.getByTestId('config-policy');
    await policy.waitFor();
    await policy.getByLabel('回访核实期限（工作日）').fill('2');
    await policy.getByLabel('整改反馈期限（工作日）').fill('5');
    await policy.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => hall.hub.config.hall.policy)
      .toMatchObject({ callbackDeadlineDays: 2, complaintDeadlineDays: 5 });

    const tags = page.getByTestId('config-rating-tags');
    await tags.getByRole('button', { name: '添加' }).click();
    await tags.getByLabel('标识 9').fill('fast');
    await tags.getByLabel('中文 9').fill('办得快');
    await tags.getByLabel('英文 9').fill('Quick');
    await tags.locator('tr[data-tag="fast"]').getByLabel('非常满意').check();
    await tags.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => hall.hub.config.ratingTags?.map((x) => x.id))
      .toEqual(['warm', 'once', 'errands', 'attitude', 'wait', 'slow', 'unclear', 'rules', 'fast']);
    await screenshot(page, 'ratings-console-policy-tags');
    expect(await a11y(page, 'policy and rating tags')).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('好差评 by QR code on the phone', () => {
  it('rates the finished step at 390×844: a level, its tags, a comment, once', async () => {
    const admin = await hall.client('admin', await hall.login());
    const opened = await admin.command('open_day', { businessDay: null });
    if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
    const ticketId = await serveOne(hall, 'biz-open', 'w1', 'C01');
    const token = hall.hub.current.tickets.get(ticketId)?.accessToken ?? '';
    const phone = await newPage(browser, { width: 390, height: 844 });
    const errors: string[] = [];
    phone.page.on('pageerror', (e) => errors.push(e.message));
    try {
      const { page: p } = phone;
      await p.goto(`${hall.url}/t/${token}`);
      const form = p.locator('#rate');
      await form.waitFor();
      // No level yet: the tags wait for one, and sending asks for it.
      await expect.poll(() => p.locator('#rate-tags').isHidden()).toBe(true);
      await form.getByRole('button', { name: /提交评价/ }).click();
      await expect.poll(() => p.locator('#rate-answer').textContent()).toContain('请先选择满意度');
      await form.getByRole('radio', { name: '不满意 Dissatisfied', exact: true }).check();
      await expect.poll(() => form.getByLabel(/等候太久/).isVisible()).toBe(true);
      expect(await form.getByLabel(/服务热情/).isVisible()).toBe(false);
      await form.getByLabel(/等候太久/).check();
      await form.getByLabel(/意见建议/).fill('等了四十分钟');
      expect(await p.locator('#rate-answer').textContent()).toBe('');
      await form.evaluate((el) => el.scrollIntoView());
      await screenshot(p, 'ratings-qr-phone-form');
      expect(await a11y(p, 'phone rating form')).toEqual([]);
      await form.getByRole('button', { name: /提交评价/ }).click();
      await expect.poll(() => p.locator('#rate-done').textContent()).toContain('感谢您的评价');
      expect(await form.isHidden()).toBe(true);
      expect(hall.hub.current.tickets.get(ticketId)?.rating).toMatchObject({
        score: 2,
        reasons: ['wait'],
        comment: '等了四十分钟',
        channel: 'qr',
      });
      await screenshot(p, 'ratings-qr-phone-thanks');
      expect(await a11y(p, 'phone rating sent')).toEqual([]);
      // Opened again: the step is rated, the form is not offered.
      await p.reload();
      expect(await p.locator('#rate').isHidden()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});
