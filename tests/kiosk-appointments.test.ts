import { existsSync, readFileSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubClient } from '@onestop/shared/client';
import {
  idCheckChar,
  PROTOCOL_VERSION,
  type AppointmentView,
  type CheckInResult,
  type CommandAck,
} from '@onestop/shared';
import { FakeClock, HubTestHall } from './support/hall.js';
import { AppointmentsFileError, importAppointments, parseCli, zonedToMillis } from '@onestop/hub';
import { ok } from './support/acks.js';

/**
 * Appointment check-in against a real hub on a real SQLite file: booked by the admin command,
 * checked in at a kiosk, every refusal, and retries that never issue a second ticket.
 */

const MINUTE = 60_000;
/** 09:00 in Shanghai. */
const NINE = Date.UTC(2026, 10, 27, 1, 0);

let clock: FakeClock;
let hall: HubTestHall;
let admin: HubClient<'admin'>;
let kiosk: HubClient<'kiosk'>;
const sockets: Socket[] = [];

function codeOf(ack: { ok: boolean; error?: { code: string } }): string {
  return ack.ok ? 'ok' : (ack.error?.code ?? '?');
}

async function book(
  code: string | null,
  slotAt: number,
  phoneLast4: string | null = null,
  serviceId = 'estate-reg',
): Promise<AppointmentView> {
  const result = ok(
    await admin.command('book_appointment', { code, serviceId, slotAt, phoneLast4 }),
  );
  return result.appointment;
}

function connectKiosk(token: string): Socket {
  const socket = io(`${hall.url}/kiosk`, {
    transports: ['websocket'],
    forceNew: true,
    auth: { protocolVersion: PROTOCOL_VERSION, token },
  });
  sockets.push(socket);
  return socket;
}

function send(socket: Socket, payload: unknown): Promise<CommandAck<CheckInResult>> {
  return socket.timeout(5_000).emitWithAck('check_in', payload) as Promise<
    CommandAck<CheckInResult>
  >;
}

function appointmentTickets(): number {
  return [...hall.hub.current.tickets.values()].filter((t) => t.class === 'appointment').length;
}

beforeAll(async () => {
  clock = new FakeClock(NINE);
  hall = await HubTestHall.start({ now: clock.now });
  admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
  kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
});

afterAll(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await hall.close();
});

describe('booking', () => {
  it('books with a given or a made-up code, unique on its day, and keeps no phone in clear', async () => {
    const given = await book('381920', NINE + 30 * MINUTE, '0417');
    expect(given).toMatchObject({
      code: '381920',
      businessDay: '2026-11-27',
      serviceId: 'estate-reg',
      status: 'booked',
      hasPhone: true,
      ticketId: null,
    });
    const made = await book(null, NINE + 45 * MINUTE);
    expect(made.code).toMatch(/^[0-9]{6}$/);
    expect(made.hasPhone).toBe(false);

    const taken = await admin.command('book_appointment', {
      code: '381920',
      serviceId: 'tax',
      slotAt: NINE + 60 * MINUTE,
      phoneLast4: null,
    });
    expect(codeOf(taken)).toBe('appointment_code_taken');
    // The next day may use the same code.
    const tomorrow = await book('381920', NINE + 24 * 60 * MINUTE);
    expect(tomorrow.businessDay).toBe('2026-11-28');

    const unknownService = await admin.command('book_appointment', {
      code: null,
      serviceId: 'no-such',
      slotAt: NINE,
      phoneLast4: null,
    });
    expect(codeOf(unknownService)).toBe('service_unknown');
    const past = await admin.command('book_appointment', {
      code: null,
      serviceId: 'tax',
      slotAt: NINE - 24 * 60 * MINUTE,
      phoneLast4: null,
    });
    expect(codeOf(past)).toBe('invalid_message');

    const row = hall.hub.store.connection
      .prepare<[string], Record<string, unknown>>('SELECT * FROM appointments WHERE id = ?')
      .get(given.id);
    expect(JSON.stringify(row)).not.toContain('0417');
    expect(row?.['phone_hash']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses bad booking messages with invalid_message', async () => {
    for (const bad of [
      { code: '12', serviceId: 'tax', slotAt: NINE, phoneLast4: null },
      { code: 'ABCDEF', serviceId: 'tax', slotAt: NINE, phoneLast4: null },
      { code: null, serviceId: 'tax', slotAt: NINE, phoneLast4: '13800138000' },
      { code: null, serviceId: 'tax', slotAt: -1, phoneLast4: null },
    ]) {
      expect(codeOf(await admin.command('book_appointment', bad))).toBe('invalid_message');
    }
  });
});

describe('check-in at the kiosk', () => {
  it('issues an appointment ticket for the booked service and marks the booking', async () => {
    const booking = await book('520001', NINE + 20 * MINUTE, '8899', 'tax');
    const ticket = ok(
      await kiosk.command('check_in', { code: '520001', phoneLast4: '8899' }),
    ).ticket;
    expect(ticket.class).toBe('appointment');
    expect(ticket.appointment).toEqual({ code: '520001', slotAt: NINE + 20 * MINUTE });
    expect(ticket.itinerary).toEqual([{ serviceIds: ['tax'] }]);
    expect(ticket.number).toMatch(/^H/);
    expect(hall.hub.current.tickets.get(ticket.id)?.status).toBe('waiting');
    const row = hall.hub.store.connection
      .prepare<[string], { status: string; ticket_id: string }>(
        'SELECT status, ticket_id FROM appointments WHERE id = ?',
      )
      .get(booking.id);
    expect(row).toEqual({ status: 'checked_in', ticket_id: ticket.id });

    const again = await kiosk.command('check_in', { code: '520001', phoneLast4: '8899' });
    expect(codeOf(again)).toBe('appointment_checked_in');
  });

  it('explains every refusal', async () => {
    await book('610001', NINE + 10 * MINUTE, '1234');
    const cases: [{ code: string; phoneLast4: string | null }, string][] = [
      [{ code: '999999', phoneLast4: null }, 'appointment_unknown'],
      [{ code: '610001', phoneLast4: null }, 'appointment_phone_required'],
      [{ code: '610001', phoneLast4: '4321' }, 'appointment_phone_mismatch'],
    ];
    for (const [message, code] of cases) {
      expect(codeOf(await kiosk.command('check_in', message)), message.code).toBe(code);
    }

    const cancelled = await book('610002', NINE + 10 * MINUTE);
    const done = ok(await admin.command('cancel_appointment', { appointmentId: cancelled.id }));
    expect(done.appointment.status).toBe('cancelled');
    expect(codeOf(await kiosk.command('check_in', { code: '610002', phoneLast4: null }))).toBe(
      'appointment_cancelled',
    );
    expect(codeOf(await admin.command('cancel_appointment', { appointmentId: cancelled.id }))).toBe(
      'appointment_cancelled',
    );

    // From 60 minutes before the slot to the policy's grace (15 minutes) after it.
    await book('610003', NINE + 61 * MINUTE);
    expect(codeOf(await kiosk.command('check_in', { code: '610003', phoneLast4: null }))).toBe(
      'appointment_too_early',
    );
    await book('610004', NINE - 16 * MINUTE);
    expect(codeOf(await kiosk.command('check_in', { code: '610004', phoneLast4: null }))).toBe(
      'appointment_too_late',
    );
    await book('610005', NINE + 60 * MINUTE);
    expect(codeOf(await kiosk.command('check_in', { code: '610005', phoneLast4: null }))).toBe(
      'ok',
    );
    await book('610006', NINE - 15 * MINUTE);
    expect(codeOf(await kiosk.command('check_in', { code: '610006', phoneLast4: null }))).toBe(
      'ok',
    );

    // Today's 381920 is checked in; the same code booked for tomorrow is not today's.
    expect(codeOf(await kiosk.command('check_in', { code: '381920', phoneLast4: '0417' }))).toBe(
      'ok',
    );
    await book('610007', NINE + 24 * 60 * MINUTE);
    expect(codeOf(await kiosk.command('check_in', { code: '610007', phoneLast4: null }))).toBe(
      'appointment_unknown',
    );
    // A checked-in booking cannot be cancelled.
    const checkedIn = await book('610008', NINE);
    ok(await kiosk.command('check_in', { code: '610008', phoneLast4: null }));
    expect(codeOf(await admin.command('cancel_appointment', { appointmentId: checkedIn.id }))).toBe(
      'appointment_checked_in',
    );
  });

  it('refuses malformed check-ins with invalid_message', async () => {
    for (const bad of [
      { code: '12ab', phoneLast4: null },
      { code: '123456', phoneLast4: '12' },
      { code: '123456' },
    ]) {
      expect(codeOf(await kiosk.command('check_in', bad as never))).toBe('invalid_message');
    }
  });

  it('answers a retry with the same ticket and never issues twice', async () => {
    await book('700001', NINE + 5 * MINUTE, '5555');
    const socket = connectKiosk(await hall.pair('kiosk'));
    const message = { commandId: 'checkin-retry-0001', code: '700001', phoneLast4: '5555' };
    const before = appointmentTickets();
    // Sent twice at once (a retry while the first waits for the group commit), then again.
    const [first, second] = await Promise.all([send(socket, message), send(socket, message)]);
    const third = await send(socket, message);
    expect(first.ok).toBe(true);
    expect(second).toEqual(first);
    expect(third.ok && first.ok && third.result.ticket.id).toBe(first.ok && first.result.ticket.id);
    expect(appointmentTickets()).toBe(before + 1);

    // Another kiosk (or another command) with the same code is told it is checked in.
    const other = await send(connectKiosk(await hall.pair('kiosk')), {
      ...message,
      commandId: 'checkin-other-0001',
    });
    expect(codeOf(other)).toBe('appointment_checked_in');
    expect(appointmentTickets()).toBe(before + 1);
  });

  it('issues the same ticket again if the booking was not marked (a crash in between)', async () => {
    const booking = await book('700002', NINE + 5 * MINUTE);
    const first = ok(await kiosk.command('check_in', { code: '700002', phoneLast4: null }));
    const count = appointmentTickets();
    // As if the hub stopped after the ticket's commit and before the booking's update.
    hall.hub.store.connection
      .prepare(
        `UPDATE appointments SET status = 'booked', ticket_id = NULL, checkin_key = NULL,
           checked_in_at = NULL WHERE id = ?`,
      )
      .run(booking.id);
    const again = ok(await kiosk.command('check_in', { code: '700002', phoneLast4: null }));
    expect(again.ticket.id).toBe(first.ticket.id);
    expect(appointmentTickets()).toBe(count);
  });

  it('issues nothing when the service is suspended, and the booking stays open', async () => {
    const booking = await book('700003', NINE + 5 * MINUTE, null, 'fund');
    const fund = hall.hub.config.services.find((s) => s.id === 'fund');
    if (!fund) throw new Error('the demo hall has no fund service');
    ok(
      await admin.command('change_config', {
        change: { kind: 'service', service: { ...fund, enabled: false } },
      }),
    );
    const refused = await kiosk.command('check_in', { code: '700003', phoneLast4: null });
    expect(codeOf(refused)).toBe('service_disabled');
    ok(
      await admin.command('change_config', {
        change: { kind: 'service', service: { ...fund, enabled: true } },
      }),
    );
    const issued = ok(await kiosk.command('check_in', { code: '700003', phoneLast4: null }));
    expect(issued.ticket.appointment?.code).toBe(booking.code);
  });
});

describe('onestop-hub appointments --file', () => {
  it('reads the command line', () => {
    expect(parseCli(['appointments', '--db', 'h.sqlite', '--file', 'a.csv'])).toEqual({
      kind: 'appointments',
      db: 'h.sqlite',
      file: 'a.csv',
    });
    expect(() => parseCli(['appointments', '--db', 'h.sqlite'])).toThrow(/--file/);
  });

  it('books every row in the hall timezone, once even if imported twice', () => {
    expect(zonedToMillis('2026-11-27', '09:00', 'Asia/Shanghai')).toBe(NINE);
    const csv = [
      'date,time,service,code,phone_last4',
      '2026-11-27,09:30,tax,880001,1234',
      '2026-11-27,10:00,fund,,',
      '',
    ].join('\n');
    const booked = importAppointments(hall.hub, csv);
    expect(booked.map((a) => [a.code.length, a.serviceId, a.slotAt, a.hasPhone])).toEqual([
      [6, 'tax', NINE + 30 * MINUTE, true],
      [6, 'fund', NINE + 60 * MINUTE, false],
    ]);
    expect(booked[0]?.code).toBe('880001');
    const again = importAppointments(hall.hub, csv);
    expect(again.map((a) => a.id)).toEqual(booked.map((a) => a.id));
  });

  it('refuses a wrong file whole, naming every wrong line, and books nothing', () => {
    const count = () =>
      hall.hub.store.connection
        .prepare<[], { n: number }>('SELECT count(*) AS n FROM appointments')
        .get()?.n;
    const before = count();
    expect(() => importAppointments(hall.hub, 'day,code\n')).toThrow(AppointmentsFileError);
    const bad = [
      'date,time,service,code,phone_last4',
      '2026-11-27,9am,tax,880101,',
      '2026-11-27,10:00,nope,880102,',
      '2026-11-27,10:00,tax,12,138001',
    ].join('\n');
    expect(() => importAppointments(hall.hub, bad)).toThrow(
      /line 2: date[\s\S]*line 3: no service "nope"[\s\S]*line 4: the code[\s\S]*line 4: phone_last4/,
    );
    // The second row's code is taken today: the first row is not kept either.
    const taken = [
      'date,time,service,code,phone_last4',
      '2026-11-27,11:00,tax,880201,',
      '2026-11-27,11:30,tax,880001,',
    ].join('\n');
    expect(() => importAppointments(hall.hub, taken)).toThrow(/nothing was booked[\s\S]*line 3/);
    expect(count()).toBe(before);
  });
});

describe('the ID card finds the booking', () => {
  const idNumber = (first17: string): string => `${first17}${idCheckChar(first17)}`;
  const WANG = { number: idNumber('11010519800202003'), name: '王小明' };
  const ZHAO = { number: idNumber('44030419750505004'), name: '赵六' };
  const withCard = (serviceId: string, idCard: { number: string; name: string }) =>
    kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: [serviceId] }],
      class: 'normal',
      idCard,
    });
  /** A wall time of the hall (Shanghai, UTC+8) `minutes` from now, as the CSV writes it. */
  const wall = (minutes: number): [string, string] => {
    const at = new Date(clock.t + minutes * MINUTE + 8 * 60 * MINUTE).toISOString();
    return [at.slice(0, 10), at.slice(11, 16)];
  };

  it("checks in today's booking made with the ID number, before the limit per person would refuse", async () => {
    ok(
      await admin.command('change_config', {
        change: { kind: 'id_card', idLimit: 'perDay', withoutIdCard: 'issue' },
      }),
    );
    // The person took a number with the card already: one a day, so a second is refused.
    ok(await withCard('biz-open', WANG));
    expect(codeOf(await withCard('biz-open', WANG))).toBe('id_limit_reached');

    const booking = ok(
      await admin.command('book_appointment', {
        code: null,
        serviceId: 'estate-reg',
        slotAt: clock.t + 20 * MINUTE,
        phoneLast4: '4321',
        idNumber: WANG.number,
      }),
    ).appointment;
    const before = appointmentTickets();
    // The card stands for the phone digits; the booking's service, whatever tile was touched.
    const found = ok(await withCard('biz-open', WANG));
    expect(found.found).toBe('appointment');
    expect(found.ticket).toMatchObject({ class: 'appointment', serviceId: 'estate-reg' });
    expect(appointmentTickets()).toBe(before + 1);
    expect(hall.hub.store.appointments.byId(booking.id)).toMatchObject({
      status: 'checked_in',
      ticket_id: found.ticket.id,
    });
    // Checked in: the card finds no booking now, and the limit speaks again.
    expect(codeOf(await withCard('biz-open', WANG))).toBe('id_limit_reached');
    expect(appointmentTickets()).toBe(before + 1);

    // From the CSV import: the optional id_number column; a wrong one refuses the file, unnamed.
    const [day, time] = wall(30);
    const header = 'date,time,service,code,phone_last4,id_number';
    const wrong = `${WANG.number.slice(0, 17)}${WANG.number.endsWith('0') ? '1' : '0'}`;
    expect(() =>
      importAppointments(hall.hub, `${header}\n${day},${time},tax,,,${wrong}\n`),
    ).toThrow(/^line 2: id_number is not a resident ID number/);
    try {
      importAppointments(hall.hub, `${header}\n${day},${time},tax,,,${wrong}\n`);
    } catch (err) {
      expect(String(err)).not.toContain(wrong);
    }
    const [imported] = importAppointments(
      hall.hub,
      `${header}\n${day},${time},tax,,,${ZHAO.number}\n`,
    );
    const zhao = ok(await withCard('biz-open', ZHAO));
    expect(zhao).toMatchObject({ found: 'appointment', ticket: { serviceId: 'tax' } });
    expect(hall.hub.store.appointments.byId(imported?.id ?? '')?.status).toBe('checked_in');

    // A card without a booking takes a number of its own.
    const plain = ok(
      await withCard('biz-open', { number: idNumber('31011519851120456'), name: '欧阳娜娜' }),
    );
    expect(plain.found).toBeUndefined();
    expect(plain.ticket.class).toBe('normal');

    // Only the hashes were kept: neither number is anywhere in the file or its log.
    const files = [hall.dbPath, `${hall.dbPath}-wal`].filter((f) => existsSync(f));
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    for (const number of [WANG.number, ZHAO.number]) {
      expect(bytes.includes(Buffer.from(number))).toBe(false);
    }
    ok(
      await admin.command('change_config', {
        change: { kind: 'id_card', idLimit: 'none', withoutIdCard: 'issue' },
      }),
    );
  });
});
