import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_HALL, PlatformUploader } from '@onestop/hub';
import { ROOT } from '../support/build.js';
import { FakePlatform } from '../support/fake-platform.js';
import { HubTestHall, waitFor } from '../support/hall.js';
import { serveAndRate } from '../support/rated.js';
import { a11y } from './support/axe.js';
import { launch, newPage, screenshot } from './support/browser.js';

/**
 * The console's 好差评上报 tab in Chromium: one rating taken by the platform, one refused with
 * its reason; the admin sends the refused one again and sees it sent.
 */

const SECRET = 'e2e-secret';
let platform: FakePlatform;
let hall: HubTestHall;
let uploader: PlatformUploader;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  platform = await FakePlatform.start(SECRET);
  hall = await HubTestHall.start({
    pagesDir: join(ROOT, 'dist/pages'),
    config: {
      ...DEMO_HALL,
      platformUpload: {
        enabled: true,
        url: platform.url,
        platformId: 'HALL-330106',
        mapping: 'default',
      },
    },
  });
  uploader = PlatformUploader.start(hall.hub, { secret: SECRET, pollMs: 100 });
  hall.hub.rollDay();
  platform.script.push('accept', { refuse: '事项编码不在本省事项库中' });
  serveAndRate(hall.hub, { score: 5, reasons: ['warm'] });
  serveAndRate(hall.hub, { score: 2, reasons: ['wait'] });
  await waitFor(
    () => hall.hub.store.platformUpload.counts().refused === 1,
    10_000,
    'one record refused',
  );
  browser = await launch();
  ({ context, page } = await newPage(browser, { width: 1280, height: 800 }));
});

afterAll(async () => {
  await context.close();
  await browser.close();
  await uploader.stop();
  await hall.close();
  await platform.close();
});

describe('admin console: 好差评上报', () => {
  it('shows what was sent and refused, with the reason, and resends a refused record', async () => {
    await page.goto(`${hall.url}/admin/`);
    await page.getByLabel('工号').fill('ADMIN');
    await page.getByLabel('密码（PIN）').fill('8642');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('tab', { name: '好差评上报' }).click();
    await page.getByRole('button', { name: '全部' }).click();
    const table = page.getByTestId('uploads-table');
    await table.getByText('事项编码不在本省事项库中').waitFor();
    await table.getByText('P-1', { exact: false }).waitFor();
    await page.getByRole('button', { name: '被退回 1' }).waitFor();
    await screenshot(page, 'admin-uploads');
    expect(await a11y(page, 'admin uploads')).toEqual([]);

    await table.getByRole('button', { name: '重新上报' }).click();
    await waitFor(
      () => hall.hub.store.platformUpload.counts().sent === 2,
      10_000,
      'the resent record sent',
    );
    await page.getByRole('button', { name: '已上报 2' }).waitFor();
    expect(platform.records.size).toBe(2);
  });

  it('closes a call for help that ended with no ticket, with its reason, from the live monitor', async () => {
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const call = await kiosk.command('request_assist', {});
    if (!call.ok) throw new Error(call.error.code);
    await page.getByRole('tab', { name: '实时监控' }).click();
    const alert = page.getByTestId('alert-assist');
    await alert.waitFor();
    await alert.getByLabel('关闭原因').selectOption('helped_at_kiosk');
    await screenshot(page, 'admin-assist-close');
    expect(await a11y(page, 'admin assist close')).toEqual([]);
    await alert.getByRole('button', { name: '关闭呼叫' }).click();
    await alert.waitFor({ state: 'detached' });
    expect(hall.hub.current.assists.get(call.result.request.id)).toMatchObject({
      status: 'closed',
      closedBy: 'ADMIN',
      closeReason: 'helped_at_kiosk',
    });
  });
});
