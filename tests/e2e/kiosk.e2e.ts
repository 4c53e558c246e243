import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { businessDayOf, type HallConfig, type Ticket } from '@onestop/shared';
import { createDevice, DEMO_HALL } from '@onestop/hub';
import { ROOT } from '../support/build.js';
import { HubTestHall } from '../support/hall.js';
import { a11y } from './support/axe.js';
import { launch, newPage, screenshot } from './support/browser.js';
import { FakeTcpPrinter } from '../kiosk-support/fake-printer.js';
import { decode } from '../kiosk-support/escpos.js';
import { tcpLink } from '../../apps/kiosk/src/main/printer/link.js';
import { PrintService } from '../../apps/kiosk/src/main/printer/service.js';
import { PrintableTicketSchema } from '../../apps/kiosk/src/main/printing.js';
import { deviceStatusOf } from '../../apps/kiosk/src/shared/printer-status.js';

/**
 * The kiosk page in Chromium against a real hub: pairing, a normal ticket in two touches, the
 * green channel, unavailable services with their reasons, the paused screen while the hub is
 * away, and the ticket's status page on a phone.
 */

// Three services that cannot be chosen, each for its own reason.
const CONFIG: HallConfig = {
  ...DEMO_HALL,
  services: DEMO_HALL.services.map((s) => {
    if (s.id === 'medical') return { ...s, hours: [] };
    if (s.id === 'exit-entry') return { ...s, dailyQuota: 1 };
    if (s.id === 'estate-reg') return { ...s, enabled: false };
    return s;
  }),
};

let hall: HubTestHall;
let browser: Browser;
beforeAll(async () => {
  hall = await HubTestHall.start({ config: CONFIG, pagesDir: join(ROOT, 'dist/pages') });
  browser = await launch();
  // Exit and entry's one ticket of the day is gone.
  const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
  const taken = await kiosk.command('issue_ticket', {
    itinerary: [{ serviceIds: ['exit-entry'] }],
    class: 'normal',
  });
  expect(taken.ok).toBe(true);
});
afterAll(async () => {
  await browser.close();
  await hall.close();
});

/** A kiosk page paired with a fresh code, as the demo's printed link would do it. */
async function openKiosk(
  viewport: { width: number; height: number },
  prepare: (context: BrowserContext) => Promise<void> = () => Promise.resolve(),
  waitForHome = true,
): Promise<{ context: BrowserContext; page: Page; deviceId: string; problems: string[] }> {
  const { deviceId, pairingCode } = createDevice(
    hall.hub.store,
    hall.hub.config,
    { kind: 'kiosk', name: 'e2e kiosk', windowId: null },
    hall.hub.now(),
  );
  const { context, page } = await newPage(browser, viewport);
  await prepare(context);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${hall.url}/kiosk/?pair=${pairingCode}`);
  if (waitForHome) await page.getByRole('button', { name: /市场监管局/ }).waitFor();
  else await page.locator('.kiosk, .paused').first().waitFor();
  // The code is single-use and leaves the address bar.
  expect(page.url()).toBe(`${hall.url}/kiosk/`);
  return { context, page, deviceId, problems };
}

function hubTicket(number: string): Ticket | undefined {
  return [...hall.hub.current.tickets.values()].find((t) => t.number === number);
}

async function shownTicket(page: Page): Promise<{ number: string; qr: string }> {
  const number = (await page.getByTestId('ticket-number').textContent()) ?? '';
  await page.getByTestId('qr').waitFor();
  const qr = (await page.getByTestId('qr').getAttribute('data-url')) ?? '';
  return { number: number.trim(), qr };
}

describe.each([
  { name: 'portrait', viewport: { width: 1080, height: 1920 } },
  { name: 'landscape', viewport: { width: 1920, height: 1080 } },
])('the kiosk page, $name', ({ name, viewport }) => {
  it('issues a normal ticket in two touches and the hub has it', async () => {
    const { context, page, problems } = await openKiosk(viewport);
    await screenshot(page, `kiosk-${name}-home`);
    expect(await a11y(page, `kiosk-${name}-home`)).toEqual([]);

    await page.getByRole('button', { name: /市场监管局/ }).click();
    await page.getByRole('button', { name: /企业开办/ }).waitFor();
    await screenshot(page, `kiosk-${name}-services`);
    expect(await a11y(page, `kiosk-${name}-services`)).toEqual([]);
    await page.getByRole('button', { name: /企业开办/ }).click();

    await page.getByTestId('result').waitFor();
    const { number, qr } = await shownTicket(page);
    expect(number).toMatch(/^A\d{3}$/);
    const ticket = hubTicket(number);
    expect(ticket?.status).toBe('waiting');
    expect(ticket?.class).toBe('normal');
    expect(qr).toBe(`${hall.url}/t/${ticket?.accessToken ?? 'none'}`);
    await expect.poll(() => page.getByText(/前面还有 \d+ 人/).count()).toBe(1);
    await screenshot(page, `kiosk-${name}-result`);
    expect(await a11y(page, `kiosk-${name}-result`)).toEqual([]);

    await page.getByRole('button', { name: '完成' }).click();
    await page.getByRole('button', { name: /市场监管局/ }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('issues a green-channel ticket after its confirmation', async () => {
    const { context, page } = await openKiosk(viewport);
    await page.getByRole('button', { name: /绿色通道/ }).click();
    await page.getByRole('dialog').waitFor();
    await screenshot(page, `kiosk-${name}-green-confirm`);
    expect(await a11y(page, `kiosk-${name}-green-confirm`)).toEqual([]);
    await page.getByRole('button', { name: /确认/ }).click();
    await page.getByRole('button', { name: /人力资源和社会保障局/ }).click();
    await page.getByRole('button', { name: /社保办理/ }).click();
    await page.getByTestId('result').waitFor();
    const { number } = await shownTicket(page);
    expect(number).toMatch(/^C\d{3}$/);
    expect(hubTicket(number)?.class).toBe('priority');
    await screenshot(page, `kiosk-${name}-green-result`);
    expect(await a11y(page, `kiosk-${name}-green-result`)).toEqual([]);
    await context.close();
  });

  it('checks in an appointment booked by the admin, and explains a wrong code', async () => {
    const admin = await hall.client('admin', await hall.login());
    const code = name === 'portrait' ? '420017' : '520017';
    // Ten minutes ahead, unless that is already tomorrow in the hall (a run near midnight):
    // then now, still today (a kiosk checks in only today's bookings).
    const now = hall.hub.now();
    const { timezone } = hall.hub.config.hall;
    const ahead = now + 10 * 60_000;
    const slotAt = businessDayOf(ahead, timezone) === businessDayOf(now, timezone) ? ahead : now;
    const booked = await admin.command('book_appointment', {
      code,
      serviceId: 'tax',
      slotAt,
      phoneLast4: '0417',
    });
    expect(booked.ok).toBe(true);
    const { context, page, problems } = await openKiosk(viewport);
    const type = async (digits: string) => {
      for (const d of digits) {
        await page.locator('.keypad').getByRole('button', { name: d, exact: true }).click();
      }
    };
    await screenshot(page, `kiosk-${name}-home-appointment`);
    expect(await a11y(page, `kiosk-${name}-home-appointment`)).toEqual([]);
    await page.getByRole('button', { name: /预约取号/ }).click();
    await page.getByTestId('checkin').waitFor();

    // A code nobody booked today is explained, and nothing is issued.
    const issuedBefore = hall.hub.current.issuedCount;
    await type('999999');
    await screenshot(page, `kiosk-${name}-checkin-code`);
    expect(await a11y(page, `kiosk-${name}-checkin-code`)).toEqual([]);
    await page.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('今天没有这个预约码');
    await screenshot(page, `kiosk-${name}-checkin-unknown`);
    expect(await a11y(page, `kiosk-${name}-checkin-unknown`)).toEqual([]);
    expect(hall.hub.current.issuedCount).toBe(issuedBefore);

    // The booking has phone digits: the kiosk asks for them after the code.
    await type(code);
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByText('请输入预约时所留手机号码的后四位').waitFor();
    await type('0417');
    await screenshot(page, `kiosk-${name}-checkin-phone`);
    expect(await a11y(page, `kiosk-${name}-checkin-phone`)).toEqual([]);
    await page.getByRole('button', { name: '确认取号' }).click();

    await page.getByTestId('result').waitFor();
    const { number, qr } = await shownTicket(page);
    expect(number).toMatch(/^H\d{3}$/);
    const ticket = hubTicket(number);
    expect(ticket?.class).toBe('appointment');
    expect(ticket?.appointment?.code).toBe(code);
    expect(qr).toBe(`${hall.url}/t/${ticket?.accessToken ?? 'none'}`);
    expect(await page.getByTestId('result').textContent()).toContain('预约');
    await screenshot(page, `kiosk-${name}-checkin-result`);
    expect(await a11y(page, `kiosk-${name}-checkin-result`)).toEqual([]);

    // A second check-in of the same code is refused and explained in English too.
    await page.getByRole('button', { name: '完成' }).click();
    await page.getByRole('button', { name: /预约取号/ }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await type(code);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('already been checked in');
    await screenshot(page, `kiosk-${name}-checkin-twice-en`);
    expect(await a11y(page, `kiosk-${name}-checkin-twice-en`)).toEqual([]);
    expect(problems).toEqual([]);
    admin.close();
    await context.close();
  });

  it('shows why a service cannot be chosen, in Chinese and in English', async () => {
    const { context, page } = await openKiosk(viewport);
    await page.getByRole('button', { name: /人力资源和社会保障局/ }).click();
    const medical = page.getByRole('button', { name: /医保办理/ });
    await expect.poll(() => medical.isDisabled()).toBe(true);
    expect(await medical.textContent()).toContain('不在办理时间内');
    await screenshot(page, `kiosk-${name}-unavailable`);
    expect(await a11y(page, `kiosk-${name}-unavailable`)).toEqual([]);
    await page.getByRole('button', { name: /返回/ }).click();
    await page.getByRole('button', { name: /公安局/ }).click();
    const exit = page.getByRole('button', { name: /出入境/ });
    expect(await exit.isDisabled()).toBe(true);
    expect(await exit.textContent()).toContain('号源已满');
    expect(await page.getByRole('button', { name: /户籍办理/ }).isDisabled()).toBe(false);

    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.getByRole('button', { name: /Exit and entry/ }).textContent()).toContain(
      'all taken',
    );
    await screenshot(page, `kiosk-${name}-unavailable-en`);
    expect(await a11y(page, `kiosk-${name}-unavailable-en`)).toEqual([]);
    await page.getByRole('button', { name: /Back/ }).click();
    const estate = page.getByRole('button', { name: /Real Estate Registration/ });
    expect(await estate.isDisabled()).toBe(true);
    expect(await estate.textContent()).toContain('suspended');
    await screenshot(page, `kiosk-${name}-home-en`);
    expect(await a11y(page, `kiosk-${name}-home-en`)).toEqual([]);
    await context.close();
  });

  it('pauses while the hub is away and recovers by itself', async () => {
    const { context, page } = await openKiosk(viewport);
    await hall.offline(async () => {
      await page.getByTestId('paused').waitFor();
      expect(await page.getByTestId('paused').textContent()).toContain('Ticketing paused');
      await screenshot(page, `kiosk-${name}-paused`);
      expect(await a11y(page, `kiosk-${name}-paused`)).toEqual([]);
    });
    await page.getByRole('button', { name: /市场监管局/ }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: /市场监管局/ }).click();
    await page.getByRole('button', { name: /变更登记/ }).click();
    await page.getByTestId('result').waitFor();
    const { number } = await shownTicket(page);
    expect(hubTicket(number)?.serviceId).toBe('biz-change');
    await context.close();
  });
});

/**
 * The Electron shell's preload, played by the test: the page's `window.onestopKiosk` calls go
 * to a real print service (parsed as the shell parses them) and an emulated printer on loopback.
 */
async function withPrinter(
  context: BrowserContext,
  printer: FakeTcpPrinter,
  stopWhenPrinterFails: boolean,
): Promise<void> {
  const service = new PrintService(tcpLink('127.0.0.1', printer.port), {
    commandSet: 'epson',
    paperWidthMm: 80,
    languages: ['zh', 'en'],
    timezone: 'Asia/Shanghai',
  });
  await context.exposeFunction('testPrintTicket', (raw: unknown) =>
    service.print(PrintableTicketSchema.parse(raw)),
  );
  await context.exposeFunction('testPrinterStatus', () => service.status());
  await context.addInitScript(
    ({ stop, hubUrl }) => {
      const w = window as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      Object.assign(window, {
        onestopKiosk: {
          printTicket: (ticket: unknown) => w.testPrintTicket?.(ticket),
          printerStatus: () => w.testPrinterStatus?.(),
          config: () =>
            Promise.resolve({
              hubUrl,
              orientation: 'portrait',
              paperWidthMm: 80,
              stopWhenPrinterFails: stop,
            }),
        },
      });
    },
    { stop: stopWhenPrinterFails, hubUrl: hall.url },
  );
}

describe('the kiosk with its printer', () => {
  let printer: FakeTcpPrinter;
  beforeAll(async () => {
    printer = await FakeTcpPrinter.start();
  });
  afterAll(async () => {
    await printer.close();
  });
  const PORTRAIT = { width: 1080, height: 1920 };

  it('prints the ticket the hub issued and reports the printer', async () => {
    printer.state = 'ok';
    const { context, page, deviceId } = await openKiosk(PORTRAIT, (c) =>
      withPrinter(c, printer, false),
    );
    await page.getByRole('button', { name: /公安局/ }).click();
    await page.getByRole('button', { name: /户籍办理/ }).click();
    await page.getByText('请取走您的号票').waitFor();
    const { number, qr } = await shownTicket(page);
    const ops = decode(printer.printed, 'epson');
    expect(ops).toContainEqual({ op: 'text', text: number });
    expect(ops.some((op) => op.op === 'qr' && op.data === qr)).toBe(true);
    expect(ops).toContainEqual({ op: 'text', text: '户籍办理' });
    await expect.poll(() => hall.hub.store.device(deviceId)?.status).toEqual(deviceStatusOf('ok'));
    await screenshot(page, 'kiosk-portrait-printed');
    expect(await a11y(page, 'kiosk-portrait-printed')).toEqual([]);
    await context.close();
  });

  it('keeps the number up and says so when the paper runs out mid-ticket', async () => {
    printer.state = 'ok';
    printer.paperOutAfterBytes = printer.printed.length + 60;
    const { context, page, deviceId } = await openKiosk(PORTRAIT, (c) =>
      withPrinter(c, printer, false),
    );
    await page.getByRole('button', { name: /公安局/ }).click();
    await page.getByRole('button', { name: /户籍办理/ }).click();
    await page.getByText('号票打印失败，请记下您的号码').waitFor();
    const { number } = await shownTicket(page);
    expect(hubTicket(number)?.status).toBe('waiting');
    await expect
      .poll(() => hall.hub.store.device(deviceId)?.status)
      .toEqual(deviceStatusOf('paper_out'));
    await screenshot(page, 'kiosk-portrait-print-failed');
    expect(await a11y(page, 'kiosk-portrait-print-failed')).toEqual([]);
    await context.close();
    printer.paperOutAfterBytes = null;
  });

  it('stops offering tickets while out of paper, when configured to', async () => {
    printer.state = 'paper_out';
    const { context, page } = await openKiosk(
      { width: 1920, height: 1080 },
      (c) => withPrinter(c, printer, true),
      false,
    );
    // The banner first says "catching up" while the page syncs; wait for the printer's reason.
    await page.getByTestId('paused').getByText('打印机缺纸').waitFor();
    expect(await page.getByRole('button').count()).toBe(0);
    await screenshot(page, 'kiosk-landscape-printer-paused');
    expect(await a11y(page, 'kiosk-landscape-printer-paused')).toEqual([]);
    await context.close();
  });
});

describe('the ticket status page', () => {
  it('shows the number, the place in the queue and the call on a phone', async () => {
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const issued = await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: ['fund'] }],
      class: 'normal',
    });
    if (!issued.ok) throw new Error(issued.error.code);
    const ticket = issued.result.ticket;
    const { context, page } = await newPage(browser, { width: 390, height: 844 });
    await page.goto(`${hall.url}/t/${ticket.accessToken}`);
    await page.getByText(ticket.number).first().waitFor();
    expect(await page.title()).toMatch(/^OneStop · /);
    await screenshot(page, 'ticket-status-waiting');
    expect(await a11y(page, 'ticket-status-waiting')).toEqual([]);

    const window = await hall.openWindow('w12', 'C12');
    const called = await window.command('call_next', {});
    expect(called.ok && called.result.ticket?.number).toBe(ticket.number);
    await page
      .getByText(/12 号窗口/)
      .first()
      .waitFor({ timeout: 15_000 });
    await screenshot(page, 'ticket-status-called');
    expect(await a11y(page, 'ticket-status-called')).toEqual([]);

    const unknown = await context.request.get(`${hall.url}/t/not-a-real-token-at-all`);
    expect(unknown.status()).toBe(404);
    await context.close();
  });
});
