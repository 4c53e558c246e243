import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DeviceKind, SequencedEvent } from '@onestop/shared';
import type { HubClient } from '@onestop/shared/client';
import { DEMO_STAFF } from '../../packages/hub/src/demo.js';
import { createDevice } from '../../packages/hub/src/devices.js';
import { ROOT } from '../support/build.js';
import { TestHall, waitFor } from '../support/hall.js';
import { launch, newPage, screenshot } from './support/browser.js';

/*
 * The window terminal and the rating pad in Chromium against a real hub: two terminals call at
 * once and get different tickets, a transfer keeps the number, a finish asks the rating pad, a
 * poor rating opens a complaint.
 */

let hall: TestHall;
let browser: Browser;
let kiosk: HubClient<'kiosk'>;
let admin: HubClient<'admin'>;
const adminEvents: SequencedEvent[] = [];
const contexts: BrowserContext[] = [];
const problems: string[] = [];

beforeAll(async () => {
  hall = await TestHall.start({ pagesDir: join(ROOT, 'dist/pages') });
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
    await w1.getByRole('dialog').locator('select').selectOption('w:w2');
    await w1.getByLabel('转办说明').fill('需补充营业执照复印件');
    await screenshot(w1, 'window-transfer-dialog');
    await w1.getByRole('button', { name: '确定' }).click();
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
    expect(complaint?.type === 'complaint_opened' && complaint.complaint.reasons[0]).toContain(
      '服务态度差',
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
        deviceStatus: async () => [{ role: 'led', state: 'connected', path: '/dev/ttyUSB0',
          framesOk: 4, framesBad: 1, detail: '' }],
        onDeviceStatus: () => () => {},
        onPadKey: (listener) => { pad = listener; return () => { pad = null; }; },
      };`;
    const w3 = await terminal('w3', 'C03', preload);
    /** Waits until the LED was last asked to show `content`. */
    const ledShows = (content: unknown) =>
      w3.waitForFunction(
        `JSON.stringify(window.__led.at(-1)) === ${JSON.stringify(JSON.stringify(content))}`,
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
