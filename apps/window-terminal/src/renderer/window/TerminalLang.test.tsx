import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lang } from '@onestop/shared';
import { EngineHub, PIN, TerminalHarness } from '../test-support/engine-hub.js';
import { RatePad } from '../rate/RatePad.js';

/* The hall's default language (hall.languages[0]) on the clerk's terminal and the rating pad. */

afterEach(cleanup);

function hallIn(languages: Lang[]): EngineHub {
  const hub = new EngineHub('w1');
  const config = hub.hall.state.config;
  hub.run({ type: 'change_config', config: { ...config, hall: { ...config.hall, languages } } });
  return hub;
}

describe('the window terminal in a hall whose first language is English', () => {
  it('starts in English, switches with one touch, and is back in English after a logout', async () => {
    const hub = hallIn(['en', 'zh']);
    const user = userEvent.setup();
    render(<TerminalHarness hub={hub} />);
    expect(screen.getByRole('heading', { name: 'Staff login' })).toBeTruthy();
    await user.type(screen.getByLabelText('Staff code'), '1001');
    await user.type(screen.getByLabelText('PIN'), PIN);
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    await user.click(screen.getByRole('button', { name: '中文' }));
    expect(screen.getByRole('button', { name: '退出登录' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '退出登录' }));
    expect(screen.getByRole('heading', { name: 'Staff login' })).toBeTruthy();
    expect(hub.sent.map((s) => s.event)).toContain('staff_logout');
  });

  it('follows the hall when an admin changes its default language', () => {
    const hub = new EngineHub('w1');
    render(<TerminalHarness hub={hub} />);
    expect(screen.getByRole('heading', { name: '工作人员登录' })).toBeTruthy();
    const config = hub.hall.state.config;
    act(() =>
      hub.run({
        type: 'change_config',
        config: { ...config, hall: { ...config.hall, languages: ['en', 'zh'] } },
      }),
    );
    expect(screen.getByRole('heading', { name: 'Staff login' })).toBeTruthy();
  });
});

describe('the rating pad', () => {
  const pad = (hub: EngineHub) => (
    <RatePad port={hub} state={hub.hall.state} windowId="w1" request={null} />
  );

  it('shows the hall’s default language first, the other after it when the hall offers it', () => {
    render(pad(hallIn(['en', 'zh'])));
    const heading = screen.getByRole('heading');
    expect(heading.textContent).toBe('Welcome 欢迎办理业务');
    expect(heading.querySelector('.first')?.getAttribute('lang')).toBe('en');
    expect(heading.querySelector('.second')?.getAttribute('lang')).toBe('zh-CN');
    cleanup();
    render(pad(hallIn(['zh', 'en'])));
    expect(screen.getByRole('heading').textContent).toBe('欢迎办理业务 Welcome');
    expect(screen.getByRole('heading').querySelector('.second')?.getAttribute('lang')).toBe('en');
    cleanup();
    render(pad(hallIn(['zh'])));
    expect(screen.getByRole('heading').textContent).toBe('欢迎办理业务');
  });
});
