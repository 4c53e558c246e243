import { describe, expect, it } from 'vitest';
import { EngineTestHall } from '@onestop/shared/testing';
import {
  availability,
  deviceReport,
  ledContentFor,
  ledFromKey,
  ledKey,
  queueOf,
  touchesFigures,
} from './model.js';

describe('what the terminal derives from the hall', () => {
  it('asks the engine whether an action is allowed, with its refusal code', () => {
    const hall = EngineTestHall.open();
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
    const hall = EngineTestHall.open();
    hall.issue('marriage');
    hall.issue('tax');
    hall.issue('invoice');
    const q = queueOf(hall.state, 'w1', hall.now);
    expect(q.candidates.map((c) => c.ticket.number)).toEqual(['A001', 'D001']);
    expect(q.counts).toEqual([
      { serviceId: 'marriage', count: 1 },
      { serviceId: 'residence', count: 0 },
      { serviceId: 'tax', count: 1 },
    ]);
  });

  it('marks the number call_next takes and passes over an unconfirmed remote number (远程取号)', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1', '1001');
    hall.issueRemote('marriage');
    hall.advance(60_000);
    hall.issue('marriage');
    const rows = () =>
      queueOf(hall.state, 'w1', hall.now).candidates.map((c) => ({
        number: c.ticket.number,
        awaiting: c.awaitingConfirmation,
        next: c.next,
      }));
    expect(rows()).toEqual([
      { number: 'A001', awaiting: true, next: false },
      { number: 'A002', awaiting: false, next: true },
    ]);
    // What the preview says is what call_next does; confirmed, the remote number is next.
    expect(hall.state.tickets.get(hall.callNext('w1'))?.number).toBe('A002');
    hall.run({ type: 'put_back', windowId: 'w1' });
    hall.run({ type: 'confirm_remote', ticketId: `${hall.state.day?.businessDay ?? ''}/A001` });
    expect(rows()[0]).toEqual({ number: 'A001', awaiting: false, next: true });
  });

  it('asks for the day figures again only on events that may change this window’s', () => {
    const hall = EngineTestHall.open();
    hall.openWindow('w1', '1001');
    hall.openWindow('w3', '1003');
    hall.issue('marriage');
    hall.issue('tax');
    let from = hall.log.length;
    const since = () => {
      const events = hall.log.slice(from);
      from = hall.log.length;
      return events;
    };
    expect(touchesFigures(since(), 'w1')).toBe(false); // opened, issued: nothing served yet
    const served = hall.serveNext('w1', 3 * 60_000);
    expect(touchesFigures(since(), 'w1')).toBe(true);
    hall.serveNext('w3');
    const atW3 = since();
    expect(touchesFigures(atW3, 'w1')).toBe(false);
    expect(touchesFigures(atW3, 'w3')).toBe(true);
    hall.run({ type: 'rate', ticketId: served, score: 5, reasons: [] });
    const rated = since();
    expect(touchesFigures(rated, 'w1')).toBe(true);
    expect(touchesFigures(rated, 'w3')).toBe(false);
    hall.run({ type: 'close_day' });
    expect(touchesFigures(since(), 'w3')).toBe(true);
  });
  it('tells the LED what to show', () => {
    const hall = EngineTestHall.open();
    const window = { number: 1, name: { zh: '1号窗口', en: 'Window 1' } };
    expect(ledContentFor(null, 'w1')).toEqual({ kind: 'closed' });
    expect(ledContentFor(hall.state, 'w1')).toEqual({ kind: 'closed', window });
    hall.openWindow('w1', '1001');
    expect(ledContentFor(hall.state, 'w1')).toEqual({ kind: 'idle', window });
    hall.issue('marriage');
    hall.callNext('w1');
    expect(ledContentFor(hall.state, 'w1')).toEqual({ kind: 'call', number: 'A001', window });
    hall.run({ type: 'start_serving', windowId: 'w1' });
    expect(ledContentFor(hall.state, 'w1')).toEqual({ kind: 'call', number: 'A001', window });
    hall.run({ type: 'finish', windowId: 'w1' });
    hall.run({ type: 'pause_window', windowId: 'w1', reason: 'break' });
    expect(ledContentFor(hall.state, 'w1')).toEqual({ kind: 'paused', window });
    for (const c of [
      { kind: 'call', number: 'B12', window },
      { kind: 'paused' },
      { kind: 'closed', window },
      { kind: 'idle' },
    ] as const) {
      expect(ledFromKey(ledKey(c))).toEqual(c);
    }
    // A key that is not one reads as closed, never as anything else.
    expect(ledFromKey('{"kind":"call","number":"<b>"}')).toEqual({ kind: 'closed' });
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
