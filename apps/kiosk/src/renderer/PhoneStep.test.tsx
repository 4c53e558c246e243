import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Kiosk } from './Kiosk.js';
import type { KioskHub } from './hub.js';
import { NOW, TEST_HALL, TestHub } from './test-hub.js';

afterEach(cleanup);

const SLOW = { idleMs: 600_000, resultMs: 600_000, resultUnprintedMs: 600_000 };
const NOTIFY = {
  kioskAsksPhone: true,
  aheadDefault: 3,
  aheadByService: [],
  sms: { url: 'http://127.0.0.1:9/send', templateNear: 'N', templateCalled: 'C' },
  wechat: null,
};

/** The kiosk on a hall with the phone step on (or off), and what it asked the hub to issue. */
function show(asks: boolean) {
  const hub = new TestHub({ ...TEST_HALL, notify: { ...NOTIFY, kioskAsksPhone: asks } });
  const inputs: Parameters<KioskHub['issueTicket']>[0][] = [];
  const issue = hub.issueTicket.bind(hub);
  hub.issueTicket = (input) => {
    inputs.push(input);
    return issue(input);
  };
  const user = userEvent.setup();
  render(
    <Kiosk hub={hub} api={null} hubOrigin="http://hub.test:7800" now={() => NOW} timings={SLOW} />,
  );
  return { user, inputs };
}

async function chooseService(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: /市场监管局/ }));
  await user.click(screen.getByRole('button', { name: /企业开办/ }));
}

async function typeDigits(user: ReturnType<typeof userEvent.setup>, digits: string) {
  for (const d of digits) await user.click(screen.getByRole('button', { name: d }));
}

describe('the phone step (叫号提醒)', () => {
  it('takes 11 digits, shows them masked and sends them with the ticket', async () => {
    const { user, inputs } = show(true);
    await chooseService(user);
    expect(screen.getByTestId('phone-step')).toBeTruthy();
    const ok = screen.getByRole('button', { name: '确定' });
    await typeDigits(user, '1381234567');
    expect(ok.hasAttribute('disabled')).toBe(true);
    await typeDigits(user, '8');
    expect(screen.getByTestId('phone-value').textContent).toBe('138****5678');
    await user.click(ok);
    expect((await screen.findByTestId('ticket-number')).textContent).toBe('A001');
    expect(inputs).toEqual([
      { itinerary: [{ serviceIds: ['open'] }], class: 'normal', phone: '13812345678' },
    ]);
  });

  it('refuses a number that is no mobile number, and issues without one on "No, thanks"', async () => {
    const { user, inputs } = show(true);
    await chooseService(user);
    await typeDigits(user, '12812345678');
    expect(screen.getByRole('alert').textContent).toBe('请输入 11 位手机号码');
    expect(screen.getByRole('button', { name: '确定' }).hasAttribute('disabled')).toBe(true);
    await user.click(screen.getByRole('button', { name: '不需要' }));
    expect((await screen.findByTestId('ticket-number')).textContent).toBe('A001');
    expect(inputs).toEqual([{ itinerary: [{ serviceIds: ['open'] }], class: 'normal' }]);
  });

  it('is not shown when the hall has it off', async () => {
    const { user, inputs } = show(false);
    await chooseService(user);
    expect(await screen.findByTestId('ticket-number')).toBeTruthy();
    expect(screen.queryByTestId('phone-step')).toBeNull();
    expect(inputs).toHaveLength(1);
  });

  it('at check-in: a booking without a phone is offered the keypad; an online one keeps its own', async () => {
    const hub = new TestHub({ ...TEST_HALL, notify: NOTIFY });
    const slot = { serviceId: 'open', slotAt: NOW + 10 * 60_000, checkedIn: false };
    hub.bookings.set('381920', { ...slot, phoneLast4: '0417' });
    hub.bookings.set('555123', { ...slot, phoneLast4: '5678', phone: '13912345678' });
    const user = userEvent.setup();
    render(
      <Kiosk
        hub={hub}
        api={null}
        hubOrigin="http://hub.test:7800"
        now={() => NOW}
        timings={SLOW}
      />,
    );
    const checkIn = async (code: string, last4: string) => {
      await user.click(screen.getByRole('button', { name: /预约取号/ }));
      await typeDigits(user, code);
      await user.click(screen.getByRole('button', { name: '下一步' }));
      await typeDigits(user, last4);
      await user.click(screen.getByRole('button', { name: '确认取号' }));
    };
    // No phone on file: the same keypad as for a ticket, the number masked, then the ticket.
    await checkIn('381920', '0417');
    expect(await screen.findByTestId('phone-step')).toBeTruthy();
    await typeDigits(user, '13812345678');
    expect(screen.getByTestId('phone-value').textContent).toBe('138****5678');
    await user.click(screen.getByRole('button', { name: '确定' }));
    const first = await screen.findByTestId('ticket-number');
    expect(first.textContent).toBe('A001');
    expect(hub.checkIns).toEqual([
      { code: '381920', phoneLast4: null },
      { code: '381920', phoneLast4: '0417' },
      { code: '381920', phoneLast4: '0417', phone: '13812345678' },
    ]);
    expect([...hub.ticketPhones.values()]).toEqual(['13812345678']);
    await user.click(screen.getByRole('button', { name: '完成' }));

    // Booked online with a phone: no keypad, the booking's number goes with the ticket.
    await checkIn('555123', '5678');
    expect((await screen.findByTestId('ticket-number')).textContent).toBe('A002');
    expect(screen.queryByTestId('phone-step')).toBeNull();
    expect(hub.checkIns.at(-1)).toEqual({ code: '555123', phoneLast4: '5678' });
    expect([...hub.ticketPhones.values()]).toEqual(['13812345678', '13912345678']);
  });
});
