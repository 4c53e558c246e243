import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { errorMessage, idCheckChar, t, type HallConfig } from '@onestop/shared';
import { Kiosk } from './Kiosk.js';
import { NOW, ORIGIN, TEST_HALL, TestHub, TestPrinterApi } from './test-hub.js';

/*
 * 远程取号确认 at the kiosk: the entry where the hall takes numbers from the phone, the code on the
 * keypad or the ID card, the ticket printed with its number and the people ahead, and every
 * refusal in words with nothing changed.
 */

afterEach(cleanup);

const SLOW = { idleMs: 600_000, resultMs: 600_000, resultUnprintedMs: 600_000 };
const NUMBER = `11010519491231002${idCheckChar('11010519491231002')}`;
const REMOTE: HallConfig['hall']['remote'] = {
  enabled: true,
  confirmWithinMinutes: 15,
  serviceIds: ['open'],
  perPhonePerDay: 1,
};

function show(options: { remote?: boolean; cardReader?: boolean; idLimit?: 'perDay' } = {}) {
  const hall = {
    ...TEST_HALL.hall,
    ...(options.remote === false ? {} : { remote: REMOTE }),
    ...(options.idLimit ? { idLimit: options.idLimit } : {}),
  };
  const hub = new TestHub({ ...TEST_HALL, hall });
  const api = new TestPrinterApi();
  const user = userEvent.setup();
  const cardReader = options.cardReader ?? false;
  render(<Kiosk {...{ hub, api, cardReader }} hubOrigin={ORIGIN} now={() => NOW} timings={SLOW} />);
  return { user, hub, api };
}

async function typeCode(user: ReturnType<typeof userEvent.setup>, digits: string) {
  const keypad = screen.getByRole('group', { name: '确认码' });
  for (const d of digits) {
    const key = [...keypad.querySelectorAll('button')].find((b) => b.textContent === d);
    if (!key) throw new Error(`no key ${d}`);
    await user.click(key);
  }
}

const confirmedAt = (hub: TestHub, id: string) => hub.state.tickets.get(id)?.remote?.confirmedAt;

describe('the confirm screen of a remote number', () => {
  it('is offered only where the hall takes numbers from the phone', () => {
    show({ remote: false });
    expect(screen.queryByRole('button', { name: /远程取号确认/ })).toBeNull();
    cleanup();
    show();
    expect(screen.getByRole('button', { name: /远程取号确认/ })).toBeTruthy();
  });

  it('confirms by the code, prints the ticket and shows its number and the people ahead', async () => {
    const { user, hub, api } = show();
    hub.issueEarlier('open', 'token-walk-in-abcdefghijklmnopqrstuvwxyz');
    const id = hub.takeRemote('open', '530217');
    await user.click(screen.getByRole('button', { name: /远程取号确认/ }));
    expect(screen.getByText('请输入手机上显示的 6 位确认码')).toBeTruthy();
    expect(screen.getByText(/排到时 15 分钟内仍未确认/)).toBeTruthy();
    const submit = screen.getByRole('button', { name: '确认' });
    await typeCode(user, '53021');
    expect(submit.hasAttribute('disabled')).toBe(true);
    await typeCode(user, '79');
    expect(screen.getByTestId('remote-value').textContent).toBe('530217'); // six at most
    await user.click(submit);

    expect(hub.confirms).toEqual([{ code: '530217' }]);
    expect((await screen.findByTestId('ticket-number')).textContent).toBe('A002');
    expect(confirmedAt(hub, id)).toBe(NOW);
    expect(screen.getByTestId('result-found').textContent).toBe(t('kiosk.found.remote', 'zh'));
    expect(screen.getByTestId('result').textContent).toContain('前面还有 1 人');
    await waitFor(() => expect(api.printed.map((p) => p.number)).toEqual(['A002']));
    expect(api.printed[0]?.peopleAhead).toBe(1);
  });

  it('explains a wrong code, one of another day and one confirmed already, and changes nothing', async () => {
    const { user, hub, api } = show();
    const id = hub.takeRemote('open', '111111');
    hub.oldCodes.add('222222');
    await user.click(screen.getByRole('button', { name: /远程取号确认/ }));
    const submit = screen.getByRole('button', { name: '确认' });

    await typeCode(user, '999999');
    await user.click(submit);
    expect((await screen.findByTestId('remote-error')).textContent).toContain(
      errorMessage('remote_unknown', 'zh'),
    );
    expect(screen.getByTestId('remote-value').textContent?.trim()).toBe('');
    await typeCode(user, '222222');
    await user.click(submit);
    await waitFor(() =>
      expect(screen.getByTestId('remote-error').textContent).toContain(
        errorMessage('remote_not_today', 'zh'),
      ),
    );
    expect(confirmedAt(hub, id)).toBeNull();
    expect(api.printed).toEqual([]);

    // Confirmed meanwhile at another kiosk: said so, and nothing is printed again.
    hub.run({ type: 'confirm_remote', ticketId: id });
    await typeCode(user, '111111');
    await user.click(submit);
    await waitFor(() =>
      expect(screen.getByTestId('remote-error').textContent).toContain(
        errorMessage('remote_already_confirmed', 'zh'),
      ),
    );
    expect(screen.queryByTestId('result')).toBeNull();
    expect(api.printed).toEqual([]);
  });

  it('confirms by the ID card laid on the reader; a refused card is read again only when asked', async () => {
    const { user, hub, api } = show({ cardReader: true });
    api.cards = [{ kind: 'card', idNumber: NUMBER, name: '张三丰' }];
    await user.click(screen.getByRole('button', { name: /远程取号确认/ }));
    // No remote number with this card yet: refused, and the reader waits for the visitor.
    await waitFor(() =>
      expect(screen.getByTestId('remote-error').textContent).toContain(
        errorMessage('remote_unknown', 'zh'),
      ),
    );
    const again = screen.getByRole('button', { name: '重新读取身份证' });
    const id = hub.takeRemote('open', '404040', NUMBER);
    api.cards = [{ kind: 'card', idNumber: NUMBER, name: '张三丰' }];
    await user.click(again);
    expect((await screen.findByTestId('ticket-number', {}, { timeout: 3000 })).textContent).toBe(
      'A001',
    );
    expect(hub.confirms).toEqual([
      { idCard: { number: NUMBER, name: '张三丰' } },
      { idCard: { number: NUMBER, name: '张三丰' } },
    ]);
    expect(confirmedAt(hub, id)).toBe(NOW);
  });

  it('speaks English, and in the large mode offers the entry too', async () => {
    const { user } = show();
    await user.click(screen.getByRole('button', { name: 'English' }));
    await user.click(screen.getByRole('button', { name: /Confirm a phone number/ }));
    expect(
      screen.getByText('Enter the 6-digit confirmation code shown on your phone'),
    ).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /Back/ }));
    await user.click(
      screen.getByRole('button', { name: new RegExp(t('kiosk.large.enter', 'zh')) }),
    );
    expect(screen.getByRole('button', { name: /远程取号确认/ })).toBeTruthy();
  });
});

describe('a card read to take a number', () => {
  it("confirms the visitor's waiting remote number instead of a new one", async () => {
    const { user, hub, api } = show({ cardReader: true, idLimit: 'perDay' });
    const id = hub.takeRemote('open', '777777', NUMBER);
    api.cards = [{ kind: 'card', idNumber: NUMBER, name: '张三丰' }];
    await user.click(screen.getByRole('button', { name: /市场监管局/ }));
    await user.click(screen.getByRole('button', { name: /变更登记/ }));
    expect((await screen.findByTestId('ticket-number', {}, { timeout: 3000 })).textContent).toBe(
      'A001',
    );
    expect(screen.getByTestId('result').textContent).toContain('企业开办');
    expect(screen.getByTestId('result-found').textContent).toBe(t('kiosk.found.remote', 'zh'));
    expect(confirmedAt(hub, id)).toBe(NOW);
    expect(hub.state.tickets.size).toBe(1);
  });
});
