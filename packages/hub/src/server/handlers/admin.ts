import type { CommandAck, DayState, DeviceResult } from '@onestop/shared';
import { answerInstruction } from '../../features/region-link/index.js';
import type { AdminCaller } from '../admin-commands.js';
import { engine, fail, recorded, type Call, type Handlers } from '../pipeline.js';
import { assistAnswer } from '../../features/assist/assist.js';
import { bookChange, bookDay } from '../../features/booking/index.js';
import { listOutbox, resendOutbox } from '../../features/notify/index.js';
import { listPlatformUploads, resendPlatformUpload } from '../../features/platform-upload/index.js';
import type { HandlerDeps } from './common.js';

/**
 * The admin console's commands: the day, tickets, devices, reports, complaints, the hall's
 * configuration, PINs, the audit and appointments.
 */
export function adminHandlers(deps: HandlerDeps): Handlers<'admin'> {
  const { hub, admin, appointments } = deps;
  const callerOf = ({ conn, actor, actorKey }: Call): AdminCaller => ({
    staffCode: conn.session?.staffCode ?? '',
    actorKey,
    actor,
  });
  const dayAfter = (what: string): CommandAck<{ day: DayState }> => {
    const day = hub.current.day;
    return day
      ? { ok: true, result: { day: structuredClone(day) } }
      : fail('internal', `no day after ${what}`);
  };

  return {
    open_day: engine({
      // Only today: a day typed wrong (2052) would otherwise stick, as a later day is kept.
      check: (_call, m) =>
        m.businessDay !== null && m.businessDay !== hub.today()
          ? fail('invalid_message', `only today (${hub.today()}) can be opened`)
          : null,
      command: (_call, m) => ({ type: 'open_day', businessDay: m.businessDay ?? hub.today() }),
      answer: () => dayAfter('open_day'),
    }),
    close_day: engine({
      command: () => ({ type: 'close_day' }),
      answer: () => dayAfter('close_day'),
    }),
    cancel: engine({
      command: (_call, m) => ({ type: 'cancel', ticketId: m.ticketId, by: 'staff' }),
      answer: (_call, _m, { ticket }) =>
        ticket ? { ok: true, result: { ticket } } : fail('internal', 'cancelled no ticket'),
    }),
    unpark: engine({
      command: (_call, m) => ({ type: 'unpark', ticketId: m.ticketId }),
      answer: (_call, _m, { ticket }) =>
        ticket ? { ok: true, result: { ticket } } : fail('internal', 'unparked no ticket'),
    }),
    create_device: {
      run: (call, m) => admin.createDevice(callerOf(call), m),
      replay: (_call, _m, stored) => admin.createDeviceAgain(stored),
    },
    list_devices: { run: () => admin.listDevices() },
    rename_device: recorded((call, m) => admin.renameDevice(callerOf(call), m)),
    unpair_device: {
      run: (call, m) => {
        const ack = admin.unpairDevice(callerOf(call), m);
        // Its token is gone: its open sockets close now (a reconnect is refused at the handshake).
        if (ack.ok) deps.disconnectDevice(m.deviceId);
        return ack;
      },
      replay: (_call, m, stored) => {
        deps.disconnectDevice(m.deviceId);
        return { ok: true, result: stored as DeviceResult };
      },
    },
    report: { run: (_call, m) => admin.report(m) },
    list_complaints: { run: (_call, m) => admin.listComplaints(m) },
    complaint_action: recorded((call, m) => admin.complaintAction(callerOf(call), m)),
    open_complaint: recorded((call, m) => admin.openComplaint(callerOf(call), m)),
    change_config: {
      run: (call, m) => admin.changeConfig(callerOf(call), m, (command) => call.submit(command)),
      // The change is an engine command: its stored result is the engine's; the answer is the
      // configuration it made (as for the first answer).
      replay: () => ({ ok: true, result: { config: hub.config } }),
    },
    set_staff_pin: recorded((call, m) => admin.setStaffPin(callerOf(call), m)),
    unlock_staff: recorded((call, m) => admin.unlockStaff(callerOf(call), m)),
    audit: { run: (_call, m) => admin.audit(m) },
    // The region's supervision instructions (features/region-link).
    list_instructions: {
      run: () => ({ ok: true, result: { instructions: hub.store.regionInstructions.list() } }),
    },
    answer_instruction: recorded((call, m) => answerInstruction(hub, callerOf(call), m)),
    // 好差评 upload to the provincial platform (features/platform-upload).
    list_platform_uploads: { run: (_call, m) => listPlatformUploads(hub, m) },
    resend_platform_upload: recorded((call, m) => resendPlatformUpload(hub, callerOf(call), m)),
    // Their own retries: by the booking's keys (features/appointments); they store no result.
    book_appointment: {
      run: ({ actor, actorKey }, m) => appointments.book({ actor, actorKey }, m),
    },
    cancel_appointment: {
      run: ({ actor, actorKey }, m) => appointments.cancel({ actor, actorKey }, m),
    },
    answer_assist: engine({
      command: (call, m) => ({
        type: 'answer_assist',
        requestId: m.requestId,
        staffCode: callerOf(call).staffCode,
      }),
      answer: (_call, m) => assistAnswer(hub.current, m.requestId),
    }),
    close_assist: engine({
      command: (call, m) => ({
        type: 'close_assist',
        requestId: m.requestId,
        staffCode: callerOf(call).staffCode,
        reason: m.reason,
      }),
      answer: (_call, m) => assistAnswer(hub.current, m.requestId),
    }),
    // The book (预约) and the outbox (通知) of the console (features/booking, features/notify).
    book_day: { run: (_call, m) => bookDay(hub, m) },
    book_change: recorded((call, m) => bookChange(hub, callerOf(call), m)),
    list_outbox: { run: (_call, m) => listOutbox(hub, m) },
    resend_outbox: recorded((call, m) => resendOutbox(hub, callerOf(call), m)),
  };
}
