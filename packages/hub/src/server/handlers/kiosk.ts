import { contactOf } from '@onestop/shared';
import { newToken } from '../../auth.js';
import { engine, fail, type Handlers } from '../pipeline.js';
import { deviceStatus, type HandlerDeps } from './common.js';

/** The kiosk's commands: a ticket, an appointment's check-in, its printer's state. */
export function kioskHandlers({ hub, appointments }: HandlerDeps): Handlers<'kiosk'> {
  return {
    issue_ticket: engine({
      command: (_call, m) => ({
        type: 'issue_ticket',
        itinerary: m.itinerary,
        class: m.class,
        appointment: null,
        accessToken: newToken(),
        contact: contactOf(m),
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
  };
}
