import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { DayFigures, DayFiguresResult } from '@onestop/shared';
import { EngineHub, PIN, TerminalHarness } from '../test-support/engine-hub.js';
import { DayPanel } from './DayPanel.js';

afterEach(cleanup);

const NONE: DayFigures = {
  served: 0,
  noShow: 0,
  transfers: 0,
  avgServiceMs: null,
  rated: 0,
  avgScore: null,
  satisfied: 0,
  satisfactionRate: null,
};

/** What the hub would count: the clerk 1001's part, and window 1's whole day. */
function figures(clerk: Partial<DayFigures> | null, window: Partial<DayFigures>): DayFiguresResult {
  return {
    businessDay: '2025-03-03',
    window: { ...NONE, ...window },
    clerk: clerk === null ? null : { staffCode: '1001', ...NONE, ...clerk },
  };
}

const asked = (hub: EngineHub): number => hub.figuresAsked;
const cell = (id: string): string => screen.getByTestId(id).textContent ?? '';

describe('the day panel', () => {
  it('shows the clerk’s and the window’s figures as the hub counts them', async () => {
    const hub = new EngineHub('w1');
    hub.figures = figures(
      { served: 3, noShow: 1, transfers: 1, avgServiceMs: 245_000, rated: 2, avgScore: 4.5 },
      {
        served: 5,
        noShow: 1,
        transfers: 2,
        avgServiceMs: 300_000,
        rated: 4,
        avgScore: 3.75,
        satisfied: 3,
        satisfactionRate: 0.75,
      },
    );
    render(<DayPanel port={hub} windowId="w1" staffCode="1001" online lang="zh" />);
    await waitFor(() => expect(cell('stat-served')).toBe('3'));
    expect(asked(hub)).toBe(1);
    expect(cell('window-stat-served')).toBe('5');
    expect([cell('stat-no-shows'), cell('window-stat-no-shows')]).toEqual(['1', '1']);
    expect([cell('stat-transfers'), cell('window-stat-transfers')]).toEqual(['1', '2']);
    expect([cell('stat-average'), cell('window-stat-average')]).toEqual([
      '4 分 05 秒',
      '5 分 00 秒',
    ]);
    expect([cell('stat-ratings'), cell('window-stat-ratings')]).toEqual([
      '2 次，均分 4.5',
      '4 次，均分 3.8',
    ]);
    // The clerk's two ratings: none satisfied is still a rate (0%), none rated is a dash.
    expect([cell('stat-satisfaction'), cell('window-stat-satisfaction')]).toEqual(['—', '75%']);
    expect(screen.getByTestId('clerk-day').textContent).toContain('本窗口');
  });

  it('asks again when an event of its window arrives, not for other windows’ events', async () => {
    const hub = new EngineHub('w1');
    hub.figures = figures({}, {});
    act(() => {
      hub.run({ type: 'open_window', windowId: 'w1', staffCode: '1001' });
      hub.run({ type: 'open_window', windowId: 'w3', staffCode: '1003' });
    });
    render(<DayPanel port={hub} windowId="w1" staffCode="1001" online lang="zh" />);
    await waitFor(() => expect(cell('stat-served')).toBe('0'));
    expect(asked(hub)).toBe(1);
    // A ticket issued, called and finished at window 3: nothing of window 1's changed.
    act(() => {
      hub.hall.issue('tax');
      hub.run({ type: 'call_next', windowId: 'w3' });
      hub.run({ type: 'start_serving', windowId: 'w3' });
      hub.run({ type: 'finish', windowId: 'w3' });
    });
    expect(asked(hub)).toBe(1);
    // One finished here: the hub now counts it.
    hub.figures = figures({ served: 1 }, { served: 1 });
    act(() => {
      hub.hall.issue('marriage');
      hub.run({ type: 'call_next', windowId: 'w1' });
      hub.run({ type: 'start_serving', windowId: 'w1' });
    });
    const before = asked(hub);
    act(() => hub.run({ type: 'finish', windowId: 'w1' }));
    await waitFor(() => expect(cell('stat-served')).toBe('1'));
    expect(asked(hub)).toBe(before + 1);
    expect(cell('window-stat-served')).toBe('1');
  });

  it('waits for the connection, asks on every reconnect, and keeps the last figures on a failure', async () => {
    const hub = new EngineHub('w1');
    hub.figures = figures({ served: 2 }, { served: 4 });
    const view = render(
      <DayPanel port={hub} windowId="w1" staffCode="1001" online={false} lang="en" />,
    );
    expect(asked(hub)).toBe(0);
    expect(cell('stat-served')).toBe('—');
    view.rerender(<DayPanel port={hub} windowId="w1" staffCode="1001" online lang="en" />);
    await waitFor(() => expect(cell('stat-served')).toBe('2'));
    expect(screen.getByTestId('clerk-day').textContent).toContain('Window 4');
    view.rerender(<DayPanel port={hub} windowId="w1" staffCode="1001" online={false} lang="en" />);
    hub.figures = null; // the hub cannot answer
    view.rerender(<DayPanel port={hub} windowId="w1" staffCode="1001" online lang="en" />);
    await screen.findByText(/could not be fetched/);
    expect(asked(hub)).toBe(2);
    expect([cell('stat-served'), cell('window-stat-served')]).toEqual(['2', '4']);
  });

  it('shows only the window’s figures when the hub counts another clerk (or none)', async () => {
    const hub = new EngineHub('w1');
    hub.figures = { ...figures(null, { served: 6 }) };
    render(<DayPanel port={hub} windowId="w1" staffCode="1001" online lang="zh" />);
    await waitFor(() => expect(cell('window-stat-served')).toBe('6'));
    expect(cell('stat-served')).toBe('—');
  });

  it('is in the terminal once the clerk logs in, and asks for the logged-in clerk', async () => {
    const hub = new EngineHub('w1');
    hub.figures = figures({ served: 7 }, { served: 9 });
    const user = userEvent.setup();
    render(<TerminalHarness hub={hub} />);
    expect(screen.queryByTestId('clerk-day')).toBeNull();
    expect(asked(hub)).toBe(0);
    await user.type(screen.getByLabelText('工号'), '1001');
    await user.type(screen.getByLabelText('密码'), PIN);
    await user.click(screen.getByRole('button', { name: '登录' }));
    await waitFor(() => expect(cell('stat-served')).toBe('7'));
    expect(cell('window-stat-served')).toBe('9');
    expect(asked(hub)).toBe(1);
  });
});
