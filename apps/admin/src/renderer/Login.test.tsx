import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Login } from './Login.js';
import { LangContext } from './strings.js';

describe('Login', () => {
  it('shows the hub refusal in the page language', async () => {
    const fetchMock = vi.fn(() =>
      Promise.resolve(
        new Response(JSON.stringify({ error: { code: 'login_failed', message: 'x' } }), {
          status: 401,
        }),
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    const onLogin = vi.fn();
    render(
      <LangContext.Provider value="en">
        <Login base="http://hub" onLogin={onLogin} notice={null} />
      </LangContext.Provider>,
    );
    await userEvent.type(screen.getByLabelText('Staff code'), 'S01');
    await userEvent.type(screen.getByLabelText('PIN'), '0000');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      'Wrong staff code or PIN',
    );
    expect(onLogin).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });

  it('hands the session over on success, in Chinese by default', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          new Response(
            JSON.stringify({ token: 't', role: 'supervisor', name: '主管', expiresAt: 1 }),
          ),
        ),
      ),
    );
    const onLogin = vi.fn();
    render(<Login base="http://hub" onLogin={onLogin} notice="sessionEnded" />);
    expect(screen.getByText('会话已结束，请重新登录')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('工号'), 'S01');
    await userEvent.type(screen.getByLabelText('密码（PIN）'), '2468');
    await userEvent.click(screen.getByRole('button', { name: '登录' }));
    await vi.waitFor(
      () =>
        expect(onLogin).toHaveBeenCalledWith(
          expect.objectContaining({ staffCode: 'S01', role: 'supervisor' }),
        ),
      { timeout: 10_000 },
    );
    vi.unstubAllGlobals();
  });
});
