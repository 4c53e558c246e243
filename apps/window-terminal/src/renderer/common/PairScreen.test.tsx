import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadPairing, PairScreen, usePairing } from '@onestop/app-common';

afterEach(() => {
  cleanup();
  localStorage.clear();
  vi.unstubAllGlobals();
});

function Page() {
  const pairing = usePairing('window', 'window');
  if (pairing.pairing !== null) return <p>paired {pairing.pairing.windowId}</p>;
  return <PairScreen deviceName={{ zh: '窗口终端', en: 'Window terminal' }} state={pairing} />;
}

const answer = (status: number, body: unknown) =>
  vi.fn(() => Promise.resolve(new Response(JSON.stringify(body), { status })));

describe('the pairing screen', () => {
  it('says, in both languages, that the device needs a code; a bad code is refused', async () => {
    const fetch = answer(401, { error: { code: 'unauthorized', message: '' } });
    vi.stubGlobal('fetch', fetch);
    const user = userEvent.setup();
    render(<Page />);
    expect(screen.getByRole('heading').textContent).toBe('配对本设备 Pair this device');
    expect(screen.getByRole('button', { name: /配对/ })).toHaveProperty('disabled', true);
    await user.type(screen.getByLabelText(/配对码/), 'WRONG1');
    await user.click(screen.getByRole('button', { name: /配对/ }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      '配对码无效或已过期 The pairing code is invalid or has expired',
    );
    expect(loadPairing('window')).toBeNull();
  });

  it('pairs with a typed code and keeps the token', async () => {
    vi.stubGlobal(
      'fetch',
      answer(200, {
        deviceId: 'd1',
        kind: 'window_terminal',
        windowId: 'w5',
        token: 'secret',
        role: 'window',
      }),
    );
    const user = userEvent.setup();
    render(<Page />);
    await user.type(screen.getByLabelText(/配对码/), 'GOOD42');
    await user.click(screen.getByRole('button', { name: /配对/ }));
    expect((await screen.findByText('paired w5')).textContent).toBe('paired w5');
    expect(loadPairing('window')?.token).toBe('secret');
  });
});
