import { afterEach, describe, expect, it } from 'vitest';
import type { PairResponse } from '@onestop/shared';
import {
  forgetPairing,
  loadPairing,
  pairWithCode,
  savePairing,
  takePairCode,
} from '@onestop/app-common';

/* The shared pairing module (apps/common), as the window terminal and the rating pad use it. */

afterEach(() => localStorage.clear());

const answer =
  (body: unknown, status = 200): typeof fetch =>
  () =>
    Promise.resolve(new Response(JSON.stringify(body), { status }));

const paired: PairResponse = {
  deviceId: 'dev-1',
  kind: 'window_terminal',
  windowId: 'w3',
  token: 'tok-123',
  role: 'window',
};

describe('pairing', () => {
  it('takes the code from the address and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/window/?pair=AB12CD&x=1#top');
    expect(takePairCode()).toBe('AB12CD');
    expect(window.location.pathname + window.location.search + window.location.hash).toBe(
      '/window/?x=1#top',
    );
    expect(takePairCode()).toBeNull();
  });

  it('keeps the token per page in localStorage', async () => {
    const outcome = await pairWithCode(' AB12CD ', 'window', answer(paired));
    expect(outcome).toEqual({
      ok: true,
      pairing: {
        token: 'tok-123',
        deviceId: 'dev-1',
        kind: 'window_terminal',
        role: 'window',
        windowId: 'w3',
      },
    });
    if (!outcome.ok) return;
    savePairing('window', outcome.pairing);
    expect(loadPairing('window')?.windowId).toBe('w3');
    expect(loadPairing('rate')).toBeNull();
    forgetPairing('window');
    expect(loadPairing('window')).toBeNull();
  });

  it('refuses a bad code, a code for another kind of device and an unreachable hub', async () => {
    expect(
      await pairWithCode('X', 'window', answer({ error: { code: 'unauthorized' } }, 401)),
    ).toMatchObject({ ok: false, code: 'bad_code' });
    expect(await pairWithCode('X', 'rate', answer(paired))).toMatchObject({
      ok: false,
      code: 'wrong_kind',
    });
    const down = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;
    expect(await pairWithCode('X', 'window', down)).toMatchObject({ ok: false, code: 'network' });
  });

  it('ignores a stored value that is not a pairing', () => {
    localStorage.setItem('onestop.pairing.window', '{"token":""}');
    expect(loadPairing('window')).toBeNull();
    localStorage.setItem('onestop.pairing.window', 'not json');
    expect(loadPairing('window')).toBeNull();
  });
});
