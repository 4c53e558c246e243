import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HallState, SequencedEvent, Sunshine } from '@onestop/shared';
import type {
  ConnectionListener,
  ConnectionState,
  EventsInfo,
  EventsListener,
  RefusalReason,
  StateListener,
} from '@onestop/shared/client';
import { MINUTE, EngineTestHall, testHall } from '@onestop/shared/testing';
import { DEFAULT_DISPLAY_CONFIG, type DisplayConfig } from '../shared/config.js';
import { DisplayApp, type DisplayClient } from './DisplayApp.js';
import type { AudioSink, Segment } from './voice/queue.js';

/** The HubClient surface the display uses, driven by hand over an engine hall. */
class FakeClient implements DisplayClient {
  connection: ConnectionState = 'online';
  refusal: RefusalReason | null = null;
  private seq = 0;
  private readonly stateListeners = new Set<StateListener>();
  private readonly connectionListeners = new Set<ConnectionListener>();
  private readonly eventsListeners = new Set<EventsListener>();
  constructor(readonly hall: EngineTestHall) {}

  get state(): HallState {
    return this.hall.state;
  }
  onState(l: StateListener) {
    this.stateListeners.add(l);
    return () => this.stateListeners.delete(l);
  }
  onConnection(l: ConnectionListener) {
    this.connectionListeners.add(l);
    return () => this.connectionListeners.delete(l);
  }
  onEvents(l: EventsListener) {
    this.eventsListeners.add(l);
    return () => this.eventsListeners.delete(l);
  }

  /** Runs `change` on the hall and delivers its events as HubClient would. */
  deliver(change: () => void, info: EventsInfo = { replayed: false }): void {
    const from = this.hall.log.length;
    change();
    const events: SequencedEvent[] = this.hall.log
      .slice(from)
      .map((e) => ({ ...e, seq: ++this.seq }));
    act(() => {
      for (const l of this.eventsListeners) l(events, info);
      for (const l of this.stateListeners) l(this.hall.state);
    });
  }

  setConnection(next: ConnectionState): void {
    this.connection = next;
    act(() => {
      for (const l of this.connectionListeners) l(next);
    });
  }
}

class RecordingSink implements AudioSink {
  readonly played: Segment[] = [];
  play(segment: Segment): Promise<void> {
    this.played.push(segment);
    return Promise.resolve();
  }
  get sentences(): string[] {
    return this.played.flatMap((s) => (s.kind === 'speech' ? [s.text] : []));
  }
}

function setup(config: Partial<DisplayConfig> = {}, hallClock?: () => number) {
  const hall = EngineTestHall.open();
  for (let i = 0; i < 3; i++) hall.issue('marriage');
  hall.issue('tax');
  hall.openWindow('w1');
  hall.openWindow('w2');
  hall.openWindow('w4');
  const client = new FakeClient(hall);
  const sink = new RecordingSink();
  const clock = () => hall.now;
  render(
    <DisplayApp
      client={client}
      config={{ ...DEFAULT_DISPLAY_CONFIG, repeats: 1, ...config }}
      sink={sink}
      clock={clock}
      {...(hallClock ? { hallClock } : {})}
    />,
  );
  return { hall, client, sink };
}

const flush = () =>
  act(async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  });

/** A display of `hall` whose hub answers 阳光运行 with `answer`; the times it was asked. */
async function withSunshine(hall: EngineTestHall, answer: unknown): Promise<number[]> {
  const asked: number[] = [];
  render(
    <DisplayApp
      client={new FakeClient(hall)}
      config={{ ...DEFAULT_DISPLAY_CONFIG, repeats: 1 }}
      sink={new RecordingSink()}
      clock={() => hall.now}
      loadSunshine={() => {
        asked.push(hall.now);
        return Promise.resolve(answer);
      }}
    />,
  );
  await flush();
  return asked;
}

afterEach(() => {
  cleanup();
  window.__onestopAnnouncements = [];
});

describe('DisplayApp', () => {
  it('shows a live call very large and highlighted, with its window, and announces it', async () => {
    const { hall, client, sink } = setup();
    expect(screen.getByText('暂无呼叫')).toBeTruthy();
    client.deliver(() => hall.callNext('w2'));
    const main = screen.getByTestId('call-main');
    expect(main.getAttribute('data-ticket')).toBe('A001');
    expect(main.className).toContain('flash');
    expect(within(main).getByText('2')).toBeTruthy();
    await flush();
    expect(sink.sentences).toEqual([
      '请 A001 号到 2 号窗口办理',
      'Number A001, please go to window 2',
    ]);
    expect(sink.played[0]).toEqual({ kind: 'chime' });
    expect(window.__onestopAnnouncements?.map((a) => [a.number, a.status])).toEqual([
      ['A001', 'done'],
    ]);
  });

  it('ends the highlight after the configured seconds, once the call has been said', async () => {
    vi.useFakeTimers();
    try {
      const { hall, client } = setup({ highlightSeconds: 5 });
      client.deliver(() => hall.callNext('w1'));
      expect(screen.getByTestId('call-main').className).toContain('flash');
      await flush();
      hall.advance(4_000);
      act(() => {
        vi.advanceTimersByTime(1_000);
      });
      expect(screen.getByTestId('call-main').className).toContain('flash');
      hall.advance(2_000);
      act(() => {
        vi.advanceTimersByTime(1_000);
      });
      expect(screen.getByTestId('call-main').className).not.toContain('flash');
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows calls a sync replayed, but neither announces nor highlights them', async () => {
    const { hall, client, sink } = setup();
    client.deliver(() => hall.callNext('w1'), { replayed: true });
    const main = screen.getByTestId('call-main');
    expect(main.getAttribute('data-ticket')).toBe('A001');
    expect(main.className).not.toContain('flash');
    await flush();
    expect(sink.played).toEqual([]);
  });

  it('announces a recall again', async () => {
    const { hall, client, sink } = setup({ languages: ['zh'] });
    client.deliver(() => hall.callNext('w1'));
    client.deliver(() => hall.run({ type: 'recall', windowId: 'w1' }));
    await flush();
    expect(sink.sentences).toEqual(['请 A001 号到 1 号窗口办理', '请 A001 号到 1 号窗口办理']);
    expect(window.__onestopAnnouncements?.map((a) => a.kind)).toEqual(['call', 'recall']);
  });

  it('shows each window’s state, the waiting counts and the notice', () => {
    const { hall, client } = setup();
    client.deliver(() => {
      hall.advance(3 * MINUTE);
      hall.callNext('w1');
      hall.run({ type: 'start_serving', windowId: 'w1' });
      hall.run({ type: 'pause_window', windowId: 'w2', reason: 'break' });
    });
    expect(screen.getByTestId('window-w1').textContent).toContain('A001');
    expect(screen.getByTestId('window-w1').className).toContain('is-serving');
    expect(screen.getByTestId('window-w2').textContent).toContain('休息');
    expect(screen.getByTestId('window-w3').textContent).toContain('未开放');
    expect(screen.getByTestId('window-w4').textContent).toContain('空闲');
    const marriage = screen.getByTestId('service-marriage');
    // The hall's second language, smaller, beneath: the states and the services' names.
    expect(screen.getByTestId('window-w2').querySelector('.second')?.textContent).toBe('Break');
    expect(screen.getByTestId('window-w3').querySelector('.second')?.textContent).toBe('Closed');
    expect(screen.getByTestId('window-w4').querySelector('.second')?.textContent).toBe('Available');
    expect(screen.getByTestId('window-w1').querySelector('.second')?.textContent).toBe('Serving');
    expect(marriage.querySelector('.service-prefix')?.textContent).toBe('A');
    expect(marriage.querySelector('.service-name')?.textContent).toBe('婚姻登记');
    expect(marriage.querySelector('.second')?.textContent).toBe('Marriage registration');
    expect(marriage.querySelector('.service-waiting')?.textContent).toBe('2');
    // One call is no figure yet: nothing is said (not "0 分钟").
    expect(marriage.querySelector('.service-avg')?.textContent).toBe('');
    expect(screen.getByTestId('notice').textContent).toContain('请保管好您的号票');
    expect(screen.getByTestId('notice').textContent).toContain('Please keep your ticket');
    expect(screen.getByTestId('clock').textContent).toBe('09:03');
  });

  it('shows the hall’s time (the hub’s clock), not this machine’s', () => {
    // 10:17 in Shanghai on a day far from the machine's (the simulator's hall clock).
    setup({}, () => Date.UTC(2031, 4, 6, 2, 17));
    expect(screen.getByTestId('clock').textContent).toBe('10:17');
    expect(document.querySelector('.clock .date')?.textContent).toContain('2031');
  });

  it('keeps the last board with a small reconnecting mark while the hub is away', () => {
    const { hall, client } = setup();
    client.deliver(() => hall.callNext('w1'));
    expect(screen.queryByTestId('reconnecting')).toBeNull();
    client.setConnection('offline');
    expect(screen.getByTestId('reconnecting').textContent).toContain('正在重新连接');
    expect(screen.getByTestId('call-main').getAttribute('data-ticket')).toBe('A001');
    client.setConnection('online');
    expect(screen.queryByTestId('reconnecting')).toBeNull();
  });

  it('says so when another tab of the same device took the connection, and keeps the board', () => {
    const { hall, client } = setup();
    client.deliver(() => hall.callNext('w1'));
    client.refusal = 'replaced';
    client.setConnection('refused');
    const mark = screen.getByTestId('reconnecting').textContent ?? '';
    expect(mark).toContain('本设备已在别处连接');
    expect(mark).toContain('connected again elsewhere');
    expect(mark).not.toContain('重新配对');
    expect(screen.getByTestId('call-main').getAttribute('data-ticket')).toBe('A001');
  });

  it('shows and announces only its windows when filtered', async () => {
    const { hall, client, sink } = setup({ windows: ['w4'], languages: ['en'] });
    client.deliver(() => {
      hall.callNext('w1');
      hall.callNext('w4');
    });
    expect(screen.queryByTestId('window-w1')).toBeNull();
    expect(screen.getByTestId('call-main').getAttribute('data-ticket')).toBe('D001');
    await flush();
    expect(sink.sentences).toEqual(['Number D001, please go to window 4']);
  });

  it('says nothing in quiet hours or with the voice off, but shows the call', async () => {
    const quiet = setup({ quietHours: [{ from: '08:30', to: '09:30' }] });
    quiet.client.deliver(() => quiet.hall.callNext('w1'));
    await flush();
    expect(quiet.sink.played).toEqual([]);
    expect(window.__onestopAnnouncements?.map((a) => a.status)).toEqual(['silent']);
    cleanup();
    const off = setup({ voice: 'off' });
    off.client.deliver(() => off.hall.callNext('w1'));
    await flush();
    expect(off.sink.played).toEqual([]);
    expect(screen.getByTestId('call-main').getAttribute('data-ticket')).toBe('A001');
  });

  it('shows English first when configured so', () => {
    const { hall, client } = setup({ languages: ['en', 'zh'] });
    client.deliver(() => hall.callNext('w1'));
    expect(screen.getByRole('heading', { level: 2, name: /^Now calling/ })).toBeTruthy();
    expect(screen.getByTestId('window-w3').textContent).toBe('3Closed未开放');
    const names = screen.getByTestId('service-marriage').querySelectorAll('.service-name');
    expect([...names].map((n) => n.textContent)).toEqual(['Marriage registration', '婚姻登记']);
  });

  it('shows one language only when the hall has one', () => {
    setup({ languages: ['zh'] });
    expect(screen.getByTestId('window-w3').textContent).toBe('3号未开放');
    const names = screen.getByTestId('service-marriage').querySelectorAll('.service-name');
    expect([...names].map((n) => n.textContent)).toEqual(['婚姻登记']);
  });

  it('shows 阳光运行 when the hall sets it: each window’s satisfaction, its clerk, the hall’s line', async () => {
    const base = testHall();
    const hall = EngineTestHall.open({
      ...base,
      hall: { ...base.hall, notice: { zh: '', en: '' }, sunshine: true },
    });
    hall.openWindow('w1');
    const figures: Sunshine = {
      month: '2025-03',
      windows: [
        { windowId: 'w1', number: 1, clerk: '王小明', rated: 40, satisfactionRate: 0.975 },
        { windowId: 'w2', number: 2, clerk: null, rated: 0, satisfactionRate: null },
      ],
      hall: { rated: 40, satisfactionRate: 0.975, servedToday: 12, averageWaitMsToday: 480_000 },
    };
    const asked = await withSunshine(hall, figures);
    expect(asked).toHaveLength(1);
    const w1 = screen.getByTestId('sunshine-w1');
    expect(within(w1).getByText('王小明')).toBeTruthy();
    // 97.5% is shown as 97%: never rounded up to what it is not.
    expect(w1.textContent).toContain('97%');
    expect(w1.textContent).toContain('40 次评价');
    expect(screen.getByTestId('sunshine-w2').textContent).toContain('暂无人员');
    expect(screen.getByTestId('sunshine-w2').textContent).toContain('暂无评价');
    // Without a notice the hall's line stands alone in the footer.
    expect(screen.getByTestId('sunshine-line').textContent).toContain(
      '本月满意率 97%（40 次评价） · 今日已办 12 件 · 今日平均等候 8 分钟',
    );
  });

  it('asks nothing and shows nothing of 阳光运行 when the hall does not set it', async () => {
    const hall = EngineTestHall.open();
    const asked = await withSunshine(hall, {});
    expect(asked).toEqual([]);
    expect(screen.queryByTestId('sunshine-line')).toBeNull();
    expect(screen.queryByTestId('sunshine-w1')).toBeNull();
  });
});
