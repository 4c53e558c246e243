import { newToken } from '../../auth.js';
import { assistAnswer, assistIssueRefusal, latestAssistOf } from '../../features/assist/assist.js';
import { engine, fail, type Handlers } from '../pipeline.js';
import { deviceStatus, type HandlerDeps } from './common.js';

/**
 * The kiosk's commands: a ticket (with the staff's help, 帮办代办, when it called for it), an
 * appointment's check-in, its printer's state, a call for help.
 */
export function kioskHandlers({ hub, appointments }: HandlerDeps): Handlers<'kiosk'> {
  return {
    issue_ticket: engine({
      // Only this kiosk's own call for help marks its ticket.
      check: ({ conn }, m) => assistIssueRefusal(hub.current, conn.deviceId, m.assistId),
      command: (_call, m) => ({
        type: 'issue_ticket',
        itinerary: m.itinerary,
        class: m.class,
        appointment: null,
        accessToken: newToken(),
        assistId: m.assistId ?? null,
      }),
      answer: (_call, _m, { ticket }) =>
        ticket ? { ok: true, result: { ticket } } : fail('internal', 'issued no ticket'),
    }),
    // A retry finds its booking by the check-in key, and the ticket by the booking's command id
    // (features/appointments): its result is not stored under the kiosk's command id.
    check_in: {
      run: ({ actor, actorKey }, m) => appointments.checkIn({ actor, actorKey }, m),
    },
    device_status: { run: deviceStatus(hub) },
    request_assist: engine({
      check: ({ conn }) =>
        conn.deviceId ? null : fail('forbidden', 'only a paired kiosk calls for help'),
      command: ({ conn }) => ({
        type: 'request_assist',
        kioskId: conn.deviceId ?? '',
        kioskName: hub.store.device(conn.deviceId ?? '')?.name ?? '',
      }),
      // The new call, or the one this kiosk already has open (a second touch doubles nothing).
      answer: ({ conn }) =>
        assistAnswer(hub.current, latestAssistOf(hub.current, conn.deviceId ?? '')),
    }),
  };
}
