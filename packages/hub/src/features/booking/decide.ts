import { createHmac, randomBytes } from 'node:crypto';
import {
  BookingAnswerSchema,
  BOOKING_LIMITS,
  businessDayOf,
  maskPhone,
  type BookingAnswer,
  type BookingRefusal,
  type BookingRequest,
} from '@onestop/shared';
import type { Hub } from '../../hub.js';
import type { AppointmentRow } from '../../store/index.js';
import { appointmentIdHash, freshCode, phoneHash } from '../appointments/appointments.js';
import { isOpenSlot } from './slots.js';

/*
 * The hall's answer to a request the region brought (book, cancel, move), decided and kept in
 * one SQLite transaction with the booking it writes: the places left are counted inside it, so
 * no slot is ever booked past its capacity (the hub is the hall's one writer, and its commands
 * run one at a time), and a request brought again is answered from the kept answer, never
 * booked twice.
 */

function refused(request: BookingRequest, reason: BookingRefusal): BookingAnswer {
  return { requestId: request.id, outcome: 'refused', reason };
}

function accepted(
  request: BookingRequest,
  r: Pick<AppointmentRow, 'code' | 'service_id' | 'slot_at'>,
): BookingAnswer {
  return {
    requestId: request.id,
    outcome: 'accepted',
    code: r.code,
    serviceId: r.service_id,
    slotAt: r.slot_at,
  };
}

/** The tag of a phone number for the per-phone limit: an HMAC with the hall's own key. */
function phoneTag(hub: Hub, phone: string): string {
  return createHmac('sha256', hub.store.appointments.bookingKey()).update(phone).digest('hex');
}

/** Whether one more visitor fits the slot (`except` a booking already in it, when moving). */
function fits(hub: Hub, serviceId: string, slotAt: number, except: AppointmentRow | null): boolean {
  const capacity = hub.config.hall.booking?.capacity[serviceId] ?? 0;
  const mine =
    except !== null && except.service_id === serviceId && except.slot_at === slotAt ? 1 : 0;
  return hub.store.appointments.takenAt(serviceId, slotAt) - mine < capacity;
}

function decideOne(hub: Hub, request: BookingRequest): BookingAnswer {
  const records = hub.store.appointments;
  const now = hub.now();
  const config = hub.config;
  switch (request.kind) {
    case 'book': {
      if (!isOpenSlot(config, request.serviceId, request.slotAt, now))
        return refused(request, 'closed');
      if (!fits(hub, request.serviceId, request.slotAt, null)) return refused(request, 'full');
      const tag = phoneTag(hub, request.phone);
      if (records.phoneActive(tag, now) >= BOOKING_LIMITS.perPhoneActive) {
        return refused(request, 'phone_limit');
      }
      const businessDay = businessDayOf(request.slotAt, config.hall.timezone);
      const code = freshCode((c) => records.byCode(businessDay, c) !== null);
      const salt = randomBytes(16).toString('hex');
      records.insertOnline({
        id: `ap-${randomBytes(6).toString('hex')}`,
        businessDay,
        code,
        serviceId: request.serviceId,
        slotAt: request.slotAt,
        phoneSalt: salt,
        phoneHash: phoneHash(salt, request.phone.slice(-4)),
        phoneMasked: maskPhone(request.phone),
        phoneTag: tag,
        phone: request.phone,
        tokenHash: request.tokenHash,
        createdAt: now,
        createdKey: `region-booking\u0000${request.id}`,
        idHash: request.idNumber === undefined ? null : appointmentIdHash(hub, request.idNumber),
      });
      return accepted(request, { code, service_id: request.serviceId, slot_at: request.slotAt });
    }
    case 'cancel':
    case 'move': {
      const r = records.byTokenHash(request.tokenHash);
      if (r === null) return refused(request, 'unknown_booking');
      if (r.status === 'checked_in') return refused(request, 'checked_in');
      if (r.status === 'cancelled') return refused(request, 'cancelled');
      if (request.kind === 'cancel') {
        records.cancel(r.id, `region-booking\u0000${request.id}`);
        return accepted(request, r);
      }
      if (!isOpenSlot(config, r.service_id, request.slotAt, now)) return refused(request, 'closed');
      if (!fits(hub, r.service_id, request.slotAt, r)) return refused(request, 'full');
      const day = businessDayOf(request.slotAt, config.hall.timezone);
      const other = records.byCode(day, r.code);
      const code =
        other === null || other.id === r.id
          ? r.code
          : freshCode((c) => records.byCode(day, c) !== null);
      records.move(r.id, request.slotAt, day, code);
      return accepted(request, { code, service_id: r.service_id, slot_at: request.slotAt });
    }
  }
}

/** The hall's answer to one request: decided once, in one transaction with what it writes. */
export function decideBookingRequest(hub: Hub, request: BookingRequest): BookingAnswer {
  const records = hub.store.appointments;
  return hub.store.transaction(() => {
    const kept = records.answerOf(request.id);
    if (kept !== null) return BookingAnswerSchema.parse(JSON.parse(kept));
    const answer = decideOne(hub, request);
    records.keepAnswer(request.id, JSON.stringify(answer), hub.now());
    return answer;
  });
}
