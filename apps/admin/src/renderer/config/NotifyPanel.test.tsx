import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialState, type ConfigChange, type Refusal } from '@onestop/shared';
import { testHall } from '@onestop/shared/testing';
import { NotifyPanel } from './NotifyPanel.js';
import { LangContext } from '../strings.js';

afterEach(cleanup);

/** The panel on the test hall; `save` answers every change with `answer`. */
function show(answer: Refusal | null = null) {
  const save = vi.fn((_change: ConfigChange) => Promise.resolve(answer));
  const state = initialState(testHall());
  render(
    <LangContext.Provider value="zh">
      <NotifyPanel state={state} save={save} />
    </LangContext.Provider>,
  );
  return { changes: () => save.mock.calls.map(([change]) => change) };
}

describe('the turn-near messages in the console (叫号提醒)', () => {
  it('starts off and saves the SMS gateway set up, WeChat left off', async () => {
    const { changes } = show();
    const user = userEvent.setup();
    const panel = within(screen.getByTestId('config-notify'));
    expect(panel.getByLabelText<HTMLInputElement>('取号机询问手机号').checked).toBe(false);
    await user.click(panel.getByLabelText('取号机询问手机号'));
    await user.type(panel.getByLabelText('短信网关地址'), 'https://sms.example.cn/send');
    await user.type(panel.getAllByLabelText('“快到了”模板')[0] as HTMLElement, 'SMS_1');
    await user.type(panel.getAllByLabelText('“叫号”模板')[0] as HTMLElement, 'SMS_2');
    await user.click(panel.getByRole('button', { name: '保存' }));
    expect(changes()).toEqual([
      {
        kind: 'notify',
        notify: {
          kioskAsksPhone: true,
          aheadDefault: 3,
          aheadByService: [],
          sms: {
            url: 'https://sms.example.cn/send',
            templateNear: 'SMS_1',
            templateCalled: 'SMS_2',
          },
          wechat: null,
        },
      },
    ]);
    // No field for a secret: they are the hub's environment's.
    expect(panel.getByText(/从不发到任何终端/)).toBeTruthy();
    expect(
      screen.getByTestId('config-notify').querySelectorAll('input[type="password"]'),
    ).toHaveLength(0);
  });

  it('shows a refusal at the field it names', async () => {
    show({
      code: 'invalid_message',
      message: 'change.notify.sms.url: an http(s) URL',
      issues: [
        { path: 'change.notify.sms.url', code: 'other', params: { message: 'an http(s) URL' } },
      ],
    });
    const user = userEvent.setup();
    const panel = within(screen.getByTestId('config-notify'));
    await user.type(panel.getByLabelText('短信网关地址'), 'ftp://x');
    await user.click(panel.getByRole('button', { name: '保存' }));
    const field = panel.getByLabelText('短信网关地址');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(panel.getByRole('alert').textContent).toContain('http(s)');
  });
});
