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
}

const COLUMNS = `id, business_day, code, service_id, slot_at, phone_salt, phone_hash, status,
  ticket_id, created_at, checkin_key, cancel_key`;

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
           phone_hash, status, ticket_id, created_at, created_key)
         VALUES (@id, @businessDay, @code, @serviceId, @slotAt, @phoneSalt, @phoneHash, 'booked',
           NULL, @createdAt, @createdKey)`,
      ),
      cancel: sql(
        db,
        `UPDATE appointments SET status = 'cancelled', cancel_key = @key
          WHERE id = @id AND status = 'booked'`,
      ),
      checkIn: sql(
        db,
        `UPDATE appointments SET status = 'checked_in', ticket_id = @ticketId,
           checked_in_at = @at, checkin_key = @key
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
  }): void {
    this.q.insert.run(row);
  }

  /** Cancels a booking still booked; `key` is the cancelling command's. */
  cancel(id: string, key: string): void {
    this.q.cancel.run({ id, key });
  }

  /** Marks a booking still booked checked in with its ticket; `key` is the check-in command's. */
  checkIn(id: string, ticketId: string, at: number, key: string): void {
    this.q.checkIn.run({ id, ticketId, at, key });
  }
}
