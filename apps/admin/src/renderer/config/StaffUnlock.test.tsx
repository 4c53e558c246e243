import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { AdminClient } from '../hub.js';
import { StaffUnlockButton } from './StaffUnlock.js';
import { LangContext } from '../strings.js';

afterEach(cleanup);

function renderButton(lang: 'zh' | 'en', answer: unknown) {
  const sent: [string, unknown][] = [];
  const messages: { ok: boolean; text: string }[] = [];
  const client = {
    command: (event: string, input: unknown) => {
      sent.push([event, input]);
      return Promise.resolve(answer);
    },
  } as unknown as AdminClient;
  render(
    <LangContext.Provider value={lang}>
      <StaffUnlockButton client={client} staffCode="C01" onMessage={(m) => messages.push(m)} />
    </LangContext.Provider>,
  );
  return { sent, messages };
}

describe('the staff list’s unlock button', () => {
  it('sends unlock_staff for its code and says how many addresses were locked', async () => {
    const { sent, messages } = renderButton('zh', {
      ok: true,
      result: { staffCode: 'C01', lockedAddresses: 2 },
    });
    await userEvent.click(screen.getByRole('button', { name: 'C01 解锁' }));
    expect(sent).toEqual([['unlock_staff', { staffCode: 'C01' }]]);
    expect(messages).toEqual([{ ok: true, text: '已解除登录锁定：C01（曾在 2 个地址被锁定）' }]);
  });

  it('says so when nothing was locked, and shows a refusal', async () => {
    const none = renderButton('en', { ok: true, result: { staffCode: 'C01', lockedAddresses: 0 } });
    await userEvent.click(screen.getByRole('button', { name: 'C01 Unlock' }));
    expect(none.messages).toEqual([{ ok: true, text: 'C01: was not locked' }]);
    cleanup();
    const refused = renderButton('en', {
      ok: false,
      error: { code: 'forbidden', message: 'admins only' },
    });
    await userEvent.click(screen.getByRole('button', { name: 'C01 Unlock' }));
    expect(refused.messages).toHaveLength(1);
    expect(refused.messages[0]?.ok).toBe(false);
  });
});
