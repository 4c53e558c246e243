import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { HallConfig } from '@onestop/shared';
import { Kiosk, type KioskTimings } from './Kiosk.js';
import { NOW, TEST_HALL, TestHub } from './test-hub.js';

/* The hall's default language (hall.languages[0]): where the kiosk starts and comes back to. */

afterEach(cleanup);

const ENGLISH_FIRST: HallConfig = {
  ...TEST_HALL,
  hall: { ...TEST_HALL.hall, languages: ['en', 'zh'] },
};

function show(hub: TestHub, timings: Partial<KioskTimings>) {
  const user = userEvent.setup();
  render(
    <Kiosk
      hub={hub}
      api={null}
      hubOrigin="http://hub.test:7800"
      now={() => NOW}
      timings={timings}
    />,
  );
  return user;
}

const SLOW: Partial<KioskTimings> = { idleMs: 600_000, resultMs: 600_000 };

describe('the kiosk in a hall whose first language is English', () => {
  it('starts in English and switches to Chinese with one touch', async () => {
    const user = show(new TestHub(ENGLISH_FIRST), SLOW);
    expect(screen.getByRole('heading', { name: 'Choose a department' })).toBeTruthy();
    expect(screen.getByText('Test Service Center')).toBeTruthy();
    expect(document.querySelector('.kiosk')?.getAttribute('lang')).toBe('en');
    await user.click(screen.getByRole('button', { name: '中文' }));
    expect(screen.getByRole('heading', { name: '请选择办理部门' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByRole('heading', { name: 'Choose a department' })).toBeTruthy();
  });

  it('comes back to English when the visitor is done', async () => {
    const user = show(new TestHub(ENGLISH_FIRST), SLOW);
    await user.click(screen.getByRole('button', { name: '中文' }));
    await user.click(screen.getByRole('button', { name: /市场监管局/ }));
    await user.click(screen.getByRole('button', { name: /企业开办/ }));
    await screen.findByTestId('ticket-number');
    await user.click(screen.getByRole('button', { name: '完成' }));
    expect(screen.getByRole('heading', { name: 'Choose a department' })).toBeTruthy();
  });

  it('comes back to English when nobody touches it', async () => {
    // Long enough that the two touches and the screen checked on the way come before it.
    const user = show(new TestHub(ENGLISH_FIRST), { idleMs: 1_000 });
    await user.click(screen.getByRole('button', { name: '中文' }));
    await user.click(screen.getByRole('button', { name: /市场监管局/ }));
    expect(screen.getByRole('button', { name: /返回/ })).toBeTruthy();
    expect(
      await screen.findByRole('heading', { name: 'Choose a department' }, { timeout: 10_000 }),
    ).toBeTruthy();
  });

  it('offers no switch in a hall that offers English only', () => {
    show(new TestHub({ ...TEST_HALL, hall: { ...TEST_HALL.hall, languages: ['en'] } }), SLOW);
    expect(screen.getByRole('heading', { name: 'Choose a department' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '中文' })).toBeNull();
  });

  it('a hall whose first language is Chinese starts in Chinese', () => {
    show(new TestHub(), SLOW);
    expect(screen.getByRole('heading', { name: '请选择办理部门' })).toBeTruthy();
    expect(document.querySelector('.kiosk')?.getAttribute('lang')).toBe('zh-CN');
  });
});
