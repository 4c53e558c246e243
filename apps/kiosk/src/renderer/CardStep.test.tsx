import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { idCheckChar, type HallConfig } from '@onestop/shared';
import { Kiosk } from './Kiosk.js';
import { NOW, ORIGIN, TEST_HALL, TestHub, TestPrinterApi } from './test-hub.js';

/*
 * The resident ID card step at the kiosk: shown after a service when the hall limits numbers per
 * person and the kiosk has a reader; the card's number and name go with the ticket and the masked
 * name onto the paper; the reader's trouble in plain words; no card: a ticket anyway or the staff.
 */

afterEach(cleanup);

const SLOW = { idleMs: 600_000, resultMs: 600_000, resultUnprintedMs: 600_000 };
const NUMBER = `11010519491231002${idCheckChar('11010519491231002')}`;

function show(
  hall: Partial<HallConfig['hall']>,
  options: { cardReader?: boolean; api?: TestPrinterApi } = {},
) {
  const hub = new TestHub({ ...TEST_HALL, hall: { ...TEST_HALL.hall, ...hall } });
  const api = options.api ?? new TestPrinterApi();
  const user = userEvent.setup();
  const cardReader = options.cardReader ?? true;
  render(<Kiosk {...{ hub, api, cardReader }} hubOrigin={ORIGIN} now={() => NOW} timings={SLOW} />);
  return { user, hub, api };
}

async function chooseService(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: /市场监管局/ }));
  await user.click(screen.getByRole('button', { name: /企业开办/ }));
}

describe('the ID card step', () => {
  it('reads the card, issues with it and prints the masked name', async () => {
    const api = new TestPrinterApi();
    api.cards = [{ kind: 'none' }, { kind: 'card', idNumber: NUMBER, name: '张三丰' }];
    const { user, hub } = show({ idLimit: 'perServicePerDay' }, { api });
    await chooseService(user);
    expect(screen.getByRole('heading', { name: '请将身份证放在读卡区' })).toBeTruthy();
    expect((await screen.findByTestId('ticket-number', {}, { timeout: 3000 })).textContent).toBe(
      'A001',
    );
    expect(hub.issued).toEqual([
      {
        class: 'normal',
        serviceIds: ['open'],
        idCard: { number: NUMBER, name: '张三丰' },
      },
    ]);
    await waitFor(() => expect(api.printed).toHaveLength(1));
    expect(api.printed.map((p) => p.holder)).toEqual(['张*丰']);
  });

  it("shows the reader's trouble in plain words, then reads the card laid on again", async () => {
    const api = new TestPrinterApi();
    api.cards = [
      { kind: 'error', error: 'card_removed' },
      { kind: 'card', idNumber: NUMBER, name: '张三丰' },
    ];
    const { user } = show({ idLimit: 'perDay' }, { api });
    await chooseService(user);
    expect((await screen.findByTestId('card-error')).textContent).toBe(
      '读卡时身份证被移开了，请重新放好，读完前不要移动',
    );
    expect(await screen.findByTestId('ticket-number', {}, { timeout: 3000 })).toBeTruthy();
  });

  it('a garbled answer from the preload is no card: the screen says so and issues nothing', async () => {
    const api = new TestPrinterApi();
    // A number that is no citizen ID number, as a broken or foreign preload might send.
    api.cards = [{ kind: 'card', idNumber: '12345', name: '张三丰' }];
    const { user, hub } = show({ idLimit: 'perDay' }, { api });
    await chooseService(user);
    expect((await screen.findByTestId('card-error')).textContent).toBe(
      '这张卡的信息无法识别，请找工作人员',
    );
    expect(hub.issued).toEqual([]);
  });

  it('no card, the hall issues anyway: a ticket without a card and no name on the paper', async () => {
    const { user, hub, api } = show({ idLimit: 'perServicePerDay', withoutIdCard: 'issue' });
    await chooseService(user);
    await user.click(screen.getByRole('button', { name: '没有带身份证' }));
    expect(await screen.findByTestId('ticket-number')).toBeTruthy();
    expect(hub.issued).toEqual([{ class: 'normal', serviceIds: ['open'] }]);
    await waitFor(() => expect(api.printed).toHaveLength(1));
    expect(api.printed.map((p) => p.holder)).toEqual([undefined]);
  });

  it('no card, the hall sends the visitor to staff: a screen that calls them, no ticket', async () => {
    const { user, hub } = show({ idLimit: 'perDay', withoutIdCard: 'askStaff' });
    await chooseService(user);
    await user.click(screen.getByRole('button', { name: '没有带身份证' }));
    expect(screen.getByRole('heading', { name: '没有身份证，请找工作人员取号' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /帮办代办/ }));
    expect(await screen.findByTestId('assist-status')).toBeTruthy();
    expect(hub.state.assists.size).toBe(1);
    expect(hub.issued).toEqual([]);
    // Until staff answer the call, the kiosk offers no way past the card.
    expect(screen.queryByTestId('staff-issue')).toBeNull();
  });

  it('no card, staff answered the call: the staff member lets one ticket through with the call', async () => {
    const { user, hub } = show({ idLimit: 'perDay', withoutIdCard: 'askStaff' });
    await chooseService(user);
    await user.click(screen.getByRole('button', { name: '没有带身份证' }));
    await user.click(screen.getByRole('button', { name: /帮办代办/ }));
    const [request] = [...hub.state.assists.values()];
    if (!request) throw new Error('no call made');
    act(() => {
      expect(hub.run({ type: 'answer_assist', requestId: request.id, staffCode: 'C01' })).toEqual({
        ok: true,
      });
    });
    expect((await screen.findByTestId('assist-status')).textContent).toContain('窗口员');
    await user.click(screen.getByRole('button', { name: '工作人员确认：无身份证取号' }));
    expect(await screen.findByTestId('ticket-number')).toBeTruthy();
    expect(hub.issued).toEqual([{ class: 'normal', serviceIds: ['open'], assistId: request.id }]);
  });

  it("no card, the staff member's code and PIN at the kiosk: a wrong PIN in words, then the ticket", async () => {
    const { user, hub, api } = show({ idLimit: 'perDay', withoutIdCard: 'askStaff' });
    await chooseService(user);
    await user.click(screen.getByRole('button', { name: '没有带身份证' }));
    await user.click(screen.getByRole('button', { name: '工作人员输入工号密码取号' }));
    expect(screen.getByRole('heading', { name: '工作人员确认：无身份证取号' })).toBeTruthy();
    const submit = () => screen.getByRole<HTMLButtonElement>('button', { name: '确认取号' });
    const typeIn = async (keys: string[]) => {
      for (const key of keys) await user.click(screen.getByRole('button', { name: key }));
    };
    // The code (letters and digits), then the PIN, shown as dots.
    await typeIn(['C', '0', '1']);
    expect(screen.getByTestId('staff-pin-code').textContent).toContain('C01');
    expect(submit().disabled).toBe(true);
    await user.click(screen.getByTestId('staff-pin-pin'));
    expect(screen.queryByRole('button', { name: 'C' })).toBeNull();
    await typeIn(['9', '9', '9', '9']);
    expect(screen.getByTestId('staff-pin-pin').textContent).toContain('••••');
    await user.click(submit());
    // Refused: said on the same screen, the PIN typed again, the code kept; nothing issued.
    expect((await screen.findByTestId('staff-pin-error')).textContent).toBe('工号或密码错误');
    expect(screen.getByTestId('staff-pin-code').textContent).toContain('C01');
    expect(screen.getByTestId('staff-pin-pin').textContent).not.toContain('•');
    expect(hub.state.tickets.size).toBe(0);
    await typeIn(['1', '3', '5', '7']);
    await user.click(submit());
    expect((await screen.findByTestId('ticket-number')).textContent).toBe('A001');
    expect(hub.issued.at(-1)).toEqual({
      class: 'normal',
      serviceIds: ['open'],
      staffPin: { staffCode: 'C01', pin: '1357' },
    });
    expect([...hub.state.tickets.values()][0]?.allowedBy).toBe('C01');
    await waitFor(() => expect(api.printed).toHaveLength(1));
    expect(api.printed[0]?.helped).toBe(true);
  });

  it('the hub refuses a second number: the reason and the earlier ticket, in plain words', async () => {
    const api = new TestPrinterApi();
    api.cards = [{ kind: 'card', idNumber: NUMBER, name: '张三丰' }];
    const { user, hub } = show({ idLimit: 'perServicePerDay' }, { api });
    hub.refuseIssue = {
      code: 'id_limit_reached',
      message: 'this person already took A001 for this service today',
      issues: [{ path: 'idCard', code: 'id_limit_per_service', params: { ticket: 'A001' } }],
    };
    await chooseService(user);
    expect(await screen.findByRole('heading', { name: '不能再取号' })).toBeTruthy();
    expect(screen.getByText('本人今天已取过此事项的号 A001，每人每项每天限取一个号')).toBeTruthy();
    expect(screen.queryByText(/稍后/u)).toBeNull();
  });

  it('cancel goes home; no step at a kiosk without a reader or a hall without the rule', async () => {
    const first = show({ idLimit: 'perDay' });
    await chooseService(first.user);
    await first.user.click(screen.getByRole('button', { name: '取消' }));
    expect(screen.queryByTestId('card-step')).toBeNull();
    expect(first.hub.issued).toEqual([]);
    cleanup();
    const noReader = show({ idLimit: 'perDay' }, { cardReader: false });
    await chooseService(noReader.user);
    expect(await screen.findByTestId('ticket-number')).toBeTruthy();
    cleanup();
    const noRule = show({});
    await chooseService(noRule.user);
    expect(await screen.findByTestId('ticket-number')).toBeTruthy();
    expect(screen.queryByTestId('card-step')).toBeNull();
  });
});
