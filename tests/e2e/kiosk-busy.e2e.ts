import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { HallConfig } from '@onestop/shared';
import { DEMO_HALL } from '../../packages/hub/src/demo.js';
import { createDevice } from '../../packages/hub/src/devices.js';
import { ROOT } from '../support/build.js';
import { TestHall } from '../support/hall.js';
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

async function busyHall(config: HallConfig): Promise<TestHall> {
  const hall = await TestHall.start({ config, pagesDir: join(ROOT, 'dist/pages') });
  await busyMorning(hall);
  return hall;
}

async function openKiosk(
  hall: TestHall,
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
  let hall: TestHall;
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
    }
  }
});
