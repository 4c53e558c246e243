import { describe, expect, it } from 'vitest';
import { AUDIT_ONLY_EVENT_TYPES, type SequencedEvent } from '../domain/events.js';
import type { HallConfig } from '../domain/types.js';
import { apply } from '../engine/index.js';
import {
  MASKED_CODE,
  redactBatchFor,
  redactConfigFor,
  redactEventFor,
  redactSnapshotFor,
  redactTicketFor,
} from './redact.js';
import { ROLES } from './roles.js';
import { deserializeState, serializeState } from './sync.js';
import { SNAPSHOT_AT, SequencedHall, ticketId } from './test-helpers.js';

const NON_ADMIN = ['kiosk', 'window', 'rate', 'display'] as const;

/** A morning, a poor rating, a transfer with a note and a parked ticket with one. */
function busyHall(): SequencedHall {
  const hall = new SequencedHall().morning();
  hall.run({ type: 'rate', ticketId: ticketId('A001'), score: 1, reasons: ['rude'] });
  hall.run({ type: 'call_next', windowId: 'w1' });
  hall.run({
    type: 'transfer',
    windowId: 'w1',
    toServiceId: 'tax',
    toWindowId: null,
    note: 'Mr Zhang, ID 110101...',
  });
  hall.run({ type: 'open_window', windowId: 'w4', staffCode: '1002' });
  hall.run({ type: 'call_next', windowId: 'w4' });
  hall.run({ type: 'park', windowId: 'w4', until: null, note: 'fetching his lease' });
  return hall;
}

function eventOf<T extends SequencedEvent['type']>(
  log: SequencedEvent[],
  type: T,
): Extract<SequencedEvent, { type: T }> {
  const found = log.find((e): e is Extract<SequencedEvent, { type: T }> => e.type === type);
  if (!found) throw new Error(`no ${type}`);
  return found;
}

describe('redaction', () => {
  const hall = busyHall();
  const { log } = hall;

  it('never sends an access token, and masks appointment codes outside admin', () => {
    const issued = log.filter((e) => e.type === 'ticket_issued');
    expect(issued).toHaveLength(2);
    for (const role of ROLES) {
      for (const event of issued) {
        const seen = redactEventFor(role, event);
        if (seen?.type !== 'ticket_issued') throw new Error('dropped');
        expect(seen.ticket.accessToken).toBe('');
        expect(seen.ticket.number).toBe(event.ticket.number);
        const code = seen.ticket.appointment?.code;
        if (event.ticket.appointment) {
          expect(code).toBe(role === 'admin' ? 'BK-778812' : MASKED_CODE);
          expect(seen.ticket.appointment?.slotAt).toBe(event.ticket.appointment.slotAt);
        } else expect(code).toBeUndefined();
      }
    }
  });

  it('gives complaints and rating reasons to admin only', () => {
    const complaint = eventOf(log, 'complaint_opened');
    const rating = eventOf(log, 'rating_recorded');
    expect(redactEventFor('admin', complaint)).toBe(complaint);
    expect(redactEventFor('admin', rating)).toBe(rating);
    for (const role of NON_ADMIN) {
      expect(redactEventFor(role, complaint)).toBeNull();
      expect(redactEventFor(role, rating)).toEqual({
        ...rating,
        rating: { ...rating.rating, reasons: [] },
      });
    }
  });

  it("shows clerks' notes to staff screens only", () => {
    for (const type of ['ticket_transferred', 'ticket_parked'] as const) {
      const event = eventOf(log, type);
      expect(event.note).not.toBe('');
      expect(redactEventFor('window', event)).toBe(event);
      expect(redactEventFor('admin', event)).toBe(event);
      for (const role of ['kiosk', 'rate', 'display'] as const) {
        expect(redactEventFor(role, event)).toEqual({ ...event, note: '' });
      }
    }
  });

  it('passes every other event as it is', () => {
    const plain = log.filter(
      (e) =>
        ![
          'ticket_issued',
          'rating_recorded',
          'complaint_opened',
          'ticket_transferred',
          'ticket_parked',
        ].includes(e.type),
    );
    expect(plain.length).toBeGreaterThan(5);
    for (const role of ROLES) for (const e of plain) expect(redactEventFor(role, e)).toBe(e);
  });

  it('gives the audit records of admin changes to admin only, and they change no state', () => {
    const at = SNAPSHOT_AT;
    const records: SequencedEvent[] = [
      {
        type: 'device_renamed',
        deviceId: 'd1',
        kind: 'kiosk',
        windowId: null,
        name: '北门',
        at,
        seq: 900,
      },
      { type: 'device_unpaired', deviceId: 'd1', kind: 'kiosk', windowId: null, at, seq: 901 },
      { type: 'staff_pin_reset', staffCode: 'C01', at, seq: 902 },
      {
        type: 'complaint_entered',
        complaint: {
          id: 'x/M001',
          serviceId: null,
          windowId: null,
          staffCode: null,
          ticketId: null,
        },
        at,
        seq: 903,
      },
      { type: 'complaint_followed_up', complaintId: 'x/M001', action: 'note', at, seq: 904 },
      { type: 'staff_unlocked', staffCode: 'ADMIN', lockedAddresses: 1, at, seq: 905 },
      {
        type: 'instruction_received',
        instructionId: 'I-1',
        complaintId: null,
        deadline: at,
        at,
        seq: 906,
      },
      {
        type: 'instruction_answered',
        instructionId: 'I-1',
        answer: '已整改',
        staffCode: 'ADMIN',
        at,
        seq: 907,
      },
      {
        type: 'platform_upload_resent',
        recordId: 3,
        ratingId: 'H1/2026-03-14/A001/1741917600000',
        reason: '事项编码不存在',
        at,
        seq: 908,
      },
      {
        type: 'rating_followed_up',
        ticketId: 'x/A001',
        businessDay: '2026-11-30',
        serviceId: 'marriage',
        windowId: 'w1',
        staffCode: 'C01',
        score: null,
        text: '补充',
        at,
        seq: 909,
      },
      {
        type: 'booking_changed',
        change: 'moved',
        appointmentId: 'ap-5f0c2a9e41d7',
        code: '381920',
        serviceId: 'tax',
        slotAt: at + 3_600_000,
        fromSlotAt: at,
        at,
        seq: 910,
      },
      { type: 'outbox_resent', source: 'visitor', messageId: 7, reason: 'HTTP 500', at, seq: 911 },
    ];
    expect(records.map((e) => e.type)).toEqual([...AUDIT_ONLY_EVENT_TYPES]);
    for (const e of records) {
      for (const role of ROLES) {
        expect(redactEventFor(role, e)).toBe(role === 'admin' ? e : null);
      }
      const snapshot = serializeState(hall.state, hall.seq, SNAPSHOT_AT);
      const before = JSON.stringify(snapshot);
      const after = apply(deserializeState(snapshot), e);
      expect(JSON.stringify(serializeState(after, hall.seq, SNAPSHOT_AT))).toBe(before);
    }
  });

  it('changes nothing it is given', () => {
    const before = JSON.stringify(log);
    for (const role of ROLES) {
      for (const event of log) redactEventFor(role, event);
      redactSnapshotFor(role, serializeState(hall.state, hall.seq, SNAPSHOT_AT));
    }
    expect(JSON.stringify(log)).toBe(before);
    expect(hall.state.tickets.get(ticketId('A001'))?.accessToken).toBe('secret-token-1');
  });

  it('keeps the range of a batch whose events it leaves out', () => {
    const rated = log.filter((e) => e.type === 'rating_recorded' || e.type === 'complaint_opened');
    const from = rated[0]?.seq ?? 0;
    const batch = { from, to: from + 1, events: rated };
    expect(redactBatchFor('display', batch)).toEqual({
      from,
      to: from + 1,
      events: [
        { ...rated[0], rating: { ...eventOf(rated, 'rating_recorded').rating, reasons: [] } },
      ],
    });
    expect(redactBatchFor('admin', batch)).toEqual(batch);
  });

  it('redacts snapshots the same way as events', () => {
    const snapshot = serializeState(hall.state, hall.seq, SNAPSHOT_AT);
    for (const role of ROLES) {
      const seen = redactSnapshotFor(role, snapshot);
      expect(seen.tickets.every((t) => t.accessToken === '')).toBe(true);
      expect(seen.complaints).toHaveLength(role === 'admin' ? 1 : 0);
      const a001 = seen.tickets.find((t) => t.number === 'A001');
      const a002 = seen.tickets.find((t) => t.number === 'A002');
      expect(a001?.rating?.reasons).toEqual(role === 'admin' ? ['rude'] : []);
      expect(a002?.appointment?.code).toBe(role === 'admin' ? 'BK-778812' : MASKED_CODE);
      const notes = [...(a001?.transfers ?? []), ...(a002?.transfers ?? [])].map((t) => t.note);
      expect(notes).toEqual([
        role === 'window' || role === 'admin' ? 'Mr Zhang, ID 110101...' : '',
      ]);
    }
  });

  it('folds into the same mirror whether from redacted events or a redacted snapshot', () => {
    for (const role of ROLES) {
      const mirror = new SequencedHall().state;
      for (const event of log) {
        const seen = redactEventFor(role, event);
        if (seen) apply(mirror, seen);
      }
      const fromSnapshot = deserializeState(
        redactSnapshotFor(role, serializeState(hall.state, hall.seq, SNAPSHOT_AT)),
      );
      const fromEvents = redactSnapshotFor(role, serializeState(mirror, hall.seq, SNAPSHOT_AT));
      expect(serializeState(fromSnapshot, hall.seq, SNAPSHOT_AT), role).toEqual(fromEvents);
    }
  });

  it('sends staff entries with their known fields only', () => {
    const config = structuredClone(hall.state.config);
    const leaky = { ...config.staff[0], pinHash: 'scrypt$...' };
    const withExtra: HallConfig = { ...config, staff: [leaky as HallConfig['staff'][number]] };
    for (const role of ROLES) {
      expect(redactConfigFor(role, withExtra).staff).toEqual([
        { code: '1001', name: '王芳', role: 'clerk', active: true },
      ]);
    }
  });

  it('leaves a ticket with nothing secret as it was, but for the token', () => {
    const ticket = hall.state.tickets.get(ticketId('A001'));
    if (!ticket) throw new Error('no A001');
    expect(redactTicketFor('admin', ticket)).toEqual({ ...ticket, accessToken: '' });
  });
});
