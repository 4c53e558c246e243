import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskApi, PrintableTicket, PrintResult } from '../shared/api.js';
import { Kiosk, type KioskTimings } from './Kiosk.js';
import { NOW, TestHub } from './test-hub.js';

afterEach(cleanup);

const ORIGIN = 'http://hub.test:7800';
const SLOW: Partial<KioskTimings> = {
  idleMs: 600_000,
  resultMs: 600_000,
  resultUnprintedMs: 600_000,
};

function show(hub: TestHub, api: KioskApi | null = null, timings = SLOW) {
  const user = userEvent.setup();
  render(<Kiosk hub={hub} api={api} hubOrigin={ORIGIN} now={() => NOW} timings={timings} />);
  return user;
}

/** Types digits on the on-screen keypad. */
async function typeDigits(user: ReturnType<typeof userEvent.setup>, digits: string) {
  const keypad = screen.getByRole('group');
  for (const d of digits) {
    const key = [...keypad.querySelectorAll('button')].find((b) => b.textContent === d);
    if (!key) throw new Error(`no key ${d}`);
    await user.click(key);
  }
}

function entered(): string {
  return (screen.getByTestId('checkin-value').textContent ?? '').trim();
}

describe('appointment check-in', () => {
  it('checks in with the code alone and shows the appointment ticket', async () => {
    const hub = new TestHub();
    hub.bookings.set('381920', {
      serviceId: 'open',
      slotAt: NOW + 10 * 60_000,
      phoneLast4: null,
      checkedIn: false,
    });
    const user = show(hub);
    await user.click(screen.getByRole('button', { name: /预约取号/ }));
    expect(screen.getByText('请输入预约码（预约短信中的数字）')).toBeTruthy();
    const next = screen.getByRole('button', { name: '下一步' });
    await typeDigits(user, '381');
    expect(next.hasAttribute('disabled')).toBe(true); // 4 digits at least
    await typeDigits(user, '92');
    await user.click(screen.getByRole('button', { name: /删除/ }));
    await typeDigits(user, '20');
    expect(entered()).toBe('381920');
    await user.click(next);

    expect(hub.checkIns).toEqual([{ code: '381920', phoneLast4: null }]);
    expect((await screen.findByTestId('ticket-number')).textContent).toBe('A001');
    expect(screen.getByTestId('result').textContent).toContain('企业开办 · 预约');
    const ticket = [...hub.state.tickets.values()][0];
    expect(ticket?.class).toBe('appointment');
    // The QR code is drawn asynchronously after the result is up.
    expect((await screen.findByTestId('qr')).getAttribute('data-url')).toBe(
      `${ORIGIN}/t/${ticket?.accessToken ?? ''}`,
    );
  });

  it('asks for the phone digits only when the booking has them, and explains a mismatch', async () => {
    const hub = new TestHub();
    hub.bookings.set('520001', {
      serviceId: 'open',
      slotAt: NOW,
      phoneLast4: '0417',
      checkedIn: false,
    });
    const api: KioskApi & { printed: PrintableTicket[] } = {
      printed: [],
      printTicket(ticket: PrintableTicket): Promise<PrintResult> {
        this.printed.push(ticket);
        return Promise.resolve({ ok: true });
      },
      printerStatus: () => Promise.resolve('ok'),
      readCard: () => Promise.resolve({ kind: 'none' }),
      config: () =>
        Promise.resolve({
          hubUrl: ORIGIN,
          orientation: 'portrait' as const,
          paperWidthMm: 80 as const,
          stopWhenPrinterFails: false,
        }),
    };
    const user = show(hub, api);
    await user.click(screen.getByRole('button', { name: /预约取号/ }));
    await typeDigits(user, '520001');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByText('请输入预约时所留手机号码的后四位')).toBeTruthy();
    expect(screen.getByText('预约码：520001')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();

    await typeDigits(user, '1234');
    await user.click(screen.getByRole('button', { name: '确认取号' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('手机号码后四位与预约不符');
    expect(alert.textContent).toContain('咨询台');
    expect(entered()).toBe(''); // the wrong digits are cleared for another try

    await typeDigits(user, '0417');
    await user.click(screen.getByRole('button', { name: '确认取号' }));
    expect((await screen.findByTestId('ticket-number')).textContent).toBe('A001');
    expect(hub.checkIns.at(-1)).toEqual({ code: '520001', phoneLast4: '0417' });
    expect(await screen.findByText('请取走您的号票')).toBeTruthy();
    expect(api.printed.map((p) => p.number)).toEqual(['A001']);
  });

  it('sends the visitor to staff when the booking is locked after wrong phone digits', async () => {
    const hub = new TestHub();
    hub.bookings.set('520002', {
      serviceId: 'open',
      slotAt: NOW,
      phoneLast4: '0417',
      checkedIn: false,
    });
    const user = show(hub);
    await user.click(screen.getByRole('button', { name: /预约取号/ }));
    await typeDigits(user, '520002');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await screen.findByText('请输入预约时所留手机号码的后四位');
    hub.refuseCheckIn = 'appointment_locked';
    await typeDigits(user, '9999');
    await user.click(screen.getByRole('button', { name: '确认取号' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('输错次数过多，此预约已暂时锁定');
    expect(alert.textContent).toContain('请到服务台找工作人员办理');
    // The next visitor starts over at the code, with nothing of this one left on screen.
    expect(screen.getByText('请输入预约码（预约短信中的数字）')).toBeTruthy();
    expect(entered()).toBe('');
    await user.click(screen.getByRole('button', { name: /English/ }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'this appointment is locked for now. Please ask the staff at the service desk',
    );
    expect(hub.state.tickets.size).toBe(0);
  });

  it('explains an unknown code and every refusal of the hub, in both languages', async () => {
    const hub = new TestHub();
    const user = show(hub);
    await user.click(screen.getByRole('button', { name: /预约取号/ }));
    await typeDigits(user, '999999');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect((await screen.findByRole('alert')).textContent).toContain('今天没有这个预约码');
    expect(entered()).toBe('');
    expect(hub.state.tickets.size).toBe(0);

    const refusals: [string, string, string][] = [
      ['appointment_too_early', '还没到取号时间', 'Too early'],
      ['appointment_too_late', '已超过预约时段', 'slot has passed'],
      ['appointment_cancelled', '该预约已取消', 'was cancelled'],
      ['appointment_checked_in', '已经取过号', 'already been checked in'],
      ['timeout', '服务器没有响应', 'did not answer'],
    ];
    for (const [code, zh, en] of refusals) {
      hub.refuseCheckIn = code === 'timeout' ? null : (code as typeof hub.refuseCheckIn);
      if (code === 'timeout') {
        hub.checkIn = () =>
          Promise.resolve({ ok: false, error: { code: 'timeout', message: 'no answer' } });
      }
      await typeDigits(user, '123456');
      await user.click(screen.getByRole('button', { name: /下一步|Next/ }));
      expect((await screen.findByRole('alert')).textContent, code).toContain(zh);
      await user.click(screen.getByRole('button', { name: /English|中文/ }));
      expect(screen.getByRole('alert').textContent, code).toContain(en);
      await user.click(screen.getByRole('button', { name: /English|中文/ }));
      await user.click(screen.getByRole('button', { name: /清空/ }));
    }
    expect(hub.state.tickets.size).toBe(0);
  });

  it('goes home by itself when left on the keypad', async () => {
    const hub = new TestHub();
    // Long enough that the keypad checked on the way is still up on a loaded machine.
    const user = show(hub, null, { ...SLOW, idleMs: 1_000 });
    await user.click(screen.getByRole('button', { name: /预约取号/ }));
    expect(screen.getByTestId('checkin')).toBeTruthy();
    await waitFor(() => expect(screen.queryByTestId('checkin')).toBeNull(), { timeout: 10_000 });
    expect(screen.getByRole('heading', { name: '请选择办理部门' })).toBeTruthy();
  });
});
