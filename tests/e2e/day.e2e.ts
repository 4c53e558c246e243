import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { peopleAhead, type ItineraryStep, type Ticket, type TicketClass } from '@onestop/shared';
import type { HubClient } from '@onestop/shared/client';
import { createDevice, DEMO_HALL, DEMO_STAFF, importAppointments } from '@onestop/hub';
import { ROOT } from '../support/build.js';
import { HubTestHall, waitFor } from '../support/hall.js';
import { canvasInk, launch, newPage, screenshot } from './support/browser.js';
import { HallClock } from './support/hall-clock.js';
import { openPaired, type PairedPage } from './support/paired.js';

/*
 * A day in the demo hall, end to end, as the hall lives it: one kiosk page, three window
 * terminals, two rating pads, the hall display and the admin console, each a page of one
 * Chromium, against a hub on a real SQLite file. About sixty visitors take numbers (most by
 * touching the kiosk's tiles; a second kiosk at the north door, played by a client, takes the
 * rest), six more windows are worked by clients, and the day has everything a hall day has:
 * booked appointments checked in, the green channel, a two-step visit, a transfer with a note, a
 * visitor sent home for a document and back, a no-show after two recalls, ratings with a poor
 * one that becomes a complaint followed up in the console, a window paused for a meeting, a long
 * morning that raises the monitor's alerts, and the day closed. Each step asserts what the
 * screens show; at the end the console's report is checked against the hub's database.
 * Screenshots: artifacts/screenshots/day-*.png.
 */

/** Monday 2 March 2026, 08:58 in the hall (Asia/Shanghai). */
const START = Date.UTC(2026, 2, 2, 0, 58);
const DAY = '2026-03-02';
const MINUTE = 60_000;

/** The hall's appointment book, imported as `onestop-hub appointments --file` does. */
const APPOINTMENTS_CSV = [
  'date,time,service,code,phone_last4',
  `${DAY},09:00,tax,310001,`,
  `${DAY},09:10,social,310002,0417`,
  `${DAY},10:30,estate-reg,310003,`,
].join('\n');

const PORTRAIT = { width: 1080, height: 1920 };
const TERMINAL = { width: 1440, height: 900 };
const PAD = { width: 1280, height: 800 };
const BOARD = { width: 1920, height: 1080 };
const CONSOLE = { width: 1600, height: 1000 };

interface Terminal {
  windowId: string;
  number: number;
  staffCode: string;
  page: Page;
}

let clock: HallClock;
let hall: HubTestHall;
let browser: Browser;
let admin: HubClient<'admin'>;
let northKiosk: HubClient<'kiosk'>;
/** Window 12's rating pad, played by a client. */
let pad12: HubClient<'rate'>;
let kiosk: PairedPage;
let display: PairedPage;
let adminConsole: { context: BrowserContext; page: Page; problems: string[] };
const pads = new Map<string, PairedPage>();
const terminals = new Map<string, Terminal>();
const helpers = new Map<string, HubClient<'window'>>();
const paired: PairedPage[] = [];
/** The numbers the test expects, per prefix: every ticket of the day is issued through `expectNumber`. */
const lastNumber = new Map<string, number>();
const issued: { number: string; serviceId: string; class: TicketClass; byKiosk: boolean }[] = [];
/** Ratings given today (score by number), and the one complaint they open. */
const ratings = new Map<string, number>();

function serviceOf(id: string) {
  const service = DEMO_HALL.services.find((s) => s.id === id);
  if (!service) throw new Error(`no service ${id}`);
  return service;
}

function nextNumber(serviceId: string): string {
  const prefix = serviceOf(serviceId).prefix;
  const n = (lastNumber.get(prefix) ?? 0) + 1;
  lastNumber.set(prefix, n);
  return `${prefix}${String(n).padStart(3, '0')}`;
}

function hubTicket(number: string): Ticket {
  const ticket = [...hall.hub.current.tickets.values()].find((t) => t.number === number);
  if (!ticket) throw new Error(`no ticket ${number} in the hub`);
  return ticket;
}

function terminal(windowId: string): Terminal {
  const t = terminals.get(windowId);
  if (!t) throw new Error(`no terminal at ${windowId}`);
  return t;
}

function pad(windowId: string): Page {
  const p = pads.get(windowId);
  if (!p) throw new Error(`no rating pad at ${windowId}`);
  return p.page;
}

const text = async (page: Page, selector: string): Promise<string> =>
  ((await page.locator(selector).first().textContent()) ?? '').trim();

// ---------------------------------------------------------------------------------------------
// The kiosk page, touched as a visitor does.

async function kioskHome(): Promise<void> {
  await kiosk.page.locator('button.tile').first().waitFor();
  await kiosk.page.getByRole('button', { name: /绿色通道/ }).waitFor();
}

/** Two touches: the department, then the service; the result screen shows the number. */
async function takeNumber(serviceId: string, green = false): Promise<string> {
  const page = kiosk.page;
  const service = serviceOf(serviceId);
  const department = DEMO_HALL.departments.find((d) => d.id === service.departmentId);
  await kioskHome();
  if (green) {
    await page.getByRole('button', { name: /绿色通道/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: /确认/ }).click();
    await page.locator('.kiosk-priority-banner').waitFor();
  }
  const tile = (name: string) =>
    page.locator('button.tile').filter({ has: page.getByText(name, { exact: true }) });
  await tile(department?.name.zh ?? '').click();
  await tile(service.name.zh).click();
  const expected = nextNumber(serviceId);
  await showsResult(expected);
  const ticket = hubTicket(expected);
  expect(ticket.serviceId).toBe(serviceId);
  expect(ticket.class).toBe(green ? 'priority' : 'normal');
  issued.push({
    number: expected,
    serviceId,
    class: green ? 'priority' : 'normal',
    byKiosk: true,
  });
  await done();
  return expected;
}

/** The result screen: the number the hub issued, and the people ahead of it in its queue. */
async function showsResult(expected: string): Promise<void> {
  const page = kiosk.page;
  await page.getByTestId('result').waitFor();
  expect(await text(page, '[data-testid="ticket-number"]')).toBe(expected);
  const ahead = peopleAhead(hall.hub.current, hubTicket(expected).id);
  await page.getByText(`前面还有 ${ahead ?? 0} 人`).waitFor();
}

async function done(): Promise<void> {
  await kiosk.page.getByRole('button', { name: '完成' }).click();
  await kioskHome();
}

async function typeDigits(digits: string): Promise<void> {
  for (const d of digits) {
    await kiosk.page.locator('.keypad').getByRole('button', { name: d, exact: true }).click();
  }
}

/** An appointment checked in at the kiosk: the code, then the phone digits when booked with them. */
async function checkIn(code: string, serviceId: string, phone: string | null): Promise<string> {
  const page = kiosk.page;
  await kioskHome();
  await page.getByRole('button', { name: /预约取号/ }).click();
  await page.getByTestId('checkin').waitFor();
  await typeDigits(code);
  await page.getByRole('button', { name: '下一步' }).click();
  if (phone !== null) {
    await page.getByText('请输入预约时所留手机号码的后四位').waitFor();
    await typeDigits(phone);
    await page.getByRole('button', { name: '确认取号' }).click();
  }
  const expected = nextNumber(serviceId);
  await showsResult(expected);
  expect(await text(page, '.result-service')).toContain('预约');
  const ticket = hubTicket(expected);
  expect(ticket.class).toBe('appointment');
  expect(ticket.appointment?.code).toBe(code);
  issued.push({ number: expected, serviceId, class: 'appointment', byKiosk: true });
  return expected;
}

/** A ticket from the north door's kiosk (a client): the visits the kiosk page cannot take. */
async function northDoor(itinerary: ItineraryStep[]): Promise<string> {
  const serviceId = itinerary[0]?.serviceIds[0] ?? '';
  const outcome = await northKiosk.command('issue_ticket', { itinerary, class: 'normal' });
  if (!outcome.ok) throw new Error(`issue_ticket: ${outcome.error.code}`);
  const expected = nextNumber(serviceId);
  expect(outcome.result.ticket.number).toBe(expected);
  issued.push({ number: expected, serviceId, class: 'normal', byKiosk: false });
  return expected;
}

// ---------------------------------------------------------------------------------------------
// The window terminals, worked by their keys.

const REASON = {
  appointment_due: '预约到时',
  aged: '等候超时优先',
  transfer_return: '转办续办优先',
  priority_ratio: '绿色通道',
  fifo: '先到先办',
  specific: '指定呼叫',
} as const;

/**
 * Call next at a terminal: the number it shows is the one the hub called there, with the reason
 * shown; the display's newest call and the console's monitor show it too.
 */
async function callNext(
  windowId: string,
  expected: { number?: string; reason: keyof typeof REASON },
): Promise<string> {
  const { page, number: windowNumber } = terminal(windowId);
  await page.locator('.current.empty').waitFor();
  await page.keyboard.press('n');
  await page.locator('.current.called').waitFor();
  return shownEverywhere(windowId, windowNumber, expected);
}

async function shownEverywhere(
  windowId: string,
  windowNumber: number,
  expected: { number?: string; reason: keyof typeof REASON },
): Promise<string> {
  const page = terminal(windowId).page;
  const number = await text(page, '[data-testid="current-number"]');
  if (expected.number !== undefined) expect(number).toBe(expected.number);
  const current = hall.hub.current.windows.get(windowId)?.currentTicketId ?? '';
  expect(hall.hub.current.tickets.get(current)?.number).toBe(number);
  expect(await text(page, '[data-testid="call-reason"]')).toContain(REASON[expected.reason]);
  // On the board among the calls of now (the largest is the one the voice says), to its window.
  await display.page.waitForFunction(
    ([n, w]) => {
      const main = document.querySelector(`[data-testid="call-main"][data-ticket="${n}"]`);
      if (main) return main.querySelector('.call-window-number')?.textContent === String(w);
      const other = document.querySelector(`[data-testid="call-other"][data-ticket="${n}"]`);
      return other?.querySelector('.win')?.textContent === String(w);
    },
    [number, windowNumber] as const,
  );
  await expect.poll(() => monitorRow(windowNumber).textContent()).toContain(number);
  return number;
}

/** Start, finish; the window's rating pad (if any) asks this visitor. */
async function serve(windowId: string, rating?: { score: number; reason?: string }): Promise<void> {
  const { page } = terminal(windowId);
  const number = await text(page, '[data-testid="current-number"]');
  await page.keyboard.press('s');
  await page.locator('.current.serving').waitFor();
  await page.keyboard.press('f');
  await page.locator('.current.empty').waitFor();
  if (!pads.has(windowId)) return;
  const p = pad(windowId);
  await p.locator('button[data-score]').first().waitFor();
  expect(await text(p, '.ticket-line')).toContain(number);
  if (rating === undefined) throw new Error(`the visitor of ${number} at ${windowId} must rate`);
  await p.locator(`button[data-score="${rating.score}"]`).click();
  if (rating.reason !== undefined) {
    await p.locator(`button[data-reason="${rating.reason}"]`).click();
    await screenshot(p, 'day-07-rate-poor');
    await p.getByRole('button', { name: /提交评价/ }).click();
  } else if (rating.score !== 3) {
    // A good level has its tags (评价标签) to pick, none here: submitted as it is.
    await p.getByRole('button', { name: /提交评价/ }).click();
  }
  await p.locator('.thanks').waitFor();
  ratings.set(number, rating.score);
  await waitFor(
    () => hubTicket(number).rating?.score === rating.score,
    10_000,
    `the rating of ${number}`,
  );
}

/** A window worked by a client: call, start, finish, `count` times (fewer if its queue empties). */
async function helperServes(windowId: string, count: number): Promise<string[]> {
  const client = helpers.get(windowId);
  if (!client) throw new Error(`no helper at ${windowId}`);
  const served: string[] = [];
  for (let i = 0; i < count; i++) {
    const called = await client.command('call_next', {});
    if (!called.ok && called.error.code === 'queue_empty') break;
    if (!called.ok) throw new Error(`call_next at ${windowId}: ${called.error.code}`);
    for (const step of ['start_serving', 'finish'] as const) {
      const outcome = await client.command(step, {});
      if (!outcome.ok) throw new Error(`${step} at ${windowId}: ${outcome.error.code}`);
    }
    served.push(called.result.ticket?.number ?? '');
  }
  return served;
}

// ---------------------------------------------------------------------------------------------
// The admin console's live monitor.

function monitorRow(windowNumber: number) {
  return adminConsole.page
    .getByTestId('monitor-windows')
    .locator('tbody tr')
    .nth(windowNumber - 1);
}

async function kpi(label: string): Promise<string> {
  return (
    (await adminConsole.page
      .locator('.kpi')
      .filter({ has: adminConsole.page.getByText(label, { exact: true }) })
      .locator('.kpi-value')
      .textContent()) ?? ''
  );
}

function count(status: Ticket['status']): number {
  return [...hall.hub.current.tickets.values()].filter((t) => t.status === status).length;
}

/** The monitor's totals agree with the hub's state. */
async function monitorAgrees(): Promise<void> {
  await expect.poll(() => kpi('已取号')).toBe(String(hall.hub.current.tickets.size));
  await expect.poll(() => kpi('等候')).toBe(String(count('waiting')));
  await expect.poll(() => kpi('已办结')).toBe(String(count('done')));
}

/** Reads the hub's database file through a connection of its own, as an auditor would. */
function readDb<T>(read: (db: Database.Database) => T): T {
  const db = new Database(hall.dbPath, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  clock = new HallClock(START);
  hall = await HubTestHall.start({ pagesDir: join(ROOT, 'dist/pages'), now: clock.now });
  admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
  expect(hall.hub.current.day?.businessDay).toBe(DAY);
  const booked = importAppointments(hall.hub, APPOINTMENTS_CSV);
  expect(booked.map((b) => [b.code, b.serviceId, b.status])).toEqual([
    ['310001', 'tax', 'booked'],
    ['310002', 'social', 'booked'],
    ['310003', 'estate-reg', 'booked'],
  ]);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

describe('a day in the hall', () => {
  it('opens: the kiosk, three terminals, two rating pads, the display and the console', async () => {
    kiosk = await openPaired(browser, hall, {
      kind: 'kiosk',
      path: 'kiosk',
      name: '大厅取号机',
      viewport: PORTRAIT,
      clock,
    });
    paired.push(kiosk);
    display = await openPaired(browser, hall, {
      kind: 'display',
      path: 'display',
      name: '大厅主屏',
      viewport: BOARD,
      query: '&repeats=1',
      clock,
    });
    paired.push(display);
    for (const [windowId, staffCode] of [
      ['w1', 'C01'],
      ['w4', 'C04'],
      ['w10', 'C10'],
    ] as const) {
      const opened = await openPaired(browser, hall, {
        kind: 'window_terminal',
        path: 'window',
        name: `${windowId} 窗口终端`,
        windowId,
        viewport: TERMINAL,
        clock,
      });
      paired.push(opened);
      const page = opened.page;
      const staff = DEMO_STAFF.find((s) => s.code === staffCode);
      await page.getByLabel('工号').fill(staffCode);
      await page.getByLabel('密码').fill(staff?.pin ?? '');
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByText(`${staff?.name ?? ''} (${staffCode})`).waitFor();
      await page.keyboard.press('o');
      await page.locator('[data-testid="window-status"].status-open').waitFor();
      const number = DEMO_HALL.windows.find((w) => w.id === windowId)?.number ?? 0;
      terminals.set(windowId, { windowId, number, staffCode, page });
    }
    for (const windowId of ['w1', 'w4']) {
      const opened = await openPaired(browser, hall, {
        kind: 'rating_pad',
        path: 'rate',
        name: `${windowId} 评价器`,
        windowId,
        viewport: PAD,
        clock,
      });
      paired.push(opened);
      await opened.page.locator('main.rate.idle').waitFor();
      pads.set(windowId, opened);
    }
    // The console: a supervisor's screen, logged in with the admin's code.
    const { context, page } = await newPage(browser, CONSOLE);
    await clock.attach(context);
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`console: ${e.message}`));
    adminConsole = { context, page, problems };
    await page.goto(`${hall.url}/admin/`);
    await page.getByLabel('工号').fill('ADMIN');
    await page.getByLabel('密码（PIN）').fill('8642');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('monitor-windows').waitFor();

    // Six more windows, worked by clients, and the north door's kiosk.
    for (const [windowId, staffCode] of [
      ['w2', 'C02'],
      ['w5', 'C05'],
      ['w6', 'C06'],
      ['w8', 'C08'],
      ['w11', 'C11'],
      ['w12', 'C12'],
    ] as const) {
      helpers.set(windowId, await hall.openWindow(windowId, staffCode));
    }
    const north = createDevice(
      hall.hub.store,
      hall.hub.config,
      { kind: 'kiosk', name: '北门取号机', windowId: null },
      hall.hub.now(),
    );
    const pairedNorth = await hall.post<{ token: string }>('/api/pair', {
      code: north.pairingCode,
    });
    northKiosk = await hall.client('kiosk', pairedNorth.body.token);
    pad12 = await hall.client('rate', await hall.pair('rating_pad', 'w12'));

    // Every page shows the morning, and (once it shows it: paired) left its pairing code behind.
    await kioskHome();
    await display.page.locator('.call-none').waitFor();
    for (const p of paired) expect(new URL(p.page.url()).searchParams.has('pair')).toBe(false);
    for (const t of terminals.values()) {
      await t.page.locator('.current.empty').waitFor();
      expect(await text(t.page, '[data-testid="window-status"]')).toBe('服务中');
    }
    await expect.poll(() => kpi('开放窗口')).toBe('9 / 12');
    await expect.poll(() => kpi('已取号')).toBe('0');
    await page.getByText('暂无告警').waitFor();
    await screenshot(display.page, 'day-01-display-morning');
    await screenshot(kiosk.page, 'day-01-kiosk-home');
    await screenshot(page, 'day-01-console-morning');
  });

  it('morning: visitors take numbers at the kiosk, with appointments and the green channel', async () => {
    // The first visitor, at the north door: start a business, then register for tax.
    const twoStep = await northDoor([{ serviceIds: ['biz-open'] }, { serviceIds: ['tax'] }]);
    expect(twoStep).toBe('A001');
    expect(hubTicket('A001').itinerary).toHaveLength(2);

    // Booked visitors check in with their codes (one booked with phone digits).
    expect(await checkIn('310001', 'tax', null)).toBe('H001');
    await screenshot(kiosk.page, 'day-02-kiosk-appointment');
    await done();
    expect(await checkIn('310002', 'social', '0417')).toBe('C001');
    await done();

    // The morning crowd, two touches each.
    const crowd = [
      'biz-open',
      'social',
      'tax',
      'biz-open',
      'hukou',
      'social',
      'estate-reg',
      'biz-change',
      'medical',
      'biz-open',
      'social',
      'tax',
      'invoice',
      'fund',
      'hukou',
      'biz-open',
      'social',
      'estate-reg',
      'tax',
      'biz-change',
      'invoice',
      'medical',
      'hukou',
      'fund',
    ];
    for (const [i, serviceId] of crowd.entries()) {
      const number = await takeNumber(serviceId);
      if (i === 0) expect(number).toBe('A002');
    }
    // The green channel: an elderly visitor for social insurance, one with a disability for hukou.
    await kioskHome();
    await kiosk.page.getByRole('button', { name: /绿色通道/ }).click();
    await kiosk.page.getByRole('dialog').waitFor();
    await screenshot(kiosk.page, 'day-02-kiosk-green-confirm');
    await kiosk.page
      .getByRole('dialog')
      .getByRole('button', { name: /取消|返回/ })
      .click();
    const greenSocial = await takeNumber('social', true);
    expect(greenSocial).toBe('C006');
    await takeNumber('hukou', true);

    // The north door's kiosk takes a few, and then its printer runs out of paper.
    for (const serviceId of ['biz-open', 'hukou', 'biz-open', 'estate-reg', 'hukou', 'fund']) {
      await northDoor([{ serviceIds: [serviceId] }]);
    }
    const paperOut = await northKiosk.command('device_status', {
      state: 'error',
      detail: 'paper out',
      printer: { paper: 'out', coverOpen: false, online: true },
    });
    expect(paperOut.ok).toBe(true);

    expect(issued).toHaveLength(35);
    expect(issued.filter((t) => t.byKiosk)).toHaveLength(28);
    expect(hubTicket('H001').status).toBe('waiting');
    // The booked visitor who came has checked in; the later one not yet.
    const book = readDb((db) =>
      db
        .prepare<[], { code: string; status: string }>(
          'SELECT code, status FROM appointments ORDER BY code',
        )
        .all(),
    );
    expect(book.map((b) => `${b.code}:${b.status}`)).toEqual([
      '310001:checked_in',
      '310002:checked_in',
      '310003:booked',
    ]);

    // The kiosk's home screen counts the waiting per department.
    const market = kiosk.page
      .locator('button.tile')
      .filter({ has: kiosk.page.getByText('市场监管局', { exact: true }) });
    await expect.poll(() => market.textContent()).toContain('等候 9 人');

    await monitorAgrees();
    expect(await kpi('已取号')).toBe('35');
    await adminConsole.page
      .getByTestId('monitor-alerts')
      .getByText(/打印机缺纸\s*北门取号机/)
      .waitFor({ timeout: 20_000 });
    await expect
      .poll(() =>
        display.page.getByTestId('service-biz-open').locator('.service-waiting').textContent(),
      )
      .toBe('7');
    await screenshot(adminConsole.page, 'day-02-console-rush');
    await screenshot(display.page, 'day-02-display-rush');
  });

  it('first calls: appointments due, the two-step visit, ratings on the pads', async () => {
    // Appointments are called first when their slot is due.
    await callNext('w10', { number: 'H001', reason: 'appointment_due' });
    await callNext('w4', { number: 'C001', reason: 'appointment_due' });
    // Window 1 calls the first visitor of the day, on the first step of two.
    await callNext('w1', { number: 'A001', reason: 'fifo' });
    const w1 = terminal('w1').page;
    expect(await text(w1, '.itinerary .step-now')).toContain('企业开办');
    expect(await text(w1, '.itinerary .step-next')).toContain('税务综合');
    await screenshot(w1, 'day-03-terminal-itinerary');
    await screenshot(display.page, 'day-03-display-first-calls');
    await serve('w1', { score: 5 });
    // Its next step: the same number waits for tax, ahead of the others there.
    const a001 = hubTicket('A001');
    expect(a001.status).toBe('waiting');
    expect(a001.stepIndex).toBe(1);
    expect(a001.queueServiceIds).toEqual(['tax']);
    await serve('w10');
    await callNext('w10', { number: 'A001', reason: 'transfer_return' });
    const w10 = terminal('w10').page;
    expect(await text(w10, '.itinerary .step-done')).toContain('企业开办 ✓');
    expect(await text(w10, '.itinerary .step-now')).toContain('税务综合');
    await screenshot(w10, 'day-03-terminal-second-step');
    await serve('w10');
    expect(hubTicket('A001').status).toBe('done');
    await serve('w4', { score: 4 });
    await screenshot(pad('w4'), 'day-03-rate-thanks');
  });

  it('a transfer with a note keeps the number', async () => {
    const w1 = terminal('w1').page;
    await callNext('w1', { number: 'A002', reason: 'fifo' });
    await w1.keyboard.press('s');
    await w1.locator('.current.serving').waitFor();
    await w1.keyboard.press('t');
    const dialog = w1.getByRole('dialog');
    await dialog.locator('input[value="s:tax"]').check();
    await dialog.getByLabel('转办说明').fill('需先办理税务登记');
    await screenshot(w1, 'day-04-terminal-transfer');
    await dialog.getByRole('button', { name: '下一步' }).click();
    await w1.getByRole('button', { name: '确认转办' }).click();
    await w1.locator('.current.empty').waitFor();
    const moved = hubTicket('A002');
    expect(moved.status).toBe('waiting');
    expect(moved.queueServiceIds).toEqual(['tax']);
    // Window 10 gets it back first, with the note, under the same number.
    await terminal('w10').page.locator('tr[data-ticket="A002"]').waitFor();
    await callNext('w10', { number: 'A002', reason: 'transfer_return' });
    const w10 = terminal('w10').page;
    expect(await text(w10, '.transfers')).toContain('需先办理税务登记');
    await screenshot(w10, 'day-04-terminal-transferred');
    await serve('w10');
  });

  it('the green channel gets its turn, a visitor goes home for a document and comes back', async () => {
    // Window 4 has made one call since its last green-channel one; the ratio is one in three.
    await callNext('w4', { number: 'C002', reason: 'fifo' });
    await serve('w4', { score: 5 });
    await callNext('w4', { number: 'C006', reason: 'priority_ratio' });
    const w4 = terminal('w4').page;
    expect(await text(w4, '.class-priority')).toBe('绿色通道');
    await serve('w4', { score: 5 });

    // C003 lacks the household register: parked until they are back.
    await callNext('w4', { number: 'C003', reason: 'fifo' });
    await w4.keyboard.press('s');
    await w4.locator('.current.serving').waitFor();
    await w4.keyboard.press('p');
    const dialog = w4.getByRole('dialog');
    await dialog.locator('select').selectOption('manual');
    await dialog.locator('textarea').fill('回家取户口本');
    await dialog.getByRole('button', { name: '确定' }).click();
    await w4.locator('.current.empty').waitFor();
    await w4.locator('li[data-parked="C003"]').waitFor();
    expect(hubTicket('C003').status).toBe('parked');
    await screenshot(w4, 'day-05-terminal-parked');
  });

  it('a poor rating becomes a complaint', async () => {
    await callNext('w4', { number: 'C004', reason: 'fifo' });
    await serve('w4', { score: 1, reason: 'attitude' });
    const c004 = hubTicket('C004');
    await waitFor(
      () => [...hall.hub.current.complaints.values()].some((c) => c.ticketId === c004.id),
      10_000,
      'the complaint',
    );
    const complaint = [...hall.hub.current.complaints.values()].find((c) => c.ticketId === c004.id);
    expect(complaint).toMatchObject({ windowId: 'w4', staffCode: 'C04', score: 1 });

    // C003 is back with the document: near the head of the queue again.
    const w4 = terminal('w4').page;
    await w4.locator('li[data-parked="C003"] button').click();
    await w4.locator('tr[data-ticket="C003"]').waitFor();
    expect(hubTicket('C003').status).toBe('waiting');
    // It kept its place: the oldest in the queue again.
    await callNext('w4', { number: 'C003', reason: 'fifo' });
    await serve('w4', { score: 3 });
  });

  it('a visitor who does not come is recalled twice, then a no-show', async () => {
    const w10 = terminal('w10').page;
    const number = await callNext('w10', { number: 'H002', reason: 'fifo' });
    for (const recalls of [1, 2]) {
      await w10.keyboard.press('r');
      await expect
        .poll(() => text(w10, '[data-testid="call-reason"]'))
        .toContain(`已重呼 ${recalls} 次`);
      expect(hubTicket(number).recallCount).toBe(recalls);
    }
    await screenshot(w10, 'day-06-terminal-recalled');
    await w10.keyboard.press('r');
    await w10.locator('.current.empty').waitFor();
    expect(hubTicket(number).status).toBe('no_show');
    await expect.poll(() => text(w10, '[data-testid="stat-no-shows"]')).toBe('1');
    // The display announced the call and both recalls (it gets them apart from the terminal).
    const announced = () =>
      display.page.evaluate(
        (n) =>
          (
            (window as unknown as { __onestopAnnouncements?: { number: string; kind: string }[] })
              .__onestopAnnouncements ?? []
          )
            .filter((a) => a.number === n)
            .map((a) => a.kind),
        number,
      );
    await expect.poll(announced).toEqual(['call', 'recall', 'recall']);
  });

  it('window 10 pauses for a meeting; the display says so', async () => {
    const w10 = terminal('w10').page;
    await w10.keyboard.press('z');
    await w10.getByRole('dialog').waitFor();
    await w10.keyboard.press('2');
    await w10.locator('[data-testid="window-status"].status-paused').waitFor();
    expect(await text(w10, '[data-testid="window-status"]')).toContain('会议');
    expect(hall.hub.current.windows.get('w10')).toMatchObject({
      status: 'paused',
      pauseReason: 'meeting',
    });
    await expect.poll(() => display.page.getByTestId('window-w10').textContent()).toContain('会议');
    await expect.poll(() => monitorRow(10).textContent()).toContain('暂停');
    await screenshot(display.page, 'day-07-display-paused');

    // Meanwhile the other windows work.
    for (const [windowId, n] of [
      ['w2', 3],
      ['w5', 2],
      ['w6', 2],
      ['w8', 1],
      ['w11', 2],
      ['w12', 1],
    ] as const) {
      expect(await helperServes(windowId, n)).toHaveLength(n);
    }
    await monitorAgrees();
  });

  it('a long morning: the console raises alerts for old waits and the long pause', async () => {
    await clock.skip(70 * MINUTE);
    const alerts = adminConsole.page.getByTestId('monitor-alerts');
    await alerts.getByText('等候超时').first().waitFor({ timeout: 20_000 });
    await alerts.getByText(/窗口暂停过久\s*窗口 10/).waitFor();
    // Every service with someone waiting since the morning is over the limit.
    const late = new Set(
      [...hall.hub.current.tickets.values()]
        .filter((t) => t.status === 'waiting')
        .flatMap((t) => t.queueServiceIds),
    );
    await expect.poll(() => alerts.getByText('等候超时').count()).toBe(late.size);
    await screenshot(adminConsole.page, 'day-08-console-alerts');

    // The meeting is over; window 10 calls the oldest waiting first now.
    const w10 = terminal('w10').page;
    await w10.keyboard.press('z');
    await w10.locator('[data-testid="window-status"].status-open').waitFor();
    await expect
      .poll(() => display.page.getByTestId('window-w10').textContent())
      .not.toContain('会议');
    await alerts.getByText(/窗口暂停过久/).waitFor({ state: 'detached' });
    await callNext('w10', { number: 'H003', reason: 'aged' });
    await serve('w10');
  });

  it('afternoon: more visitors, every window works', async () => {
    for (const serviceId of [
      'biz-open',
      'social',
      'tax',
      'hukou',
      'biz-change',
      'social',
      'estate-reg',
      'tax',
      'fund',
      'invoice',
      'biz-open',
      'medical',
      'tax',
      'social',
      'biz-open',
    ]) {
      await takeNumber(serviceId);
    }
    for (const serviceId of ['hukou', 'fund', 'estate-reg', 'invoice', 'biz-change']) {
      await northDoor([{ serviceIds: [serviceId] }]);
    }
    expect(issued).toHaveLength(55);
    for (const serviceId of ['hukou', 'social', 'tax', 'invoice', 'fund']) {
      await takeNumber(serviceId);
    }
    expect(issued).toHaveLength(60);
    // The windows on screen: window 1 twice, window 4 and window 10 once more.
    await callNext('w1', { number: 'A006', reason: 'aged' });
    await serve('w1', { score: 5 });
    await callNext('w1', { number: 'A007', reason: 'aged' });
    await serve('w1', { score: 4 });
    await callNext('w4', { number: 'C005', reason: 'aged' });
    await serve('w4', { score: 5 });
    await callNext('w10', { number: 'H004', reason: 'aged' });
    await serve('w10');
    for (const [windowId, n] of [
      ['w2', 3],
      ['w5', 3],
      ['w6', 3],
      ['w8', 2],
      ['w11', 2],
    ] as const) {
      await helperServes(windowId, n);
    }
    // Window 12's visitors rate on its pad.
    for (const [number, score] of [
      [(await helperServes('w12', 1))[0] ?? '', 4],
      [(await helperServes('w12', 1))[0] ?? '', 3],
    ] as const) {
      const rated = await pad12.command('rate', {
        ticketId: hubTicket(number).id,
        score,
        reasons: [],
      });
      expect(rated.ok).toBe(true);
      ratings.set(number, score);
    }
    await monitorAgrees();
    await screenshot(adminConsole.page, 'day-09-console-afternoon');
    await screenshot(display.page, 'day-09-display-afternoon');
  });

  it('the complaint is followed up in the console: assigned, called back, put right, closed', async () => {
    const page = adminConsole.page;
    await page.getByRole('tab', { name: '投诉督办' }).click();
    const table = page.getByTestId('complaints-table');
    await table.getByText('C004', { exact: true }).click();
    await page.getByText('态度生硬').waitFor();
    // The call-back and the rectification name who did them; the case closes only after both.
    const steps: [string, string, string?][] = [
      ['assign', 'S01'],
      ['note', '已调取窗口录像，与窗口员沟通'],
      ['callback', '群众反映窗口员态度生硬', '王芳'],
      ['rectify', '窗口员参加服务礼仪培训', 'C04'],
      ['close', '窗口员已致歉，群众表示满意'],
    ];
    for (const [action, note, by] of steps) {
      await page.locator('select[name="action"]').selectOption(action);
      await page.locator('input[name="text"]').fill(note);
      if (by) await page.locator('input[name="by"]').fill(by);
      await page.getByRole('button', { name: '提交' }).click();
      await page.locator('.followups li').filter({ hasText: note }).waitFor();
    }
    await table.getByRole('cell', { name: 'S01', exact: true }).waitFor();
    await table.getByText('已办结').waitFor();
    await screenshot(page, 'day-10-console-complaint');
    const followed = readDb((db) =>
      db
        .prepare<[], { action: string; staff_code: string }>(
          'SELECT action, staff_code FROM complaint_actions ORDER BY rowid',
        )
        .all(),
    );
    expect(followed).toEqual(steps.map(([action]) => ({ action, staff_code: 'ADMIN' })));
  });

  it('the day is closed: the waiting expire, every screen says so', async () => {
    await clock.skip(6 * 60 * MINUTE);
    const waiting = count('waiting') + count('parked') + count('called');
    expect(waiting).toBeGreaterThan(0);
    // The supervisor closes the day (the console has no control for it: its client does it, as
    // the hub itself does at midnight).
    const closed = await admin.command('close_day', {});
    if (!closed.ok) throw new Error(`close_day: ${closed.error.code}`);
    expect(count('waiting')).toBe(0);
    expect(count('expired')).toBe(waiting);
    await display.page.getByText('今日办理已结束').waitFor();
    await display.page.locator('.call-none').waitFor();
    // The window rows take turns in the side panel: whichever are shown are closed.
    await expect.poll(() => display.page.locator('li.window:not(.is-closed)').count()).toBe(0);
    // The kiosk says the day is over (not "please wait") and when numbers are given again.
    await kiosk.page.getByTestId('closed').getByText('今日业务已结束').waitFor();
    for (const t of terminals.values()) {
      await t.page.locator('.notice').getByText('今日业务已结束').waitFor();
      await expect.poll(() => text(t.page, '[data-testid="window-status"]')).toBe('未开放');
    }
    await adminConsole.page.getByRole('tab', { name: '实时监控' }).click();
    await adminConsole.page.locator('.banner').getByText('今日业务已结束').waitFor();
    await expect.poll(() => kpi('开放窗口')).toBe('0 / 12');
    await expect.poll(() => kpi('等候')).toBe('0');
    await screenshot(display.page, 'day-11-display-closed');
    await screenshot(kiosk.page, 'day-11-kiosk-closed');
    await screenshot(terminal('w1').page, 'day-11-terminal-closed');
  });

  it('the report of the day agrees with the story and with the database', async () => {
    const page = adminConsole.page;
    await page.getByRole('tab', { name: '统计报表' }).click();
    await page.getByRole('button', { name: '查询' }).click();
    const table = page.getByTestId('report-table');
    await table.waitFor();
    // The charts are drawn after they are in the page: the screenshot waits for their ink.
    await expect
      .poll(async () =>
        (await canvasInk(page, '[data-testid="report-charts"] canvas')).map((n) => n > 1000),
      )
      .toEqual([true, true, true]);
    await screenshot(page, 'day-12-console-report');
    const shown = await table.evaluate((t) =>
      [...t.querySelectorAll('tbody tr, tfoot tr')].map((tr) =>
        [...tr.querySelectorAll('td, th')].map((c) => c.textContent?.trim() ?? ''),
      ),
    );
    /** issued, served, no-show, cancelled, expired, transfers, rated, complaints: by row label. */
    const figures = new Map(
      shown.map((cells) => [
        cells[0] ?? '',
        [1, 2, 3, 4, 5, 9, 10, 13].map((i) => Number(cells[i])),
      ]),
    );

    // The database, read on its own: the tickets by the service they were issued for, and from
    // the log what was done at the windows, by the service each call was for.
    const db = readDb((d) => {
      const by = (sql: string) =>
        new Map(
          d
            .prepare<[string], { service_id: string; n: number }>(sql)
            .all(DAY)
            .map((r) => [r.service_id, r.n]),
        );
      const tickets = (where: string) =>
        by(
          `SELECT service_id, count(*) AS n FROM tickets
            WHERE business_day = ? AND ${where} GROUP BY service_id`,
        );
      const logged = (type: string, field: string) =>
        by(
          `SELECT json_extract(body, '${field}') AS service_id, count(*) AS n FROM events
            WHERE business_day = ? AND type = '${type}' GROUP BY 1`,
        );
      return {
        issued: tickets('1'),
        cancelled: tickets(`status = 'cancelled'`),
        expired: tickets(`status = 'expired'`),
        called: logged('ticket_called', '$.serviceId'),
        served: logged('service_finished', '$.serviceId'),
        // A no-show ends the ticket: its service is that of its last call.
        noShow: by(
          `SELECT json_extract(body, '$.currentServiceId') AS service_id, count(*) AS n
             FROM tickets WHERE business_day = ? AND status = 'no_show' GROUP BY 1`,
        ),
        transfers: logged('ticket_transferred', '$.fromServiceId'),
        rated: by(
          `SELECT json_extract(body, '$.rating.serviceId') AS service_id, count(*) AS n
             FROM events WHERE business_day = ? AND type = 'rating_recorded'
              AND json_extract(body, '$.rating.score') IS NOT NULL GROUP BY 1`,
        ),
        complaints: by(
          `SELECT c.service_id, count(*) AS n FROM complaints c JOIN tickets t ON t.id = c.ticket_id
            WHERE t.business_day = ? GROUP BY c.service_id`,
        ),
        /** Services finished and transfers made at each window, from the log. */
        atWindows: d
          .prepare<[string], { window_id: string; served: number; transfers: number }>(
            `SELECT window_id, sum(type = 'service_finished') AS served,
                    sum(type = 'ticket_transferred') AS transfers
               FROM events WHERE business_day = ? AND window_id IS NOT NULL GROUP BY window_id`,
          )
          .all(DAY),
        day: d
          .prepare<[string], { status: string }>('SELECT status FROM days WHERE business_day = ?')
          .get(DAY),
      };
    });
    expect(db.day?.status).toBe('closed');
    const services = new Set([...db.issued.keys(), ...db.called.keys()]);
    expect(services.size).toBe(figures.size - 1);
    const n = (m: Map<string, number>, id: string) => m.get(id) ?? 0;
    for (const id of services) {
      const s = serviceOf(id);
      expect(figures.get(`${s.prefix} ${s.name.zh}`), s.id).toEqual([
        n(db.issued, id),
        n(db.served, id),
        n(db.noShow, id),
        n(db.cancelled, id),
        n(db.expired, id),
        n(db.transfers, id),
        n(db.rated, id),
        n(db.complaints, id),
      ]);
      // What the test issued, service by service.
      expect(n(db.issued, id), s.id).toBe(issued.filter((t) => t.serviceId === id).length);
    }
    // Every service of a visit finished counts once: A001's two steps (business start-up at
    // window 1, then tax at window 10) are two.
    const finished = [...db.served.values()].reduce((a, b) => a + b, 0);
    const servicesOf = (steps: { serviceIds: string[] }[]) =>
      steps.reduce((k, step) => k + step.serviceIds.length, 0);
    expect(finished).toBe(
      [...hall.hub.current.tickets.values()].reduce(
        (k, t) =>
          k +
          (t.status === 'done'
            ? servicesOf(t.itinerary)
            : servicesOf(t.itinerary.slice(0, t.stepIndex)) + t.doneServiceIds.length),
        0,
      ),
    );
    expect(finished).toBeGreaterThan(count('done'));
    // The story's figures: sixty visitors, one no-show at tax, one transfer of a business
    // start-up, the ratings given on the pads and at window 12, one complaint about social insurance.
    const total = figures.get('合计');
    expect(total?.[0]).toBe(60);
    expect(total?.[2]).toBe(1);
    expect(figures.get('H 税务综合')?.[2]).toBe(1);
    expect(total?.[5]).toBe(1);
    expect(figures.get('A 企业开办')?.[5]).toBe(1);
    expect(total?.[6]).toBe(ratings.size);
    expect(total?.[7]).toBe(1);
    expect(figures.get('C 社保办理')?.[7]).toBe(1);
    expect(total?.[3]).toBe(0);
    expect(total?.[1]).toBe(finished);
    expect(total?.[4]).toBe(count('expired'));

    // By window: the no-show is window 10's, the complaint window 4's (the window rated).
    await page.locator('select[name="by"]').selectOption('window');
    await page.getByRole('button', { name: '查询' }).click();
    await table.getByText('10 税务', { exact: true }).waitFor();
    const byWindow = await table.evaluate((t) =>
      [...t.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td')].map((c) => c.textContent?.trim() ?? ''),
      ),
    );
    const row = (label: string) => byWindow.find((cells) => cells[0] === label) ?? [];
    expect(row('10 税务')[3]).toBe('1');
    expect(row('4 社保')[13]).toBe('1');
    expect(byWindow.reduce((n, cells) => n + Number(cells[1]), 0)).toBe(60);
    // Each window served what it finished and counts the transfers it made: window 1 finished
    // A001's first step and transferred A002, both now done at window 10.
    for (const w of db.atWindows) {
      const win = hall.hub.config.windows.find((x) => x.id === w.window_id);
      const shown = row(`${win?.number ?? ''} ${win?.name.zh ?? ''}`);
      expect([Number(shown[2] ?? 0), Number(shown[9] ?? 0)], w.window_id).toEqual([
        w.served,
        w.transfers,
      ]);
    }
    expect(row('1 企业开办')[9]).toBe('1');
    // Each terminal's own day panel (counted by the hub) agrees with the report: window 1 counts
    // A001's first step and its transfer. One clerk worked each: their part is the window's.
    for (const [id, label] of [
      ['w1', '1 企业开办'],
      ['w10', '10 税务'],
    ] as const) {
      const panel = terminal(id).page;
      const shown = row(label);
      for (const [figure, column] of [
        ['served', 2],
        ['no-shows', 3],
        ['transfers', 9],
      ] as const) {
        for (const testId of [`window-stat-${figure}`, `stat-${figure}`]) {
          await expect
            .poll(() => text(panel, `[data-testid="${testId}"]`), { message: `${id} ${testId}` })
            .toBe(shown[column]);
        }
      }
    }
    await screenshot(terminal('w1').page, 'day-12-terminal-day-panel');
    await screenshot(page, 'day-12-console-report-windows');
  });

  it('the display announced every call and recall once, in order, through the clock jumps', async () => {
    const logged = readDb((db) =>
      db
        .prepare<[string], { type: string; ticket_id: string }>(
          `SELECT type, ticket_id FROM events
            WHERE business_day = ? AND type IN ('ticket_called', 'ticket_recalled') ORDER BY seq`,
        )
        .all(DAY)
        .map(
          (e) =>
            `${e.ticket_id.split('/')[1] ?? ''} ${e.type === 'ticket_called' ? 'call' : 'recall'}`,
        ),
    );
    const announced = await display.page.evaluate(() =>
      (
        (window as unknown as { __onestopAnnouncements?: { number: string; kind: string }[] })
          .__onestopAnnouncements ?? []
      ).map((a) => `${a.number} ${a.kind}`),
    );
    expect(logged.length).toBeGreaterThan(40);
    expect(announced).toEqual(logged);
  });

  it('no page logged an error all day', () => {
    expect([...paired.flatMap((p) => p.problems), ...adminConsole.problems]).toEqual([]);
  });
});
