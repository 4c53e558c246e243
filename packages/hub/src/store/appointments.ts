import type Database from 'better-sqlite3';
import type { AppointmentStatus } from '@onestop/shared';
import { sql } from './sql.js';

/** A row of `appointments` (migration 003), as the appointment book reads it. */
export interface AppointmentRow {
  id: string;
  business_day: string;
  code: string;
  service_id: string;
  slot_at: number;
  phone_salt: string | null;
  phone_hash: string | null;
  status: AppointmentStatus;
  ticket_id: string | null;
  created_at: number;
  checkin_key: string | null;
  cancel_key: string | null;
  /** Booked by staff (console, CSV) or online (the public page, migration 019). */
  origin: 'staff' | 'online';
  phone_masked: string | null;
  /** HMAC of the visitor's ID number with the booking key (migration 023), or null. */
  id_hash: string | null;
  /**
   * An online booking's mobile number, for the ticket its check-in issues (migration 024):
   * null once checked in, cancelled or its day closed, and for bookings made by staff.
   */
  phone: string | null;
}

const COLUMNS = `id, business_day, code, service_id, slot_at, phone_salt, phone_hash, status,
  ticket_id, created_at, checkin_key, cancel_key, origin, phone_masked, id_hash, phone`;

/** An online booking's row as features/booking writes it. */
export interface OnlineBookingRow {
  id: string;
  businessDay: string;
  code: string;
  serviceId: string;
  slotAt: number;
  phoneSalt: string;
  phoneHash: string;
  phoneMasked: string;
  phoneTag: string;
  /** The number itself, kept until the booking is checked in or cancelled, or its day closes. */
  phone: string;
  tokenHash: string;
  createdAt: number;
  createdKey: string;
  /** The HMAC of the ID number typed on the booking page (features/appointments), or null. */
  idHash: string | null;
}

/**
 * The appointment book's table (`appointments`): bookings, their check-in and cancellation.
 * Who may book and what a check-in issues is the feature's (features/appointments).
 */
export class AppointmentBook {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = {
      byId: sql(db, `SELECT ${COLUMNS} FROM appointments WHERE id = @id`),
      byDay: sql(
        db,
        `SELECT ${COLUMNS} FROM appointments WHERE business_day = @day ORDER BY slot_at, code`,
      ),
      byCode: sql(
        db,
        `SELECT ${COLUMNS} FROM appointments WHERE business_day = @day AND code = @code`,
      ),
      byCreatedKey: sql(db, `SELECT ${COLUMNS} FROM appointments WHERE created_key = @key`),
      byCheckinKey: sql(db, `SELECT ${COLUMNS} FROM appointments WHERE checkin_key = @key`),
      insert: sql(
        db,
        `INSERT INTO appointments (id, business_day, code, service_id, slot_at, phone_salt,
           phone_hash, status, ticket_id, created_at, created_key, id_hash)
         VALUES (@id, @businessDay, @code, @serviceId, @slotAt, @phoneSalt, @phoneHash, 'booked',
           NULL, @createdAt, @createdKey, @idHash)`,
      ),
      byIdHash: sql(
        db,
        `SELECT ${COLUMNS} FROM appointments
          WHERE business_day = @day AND id_hash = @idHash AND status = 'booked'
          ORDER BY slot_at`,
      ),
      dropIdHashes: sql(
        db,
        `UPDATE appointments SET id_hash = NULL WHERE business_day < @day AND id_hash IS NOT NULL`,
      ),
      insertStaff: sql(
        db,
        `INSERT INTO appointments (id, business_day, code, service_id, slot_at, phone_salt,
           phone_hash, status, ticket_id, created_at, created_key, phone_masked, phone)
         VALUES (@id, @businessDay, @code, @serviceId, @slotAt, @phoneSalt, @phoneHash, 'booked',
           NULL, @createdAt, @createdKey, @phoneMasked, @phone)`,
      ),
      dayBook: sql(
        db,
        `SELECT ${COLUMNS}, created_key FROM appointments WHERE business_day = @day
          ORDER BY slot_at, code`,
      ),
      bookRow: sql(db, `SELECT ${COLUMNS}, created_key FROM appointments WHERE id = @id`),
      cancel: sql(
        db,
        `UPDATE appointments SET status = 'cancelled', cancel_key = @key, phone = NULL
          WHERE id = @id AND status = 'booked'`,
      ),
      taken: sql(
        db,
        `SELECT service_id, slot_at, count(*) AS n FROM appointments
          WHERE status IN ('booked', 'checked_in') AND slot_at >= @from AND slot_at < @to
          GROUP BY service_id, slot_at`,
      ),
      takenAt: sql(
        db,
        `SELECT count(*) FROM appointments
          WHERE service_id = @serviceId AND slot_at = @slotAt
            AND status IN ('booked', 'checked_in')`,
      ),
      byTokenHash: sql(db, `SELECT ${COLUMNS} FROM appointments WHERE token_hash = @tokenHash`),
      phoneActive: sql(
        db,
        `SELECT count(*) FROM appointments
          WHERE phone_tag = @tag AND status = 'booked' AND slot_at >= @from`,
      ),
      insertOnline: sql(
        db,
        `INSERT INTO appointments (id, business_day, code, service_id, slot_at, phone_salt,
           phone_hash, status, ticket_id, created_at, created_key, origin, token_hash,
           phone_masked, phone_tag, phone, id_hash)
         VALUES (@id, @businessDay, @code, @serviceId, @slotAt, @phoneSalt, @phoneHash, 'booked',
           NULL, @createdAt, @createdKey, 'online', @tokenHash, @phoneMasked, @phoneTag, @phone,
           @idHash)`,
      ),
      move: sql(
        db,
        `UPDATE appointments SET slot_at = @slotAt, business_day = @businessDay, code = @code
          WHERE id = @id AND status = 'booked'`,
      ),
      key: sql(db, `SELECT key FROM booking_key WHERE one = 1`),
      answerOf: sql(db, `SELECT answer FROM booking_answers WHERE request_id = @requestId`),
      keepAnswer: sql(
        db,
        `INSERT INTO booking_answers (request_id, answer, decided_at)
         VALUES (@requestId, @answer, @at)`,
      ),
      checkIn: sql(
        db,
        `UPDATE appointments SET status = 'checked_in', ticket_id = @ticketId,
           checked_in_at = @at, checkin_key = @key, phone = NULL
          WHERE id = @id AND status = 'booked'`,
      ),
    };
  }

  byId(id: string): AppointmentRow | null {
    return this.q.byId.get<AppointmentRow>({ id }) ?? null;
  }

  /** Bookings of one business day, by slot. */
  byDay(businessDay: string): AppointmentRow[] {
    return this.q.byDay.all<AppointmentRow>({ day: businessDay });
  }

  /** The booking with this code on this day (a code is unique on its day). */
  byCode(businessDay: string, code: string): AppointmentRow | null {
    return this.q.byCode.get<AppointmentRow>({ day: businessDay, code }) ?? null;
  }

  /** The booking a command (actor key and command id) made, for its retry. */
  byCreatedKey(key: string): AppointmentRow | null {
    return this.q.byCreatedKey.get<AppointmentRow>({ key }) ?? null;
  }

  /** The booking a check-in command checked in, for its retry. */
  byCheckinKey(key: string): AppointmentRow | null {
    return this.q.byCheckinKey.get<AppointmentRow>({ key }) ?? null;
  }

  insert(row: {
    id: string;
    businessDay: string;
    code: string;
    serviceId: string;
    slotAt: number;
    phoneSalt: string | null;
    phoneHash: string | null;
    createdAt: number;
    createdKey: string;
    idHash: string | null;
  }): void {
    this.q.insert.run(row);
  }

  /** The day's bookings still booked for the visitor with this ID hash, by slot. */
  byIdHash(businessDay: string, idHash: string): AppointmentRow[] {
    return this.q.byIdHash.all<AppointmentRow>({ day: businessDay, idHash });
  }

  /** Clears the ID hashes of the bookings of days before `day` (their day has closed). */
  dropIdHashes(day: string): void {
    this.q.dropIdHashes.run({ day });
  }

  /** Cancels a booking still booked; `key` is the cancelling command's. False: not booked. */
  cancel(id: string, key: string): boolean {
    return this.q.cancel.run({ id, key }).changes === 1;
  }

  /**
   * A booking staff add in the console, with the phone masked for the book and the number itself
   * for the ticket its check-in issues (cleared as an online booking's is).
   */
  insertStaff(
    row: Omit<Parameters<AppointmentBook['insert']>[0], 'idHash'> & {
      phoneMasked: string;
      phone: string;
    },
  ): void {
    this.q.insertStaff.run(row);
  }

  /** One booking of the book, as `dayBook` reads it. */
  bookRow(id: string): (AppointmentRow & { created_key: string }) | null {
    return this.q.bookRow.get<AppointmentRow & { created_key: string }>({ id }) ?? null;
  }

  /** The day's book for the console, with the key of the command that made each booking. */
  dayBook(businessDay: string): (AppointmentRow & { created_key: string })[] {
    return this.q.dayBook.all<AppointmentRow & { created_key: string }>({ day: businessDay });
  }

  /** Places taken (booked or checked in) per service and slot, for slots in [from, to). */
  taken(from: number, to: number): { service_id: string; slot_at: number; n: number }[] {
    return this.q.taken.all<{ service_id: string; slot_at: number; n: number }>({ from, to });
  }

  /** Places taken in one slot of one service. */
  takenAt(serviceId: string, slotAt: number): number {
    return this.q.takenAt.value<number>({ serviceId, slotAt }) ?? 0;
  }

  /** The online booking whose visitor holds the token with this SHA-256. */
  byTokenHash(tokenHash: string): AppointmentRow | null {
    return this.q.byTokenHash.get<AppointmentRow>({ tokenHash }) ?? null;
  }

  /** Bookings still to come (from `from`) of the phone with this tag. */
  phoneActive(tag: string, from: number): number {
    return this.q.phoneActive.value<number>({ tag, from }) ?? 0;
  }

  insertOnline(row: OnlineBookingRow): void {
    this.q.insertOnline.run(row);
  }

  /** Moves a booking still booked to another slot (and day, with its code there). */
  move(id: string, slotAt: number, businessDay: string, code: string): boolean {
    return this.q.move.run({ id, slotAt, businessDay, code }).changes === 1;
  }

  /** The hall's key for the phone tags (made by migration 019, never leaves the hub). */
  bookingKey(): string {
    const key = this.q.key.value<string>({});
    if (key === undefined) throw new Error('booking_key has no row');
    return key;
  }

  /** The answer kept for a request of the region, as JSON. */
  answerOf(requestId: string): string | null {
    return this.q.answerOf.value<string>({ requestId }) ?? null;
  }

  keepAnswer(requestId: string, answer: string, at: number): void {
    this.q.keepAnswer.run({ requestId, answer, at });
  }

  /** Marks a booking still booked checked in with its ticket; `key` is the check-in command's. */
  checkIn(id: string, ticketId: string, at: number, key: string): void {
    this.q.checkIn.run({ id, ticketId, at, key });
  }
}
