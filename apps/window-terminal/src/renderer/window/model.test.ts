import { describe, expect, it } from 'vitest';
import { TestHall } from '../../../../../packages/shared/src/engine/test-fixture.js';
import {
  availability,
  clerkDay,
  deviceReport,
  emptyWindowDay,
  foldWindowDay,
  loadWindowDay,
  saveWindowDay,
  WindowDayStore,
  ledContentFor,
  ledFromKey,
  ledKey,
  queueOf,
} from './model.js';

describe('what the terminal derives from the hall', () => {
  it('asks the engine whether an action is allowed, with its refusal code', () => {
    const hall = TestHall.open();
    const at = (action: Parameters<typeof availability>[3], staff: string | null = '1001') =>
      availability(hall.state, 'w1', staff, action, hall.now);
    expect(at('call_next', null)).toEqual({ enabled: false, reason: 'not_logged_in' });
    expect(at('open')).toEqual({ enabled: true });
    expect(at('call_next')).toEqual({ enabled: false, reason: 'window_closed' });
    hall.openWindow('w1', '1001');
    expect(at('call_next')).toEqual({ enabled: false, reason: 'queue_empty' });
    expect(at('resume')).toEqual({ enabled: false, reason: 'window_closed' });
    hall.issue('marriage');
    expect(at('call_next')).toEqual({ enabled: true });
    expect(at('finish')).toEqual({ enabled: false, reason: 'window_idle' });
    hall.callNext('w1');
    expect(at('start_serving')).toEqual({ enabled: true });
    expect(at('finish')).toEqual({ enabled: false, reason: 'ticket_wrong_status' });
    expect(at('transfer')).toEqual({ enabled: true });
  });

  it('lists the queue of the window’s services with counts', () => {
    const hall = TestHall.open();
    hall.issue('marriage');
    hall.issue('tax');
    hall.issue('invoice');
    const q = queueOf(hall.state, 'w1');
    expect(q.candidates.map((c) => c.ticket.number)).toEqual(['A001', 'D001']);
    expect(q.counts).toEqual([
      { serviceId: 'marriage', count: 1 },
      { serviceId: 'residence', count: 0 },
      { serviceId: 'tax', count: 1 },
    ]);
  });

  it('counts the clerk’s day: served, average service time, no-shows, ratings', () => {
    const hall = TestHall.open();
    hall.openWindow('w1', '1001');
    for (let i = 0; i < 4; i++) hall.issue('marriage');
    const a = hall.serveNext('w1', 4 * 60_000);
    hall.serveNext('w1', 6 * 60_000);
    hall.callNext('w1');
    hall.run({ type: 'no_show', windowId: 'w1' });
    hall.run({ type: 'rate', ticketId: a, score: 2, reasons: [] });
    expect(clerkDay(hall.state, 'w1', '1001')).toEqual({
      served: 2,
      averageMs: 5 * 60_000,
      noShows: 1,
      ratings: 1,
      averageScore: 2,
    });
    expect(clerkDay(hall.state, 'w1', '1002').served).toBe(0);
  });

  it('counts every service finished at this window, also of visits that went on elsewhere', () => {
    const hall = TestHall.open();
    hall.openWindow('w1', '1001');
    hall.openWindow('w3', '1003');
    const day = hall.state.day?.businessDay ?? null;
    const twoSteps = hall.issue([['marriage'], ['tax']]).id;
    hall.issue('marriage');
    hall.issue('marriage');
    expect(hall.serveNext('w1', 4 * 60_000)).toBe(twoSteps); // step 1 here, 4 min
    hall.serveNext('w1', 6 * 60_000); // 6 min
    const transferred = hall.callNext('w1');
    hall.run({ type: 'start_serving', windowId: 'w1' });
    hall.run({
      type: 'transfer',
      windowId: 'w1',
      toServiceId: 'tax',
      toWindowId: null,
      note: '',
    });
    expect(hall.callNext('w3')).toBe(twoSteps); // step 2 at window 3, 5 min
    hall.run({ type: 'start_serving', windowId: 'w3' });
    hall.advance(5 * 60_000);
    hall.run({ type: 'finish', windowId: 'w3' });
    hall.run({ type: 'rate', ticketId: twoSteps, score: 5, reasons: [] });

    // The mirror alone knows only each ticket's last call: window 1's first step is lost.
    expect(clerkDay(hall.state, 'w1', '1001').served).toBe(1);
    const w1 = foldWindowDay(emptyWindowDay('w1', day), hall.log, hall.state);
    expect(w1.finished.map((f) => f.ticketId)).toEqual([
      twoSteps,
      expect.not.stringMatching(twoSteps),
    ]);
    expect(w1.finished.map((f) => f.ticketId)).not.toContain(transferred);
    // Counted once each (the second is in the log and the mirror), 4 and 6 min.
    expect(clerkDay(hall.state, 'w1', '1001', w1)).toEqual({
      served: 2,
      averageMs: 5 * 60_000,
      noShows: 0,
      ratings: 0,
      averageScore: null,
    });
    // Another clerk at the window, another window's log, another day's log: none of them.
    expect(clerkDay(hall.state, 'w1', '1002', w1).served).toBe(0);
    expect(clerkDay(hall.state, 'w3', '1003', w1).served).toBe(1);
    expect(clerkDay(hall.state, 'w1', '1001', { ...w1, businessDay: '2000-01-01' }).served).toBe(1);
    // Window 3 finished step 2 and got the rating given after it.
    const w3 = foldWindowDay(emptyWindowDay('w3', day), hall.log, hall.state);
    expect(clerkDay(hall.state, 'w3', '1003', w3)).toEqual({
      served: 1,
      averageMs: 5 * 60_000,
      noShows: 0,
      ratings: 1,
      averageScore: 5,
    });

    // Events folded one command at a time, as the page gets them, give the same log.
    let stepwise = emptyWindowDay('w1', day);
    for (const e of hall.log) stepwise = foldWindowDay(stepwise, [e], hall.state);
    expect(stepwise).toEqual(w1);
    // A log of yesterday starts again with today's first event.
    const stale = { ...w1, businessDay: '2000-01-01' };
    expect(foldWindowDay(stale, [], hall.state).finished).toEqual([]);
  });

  it('keeps the window’s log across reloads, for its own window only', () => {
    localStorage.clear();
    const log = {
      ...emptyWindowDay('w1', '2025-03-03'),
      finished: [
        { ticketId: 't1', serviceId: 'marriage', staffCode: '1001', startedAt: 1, finishedAt: 5 },
      ],
    };
    expect(loadWindowDay(localStorage, 'w1')).toBeNull();
    saveWindowDay(localStorage, log);
    expect(loadWindowDay(localStorage, 'w1')).toEqual(log);
    expect(loadWindowDay(localStorage, 'w2')).toBeNull();
    localStorage.setItem('onestop.window.day', '{"windowId":"w1","finished":[{}]}');
    expect(loadWindowDay(localStorage, 'w1')).toBeNull();
    localStorage.setItem('onestop.window.day', 'not json');
    expect(loadWindowDay(localStorage, 'w1')).toBeNull();
    localStorage.clear();
  });

  it('folds the page’s events into the kept log and tells the panel', () => {
    localStorage.clear();
    const hall = TestHall.open();
    hall.openWindow('w1', '1001');
    hall.issue('marriage');
    const store = new WindowDayStore(localStorage, 'w1');
    let told = 0;
    const stop = store.subscribe(() => told++);
    expect(store.get()).toBeNull();
    const from = hall.log.length;
    hall.serveNext('w1', 3 * 60_000);
    store.fold(hall.log.slice(from), hall.state);
    expect(store.get()?.finished).toHaveLength(1);
    expect(told).toBeGreaterThan(0);
    stop();
    // A reload starts from what was kept.
    expect(new WindowDayStore(localStorage, 'w1').get()).toEqual(store.get());
    expect(new WindowDayStore(localStorage, 'w2').get()).toBeNull();
    localStorage.clear();
  });

  it('tells the LED what to show', () => {
    const hall = TestHall.open();
    expect(ledContentFor(null, 'w1')).toEqual({ kind: 'closed' });
    expect(ledContentFor(hall.state, 'w1')).toEqual({ kind: 'closed' });
    hall.openWindow('w1', '1001');
    expect(ledContentFor(hall.state, 'w1')).toEqual({ kind: 'idle' });
    hall.issue('marriage');
    hall.callNext('w1');
    expect(ledContentFor(hall.state, 'w1')).toEqual({ kind: 'call', number: 'A001' });
    hall.run({ type: 'start_serving', windowId: 'w1' });
    expect(ledContentFor(hall.state, 'w1')).toEqual({ kind: 'call', number: 'A001' });
    hall.run({ type: 'finish', windowId: 'w1' });
    hall.run({ type: 'pause_window', windowId: 'w1', reason: 'break' });
    expect(ledContentFor(hall.state, 'w1')).toEqual({ kind: 'paused' });
    for (const c of [
      { kind: 'call', number: 'B12' },
      { kind: 'paused' },
      { kind: 'closed' },
      { kind: 'idle' },
    ] as const) {
      expect(ledFromKey(ledKey(c))).toEqual(c);
    }
  });

  it('reports the serial devices to the hub', () => {
    expect(deviceReport([])).toEqual({ state: 'ok', detail: 'no serial devices' });
    const led = {
      role: 'led' as const,
      state: 'connected' as const,
      path: '/dev/ttyUSB0',
      framesOk: 3,
      framesBad: 1,
      detail: '',
    };
    expect(deviceReport([led])).toEqual({
      state: 'ok',
      detail: 'led /dev/ttyUSB0: connected, 3 ok, 1 bad',
    });
    expect(
      deviceReport([led, { ...led, role: 'pad', state: 'disconnected', detail: 'unplugged' }]),
    ).toEqual({
      state: 'error',
      detail:
        'led /dev/ttyUSB0: connected, 3 ok, 1 bad; pad /dev/ttyUSB0: disconnected, 3 ok, 1 bad (unplugged)',
    });
    expect(deviceReport([{ ...led, state: 'connecting' }]).state).toBe('warning');
  });
});
