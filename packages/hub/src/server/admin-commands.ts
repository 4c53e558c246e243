import type {
  AuditOnlyEvent,
  ChangeConfigMessage,
  ChangeConfigResult,
  Command,
  CommandAck,
  ComplaintActionMessage,
  ComplaintResult,
  CreateDeviceMessage,
  CreateDeviceResult,
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
  UnlockStaffMessage,
  UnlockStaffResult,
} from '@onestop/shared';
import { hashPin } from '../auth.js';
import { createDevice, DeviceError } from '../features/devices/devices.js';
import type { CommandResult, Hub, Outcome } from '../hub.js';
import { computeReport } from '../reports/report.js';
import type { Actor, Device } from '../store/index.js';
import { searchAudit } from '../features/audit/audit.js';
import { ComplaintError, Complaints } from '../features/complaints/complaints.js';
import { addCaseStepRecord } from '../features/platform-upload/index.js';
import {
  applyConfigChange,
  timezoneIssue,
  timezoneRefusal,
} from '../features/config/admin-config.js';
import type { LoginGuard } from './sessions.js';

type Fail = { ok: false; error: { code: ErrorCode; message: string } };
const fail = (code: ErrorCode, message: string): Fail => ({ ok: false, error: { code, message } });

/** Who sends an admin command: the session's staff, and the key their command ids live under. */
export interface AdminCaller {
  staffCode: string;
  actorKey: string;
  actor: Actor;
}

/**
 * What a `create_device` keeps for its retries: the device, never its pairing code (the command
 * results are in the WAL and in every backup, and an unused code pairs a device for 24 hours).
 */
interface CreatedDevice {
  deviceId: string;
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
 * `complaint_actions`) and their result kept by command id: the command pipeline answers a retry
 * from it (server/pipeline.ts) and never calls these twice.
 */
export class AdminCommands {
  private readonly complaints: Complaints;

  constructor(
    private readonly hub: Hub,
    /** Failed logins by staff code and address (the sessions' own). */
    private readonly logins: LoginGuard,
  ) {
    this.complaints = new Complaints(hub.store, () => hub.config.hall);
  }

  listDevices(): CommandAck<ListDevicesResult> {
    return { ok: true, result: { devices: this.hub.store.listDevices().map(deviceInfo) } };
  }

  /**
   * Registers a device and answers its one-time pairing code. The result kept for a retry names
   * the device only. A retry of the same `commandId` means the answer was lost, so the console
   * never showed the code: it gets a fresh code for the same device, which replaces the unused one
   * (a code that went astray stops working). A device that has paired or was unpaired since gets
   * no new code (`pairingCode: null`): its code was shown and used, and a new one would let
   * another device pair in its place.
   */
  createDevice(caller: AdminCaller, m: CreateDeviceMessage): CommandAck<CreateDeviceResult> {
    try {
      const shown: { result?: CreateDeviceResult } = {};
      this.hub.record(caller.actor, caller.actorKey, m.commandId, () => {
        const made = createDevice(
          this.hub.store,
          this.hub.config,
          { kind: m.kind, name: m.name, windowId: m.windowId },
          this.hub.now(),
        );
        shown.result = made;
        const kept: CreatedDevice = { deviceId: made.deviceId };
        return { events: [], result: kept };
      });
      return shown.result
        ? { ok: true, result: shown.result }
        : fail('internal', 'no device was created');
    } catch (err) {
      if (err instanceof DeviceError) return fail('window_unknown', err.message);
      throw err;
    }
  }

  /** A retry of `create_device`, answered from what its first commit kept (see `createDevice`). */
  createDeviceAgain(stored: unknown): CommandAck<CreateDeviceResult> {
    return this.newCodeFor((stored as CreatedDevice).deviceId);
  }

  private newCodeFor(deviceId: string): CommandAck<CreateDeviceResult> {
    const device = this.hub.store.device(deviceId);
    if (!device || device.revokedAt !== null || device.pairedAt !== null) {
      return { ok: true, result: { deviceId, pairingCode: null, expiresAt: null } };
    }
    try {
      const made = createDevice(
        this.hub.store,
        this.hub.config,
        { kind: device.kind, name: device.name, windowId: device.windowId },
        this.hub.now(),
        device.id,
      );
      return { ok: true, result: made };
    } catch (err) {
      if (err instanceof DeviceError) return fail('window_unknown', err.message);
      throw err;
    }
  }

  /** Renames a device; recorded with the admin under the command id. */
  renameDevice(caller: AdminCaller, m: RenameDeviceMessage): CommandAck<DeviceResult> {
    if (!this.hub.store.device(m.deviceId)) {
      return fail('invalid_message', `deviceId: no device "${m.deviceId}"`);
    }
    return this.deviceDone(caller, m.commandId, m.deviceId, 'device_renamed', () => {
      this.hub.store.renameDevice(m.deviceId, m.name.trim());
    });
  }

  /** Unpairs a device for good (store.revokeDevice); its connection is refused at its next command. */
  unpairDevice(caller: AdminCaller, m: UnpairDeviceMessage): CommandAck<DeviceResult> {
    if (!this.hub.store.device(m.deviceId)) {
      return fail('invalid_message', `deviceId: no device "${m.deviceId}"`);
    }
    return this.deviceDone(caller, m.commandId, m.deviceId, 'device_unpaired', () => {
      this.hub.store.revokeDevice(m.deviceId, this.hub.now());
    });
  }

  private deviceDone(
    caller: AdminCaller,
    commandId: string,
    deviceId: string,
    type: 'device_renamed' | 'device_unpaired',
    change: () => void,
  ): CommandAck<DeviceResult> {
    const result = this.record(caller, commandId, () => {
      change();
      const device = this.hub.store.device(deviceId);
      if (!device) throw new Error(`device ${deviceId} vanished`);
      const ids = { deviceId: device.id, kind: device.kind, windowId: device.windowId };
      return {
        event: type === 'device_renamed' ? { type, ...ids, name: device.name } : { type, ...ids },
        result: { device: deviceInfo(device) },
      };
    });
    return { ok: true, result };
  }

  report(m: ReportMessage): CommandAck<ReportResult> {
    // 追评 of the range's ratings: none was made before the first day began (a day's margin for
    // the hall's timezone).
    const since = Date.parse(`${m.from}T00:00:00Z`) - 86_400_000;
    const followUps = this.hub.store.ratingFollowUps
      .ofDays(m.from, m.to, Number.isNaN(since) ? 0 : since)
      .map(({ type: _type, ...view }) => view);
    const result = {
      ...computeReport(this.hub.store, this.hub.config, m, this.hub.now()),
      followUps,
    };
    return { ok: true, result };
  }

  listComplaints(m: ListComplaintsMessage): CommandAck<ListComplaintsResult> {
    return {
      ok: true,
      result: { complaints: this.complaints.list(m.filter, this.hub.now()) },
    };
  }

  complaintAction(caller: AdminCaller, m: ComplaintActionMessage): CommandAck<ComplaintResult> {
    if (m.action === 'assign' && !this.hub.config.staff.some((s) => s.code === m.text.trim())) {
      return fail('staff_unknown', `text: no staff "${m.text.trim()}" to assign`);
    }
    try {
      const result = this.record(caller, m.commandId, () => {
        const complaint = this.complaints.act(
          m.complaintId,
          {
            action: m.action,
            text: m.text,
            by: m.by ?? null,
            at: m.at ?? null,
            staffCode: caller.staffCode,
            commandId: m.commandId,
          },
          this.hub.now(),
        );
        // The platform's record of the step, in the same transaction (features/platform-upload).
        addCaseStepRecord(this.hub.store.platformUpload, complaint, m.action, this.hub.now());
        return {
          event: { type: 'complaint_followed_up', complaintId: complaint.id, action: m.action },
          result: { complaint },
        };
      });
      return { ok: true, result };
    } catch (err) {
      if (err instanceof ComplaintError) {
        const issues = err.issue ? [{ ...err.issue, params: {} }] : [];
        return { ok: false, error: { code: 'invalid_message', message: err.message, issues } };
      }
      throw err;
    }
  }

  /** Enters a complaint by hand; refuses a service, window, clerk or ticket the hall does not know. */
  openComplaint(caller: AdminCaller, m: OpenComplaintMessage): CommandAck<ComplaintResult> {
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
    const result = this.record(caller, m.commandId, () => {
      const complaint = this.complaints.open(m, { staffCode: caller.staffCode }, this.hub.now());
      return {
        event: {
          type: 'complaint_entered',
          complaint: {
            id: complaint.id,
            serviceId: m.serviceId,
            windowId: m.windowId,
            staffCode: m.staffCode,
            ticketId: m.ticketId,
            // The region's complaint supervision sees it overdue (docs/REGION.md).
            deadlineAt: complaint.deadlineAt,
          },
        },
        result: { complaint },
      };
    });
    return { ok: true, result };
  }

  async changeConfig(
    caller: AdminCaller,
    m: ChangeConfigMessage,
    submit: Submit,
  ): Promise<CommandAck<ChangeConfigResult>> {
    const changed = applyConfigChange(this.hub.config, m.change);
    const errors = changed.ok ? [] : changed.errors;
    const issues = changed.ok ? [] : changed.issues;
    if (m.change.kind === 'hall' && !errors.some((e) => e.startsWith('hall.timezone'))) {
      const busy = timezoneRefusal(this.hub.current, m.change.timezone);
      const issue = timezoneIssue(this.hub.current, m.change.timezone);
      if (busy) errors.push(busy);
      if (issue) issues.push(issue);
    }
    if (!changed.ok || errors.length > 0) {
      return { ok: false, error: { code: 'invalid_message', message: errors.join('; '), issues } };
    }
    const self = this.hub.config.staff.find((s) => s.code === caller.staffCode);
    const selfAfter = changed.config.staff.find((s) => s.code === caller.staffCode);
    if (self && (!selfAfter || !selfAfter.active || selfAfter.role !== 'admin')) {
      const message = 'staff: an admin may not disable or demote their own account';
      const issues = [{ path: 'staff', code: 'own_account' as const, params: {} }];
      return { ok: false, error: { code: 'forbidden', message, issues } };
    }
    const outcome = await submit({ type: 'change_config', config: changed.config });
    // Saved for the next start by the same commit as its event (Hub.touched).
    if (!outcome.ok) return outcome;
    return { ok: true, result: { config: this.hub.config } };
  }

  async setStaffPin(
    caller: AdminCaller,
    m: SetStaffPinMessage,
  ): Promise<CommandAck<StaffPinResult>> {
    const staff = this.hub.config.staff.find((s) => s.code === m.staffCode);
    if (!staff) return fail('staff_unknown', `staffCode: no staff "${m.staffCode}"`);
    const pinHash = await hashPin(m.pin);
    const result = this.record(caller, m.commandId, () => {
      this.hub.store.setPinHash(staff.code, pinHash);
      return {
        event: { type: 'staff_pin_reset', staffCode: staff.code },
        result: { staffCode: staff.code, role: staff.role },
      };
    });
    // A new PIN: the guesses at the old one no longer lock the code out anywhere.
    this.logins.unlock(staff.code, this.hub.now());
    return { ok: true, result };
  }

  /**
   * Lifts every login lock of a staff code, from whatever address (five wrong PINs lock a code
   * from one address for five minutes). Recorded as `staff_unlocked`, with how many addresses
   * were locked out, by the admin who did it.
   */
  unlockStaff(caller: AdminCaller, m: UnlockStaffMessage): CommandAck<UnlockStaffResult> {
    const staff = this.hub.config.staff.find((s) => s.code === m.staffCode);
    if (!staff) return fail('staff_unknown', `staffCode: no staff "${m.staffCode}"`);
    const now = this.hub.now();
    const lockedAddresses = this.logins.lockedAddresses(staff.code, now);
    const result = this.record(caller, m.commandId, () => ({
      event: { type: 'staff_unlocked', staffCode: staff.code, lockedAddresses },
      result: { staffCode: staff.code, lockedAddresses },
    }));
    // Only once the event is committed: a failed commit unlocks nothing.
    this.logins.unlock(staff.code, now);
    return { ok: true, result };
  }

  audit(m: AuditMessage): CommandAck<AuditResult> {
    return { ok: true, result: searchAudit(this.hub.store, m) };
  }

  /**
   * Makes the change and commits its audit event with the person, and the answer by command
   * id, in one transaction: a failure of either keeps neither.
   */
  private record<T>(
    caller: AdminCaller,
    commandId: string,
    change: () => { event: AuditOnlyEvent; result: T },
  ): T {
    return this.hub.record(caller.actor, caller.actorKey, commandId, () => {
      const { event, result } = change();
      return { events: [event], result };
    }).result;
  }
}
