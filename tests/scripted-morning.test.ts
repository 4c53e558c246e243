import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubClient } from '@onestop/shared/client';
import {
  CALL_REASONS,
  type CallReason,
  type ItineraryStep,
  type SequencedEvent,
  type Ticket,
  type TicketClass,
} from '@onestop/shared';
import { FakeClock, HubTestHall, waitFor } from './support/hall.js';

/**
 * A scripted morning in the demo hall: about a hundred visitors over several services, ten
 * windows calling, with the green channel, appointments, a transfer, itineraries (in order and in
 * parallel), a park, a no-show. Everything goes through real sockets to a real hub on SQLite;
 * the outcome is asserted from the hub, its log, its projections and a display's mirror.
 */

const MINUTE = 60_000;
// Friday 2026-11-27, 08:30 in Asia/Shanghai.
const START = Date.UTC(2026, 10, 27, 0, 30);
const SERVICES = [
  'biz-open',
  'biz-change',
  'social',
  'medical',
  'hukou',
  'exit-entry',
  'estate-reg',
  'tax',
  'invoice',
];
const WINDOWS = Array.from({ length: 10 }, (_, i) => `w${i + 1}`);

type Phase = 'idle' | 'called' | 'serving';
interface Desk {
  id: string;
  client: HubClient<'window'>;
  phase: Phase;
  ticketId: string | null;
  since: number;
}

let clock: FakeClock;
let hall: HubTestHall;
let display: HubClient<'display'>;
const calls: { ticketId: string; windowId: string; reason: CallReason }[] = [];
const special = {
  transferred: '',
  parked: '',
  noShow: '',
  appointments: [] as string[],
  itineraries: [] as string[],
};

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

async function ok<T>(
  p: Promise<{ ok: true; result: T } | { ok: false; error: { code: string } }>,
): Promise<T> {
  const answer = await p;
  if (!answer.ok) throw new Error(`refused: ${answer.error.code}`);
  return answer.result;
}

function events(): SequencedEvent[] {
  return hall.hub.store.eventsAfter(0, 1_000_000);
}

beforeAll(async () => {
  clock = new FakeClock(START);
  hall = await HubTestHall.start({ now: clock.now });
  const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
  display = await hall.client('display', await hall.pair('display'));
  const desks: Desk[] = [];
  for (const [i, id] of WINDOWS.entries()) {
    const client = await hall.openWindow(id, `C${String(i + 1).padStart(2, '0')}`);
    desks.push({ id, client, phase: 'idle', ticketId: null, since: START });
  }

  // Appointments are booked elsewhere (the kiosk's check-in comes with its own issue); the hub
  // issues them here as a check-in would, through the same engine and store, while the
  // property-registration queue is busy, each arriving a few minutes before its slot.
  const checkIn = (i: number) => {
    const outcome = hall.hub.execute({ kind: 'system' }, 'test', `appointment-${i}`, {
      type: 'issue_ticket',
      itinerary: [{ serviceIds: ['estate-reg'] }],
      class: 'appointment',
      appointment: { code: `APT${i}`, slotAt: clock.t + 5 * MINUTE },
      accessToken: `token-appointment-${i}`,
    });
    if (!outcome.ok) throw new Error(outcome.error.code);
    hall.hub.publish(outcome.events);
    special.appointments.push(outcome.result.ticket?.id ?? '');
  };

  const random = lcg(20261127);
  let issued = 0;
  const issue = async (n: number) => {
    let itinerary: ItineraryStep[] = [
      { serviceIds: [SERVICES[Math.floor(random() * SERVICES.length)] ?? 'tax'] },
    ];
    if (n === 10) itinerary = [{ serviceIds: ['biz-open'] }, { serviceIds: ['tax'] }];
    if (n === 20) itinerary = [{ serviceIds: ['social', 'medical'] }];
    if (n === 30) itinerary = [{ serviceIds: ['hukou'] }, { serviceIds: ['exit-entry'] }];
    const cls: TicketClass = n % 6 === 0 ? 'priority' : 'normal';
    const { ticket } = await ok(
      kiosk.command('issue_ticket', {
        itinerary,
        class: cls === 'priority' ? 'priority' : 'normal',
      }),
    );
    if (itinerary.length > 1 || (itinerary[0]?.serviceIds.length ?? 0) > 1)
      special.itineraries.push(ticket.id);
  };

  const serviceMinutes = (ticketId: string) => 3 + (ticketId.charCodeAt(ticketId.length - 1) % 5);

  for (let round = 0; round < 600; round++) {
    clock.advance(MINUTE);
    hall.hub.tick(); // parked tickets whose time has come go back to their queue
    if (issued < 97) {
      for (let k = 0; k < 2 && issued < 97; k++) await issue(++issued);
    }
    if (round === 20 || round === 30 || round === 40) checkIn(round);
    for (const desk of desks) {
      switch (desk.phase) {
        case 'idle': {
          const answer = await desk.client.command('call_next', {});
          if (!answer.ok) {
            expect(answer.error.code).toBe('queue_empty');
            break;
          }
          const ticket = answer.result.ticket as Ticket;
          calls.push({
            ticketId: ticket.id,
            windowId: desk.id,
            reason: ticket.callReason as CallReason,
          });
          Object.assign(desk, { phase: 'called', ticketId: ticket.id, since: clock.t });
          if (desk.id === 'w6' && !special.noShow) {
            // The visitor never comes: two recalls, and the third marks the no-show.
            special.noShow = ticket.id;
            await ok(desk.client.command('recall', {}));
            await ok(desk.client.command('recall', {}));
            const third = await ok(desk.client.command('recall', {}));
            expect(third.ticket?.status).toBe('no_show');
            Object.assign(desk, { phase: 'idle', ticketId: null });
          } else if (desk.id === 'w8' && !special.parked) {
            // The visitor must fetch a document: parked for ten minutes, then back near the head.
            special.parked = ticket.id;
            await ok(
              desk.client.command('park', { until: clock.t + 10 * MINUTE, note: '回去取材料' }),
            );
            Object.assign(desk, { phase: 'idle', ticketId: null });
          }
          break;
        }
        case 'called':
          await ok(desk.client.command('start_serving', {}));
          Object.assign(desk, { phase: 'serving', since: clock.t });
          break;
        case 'serving': {
          const ticketId = desk.ticketId ?? '';
          if (clock.t - desk.since < serviceMinutes(ticketId) * MINUTE) break;
          if (desk.id === 'w4' && !special.transferred && !special.itineraries.includes(ticketId)) {
            special.transferred = ticketId;
            const moved = await ok(
              desk.client.command('transfer', {
                toServiceId: 'hukou',
                toWindowId: null,
                note: '需先办户籍证明',
              }),
            );
            expect(moved.ticket?.status).toBe('waiting');
          } else {
            await ok(desk.client.command('finish', {}));
          }
          Object.assign(desk, { phase: 'idle', ticketId: null });
          break;
        }
      }
    }
    const open = [...hall.hub.current.tickets.values()].filter(
      (t) => !['done', 'no_show'].includes(t.status),
    );
    if (issued === 97 && special.appointments.length === 3 && open.length === 0) break;
  }
  await waitFor(
    () => display.lastSeq === hall.hub.store.lastSeq(),
    5_000,
    'the display to catch up',
  );
}, 120_000);

afterAll(async () => {
  await hall.close();
});

describe('a scripted morning', () => {
  it('serves every visitor but the one who never came', () => {
    const tickets = [...hall.hub.current.tickets.values()];
    expect(tickets).toHaveLength(100);
    const statuses = new Map<string, number>();
    for (const t of tickets) statuses.set(t.status, (statuses.get(t.status) ?? 0) + 1);
    expect(Object.fromEntries(statuses)).toEqual({ done: 99, no_show: 1 });
    expect(hall.hub.current.tickets.get(special.noShow)?.status).toBe('no_show');
  });

  it('numbers each service 1..n without gaps or reuse', () => {
    const byPrefix = new Map<string, number[]>();
    for (const t of hall.hub.current.tickets.values()) {
      const prefix = t.number.replace(/\d+$/, '');
      byPrefix.set(prefix, [
        ...(byPrefix.get(prefix) ?? []),
        Number(t.number.slice(prefix.length)),
      ]);
    }
    for (const [, numbers] of byPrefix) {
      expect(numbers.sort((a, b) => a - b)).toEqual(numbers.map((_, i) => i + 1));
    }
  });

  it('records a reason on every call, and the rules show in them', () => {
    const logged = events().filter((e) => e.type === 'ticket_called');
    expect(logged.length).toBe(calls.length);
    for (const e of logged) expect(CALL_REASONS).toContain(e.type === 'ticket_called' && e.reason);
    const reasons = new Set(calls.map((c) => c.reason));
    expect(reasons).toContain('fifo');
    expect(reasons).toContain('priority_ratio');
    expect(reasons).toContain('appointment_due');
    expect(reasons).toContain('transfer_return');
    expect(reasons).toContain('tier'); // w10 helps with invoices, w3 with business start-ups
    for (const id of special.appointments) {
      const call = calls.find((c) => c.ticketId === id);
      expect(call?.reason === 'appointment_due' || call?.reason === 'aged').toBe(true);
    }
  });

  it('never calls one ticket at two windows at once', () => {
    const log = events();
    const holder = new Map<string, string>();
    for (const e of log) {
      if (e.type === 'ticket_called') {
        expect(holder.has(e.ticketId)).toBe(false);
        holder.set(e.ticketId, e.windowId);
      } else if ('ticketId' in e && e.type !== 'ticket_recalled' && e.type !== 'service_started') {
        holder.delete(e.ticketId);
      }
    }
  });

  it('moves a transferred ticket with its number and serves it at the new service', () => {
    const ticket = hall.hub.current.tickets.get(special.transferred);
    expect(ticket?.status).toBe('done');
    expect(ticket?.transfers).toEqual([
      expect.objectContaining({ toServiceId: 'hukou', note: '需先办户籍证明' }),
    ]);
    const finished = events().filter(
      (e) => e.type === 'service_finished' && e.ticketId === special.transferred,
    );
    expect(finished.map((e) => e.type === 'service_finished' && e.serviceId)).toEqual(['hukou']);
    expect(['w6', 'w7']).toContain(
      finished[0]?.type === 'service_finished' && finished[0].windowId,
    );
  });

  it('carries itinerary tickets through every step with the same number', () => {
    expect(special.itineraries).toHaveLength(3);
    const expected = [
      ['biz-open', 'tax'],
      ['medical', 'social'],
      ['exit-entry', 'hukou'],
    ];
    special.itineraries.forEach((id, i) => {
      const served = events()
        .filter((e) => e.type === 'service_finished' && e.ticketId === id)
        .map((e) => (e.type === 'service_finished' ? e.serviceId : ''))
        .sort();
      expect(served).toEqual(expected[i]);
      expect(hall.hub.current.tickets.get(id)?.status).toBe('done');
    });
  });

  it('brings a parked ticket back and serves it', () => {
    const log = events()
      .filter((e) => 'ticketId' in e && e.ticketId === special.parked)
      .map((e) => e.type);
    expect(log).toEqual(
      expect.arrayContaining([
        'ticket_called',
        'ticket_parked',
        'ticket_unparked',
        'service_started',
        'service_finished',
      ]),
    );
    expect(hall.hub.current.tickets.get(special.parked)?.status).toBe('done');
  });

  it('shows the display the same hall as the hub, without personal data', () => {
    const mirror = display.state;
    expect(mirror).not.toBeNull();
    for (const t of hall.hub.current.tickets.values()) {
      const seen = mirror?.tickets.get(t.id);
      expect(seen?.status).toBe(t.status);
      expect(seen?.number).toBe(t.number);
      expect(seen?.accessToken).toBe('');
    }
  });

  it('keeps projections equal to the state the log folds into', () => {
    const db = new Database(hall.dbPath, { readonly: true });
    try {
      const rows = db.prepare('SELECT id, status, number, body FROM tickets').all() as {
        id: string;
        status: string;
        number: string;
        body: string;
      }[];
      expect(rows).toHaveLength(hall.hub.current.tickets.size);
      for (const row of rows) {
        const ticket = hall.hub.current.tickets.get(row.id);
        expect(row.status).toBe(ticket?.status);
        expect(row.number).toBe(ticket?.number);
        expect(JSON.parse(row.body)).toEqual(ticket);
      }
    } finally {
      db.close();
    }
    expect(hall.hub.store.facts().lastSeq).toBe(events().at(-1)?.seq);
  });
});
