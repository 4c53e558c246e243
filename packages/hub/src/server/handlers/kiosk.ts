import { contactOf, type Command, type IssueTicketMessage } from '@onestop/shared';
import { newToken } from '../../auth.js';
import type { CommandResult } from '../../hub.js';
import { fail, type Handlers } from '../pipeline.js';
import { deviceStatus, type HandlerDeps } from './common.js';

function issueCommand(m: IssueTicketMessage): Command {
  return {
    type: 'issue_ticket',
    itinerary: m.itinerary,
    class: m.class,
    appointment: null,
    accessToken: newToken(),
    contact: contactOf(m),
  };
}

function issueAnswer({ ticket }: CommandResult) {
  return ticket ? { ok: true as const, result: { ticket } } : fail('internal', 'issued no ticket');
}

/** The kiosk's commands: a ticket, an appointment's check-in, its printer's state. */
export function kioskHandlers({ hub, appointments, visitorIds }: HandlerDeps): Handlers<'kiosk'> {
  return {
    // An ID card on the kiosk's reader (features/visitor-ids): the hall's limit per person is
    // checked and the card's row reserved before the engine decides; the row names the ticket
    // once it is committed, and goes when the engine refuses. A retry is answered from the
    // stored result (the row was written with the first answer).
    issue_ticket: {
      run: async (call, m) => {
        const admitted = visitorIds.admit(call.actorKey, m);
        if (!admitted.ok) return admitted;
        const outcome = await call.submit(issueCommand(m));
        if (!outcome.ok) {
          admitted.admission.refused();
          return outcome;
        }
        if (outcome.result.ticket) admitted.admission.issued(outcome.result.ticket);
        return issueAnswer(outcome.result);
      },
      replay: (_call, _m, stored) => issueAnswer(stored as CommandResult),
    },
    // A retry finds its booking by the check-in key, and the ticket by the booking's command id
    // (features/appointments): its result is not stored under the kiosk's command id.
    check_in: {
      run: ({ actor, actorKey }, m) => appointments.checkIn({ actor, actorKey }, m),
    },
    device_status: { run: deviceStatus(hub) },
  };
}
