import type {
  AuditOnlyEvent,
  ChangeConfigMessage,
  ChangeConfigResult,
  Command,
  CommandAck,
  ComplaintActionMessage,
  ComplaintResult,
  DeviceInfo,
  DeviceResult,
  ErrorCode,
  ListComplaintsMessage,
  ListComplaintsResult,
  OpenComplaintMessage,
  ListDevicesResult,
  RenameDeviceMessage,
  ReportMessage,
  ReportResult,
  UnpairDeviceMessage,
  AuditMessage,
  AuditResult,
  SetStaffPinMessage,
  StaffPinResult,
} from '@onestop/shared';
import { hashPin } from '../auth.js';
import type { CommandResult, Hub, Outcome } from '../hub.js';
import { computeReport, fillRollups } from '../reports/report.js';
import type { Actor, Device } from '../store/index.js';
import { searchAudit } from './admin-audit.js';
import { ComplaintError, Complaints } from './admin-complaints.js';
import { applyConfigChange } from './admin-config.js';

type Fail = { ok: false; error: { code: ErrorCode; message: string } };
const fail = (code: ErrorCode, message: string): Fail => ({ ok: false, error: { code, message } });

/** Who sends an admin command: the session's staff, and the key their command ids live under. */
export interface AdminCaller {
  staffCode: string;
  actorKey: string;
  actor: Actor;
}

export type Submit = (command: Command) => Promise<Outcome<CommandResult>>;

function deviceInfo(d: Device): DeviceInfo {
  return {
    id: d.id,
    kind: d.kind,
    name: d.name,
    windowId: d.windowId,
    createdAt: d.createdAt,
    pairedAt: d.pairedAt,
    lastSeenAt: d.lastSeenAt,
    status: d.status,
    statusAt: d.statusAt,
    revokedAt: d.revokedAt,
  };
}

/**
 * The admin console's commands beyond the engine's: devices, reports, complaints follow-up,
 * configuration changes, PINs and the audit. Read commands answer from the store; the changes
 * are recorded with the caller (a config change is an engine event, a follow-up a row of
 * `complaint_actions`) and remembered by command id, so a retry gets the first answer.
 */
export class AdminCommands {
  private readonly complaints: Complaints;

  constructor(private readonly hub: Hub) {
    this.complaints = new Complaints(hub.store.connection);
    // A closed day never changes again: its report figures are summed once, now, so the first
    // report over past days reads rollups instead of the tickets.
    hub.onEvents((events) => {
      for (const e of events) {
        if (e.type !== 'day_closed') continue;
        try {
          fillRollups(hub.store.connection, { from: e.businessDay, to: e.businessDay });
        } catch (err) {
          // Only a head start: a report fills what is missing itself.
          console.error(`onestop-hub: report rollups of ${e.businessDay}: ${String(err)}`);
        }
      }
    });
  }

  listDevices(): CommandAck<ListDevicesResult> {
    return { ok: true, result: { devices: this.hub.store.listDevices().map(deviceInfo) } };
  }

  /** Renames a device; recorded with the admin under the command id. */
  renameDevice(caller: AdminCaller, m: RenameDeviceMessage): CommandAck<DeviceResult> {
    const previous = this.hub.store.commandResult(caller.actorKey, m.commandId);
    if (previous) return { ok: true, result: previous.result as DeviceResult };
    if (!this.hub.store.device(m.deviceId)) {
      return fail('invalid_message', `deviceId: no device "${m.deviceId}"`);
    }
    this.hub.store.connection
      .prepare('UPDATE devices SET name = ? WHERE id = ?')
      .run(m.name.trim(), m.deviceId);
    return this.deviceDone(caller, m.commandId, m.deviceId, 'device_renamed');
  }

  /** Unpairs a device for good (store.revokeDevice); its connection is refused at its next command. */
  unpairDevice(caller: AdminCaller, m: UnpairDeviceMessage): CommandAck<DeviceResult> {
    const previous = this.hub.store.commandResult(caller.actorKey, m.commandId);
    if (previous) return { ok: true, result: previous.result as DeviceResult };
    if (!this.hub.store.device(m.deviceId)) {
      return fail('invalid_message', `deviceId: no device "${m.deviceId}"`);
    }
    this.hub.store.revokeDevice(m.deviceId, this.hub.now());
    return this.deviceDone(caller, m.commandId, m.deviceId, 'device_unpaired');
  }

  private deviceDone(
    caller: AdminCaller,
    commandId: string,
    deviceId: string,
    type: 'device_renamed' | 'device_unpaired',
  ): CommandAck<DeviceResult> {
    const device = this.hub.store.device(deviceId);
    if (!device) return fail('invalid_message', `deviceId: no device "${deviceId}"`);
    const result = { device: deviceInfo(device) };
    const ids = { deviceId: device.id, kind: device.kind, windowId: device.windowId };
    this.record(
      caller,
      commandId,
      type === 'device_renamed' ? { type, ...ids, name: device.name } : { type, ...ids },
      result,
    );
    return { ok: true, result };
  }

  report(m: ReportMessage): CommandAck<ReportResult> {
    const result = computeReport(this.hub.store.connection, this.hub.config, m);
    return { ok: true, result };
  }

  listComplaints(m: ListComplaintsMessage): CommandAck<ListComplaintsResult> {
    return {
      ok: true,
      result: { complaints: this.complaints.list(m.filter, this.hub.now()) },
    };
  }

  complaintAction(caller: AdminCaller, m: ComplaintActionMessage): CommandAck<ComplaintResult> {
    const previous = this.hub.store.commandResult(caller.actorKey, m.commandId);
    if (previous) return { ok: true, result: previous.result as ComplaintResult };
    if (m.action === 'assign' && !this.hub.config.staff.some((s) => s.code === m.text.trim())) {
      return fail('staff_unknown', `text: no staff "${m.text.trim()}" to assign`);
    }
    try {
      const complaint = this.complaints.act(
        m.complaintId,
        { action: m.action, text: m.text, staffCode: caller.staffCode, commandId: m.commandId },
        this.hub.now(),
      );
      this.record(
        caller,
        m.commandId,
        { type: 'complaint_followed_up', complaintId: complaint.id, action: m.action },
        { complaint },
      );
      return { ok: true, result: { complaint } };
    } catch (err) {
      if (err instanceof ComplaintError) return fail('invalid_message', err.message);
      throw err;
    }
  }

  /** Enters a complaint by hand; refuses a service, window, clerk or ticket the hall does not know. */
  openComplaint(caller: AdminCaller, m: OpenComplaintMessage): CommandAck<ComplaintResult> {
    const previous = this.hub.store.commandResult(caller.actorKey, m.commandId);
    if (previous) return { ok: true, result: previous.result as ComplaintResult };
    const { config } = this.hub;
    if (m.serviceId !== null && !config.services.some((x) => x.id === m.serviceId)) {
      return fail('service_unknown', `serviceId: no service "${m.serviceId}"`);
    }
    if (m.windowId !== null && !config.windows.some((x) => x.id === m.windowId)) {
      return fail('window_unknown', `windowId: no window "${m.windowId}"`);
    }
    if (m.staffCode !== null && !config.staff.some((x) => x.code === m.staffCode)) {
      return fail('staff_unknown', `staffCode: no staff "${m.staffCode}"`);
    }
    if (m.ticketId !== null && !this.complaints.hasTicket(m.ticketId)) {
      return fail('ticket_unknown', `ticketId: no ticket "${m.ticketId}"`);
    }
    const complaint = this.complaints.open(
      m,
      {
        staffCode: caller.staffCode,
        timezone: config.hall.timezone,
        days: config.hall.policy.complaintDeadlineDays,
        calendar: config.hall,
      },
      this.hub.now(),
    );
    this.record(
      caller,
      m.commandId,
      {
        type: 'complaint_entered',
        complaint: {
          id: complaint.id,
          serviceId: m.serviceId,
          windowId: m.windowId,
          staffCode: m.staffCode,
          ticketId: m.ticketId,
        },
      },
      { complaint },
    );
    return { ok: true, result: { complaint } };
  }

  async changeConfig(
    caller: AdminCaller,
    m: ChangeConfigMessage,
    submit: Submit,
  ): Promise<CommandAck<ChangeConfigResult>> {
    const previous = this.hub.store.commandResult(caller.actorKey, m.commandId);
    if (previous) return { ok: true, result: previous.result as ChangeConfigResult };
    const changed = applyConfigChange(this.hub.config, m.change);
    if (!changed.ok) return fail('invalid_message', changed.errors.join('; '));
    const self = this.hub.config.staff.find((s) => s.code === caller.staffCode);
    const selfAfter = changed.config.staff.find((s) => s.code === caller.staffCode);
    if (self && (!selfAfter || !selfAfter.active || selfAfter.role !== 'admin')) {
      return fail('forbidden', 'staff: an admin may not disable or demote their own account');
    }
    const outcome = await submit({ type: 'change_config', config: changed.config });
    if (!outcome.ok) return outcome;
    // Kept for the next start too; today's log replays the change anyway.
    this.hub.store.saveConfig(this.hub.config);
    return { ok: true, result: { config: this.hub.config } };
  }

  async setStaffPin(
    caller: AdminCaller,
    m: SetStaffPinMessage,
  ): Promise<CommandAck<StaffPinResult>> {
    const previous = this.hub.store.commandResult(caller.actorKey, m.commandId);
    if (previous) return { ok: true, result: previous.result as StaffPinResult };
    const staff = this.hub.config.staff.find((s) => s.code === m.staffCode);
    if (!staff) return fail('staff_unknown', `staffCode: no staff "${m.staffCode}"`);
    this.hub.store.setPinHash(staff.code, await hashPin(m.pin));
    this.hub.store.clearLoginFailures(staff.code);
    const result = { staffCode: staff.code, role: staff.role };
    this.record(caller, m.commandId, { type: 'staff_pin_reset', staffCode: staff.code }, result);
    return { ok: true, result };
  }

  audit(m: AuditMessage): CommandAck<AuditResult> {
    return { ok: true, result: searchAudit(this.hub.store.connection, m) };
  }

  /** Commits the change's audit event with the person, and the answer by command id. */
  private record(
    caller: AdminCaller,
    commandId: string,
    event: AuditOnlyEvent,
    result: unknown,
  ): void {
    this.hub.record(caller.actor, caller.actorKey, commandId, [event], result);
  }
}
