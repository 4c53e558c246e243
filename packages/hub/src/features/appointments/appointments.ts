import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import {
  APPOINTMENT_CODE_LENGTH,
  APPOINTMENT_EARLY_MINUTES,
  businessDayOf,
  notifySettingsOf,
  type AppointmentResult,
  type AppointmentView,
  type BookAppointmentMessage,
  type CancelAppointmentMessage,
  type CheckInMessage,
  type CheckInResult,
  type CommandAck,
  type ErrorCode,
} from '@onestop/shared';
import { newToken } from '../../auth.js';
import type { Hub } from '../../hub.js';
import type { Actor, AppointmentRow as Row } from '../../store/index.js';

const MINUTE_MS = 60_000;

/**
 * Wrong phone digits for one booking: the `maxWrong`-th in a row locks the booking for `lockMs`
 * (`appointment_locked`), from every kiosk. Four digits fell in 10,000 tries; now five tries
 * every half hour. The kiosk sends the visitor to the service desk, where staff can cancel the
 * booking and book the visitor again (a new code). Counts live in the hub's memory.
 */
export const CHECKIN_GUESS_POLICY = { maxWrong: 5, lockMs: 30 * MINUTE_MS } as const;

/** A booking code not `taken` on its day, made up by the hub. */
export function freshCode(taken: (code: string) => boolean): string {
  let code: string;
  do {
    code = String(randomInt(10 ** APPOINTMENT_CODE_LENGTH)).padStart(APPOINTMENT_CODE_LENGTH, '0');
  } while (taken(code));
  return code;
}

/** Who sends a command: `key` is the actor key and command id, remembered for retries. */
export interface AppointmentCaller {
  actor: Actor;
  actorKey: string;
}

function fail(
  code: ErrorCode,
  message: string,
): { ok: false; error: { code: ErrorCode; message: string } } {
  return { ok: false, error: { code, message } };
}

function keyOf(caller: AppointmentCaller, commandId: string): string {
  return `${caller.actorKey}\u0000${commandId}`;
}

/** The salted hash of a phone's last digits, asked again at check-in. */
export function phoneHash(salt: string, digits: string): string {
  return createHash('sha256').update(`${salt}:${digits}`, 'utf8').digest('hex');
}

/**
 * The hash a booking keeps of the visitor's ID number: an HMAC with the hall's booking key, which
 * never leaves the hub (the 18-digit numbers are few enough to try them all without it).
 */
export function appointmentIdHash(hub: Hub, idNumber: string): string {
  return createHmac('sha256', hub.store.appointments.bookingKey())
    .update(`id-card:${idNumber}`, 'utf8')
    .digest('hex');
}

export function appointmentView(r: Row): AppointmentView {
  return {
    id: r.id,
    businessDay: r.business_day,
    code: r.code,
    serviceId: r.service_id,
    slotAt: r.slot_at,
    hasPhone: r.phone_hash !== null,
    status: r.status,
    ticketId: r.ticket_id,
    createdAt: r.created_at,
    origin: r.origin,
    phoneMasked: r.phone_masked,
  };
}

/**
 * The appointment book (table `appointments`, migration 003). An admin books and cancels; a
 * kiosk checks a visitor in, which issues an appointment ticket through the engine.
 *
 * A check-in cannot issue twice: the ticket is issued through the hub's one idempotency path
 * (`Hub.submit`: a command in flight, then the stored command results) under a command id made
 * from the booking (`checkin-<booking id>` of actor `appointments`), so every later try for the
 * same booking, from any kiosk and even after a crash between the ticket's commit and the
 * booking's update, is answered with the same ticket. The kiosk's own retry of its command (same
 * command id) finds the booking by `checkin_key` and gets that ticket again the same way; the
 * pipeline cannot answer it from the kiosk's command id, as the result is stored under the
 * booking's. Booking and cancelling write no event, so no command result: their retries are
 * known by the keys kept on the booking (`created_key`, `cancel_key`). The hub publishes the
 * ticket's events itself.
 */
export class Appointments {
  /** Bookings whose ticket is being committed (group commit), by booking id. */
  private readonly inFlight = new Map<
    string,
    { key: string; done: Promise<CommandAck<CheckInResult>> }
  >();

  /** Wrong phone digits by booking id, and the end of the booking's lock. */
  private readonly wrongPhone = new Map<string, { count: number; lockedUntil: number | null }>();

  constructor(private readonly hub: Hub) {}

  private get records() {
    return this.hub.store.appointments;
  }

  get(id: string): AppointmentView | null {
    const r = this.records.byId(id);
    return r ? appointmentView(r) : null;
  }

  /** Bookings of one business day, by slot. */
  listDay(businessDay: string): AppointmentView[] {
    return this.records.byDay(businessDay).map(appointmentView);
  }

  book(caller: AppointmentCaller, m: BookAppointmentMessage): CommandAck<AppointmentResult> {
    const key = keyOf(caller, m.commandId);
    const previous = this.records.byCreatedKey(key);
    if (previous) return { ok: true, result: { appointment: appointmentView(previous) } };

    const now = this.hub.now();
    const config = this.hub.config;
    if (!config.services.some((s) => s.id === m.serviceId)) {
      return fail('service_unknown', `no service "${m.serviceId}"`);
    }
    const businessDay = businessDayOf(m.slotAt, config.hall.timezone);
    if (businessDay < this.hub.today()) {
      return fail('invalid_message', `the slot's day ${businessDay} is in the past`);
    }
    const taken = (code: string) => this.records.byCode(businessDay, code) !== null;
    let code = m.code;
    if (code === null) {
      code = freshCode(taken);
    } else if (taken(code)) {
      return fail('appointment_code_taken', `code ${code} is already booked on ${businessDay}`);
    }
    const salt = m.phoneLast4 === null ? null : randomBytes(16).toString('hex');
    const hash = salt === null || m.phoneLast4 === null ? null : phoneHash(salt, m.phoneLast4);
    const id = `ap-${randomBytes(6).toString('hex')}`;
    this.records.insert({
      id,
      businessDay,
      code,
      serviceId: m.serviceId,
      slotAt: m.slotAt,
      phoneSalt: salt,
      phoneHash: hash,
      createdAt: now,
      createdKey: key,
      idHash: m.idNumber === undefined ? null : appointmentIdHash(this.hub, m.idNumber),
    });
    const booked = this.get(id);
    return booked ? { ok: true, result: { appointment: booked } } : fail('internal', 'not booked');
  }

  cancel(caller: AppointmentCaller, m: CancelAppointmentMessage): CommandAck<AppointmentResult> {
    const key = keyOf(caller, m.commandId);
    const r = this.records.byId(m.appointmentId);
    if (!r) return fail('appointment_unknown', `no appointment "${m.appointmentId}"`);
    if (r.status === 'cancelled' && r.cancel_key === key) {
      return { ok: true, result: { appointment: appointmentView(r) } };
    }
    if (r.status === 'cancelled') return fail('appointment_cancelled', `${r.id} is cancelled`);
    if (r.status === 'checked_in' || this.inFlight.has(r.id)) {
      return fail('appointment_checked_in', `${r.id} was checked in`);
    }
    this.records.cancel(r.id, key);
    const after = this.get(r.id);
    return after ? { ok: true, result: { appointment: after } } : fail('internal', 'lost');
  }

  /**
   * Today's booking with this code becomes an appointment ticket, if the phone digits match and
   * now is from `APPOINTMENT_EARLY_MINUTES` before the slot to the policy's grace after it.
   */
  async checkIn(caller: AppointmentCaller, m: CheckInMessage): Promise<CommandAck<CheckInResult>> {
    const key = keyOf(caller, m.commandId);
    const mine = this.records.byCheckinKey(key);
    if (mine) return this.issue(caller, mine); // a retry: the same ticket, replayed

    const today = this.hub.today();
    const r = this.records.byCode(today, m.code);
    if (!r) return fail('appointment_unknown', `no appointment ${m.code} on ${today}`);
    const running = this.inFlight.get(r.id);
    if (running) {
      return running.key === key
        ? running.done
        : fail('appointment_checked_in', `${r.id} is being checked in`);
    }
    if (r.status === 'cancelled') return fail('appointment_cancelled', `${r.id} is cancelled`);
    if (r.status === 'checked_in') return fail('appointment_checked_in', `${r.id} was checked in`);
    const now = this.hub.now();
    if (r.phone_salt !== null && r.phone_hash !== null) {
      const wrong = this.wrongPhone.get(r.id);
      const lockedUntil = wrong?.lockedUntil ?? null;
      if (lockedUntil !== null && lockedUntil > now) {
        const until = new Date(lockedUntil).toISOString();
        return fail(
          'appointment_locked',
          `${r.id} is locked until ${until} after ${CHECKIN_GUESS_POLICY.maxWrong} wrong phone digits; staff at the desk can cancel it and book the visitor again`,
        );
      }
      if (m.phoneLast4 === null) {
        return fail('appointment_phone_required', `${r.id} was booked with a phone`);
      }
      const given = Buffer.from(phoneHash(r.phone_salt, m.phoneLast4), 'hex');
      if (!timingSafeEqual(given, Buffer.from(r.phone_hash, 'hex'))) {
        // After a lock has ended, counting starts again.
        const count = (lockedUntil !== null ? 0 : (wrong?.count ?? 0)) + 1;
        const locks = count >= CHECKIN_GUESS_POLICY.maxWrong;
        this.wrongPhone.set(r.id, {
          count,
          lockedUntil: locks ? now + CHECKIN_GUESS_POLICY.lockMs : null,
        });
        const left = CHECKIN_GUESS_POLICY.maxWrong - count;
        return locks
          ? fail(
              'appointment_locked',
              `wrong phone digits for ${r.id}, ${CHECKIN_GUESS_POLICY.maxWrong} times: locked until ${new Date(now + CHECKIN_GUESS_POLICY.lockMs).toISOString()}`,
            )
          : fail(
              'appointment_phone_mismatch',
              `wrong phone digits for ${r.id} (${left} more tries before it is locked)`,
            );
      }
      this.wrongPhone.delete(r.id);
    }
    const late = this.timeRefusal(r, now);
    if (late) return late;
    // 叫号提醒: an online booking's number goes with its ticket; a booking without one (staff,
    // CSV) is offered the kiosk's phone keypad first, where the hall asks for phones there.
    if (r.phone === null && m.phone === undefined && this.asksPhone()) {
      return fail('appointment_phone_offer', `${r.id} has no mobile number: the kiosk may ask`);
    }
    return await this.checkInRow(caller, r, key, typeof m.phone === 'string' ? m.phone : r.phone);
  }

  /**
   * The resident ID card read at a kiosk (docs/VISITORS.md, "Cards and appointments"): today's
   * booking made with this ID number is checked in like one with its code, the card standing for
   * the phone digits. Null when the card has no booking to check in now (none, or its time has
   * not its time): the kiosk's own ticket is then issued as usual. `commandId` is the kiosk's, so its
   * retry gets the same ticket.
   */
  async checkInByCard(
    caller: AppointmentCaller,
    commandId: string,
    idNumber: string,
  ): Promise<CommandAck<CheckInResult> | null> {
    const key = keyOf(caller, commandId);
    const mine = this.records.byCheckinKey(key);
    if (mine) return this.issue(caller, mine);
    const hash = appointmentIdHash(this.hub, idNumber);
    const now = this.hub.now();
    const booked = this.records.byIdHash(this.hub.today(), hash);
    // The first booking whose check-in time it is (from an hour before its slot to the grace
    // after it); a card long before or after its slot takes a number of its own.
    const r = booked.find((b) => this.timeRefusal(b, now) === null);
    if (r === undefined) return null;
    const running = this.inFlight.get(r.id);
    if (running) {
      return running.key === key
        ? running.done
        : fail('appointment_checked_in', `${r.id} is being checked in`);
    }
    // The card stands for the visitor: an online booking's own number goes with the ticket.
    return await this.checkInRow(caller, r, key, r.phone);
  }

  /** Too early or too late for the booking's slot, or null. */
  private timeRefusal(
    r: Row,
    now: number,
  ): { ok: false; error: { code: ErrorCode; message: string } } | null {
    const grace = this.hub.config.hall.policy.appointmentGraceMinutes * MINUTE_MS;
    if (now < r.slot_at - APPOINTMENT_EARLY_MINUTES * MINUTE_MS) {
      return fail('appointment_too_early', `${r.id}'s slot is at ${r.slot_at}`);
    }
    if (now > r.slot_at + grace) {
      return fail('appointment_too_late', `${r.id}'s slot was at ${r.slot_at}`);
    }
    return null;
  }

  /**
   * Checks the booking in under the kiosk's `key`, one at a time per booking; `phone` goes with
   * its ticket for the turn-near messages.
   */
  private async checkInRow(
    caller: AppointmentCaller,
    r: Row,
    key: string,
    phone: string | null,
  ): Promise<CommandAck<CheckInResult>> {
    const done = this.issue(caller, r, key, phone);
    this.inFlight.set(r.id, { key, done });
    try {
      return await done;
    } finally {
      this.inFlight.delete(r.id);
    }
  }

  /** Whether the hall's kiosks ask visitors for a mobile number (叫号提醒). */
  private asksPhone(): boolean {
    return notifySettingsOf(this.hub.config).kioskAsksPhone;
  }

  /**
   * Issues (or replays) the booking's one ticket; with `key`, marks the booking checked in (and
   * forgets its number: from then on it is the ticket's, kept by features/notify until the day
   * closes). `phone` goes with the ticket for the turn-near messages.
   */
  private async issue(
    caller: AppointmentCaller,
    r: Row,
    key: string | null = null,
    phone: string | null = null,
  ): Promise<CommandAck<CheckInResult>> {
    const outcome = await this.hub.submit(caller.actor, 'appointments', `checkin-${r.id}`, {
      type: 'issue_ticket',
      itinerary: [{ serviceIds: [r.service_id] }],
      class: 'appointment',
      appointment: { code: r.code, slotAt: r.slot_at },
      accessToken: newToken(),
      ...(phone === null ? {} : { contact: { phone, wechatOpenId: null } }),
    });
    if (!outcome.ok) return outcome;
    const issued = outcome.result.ticket;
    if (!issued) return fail('internal', 'issued no ticket');
    if (key !== null) {
      this.records.checkIn(r.id, issued.id, this.hub.now(), key);
    }
    const ticket = this.hub.current.tickets.get(issued.id) ?? issued;
    return { ok: true, result: { ticket: structuredClone(ticket) } };
  }
}
