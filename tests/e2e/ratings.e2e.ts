import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT } from '../support/build.js';
import { HubTestHall } from '../support/hall.js';
import { a11y } from './support/axe.js';
import { launch, newPage, screenshot } from './support/browser.js';

/**
 * 好差评 in the admin console, in Chromium against a hub the test starts: the call-back and
 * rectification deadlines and the rating tags beside the call policy, edited and saved.
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
