import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpLink, startRegionLink, type RegionLink } from '@onestop/hub';
import { ROOT } from '../support/build.js';
import { FakeRegion } from '../support/fake-region.js';
import { HubTestHall } from '../support/hall.js';
import { a11y } from './support/axe.js';
import { launch, newPage, screenshot } from './support/browser.js';

/**
 * The admin monitor shows the hall's link to a region: caught up, then offline since a time
 * with the events still to send, in Chinese and in English, without a reload.
 */

let region: FakeRegion;
let hall: HubTestHall;
let running: { link: RegionLink; stop: () => Promise<void> } | null = null;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  region = await FakeRegion.start();
  hall = await HubTestHall.start({
    pagesDir: join(ROOT, 'dist/pages'),
    linkHealth: () => running?.link.health() ?? { state: 'not_linked' },
  });
  browser = await launch();
  ({ context, page } = await newPage(browser, { width: 1400, height: 900 }));
});

afterAll(async () => {
  await context.close();
  await browser.close();
  await running?.stop();
  await hall.close();
  await region.close();
});

describe('admin monitor: the region link', () => {
  it('shows not linked, caught up, then offline since a time with the events behind', async () => {
    await page.goto(`${hall.url}/admin/`);
    await page.getByLabel('工号').fill('ADMIN');
    await page.getByLabel('密码（PIN）').fill('8642');
    await page.getByRole('button', { name: '登录' }).click();
    const badge = page.getByTestId('monitor-link');
    await badge.getByText('未联网').waitFor();

    const { hub } = hall;
    await setUpLink(
      hub.store.regionLink,
      { url: region.url, code: region.addHall() },
      { hubVersion: 'test', now: hub.now() },
    );
    running = startRegionLink(hub, { minRetryMs: 50, maxRetryMs: 200, log: () => {} });
    await badge.getByText('已连接，数据已同步').waitFor({ timeout: 20_000 });
    expect(await a11y(page, 'link caught up')).toEqual([]);
    await screenshot(page, 'admin-link-caught-up');

    region.mode = 'fail';
    // The hall goes on (a notice changed twice) while the region is away.
    for (const zh of ['今日系统维护', '欢迎']) {
      const config = { ...hub.config, hall: { ...hub.config.hall, notice: { zh, en: zh } } };
      const outcome = hub.execute({ kind: 'system' }, 'e2e', `notice-${zh}`, {
        type: 'change_config',
        config,
      });
      expect(outcome.ok).toBe(true);
    }
    await badge.getByText(/自 .* 起离线，\d+ 条记录待上传/).waitFor({ timeout: 20_000 });
    expect(await a11y(page, 'link offline')).toEqual([]);
    await screenshot(page, 'admin-link-offline-zh');
    await page.getByRole('button', { name: 'English' }).click();
    await badge.getByText(/Offline since .*, \d+ events behind/).waitFor();
    await screenshot(page, 'admin-link-offline-en');

    region.mode = 'ok';
    await badge.getByText('Connected and caught up').waitFor({ timeout: 20_000 });
  });
});
