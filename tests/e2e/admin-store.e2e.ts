import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT } from '../support/build.js';
import { HubTestHall } from '../support/hall.js';
import { a11y } from './support/axe.js';
import { launch, newPage, screenshot } from './support/browser.js';

/**
 * The admin monitor tells the supervisor when the hall's database is held by another program
 * and when its files were deleted under the running hub (with the rescue copy), in Chinese and
 * in English, without a reload.
 */

let hall: HubTestHall;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  hall = await HubTestHall.start({ pagesDir: join(ROOT, 'dist/pages') });
  browser = await launch();
  ({ context, page } = await newPage(browser, { width: 1400, height: 900 }));
});

afterAll(async () => {
  await context.close();
  await browser.close();
  await hall.close();
});

describe('admin monitor: the database', () => {
  it('alerts a database locked by another program until it is released, then files deleted under the hub with the rescue copy', async () => {
    await page.goto(`${hall.url}/admin/`);
    await page.getByLabel('工号').fill('ADMIN');
    await page.getByLabel('密码（PIN）').fill('8642');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('monitor-windows').waitFor();

    const other = new Database(hall.dbPath);
    try {
      other.exec('BEGIN IMMEDIATE');
      const busy = page.getByTestId('alert-store-busy');
      await busy.getByText('数据库被其他程序占用').waitFor({ timeout: 20_000 });
      expect(await a11y(page, 'store busy')).toEqual([]);
      await screenshot(page, 'admin-store-busy');
      other.exec('COMMIT');
      await busy.waitFor({ state: 'detached', timeout: 20_000 });
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }

    rmSync(`${hall.dbPath}-wal`);
    const lost = page.getByTestId('alert-store-lost');
    await lost.getByText('数据库文件丢失').waitFor({ timeout: 20_000 });
    const rescue = hall.hub.store.lost?.rescue ?? '';
    expect(rescue).toMatch(/-rescue-\d{8}-\d{6}\.sqlite$/);
    await lost.getByText(rescue, { exact: true }).waitFor();
    expect(await a11y(page, 'store lost')).toEqual([]);
    await screenshot(page, 'admin-store-lost-zh');
    await page.getByRole('button', { name: 'English' }).click();
    await lost.getByText(/Database files lost: the hub takes no changes/).waitFor();
    await lost.getByText('Rescue copy').waitFor();
    await screenshot(page, 'admin-store-lost-en');
  });
});
