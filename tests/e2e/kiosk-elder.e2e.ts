import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HallConfig } from '@onestop/shared';
import { DEMO_HALL } from '@onestop/hub';
import { ROOT } from '../support/build.js';
import { HubTestHall } from '../support/hall.js';
import { ok } from '../support/acks.js';
import { a11y } from './support/axe.js';
import { launch, screenshot } from './support/browser.js';
import { openPaired } from './support/paired.js';

/**
 * The kiosk for the elderly (适老化) in Chromium at the kiosk's size, 1080 × 1920: one touch to
 * the large mode, tiles of at least 25 mm, four choices a page, high contrast (axe), the screen
 * read aloud (the page's speechSynthesis recorded), a call for help answered from the console,
 * the service guide before the ticket, the helper's mark on the ticket, and back to normal.
 */

/** The kiosk's screen: 1080 × 1920 px on a 21.5" (546.1 mm) diagonal: 4.03 px a millimetre. */
const PX_PER_MM = Math.hypot(1080, 1920) / (21.5 * 25.4);
const MIN_TILE_MM = 25;

const HUKOU_GUIDE = {
  materials: [
    { zh: '本人居民身份证原件', en: 'Your resident ID card (original)' },
    { zh: '户口簿原件', en: 'Household register (original)' },
  ],
  fee: { zh: '免费', en: 'Free' },
};
const HALL: HallConfig = {
  ...DEMO_HALL,
  services: DEMO_HALL.services.map((s) => (s.id === 'hukou' ? { ...s, guide: HUKOU_GUIDE } : s)),
};

let browser: Browser;
let hall: HubTestHall;
beforeAll(async () => {
  browser = await launch();
  hall = await HubTestHall.start({ config: HALL, pagesDir: join(ROOT, 'dist/pages') });
  const admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
});
afterAll(async () => {
  await browser.close();
  await hall.close();
});

/** What the page said aloud so far, `lang|text` each. */
function spoken(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { spoken: string[] }).spoken);
}

async function heard(page: Page, text: string, what: string): Promise<void> {
  let said: string[] = [];
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    said = await spoken(page);
    if (said.some((s) => s.includes(text))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not heard "${text}" in ${JSON.stringify(said)}`);
}

describe('the kiosk for the elderly', () => {
  it('reads the large mode aloud, calls for help, shows the guide and marks the ticket', async () => {
    expect(PX_PER_MM).toBeCloseTo(4.03, 2);
    const { context, page, problems } = await openPaired(browser, hall, {
      kind: 'kiosk',
      path: 'kiosk',
      name: '1 号取号机',
      viewport: { width: 1080, height: 1920 },
    });
    // The system voice, recorded: what the page says, in order.
    await context.addInitScript(() => {
      const said: string[] = [];
      Object.assign(window, { spoken: said });
      Object.defineProperty(window, 'speechSynthesis', {
        value: {
          speak: (u: SpeechSynthesisUtterance) => said.push(`${u.lang}|${u.text}`),
          cancel: () => undefined,
          getVoices: () => [],
        },
      });
    });
    await page.locator('[data-choice]').first().waitFor();
    await page.reload();

    await page.getByRole('button', { name: /长辈模式/ }).click();
    await page.locator('.kiosk-large .large-tile').first().waitFor();
    const tiles = page.locator('.large-tile');
    expect(await tiles.count()).toBe(4);
    const heights = await tiles.evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect().height),
    );
    for (const height of heights) expect(height / PX_PER_MM).toBeGreaterThanOrEqual(MIN_TILE_MM);
    await heard(page, 'zh-CN|您好，请选择办理部门。市场监管局、', 'the home page');
    const before = (await spoken(page)).length;
    await page.getByRole('button', { name: /再听一遍/ }).click();
    await page.waitForFunction(
      (n) => (window as unknown as { spoken: string[] }).spoken.length > n,
      before,
    );
    await screenshot(page, 'kiosk-elder-home');
    expect(await a11y(page, 'kiosk large mode home')).toEqual([]);

    // 帮办代办: the call reaches the hub; the supervisor answers from the console.
    await page.getByRole('button', { name: /帮办代办/ }).click();
    await page.getByText('已呼叫工作人员，请在此稍候').waitFor();
    const call = [...hall.hub.current.assists.values()].at(-1);
    expect(call).toMatchObject({ status: 'open', kioskName: '1 号取号机' });
    const supervisor = await hall.client('admin', await hall.login('S01', '2468'));
    ok(await supervisor.command('answer_assist', { requestId: call?.id ?? '' }));
    await page.getByText('工作人员 值班主任 正在赶来').waitFor();

    // Four a page: the other two departments on page two, read aloud; back to page one.
    await page.getByRole('button', { name: /下一页/ }).click();
    await heard(page, '税务局、住房公积金中心', 'page two');
    expect(await tiles.count()).toBe(2);
    await page.getByRole('button', { name: /上一页/ }).click();
    // 公安局 → 户籍办理, its guide read aloud before the ticket.
    await page.getByRole('button', { name: /公安局/ }).click();
    await page.getByRole('button', { name: /户籍办理/ }).click();
    await page.getByTestId('guide').waitFor();
    expect(await page.getByTestId('guide').textContent()).toContain('本人居民身份证原件');
    await heard(page, '请带好以下材料：本人居民身份证原件、户口簿原件。收费：免费。', 'the guide');
    await screenshot(page, 'kiosk-elder-guide');
    expect(await a11y(page, 'kiosk large mode guide')).toEqual([]);
    await page.getByRole('button', { name: /我已了解，取号/ }).click();
    await page.getByText('E001').first().waitFor();
    await heard(page, '您的号码是 E 0 0 1', 'the ticket');
    const ticket = [...hall.hub.current.tickets.values()].find((t) => t.number === 'E001');
    expect(ticket?.assist).toEqual({ requestId: call?.id, staffCode: 'S01' });
    expect(hall.hub.current.assists.get(call?.id ?? '')?.status).toBe('served');
    await screenshot(page, 'kiosk-elder-ticket');

    // After the ticket: the normal mode again.
    await page.getByRole('button', { name: '完成' }).click();
    await page.getByRole('button', { name: /长辈模式/ }).waitFor();
    expect(await page.locator('.kiosk-large').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
