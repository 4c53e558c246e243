import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { estimateWait, type HallConfig } from '@onestop/shared';
import { createDevice, DEMO_HALL } from '@onestop/hub';
import { ROOT } from '../support/build.js';
import { FakeClock, HubTestHall } from '../support/hall.js';
import { a11y } from './support/axe.js';
import { launch, newPage, screenshot } from './support/browser.js';
import { busyMorning, LONGEST_NAMES_HALL, ONE_LONG_SERVICE_HALL } from './support/busy-hall.js';

/**
 * The kiosk page through a busy morning (130 waiting), measured as a visitor sees it: every
 * choice of the home screen inside the screen, clear of the buttons at the bottom, at least
 * 90 px high, in portrait and landscape, in Chinese and English, with the demo's names, one
 * longer service name, and names as long as the configuration allows (then a page at a time,
 * every choice on one of the pages, none hidden).
 */

const SIZES = [
  { name: 'portrait', viewport: { width: 1080, height: 1920 } },
  { name: 'landscape', viewport: { width: 1920, height: 1080 } },
] as const;
const LANGS = ['zh', 'en'] as const;
/** The smallest touch target the kiosk allows, in CSS pixels. */
const MIN_TARGET = 90;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

async function busyHall(config: HallConfig): Promise<HubTestHall> {
  const hall = await HubTestHall.start({ config, pagesDir: join(ROOT, 'dist/pages') });
  await busyMorning(hall);
  return hall;
}

async function openKiosk(
  hall: HubTestHall,
  viewport: { width: number; height: number },
  lang: 'zh' | 'en',
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const { pairingCode } = createDevice(
    hall.hub.store,
    hall.hub.config,
    { kind: 'kiosk', name: 'busy kiosk', windowId: null },
    hall.hub.now(),
  );
  const { context, page } = await newPage(browser, viewport);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${hall.url}/kiosk/?pair=${pairingCode}`);
  await page.locator('[data-choice]').first().waitFor();
  if (lang === 'en') {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Choose a department' }).waitFor();
  }
  return { context, page, problems };
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const inside = (b: Box, outer: Box) =>
  b.x >= outer.x - 0.5 &&
  b.y >= outer.y - 0.5 &&
  b.x + b.width <= outer.x + outer.width + 0.5 &&
  b.y + b.height <= outer.y + outer.height + 0.5;
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * What the visitor sees of the current page of choices: each tile's box, which must be inside the
 * screen and the choices' area, clear of the bottom buttons and the pager, and big enough to touch.
 */
async function visibleChoices(page: Page, viewport: { width: number; height: number }) {
  const screen: Box = { x: 0, y: 0, ...viewport };
  const area = await page.locator('.paged-area').boundingBox();
  expect(area).not.toBeNull();
  const blockers: Box[] = [];
  for (const selector of ['.home-extra', '.pager']) {
    const el = page.locator(selector);
    if ((await el.count()) === 0) continue;
    const box = await el.boundingBox();
    if (box) {
      expect(inside(box, screen), `${selector} inside the screen`).toBe(true);
      blockers.push(box);
    }
  }
  const found = await page.locator('[data-choice]').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return {
        id: el.getAttribute('data-choice') ?? '',
        box: { x: r.x, y: r.y, width: r.width, height: r.height },
      };
    }),
  );
  for (const { id, box } of found) {
    expect(inside(box, screen), `${id} inside the screen`).toBe(true);
    expect(inside(box, area as Box), `${id} inside the choices' area`).toBe(true);
    for (const blocker of blockers) expect(overlaps(box, blocker), `${id} covered`).toBe(false);
    expect(box.height, `${id} high enough to touch`).toBeGreaterThanOrEqual(MIN_TARGET);
    expect(box.width, `${id} wide enough to touch`).toBeGreaterThanOrEqual(MIN_TARGET);
  }
  // Nothing scrolls: a kiosk has no scroll bar to find.
  const scrolls = await page
    .locator('.kiosk-body')
    .evaluate((el) => el.scrollHeight - el.clientHeight);
  expect(scrolls).toBeLessThanOrEqual(1);
  return found.map((f) => f.id);
}

/** Every page of choices, paged through as a visitor would; the ids seen on each. */
async function allPages(page: Page, viewport: { width: number; height: number }, shot: string) {
  const pages: string[][] = [];
  for (;;) {
    pages.push(await visibleChoices(page, viewport));
    await screenshot(page, `${shot}-page${pages.length}`);
    const next = page.locator('.pager-next');
    if ((await next.count()) === 0 || (await next.isDisabled())) break;
    const box = await next.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(MIN_TARGET);
    await next.click();
    expect(pages.length).toBeLessThan(20);
  }
  return pages;
}

const demoChoices = (config: HallConfig) => [
  ...config.departments.map((d) => d.id),
  ...(config.combinedVisits ?? []).map((v) => `visit-${v.id}`),
];

describe.each([
  { hallName: 'demo', config: DEMO_HALL, onePage: true },
  { hallName: 'one-long-service', config: ONE_LONG_SERVICE_HALL, onePage: true },
  { hallName: 'longest-names', config: LONGEST_NAMES_HALL, onePage: false },
])('the kiosk home screen of the $hallName hall, busy', ({ hallName, config, onePage }) => {
  let hall: HubTestHall;
  beforeAll(async () => {
    hall = await busyHall(config);
  });
  afterAll(async () => {
    await hall.close();
  });

  for (const { name, viewport } of SIZES) {
    for (const lang of LANGS) {
      it(`shows every choice without scrolling, ${name}, ${lang}`, async () => {
        expect(hall.hub.current.tickets.size).toBeGreaterThan(130);
        const { context, page, problems } = await openKiosk(hall, viewport, lang);
        const shot = `kiosk-busy-${hallName}-${name}-${lang}`;
        const pages = await allPages(page, viewport, shot);
        // Every choice is on exactly one page: none is hidden, none shown twice.
        expect(pages.flat().sort()).toEqual(demoChoices(config).sort());
        if (onePage) expect(pages).toHaveLength(1);
        for (const button of ['.button.green', '.button.appointment']) {
          const box = await page.locator(button).boundingBox();
          expect(box && inside(box, { x: 0, y: 0, ...viewport })).toBe(true);
          expect(box?.height ?? 0).toBeGreaterThanOrEqual(MIN_TARGET);
        }
        expect(await a11y(page, `kiosk home ${hallName} ${name} ${lang}`)).toEqual([]);
        if (pages.length > 1) {
          // Back to the first page, the way it came.
          await page.locator('.pager-prev').click();
          expect(await page.locator('.pager-where').textContent()).toContain(
            lang === 'zh' ? `第 ${pages.length - 1} 页` : `Page ${pages.length - 1}`,
          );
        }
        expect(problems).toEqual([]);
        await context.close();
      });

      if (!onePage) {
        it(`shows every service of a department without scrolling, ${name}, ${lang}`, async () => {
          const { context, page } = await openKiosk(hall, viewport, lang);
          // Market regulation: two services and its combined visit, beside them.
          await page.locator('[data-choice="market"]').click();
          await page.locator('[data-choice="biz-open"]').waitFor();
          const pages = await allPages(
            page,
            viewport,
            `kiosk-busy-${hallName}-market-${name}-${lang}`,
          );
          expect(pages.flat().sort()).toEqual(['biz-change', 'biz-open', 'visit-start-business']);
          expect(await a11y(page, `kiosk department ${hallName} ${name} ${lang}`)).toEqual([]);
          await context.close();
        });
      }
    }
  }
});

/** Every element of the result screen a visitor must read, inside the screen. */
async function resultInView(page: Page, viewport: { width: number; height: number }) {
  const screen: Box = { x: 0, y: 0, ...viewport };
  const parts = [
    '[data-testid="ticket-number"]',
    '.result-service',
    '.result-steps',
    '.result-line >> nth=0',
    '.result-line >> nth=1',
    '.result-print',
    '[data-testid="qr"]',
    '.result-side .button',
  ];
  for (const selector of parts) {
    const box = await page.locator(selector).boundingBox();
    expect(box, selector).not.toBeNull();
    expect(inside(box as Box, screen), `${selector} inside the screen`).toBe(true);
  }
}

describe('the kiosk through a busy morning', () => {
  let hall: HubTestHall;
  beforeAll(async () => {
    hall = await busyHall(DEMO_HALL);
  });
  afterAll(async () => {
    await hall.close();
  });

  for (const { name, viewport } of SIZES) {
    for (const lang of LANGS) {
      it(`confirms a three-step visit and shows all of its result, ${name}, ${lang}`, async () => {
        const { context, page, problems } = await openKiosk(hall, viewport, lang);
        const before = hall.hub.current.issuedCount;
        await page.getByTestId('visit-buy-home').click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        expect(await dialog.locator('li').count()).toBe(3);
        expect(hall.hub.current.issuedCount).toBe(before);
        await screenshot(page, `kiosk-busy-visit-confirm-${name}-${lang}`);
        expect(await a11y(page, `visit confirm ${name} ${lang}`)).toEqual([]);
        await dialog.getByRole('button', { name: lang === 'zh' ? '取消' : 'Cancel' }).click();
        await page.getByTestId('visit-buy-home').waitFor();
        expect(hall.hub.current.issuedCount).toBe(before);

        await page.getByTestId('visit-buy-home').click();
        await page
          .getByRole('button', { name: lang === 'zh' ? '确认取号' : 'Take this number' })
          .click();
        await page.getByTestId('qr').waitFor();
        expect(hall.hub.current.issuedCount).toBe(before + 1);
        // The wait and the printer's warning (no printer in a browser) are on the screen.
        expect(await page.locator('.result-print').textContent()).toContain(
          lang === 'zh' ? '本机未连接打印机' : 'No printer here',
        );
        await resultInView(page, viewport);
        await screenshot(page, `kiosk-busy-visit-result-${name}-${lang}`);
        expect(await a11y(page, `visit result ${name} ${lang}`)).toEqual([]);
        expect(problems).toEqual([]);
        await context.close();
      });
    }

    it(`lets the green channel be cancelled, ${name}`, async () => {
      const { context, page } = await openKiosk(hall, viewport, 'zh');
      await page.getByRole('button', { name: /绿色通道/ }).click();
      await page.getByRole('button', { name: /确认，取绿色通道号/ }).click();
      const cancel = page.getByRole('button', { name: '取消绿色通道' });
      await cancel.waitFor();
      const box = await cancel.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(MIN_TARGET);
      expect(box && inside(box, { x: 0, y: 0, ...viewport })).toBe(true);
      await screenshot(page, `kiosk-busy-green-active-${name}`);
      expect(await a11y(page, `green channel active ${name}`)).toEqual([]);
      await cancel.click();
      await page.getByRole('button', { name: /绿色通道/ }).waitFor();
      expect(await page.getByText('绿色通道取号中').count()).toBe(0);
      // The number taken now is a normal one.
      await page.getByRole('button', { name: /公安局/ }).click();
      await page.getByRole('button', { name: /户籍办理/ }).click();
      const number = ((await page.getByTestId('ticket-number').textContent()) ?? '').trim();
      const ticket = [...hall.hub.current.tickets.values()].find((t) => t.number === number);
      expect(ticket?.class).toBe('normal');
      await context.close();
    });
  }

  it('shows no estimate from a PC clock 15 hours behind the hub', async () => {
    const { pairingCode } = createDevice(
      hall.hub.store,
      hall.hub.config,
      { kind: 'kiosk', name: 'skewed kiosk', windowId: null },
      hall.hub.now(),
    );
    const { context, page } = await newPage(browser, { width: 1080, height: 1920 });
    await context.clock.install({ time: hall.hub.now() - 15 * 3_600_000 });
    await page.goto(`${hall.url}/kiosk/?pair=${pairingCode}`);
    // Read as soon as the choices are up: what a visitor sees first.
    const tile = page.getByTestId('visit-start-business');
    await tile.waitFor();
    const shown = (await tile.locator('.tile-meta').textContent()) ?? '';
    const minutes = Number(/约 (\d+) 分钟/.exec(shown)?.[1] ?? 'NaN');
    // The hub's own estimate for the visit's first step (biz-open, served at window 1).
    const expected = estimateWait(hall.hub.current, 'biz-open', hall.hub.now()).minutes;
    expect(Math.abs(minutes - Math.max(1, expected))).toBeLessThanOrEqual(2);
    await context.close();
  });
});

describe('the kiosk when no number can be given', () => {
  // A hall with office hours, on Monday 7 December 2026 (Shanghai).
  const OFFICE: HallConfig = {
    ...DEMO_HALL,
    services: DEMO_HALL.services.map((s) => ({
      ...s,
      hours: [
        { days: [1, 2, 3, 4, 5], open: '08:30', close: '12:00' },
        { days: [1, 2, 3, 4, 5], open: '14:00', close: '17:30' },
      ],
    })),
  };
  const at = (hh: number, mm: number) => Date.UTC(2026, 11, 7, hh - 8, mm);
  let hall: HubTestHall;
  let clock: FakeClock;
  beforeAll(async () => {
    clock = new FakeClock(at(7, 50));
    hall = await HubTestHall.start({
      config: OFFICE,
      now: clock.now,
      pagesDir: join(ROOT, 'dist/pages'),
    });
  });
  afterAll(async () => {
    await hall.close();
  });

  for (const { name, viewport } of SIZES) {
    it(`says when numbers are given, by the hub's clock, ${name}`, async () => {
      clock.t = at(7, 50);
      const { pairingCode } = createDevice(
        hall.hub.store,
        hall.hub.config,
        { kind: 'kiosk', name: 'early kiosk', windowId: null },
        hall.hub.now(),
      );
      const { context, page } = await newPage(browser, viewport);
      // The PC's clock is wrong by a day: the page goes by the hub's.
      await context.clock.install({ time: at(7, 50) - 86_400_000 });
      await page.goto(`${hall.url}/kiosk/?pair=${pairingCode}`);
      const next = page.getByTestId('next-opening');
      await expect
        .poll(() => next.textContent())
        .toBe('今天 08:30 起可取号Numbers from today at 08:30');
      expect(await page.getByTestId('closed').textContent()).toContain('现在不能取号');
      await screenshot(page, `kiosk-closed-early-${name}`);
      expect(await a11y(page, `closed early ${name}`)).toEqual([]);

      // After the afternoon's close: tomorrow morning.
      clock.t = at(17, 45);
      await page.reload();
      await expect
        .poll(() => next.textContent())
        .toBe('明天 08:30 起可取号Numbers from tomorrow at 08:30');
      expect(await page.getByTestId('closed').textContent()).toContain('今日取号已结束');
      await screenshot(page, `kiosk-closed-evening-${name}`);
      await context.close();
    });
  }

  it("says the day's service has ended after the day's close, and when it opens next", async () => {
    clock.t = at(17, 50);
    const { pairingCode } = createDevice(
      hall.hub.store,
      hall.hub.config,
      { kind: 'kiosk', name: 'evening kiosk', windowId: null },
      hall.hub.now(),
    );
    const admin = await hall.client('admin', await hall.login());
    const closed = await admin.command('close_day', {});
    expect(closed.ok).toBe(true);
    const { context, page } = await newPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${hall.url}/kiosk/?pair=${pairingCode}`);
    const screen = page.getByTestId('closed');
    await expect.poll(() => screen.textContent()).toContain('今日业务已结束');
    const text = (await screen.textContent()) ?? '';
    expect(text).toContain("Today's service has ended");
    expect(text).toContain('明天 08:30 起可取号');
    expect(text).not.toContain('请稍候');
    expect(text).not.toContain('Please wait');
    await screenshot(page, 'kiosk-day-ended');
    expect(await a11y(page, 'kiosk day ended')).toEqual([]);
    admin.close();
    await context.close();
  });
});
