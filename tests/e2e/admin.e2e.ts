import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { readSheet } from 'read-excel-file/node';
import type { HubClient } from '@onestop/shared/client';
import { parseCsv } from '../../apps/admin/src/renderer/csv.js';
import { createDevice } from '@onestop/hub';
import { ROOT } from '../support/build.js';
import { HubTestHall, waitFor } from '../support/hall.js';
import { a11y } from './support/axe.js';
import { canvasInk, launch, newPage, screenshot } from './support/browser.js';
import { rawRequest } from '../support/hostile-http.js';

/**
 * The admin console in Chromium against a hub the test starts: log in, watch the hall live,
 * rename a service and see every client get it without a reload, see a poor rating arrive as a
 * complaint, export a report and read the file back. Supervisors get no configuration.
 */

let hall: HubTestHall;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let kiosk: HubClient<'kiosk'>;
const problems: string[] = [];

/** Opens a sub-page of the configuration from its side navigation. */
async function configPage(p: Page, name: string): Promise<void> {
  await p.getByRole('tab', { name: '配置' }).click();
  await p
    .getByRole('navigation', { name: '配置分页' })
    .getByRole('link', { name, exact: true })
    .click();
  await p.getByRole('heading', { level: 1, name, exact: true }).waitFor();
}

/** The box of what a locator shows; fails when it is not shown. */
async function box(l: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await l.boundingBox();
  if (b === null) throw new Error('not shown');
  return b;
}

async function logIn(p: Page, staffCode: string, pin: string): Promise<void> {
  await p.goto(`${hall.url}/admin/`);
  await p.getByLabel('工号').fill(staffCode);
  await p.getByLabel('密码（PIN）').fill(pin);
  await p.getByRole('button', { name: '登录' }).click();
  await p.getByRole('tab', { name: '实时监控' }).waitFor();
}

beforeAll(async () => {
  hall = await HubTestHall.start({ pagesDir: join(ROOT, 'dist/pages') });
  const admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
  kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
  browser = await launch();
  ({ context, page } = await newPage(browser, { width: 1600, height: 1000 }));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
});

afterAll(async () => {
  await context.close();
  await browser.close();
  await hall.close();
});

describe('admin console', () => {
  it('logs in and shows the live monitor, updated as the hall works', async () => {
    await page.goto(`${hall.url}/admin/`);
    await page.getByLabel('工号').waitFor();
    expect(await a11y(page, 'login')).toEqual([]);
    await logIn(page, 'ADMIN', '8642');
    const windows = page.getByTestId('monitor-windows');
    await windows.waitFor();
    expect(await page.title()).toMatch(/^OneStop · /);

    for (let i = 0; i < 3; i++) {
      const issued = await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['biz-open'] }],
        class: 'normal',
      });
      expect(issued.ok).toBe(true);
    }
    const w1 = await hall.openWindow('w1', 'C01');
    const called = await w1.command('call_next', {});
    expect(called.ok && called.result.ticket?.number).toBe('A001');
    // No reload: the page's mirror gets the call.
    await windows.getByText('A001').waitFor();
    // How long, in words (not 0:05, which reads as a time of day).
    await windows
      .getByText(/^(\d+ 分 )?\d+ 秒$/)
      .first()
      .waitFor();
    await page.getByTestId('monitor-services').getByText('企业开办').waitFor();
    const kioskToken = await hall.pair('kiosk');
    const paperOut = await hall.client('kiosk', kioskToken);
    const status = await paperOut.command('device_status', {
      state: 'error',
      detail: 'paper out',
      printer: { paper: 'out', coverOpen: false, online: true },
    });
    expect(status.ok).toBe(true);
    // Devices' status is read again every few seconds: the alert comes without a reload.
    await page.getByTestId('monitor-alerts').getByText('打印机缺纸').waitFor({ timeout: 20_000 });
    // 好差评 today, for the whole hall (one service finished, none rated yet).
    await page.getByTestId('today-ratings').getByText('评价率 · 今日好差评').waitFor();
    expect(await a11y(page, 'monitor')).toEqual([]);
    await screenshot(page, 'admin-monitor');
  });

  it('renames a service; the console and a kiosk see the new name without reload', async () => {
    await configPage(page, '部门与事项');
    const row = page.locator('tr[data-service="biz-open"]');
    await row.getByLabel('biz-open 中文名称').fill('企业开办一窗通');
    await row.getByLabel('biz-open 英文名称').fill('Start a business');
    await row.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').getByText('已保存，已实时生效').waitFor();
    await waitFor(
      () =>
        kiosk.state?.config.services.find((s) => s.id === 'biz-open')?.name.zh === '企业开办一窗通',
      5_000,
      'the kiosk to get the new name',
    );
    // A window: its services ticked by department, each in a tier.
    await configPage(page, '窗口');
    const w12 = page.locator('tr[data-window="w12"]');
    await w12.getByLabel('w12 发票办理 梯队', { exact: true }).selectOption('2');
    await w12.getByRole('button', { name: '保存' }).click();
    await waitFor(
      () => kiosk.state?.config.windows.find((w) => w.id === 'w12')?.services.at(-1)?.weight === 2,
      5_000,
      'the new weights',
    );
    await screenshot(page, 'admin-config');
    // The calendar: a national holiday and a Sunday worked, seen live by the kiosk.
    await configPage(page, '营业时间');
    const calendar = page.getByTestId('config-calendar');
    await calendar.locator('input[name="holidays"]').fill('2030-10-01');
    await calendar.locator('input[name="holidays"]').press('Enter');
    await calendar.locator('input[name="extraWorkdays"]').fill('2030-09-29');
    await calendar.locator('input[name="extraWorkdays"]').press('Enter');
    await calendar.getByRole('button', { name: '保存', exact: true }).click();
    await waitFor(
      () =>
        kiosk.state?.config.hall.holidays.includes('2030-10-01') === true &&
        kiosk.state.config.hall.extraWorkdays.includes('2030-09-29'),
      5_000,
      'the kiosk to get the calendar',
    );
    // The console draws the panel anew when the new configuration reaches it, which may be
    // just now: scroll to the panel shown (a few tries), not to one taken off the page.
    for (let attempt = 1; ; attempt++) {
      try {
        await calendar.scrollIntoViewIfNeeded({ timeout: 2_000 });
        break;
      } catch (err) {
        if (attempt >= 5) throw err;
      }
    }
    await screenshot(page, 'admin-config-calendar');
    await page.getByRole('tab', { name: '实时监控' }).click();
    await page.getByTestId('monitor-services').getByText('企业开办一窗通').waitFor();

    // An empty name is refused, naming the field, at its row.
    await configPage(page, '部门与事项');
    const tax = page.locator('tr[data-service="tax"]');
    await tax.getByLabel('tax 英文名称').fill('');
    await tax.getByRole('button', { name: '保存' }).click();
    await page
      .locator('tr[data-service="tax"] + tr')
      .getByRole('alert')
      .getByText('英文名称：不能为空')
      .waitFor();
    expect(await tax.getByLabel('tax 英文名称').getAttribute('aria-invalid')).toBe('true');
  });

  it('splits the configuration into sub-pages, each at its own address, none of them a long scroll', async () => {
    const pages = [
      ['大厅', 'hall'],
      ['部门与事项', 'services'],
      ['窗口', 'windows'],
      ['叫号规则', 'policy'],
      ['营业时间', 'hours'],
      ['人员', 'staff'],
      ['设备', 'devices'],
      ['组合办理', 'visits'],
      ['公告', 'notice'],
      ['办事指南', 'guide'],
      ['预约与远程取号', 'online'],
    ] as const;
    const nav = page.getByRole('navigation', { name: '配置分页' });
    await page.getByRole('tab', { name: '配置' }).click();
    expect(await nav.getByRole('link').allTextContents()).toEqual(pages.map(([name]) => name));
    const heights: Record<string, number> = {};
    for (const [name, id] of pages) {
      await configPage(page, name);
      expect(new URL(page.url()).hash).toBe(`#/config/${id}`);
      expect(await nav.getByRole('link', { name, exact: true }).getAttribute('aria-current')).toBe(
        'page',
      );
      heights[id] = await page.evaluate(() => document.documentElement.scrollHeight);
      // The navigation beside the sub-page, never over it, and still there at its bottom.
      const content = await box(page.locator('.config-page'));
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const side = await box(nav);
      expect(side.x + side.width).toBeLessThanOrEqual(content.x);
      expect(side.y).toBeGreaterThanOrEqual(0);
      expect(side.y).toBeLessThan(100);
      await page.evaluate(() => window.scrollTo(0, 0));
      expect(await a11y(page, `config-${id}`)).toEqual([]);
    }
    // The whole configuration was one page of 7,391 px; now the tallest sub-page is a fraction.
    expect(Math.max(...Object.values(heights))).toBeLessThan(2600);
    // A reload comes back to the same sub-page.
    await configPage(page, '叫号规则');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '叫号规则' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/config/policy');
  });

  it("edits a service's hours by weekday, several periods a day, and round-trips them", async () => {
    await configPage(page, '营业时间');
    await page.getByTestId('hours-list').getByRole('link', { name: /^K / }).click();
    const editor = page.getByTestId('week-editor');
    await editor.getByRole('heading', { name: /^K .*每周取号时间$/ }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/config/hours/fund');
    // A row per weekday, Monday to Sunday, top to bottom.
    const days = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
    const tops: number[] = [];
    for (const day of days) tops.push((await box(editor.locator(`tr[data-weekday="${day}"]`))).y);
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
    expect(new Set(tops).size).toBe(7);
    // Monday: a morning and an afternoon; Saturday: mornings only; Sunday: closed.
    await editor.getByLabel('周一 1 结束').fill('12:00');
    await editor.getByRole('button', { name: '周一 加时段' }).click();
    await editor.getByLabel('周一 2 开始').fill('13:30');
    await editor.getByLabel('周一 2 结束').fill('17:00');
    await editor.getByLabel('周六 1 结束').fill('12:00');
    await editor.getByLabel('周日 营业').uncheck();
    // Monday's two periods side by side on its row, morning first.
    const morning = await box(editor.getByLabel('周一 1 开始'));
    const afternoon = await box(editor.getByLabel('周一 2 开始'));
    expect(afternoon.x).toBeGreaterThan(morning.x);
    expect(Math.abs(afternoon.y - morning.y)).toBeLessThan(4);
    expect(await a11y(page, 'config-hours-editing')).toEqual([]);
    await editor.getByRole('button', { name: '保存', exact: true }).click();
    await waitFor(
      () =>
        JSON.stringify(hall.hub.config.services.find((s) => s.id === 'fund')?.hours) ===
        JSON.stringify([
          { days: [1, 6], open: '00:00', close: '12:00' },
          { days: [1], open: '13:30', close: '17:00' },
          { days: [2, 3, 4, 5], open: '00:00', close: '24:00' },
        ]),
      5_000,
      'the new week',
    );
    const summary = '周一 00:00–12:00、13:30–17:00；周二至周五 00:00–24:00；周六 00:00–12:00';
    await page.getByTestId('hours-list').getByText(summary).waitFor();
    await screenshot(page, 'admin-config-hours');
    // Read back after a reload: the same week on the same address.
    await page.reload();
    const again = page.getByTestId('week-editor');
    await again.getByLabel('周一 2 开始').waitFor();
    expect(await again.getByLabel('周一 2 开始').inputValue()).toBe('13:30');
    expect(await again.getByLabel('周日 营业').isChecked()).toBe(false);
    expect(await again.getByRole('button', { name: '保存', exact: true }).isDisabled()).toBe(true);

    // A period that closes before it opens: the hub refuses, and says so under Tuesday's row.
    await again.getByLabel('周二 1 结束').fill('00:00');
    await again.getByRole('button', { name: '保存', exact: true }).click();
    const alert = again.getByRole('alert');
    await alert.getByText('取号时间：开始时间须早于结束时间').waitFor();
    const tuesday = await box(again.locator('tr[data-weekday="周二"]'));
    const wednesday = await box(again.locator('tr[data-weekday="周三"]'));
    const said = await box(alert);
    expect(said.y).toBeGreaterThanOrEqual(tuesday.y + tuesday.height - 1);
    expect(said.y + said.height).toBeLessThanOrEqual(wednesday.y + 1);
    expect(await again.getByLabel('周二 1 结束').getAttribute('aria-invalid')).toBe('true');
    expect(await again.getByLabel('周一 1 结束').getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByRole('alert').count()).toBe(1);
    await screenshot(page, 'admin-config-hours-refused');
    await again.getByRole('button', { name: '还原' }).click();
    expect(await again.getByRole('alert').count()).toBe(0);
  });

  it('shows a refused change under the row it concerns, the field marked', async () => {
    await configPage(page, '部门与事项');
    const row = page.locator('tr[data-service="social"]');
    const quota = row.getByLabel('social 每日限额');
    await quota.fill('200000');
    await row.getByRole('button', { name: '保存' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('每日限额：不能大于 100000').waitFor();
    // The only message, right under the row, across the table, on the screen.
    expect(await alert.count()).toBe(1);
    const r = await box(row);
    const a = await box(alert);
    const table = await box(page.getByTestId('config-services'));
    expect(a.y).toBeGreaterThanOrEqual(r.y + r.height - 1);
    expect(a.y - (r.y + r.height)).toBeLessThan(16);
    expect(a.x).toBeGreaterThanOrEqual(table.x);
    expect(a.y + a.height).toBeLessThanOrEqual(page.viewportSize()?.height ?? 0);
    expect(await quota.getAttribute('aria-invalid')).toBe('true');
    expect(await quota.evaluate((e) => getComputedStyle(e).borderTopColor)).toBe(
      'rgb(179, 38, 30)',
    );
    expect(
      await row.getByLabel('social 中文名称').evaluate((e) => getComputedStyle(e).borderTopColor),
    ).not.toBe('rgb(179, 38, 30)');
    expect(await a11y(page, 'config-services-refused')).toEqual([]);
    await screenshot(page, 'admin-config-refused');
    expect(hall.hub.config.services.find((s) => s.id === 'social')?.dailyQuota).toBeNull();
    // Put right, saved: the message goes.
    await quota.fill('500');
    await row.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').getByText('已保存，已实时生效').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('asks before disabling a service people wait for, saying how many', async () => {
    for (let i = 0; i < 3; i++) {
      const issued = await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['medical'] }],
        class: 'normal',
      });
      expect(issued.ok).toBe(true);
    }
    const waiting = [...hall.hub.current.tickets.values()].filter(
      (t) => t.status === 'waiting' && t.queueServiceIds.includes('medical'),
    ).length;
    expect(waiting).toBeGreaterThanOrEqual(3);
    await configPage(page, '部门与事项');
    const row = page.locator('tr[data-service="medical"]');
    await row.getByLabel('medical 启用').uncheck();
    await row.getByRole('button', { name: '保存' }).click();
    const dialog = page.getByRole('dialog', { name: /^停用“.+”？$/ });
    await dialog.getByText(`现有 ${waiting} 人正在等候此事项`, { exact: false }).waitFor();
    // Over the page, in the middle of the screen.
    const d = await box(dialog);
    const view = page.viewportSize() ?? { width: 0, height: 0 };
    expect(Math.abs(d.x + d.width / 2 - view.width / 2)).toBeLessThan(20);
    expect(d.y).toBeGreaterThan(0);
    expect(d.y + d.height).toBeLessThan(view.height);
    expect(await a11y(page, 'config-disable-dialog')).toEqual([]);
    await screenshot(page, 'admin-config-disable');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(hall.hub.config.services.find((s) => s.id === 'medical')?.enabled).toBe(true);
    await row.getByRole('button', { name: '保存' }).click();
    await dialog.getByRole('button', { name: '确认停用' }).click();
    await waitFor(
      () => hall.hub.config.services.find((s) => s.id === 'medical')?.enabled === false,
      5_000,
      'medical disabled',
    );
    // Enabling asks nothing.
    await row.getByLabel('medical 启用').check();
    await row.getByRole('button', { name: '保存' }).click();
    await waitFor(
      () => hall.hub.config.services.find((s) => s.id === 'medical')?.enabled === true,
      5_000,
      'medical enabled again',
    );
  });

  it("changes the hall's names and languages live; a timezone is checked and kept while windows are open", async () => {
    await configPage(page, '大厅');
    const form = page.getByTestId('config-hall');
    const timezone = form.getByLabel('时区（IANA 名称）');
    // Not a timezone: refused in the page, nothing sent.
    await timezone.fill('Asia/Shanghia');
    await form.getByRole('button', { name: '保存' }).click();
    await form.getByRole('alert').getByText('时区须为 IANA 名称，如 Asia/Shanghai').waitFor();
    // A real one, but window 1 is open: the hub refuses, naming the field.
    await timezone.fill('Asia/Tokyo');
    await form.getByRole('button', { name: '保存' }).click();
    // Under the timezone field, which it names.
    await form
      .getByRole('alert')
      .getByText(/时区（IANA 名称）：还有 \d+ 张号票.*1 个窗口开放，此时不能修改/)
      .waitFor();
    expect(hall.hub.config.hall.timezone).toBe('Asia/Shanghai');
    // Names and the default language (English first, Chinese kept) apply live.
    await timezone.fill('Asia/Shanghai');
    await form.getByLabel('大厅名称（中文）').fill('新区政务服务中心');
    await form.getByLabel('大厅名称（英文）').fill('New District Service Center');
    await form.getByLabel('默认语言').selectOption('en');
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').getByText('已保存，已实时生效').waitFor();
    await waitFor(
      () =>
        kiosk.state?.config.hall.name.zh === '新区政务服务中心' &&
        kiosk.state.config.hall.languages.join() === 'en,zh',
      5_000,
      'the kiosk to get the hall settings',
    );
    await page.locator('.brand').getByText('新区政务服务中心').waitFor();
    await form.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-config-hall');
  });

  it('renames a service and the kiosk page shows it without reload', async () => {
    const { pairingCode } = createDevice(
      hall.hub.store,
      hall.hub.config,
      { kind: 'kiosk', name: 'kiosk page', windowId: null },
      hall.hub.now(),
    );
    const { context: kioskContext, page: kioskPage } = await newPage(browser, {
      width: 1080,
      height: 1920,
    });
    await kioskPage.goto(`${hall.url}/kiosk/?pair=${pairingCode}`);
    // The hall's default language is English since the hall form above: the kiosk starts in it.
    await kioskPage.getByRole('heading', { name: 'Choose a department' }).waitFor();
    await kioskPage.getByRole('button', { name: '中文' }).click();
    await kioskPage.getByText('市场监管局').click();
    await kioskPage.getByText('变更登记', { exact: true }).waitFor();
    const before = await kioskPage.evaluate(() => performance.timeOrigin);

    await configPage(page, '部门与事项');
    const row = page.locator('tr[data-service="biz-change"]');
    await row.getByLabel('biz-change 中文名称').fill('企业变更登记');
    await row.getByRole('button', { name: '保存' }).click();
    await kioskPage.getByText('企业变更登记', { exact: true }).waitFor();
    // The same document: no reload happened.
    expect(await kioskPage.evaluate(() => performance.timeOrigin)).toBe(before);
    await screenshot(kioskPage, 'admin-kiosk-renamed');
    await kioskContext.close();
  });

  it('renames and unpairs a device; its open connection is then refused', async () => {
    const before = new Set(hall.hub.store.listDevices().map((d) => d.id));
    const token = await hall.pair('kiosk');
    const id = hall.hub.store.listDevices().find((d) => !before.has(d.id))?.id ?? '';
    const device = await hall.client('kiosk', token);
    const status = {
      state: 'warning',
      detail: '',
      printer: { paper: 'near_end', coverOpen: false, online: true },
    } as const;
    expect((await device.command('device_status', status)).ok).toBe(true);

    await configPage(page, '设备');
    const row = page.locator(`tr[data-device="${id}"]`);
    // The reported status, in words (the list is read again every few seconds).
    await row.getByText('警告 · 纸将用尽').waitFor({ timeout: 20_000 });
    await row.getByLabel(`${id} 设备名称`).fill('北门取号机');
    await row.getByRole('button', { name: '改名' }).click();
    // The console's "saved" line may still be there from the service saved above: wait for the
    // row to take the new name (its rename button goes), then for the hub to have it.
    await row.getByRole('button', { name: '改名' }).waitFor({ state: 'detached' });
    await page.getByRole('status').getByText('已保存，已实时生效').waitFor();
    await expect.poll(() => hall.hub.store.device(id)?.name).toBe('北门取号机');
    await row.getByRole('button', { name: '解除配对' }).click();
    await row.getByRole('button', { name: '确认解除配对' }).click();
    await row.getByText('已解除配对').waitFor();
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-devices');
    const after = await device.command('device_status', status);
    expect(after.ok).toBe(false);
    device.close();
  });

  it('shows a poor rating as a complaint, and follows it up', async () => {
    const w1 = await hall.openWindow('w2', 'C02');
    const called = await w1.command('call_next', {});
    expect(called.ok).toBe(true);
    const ticketId = called.ok ? (called.result.ticket?.id ?? '') : '';
    expect((await w1.command('start_serving', {})).ok).toBe(true);
    expect((await w1.command('finish', {})).ok).toBe(true);
    const pad = await hall.client('rate', await hall.pair('rating_pad', 'w2'));
    const rated = await pad.command('rate', {
      ticketId,
      score: 1,
      reasons: ['等候太久 Waited too long'],
    });
    expect(rated.ok).toBe(true);

    await page.getByRole('tab', { name: '投诉督办' }).click();
    const table = page.getByTestId('complaints-table');
    const number = ticketId.split('/')[1] ?? '';
    await table.getByText(number).click();
    await page.getByText('等候太久 Waited too long').waitFor();
    // The follow-up's fields by their visible labels, each label right above its field.
    const form = page.getByRole('form', { name: '添加跟进' });
    await form.getByLabel('跟进方式').selectOption('assign');
    const text = form.getByLabel('责任人工号');
    for (const [label, field] of [
      [form.getByText('跟进方式', { exact: true }), form.getByLabel('跟进方式')],
      [form.getByText('责任人工号', { exact: true }), text],
    ] as const) {
      const l = await box(label);
      const f = await box(field);
      expect(l.height).toBeGreaterThan(8);
      expect(l.y + l.height).toBeLessThanOrEqual(f.y + 1);
      expect(f.y - (l.y + l.height)).toBeLessThan(12);
      expect(Math.abs(l.x - f.x)).toBeLessThan(4);
    }
    expect(await a11y(page, 'complaints-follow-up')).toEqual([]);
    await text.fill('S01');
    await form.getByRole('button', { name: '提交' }).click();
    await table.getByRole('cell', { name: 'S01', exact: true }).waitFor();
    await screenshot(page, 'admin-complaints');
  });

  it('enters a complaint by hand with the contact masked', async () => {
    await page.getByRole('button', { name: '登记投诉' }).click();
    const form = page.getByRole('form', { name: '登记投诉' });
    await form.getByLabel('联系电话').fill('138 1234 5678');
    await form.getByLabel('投诉内容').fill('为盖一个章往返三个窗口');
    await form.getByLabel('业务').selectOption('estate-reg');
    await screenshot(page, 'admin-complaint-form');
    await form.getByRole('button', { name: '提交' }).click();
    const table = page.getByTestId('complaints-table');
    await table.getByText('M-001').waitFor();
    await page.getByText('138****5678').waitFor();
    expect(await page.getByText('13812345678').count()).toBe(0);
    await screenshot(page, 'admin-complaint-manual');
  });

  it('runs a report and exports it as a CSV that parses', async () => {
    await page.getByRole('tab', { name: '统计报表' }).click();
    await page.getByRole('button', { name: '查询' }).click();
    const table = page.getByTestId('report-table');
    await table.waitFor();
    expect(await a11y(page, 'reports')).toEqual([]);
    await screenshot(page, 'admin-report');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^onestop-report-service-\d{4}-\d{2}-\d{2}-/);
    const path = await download.path();
    const rows = parseCsv(readFileSync(path, 'utf8'));
    expect(rows[0]?.slice(0, 3)).toEqual(['按业务', '已取号', '已办结']);
    // 好差评's figures are columns of their own.
    expect(rows[0]).toEqual(expect.arrayContaining(['评价率', '差评数', '回访率', '整改及时率']));
    const bizOpen = rows.find((r) => r[0] === 'A 企业开办一窗通');
    expect(bizOpen?.slice(1, 3)).toEqual(['3', '1']);
    expect(rows.at(-1)?.[0]).toBe('合计');
  });

  it('draws the charts and exports the report as an XLSX file that parses', async () => {
    const charts = page.getByTestId('report-charts');
    await charts.waitFor();
    // Chart.js drew on every canvas under the hub's CSP (no eval): each of the three has ink on
    // it (drawn after the charts are in the page, so polled).
    await expect
      .poll(async () =>
        (await canvasInk(page, '[data-testid="report-charts"] canvas')).map((n) => n > 1000),
      )
      .toEqual([true, true, true]);
    await charts.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-report-charts');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^onestop-report-service-.*\.xlsx$/);
    const rows = await readSheet(await download.path());
    expect(rows[0]?.slice(0, 3)).toEqual(['按业务', '已取号', '已办结']);
    const bizOpen = rows.find((r) => r[0] === 'A 企业开办一窗通');
    // Numbers stay numbers in the spreadsheet.
    expect(bizOpen?.slice(1, 3)).toEqual([3, 1]);
    expect(rows.at(-1)?.[0]).toBe('合计');
  });

  it('groups the report by rating tag, with only the columns a tag has', async () => {
    await page.getByLabel('分组').selectOption('tag');
    await page.getByRole('button', { name: '查询' }).click();
    const table = page.getByTestId('report-table');
    await table.locator('thead th').first().getByText('按评价标签').waitFor();
    expect(await table.locator('thead th').allTextContents()).toEqual([
      '按评价标签',
      '评价数',
      '平均分',
      '满意率',
      '差评数',
    ]);
    await table.scrollIntoViewIfNeeded();
    expect(await a11y(page, 'reports-by-tag')).toEqual([]);
    await screenshot(page, 'admin-report-tags');
    await page.getByLabel('分组').selectOption('service');
  });

  it('shows the newest events on open, newest first, and loads earlier ones', async () => {
    // More events than a page: every ticket issued, called and served so far, and 210 more.
    for (let i = 0; i < 210; i++) {
      const issued = await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: ['invoice'] }],
        class: 'normal',
      });
      expect(issued.ok).toBe(true);
    }
    const newest = hall.hub.store.lastSeq();
    await page.getByRole('tab', { name: '审计日志' }).click();
    const table = page.getByTestId('audit-table');
    // No search pressed: the latest event is the first row.
    const firstSeq = table.locator('tbody tr td:first-child').first();
    await expect.poll(() => firstSeq.textContent()).toBe(String(newest));
    const seqs = async () =>
      (await table.locator('tbody tr > td.num:first-child').allTextContents()).map(Number);
    const page1 = await seqs();
    expect(page1).toHaveLength(200);
    expect(page1).toEqual([...page1].sort((a, b) => b - a));
    // Newest at the top of the screen: the first row is above the second.
    const rows = table.locator('tbody tr');
    expect((await box(rows.nth(0))).y).toBeLessThan((await box(rows.nth(1))).y);
    expect(await a11y(page, 'audit')).toEqual([]);
    await page.getByRole('button', { name: '加载更早的记录' }).click();
    await expect.poll(async () => (await seqs()).length).toBeGreaterThan(200);
    const both = await seqs();
    expect(both.slice(0, 200)).toEqual(page1);
    expect(both).toEqual([...new Set(both)].sort((a, b) => b - a));
    expect(both[200]).toBe((page1.at(-1) ?? 0) - 1);
  });

  it('searches the audit log by kind and shows who changed the configuration', async () => {
    await page.getByRole('tab', { name: '审计日志' }).click();
    await page.locator('select[name="type"]').selectOption('config_changed');
    await page.getByRole('button', { name: '搜索' }).click();
    const table = page.getByTestId('audit-table');
    await table.getByRole('cell', { name: '配置变更' }).first().waitFor();
    // Two renames, a window change, the calendar, a week's hours, a quota, a service disabled
    // and enabled again and the hall's names, all by the admin.
    expect(await table.getByRole('cell', { name: '配置变更' }).count()).toBe(9);
    expect(await table.getByRole('cell', { name: 'ADMIN', exact: true }).count()).toBe(9);
    // The first change after setup (the oldest: the last row) shows what it changed too
    // (against the setup's configuration).
    const first = (await table.locator('tbody tr').last().textContent()) ?? '';
    expect(first).toContain('企业开办 → 企业开办一窗通');
    expect(first).not.toContain('无更早配置可比');
    await screenshot(page, 'admin-audit');
    // The device unpaired above is an event too, with the admin who did it.
    await page.locator('select[name="type"]').selectOption('device_unpaired');
    await page.getByRole('button', { name: '搜索' }).click();
    await table.getByRole('cell', { name: '设备解除配对' }).first().waitFor();
    expect(await table.getByRole('cell', { name: '设备解除配对' }).count()).toBe(1);
    expect(await table.getByRole('cell', { name: 'ADMIN', exact: true }).count()).toBe(1);
    expect(await table.locator('tbody tr').first().textContent()).toMatch(/^\d+.*取号机 \w+/);
    // An event's details in words (window by number, clerk by code and name), the hub's raw
    // record one click away.
    await page.locator('select[name="type"]').selectOption('window_opened');
    await page.getByRole('button', { name: '搜索' }).click();
    const opened = table.locator('tbody tr').filter({ hasText: '1 号窗口 · C01 ' });
    await opened.first().waitFor();
    expect(await opened.first().innerText()).not.toContain('"windowId"');
    await opened.first().getByText('原始数据').click();
    await opened.first().getByText('"windowId":"w1"').waitFor();
    await screenshot(page, 'admin-audit-details');
    // Nothing found says so.
    await page.locator('select[name="type"]').selectOption('ticket_unparked');
    await page.getByRole('button', { name: '搜索' }).click();
    await table.getByText('没有符合条件的记录').waitFor();
    expect(problems).toEqual([]);
  });

  it('disabling a clerk in the console sends their window terminal back to the login form', async () => {
    const { pairingCode } = createDevice(
      hall.hub.store,
      hall.hub.config,
      { kind: 'window_terminal', name: 'w2 page', windowId: 'w2' },
      hall.hub.now(),
    );
    const { context: terminalContext, page: terminal } = await newPage(browser, {
      width: 1366,
      height: 768,
    });
    terminal.on('pageerror', (e) => problems.push(e.message));
    await terminal.goto(`${hall.url}/window/?pair=${pairingCode}`);
    // The hall's default language is English since the hall form above: the terminal too.
    await terminal.getByLabel('Staff code').fill('C02');
    await terminal.getByLabel('PIN').fill('1020');
    await terminal.getByRole('button', { name: 'Log in' }).click();
    await terminal.getByText('窗口员02 (C02)').waitFor();
    await terminal.getByRole('button', { name: '中文' }).click();

    await configPage(page, '人员');
    // The box shows the hall's state: it clears once the change is applied, not on the click.
    await page.getByLabel('C02 在岗').click();
    await waitFor(
      () => hall.hub.config.staff.find((s) => s.code === 'C02')?.active === false,
      5_000,
      'C02 disabled',
    );
    // Logged out: back in the hall's default language.
    await terminal
      .getByText('Your staff code was disabled by an admin: you are logged out')
      .waitFor();
    await terminal.getByRole('heading', { name: 'Staff login' }).waitFor();
    expect(await terminal.getByText('窗口员02 (C02)').count()).toBe(0);
    await screenshot(terminal, 'window-staff-disabled');
    // The hub forgot the login too: logging in again is refused.
    await terminal.getByLabel('Staff code').fill('C02');
    await terminal.getByLabel('PIN').fill('1020');
    await terminal.getByRole('button', { name: 'Log in' }).click();
    await terminal.getByText('Wrong staff code or PIN').waitFor();
    await terminalContext.close();
  });

  it('unlocks a staff code locked by wrong PINs from the staff list', async () => {
    // Five wrong PINs for C03 from another address lock C03 there (a clerk's right PIN is then
    // refused with 429 instead of 403, which says the console is for supervisors and admins).
    const login = (pin: string) =>
      rawRequest(hall.url, '/api/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ staffCode: 'C03', pin }),
        localAddress: '127.0.0.2',
      });
    for (let i = 0; i < 5; i++) expect((await login(`900${i}`)).status).toBe(401);
    expect((await login('1030')).status).toBe(429);

    await configPage(page, '人员');
    await page.getByRole('button', { name: 'C03 解锁' }).click();
    await page.getByText('已解除登录锁定：C03（曾在 1 个地址被锁定）').waitFor();
    await page.getByRole('button', { name: 'C03 解锁' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-staff-unlock');
    expect(await a11y(page, 'admin staff list after an unlock')).toEqual([]);
    expect((await login('1030')).status).toBe(403);
  });

  it('gives a supervisor the monitor, reports and complaints but no configuration', async () => {
    const { context: other, page: p } = await newPage(browser, { width: 1280, height: 800 });
    await logIn(p, 'S01', '2468');
    const tabs = await p.getByRole('tab').allTextContents();
    expect(tabs).toEqual([
      '实时监控',
      '预约',
      '通知',
      '统计报表',
      '投诉督办',
      '区域督办',
      '好差评上报',
      '审计日志',
    ]);
    await p.getByRole('button', { name: 'English' }).click();
    await p.getByRole('tab', { name: 'Live monitor' }).waitFor();
    await screenshot(p, 'admin-supervisor-en');
    await other.close();
  });

  it('lets a supervisor close the business day after a confirmation, and open it again', async () => {
    // A visitor being served at window 10: the hub refuses to close, and the console says why.
    const issued = await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: ['tax'] }],
      class: 'normal',
    });
    expect(issued.ok).toBe(true);
    const w10 = await hall.openWindow('w10', 'C10');
    expect((await w10.command('call_next', {})).ok).toBe(true);
    expect((await w10.command('start_serving', {})).ok).toBe(true);
    const pending = [...hall.hub.current.tickets.values()].filter((t) =>
      ['waiting', 'called', 'parked'].includes(t.status),
    ).length;
    expect(pending).toBeGreaterThan(0);

    const { context: other, page: p } = await newPage(browser, { width: 1280, height: 800 });
    p.on('pageerror', (e) => problems.push(e.message));
    await logIn(p, 'S01', '2468');
    await p.getByRole('button', { name: '结束今日业务' }).click();
    const dialog = p.getByRole('dialog', { name: '结束今日业务？' });
    await dialog.getByText(`${pending} 张号票将作废`).waitFor();
    await dialog.getByText('1 个窗口正在办理业务').waitFor();
    await screenshot(p, 'admin-close-day');
    await dialog.getByRole('button', { name: '确认结束' }).click();
    await p
      .getByRole('alert')
      .getByText(/^操作被拒绝：窗口正在办理业务 \(.+ is being served\)$/)
      .waitFor();
    expect(hall.hub.current.day?.status).toBe('open');

    expect((await w10.command('finish', {})).ok).toBe(true);
    await p.getByRole('button', { name: '结束今日业务' }).click();
    await dialog.getByRole('button', { name: '确认结束' }).click();
    await p.getByTestId('day-status').getByText('今日业务已结束').waitFor();
    await waitFor(() => kiosk.state?.day?.status === 'closed', 5_000, 'the kiosk to see it');
    const left = [...hall.hub.current.tickets.values()].map((t) => t.status);
    expect(left.filter((s) => ['waiting', 'called', 'parked'].includes(s))).toEqual([]);
    await screenshot(p, 'admin-day-closed');

    await p.getByRole('button', { name: '开始今日业务' }).click();
    await p
      .getByTestId('day-status')
      .getByText(/^今日业务进行中/)
      .waitFor();
    expect(hall.hub.current.day?.status).toBe('open');
    expect(problems).toEqual([]);
    await other.close();
  });

  it('shows the book and the outbox at 1366×768, in both languages', async () => {
    // Online booking for tax: four-hour slots, three places each; two bookings tomorrow.
    const config = hall.hub.config;
    const booked = await hall.hub.submit({ kind: 'system' }, 'e2e', null, {
      type: 'change_config',
      config: {
        ...config,
        hall: { ...config.hall, booking: { slotMinutes: 240, daysAhead: 5, capacity: { tax: 3 } } },
      },
    });
    expect(booked.ok).toBe(true);
    const admin = await hall.client('admin', await hall.login());
    const tomorrow = new Date(Date.parse(`${hall.hub.today()}T00:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10);
    const first = await admin.command('book_day', { businessDay: tomorrow, serviceId: 'tax' });
    if (!first.ok) throw new Error(first.error.message);
    const slotAt = first.result.slots[2]?.at ?? 0;
    for (const phone of ['13812345678', '13900001111']) {
      const added = await admin.command('book_change', {
        change: { kind: 'add', serviceId: 'tax', slotAt, phone },
      });
      expect(added.ok).toBe(true);
    }
    const { context: other, page: p } = await newPage(browser, { width: 1366, height: 768 });
    p.on('pageerror', (e) => problems.push(e.message));
    await logIn(p, 'ADMIN', '8642');
    for (const lang of ['zh', 'en'] as const) {
      if (lang === 'en') await p.getByRole('button', { name: 'English' }).click();
      await p.getByRole('tab', { name: lang === 'zh' ? '预约' : 'Book' }).click();
      await p.locator('input[type="date"]').fill(tomorrow);
      await p.getByText('138****5678').waitFor();
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        1366,
      );
      expect(await a11y(p, `book-${lang}`)).toEqual([]);
      await screenshot(p, `admin-book-1366-${lang}`);
      await p.getByRole('tab', { name: lang === 'zh' ? '通知' : 'Messages' }).click();
      await p.getByTestId('outbox-table').waitFor();
      expect(await a11y(p, `outbox-${lang}`)).toEqual([]);
      await screenshot(p, `admin-outbox-1366-${lang}`);
    }
    expect(problems).toEqual([]);
    await other.close();
  });

  it('sets booking capacity and remote numbers at 1366×768, in both languages', async () => {
    const { context: other, page: p } = await newPage(browser, { width: 1366, height: 768 });
    p.on('pageerror', (e) => problems.push(e.message));
    await logIn(p, 'ADMIN', '8642');
    await configPage(p, '预约与远程取号');
    const booking = p.getByTestId('config-booking');
    const tax = booking.getByRole('spinbutton', { name: /税务综合/ });
    expect(await tax.inputValue()).toBe('3');
    await tax.fill('5');
    await booking.getByRole('button', { name: '保存' }).click();
    await p.getByRole('status').getByText('已保存').waitFor();
    await waitFor(() => hall.hub.config.hall.booking?.capacity['tax'] === 5, 5_000, 'saved');
    const remote = p.getByTestId('config-remote');
    await remote.getByLabel('开放远程取号').check();
    await remote.getByRole('checkbox', { name: /税务综合/ }).check();
    await remote.getByRole('button', { name: '保存' }).click();
    await waitFor(() => hall.hub.config.hall.remote?.enabled === true, 5_000, 'remote saved');
    expect(hall.hub.config.hall.remote?.serviceIds).toEqual(['tax']);
    for (const lang of ['zh', 'en'] as const) {
      if (lang === 'en') await p.getByRole('button', { name: 'English' }).click();
      await p
        .getByTestId('config-booking')
        .getByRole('heading', { name: lang === 'zh' ? '网上预约' : 'Online booking' })
        .waitFor();
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        1366,
      );
      await p.evaluate(() => window.scrollTo(0, 0));
      expect(await a11y(p, `config-online-${lang}`)).toEqual([]);
      await screenshot(p, `admin-config-online-1366-${lang}`);
    }
    expect(problems).toEqual([]);
    await other.close();
  });

  it('reads through a busy morning at 1366×768 and 1920×1080, in both languages', async () => {
    // A busy hall: six more windows open and calling, and a crowd waiting in every queue.
    const services = [
      'biz-open',
      'biz-change',
      'social',
      'hukou',
      'exit-entry',
      'estate-reg',
      'tax',
    ];
    for (let i = 0; i < 70; i++) {
      const issued = await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: [services[i % services.length] ?? 'tax'] }],
        class: i % 9 === 0 ? 'priority' : 'normal',
      });
      expect(issued.ok).toBe(true);
    }
    for (const n of [3, 4, 5, 6, 7, 8]) {
      const code = `C${String(n).padStart(2, '0')}`;
      const w = await hall.openWindow(`w${n}`, code);
      expect((await w.command('call_next', {})).ok).toBe(true);
    }
    // By the address's hash, in the same document: the language chosen stays.
    const go = (p: Page, hash: string) => p.evaluate((h) => void (window.location.hash = h), hash);
    const screens: { name: string; open: (p: Page) => Promise<void> }[] = [
      {
        name: 'monitor',
        open: async (p) => void (await p.getByTestId('monitor-windows').waitFor()),
      },
      {
        name: 'config-services',
        open: async (p) => {
          await go(p, '#/config/services');
          await p.getByTestId('config-services').waitFor();
        },
      },
      {
        name: 'config-hours',
        open: async (p) => {
          await go(p, '#/config/hours/fund');
          await p.getByTestId('week-editor').waitFor();
        },
      },
      {
        name: 'config-windows',
        open: async (p) => {
          await go(p, '#/config/windows');
          await p.getByTestId('config-windows').waitFor();
        },
      },
      {
        name: 'audit',
        open: async (p) => {
          await go(p, '#/audit');
          await p.getByTestId('audit-table').locator('tbody tr td.num').first().waitFor();
        },
      },
      {
        name: 'complaints',
        open: async (p) => {
          await go(p, '#/complaints');
          await p.getByTestId('complaints-table').locator('tbody tr.clickable').first().click();
          await p.locator('form.followup-form').waitFor();
        },
      },
    ];
    for (const size of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      for (const lang of ['zh', 'en'] as const) {
        const { context: other, page: p } = await newPage(browser, size);
        p.on('pageerror', (e) => problems.push(e.message));
        await logIn(p, 'ADMIN', '8642');
        if (lang === 'en') {
          await p.getByRole('button', { name: 'English' }).click();
          await p.getByRole('tab', { name: 'Live monitor' }).waitFor();
        }
        for (const screen of screens) {
          await screen.open(p);
          // Nothing wider than the screen: no sideways scroll.
          expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
            size.width,
          );
          expect(await a11y(p, `${screen.name}-${lang}-${size.width}`)).toEqual([]);
          await screenshot(p, `admin-busy-${size.width}-${lang}-${screen.name}`);
        }
        await other.close();
      }
    }
    expect(problems).toEqual([]);
    // Four sessions of six screens, each checked by axe: minutes on a loaded 2-core machine.
  }, 600_000);
});
