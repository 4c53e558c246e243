import {
  AppointmentCodeSchema,
  IdNumberSchema,
  hallClock,
  hallInstant,
  minuteOfDayOf,
  PhoneLast4Schema,
  type AppointmentView,
  type HallConfig,
} from '@onestop/shared';
import type { Hub } from '../../hub.js';
import { Appointments } from '../appointments/appointments.js';

/** The columns of `onestop-hub appointments --file`, in this order, with this header line. */
export const APPOINTMENTS_CSV_HEADER = 'date,time,service,code,phone_last4';
/** The same with the visitor's ID number (optional per row; kept only as a hash). */
export const APPOINTMENTS_CSV_HEADER_ID = `${APPOINTMENTS_CSV_HEADER},id_number`;

export interface AppointmentRow {
  line: number;
  slotAt: number;
  serviceId: string;
  code: string | null;
  phoneLast4: string | null;
  idNumber: string | null;
}

/** A file that cannot be imported: every wrong line is named, nothing was booked. */
export class AppointmentsFileError extends Error {}

/** Milliseconds of a wall-clock time in `timezone` (the hall's; no DST in most halls, handled anyway). */
export function zonedToMillis(date: string, time: string, timezone: string): number | null {
  const minute = minuteOfDayOf(time);
  const at = hallInstant(date, minute, timezone);
  if (Number.isNaN(at)) return null;
  // A time skipped by a DST change shows another wall time (a day past the month's end rolls over).
  const shown = hallClock(at, timezone);
  const asUtc = (day: string, minuteOfDay: number) => hallInstant(day, minuteOfDay, 'UTC');
  return asUtc(shown.day, shown.minuteOfDay) === asUtc(date, minute) ? at : null;
}

/** Reads the CSV; any wrong line makes the whole file refused (with every problem listed). */
export function parseAppointmentsCsv(text: string, config: HallConfig): AppointmentRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: string[] = [];
  const header = (lines[0] ?? '').trim().replace(/\s/g, '');
  if (header !== APPOINTMENTS_CSV_HEADER && header !== APPOINTMENTS_CSV_HEADER_ID) {
    throw new AppointmentsFileError(
      `the first line must be "${APPOINTMENTS_CSV_HEADER}" or "${APPOINTMENTS_CSV_HEADER_ID}"`,
    );
  }
  const columns = header.split(',').length;
  const rows: AppointmentRow[] = [];
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (raw.trim() === '') return;
    const cells = raw.split(',').map((c) => c.trim());
    if (cells.length !== columns) {
      problems.push(`line ${line}: ${columns} columns expected, found ${cells.length}`);
      return;
    }
    const [date = '', time = '', serviceId = '', code = '', phone = '', idNumber = ''] = cells;
    const slotAt = zonedToMillis(date, time, config.hall.timezone);
    if (slotAt === null) problems.push(`line ${line}: date YYYY-MM-DD and time HH:MM expected`);
    if (!config.services.some((s) => s.id === serviceId)) {
      problems.push(`line ${line}: no service "${serviceId}"`);
    }
    if (code !== '' && !AppointmentCodeSchema.safeParse(code).success) {
      problems.push(`line ${line}: the code must be 4 to 8 digits (or empty for a made-up one)`);
    }
    if (phone !== '' && !PhoneLast4Schema.safeParse(phone).success) {
      problems.push(`line ${line}: phone_last4 must be 4 digits (or empty)`);
    }
    // The number is never repeated in the message: the file may be shown to others.
    if (idNumber !== '' && !IdNumberSchema.safeParse(idNumber).success) {
      problems.push(`line ${line}: id_number is not a resident ID number (or leave it empty)`);
    }
    if (slotAt !== null) {
      rows.push({
        line,
        slotAt,
        serviceId,
        code: code === '' ? null : code,
        phoneLast4: phone === '' ? null : phone,
        idNumber: idNumber === '' ? null : idNumber,
      });
    }
  });
  if (problems.length > 0) throw new AppointmentsFileError(problems.join('\n'));
  return rows;
}

/**
 * Books every row of the file as the admin command would, all or nothing. A file imported twice
 * books each row once: a row's command id is made from its slot, code and service.
 */
export function importAppointments(hub: Hub, text: string): AppointmentView[] {
  const rows = parseAppointmentsCsv(text, hub.config);
  const book = new Appointments(hub);
  return hub.store.transaction(() => {
    const problems: string[] = [];
    const booked: AppointmentView[] = [];
    for (const row of rows) {
      const commandId = `import-${row.slotAt}-${row.code ?? `line${row.line}`}-${row.serviceId}`;
      const ack = book.book(
        { actor: { kind: 'system' }, actorKey: 'cli-import' },
        {
          commandId: commandId.slice(0, 64),
          code: row.code,
          serviceId: row.serviceId,
          slotAt: row.slotAt,
          phoneLast4: row.phoneLast4,
          ...(row.idNumber === null ? {} : { idNumber: row.idNumber }),
        },
      );
      if (ack.ok) booked.push(ack.result.appointment);
      else problems.push(`line ${row.line}: ${ack.error.message}`);
    }
    if (problems.length > 0) {
      throw new AppointmentsFileError(`nothing was booked:\n${problems.join('\n')}`);
    }
    return booked;
  });
}
