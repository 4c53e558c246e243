import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useEffect, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { decide, apply, type Command, type Lang } from '@onestop/shared';
import { MONDAY, EngineTestHall } from '@onestop/shared/testing';
import { closeDayEffect, DayControl } from './DayControl.js';
import type { AdminClient } from '../hub.js';
import { LangContext } from '../strings.js';

/* The business day's control on the live monitor, over the real engine (no network). */

afterEach(cleanup);

/** The admin client's day commands, decided by the engine as the hub would. */
class DayHub {
  readonly hall = EngineTestHall.open();
  readonly sent: string[] = [];
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  run(command: Command): void {
    this.hall.run(command);
    for (const l of this.listeners) l();
  }

  readonly client = {
    command: (event: string) => {
      this.sent.push(event);
      const command: Command | null =
        event === 'close_day'
          ? { type: 'close_day' }
          : event === 'open_day'
            ? { type: 'open_day', businessDay: MONDAY }
            : null;
      if (command === null) return Promise.resolve({ ok: true, result: {} });
      const decision = decide(this.hall.state, command, this.hall.now);
      if (!decision.ok) {
        const { code, detail } = decision.error;
        return Promise.resolve({ ok: false, error: { code, message: detail } });
      }
      for (const e of decision.events) this.hall.state = apply(this.hall.state, e);
      for (const l of this.listeners) l();
      return Promise.resolve({ ok: true, result: { day: this.hall.state.day } });
    },
  } as unknown as AdminClient;
}

function Harness(props: { hub: DayHub }) {
  const [, setVersion] = useState(0);
  const { hub } = props;
  useEffect(() => hub.subscribe(() => setVersion((v) => v + 1)), [hub]);
  return <DayControl client={hub.client} state={hub.hall.state} />;
}

function show(hub: DayHub, lang: Lang = 'zh') {
  const user = userEvent.setup();
  render(
    <LangContext.Provider value={lang}>
      <Harness hub={hub} />
    </LangContext.Provider>,
  );
  return user;
}

/** A hall with two waiting tickets, one called and one parked at w1. */
function busyHall(): DayHub {
  const hub = new DayHub();
  const hall = hub.hall;
  hall.openWindow('w1');
  const parked = hall.issue('marriage');
  hall.issue('marriage');
  hall.issue('marriage');
  hall.issue('marriage');
  hall.run({ type: 'call_next', windowId: 'w1' });
  hall.run({ type: 'start_serving', windowId: 'w1' });
  hall.run({ type: 'park', windowId: 'w1', until: null, note: '' });
  hall.run({ type: 'call_next', windowId: 'w1' });
  expect(hall.ticket(parked.id).status).toBe('parked');
  return hub;
}

describe('closing the business day', () => {
  it('counts what closing would expire: waiting, called and parked tickets', () => {
    expect(closeDayEffect(busyHall().hall.state)).toEqual({
      waiting: 2,
      called: 1,
      parked: 1,
      serving: 0,
    });
  });

  it('asks first, saying how many tickets will expire; cancelling keeps the day', async () => {
    const hub = busyHall();
    const user = show(hub);
    expect(screen.getByTestId('day-status').textContent).toBe(`今日业务进行中（${MONDAY}）`);
    await user.click(screen.getByRole('button', { name: '结束今日业务' }));
    const dialog = screen.getByRole('dialog', { name: '结束今日业务？' });
    expect(within(dialog).getByTestId('close-day-expire').textContent).toBe(
      '4 张号票将作废：等候 2 张，已叫号未办理 1 张，暂挂 1 张。',
    );
    await user.click(within(dialog).getByRole('button', { name: '取消' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(hub.sent).toEqual([]);
    expect(hub.hall.state.day?.status).toBe('open');
  });

  it('closes on confirmation, then offers to open the day again', async () => {
    const hub = busyHall();
    const user = show(hub, 'en');
    await user.click(screen.getByRole('button', { name: 'Close the business day' }));
    await user.click(screen.getByRole('button', { name: 'Close the day' }));
    expect(hub.sent).toEqual(['close_day']);
    expect(hub.hall.state.day?.status).toBe('closed');
    expect([...hub.hall.state.tickets.values()].map((t) => t.status)).not.toContain('waiting');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('day-status').textContent).toBe('The business day has ended');
    await user.click(screen.getByRole('button', { name: 'Open the business day' }));
    expect(hub.sent).toEqual(['close_day', 'open_day']);
    expect(screen.getByTestId('day-status').textContent).toBe(`Business day ${MONDAY} is open`);
  });

  it('warns of a window still serving, and shows the hub’s refusal in words', async () => {
    const hub = new DayHub();
    hub.hall.openWindow('w1');
    hub.hall.issue('marriage');
    hub.hall.run({ type: 'call_next', windowId: 'w1' });
    hub.hall.run({ type: 'start_serving', windowId: 'w1' });
    const user = show(hub);
    await user.click(screen.getByRole('button', { name: '结束今日业务' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByTestId('close-day-expire').textContent).toBe(
      '没有待办号票，无号票作废。',
    );
    expect(dialog.textContent).toContain('1 个窗口正在办理业务：办结后才能结束今日业务。');
    await user.click(within(dialog).getByRole('button', { name: '确认结束' }));
    const alert = screen.getByRole('alert').textContent ?? '';
    expect(alert).toMatch(/^操作被拒绝：窗口正在办理业务 \(.+ is being served\)$/);
    expect(hub.hall.state.day?.status).toBe('open');
    // Served and finished: now it closes.
    act(() => hub.run({ type: 'finish', windowId: 'w1' }));
    await user.click(screen.getByRole('button', { name: '结束今日业务' }));
    await user.click(screen.getByRole('button', { name: '确认结束' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(hub.hall.state.day?.status).toBe('closed');
  });

  it('says the day has ended, and shows a refused opening in words', async () => {
    const hub = new DayHub();
    act(() => hub.run({ type: 'close_day' }));
    const user = show(hub);
    expect(screen.getByTestId('day-status').textContent).toBe('今日业务已结束');
    hub.hall.run({ type: 'open_day', businessDay: MONDAY });
    // The mirror has not caught up: the hub answers day_already_open.
    await user.click(screen.getByRole('button', { name: '开始今日业务' }));
    expect(screen.getByRole('alert').textContent).toContain('今日业务已开始');
  });
});
