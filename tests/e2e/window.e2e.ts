import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DeviceKind, SequencedEvent } from '@onestop/shared';
import { HubClient } from '@onestop/shared/client';
import { createDevice, DEMO_HALL, DEMO_STAFF, hashPin, hashSecret, Hub } from '@onestop/hub';
import { ensureBuilt, ROOT } from '../support/build.js';
import { ChildHub, killAllChildHubs } from '../support/child-hub.js';
import { HubTestHall, waitFor } from '../support/hall.js';
import { a11y } from './support/axe.js';
import { launch, newPage, screenshot } from './support/browser.js';

/*
 * The window terminal and the rating pad in Chromium against a real hub: two terminals call at
 * once and get different tickets, a transfer keeps the number, a finish asks the rating pad, a
 * poor rating opens a complaint.
 */

let hall: HubTestHall;
let browser: Browser;
let kiosk: HubClient<'kiosk'>;
let admin: HubClient<'admin'>;
const adminEvents: SequencedEvent[] = [];
const contexts: BrowserContext[] = [];
const problems: string[] = [];

beforeAll(async () => {
  hall = await HubTestHall.start({ pagesDir: join(ROOT, 'dist/pages') });
  browser = await launch();
  admin = await hall.client('admin', await hall.login());
  admin.onEvents((events) => adminEvents.push(...events));
  const opened = await admin.command('open_day', { businessDay: null });
  // The hub may have opened today by itself at start.
  expect(opened.ok || opened.error.code === 'day_already_open').toBe(true);
  kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser.close();
  await hall.close();
});

function pairingCode(kind: DeviceKind, windowId: string): string {
  return createDevice(
    hall.hub.store,
    hall.hub.config,
    { kind, name: `${kind} ${windowId}`, windowId },
    hall.hub.now(),
  ).pairingCode;
}

async function open(
  path: string,
  viewport: { width: number; height: number },
  initScript?: string,
): Promise<Page> {
  const { context, page } = await newPage(browser, viewport);
  contexts.push(context);
  if (initScript !== undefined) await context.addInitScript({ content: initScript });
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${hall.url}${path}`);
  return page;
}

/** A terminal paired with `windowId` by its `?pair=` address, the clerk logged in, window open. */
async function terminal(windowId: string, staffCode: string, initScript?: string): Promise<Page> {
  const page = await open(
    `/window/?pair=${pairingCode('window_terminal', windowId)}`,
    { width: 1600, height: 900 },
    initScript,
  );
  await page.waitForSelector('form.login');
  expect(page.url()).not.toContain('pair=');
  const pin = DEMO_STAFF.find((s) => s.code === staffCode)?.pin ?? '';
  await page.getByLabel('工号').fill(staffCode);
  await page.getByLabel('密码').fill(pin);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForSelector('[data-action="open"]:not([disabled])');
  await page.keyboard.press('o');
  await page.waitForSelector('[data-testid="window-status"].status-open');
  return page;
}

async function issue(serviceId: string): Promise<string> {
  const issued = await kiosk.command('issue_ticket', {
    itinerary: [{ serviceIds: [serviceId] }],
    class: 'normal',
  });
  if (!issued.ok) throw new Error(issued.error.code);
  return issued.result.ticket.number;
}

const currentNumber = async (page: Page): Promise<string> =>
  (await page.getByTestId('current-number').textContent()) ?? '';

describe('window terminal and rating pad', () => {
  let w1: Page;
  let w2: Page;
  let pad: Page;

  it('two terminals pressing call next at once get different tickets', async () => {
    const issued = [await issue('biz-open'), await issue('biz-open'), await issue('biz-open')];
    w1 = await terminal('w1', 'C01');
    w2 = await terminal('w2', 'C02');
    await w1.waitForSelector('tr[data-ticket]');
    await screenshot(w1, 'window-ready');
    await Promise.all([w1.keyboard.press('n'), w2.keyboard.press('n')]);
    await w1.waitForSelector('[data-testid="current-number"]');
    await w2.waitForSelector('[data-testid="current-number"]');
    const a = await currentNumber(w1);
    const b = await currentNumber(w2);
    expect(a).not.toBe(b);
    expect(issued).toContain(a);
    expect(issued).toContain(b);
    // The hub agrees: each ticket is called at one window.
    const called = [...hall.hub.current.tickets.values()].filter((t) => t.status === 'called');
    expect(called.map((t) => `${t.number}@${t.windowId}`).sort()).toEqual(
      [`${a}@w1`, `${b}@w2`].sort(),
    );
    await expect(w1.getByTestId('call-reason').textContent()).resolves.toContain('先到先办');
    await screenshot(w1, 'window-called');
  });

  it('transfers a ticket to another window with its number and note', async () => {
    const moved = await currentNumber(w1);
    await w1.keyboard.press('t');
    await w1.getByRole('dialog').locator('input[value="w:w2"]').check();
    await w1.getByLabel('转办说明').fill('需补充营业执照复印件');
    await w1.getByRole('button', { name: '下一步' }).click();
    await expect(w1.getByTestId('transfer-confirm').textContent()).resolves.toBe(
      `将 ${moved} 号转到 2 号窗口？`,
    );
    await w1.getByRole('button', { name: '确认转办' }).click();
    await w1.waitForSelector('.current.empty');
    // Window 2 finishes its own visitor first (the rating pad is tested below), then calls it.
    await w2.waitForSelector(`tr[data-ticket="${moved}"]`);
    await expect(w2.locator(`tr[data-ticket="${moved}"] .marks`).textContent()).resolves.toContain(
      '指定本窗口',
    );
    const ticket = [...hall.hub.current.tickets.values()].find((t) => t.number === moved);
    expect(ticket?.status).toBe('waiting');
    expect(ticket?.targetWindowId).toBe('w2');
  });

  it('finish shows the rating pad; a poor rating is recorded and opens a complaint', async () => {
    pad = await open(`/rate/?pair=${pairingCode('rating_pad', 'w2')}`, {
      width: 1280,
      height: 800,
    });
    await pad.waitForSelector('main.rate.idle');
    await screenshot(pad, 'rate-idle');
    const served = await currentNumber(w2);
    await w2.keyboard.press('s');
    await w2.waitForSelector('.current.serving');
    await w2.keyboard.press('f');
    await pad.waitForSelector('button[data-score="1"]');
    await expect(pad.locator('.ticket-line').textContent()).resolves.toContain(served);
    await screenshot(pad, 'rate-asking');
    await pad.locator('button[data-score="1"]').click();
    await pad.locator('button[data-reason="attitude"]').click();
    await screenshot(pad, 'rate-reasons');
    await pad.getByRole('button', { name: /提交评价/ }).click();
    await pad.waitForSelector('.thanks');
    await screenshot(pad, 'rate-thanks');

    const ticket = [...hall.hub.current.tickets.values()].find((t) => t.number === served);
    await waitFor(() => adminEvents.some((e) => e.type === 'complaint_opened'), 5_000, 'complaint');
    expect(ticket?.rating?.score).toBe(1);
    expect(ticket?.rating?.windowId).toBe('w2');
    expect(ticket?.rating?.staffCode).toBe('C02');
    const complaint = adminEvents.find((e) => e.type === 'complaint_opened');
    expect(complaint?.type === 'complaint_opened' && complaint.complaint.ticketId).toBe(ticket?.id);
    // The tag chosen, by its id (态度生硬).
    expect(complaint?.type === 'complaint_opened' && complaint.complaint.reasons[0]).toBe(
      'attitude',
    );
    // The clerk's day counts the service and the rating (the terminal gets them as events).
    await expect.poll(() => w2.getByTestId('stat-served').textContent()).toBe('1');
    await expect.poll(() => w2.getByTestId('stat-ratings').textContent()).toContain('1');
  });

  it('the transferred ticket is called at its new window with the same number and its note', async () => {
    const moved = (await w2.locator('tr[data-ticket]').first().getAttribute('data-ticket')) ?? '';
    const before = [...hall.hub.current.tickets.values()].find((t) => t.number === moved);
    expect(before?.targetWindowId).toBe('w2');
    await w2.locator(`tr[data-ticket="${moved}"] button`).click();
    await w2.waitForSelector('.current.called');
    expect(await currentNumber(w2)).toBe(moved);
    await expect(w2.locator('.transfers').textContent()).resolves.toContain('需补充营业执照复印件');
    await expect(w2.getByTestId('call-reason').textContent()).resolves.toContain('指定呼叫');
    await screenshot(w2, 'window-transferred-called');

    // A good rating opens no complaint.
    await w2.keyboard.press('s');
    await w2.waitForSelector('.current.serving');
    await w2.keyboard.press('f');
    await pad.waitForSelector('button[data-score="5"]');
    await pad.locator('button[data-score="5"]').click();
    await pad.getByRole('button', { name: /提交评价/ }).click();
    await pad.waitForSelector('.thanks');
    await waitFor(
      () =>
        [...hall.hub.current.tickets.values()].find((t) => t.number === moved)?.rating?.score === 5,
      5_000,
      'rating 5',
    );
    expect(adminEvents.filter((e) => e.type === 'complaint_opened')).toHaveLength(1);
  });

  it('refusals are shown in words; pause and resume by key', async () => {
    await w1.keyboard.press('z');
    await w1.getByRole('dialog').waitFor();
    await w1.keyboard.press('2');
    await w1.waitForSelector('[data-testid="window-status"].status-paused');
    await expect(w1.getByTestId('window-status').textContent()).resolves.toContain('会议');
    // Call next is disabled while paused, with the reason; its key says why in words.
    await expect(w1.locator('[data-action="call_next"] .why').textContent()).resolves.toBe(
      '窗口暂停服务中',
    );
    await w1.keyboard.press('n');
    await expect(w1.getByRole('alert').textContent()).resolves.toBe('窗口暂停服务中');
    await screenshot(w1, 'window-paused');
    await w1.keyboard.press('z');
    await w1.waitForSelector('[data-testid="window-status"].status-open');
    await w1.getByRole('button', { name: 'English' }).click();
    // The label is there in Chinese already: wait for it to change, not for it to exist.
    await expect
      .poll(() => w1.locator('[data-action="call_next"] .label').textContent())
      .toBe('Call next');
    await screenshot(w1, 'window-english');
    expect(problems).toEqual([]);
  });

  it('in the Electron shell: drives the LED, takes the call pad’s keys, reports the devices', async () => {
    // The preload's API as the shell gives it, recording what the page asks of it.
    const preload = `
      const led = [];
      let pad = null;
      window.__led = led;
      window.__pad = (key) => pad && pad(key);
      window.onestopWindow = {
        config: async () => null,
        showOnLed: (content) => led.push(content),
        showOnPad: () => {},
        deviceStatus: async () => [{ role: 'led', state: 'connected', path: '/dev/ttyUSB0',
          framesOk: 4, framesBad: 1, detail: '' }],
        onDeviceStatus: () => () => {},
        onPadKey: (listener) => { pad = listener; return () => { pad = null; }; },
      };`;
    const w3 = await terminal('w3', 'C03', preload);
    /**
     * Waits until the LED was last asked to show `content`, at window 3 (a function, not a
     * string: the page's CSP allows no eval, and a polled string predicate needs one).
     */
    const w3Number = hall.hub.config.windows.find((w) => w.id === 'w3')?.number;
    const ledShows = (content: { kind: string; number?: string }) =>
      w3.waitForFunction(
        (want) => {
          const shown = (window as unknown as { __led: Record<string, unknown>[] }).__led.at(-1);
          const at = shown?.window as { number?: unknown } | undefined;
          return (
            shown?.kind === want.kind && shown.number === want.number && at?.number === want.at
          );
        },
        { ...content, at: w3Number },
      );
    await ledShows({ kind: 'idle' });
    const number = await issue('biz-change');
    await w3.waitForSelector(`tr[data-ticket="${number}"]`);
    await w3.evaluate("window.__pad('next')");
    await w3.waitForSelector('.current.called');
    expect(await currentNumber(w3)).toBe(number);
    await ledShows({ kind: 'call', number });
    await w3.evaluate("window.__pad('pause')");
    await w3.waitForSelector('[data-testid="window-status"].status-paused');
    await ledShows({ kind: 'paused' });
    // The hub has the devices' report, for the admin monitor.
    const reported = () =>
      hall.hub.store.listDevices().find((d) => d.kind === 'window_terminal' && d.windowId === 'w3')
        ?.status;
    await waitFor(() => reported() !== null && reported() !== undefined, 5_000, 'device status');
    expect(reported()).toMatchObject({
      state: 'ok',
      detail: 'led /dev/ttyUSB0: connected, 4 ok, 1 bad',
    });
    expect(problems).toEqual([]);
  });
});

/*
 * A busy morning (130 waiting) at window 10, as the clerk sees it: at each screen size and in
 * both languages the header, the current number and every action are in view without the page
 * scrolling, labels on one line, in order; the queue scrolls inside its panel; a refusal moves
 * no button; each state passes axe.
 */

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
  height: number;
}

interface Measured {
  vw: number;
  vh: number;
  scrollHeight: number;
  scrollWidth: number;
  header: Box;
  current: Box;
  number: Box | null;
  slot: Box;
  actions: { id: string; box: Box; label: Box; fontSize: number; row: string }[];
  queue: { scrollHeight: number; clientHeight: number; box: Box } | null;
}

/** What a person sees of the terminal: the boxes of its parts, read from the page. */
function measure(page: Page): Promise<Measured> {
  return page.evaluate(() => {
    const box = (el: Element | null): Box => {
      const r = (el ?? document.body).getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
    };
    const scroll = document.querySelector('[data-testid="queue-scroll"]');
    const number = document.querySelector('[data-testid="current-number"]');
    const root = document.scrollingElement ?? document.documentElement;
    return {
      vw: window.innerWidth,
      vh: window.innerHeight,
      scrollHeight: root.scrollHeight,
      scrollWidth: root.scrollWidth,
      header: box(document.querySelector('.bar')),
      current: box(document.querySelector('[data-testid="current"]')),
      number: number ? box(number) : null,
      slot: box(document.querySelector('[data-testid="message-slot"]')),
      actions: [...document.querySelectorAll<HTMLElement>('.main-col [data-action]')].map((b) => {
        const label = b.querySelector('.label');
        return {
          id: b.dataset.action ?? '',
          box: box(b),
          label: box(label),
          fontSize: parseFloat(getComputedStyle(label ?? b).fontSize),
          row: b.parentElement?.className ?? '',
        };
      }),
      queue: scroll
        ? {
            scrollHeight: scroll.scrollHeight,
            clientHeight: scroll.clientHeight,
            box: box(scroll),
          }
        : null,
    };
  });
}

const inView = (b: Box, m: Measured): boolean =>
  b.top >= 0 && b.left >= 0 && b.bottom <= m.vh + 0.5 && b.right <= m.vw + 0.5;

/** Everything a clerk works with is in view, one line a label, in order, with no page scroll. */
function expectFits(m: Measured, where: string): void {
  expect(m.scrollHeight, `${where}: page height`).toBeLessThanOrEqual(m.vh);
  expect(m.scrollWidth, `${where}: page width`).toBeLessThanOrEqual(m.vw);
  expect(inView(m.header, m), `${where}: header`).toBe(true);
  expect(inView(m.current, m), `${where}: current ticket`).toBe(true);
  if (m.number) expect(inView(m.number, m), `${where}: current number`).toBe(true);
  expect(m.actions.map((a) => a.id).sort()).toEqual(
    ['call_next', 'recall', 'start_serving', 'finish', 'put_back', 'transfer', 'park']
      .concat(['no_show'], m.actions.some((a) => a.id === 'resume') ? ['resume'] : ['pause'])
      .concat(m.actions.some((a) => a.id === 'open') ? ['open'] : ['close'])
      .sort(),
  );
  for (const a of m.actions) {
    expect(inView(a.box, m), `${where}: ${a.id} in view`).toBe(true);
    // One line: a second line would make the label at least two font sizes tall.
    expect(a.label.height, `${where}: ${a.id} label on one line`).toBeLessThan(a.fontSize * 2);
    expect(a.label.left, `${where}: ${a.id} label inside`).toBeGreaterThanOrEqual(a.box.left);
    expect(a.label.right, `${where}: ${a.id} label inside`).toBeLessThanOrEqual(a.box.right);
  }
  // Top to bottom: header, current number, message slot, main actions, the others.
  const primary = m.actions.filter((a) => a.row.includes('primary'));
  const secondary = m.actions.filter((a) => a.row.includes('secondary'));
  expect(m.header.bottom).toBeLessThanOrEqual(m.current.top);
  expect(m.current.bottom).toBeLessThanOrEqual(m.slot.top);
  expect(m.slot.bottom).toBeLessThanOrEqual(Math.min(...primary.map((a) => a.box.top)));
  expect(Math.max(...primary.map((a) => a.box.bottom))).toBeLessThanOrEqual(
    Math.min(...secondary.map((a) => a.box.top)),
  );
  // Primary left to right: call next, recall, start, finish.
  expect(primary.sort((a, b) => a.box.left - b.box.left).map((a) => a.id)).toEqual([
    'call_next',
    'recall',
    'start_serving',
    'finish',
  ]);
}

const boxesOf = (m: Measured) => Object.fromEntries(m.actions.map((a) => [a.id, a.box]));

describe('a busy morning at the window terminal', () => {
  let page: Page;
  const a11yFound: string[] = [];
  const check = async (state: string): Promise<Measured> => {
    const m = await measure(page);
    expectFits(m, state);
    a11yFound.push(...(await a11y(page, state)));
    await screenshot(page, `busy-${state}`);
    return m;
  };

  it('130 waiting: the clerk logs in at window 10', async () => {
    for (let i = 0; i < 70; i++) await issue('tax');
    for (let i = 0; i < 60; i++) await issue('invoice');
    // Window 11 open, then paused: the transfer dialog below offers it, saying so.
    const w11 = await hall.openWindow('w11', 'C11');
    expect((await w11.command('pause_window', { reason: 'meeting' })).ok).toBe(true);

    page = await open(`/window/?pair=${pairingCode('window_terminal', 'w10')}`, SIZES[1]);
    await page.waitForSelector('form.login');
    a11yFound.push(...(await a11y(page, 'login')));
    await screenshot(page, 'busy-login-1366x768-zh');
    await page.getByLabel('工号').fill('C10');
    await page.getByLabel('密码').fill('1100');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForSelector('[data-action="open"]:not([disabled])');
    await page.keyboard.press('o');
    await page.waitForSelector('[data-testid="window-status"].status-open');
    await expect.poll(() => page.getByTestId('queue-total').textContent()).toBe('130 人');

    expect(a11yFound).toEqual([]);
  }, 180_000);

  for (const size of SIZES) {
    it(`at ${size.width}×${size.height}, in both languages: idle, called, refused, serving all in view`, async () => {
      await page.setViewportSize(size);
      for (const lang of ['zh', 'en'] as const) {
        const at = `${size.width}x${size.height}-${lang}`;
        if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
        await page.waitForSelector(`.bar button:text-is("${lang === 'zh' ? 'English' : '中文'}")`);

        const idle = await check(`idle-${at}`);
        // The long queue scrolls inside its panel, which stays in view.
        expect(idle.queue && idle.queue.scrollHeight > idle.queue.clientHeight).toBe(true);
        expect(idle.queue && inView(idle.queue.box, idle)).toBe(true);

        await page.keyboard.press('n');
        await page.waitForSelector('.current.called');
        const called = await check(`called-${at}`);
        // No-show ends something: it does not look like recall (solid blue); it is outlined red.
        const look = (id: string) =>
          page.locator(`[data-action="${id}"]`).evaluate((b) => {
            const s = getComputedStyle(b);
            return { bg: s.backgroundColor, border: s.borderTopColor, color: s.color };
          });
        const [noShow, recall] = [await look('no_show'), await look('recall')];
        expect(noShow.bg).not.toBe(recall.bg);
        expect(noShow.border).toBe('rgb(180, 35, 24)');
        expect(noShow.color).toBe('rgb(180, 35, 24)');

        // F before S: the key says what the finish button says, and moves no button.
        const why = (await page.locator('[data-action="finish"] .why').textContent()) ?? '';
        expect(why).toBe(lang === 'zh' ? '请先开始办理（S）' : 'Start serving first (S)');
        await page.keyboard.press('f');
        await expect.poll(() => page.getByRole('alert').textContent()).toBe(why);
        const refused = await check(`error-${at}`);
        expect(boxesOf(refused)).toEqual(boxesOf(called));
        const banner = await page.getByRole('alert').boundingBox();
        expect(banner && banner.y >= refused.slot.top - 0.5).toBe(true);
        expect(banner && banner.y + banner.height <= refused.slot.bottom + 0.5).toBe(true);

        await page.keyboard.press('s');
        await page.waitForSelector('.current.serving');
        await check(`serving-${at}`);
        await page.keyboard.press('f');
        await page.waitForSelector('.current.empty');
        if (lang === 'en') await page.getByRole('button', { name: '中文' }).click();
      }
      expect(a11yFound).toEqual([]);
      expect(problems).toEqual([]);
    }, 180_000);
  }

  it('transfer: each window with its state and services, closed or not serving ones refused, then a confirm naming number and target', async () => {
    await page.setViewportSize(SIZES[1]);
    // An invoice number: windows 10, 11 (paused) and 12 (closed) serve invoices.
    const first = page.locator('tr[data-ticket^="J"]').first();
    const number = (await first.getAttribute('data-ticket')) ?? '';
    await first.locator('button').click();
    await page.waitForSelector('.current.called');
    expect(await currentNumber(page)).toBe(number);

    await page.keyboard.press('t');
    const dialog = page.getByRole('dialog', { name: '转办' });
    await dialog.waitFor();
    const choice = (id: string) => dialog.locator(`[data-window="${id}"]`);
    await expect(choice('w11').textContent()).resolves.toMatch(/11 号窗口.*暂停服务.*发票办理/);
    await expect(choice('w11').locator('input').isDisabled()).resolves.toBe(false);
    await expect(choice('w12').textContent()).resolves.toMatch(/未开放.*窗口已关闭，不能转入/);
    await expect(choice('w12').locator('input').isDisabled()).resolves.toBe(true);
    await expect(choice('w6').textContent()).resolves.toContain('不办理发票办理，不能转入');
    await expect(choice('w6').locator('input').isDisabled()).resolves.toBe(true);
    // The dialog fits the screen (it scrolls inside if it must), over the terminal.
    const box = await dialog.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 768).toBe(true);
    // Its buttons stay in view while the choices scroll; the windows that can take it come first.
    const next = await dialog.getByRole('button', { name: '下一步' }).boundingBox();
    expect(next && next.y >= 0 && next.y + next.height <= 768).toBe(true);
    const order = await dialog
      .locator('[data-window]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-window')));
    expect(order[0]).toBe('w11');
    expect(await a11y(page, 'transfer-choose')).toEqual([]);
    await screenshot(page, 'busy-transfer-choose-1366x768-zh');

    await choice('w11').locator('input').check();
    await dialog.getByLabel('转办说明').fill('需核对发票抬头');
    await dialog.getByRole('button', { name: '下一步' }).click();
    const confirm = page.getByRole('dialog', { name: '确认转办' });
    await expect(confirm.getByTestId('transfer-confirm').textContent()).resolves.toBe(
      `将 ${number} 号转到 11 号窗口？`,
    );
    // Nothing was sent yet.
    expect([...hall.hub.current.tickets.values()].find((t) => t.number === number)?.status).toBe(
      'called',
    );
    expect(await a11y(page, 'transfer-confirm')).toEqual([]);
    await screenshot(page, 'busy-transfer-confirm-1366x768-zh');
    await confirm.getByRole('button', { name: '确认转办' }).click();
    await page.waitForSelector('.current.empty');
    const moved = [...hall.hub.current.tickets.values()].find((t) => t.number === number);
    expect(moved?.targetWindowId).toBe('w11');
    expect(moved?.transfers.at(-1)?.note).toBe('需核对发票抬头');
  });

  it('park and pause dialogs float over the terminal, fit the screen and pass axe', async () => {
    await page.setViewportSize(SIZES[0]);
    await page.keyboard.press('n');
    await page.waitForSelector('.current.called');
    const before = boxesOf(await measure(page));
    await page.keyboard.press('p');
    const park = page.getByRole('dialog', { name: '暂缓' });
    await park.waitFor();
    const box = await park.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 768).toBe(true);
    expect(boxesOf(await measure(page))).toEqual(before);
    expect(await a11y(page, 'park-dialog')).toEqual([]);
    await screenshot(page, 'busy-park-1024x768-zh');
    await page.keyboard.press('Escape');
    await page.keyboard.press('s');
    await page.waitForSelector('.current.serving');
    await page.keyboard.press('f');
    await page.waitForSelector('.current.empty');
    await page.keyboard.press('z');
    await page.getByRole('dialog', { name: '暂停原因' }).waitFor();
    expect(await a11y(page, 'pause-dialog')).toEqual([]);
    await screenshot(page, 'busy-pause-1024x768-zh');
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
  });
});

/*
 * A hub restart (a new process on the same file and port) keeps the clerk logged in; a login
 * that is really gone (expired, a new PIN) is told as soon as the terminal reconnects.
 */
describe('the clerk stays logged in across a hub restart', () => {
  const PAGES = ['--pages', join(ROOT, 'dist/pages')];
  let dir = '';
  let dbPath = '';
  let child: ChildHub;
  let context: BrowserContext;
  let page: Page;
  let kiosk: HubClient<'kiosk'>;

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'onestop-e2e-restart-'));
    dbPath = join(dir, 'hall.sqlite');
  }, 120_000);
  afterAll(async () => {
    kiosk?.close();
    await context?.close();
    await killAllChildHubs();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The hub dies (SIGKILL) and a new process starts on the same file and port. */
  const restart = async (whileDown: () => Promise<void> | void = () => undefined) => {
    await child.kill();
    await page.waitForSelector('.pill.conn-offline');
    await whileDown();
    child = await ChildHub.restart({ dbPath, port: child.port, extraArgs: PAGES });
  };
  const login = async (pin: string) => {
    await page.getByLabel('工号').fill('C01');
    await page.getByLabel('密码').fill(pin);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForSelector('.bar .who');
  };

  it('after a restart the terminal still works for the clerk, without logging in again', async () => {
    const setup = Hub.open({ dbPath, config: DEMO_HALL });
    const codes = { window: '', kiosk: '' };
    try {
      setup.store.setPinHash('C01', await hashPin('1010'));
      const add = (kind: DeviceKind, windowId: string | null) =>
        createDevice(setup.store, setup.config, { kind, name: kind, windowId }, Date.now())
          .pairingCode;
      codes.window = add('window_terminal', 'w1');
      codes.kiosk = add('kiosk', null);
    } finally {
      setup.close();
    }
    child = await ChildHub.start({ dbPath, port: 0, extraArgs: PAGES });
    ({ context, page } = await newPage(browser, SIZES[1]));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${child.url}/window/?pair=${codes.window}`);
    await page.waitForSelector('form.login');
    await login('1010');
    await page.keyboard.press('o');
    await page.waitForSelector('[data-testid="window-status"].status-open');

    // The token is in the page (for the next reconnect); the hub's files hold only its hash.
    const token =
      (await page.evaluate(() => sessionStorage.getItem('onestop.window.session'))) ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const files = readdirSync(dir).filter((f) => f.startsWith('hall.sqlite'));
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(dir, f))));
    expect(bytes.includes(Buffer.from(hashSecret(token)))).toBe(true);
    expect(bytes.includes(Buffer.from(token))).toBe(false);
    expect(bytes.includes(Buffer.from(token, 'base64url'))).toBe(false);

    await restart();
    await page.waitForSelector('.pill.conn-online');
    const kioskToken = await fetch(`${child.url}/api/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: codes.kiosk }),
    }).then(async (r) => ((await r.json()) as { token: string }).token);
    kiosk = new HubClient({ url: child.url, role: 'kiosk', token: kioskToken });
    await waitFor(() => kiosk.connection === 'online', 15_000, 'the kiosk');
    const issued = await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: ['biz-open'] }],
      class: 'normal',
    });
    if (!issued.ok) throw new Error(issued.error.code);
    await page.waitForSelector(`tr[data-ticket="${issued.result.ticket.number}"]`);
    // Still the clerk, still connected: the next key calls, it does not drop to the login form.
    await expect(page.locator('.bar .who').textContent()).resolves.toBe('窗口员01 (C01)');
    await page.keyboard.press('n');
    await page.waitForSelector('.current.called');
    expect(await page.getByTestId('current-number').textContent()).toBe(
      issued.result.ticket.number,
    );
    expect(await page.locator('form.login').count()).toBe(0);
    await page.keyboard.press('s');
    await page.waitForSelector('.current.serving');
    await page.keyboard.press('f');
    await page.waitForSelector('.current.empty');
  });

  it('an expired login is told at reconnect: the login form with the reason, no key pressed', async () => {
    await restart(() => {
      // Twelve hours pass while the hub is down.
      const db = new Database(dbPath);
      try {
        db.prepare('UPDATE clerk_sessions SET expires_at = 1 WHERE ended_at IS NULL').run();
      } finally {
        db.close();
      }
    });
    await page.waitForSelector('form.login');
    await expect(page.getByRole('alert').textContent()).resolves.toBe('登录已超时，请重新登录');
    expect(await a11y(page, 'login-expired')).toEqual([]);
    await screenshot(page, 'restart-login-expired-1366x768-zh');
  });

  it('a PIN changed while the hub was down is told at reconnect; the new PIN logs in', async () => {
    await login('1010');
    await restart(async () => {
      const offline = Hub.open({ dbPath });
      try {
        offline.store.setPinHash('C01', await hashPin('2020'));
      } finally {
        offline.close();
      }
    });
    await page.waitForSelector('form.login');
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      '密码已被修改，请用新密码重新登录',
    );
    await login('2020');
    await expect(page.locator('.bar .who').textContent()).resolves.toBe('窗口员01 (C01)');
    expect(problems).toEqual([]);
  });
});
