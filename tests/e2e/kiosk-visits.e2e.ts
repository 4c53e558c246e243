import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Ticket } from '@onestop/shared';
import { createDevice } from '@onestop/hub';
import { ROOT } from '../support/build.js';
import { HubTestHall } from '../support/hall.js';
import { a11y } from './support/axe.js';
import { launch, newPage, screenshot } from './support/browser.js';

/**
 * 一件事一次办 in Chromium against a real hub (the demo hall): a visitor takes one number for
 * "starting a business" at the kiosk page; window 1 (market regulation) serves the first step,
 * window 10 (taxation, another department) calls the same number for the second; the ticket's
 * status page follows the steps; a visit removed at the console leaves the kiosk at once.
 */

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

function hubTicket(number: string): Ticket {
  const ticket = [...hall.hub.current.tickets.values()].find((t) => t.number === number);
  if (!ticket) throw new Error(`the hub has no ticket ${number}`);
  return ticket;
}

describe('a combined visit at the kiosk page', () => {
  it('gives one number served by two departments in turn', async () => {
    const { pairingCode } = createDevice(
      hall.hub.store,
      hall.hub.config,
      { kind: 'kiosk', name: 'e2e kiosk', windowId: null },
      hall.hub.now(),
    );
    const { context, page } = await newPage(browser, { width: 1080, height: 1920 });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(`${hall.url}/kiosk/?pair=${pairingCode}`);

    const group = page.getByRole('region', { name: /一件事一次办/ });
    const tile = group.getByTestId('visit-start-business');
    await tile.waitFor();
    expect(await tile.locator('li').allTextContents()).toEqual([
      '1企业开办',
      '2税务综合、社保办理（不分先后）',
    ]);
    expect(await group.getByTestId('visit-buy-home').isEnabled()).toBe(true);
    await screenshot(page, 'kiosk-visits-home');
    expect(await a11y(page, 'kiosk-visits-home')).toEqual([]);

    // In its department's screen, beside the services: its name and number of steps.
    await page.getByRole('button', { name: /市场监管局/ }).click();
    // The home screen's tile has the same test id: wait for the department's compact one.
    const compact = page.getByTestId('visit-start-business');
    await compact.getByText('一个号码 · 共 2 步').waitFor();
    expect(await compact.locator('li').count()).toBe(0);
    await screenshot(page, 'kiosk-visits-department');
    expect(await a11y(page, 'kiosk-visits-department')).toEqual([]);
    await page.getByRole('button', { name: /返回/ }).click();

    // One touch asks for confirmation, as the green channel does; nothing is issued before it.
    await tile.click();
    const confirm = page.getByRole('dialog', { name: /开办企业一件事/ });
    await confirm.waitFor();
    expect(await confirm.locator('li').allTextContents()).toEqual([
      '1企业开办',
      '2税务综合、社保办理（不分先后）',
    ]);
    expect(hall.hub.current.issuedCount).toBe(0);
    await screenshot(page, 'kiosk-visits-confirm');
    expect(await a11y(page, 'kiosk-visits-confirm')).toEqual([]);
    await confirm.getByRole('button', { name: '确认取号' }).click();
    await page.getByTestId('result').waitFor();
    const number = ((await page.getByTestId('ticket-number').textContent()) ?? '').trim();
    expect(number).toBe('A001');
    expect(hubTicket(number).itinerary).toEqual([
      { serviceIds: ['biz-open'] },
      { serviceIds: ['tax', 'social'] },
    ]);
    const result = page.getByTestId('result');
    expect(await result.locator('.result-service').textContent()).toBe('开办企业一件事');
    expect(await result.locator('li').allTextContents()).toEqual([
      '1企业开办',
      '2税务综合、社保办理（不分先后）',
    ]);
    await page.getByTestId('qr').waitFor();
    await screenshot(page, 'kiosk-visits-result');
    expect(await a11y(page, 'kiosk-visits-result')).toEqual([]);

    // Window 1, market regulation: the first step.
    const market = await hall.openWindow('w1', 'C01');
    const first = await market.command('call_next', {});
    expect(first.ok && first.result.ticket?.number).toBe(number);
    expect((await market.command('start_serving', {})).ok).toBe(true);
    expect((await market.command('finish', {})).ok).toBe(true);

    // The status page shows the second step as the current one.
    const phone = await newPage(browser, { width: 390, height: 844 });
    await phone.page.goto(`${hall.url}/t/${hubTicket(number).accessToken}`);
    await phone.page.locator('#step-1.current').waitFor();
    expect(await phone.page.locator('#step-0').getAttribute('class')).toBe('step done');
    expect(await phone.page.locator('#step-1-zh').textContent()).toBe(
      '2. 税务综合、社保办理（不分先后） · 当前',
    );
    await screenshot(phone.page, 'kiosk-visits-status');
    expect(await a11y(phone.page, 'kiosk-visits-status')).toEqual([]);

    // Window 10, taxation (another department): the same number for the second step.
    const tax = await hall.openWindow('w10', 'C10');
    const second = await tax.command('call_next', {});
    expect(second.ok && second.result.ticket?.number).toBe(number);
    expect(hubTicket(number)).toMatchObject({ stepIndex: 1, status: 'called', windowId: 'w10' });

    await page.getByRole('button', { name: '完成' }).click();
    await tile.waitFor();
    // Landscape: both visits and the green channel still in view.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByRole('button', { name: /绿色通道/ }).waitFor();
    await screenshot(page, 'kiosk-visits-home-landscape');
    expect(await a11y(page, 'kiosk-visits-home-landscape')).toEqual([]);
    const green = await page.getByRole('button', { name: /绿色通道/ }).boundingBox();
    expect((green?.y ?? 2000) + (green?.height ?? 0)).toBeLessThanOrEqual(1080);
    expect(await group.getByRole('button').count()).toBe(2);
    // In English the names are longer: the green channel and the check-in stay in view.
    await page.getByRole('button', { name: 'English' }).click();
    await screenshot(page, 'kiosk-visits-home-landscape-en');
    expect(await a11y(page, 'kiosk-visits-home-landscape-en')).toEqual([]);
    for (const name of [/Green channel/, /Appointment check-in/]) {
      const box = await page.getByRole('button', { name }).boundingBox();
      expect((box?.y ?? 2000) + (box?.height ?? 0)).toBeLessThanOrEqual(1080);
    }
    await page.getByRole('button', { name: '中文' }).click();

    // A visit removed at the admin console leaves the kiosk's home screen at once.
    const consolePage = await newPage(browser, { width: 1600, height: 1000 });
    await consolePage.page.goto(`${hall.url}/admin/`);
    await consolePage.page.getByLabel('工号').fill('ADMIN');
    await consolePage.page.getByLabel('密码（PIN）').fill('8642');
    await consolePage.page.getByRole('button', { name: '登录' }).click();
    await consolePage.page.getByRole('tab', { name: '配置' }).click();
    await consolePage.page
      .getByRole('navigation', { name: '配置分页' })
      .getByRole('link', { name: '组合办理', exact: true })
      .click();
    const panel = consolePage.page.getByTestId('config-visits');
    const buyHome = panel.locator('form[data-visit="buy-home"]');
    await buyHome.scrollIntoViewIfNeeded();
    expect(
      await buyHome.getByRole('textbox', { name: 'buy-home 步骤', exact: true }).inputValue(),
    ).toBe('estate-reg > tax > fund, hukou');
    await screenshot(consolePage.page, 'kiosk-visits-console');
    await buyHome.getByRole('button', { name: '删除' }).click();
    await group.getByTestId('visit-buy-home').waitFor({ state: 'detached' });
    expect(await group.getByRole('button').count()).toBe(1);
    expect(hall.hub.config.combinedVisits?.map((v) => v.id)).toEqual(['start-business']);
    await consolePage.context.close();

    expect(problems).toEqual([]);
    await phone.context.close();
    await context.close();
  });
});
