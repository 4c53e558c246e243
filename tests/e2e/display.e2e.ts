import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Command, HallConfig } from '@onestop/shared';
import type { HubClient } from '@onestop/shared/client';
import { DEMO_HALL, DEMO_STAFF } from '@onestop/hub';
import { ROOT } from '../support/build.js';
import { HubTestHall } from '../support/hall.js';
import { a11y } from './support/axe.js';
import { launch, screenshot } from './support/browser.js';
import { HallClock } from './support/hall-clock.js';
import { openPaired, type PairedPage } from './support/paired.js';

/*
 * The hall display in Chromium against a real hub holding a busy morning (about 130 waiting,
 * twelve windows). What a visitor sees is measured, not only found: the ink height of every
 * text on the board (the height of a capital or digit, or of a Chinese character, in the font
 * Chromium really uses, measured on a canvas with that font), the boxes of every text and item
 * (inside the screen and their panel, none over another), and which number is largest while
 * the voice says which. Each test starts its own hub, so any one runs alone. Screenshots of each
 * layout go to artifacts/screenshots.
 */

interface Announced {
  ticketId: string;
  number: string;
  windowNumber: number;
  kind: string;
  status: string;
  texts: string[];
  queuedDuring: number;
  cycle: number | null;
  reason: string | null;
}

declare global {
  interface Window {
    __onestopAnnouncements?: Announced[];
  }
}

/** The page turns every 8 s (PAGE_MS in Board.tsx). */
const PAGE_MS = 8_000;

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
  { width: 1080, height: 1920 },
] as const;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** A hub for one test, its terminals and its display pages. */
class Scene {
  readonly terminals = new Map<string, HubClient<'window'>>();
  readonly pages: PairedPage[] = [];
  private constructor(
    readonly hall: HubTestHall,
    readonly clock: HallClock,
  ) {}

  static async start(config: HallConfig = DEMO_HALL): Promise<Scene> {
    const clock = new HallClock(Date.now());
    const hall = await HubTestHall.start({
      config,
      now: clock.now,
      pagesDir: join(ROOT, 'dist/pages'),
    });
    return new Scene(hall, clock);
  }

  direct(command: Command): void {
    const outcome = this.hall.hub.execute({ kind: 'system' }, 'test', null, command);
    if (!outcome.ok) throw new Error(`${command.type}: ${outcome.error.code}`);
    this.hall.hub.publish(outcome.events);
  }

  issue(serviceId: string, count: number): void {
    for (let i = 0; i < count; i++) {
      this.direct({
        type: 'issue_ticket',
        itinerary: [{ serviceIds: [serviceId] }],
        class: 'normal',
        appointment: null,
        accessToken: `tok-${serviceId}-${this.hall.hub.current.issuedCount}`,
      });
    }
  }

  /** About 130 waiting across the ten services, as at half past nine. */
  busyMorning(): void {
    const counts = [22, 10, 16, 12, 14, 8, 18, 14, 8, 10];
    this.hall.hub.config.services.forEach((s, i) => {
      if (s.enabled) this.issue(s.id, counts[i % counts.length] ?? 10);
    });
  }

  /** Terminals at these windows, a clerk logged in at each, the window open. */
  async open(windowIds: readonly string[]): Promise<void> {
    await Promise.all(
      windowIds.map(async (id) => {
        const n = Number(id.slice(1));
        const staff = DEMO_STAFF[n - 1]?.code ?? 'C01';
        this.terminals.set(id, await this.hall.openWindow(id, staff));
      }),
    );
  }

  async command(
    windowId: string,
    name: 'call_next' | 'start_serving' | 'finish' | 'recall' | 'no_show',
  ): Promise<string> {
    const client = this.terminals.get(windowId);
    if (!client) throw new Error(`no terminal at ${windowId}`);
    const outcome = await client.command(name, {});
    if (!outcome.ok) throw new Error(`${name} at ${windowId}: ${outcome.error.code}`);
    return name === 'call_next' ? (this.ticketAt(windowId) ?? '') : '';
  }

  ticketAt(windowId: string): string | null {
    const state = this.hall.hub.current;
    const id = state.windows.get(windowId)?.currentTicketId;
    return id ? (state.tickets.get(id)?.number ?? null) : null;
  }

  /** A display page paired by its link, its clock the hall's. */
  async display(viewport: { width: number; height: number }, query = ''): Promise<Page> {
    const paired = await openPaired(browser, this.hall, {
      kind: 'display',
      path: 'display',
      name: `display ${viewport.width}x${viewport.height}`,
      viewport,
      query,
      clock: this.clock,
    });
    this.pages.push(paired);
    await paired.page.waitForSelector('main.board');
    expect(new URL(paired.page.url()).searchParams.has('pair')).toBe(false);
    return paired.page;
  }

  problems(): string[] {
    return this.pages.flatMap((p) => p.problems);
  }

  async close(): Promise<void> {
    for (const p of this.pages) await p.context.close();
    await this.hall.close();
  }
}

let scene: Scene | null = null;
afterEach(async () => {
  await scene?.close();
  scene = null;
});

const announced = (page: Page): Promise<Announced[]> =>
  page.evaluate(() => (window.__onestopAnnouncements ?? []).map((a) => ({ ...a })));

async function until<T>(
  probe: () => Promise<T>,
  check: (value: T) => boolean,
  what: string,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const heroTicket = (page: Page): Promise<string | null> =>
  page.evaluate(
    () => document.querySelector('[data-testid="call-main"]')?.getAttribute('data-ticket') ?? null,
  );

// ---- what a visitor sees, measured in the page ----

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface TextSeen {
  text: string;
  /** Ink height in px: a capital or digit (H, 0), or a Chinese character (国), in its font. */
  ink: number;
  /** Where its glyphs are (the text's own box, trimmed to the ink height). */
  box: Rect;
  /** The panel it belongs to (a section, the header, the notice), or its scrolling line. */
  frame: Rect;
  where: string;
}

interface Seen {
  texts: TextSeen[];
  /** Groups of boxes that must not overlap one another. */
  groups: { name: string; boxes: Rect[] }[];
  hero: { number: string; ink: number; speaking: boolean } | null;
  others: { number: string; ink: number; win: number }[];
  panel: { kind: string; page: string };
}

/** Every text on the board and the boxes that matter, as drawn now. */
function see(page: Page): Promise<Seen> {
  return page.evaluate(() => {
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d');
    const inkOf = (el: Element, text: string): number => {
      if (!ctx) return 0;
      const cs = getComputedStyle(el);
      ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const samples: string[] = [];
      if (/[\u3400-\u9fff]/.test(text)) samples.push('国');
      if (/[A-Za-z0-9]/.test(text)) samples.push('H0');
      if (samples.length === 0) samples.push('H');
      return Math.min(
        ...samples.map((s) => {
          const m = ctx.measureText(s);
          return m.actualBoundingBoxAscent + m.actualBoundingBoxDescent;
        }),
      );
    };
    const rect = (r: DOMRect): Rect => ({ x: r.x, y: r.y, w: r.width, h: r.height });
    const path = (el: Element): string => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && e !== document.body; e = e.parentElement) {
        const cls = typeof e.className === 'string' ? e.className.split(' ')[0] : '';
        parts.unshift(`${e.tagName.toLowerCase()}${cls ? `.${cls}` : ''}`);
      }
      return parts.slice(-3).join('>');
    };
    const board = document.querySelector('main.board');
    const texts: TextSeen[] = [];
    const walker = document.createTreeWalker(board ?? document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').trim();
      const el = node.parentElement;
      if (text === '' || !el) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const ink = inkOf(el, text);
      const marquee = el.closest('.marquee');
      const frameEl = marquee ?? el.closest('section, header, footer, .day-closed');
      let box = rect(r);
      // The glyphs sit within the line box: keep the middle band as tall as the ink.
      const trim = Math.max(0, (box.h - ink) / 2);
      box = { x: box.x, y: box.y + trim, w: box.w, h: box.h - 2 * trim };
      if (marquee) {
        // A scrolling line is seen through its box.
        const m = rect(marquee.getBoundingClientRect());
        const x0 = Math.max(box.x, m.x);
        const x1 = Math.min(box.x + box.w, m.x + m.w);
        box = { ...box, x: x0, w: Math.max(0, x1 - x0) };
      }
      texts.push({
        text,
        ink,
        box,
        frame: frameEl ? rect(frameEl.getBoundingClientRect()) : box,
        where: path(el),
      });
    }
    const boxes = (selector: string): Rect[] =>
      [...document.querySelectorAll(selector)].map((e) => rect(e.getBoundingClientRect()));
    const groups = [
      { name: 'blocks', boxes: boxes('.board-head, .calling, .panel, .notice, .day-closed') },
      { name: 'hero', boxes: boxes('.call-main > *, .call-others') },
      { name: 'calls', boxes: boxes('.call-others li') },
      { name: 'panel items', boxes: boxes('.panel li, .panel h2, .services-head') },
      { name: 'header', boxes: boxes('.board-head > *') },
    ];
    const heroEl = document.querySelector('[data-testid="call-main"]');
    const heroNumber = heroEl?.querySelector('.call-number');
    const heroWindow = heroEl?.querySelector('.call-window-number');
    const hero =
      heroEl && heroNumber && heroWindow
        ? {
            number: heroEl.getAttribute('data-ticket') ?? '',
            ink: Math.min(
              inkOf(heroNumber, heroNumber.textContent ?? ''),
              inkOf(heroWindow, heroWindow.textContent ?? ''),
            ),
            speaking: heroEl.getAttribute('data-speaking') === 'yes',
          }
        : null;
    const others = [...document.querySelectorAll('[data-testid="call-other"]')].map((li) => {
      const num = li.querySelector('.num');
      const win = li.querySelector('.win');
      return {
        number: li.getAttribute('data-ticket') ?? '',
        ink: Math.min(
          num ? inkOf(num, num.textContent ?? '') : 0,
          win ? inkOf(win, win.textContent ?? '') : 0,
        ),
        win: win ? inkOf(win, win.textContent ?? '') : 0,
      };
    });
    const panelEl = document.querySelector('[data-testid="panel"]');
    return {
      texts,
      groups,
      hero,
      others,
      panel: {
        kind: panelEl?.getAttribute('data-panel') ?? '',
        page: panelEl?.getAttribute('data-page') ?? '',
      },
    };
  });
}

const inside = (a: Rect, b: Rect, tolerance = 1): boolean =>
  a.x >= b.x - tolerance &&
  a.y >= b.y - tolerance &&
  a.x + a.w <= b.x + b.w + tolerance &&
  a.y + a.h <= b.y + b.h + tolerance;

const overlap = (a: Rect, b: Rect, tolerance = 1): boolean =>
  a.x + tolerance < b.x + b.w &&
  b.x + tolerance < a.x + a.w &&
  a.y + tolerance < b.y + b.h &&
  b.y + tolerance < a.y + a.h;

/** What is wrong with the board as seen: clipped, off-screen, overlapping or too small texts. */
function layoutProblems(seen: Seen, viewport: { width: number; height: number }): string[] {
  const scale = Math.min(viewport.width, viewport.height) / 1080;
  const screen: Rect = { x: 0, y: 0, w: viewport.width, h: viewport.height };
  const problems: string[] = [];
  for (const t of seen.texts) {
    if (t.box.w === 0) continue; // scrolled out of its line for now
    if (!inside(t.box, screen)) problems.push(`off screen: "${t.text}" (${t.where})`);
    if (!inside(t.box, t.frame)) problems.push(`clipped: "${t.text}" (${t.where})`);
    if (t.ink < 30 * scale) {
      problems.push(`too small: "${t.text}" ${t.ink.toFixed(1)} px (${t.where})`);
    }
  }
  const visible = seen.texts.filter((t) => t.box.w > 0);
  for (let i = 0; i < visible.length; i++) {
    for (let j = i + 1; j < visible.length; j++) {
      const a = visible[i];
      const b = visible[j];
      if (a && b && overlap(a.box, b.box)) {
        problems.push(`overlap: "${a.text}" (${a.where}) and "${b.text}" (${b.where})`);
      }
    }
  }
  for (const group of seen.groups) {
    group.boxes.forEach((a, i) => {
      if (!inside(a, screen)) problems.push(`${group.name} ${i} off screen`);
      group.boxes.slice(i + 1).forEach((b, j) => {
        if (overlap(a, b)) problems.push(`${group.name}: ${i} overlaps ${i + j + 1}`);
      });
    });
  }
  return problems;
}

/** Turns the page (the hall's clock, the page's and the hub's together) and waits for it. */
async function nextPage(page: Page, clock: HallClock): Promise<void> {
  const before = await page.evaluate(() => {
    const p = document.querySelector('[data-testid="panel"]');
    const o = document.querySelector('[data-testid="call-others"]');
    return `${p?.getAttribute('data-panel')}${p?.getAttribute('data-page')}|${o?.textContent}`;
  });
  // To just after the next turn, so the page is not turned twice while the test looks at it.
  const now = await page.evaluate(() => Date.now());
  await clock.skip(PAGE_MS - (now % PAGE_MS) + 300);
  await page
    .waitForFunction(
      (b) => {
        const p = document.querySelector('[data-testid="panel"]');
        const o = document.querySelector('[data-testid="call-others"]');
        return (
          `${p?.getAttribute('data-panel')}${p?.getAttribute('data-page')}|${o?.textContent}` !== b
        );
      },
      before,
      { timeout: 5_000 },
    )
    .catch(() => undefined); // a board with one page of each stays as it is
  await page.waitForTimeout(300);
}

/**
 * axe-core on a page whose clock is paused: axe waits on timers of its own, so the clock is run
 * in small steps until it is done (a fraction of a page's time).
 */
async function a11yPaused(page: Page, state: string): Promise<string[]> {
  let done = false;
  const result = a11y(page, state).finally(() => {
    done = true;
  });
  while (!done) {
    await page.clock.runFor(10);
    await new Promise((r) => setTimeout(r, 20));
  }
  return result;
}

/** A hall config with long names, a long notice and one suspended service. */
function longNamesHall(): HallConfig {
  return {
    ...DEMO_HALL,
    hall: {
      ...DEMO_HALL.hall,
      name: {
        zh: '示范市高新技术产业开发区政务服务中心（市民之家）',
        en: 'Demo City High-Tech Industrial Development Zone Government Service Center',
      },
      notice: {
        zh: '请携带本人有效身份证件原件，留意叫号；过号请到服务台重新取号。办理不动产登记请提前准备好全部材料，午间十二点至一点半部分窗口轮休。',
        en: 'Please bring your original ID card and listen for your number; if you miss it, take a new number at the service desk. For property registration have all documents ready; some windows rest from 12:00 to 13:30.',
      },
    },
    services: DEMO_HALL.services.map((s) =>
      s.id === 'social'
        ? {
            ...s,
            name: {
              zh: '社会保险参保登记及待遇核定',
              en: 'Social insurance registration and benefit assessment',
            },
          }
        : s.id === 'estate-reg'
          ? {
              ...s,
              name: {
                zh: '不动产登记（转移、抵押、变更）',
                en: 'Real estate registration (transfer, mortgage, changes)',
              },
            }
          : s,
    ),
  };
}

/** Twelve windows open and calling: eight called, three serving, one paused. */
async function busyBoard(s: Scene): Promise<void> {
  s.busyMorning();
  const ids = s.hall.hub.config.windows.map((w) => w.id);
  await s.open(ids);
  for (const id of ids.slice(0, 11)) await s.command(id, 'call_next');
  for (const id of ids.slice(0, 3)) await s.command(id, 'start_serving');
  // A few visitors already served: recent calls that are over.
  for (const [i, id] of ids.slice(0, 3).entries()) {
    const ticketId = s.hall.hub.current.windows.get(id)?.currentTicketId ?? '';
    await s.command(id, 'finish');
    // Rated on the pad: 阳光运行's satisfaction this month (a hall that shows it).
    s.direct({ type: 'rate', ticketId, score: i === 2 ? 2 : 5, reasons: [] });
    await s.command(id, 'call_next');
    await s.command(id, 'start_serving');
  }
  s.direct({ type: 'pause_window', windowId: 'w12', reason: 'system_problem' });
}

describe('hall display', () => {
  it('pairs by its link, shows a call a window makes very large, and says it', async () => {
    scene = await Scene.start();
    const s = scene;
    s.issue('biz-open', 6);
    await s.open(['w1']);
    const page = await s.display({ width: 1920, height: 1080 }, '&repeats=1');
    const number = await s.command('w1', 'call_next');
    await until(
      () => heroTicket(page),
      (t) => t === number,
      'the call on the board',
    );
    const list = await until(
      () => announced(page),
      (l) => l.some((a) => a.number === number && (a.status === 'done' || a.status === 'failed')),
      'the call said',
    );
    const entry = list.find((a) => a.number === number);
    expect(entry?.texts).toEqual([
      `请 ${number} 号到 1 号窗口办理`,
      `Number ${number}, please go to window 1`,
    ]);
    // Chromium has no system voice here: the clip set, fetched and joined, was played.
    expect(entry?.status).toBe('done');
    // It told the hub how it speaks (shown in the admin monitor).
    const reported = () =>
      s.hall.hub.store
        .listDevices()
        .filter((d) => d.kind === 'display')
        .map((d) => d.status as { state: string; detail: string } | null)
        .at(-1);
    await expect.poll(reported).toEqual({
      state: 'ok',
      detail: expect.stringMatching(/^Chinese: (clip set|system voice); English: /) as unknown,
      printer: null,
    });
    expect(await a11y(page, 'display-one-call')).toEqual([]);
    expect(s.problems()).toEqual([]);
  });

  it('says a recall again, after the call before it', async () => {
    scene = await Scene.start();
    const s = scene;
    s.issue('biz-open', 3);
    await s.open(['w1']);
    const page = await s.display({ width: 1920, height: 1080 }, '&repeats=1');
    const number = await s.command('w1', 'call_next');
    await until(
      () => announced(page),
      (l) => l.some((a) => a.number === number && a.status === 'done'),
      'the call said',
    );
    await s.command('w1', 'recall');
    const list = await until(
      () => announced(page),
      (l) => l.length === 2 && l[1]?.status === 'done',
      'the recall said',
    );
    expect(list.map((a) => [a.number, a.kind])).toEqual([
      [number, 'call'],
      [number, 'recall'],
    ]);
  });

  it('keeps the board while the hub is away, catches up, and does not say what it missed', async () => {
    scene = await Scene.start();
    const s = scene;
    s.issue('biz-open', 4);
    s.issue('social', 4);
    await s.open(['w1', 'w4']);
    const page = await s.display({ width: 1920, height: 1080 }, '&repeats=1');
    const live = await s.command('w1', 'call_next');
    await until(
      () => announced(page),
      (l) => l.some((a) => a.number === live && a.status === 'done'),
      'the live call said',
    );
    const before = await announced(page);
    let missed = '';
    await s.hall.offline(async () => {
      await page.waitForSelector('[data-testid="reconnecting"]');
      expect(await heroTicket(page)).toBe(live);
      await screenshot(page, 'display-reconnecting');
      expect(await a11y(page, 'display-reconnecting')).toEqual([]);
      s.direct({ type: 'call_next', windowId: 'w4' });
      missed = s.ticketAt('w4') ?? '';
    });
    expect(missed).not.toBe('');
    await page.waitForSelector('[data-testid="reconnecting"]', { state: 'detached' });
    // The missed call is on the board (among the calls), never said.
    await page.waitForSelector(`[data-ticket="${missed}"]`);
    s.direct({ type: 'start_serving', windowId: 'w1' });
    s.direct({ type: 'finish', windowId: 'w1' });
    s.direct({ type: 'call_next', windowId: 'w1' });
    const after = s.ticketAt('w1');
    const list = await until(
      () => announced(page),
      (l) => l.some((a) => a.number === after),
      'the call after the restart',
    );
    expect(list.map((a) => a.number)).not.toContain(missed);
    expect(list.length).toBe(before.length + 1);
  });

  it('shows only its windows when filtered', async () => {
    scene = await Scene.start();
    const s = scene;
    s.busyMorning();
    await s.open(['w1', 'w4']);
    await s.command('w1', 'call_next');
    const w4 = await s.command('w4', 'call_next');
    const page = await s.display({ width: 1920, height: 1080 }, '&windows=w1,w2,w3');
    await until(
      () =>
        page.evaluate(() =>
          document.querySelector('[data-testid="panel"]')?.getAttribute('data-panel'),
        ),
      (k) => k === 'windows',
      'the windows page',
      30_000,
    ).catch(async () => {
      await nextPage(page, s.clock);
    });
    expect(await page.locator('[data-testid^="window-"]').count()).toBe(3);
    expect(await page.locator(`[data-ticket="${w4}"]`).count()).toBe(0);
    await screenshot(page, 'display-filtered');
  });

  it('puts every number of a burst of twelve calls on the board, large, and highlights the one being said', async () => {
    scene = await Scene.start();
    const s = scene;
    s.busyMorning();
    const ids = s.hall.hub.config.windows.map((w) => w.id);
    await s.open(ids);
    const page = await s.display({ width: 1920, height: 1080 }, '&repeats=2');
    // Twelve terminals press "call next" within one second.
    const numbers = await Promise.all(ids.map((id) => s.command(id, 'call_next')));
    expect(new Set(numbers).size).toBe(12);
    // Every number called is on the board: the largest, or among the others (page by page).
    const shown = new Set<string>();
    const problems: string[] = [];
    for (let turn = 0; turn < 4 && shown.size < 12; turn++) {
      const seen = await see(page);
      if (seen.hero) shown.add(seen.hero.number);
      for (const o of seen.others) shown.add(o.number);
      // Large: the largest at least 130 px of ink, every other at least 70 px.
      if (seen.hero && seen.hero.ink < 130) problems.push(`hero ${seen.hero.ink}`);
      for (const o of seen.others) if (o.ink < 70) problems.push(`${o.number} ${o.ink}`);
      problems.push(...layoutProblems(seen, { width: 1920, height: 1080 }));
      await nextPage(page, s.clock);
    }
    expect([...shown].sort()).toEqual([...numbers].sort());
    expect(problems).toEqual([]);
    // The highlight follows the voice: whenever a call is being said, it is the largest.
    const mismatches: string[] = [];
    let checks = 0;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const { speaking, hero, flashing } = await page.evaluate(() => {
        const log = window.__onestopAnnouncements ?? [];
        const main = document.querySelector('[data-testid="call-main"]');
        return {
          speaking: log.find((a) => a.status === 'speaking')?.number ?? null,
          hero: main?.getAttribute('data-ticket') ?? null,
          flashing: main?.classList.contains('flash') ?? false,
        };
      });
      if (speaking !== null) {
        checks++;
        if (speaking !== hero || !flashing) mismatches.push(`said ${speaking}, largest ${hero}`);
      }
      await page.waitForTimeout(150);
    }
    expect(checks).toBeGreaterThan(10);
    // A redraw may trail the voice by a frame: allow one sample in twenty.
    expect(mismatches.length).toBeLessThanOrEqual(Math.floor(checks / 20));
    // Served visitors leave the calls for "recent calls" (calls that are over).
    const served = numbers.slice(0, 4);
    for (const id of ids.slice(0, 4)) await s.command(id, 'start_serving');
    await page.waitForFunction(
      (gone) =>
        gone.every(
          (n) =>
            !document.querySelector(
              `[data-testid="call-other"][data-ticket="${n}"], [data-testid="call-main"][data-ticket="${n}"]`,
            ),
        ),
      served,
    );
    expect(await a11y(page, 'display-burst')).toEqual([]);
    await screenshot(page, 'display-burst-1920x1080');
    expect(s.problems()).toEqual([]);
  }, 180_000);

  it('keeps the voice within one cycle of the board through 30 calls in ten seconds', async () => {
    scene = await Scene.start();
    const s = scene;
    s.busyMorning();
    const ids = s.hall.hub.config.windows.map((w) => w.id);
    await s.open(ids);
    const page = await s.display({ width: 1920, height: 1080 }, '&repeats=2');
    const called: { number: string; at: number }[] = [];
    const servedAt = new Map<string, number>();
    const started = Date.now();
    // 30 calls in ten seconds: a round of twelve, then each window serves (or marks a no-show)
    // and calls again, some of them twice.
    for (let i = 0; i < 30; i++) {
      const id = ids[i % 12] ?? 'w1';
      if (i >= 12) {
        const current = s.ticketAt(id);
        if (current) {
          await s.command(id, 'start_serving');
          servedAt.set(current, Date.now());
          await s.command(id, 'finish');
        }
      }
      called.push({ number: await s.command(id, 'call_next'), at: Date.now() });
      const wait = started + ((i + 1) * 10_000) / 30 - Date.now();
      if (wait > 0) await page.waitForTimeout(wait);
    }
    // The burst really was one (ten seconds of calls; generous for a loaded machine).
    expect(Date.now() - started).toBeLessThan(20_000);
    // Watch the voice report until the voice is idle.
    let maxWaiting = 0;
    let maxCycle = 0;
    const log = await until(
      async () => {
        const list = await announced(page);
        // Waiting for the next cycle: not yet taken up by one.
        const next = list.filter((a) => a.status === 'queued' && a.cycle === null);
        maxWaiting = Math.max(maxWaiting, next.length);
        // A cycle holds 4 calls at most.
        const cycles = new Map<number, number>();
        for (const a of list)
          if (a.cycle !== null) cycles.set(a.cycle, (cycles.get(a.cycle) ?? 0) + 1);
        maxCycle = Math.max(maxCycle, ...cycles.values());
        return list;
      },
      (l) => l.length >= 30 && l.every((a) => a.status !== 'queued' && a.status !== 'speaking'),
      'the voice to finish the peak',
      120_000,
    );
    const byNumber = new Map(log.map((a) => [a.number, a]));
    expect(called.every((c) => byNumber.has(c.number))).toBe(true);
    // Bounded backlog (4 calls wait for the next cycle, at most).
    expect(maxWaiting).toBeLessThanOrEqual(4);
    expect(maxCycle).toBeLessThanOrEqual(4);
    // Each call said was said in the cycle after the one running when it came, at most.
    const said = log.filter((a) => a.status === 'done');
    expect(said.length).toBeGreaterThan(3);
    for (const a of said) expect(a.cycle ?? 0).toBeLessThanOrEqual(a.queuedDuring + 1);
    // Nothing said once it was no longer current: every call of a visitor served within the
    // peak that was not said before is dropped as not current, none said later.
    for (const a of log) {
      if (a.status === 'dropped') expect(['not_current', 'backlog']).toContain(a.reason);
    }
    // The newest calls (the last twelve) are current at the end and get said or are dropped
    // only for the backlog; the last one is always said.
    expect(byNumber.get(called.at(-1)?.number ?? '')?.status).toBe('done');
    // The voice was done with the peak one cycle after the one being said when the burst
    // ended: no cycle later than the last call's.
    const last = byNumber.get(called.at(-1)?.number ?? '');
    const lastCycle = Math.max(...log.map((a) => a.cycle ?? 0));
    expect(lastCycle).toBeLessThanOrEqual((last?.queuedDuring ?? 0) + 1);
    expect(s.problems()).toEqual([]);
  }, 180_000);

  it('is legible across the hall and nothing is clipped or overlaps, at each size, on every page', async () => {
    // With 阳光运行 shown: its page of windows and its line taking turns with the notice.
    const config = longNamesHall();
    scene = await Scene.start({ ...config, hall: { ...config.hall, sunshine: true } });
    const s = scene;
    await busyBoard(s);
    for (const viewport of SIZES) {
      const page = await s.display(viewport, '&voice=off');
      await page.waitForSelector('[data-testid="call-main"]');
      // The page's clock stops, and moves on only page by page: a slow look (axe at 4K on a
      // loaded machine) must not let the board turn a page unseen.
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
      await page.clock.runFor(1_000);
      await page.waitForTimeout(300);
      const scale = Math.min(viewport.width, viewport.height) / 1080;
      const problems: string[] = [];
      const name = `${viewport.width}x${viewport.height}`;
      const pagesSeen = new Set<string>();
      const kindsChecked = new Set<string>();
      // Every page of the side panel in turn (and the calls' pages with them), until it has
      // come round to a page already seen.
      for (let turn = 0; turn < 16; turn++) {
        const seen = await see(page);
        const here = `${seen.panel.kind} ${seen.panel.page}`;
        if (pagesSeen.has(here)) break;
        pagesSeen.add(here);
        problems.push(...layoutProblems(seen, viewport).map((p) => `${name} ${here}: ${p}`));
        if (seen.hero && seen.hero.ink < 130 * scale)
          problems.push(`${name} hero ${seen.hero.ink}`);
        for (const o of seen.others) {
          if (o.ink < 70 * scale) problems.push(`${name} call ${o.number} ${o.ink}`);
        }
        // Window tiles and recent calls: their numbers at least 48 px of ink.
        const tiles = await page.evaluate(() => {
          const canvas = document.createElement('canvas').getContext('2d');
          return [
            ...document.querySelectorAll(
              '.window-number, .window-ticket, .recent .num, .recent .win',
            ),
          ].map((el) => {
            const cs = getComputedStyle(el);
            if (!canvas) return 0;
            canvas.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
            const m = canvas.measureText('H0');
            return m.actualBoundingBoxAscent + m.actualBoundingBoxDescent;
          });
        });
        for (const ink of tiles) if (ink < 48 * scale) problems.push(`${name} tile ${ink}`);
        if (!kindsChecked.has(seen.panel.kind)) {
          kindsChecked.add(seen.panel.kind);
          await screenshot(page, `display-${name}-${seen.panel.kind}`);
          // axe reads the same document at every size; at 4K it is slow on a loaded machine
          // and finds nothing the 1080p page does not, so it runs at the two 1080 sizes.
          if (viewport.width < 3840) {
            expect(await a11yPaused(page, `display-${name}-${seen.panel.kind}`)).toEqual([]);
          }
        }
        await page.clock.runFor(PAGE_MS);
        await page.waitForTimeout(300);
      }
      expect(problems).toEqual([]);
      expect([...kindsChecked].sort(), `${name}: ${[...pagesSeen].join(', ')}`).toEqual([
        'recent',
        'services',
        'sunshine',
        'windows',
      ]);
      await page.context().close();
    }
    expect(s.problems()).toEqual([]);
  }, 300_000);

  it('says no average wait until there is one, keeps a suspended service marked, and scrolls a long notice', async () => {
    scene = await Scene.start(longNamesHall());
    const s = scene;
    s.busyMorning();
    await s.open(['w1']);
    // One early call: no figure yet (not "0 分钟").
    await s.command('w1', 'call_next');
    // Tax services suspended while 14 people wait for them.
    const config = s.hall.hub.config;
    s.direct({
      type: 'change_config',
      config: {
        ...config,
        services: config.services.map((x) => (x.id === 'tax' ? { ...x, enabled: false } : x)),
      },
    });
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 1080, height: 1920 },
    ]) {
      const page = await s.display(viewport, '&voice=off');
      await until(
        async () => {
          const kind = await page.evaluate(() =>
            document.querySelector('[data-testid="panel"]')?.getAttribute('data-panel'),
          );
          if (kind !== 'services') await nextPage(page, s.clock);
          return page
            .locator('[data-testid="service-biz-open"], [data-testid="service-tax"]')
            .count();
        },
        (n) => n > 0,
        'the services page',
        60_000,
      );
      // Turn to the page with tax on it.
      for (
        let i = 0;
        i < 6 && (await page.locator('[data-testid="service-tax"]').count()) === 0;
        i++
      ) {
        await nextPage(page, s.clock);
      }
      const bizOpen = page.locator('[data-testid="service-biz-open"]');
      if ((await bizOpen.count()) > 0) {
        expect(await bizOpen.locator('.service-avg').textContent()).toBe('');
      }
      const tax = page.locator('[data-testid="service-tax"]');
      expect(await tax.locator('.service-waiting').textContent()).toBe('14');
      expect(await tax.locator('[data-testid="suspended"]').textContent()).toBe('暂停Suspended');
      const name = `${viewport.width}x${viewport.height}`;
      // Its mark takes its place beside the count: nothing cut or over anything else.
      expect(layoutProblems(await see(page), viewport)).toEqual([]);
      await screenshot(page, `display-${name}-suspended`);
      expect(await a11y(page, `display-${name}-services-suspended`)).toEqual([]);
      // The notice: one line at full size that scrolls to its end and back, both languages.
      const notice = await page.evaluate(() => {
        const box = document.querySelector('[data-testid="notice"] .marquee');
        const text = box?.querySelector('.marquee-text');
        return {
          scrolls: box?.getAttribute('data-scrolls'),
          overflow: (text?.scrollWidth ?? 0) - (box?.clientWidth ?? 0),
          shift: text ? getComputedStyle(text).getPropertyValue('--shift') : '',
          text: text?.textContent ?? '',
        };
      });
      expect(notice.scrolls).toBe('yes');
      expect(notice.text).toContain('Please bring your original ID card');
      expect(notice.text).toContain('请携带本人有效身份证件原件');
      // It moves as far as the text is longer than its line: the end is shown.
      expect(Math.abs(Number.parseFloat(notice.shift) + notice.overflow)).toBeLessThanOrEqual(2);
      // And it moves (after a pause at its start that lets the beginning be read).
      const x = () =>
        page.evaluate(() => {
          const t = document.querySelector('[data-testid="notice"] .marquee-text');
          return t ? Math.round(new DOMMatrix(getComputedStyle(t).transform).m41) : 0;
        });
      const positions = new Set<number>([await x()]);
      await until(
        async () => positions.add(await x()).size,
        (n) => n > 1,
        'the notice to scroll',
      );
      expect(positions.size).toBeGreaterThan(1);
    }
    expect(s.problems()).toEqual([]);
  }, 180_000);
});
