import { describe, expect, it } from 'vitest';
import { MINUTE, EngineTestHall } from '@onestop/shared/testing';
import { buildBoard, visibleScope } from './model.js';

const ALL = { departments: null, windows: null };

function morning(): EngineTestHall {
  const hall = EngineTestHall.open();
  for (let i = 0; i < 4; i++) hall.issue('marriage');
  hall.issue('tax');
  hall.issue('tax');
  for (const w of ['w1', 'w2', 'w3']) hall.openWindow(w);
  return hall;
}

describe('buildBoard', () => {
  it('shows the calls newest first, the recent ones apart, and every window by number', () => {
    const hall = morning();
    hall.callNext('w1'); // A001
    hall.run({ type: 'start_serving', windowId: 'w1' });
    hall.advance(MINUTE);
    hall.callNext('w2'); // A002
    hall.advance(MINUTE);
    hall.callNext('w3'); // D001
    const board = buildBoard(hall.state, ALL);

    expect(board.calling.map((c) => [c.number, c.windowNumber])).toEqual([
      ['D001', 3],
      ['A002', 2],
    ]);
    expect(board.recent.map((c) => c.number)).toEqual(['A001']);
    expect(board.windows.map((w) => [w.number, w.activity, w.ticketNumber])).toEqual([
      [1, 'serving', 'A001'],
      [2, 'calling', 'A002'],
      [3, 'calling', 'D001'],
      [4, 'closed', null],
    ]);
  });

  it('counts the waiting per service and averages the day’s waits from number to call', () => {
    const hall = morning();
    hall.advance(4 * MINUTE);
    hall.callNext('w1'); // A001 waited 4 minutes
    hall.advance(2 * MINUTE);
    hall.callNext('w2'); // A002 waited 6 minutes
    // Two calls are no figure yet: nothing is shown (early in the day it said "0 分钟").
    const early = buildBoard(hall.state, ALL).services.find((s) => s.serviceId === 'marriage');
    expect(early).toMatchObject({ waiting: 2, averageWaitMinutes: null });
    hall.advance(2 * MINUTE);
    hall.run({ type: 'no_show', windowId: 'w1' });
    hall.callNext('w1'); // A003 waited 8 minutes
    const board = buildBoard(hall.state, ALL);
    const byId = new Map(board.services.map((s) => [s.serviceId, s]));
    expect(byId.get('marriage')).toMatchObject({ prefix: 'A', waiting: 1, averageWaitMinutes: 6 });
    expect(byId.get('tax')).toMatchObject({ waiting: 2, averageWaitMinutes: null });
    expect(byId.get('residence')).toMatchObject({ waiting: 0, averageWaitMinutes: null });
  });

  it('never says an average of 0 minutes: at least 1 once there is a figure', () => {
    const hall = morning();
    // Three called at once: no wait.
    hall.callNext('w1');
    hall.callNext('w2');
    hall.run({ type: 'no_show', windowId: 'w1' });
    hall.callNext('w1');
    const marriage = buildBoard(hall.state, ALL).services.find((s) => s.serviceId === 'marriage');
    expect(marriage?.averageWaitMinutes).toBe(1);
  });

  it('keeps a suspended service, marked, while people wait for it', () => {
    const hall = morning();
    const config = hall.state.config;
    const suspend = (id: string) => ({
      ...config,
      services: config.services.map((s) => (s.id === id ? { ...s, enabled: false } : s)),
    });
    hall.run({ type: 'change_config', config: suspend('tax') });
    const tax = buildBoard(hall.state, ALL).services.find((s) => s.serviceId === 'tax');
    expect(tax).toMatchObject({ waiting: 2, suspended: true });
    // Nobody waits for a suspended service: it leaves the board.
    hall.run({ type: 'change_config', config: suspend('residence') });
    const ids = buildBoard(hall.state, ALL).services.map((s) => s.serviceId);
    expect(ids).not.toContain('residence');
    expect(
      buildBoard(hall.state, ALL).services.find((s) => s.serviceId === 'marriage'),
    ).toMatchObject({ suspended: false });
  });

  it('marks idle, paused and closed windows', () => {
    const hall = morning();
    hall.run({ type: 'pause_window', windowId: 'w2', reason: 'meeting' });
    const board = buildBoard(hall.state, ALL);
    expect(board.windows.map((w) => [w.windowId, w.activity, w.pauseReason])).toEqual([
      ['w1', 'idle', null],
      ['w2', 'paused', 'meeting'],
      ['w3', 'idle', null],
      ['w4', 'closed', null],
    ]);
    expect(board.dayOpen).toBe(true);
    expect(board.notice.zh).toBe('请保管好您的号票');
  });

  it('shows only the chosen windows, or a department’s windows and services', () => {
    const hall = morning();
    hall.callNext('w1');
    hall.callNext('w3');
    const floor = buildBoard(hall.state, { departments: null, windows: ['w3', 'w4'] });
    expect(floor.windows.map((w) => w.windowId)).toEqual(['w3', 'w4']);
    expect(floor.calling.map((c) => c.windowId)).toEqual(['w3']);
    expect(floor.services.map((s) => s.serviceId).sort()).toEqual(['invoice', 'marriage', 'tax']);

    const tax = visibleScope(hall.state, { departments: ['tax'], windows: null });
    expect([...tax.serviceIds].sort()).toEqual(['invoice', 'tax']);
    expect([...tax.windowIds].sort()).toEqual(['w1', 'w3', 'w4']);
  });

  it('carries no personal data: only numbers, windows and counts', () => {
    const hall = morning();
    hall.callNext('w1');
    const text = JSON.stringify(buildBoard(hall.state, ALL));
    expect(text).not.toContain('token-');
    expect(text).not.toContain('王芳');
    expect(text).not.toContain('1001');
  });
});
