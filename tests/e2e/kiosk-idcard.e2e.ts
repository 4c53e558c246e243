import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { idCheckChar, type HallConfig } from '@onestop/shared';
import { answerRemoteRequest, DEMO_HALL } from '@onestop/hub';
import type { HubTestHall } from '../support/hall.js';
import { ok } from '../support/acks.js';
import { a11y } from './support/axe.js';
import { screenshot } from './support/browser.js';
import { browserAndOpenHall } from './support/open-hall.js';
import { openPaired } from './support/paired.js';

/**
 * The resident ID card at the kiosk in Chromium at 1080 × 1920, against a real hub: the card step
 * after a service, the reader's trouble in plain words, the ticket with the card (its masked name
 * on the paper and kept for the window), the hub's refusal of a second number, and no card sent to the
 * staff, who then let one ticket through. A browser has no reader: the Electron shell's preload is played by the test, its
 * `readCard` answering what the test lays on the reader (`window.testCards`).
 */

const NUMBER = `11010519491231002${idCheckChar('11010519491231002')}`;
const HALL: HallConfig = {
  ...DEMO_HALL,
  hall: {
    ...DEMO_HALL.hall,
    idLimit: 'perServicePerDay',
    withoutIdCard: 'askStaff',
    // 远程取号: the kiosk's confirm screen (the last step).
    remote: {
      enabled: true,
      confirmWithinMinutes: 10,
      serviceIds: ['biz-open'],
      perPhonePerDay: 1,
    },
  },
};

let browser: Browser;
let hall: HubTestHall;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ browser, hall, close } = await browserAndOpenHall(HALL));
});
afterAll(async () => {
  await close();
});

/** Lays a card (or a reader's answer) on the emulated reader: answered at its next read. */
async function lay(page: Page, answer: unknown): Promise<void> {
  await page.evaluate((a) => {
    (window as unknown as { testCards: unknown[] }).testCards.push(a);
  }, answer);
}

/** Types a code on the confirm screen's keypad. */
async function typeCode(page: Page, label: string, digits: string): Promise<void> {
  const keypad = page.getByRole('group', { name: label });
  for (const d of digits) await keypad.getByRole('button', { name: d, exact: true }).click();
}

async function chooseBusinessStartUp(page: Page): Promise<void> {
  await page.getByRole('button', { name: /市场监管局/ }).click();
  await page.getByRole('button', { name: /企业开办/ }).click();
  await page.getByTestId('card-step').waitFor();
}

describe('the ID card at the kiosk', () => {
  it('asks for the card, reads it, prints the masked name, refuses a second number and sends a visitor without a card to staff', async () => {
    const { context, page, problems } = await openPaired(browser, hall, {
      kind: 'kiosk',
      path: 'kiosk',
      name: '1 号取号机',
      viewport: { width: 1080, height: 1920 },
    });
    await context.addInitScript(
      ({ hubUrl }) => {
        const cards: unknown[] = [];
        const printed: unknown[] = [];
        Object.assign(window, {
          testCards: cards,
          printed,
          onestopKiosk: {
            printTicket: (ticket: unknown) => {
              printed.push(ticket);
              return Promise.resolve({ ok: true });
            },
            printerStatus: () => Promise.resolve('ok'),
            config: () =>
              Promise.resolve({
                hubUrl,
                orientation: 'portrait',
                paperWidthMm: 80,
                stopWhenPrinterFails: false,
                idCardReader: true,
              }),
            readCard: () => Promise.resolve(cards.shift() ?? { kind: 'none' }),
          },
        });
      },
      { hubUrl: hall.url },
    );
    await page.locator('[data-choice]').first().waitFor();
    await page.reload();
    await page.locator('[data-choice]').first().waitFor();

    // The card step, and the reader's trouble in plain words.
    await chooseBusinessStartUp(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      '请将身份证放在读卡区',
    );
    await screenshot(page, 'kiosk-idcard-place');
    expect(await a11y(page, 'kiosk ID card step')).toEqual([]);
    await lay(page, { kind: 'error', error: 'card_removed' });
    await page.getByText('读卡时身份证被移开了，请重新放好，读完前不要移动').waitFor();
    await screenshot(page, 'kiosk-idcard-error');
    expect(await a11y(page, 'kiosk ID card reader error')).toEqual([]);

    // The card: a ticket with it, the masked name on the paper and kept at the hub.
    await lay(page, { kind: 'card', idNumber: NUMBER, name: '张三丰' });
    await page.getByTestId('ticket-number').waitFor();
    const number = await page.getByTestId('ticket-number').textContent();
    expect(number).toBe('A001');
    await page.waitForFunction(() => (window as unknown as { printed: unknown[] }).printed.length);
    const printed = await page.evaluate(
      () => (window as unknown as { printed: { holder?: string }[] }).printed,
    );
    expect(printed.map((p) => p.holder)).toEqual(['张*丰']);
    const ticket = [...hall.hub.current.tickets.values()].find((t) => t.number === 'A001');

    // The same card for the same service again: refused, with the earlier number.
    await page.getByRole('button', { name: '完成' }).click();
    await chooseBusinessStartUp(page);
    await lay(page, { kind: 'card', idNumber: NUMBER, name: '张三丰' });
    await page.getByRole('heading', { name: '不能再取号' }).waitFor();
    await page.getByText('本人今天已取过此事项的号 A001，每人每项每天限取一个号').waitFor();
    await screenshot(page, 'kiosk-idcard-refused');
    expect(await a11y(page, 'kiosk ID card refusal')).toEqual([]);
    await page.getByRole('button', { name: '首页' }).click();

    // No card, in a hall that sends such visitors to its staff: a call for help, no ticket.
    await chooseBusinessStartUp(page);
    await page.getByRole('button', { name: '没有带身份证' }).click();
    await page.getByRole('heading', { name: '没有身份证，请找工作人员取号' }).waitFor();
    await screenshot(page, 'kiosk-idcard-ask-staff');
    expect(await a11y(page, 'kiosk ID card ask staff')).toEqual([]);
    await page.getByRole('button', { name: /帮办代办/ }).click();
    await page.getByText('已呼叫工作人员，请在此稍候').waitFor();
    const call = [...hall.hub.current.assists.values()].at(-1);
    expect(call).toMatchObject({ status: 'open' });
    expect(hall.hub.current.tickets.size).toBe(1);
    expect(await page.getByTestId('staff-issue').count()).toBe(0);

    // The supervisor answers and comes: the kiosk offers the staff one ticket without a card.
    const supervisor = await hall.client('admin', await hall.login('S01', '2468'));
    ok(await supervisor.command('answer_assist', { requestId: call?.id ?? '' }));
    await page.getByRole('button', { name: '工作人员确认：无身份证取号' }).waitFor();
    await screenshot(page, 'kiosk-idcard-staff-issue');
    expect(await a11y(page, 'kiosk ID card staff issue')).toEqual([]);
    await page.getByRole('button', { name: '工作人员确认：无身份证取号' }).click();
    await page.getByTestId('ticket-number').waitFor();
    expect(await page.getByTestId('ticket-number').textContent()).toBe('A002');
    expect(hall.hub.current.assists.get(call?.id ?? '')).toMatchObject({ status: 'served' });
    await page.getByRole('button', { name: '完成' }).click();

    // Or the staff member's code and PIN at the kiosk: a wrong PIN in words, then the ticket.
    await chooseBusinessStartUp(page);
    await page.getByRole('button', { name: '没有带身份证' }).click();
    await page.getByRole('button', { name: '工作人员输入工号密码取号' }).click();
    await page.getByTestId('staff-pin').waitFor();
    for (const key of ['C', '0', '1'])
      await page.getByRole('button', { name: key, exact: true }).click();
    await page.getByTestId('staff-pin-pin').click();
    for (const key of ['9', '9', '9', '9'])
      await page.getByRole('button', { name: key, exact: true }).click();
    await page.getByRole('button', { name: '确认取号' }).click();
    await page.getByTestId('staff-pin-error').waitFor();
    expect(await page.getByTestId('staff-pin-error').textContent()).toBe('工号或密码错误');
    await screenshot(page, 'kiosk-idcard-staff-pin');
    expect(await a11y(page, 'kiosk staff PIN refused')).toEqual([]);
    expect(hall.hub.current.tickets.size).toBe(2);
    for (const key of ['1', '0', '1', '0'])
      await page.getByRole('button', { name: key, exact: true }).click();
    await page.getByRole('button', { name: '确认取号' }).click();
    await page.getByTestId('ticket-number').waitFor();
    expect(await page.getByTestId('ticket-number').textContent()).toBe('A003');
    const allowed = [...hall.hub.current.tickets.values()].find((t) => t.number === 'A003');
    expect(allowed?.allowedBy).toBe('C01');
    await page.getByRole('button', { name: '完成' }).click();

    // At the window: the clerk sees whom to call.
    const clerk = await hall.openWindow('w1', 'C01');
    ok(await clerk.command('call_next', {}));
    expect(ok(await clerk.command('ticket_holder', {}))).toEqual({
      ticketId: ticket?.id,
      maskedName: '张*丰',
    });

    // 远程取号确认 at 1080 × 1920: a wrong code refused in words, the right one printed; in English.
    const remote = await answerRemoteRequest(hall.hub, {
      id: 'e2e-remote-1',
      serviceId: 'biz-open',
      phone: '13800000001',
    });
    if (remote.outcome !== 'issued') throw new Error(`remote refused: ${remote.reason}`);
    const printedBefore = await page.evaluate(
      () => (window as unknown as { printed: unknown[] }).printed.length,
    );
    await page.getByRole('button', { name: /远程取号确认/ }).waitFor();
    await screenshot(page, 'kiosk-remote-home');
    await page.getByRole('button', { name: /远程取号确认/ }).click();
    await page.getByTestId('remote-confirm').waitFor();
    await screenshot(page, 'kiosk-remote-confirm');
    expect(await a11y(page, 'kiosk remote confirm')).toEqual([]);
    const wrong = remote.code === '000000' ? '000001' : '000000';
    await typeCode(page, '确认码', wrong);
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await page.getByTestId('remote-error').getByText('没有这个远程取号').waitFor();
    await screenshot(page, 'kiosk-remote-refused');
    expect(await a11y(page, 'kiosk remote confirm refused')).toEqual([]);
    expect(
      hall.hub.current.tickets.get(`${ticket?.businessDay}/${remote.number}`)?.remote,
    ).toMatchObject({ confirmedAt: null });
    await typeCode(page, '确认码', remote.code);
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await page.getByTestId('result-found').waitFor();
    expect(await page.getByTestId('ticket-number').textContent()).toBe(remote.number);
    await page.waitForFunction(
      (n) => (window as unknown as { printed: unknown[] }).printed.length > n,
      printedBefore,
    );
    await screenshot(page, 'kiosk-remote-confirmed');
    expect(await a11y(page, 'kiosk remote confirmed')).toEqual([]);
    await page.getByRole('button', { name: '完成' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: /Confirm a phone number/ }).click();
    await page.getByText('Enter the 6-digit confirmation code shown on your phone').waitFor();
    await screenshot(page, 'kiosk-remote-confirm-en');
    expect(await a11y(page, 'kiosk remote confirm en')).toEqual([]);
    await page.getByRole('button', { name: /Back/ }).click();

    expect(problems).toEqual([]);
    await context.close();
  });
});
