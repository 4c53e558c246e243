import { randomBytes } from 'node:crypto';
import {
  businessDayOf,
  isHoliday,
  maskPhone,
  type BookChangeMessage,
  type BookChangeResult,
  type BookChannel,
  type BookDayMessage,
  type BookDayResult,
  type BookEntryView,
  type BookSlotView,
  type CommandAck,
} from '@onestop/shared';
import type { Hub } from '../../hub.js';
import type { Actor, AppointmentRow } from '../../store/index.js';
import { freshCode, phoneHash } from '../appointments/appointments.js';
import { recordOrRefuse, refuse } from './refusal.js';
import { slotStarts } from './slots.js';

/*
 * The console's book (预约, docs/VISITORS.md "The book in the console"): a day's slots with
 * their capacity, the places taken and left, and every booking of the day; a manager cancels,
 * moves or adds a booking. Each change is decided and written with its audit event
 * (`booking_changed`) in one transaction; the places are counted inside it, so the console and
 * the region's requests never book a slot past its capacity. The region's page sees the new
 * places on the booking link's next push (it pushes the slots whenever they changed).
 */

/** The actor key the CSV import (`onestop-hub appointments --file`) books with. */
const CSV_KEY_PREFIX = 'cli-import\u0000';
const MINUTE_MS = 60_000;

type BookRow = AppointmentRow & { created_key: string };

function channelOf(r: BookRow): BookChannel {
  if (r.origin === 'online') return 'online';
  return r.created_key.startsWith(CSV_KEY_PREFIX) ? 'csv' : 'staff';
}

function entryOf(hub: Hub, r: BookRow): BookEntryView {
  const grace = hub.config.hall.policy.appointmentGraceMinutes * MINUTE_MS;
  const noShow = r.status === 'booked' && hub.now() > r.slot_at + grace;
  return {
    id: r.id,
    code: r.code,
    serviceId: r.service_id,
    slotAt: r.slot_at,
    channel: channelOf(r),
    status: noShow ? 'no_show' : r.status,
    phoneMasked: r.phone_masked,
  };
}

const holds = (r: AppointmentRow) => r.status === 'booked' || r.status === 'checked_in';

/** A day's slots and bookings, of one service or of every one with a capacity. */
export function bookDay(hub: Hub, m: BookDayMessage): CommandAck<BookDayResult> {
  const config = hub.config;
  const capacity = config.hall.booking?.capacity ?? {};
  const rows = hub.store.appointments
    .dayBook(m.businessDay)
    .filter((r) => m.serviceId === null || r.service_id === m.serviceId);
  const slots: BookSlotView[] = [];
  for (const service of config.services) {
    const places = capacity[service.id];
    if (places === undefined || (m.serviceId !== null && service.id !== m.serviceId)) continue;
    for (const at of slotStarts(config, service.id, m.businessDay)) {
      const booked = rows.filter(
        (r) => r.service_id === service.id && r.slot_at === at && holds(r),
      ).length;
      slots.push({
        serviceId: service.id,
        at,
        capacity: places,
        booked,
        remaining: Math.max(0, places - booked),
      });
    }
  }
  slots.sort((a, b) => a.at - b.at || a.serviceId.localeCompare(b.serviceId));
  return {
    ok: true,
    result: {
      businessDay: m.businessDay,
      holiday: isHoliday(m.businessDay, config.hall),
      slots,
      bookings: rows.map((r) => entryOf(hub, r)),
    },
  };
}

/**
 * Refuses a slot that cannot take one more booking of the service: past, not a slot of the
 * service that day (a holiday of the calendar, closed, no capacity), or full (`except` the
 * booking being moved, when it is in that slot already).
 */
function checkSlot(hub: Hub, serviceId: string, slotAt: number, except: string | null): void {
  const config = hub.config;
  if (slotAt < hub.now()) refuse('change.slotAt', 'slot_past', 'the slot has begun or is past');
  const day = businessDayOf(slotAt, config.hall.timezone);
  if (!slotStarts(config, serviceId, day).includes(slotAt)) {
    refuse('change.slotAt', 'slot_closed', `no slot of ${serviceId} at ${slotAt}`);
  }
  const capacity = config.hall.booking?.capacity[serviceId] ?? 0;
  const taken = hub.store.appointments
    .dayBook(day)
    .filter((r) => r.service_id === serviceId && r.slot_at === slotAt && holds(r))
    .filter((r) => r.id !== except).length;
  if (taken >= capacity) refuse('change.slotAt', 'slot_full', `the slot holds ${capacity}`);
}

function bookedRow(hub: Hub, id: string): AppointmentRow {
  const r = hub.store.appointments.byId(id);
  if (r === null) return refuse('change.appointmentId', 'other', `no booking ${id}`);
  if (r.status !== 'booked') {
    refuse('change.appointmentId', 'booking_not_booked', `${id} is ${r.status}`);
  }
  return r;
}

/** A manager's cancel, move or add, with its audit event, in one transaction. */
export function bookChange(
  hub: Hub,
  caller: { actor: Actor; actorKey: string },
  m: BookChangeMessage,
): CommandAck<BookChangeResult> {
  const records = hub.store.appointments;
  const key = `${caller.actorKey}\u0000${m.commandId}`;
  const c = m.change;
  return recordOrRefuse(hub, caller, m.commandId, () => {
    let id: string;
    let fromSlotAt: number | null = null;
    switch (c.kind) {
      case 'cancel': {
        id = bookedRow(hub, c.appointmentId).id;
        records.cancel(id, key);
        break;
      }
      case 'move': {
        const r = bookedRow(hub, c.appointmentId);
        checkSlot(hub, r.service_id, c.slotAt, r.id);
        const day = businessDayOf(c.slotAt, hub.config.hall.timezone);
        const other = records.byCode(day, r.code);
        const code =
          other === null || other.id === r.id
            ? r.code
            : freshCode((x) => records.byCode(day, x) !== null);
        records.move(r.id, c.slotAt, day, code);
        id = r.id;
        fromSlotAt = r.slot_at;
        break;
      }
      case 'add': {
        if (!hub.config.services.some((s) => s.id === c.serviceId)) {
          refuse('change.serviceId', 'no_service', `no service ${c.serviceId}`);
        }
        checkSlot(hub, c.serviceId, c.slotAt, null);
        const day = businessDayOf(c.slotAt, hub.config.hall.timezone);
        const salt = randomBytes(16).toString('hex');
        id = `ap-${randomBytes(6).toString('hex')}`;
        records.insertStaff({
          id,
          businessDay: day,
          code: freshCode((x) => records.byCode(day, x) !== null),
          serviceId: c.serviceId,
          slotAt: c.slotAt,
          phoneSalt: salt,
          phoneHash: phoneHash(salt, c.phone.slice(-4)),
          phoneMasked: maskPhone(c.phone),
          phone: c.phone,
          createdAt: hub.now(),
          createdKey: key,
        });
        break;
      }
    }
    const after = records.bookRow(id);
    if (after === null) throw new Error(`booking ${id} vanished`);
    const booking = entryOf(hub, after);
    return {
      events: [
        {
          type: 'booking_changed',
          change: c.kind === 'cancel' ? 'cancelled' : c.kind === 'move' ? 'moved' : 'added',
          appointmentId: id,
          code: after.code,
          serviceId: after.service_id,
          slotAt: after.slot_at,
          fromSlotAt,
        },
      ],
      result: { booking },
    };
  });
}
