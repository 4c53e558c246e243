import type { CommandAck, CommandMessage } from '@onestop/shared';
import type { Hub } from '../../hub.js';
import type { AdminCommands } from '../admin-commands.js';
import type { Appointments } from '../../features/appointments/appointments.js';
import type { VisitorIds } from '../../features/visitor-ids/visitor-ids.js';
import type { WindowLogins } from '../clerk-sessions.js';
import { fail, type Call } from '../pipeline.js';
import type { LoginGuard } from '../sessions.js';

/** What the handlers of every role work with: one set per server. */
export interface HandlerDeps {
  hub: Hub;
  /** Clerks logged in at window terminals. */
  windowLogins: WindowLogins;
  /** Failed logins by staff code and address (the sessions' own). */
  guard: LoginGuard;
  admin: AdminCommands;
  appointments: Appointments;
  /** The resident ID card at the kiosk: the limit per person, the masked names. */
  visitorIds: VisitorIds;
  /** Ends the open sockets of a device (unpaired: its token is gone). */
  disconnectDevice(deviceId: string): void;
}

/** `device_status` of every paired device: its state, kept with the device (no event). */
export function deviceStatus(
  hub: Hub,
): (call: Call, m: CommandMessage<'kiosk', 'device_status'>) => CommandAck<Record<string, never>> {
  return ({ conn }, m) => {
    if (!conn.deviceId) return fail('forbidden', 'only paired devices report a status');
    hub.store.setDeviceStatus(
      conn.deviceId,
      { state: m.state, detail: m.detail, printer: m.printer ?? null },
      hub.now(),
    );
    return { ok: true, result: {} };
  };
}
