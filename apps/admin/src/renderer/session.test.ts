import { describe, expect, it } from 'vitest';
import { clearSession, loadSession, login, saveSession, SESSION_KEY } from './session.js';

const session = {
  token: 'tok',
  role: 'admin' as const,
  name: '管理员',
  staffCode: 'ADMIN',
  expiresAt: 2_000,
};

describe('session', () => {
  it('keeps a session in sessionStorage until it expires or is cleared', () => {
    sessionStorage.clear();
    saveSession(sessionStorage, session);
    expect(loadSession(sessionStorage, 1_000)).toEqual(session);
    expect(loadSession(sessionStorage, 3_000)).toBeNull();
    expect(sessionStorage.getItem(SESSION_KEY)).toBeNull();
    saveSession(sessionStorage, session);
    clearSession(sessionStorage);
    expect(loadSession(sessionStorage, 1_000)).toBeNull();
    sessionStorage.setItem(SESSION_KEY, '{not json');
    expect(loadSession(sessionStorage, 1_000)).toBeNull();
  });

  it('logs in with staff code and PIN, and reports the hub refusal code', async () => {
    const calls: unknown[] = [];
    const answer =
      (status: number, body: unknown): typeof fetch =>
      (_url, init) => {
        calls.push(JSON.parse(typeof init?.body === 'string' ? init.body : 'null'));
        return Promise.resolve(new Response(JSON.stringify(body), { status }));
      };
    const ok = await login(
      'http://hub',
      'ADMIN',
      '8642',
      answer(200, { token: 't', role: 'admin', name: 'A', expiresAt: 9 }),
    );
    expect(ok).toEqual({
      ok: true,
      session: { token: 't', role: 'admin', name: 'A', staffCode: 'ADMIN', expiresAt: 9 },
    });
    expect(calls[0]).toEqual({ staffCode: 'ADMIN', pin: '8642' });
    const refused = await login(
      'http://hub',
      'C01',
      '1010',
      answer(403, { error: { code: 'forbidden', message: 'no' } }),
    );
    expect(refused).toEqual({ ok: false, code: 'forbidden', message: 'no' });
    const unreachable: typeof fetch = () => Promise.reject(new Error('down'));
    const down = await login('http://hub', 'C01', '1010', unreachable);
    expect(down).toMatchObject({ ok: false, code: 'network' });
  });
});
