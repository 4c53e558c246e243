import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineTestHall } from '@onestop/shared/testing';
import { AssistAlerts } from './AssistAlerts.js';

/*
 * 帮办代办 on the supervisor's terminal: an open call can be answered or closed with a reason
 * (the visitor left, helped at the kiosk, other); a closed call is no alert any more.
 */

afterEach(cleanup);

describe('the calls for help at the terminal', () => {
  it('closes a call with the reason chosen, and shows no closed call', async () => {
    const hall = EngineTestHall.open();
    hall.run({ type: 'request_assist', kioskId: 'k1', kioskName: '1 号取号机' });
    const [call] = [...hall.state.assists.values()];
    if (!call) throw new Error('no call made');
    const onClose = vi.fn();
    const user = userEvent.setup();
    const alerts = () => (
      <AssistAlerts
        state={hall.state}
        lang="zh"
        role="supervisor"
        busy={false}
        onAnswer={() => undefined}
        onClose={onClose}
      />
    );
    const view = render(alerts());
    expect(screen.getByText('1 号取号机 的访客需要帮助')).toBeTruthy();
    await user.selectOptions(
      screen.getByRole('combobox', { name: '关闭原因' }),
      '已在取号机旁帮助，无需取号',
    );
    await user.click(screen.getByRole('button', { name: '关闭呼叫' }));
    expect(onClose).toHaveBeenCalledWith(call.id, 'helped_at_kiosk');

    const staff = hall.state.config.staff[0]?.code ?? '';
    hall.run({
      type: 'close_assist',
      requestId: call.id,
      staffCode: staff,
      reason: 'helped_at_kiosk',
    });
    expect(hall.state.assists.get(call.id)).toMatchObject({
      status: 'closed',
      closedBy: staff,
      closeReason: 'helped_at_kiosk',
    });
    view.rerender(alerts());
    expect(screen.queryByTestId('assist-alerts')).toBeNull();
  });
});
