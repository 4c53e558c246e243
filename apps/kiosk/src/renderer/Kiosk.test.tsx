import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { HallConfig } from '@onestop/shared';
import type { KioskApi } from '../shared/api.js';
import { deviceStatusOf } from '../shared/printer-status.js';
import { Kiosk, type KioskTimings } from './Kiosk.js';
import { NOW, ORIGIN, TEST_HALL, TestHub, TestPrinterApi } from './test-hub.js';

afterEach(cleanup);

const SLOW: Partial<KioskTimings> = {
  idleMs: 600_000,
  resultMs: 600_000,
  resultUnprintedMs: 600_000,
};

/** The test hall with office hours: weekdays 08:30–12:00 and 14:00–17:30. */
const OFFICE_HALL: HallConfig = {
  ...TEST_HALL,
  services: TEST_HALL.services.map((s) =>
    s.id === 'tax'
      ? s
      : {
          ...s,
          hours: [
            { days: [1, 2, 3, 4, 5], open: '08:30', close: '12:00' },
            { days: [1, 2, 3, 4, 5], open: '14:00', close: '17:30' },
          ],
        },
  ),
};

/** Thursday 26 November 2026 at hh:mm in Shanghai (the test hub's day). */
const at = (hh: number, mm: number) => Date.UTC(2026, 10, 26, hh - 8, mm);

function show(
  hub: TestHub,
  extra: {
    api?: KioskApi;
    timings?: Partial<KioskTimings>;
    stop?: boolean;
    /** `hub`: the hall's time from the hub (`hallNow`), as in the page. */
    now?: 'hub';
  } = {},
) {
  const user = userEvent.setup();
  render(
    <Kiosk
      hub={hub}
      api={extra.api ?? null}
      hubOrigin={ORIGIN}
      {...(extra.now === 'hub' ? {} : { now: () => NOW })}
      timings={extra.timings ?? SLOW}
      stopWhenPrinterFails={extra.stop ?? false}
    />,
  );
  return user;
}

describe('the kiosk screen', () => {
  it('shows the departments in Chinese, and in English after one touch', async () => {
    const hub = new TestHub();
    const user = show(hub);
    expect(screen.getByRole('heading', { name: '请选择办理部门' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /市场监管局/ }).textContent).toContain('2 项业务');
    // Every service of the tax department is outside its hours: the tile says why.
    const tax = screen.getByRole('button', { name: /税务局/ });
    expect(tax.hasAttribute('disabled')).toBe(true);
    expect(tax.textContent).toContain('不在办理时间内');
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByRole('heading', { name: 'Choose a department' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Market Regulation/ }).textContent).toContain(
      '2 services',
    );
    expect(screen.getByRole('button', { name: /Taxation/ }).textContent).toContain('not open');
  });

  it('issues a normal ticket in two touches and shows what the hub acknowledged', async () => {
    const hub = new TestHub();
    hub.run({ type: 'open_window', windowId: 'w1', staffCode: 'C01' });
    hub.issueEarlier('open', 'earlier-ticket-token-000000');
    const user = show(hub);
    await user.click(screen.getByRole('button', { name: /市场监管局/ }));
    const open = screen.getByRole('button', { name: /企业开办/ });
    expect(open.textContent).toContain('等候 1 人');
    expect(open.textContent).toContain('约 10 分钟');
    await user.click(open);

    expect(hub.issued).toEqual([{ class: 'normal', serviceIds: ['open'] }]);
    expect((await screen.findByTestId('ticket-number')).textContent).toBe('A002');
    expect(screen.getByText('前面还有 1 人')).toBeTruthy();
    expect(screen.getByText('预计等候约 10 分钟')).toBeTruthy();
    expect(screen.getByText('本机未连接打印机，请记下号码或扫码')).toBeTruthy();
    const ticket = [...hub.state.tickets.values()].find((t) => t.number === 'A002');
    const qr = await screen.findByTestId('qr');
    expect(qr.getAttribute('data-url')).toBe(`${ORIGIN}/t/${ticket?.accessToken ?? ''}`);
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);

    await user.click(screen.getByRole('button', { name: '完成' }));
    expect(screen.getByRole('heading', { name: '请选择办理部门' })).toBeTruthy();
  });

  it('says there is no wait when nobody is ahead, in both languages', async () => {
    const hub = new TestHub();
    hub.run({ type: 'open_window', windowId: 'w1', staffCode: 'C01' });
    const user = show(hub);
    await user.click(screen.getByRole('button', { name: /市场监管局/ }));
    const open = screen.getByRole('button', { name: /企业开办/ });
    expect(open.textContent).toBe('企业开办无需等候');
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByRole('button', { name: /Business start-up/ }).textContent).toBe(
      'Business start-upNo wait',
    );
    await user.click(screen.getByRole('button', { name: '中文' }));
    await user.click(screen.getByRole('button', { name: /企业开办/ }));
    expect(await screen.findByText('无需等候，请留意叫号')).toBeTruthy();
    expect(screen.getByText('前面还有 0 人')).toBeTruthy();
    expect(screen.queryByText(/分钟/)).toBeNull();
  });

  it('says no window is open instead of an estimate, and still issues the number', async () => {
    const hub = new TestHub();
    hub.issueEarlier('open', 'earlier-ticket-token-000000');
    const user = show(hub);
    await user.click(screen.getByRole('button', { name: /市场监管局/ }));
    const open = screen.getByRole('button', { name: /企业开办/ });
    expect(open.textContent).toBe('企业开办等候 1 人 · 暂无窗口办理');
    expect(open.hasAttribute('disabled')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByRole('button', { name: /Business start-up/ }).textContent).toBe(
      'Business start-up1 waiting · No window open now',
    );
    await user.click(screen.getByRole('button', { name: /Business start-up/ }));
    expect((await screen.findByTestId('ticket-number')).textContent).toBe('A002');
    expect(
      screen.getByText('No window serves this yet: numbers are called once one opens'),
    ).toBeTruthy();
    expect(hub.issued).toEqual([{ class: 'normal', serviceIds: ['open'] }]);
  });

  it('shows a service out of its quota as such and never offers it', async () => {
    const hub = new TestHub();
    hub.issueEarlier('change', 'earlier-ticket-token-000001');
    const user = show(hub);
    await user.click(screen.getByRole('button', { name: /市场监管局/ }));
    const change = screen.getByRole('button', { name: /变更登记/ });
    expect(change.hasAttribute('disabled')).toBe(true);
    expect(change.textContent).toContain('号源已满');
    await user.click(change);
    expect(hub.issued).toEqual([]);
  });

  it('issues a green-channel ticket only after its confirmation', async () => {
    const hub = new TestHub();
    const user = show(hub);
    await user.click(screen.getByRole('button', { name: /绿色通道/ }));
    expect(screen.getByRole('dialog').textContent).toContain('老年人');
    await user.click(screen.getByRole('button', { name: '取消' }));
    expect(screen.queryByText('绿色通道取号中')).toBeNull();

    await user.click(screen.getByRole('button', { name: /绿色通道/ }));
    await user.click(screen.getByRole('button', { name: /确认/ }));
    expect(screen.getByText('绿色通道取号中')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /市场监管局/ }));
    await user.click(screen.getByRole('button', { name: /企业开办/ }));
    expect((await screen.findByTestId('ticket-number')).textContent).toBe('A001');
    expect(hub.issued).toEqual([{ class: 'priority', serviceIds: ['open'] }]);
    expect(screen.getByText(/企业开办 · 绿色通道/)).toBeTruthy();
  });

  it('lets the green channel be cancelled before a number is taken', async () => {
    const hub = new TestHub();
    const user = show(hub);
    await user.click(screen.getByRole('button', { name: /绿色通道/ }));
    await user.click(screen.getByRole('button', { name: /确认/ }));
    expect(screen.getByText('绿色通道取号中')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /市场监管局/ }));
    // From the department's screen too: a mistaken touch, or a visitor who does not qualify.
    await user.click(screen.getByRole('button', { name: '取消绿色通道' }));
    expect(screen.queryByText('绿色通道取号中')).toBeNull();
    await user.click(screen.getByRole('button', { name: /企业开办/ }));
    await screen.findByTestId('ticket-number');
    expect(hub.issued).toEqual([{ class: 'normal', serviceIds: ['open'] }]);
  });

  it('shows no number until the hub acknowledges one, and explains a refusal', async () => {
    const hub = new TestHub();
    hub.hold = true;
    const user = show(hub);
    await user.click(screen.getByRole('button', { name: /市场监管局/ }));
    await user.click(screen.getByRole('button', { name: /企业开办/ }));
    expect(screen.getByText('正在取号，请稍候…')).toBeTruthy();
    expect(screen.queryByTestId('ticket-number')).toBeNull();
    act(() => hub.answer({ ok: false, error: { code: 'timeout', message: 'no answer' } }));
    expect(await screen.findByText('未能取号')).toBeTruthy();
    expect(screen.getByText('服务器没有响应，请检查网络后重试')).toBeTruthy();
    expect(screen.queryByTestId('ticket-number')).toBeNull();
  });

  it('pauses full screen while the hub is away, with the reason, and recovers', async () => {
    const hub = new TestHub();
    show(hub);
    act(() => hub.setConnection('offline'));
    const paused = screen.getByTestId('paused');
    expect(paused.textContent).toContain('暂停取号');
    expect(paused.textContent).toContain('Ticketing paused');
    expect(paused.textContent).toContain('连接中断，正在重连');
    expect(screen.queryByRole('button')).toBeNull();
    act(() => hub.setConnection('syncing'));
    expect(screen.getByTestId('paused')).toBeTruthy();
    act(() => hub.setConnection('online'));
    await waitFor(() => expect(screen.queryByTestId('paused')).toBeNull());
    expect(screen.getByRole('button', { name: /市场监管局/ })).toBeTruthy();
  });

  it('pauses while the business day is not open', () => {
    show(new TestHub(undefined, false));
    expect(screen.getByTestId('paused').textContent).toContain('今日尚未开始办理业务');
  });

  it('says the day has ended and when numbers are given again, not to wait', () => {
    const hub = new TestHub(OFFICE_HALL);
    hub.run({ type: 'close_day' });
    show(hub, { now: 'hub' });
    const closed = screen.getByTestId('closed');
    expect(closed.textContent).toContain('今日业务已结束');
    expect(closed.textContent).toContain("Today's service has ended");
    // Thursday: Friday's opening.
    expect(screen.getByTestId('next-opening').textContent).toBe(
      '明天 08:30 起可取号Numbers from tomorrow at 08:30',
    );
    expect(closed.textContent).not.toContain('请稍候');
    expect(closed.textContent).not.toContain('Please wait');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('says when numbers are given, from the hall’s hours, at the hub’s time', () => {
    const hub = new TestHub(OFFICE_HALL);
    hub.time = at(7, 50); // Thursday, before the opening
    show(hub, { now: 'hub' });
    expect(screen.getByTestId('closed').textContent).toContain('现在不能取号');
    expect(screen.getByTestId('next-opening').textContent).toBe(
      '今天 08:30 起可取号Numbers from today at 08:30',
    );
    cleanup();
    hub.time = at(12, 30); // the lunch break
    show(hub, { now: 'hub' });
    expect(screen.getByTestId('next-opening').textContent).toBe(
      '今天 14:00 起可取号Numbers from today at 14:00',
    );
    cleanup();
    hub.time = at(18, 0) + 24 * 3_600_000; // Friday evening: Monday
    show(hub, { now: 'hub' });
    expect(screen.getByTestId('closed').textContent).toContain('今日取号已结束');
    expect(screen.getByTestId('closed').textContent).toContain('No more numbers today');
    expect(screen.getByTestId('next-opening').textContent).toBe(
      '11月30日（周一） 08:30 起可取号Numbers from Mon 30 Nov at 08:30',
    );
  });

  it('says when a closed service opens on its tile', async () => {
    const hub = new TestHub({
      ...OFFICE_HALL,
      services: OFFICE_HALL.services.map((s) =>
        s.id === 'open' ? { ...s, hours: TEST_HALL.services[0]?.hours ?? [] } : s,
      ),
    });
    hub.time = at(12, 30);
    const user = show(hub, { now: 'hub' });
    await user.click(screen.getByRole('button', { name: /市场监管局/ }));
    const change = screen.getByRole('button', { name: /变更登记/ });
    expect(change.hasAttribute('disabled')).toBe(true);
    expect(change.textContent).toContain('今天 14:00 开始办理');
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByRole('button', { name: /Business changes/ }).textContent).toContain(
      'Opens today at 14:00',
    );
  });

  it('gives no estimate until the hub’s clock is known', async () => {
    const hub = new TestHub();
    hub.run({ type: 'open_window', windowId: 'w1', staffCode: 'C01' });
    hub.issueEarlier('open', 'earlier-ticket-token-000000');
    hub.issueEarlier('open', 'earlier-ticket-token-000001');
    hub.run({ type: 'call_next', windowId: 'w1' });
    hub.run({ type: 'start_serving', windowId: 'w1' });
    // The PC's clock is 15 hours behind: the ticket in service seems to have 15 hours to go.
    hub.clockKnown = false;
    hub.time = NOW - 15 * 3_600_000;
    const user = show(hub, { now: 'hub' });
    await user.click(screen.getByRole('button', { name: /市场监管局/ }));
    const open = screen.getByRole('button', { name: /企业开办/ });
    expect(open.textContent).toContain('等候 1 人');
    expect(open.textContent).not.toContain('分钟');
    // The sync brings the hub's clock.
    hub.clockKnown = true;
    hub.time = NOW;
    act(() => hub.setConnection('syncing'));
    act(() => hub.setConnection('online'));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /企业开办/ }).textContent).toContain(
        '等候 1 人 · 约 20 分钟',
      ),
    );
  });

  it('goes home when nobody touches it, and back to Chinese', async () => {
    const hub = new TestHub();
    // Long enough that the screens checked on the way are still up on a loaded machine.
    const user = show(hub, {
      timings: { idleMs: 1_000, resultMs: 1_000, resultUnprintedMs: 1_000 },
    });
    await user.click(screen.getByRole('button', { name: 'English' }));
    await user.click(screen.getByRole('button', { name: /Market Regulation/ }));
    expect(screen.getByRole('button', { name: /Back/ })).toBeTruthy();
    expect(
      await screen.findByRole('heading', { name: '请选择办理部门' }, { timeout: 10_000 }),
    ).toBeTruthy();

    await user.click(screen.getByRole('button', { name: /市场监管局/ }));
    await user.click(screen.getByRole('button', { name: /企业开办/ }));
    await screen.findByTestId('ticket-number');
    await waitFor(() => expect(screen.queryByTestId('ticket-number')).toBeNull(), {
      timeout: 10_000,
    });
  });
});

describe('the kiosk with a printer', () => {
  it('prints the acknowledged ticket and reports the printer to the hub', async () => {
    const hub = new TestHub();
    const api = new TestPrinterApi('paper_near_end');
    const user = show(hub, { api });
    await waitFor(() => expect(hub.reports).toEqual([deviceStatusOf('paper_near_end')]));
    await user.click(screen.getByRole('button', { name: /市场监管局/ }));
    await user.click(screen.getByRole('button', { name: /企业开办/ }));
    expect(await screen.findByText('请取走您的号票')).toBeTruthy();
    const ticket = [...hub.state.tickets.values()][0];
    expect(api.printed).toEqual([
      {
        hall: { zh: '测试政务服务中心', en: 'Test Service Center' },
        notice: { zh: '请留意叫号', en: 'Listen for your number' },
        number: 'A001',
        service: { zh: '企业开办', en: 'Business start-up' },
        priority: false,
        peopleAhead: 0,
        // No window is open in this hall: the ticket says so instead of an estimate.
        estimateMinutes: null,
        issuedAt: NOW,
        statusUrl: `${ORIGIN}/t/${ticket?.accessToken ?? ''}`,
      },
    ]);
  });

  it('keeps the number up and asks to note it when printing fails', async () => {
    const hub = new TestHub();
    const api = new TestPrinterApi('ok', { ok: false, state: 'paper_out', message: 'paper out' });
    const user = show(hub, { api });
    await user.click(screen.getByRole('button', { name: /市场监管局/ }));
    await user.click(screen.getByRole('button', { name: /企业开办/ }));
    expect(await screen.findByText('号票打印失败，请记下您的号码')).toBeTruthy();
    expect(screen.getByTestId('ticket-number').textContent).toBe('A001');
    await waitFor(() => expect(hub.reports).toContainEqual(deviceStatusOf('paper_out')));
  });

  it('stops offering tickets while the printer cannot print, only when configured to', async () => {
    const hub = new TestHub();
    show(hub, { api: new TestPrinterApi('paper_out'), stop: true });
    expect((await screen.findByTestId('paused')).textContent).toContain('打印机缺纸');
    cleanup();
    show(new TestHub(), { api: new TestPrinterApi('paper_out'), stop: false });
    await waitFor(() => expect(screen.getByRole('button', { name: /市场监管局/ })).toBeTruthy());
    expect(screen.queryByTestId('paused')).toBeNull();
  });
});
