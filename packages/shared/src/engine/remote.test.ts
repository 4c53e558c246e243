import { describe, expect, it } from 'vitest';
import type { Ticket } from '../domain/types.js';
import { decide } from './decide.js';
import { EngineTestHall, MINUTE, testHall } from './test-fixture.js';

/** A hall whose remote numbers must be confirmed within `minutes` of reaching the head. */
function remoteHall(minutes = 15): EngineTestHall {
  const config = testHall();
  config.hall.remote = {
    enabled: true,
    confirmWithinMinutes: minutes,
    serviceIds: ['marriage'],
    perPhonePerDay: 1,
  };
  return EngineTestHall.open(config);
}

function issueRemote(hall: EngineTestHall, serviceId = 'marriage'): Ticket {
  const events = hall.run({
    type: 'issue_ticket',
    itinerary: [{ serviceIds: [serviceId] }],
    class: 'normal',
    appointment: null,
    accessToken: `token-${hall.state.issuedCount}`,
    remote: true,
  });
  const issued = events.find((e) => e.type === 'ticket_issued');
  if (issued?.type !== 'ticket_issued') throw new Error('no ticket_issued event');
  return hall.ticket(issued.ticket.id);
}

const refusal = (hall: EngineTestHall, command: Parameters<EngineTestHall['run']>[0]) => {
  const decision = decide(hall.state, command, hall.now);
  return decision.ok ? null : decision.error.code;
};

describe('remote numbers (远程取号)', () => {
  it('waits in the queue, is passed over while unconfirmed, and the call names it', () => {
    const hall = remoteHall();
    hall.openWindow('w1');
    const remote = issueRemote(hall);
    hall.advance(MINUTE);
    const walkIn = hall.issue('marriage');
    expect(remote.status).toBe('waiting');
    expect(remote.remote).toEqual({ confirmedAt: null, headSince: null });

    const [called] = hall.run({ type: 'call_next', windowId: 'w1' });
    expect(called).toMatchObject({
      type: 'ticket_called',
      ticketId: walkIn.id,
      reason: 'fifo',
      passedOver: [{ ticketId: remote.id, number: 'A001', reason: 'remote_unconfirmed' }],
    });
    hall.run({ type: 'no_show', windowId: 'w1' });
    // Nobody else: the unconfirmed one alone is nobody to call, and not by name either.
    expect(refusal(hall, { type: 'call_next', windowId: 'w1' })).toBe('queue_empty');
    expect(refusal(hall, { type: 'call_specific', windowId: 'w1', ticketId: remote.id })).toBe(
      'remote_unconfirmed',
    );
  });

  it('is callable once confirmed, in its place in the queue, and only confirmed once', () => {
    const hall = remoteHall();
    hall.openWindow('w1');
    const remote = issueRemote(hall);
    hall.advance(MINUTE);
    hall.issue('marriage');
    hall.advance(MINUTE);
    expect(hall.run({ type: 'confirm_remote', ticketId: remote.id })).toEqual([
      { type: 'remote_confirmed', ticketId: remote.id, at: hall.now },
    ]);
    expect(refusal(hall, { type: 'confirm_remote', ticketId: remote.id })).toBe(
      'remote_already_confirmed',
    );
    const [called] = hall.run({ type: 'call_next', windowId: 'w1' });
    expect(called).toMatchObject({ ticketId: remote.id, reason: 'fifo' });
    expect(called).not.toHaveProperty('passedOver');
  });

  it('refuses to confirm a ticket taken in the hall or an unknown one', () => {
    const hall = remoteHall();
    const walkIn = hall.issue('marriage');
    expect(refusal(hall, { type: 'confirm_remote', ticketId: walkIn.id })).toBe('remote_unknown');
    expect(refusal(hall, { type: 'confirm_remote', ticketId: 'nope' })).toBe('ticket_unknown');
  });

  it('expires N minutes after it became first in line, not before, counted from then', () => {
    const hall = remoteHall(15);
    hall.openWindow('w1');
    const first = hall.issue('marriage');
    hall.advance(MINUTE);
    const remote = issueRemote(hall);
    // Behind a walk-in: its minutes do not run.
    hall.run({ type: 'tick' });
    expect(remote.remote?.headSince).toBeNull();
    hall.advance(30 * MINUTE);
    hall.run({ type: 'tick' });
    expect(hall.ticket(remote.id).status).toBe('waiting');

    // The walk-in is called: the remote number is first in line from the next tick.
    expect(hall.callNext('w1')).toBe(first.id);
    hall.advance(MINUTE);
    const atHead = hall.now;
    expect(hall.run({ type: 'tick' })).toEqual([
      { type: 'remote_at_head', ticketId: remote.id, at: atHead },
    ]);
    hall.advance(15 * MINUTE - 1);
    expect(hall.run({ type: 'tick' })).toEqual([]);
    expect(hall.ticket(remote.id).status).toBe('waiting');

    hall.advance(1);
    expect(hall.run({ type: 'tick' })).toEqual([
      { type: 'ticket_expired', ticketId: remote.id, reason: 'remote_unconfirmed', at: hall.now },
    ]);
    const expired = hall.ticket(remote.id);
    expect(expired.status).toBe('expired');
    expect(expired.queueServiceIds).toEqual([]);
    expect(refusal(hall, { type: 'confirm_remote', ticketId: remote.id })).toBe('remote_expired');
  });

  it('a confirmed number never expires, whatever its time at the head', () => {
    const hall = remoteHall(5);
    const remote = issueRemote(hall);
    hall.run({ type: 'tick' });
    expect(hall.ticket(remote.id).remote?.headSince).toBe(hall.now);
    hall.advance(MINUTE);
    hall.run({ type: 'confirm_remote', ticketId: remote.id });
    hall.advance(60 * MINUTE);
    expect(hall.run({ type: 'tick' })).toEqual([]);
    expect(hall.ticket(remote.id).status).toBe('waiting');
  });

  it('is issued only within the service hours and its quota, as at the kiosk', () => {
    const hall = remoteHall();
    for (let i = 0; i < 3; i += 1) issueRemote(hall, 'residence');
    expect(
      refusal(hall, {
        type: 'issue_ticket',
        itinerary: [{ serviceIds: ['residence'] }],
        class: 'normal',
        appointment: null,
        accessToken: 'x',
        remote: true,
      }),
    ).toBe('quota_reached');
    hall.advance(12 * 60 * MINUTE); // 21:00, after the office hours of `invoice`
    expect(
      refusal(hall, {
        type: 'issue_ticket',
        itinerary: [{ serviceIds: ['invoice'] }],
        class: 'normal',
        appointment: null,
        accessToken: 'y',
        remote: true,
      }),
    ).toBe('service_closed_now');
  });
});
