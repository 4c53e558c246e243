import {
  contactOf,
  type Command,
  type ConfirmRemoteMessage,
  type IssueTicketMessage,
} from '@onestop/shared';
import { newToken } from '../../auth.js';
import { assistAnswer, assistIssueRefusal, latestAssistOf } from '../../features/assist/assist.js';
import {
  codeRefusal,
  confirmedAnswer,
  remoteTicketOf,
  remoteTicketOfCard,
} from '../../features/remote-numbers/index.js';
import type { CommandResult } from '../../hub.js';
import { engine, fail, type Call, type Handlers, type Refusal } from '../pipeline.js';
import { checkStaffLogin, type LoginGuard } from '../sessions.js';
import { deviceStatus, type HandlerDeps } from './common.js';

function issueCommand(m: IssueTicketMessage, allowedBy: string | null): Command {
  return {
    type: 'issue_ticket',
    itinerary: m.itinerary,
    class: m.class,
    appointment: null,
    accessToken: newToken(),
    contact: contactOf(m),
    assistId: m.assistId ?? null,
    ...(allowedBy === null ? {} : { allowedBy }),
  };
}

/**
 * A staff member's code and PIN typed at the kiosk for a visitor without a card: checked as a
 * window terminal's login is (`checkStaffLogin`: the same count of failures by code and address
 * and the same lockout, from this kiosk's address), never kept. Answers who allowed it, or the
 * refusal (a wrong PIN counts toward the lockout).
 */
async function staffPermit(
  hub: HandlerDeps['hub'],
  guard: LoginGuard,
  call: Call,
  m: IssueTicketMessage,
): Promise<{ ok: true; staffCode: string | null } | Refusal> {
  const pin = m.staffPin;
  if (pin === undefined) return { ok: true, staffCode: null };
  if (m.idCard !== undefined) {
    return fail('invalid_message', 'a ticket with an ID card needs no staff PIN');
  }
  const login = await checkStaffLogin(hub, guard, { ...pin, address: call.conn.address });
  return login.ok ? { ok: true, staffCode: login.staff.code } : fail(login.code, login.message);
}

/** A ticket no staff member allowed (no PIN typed): most tickets. */
const NO_PERMIT = { ok: true, staffCode: null } as const;

/** The kiosk's ticket; a remote number the card confirmed instead says so (`found`). */
function issueAnswer({ ticket }: CommandResult) {
  if (!ticket) return fail('internal', 'issued no ticket');
  return {
    ok: true as const,
    result: ticket.remote ? { ticket, found: 'remote' as const } : { ticket },
  };
}

/**
 * The kiosk's commands: a ticket (with the staff's help, 帮办代办, when it called for it), an
 * appointment's check-in, its printer's state, a call for help.
 */
export function kioskHandlers({
  hub,
  appointments,
  visitorIds,
  guard,
}: HandlerDeps): Handlers<'kiosk'> {
  /** The remote number a `confirm_remote` names: by its code, or by the card's recorded hash. */
  const remoteOf = (m: ConfirmRemoteMessage): string | null =>
    'code' in m
      ? remoteTicketOf(hub, m.code)
      : remoteTicketOfCard(hub, visitorIds.ticketsOf(m.idCard.number));
  return {
    // Only this kiosk's own call for help marks its ticket; once staff answered it, it also lets
    // one ticket without a card through where the hall asks for a card. An ID card on the kiosk's reader
    // (features/visitor-ids): the hall's limit per person is checked and the card's row reserved
    // before the engine decides; the row names the ticket once it is committed, and goes when
    // the engine refuses. A retry is answered from the stored result (the row was written with
    // the first answer). A staff member's code and PIN also let a ticket without a card through.
    issue_ticket: {
      run: async (call, m) => {
        const notHelped = assistIssueRefusal(hub.current, call.conn.deviceId, m.assistId);
        if (notHelped) return notHelped;
        // Without a PIN nothing is awaited before the submit below, so the hub trusts the
        // pipeline's read of the stored result instead of reading it again (pipeline.ts).
        const permit =
          m.staffPin === undefined ? NO_PERMIT : await staffPermit(hub, guard, call, m);
        if (!permit.ok) return permit;
        // The card finds the visitor's own number first: a number taken from the phone with this
        // ID number is confirmed, today's booking made with it is checked in, instead of a new
        // number (which the limit per person might refuse).
        if (m.idCard) {
          const remote = remoteTicketOfCard(hub, visitorIds.ticketsOf(m.idCard.number), true);
          if (remote !== null) {
            const confirmed = await call.submit({ type: 'confirm_remote', ticketId: remote });
            return confirmed.ok ? issueAnswer(confirmed.result) : confirmed;
          }
          const booked = await appointments.checkInByCard(call, m.commandId, m.idCard.number);
          if (booked !== null) {
            return booked.ok
              ? { ok: true, result: { ticket: booked.result.ticket, found: 'appointment' } }
              : booked;
          }
        }
        const assist = m.assistId ? hub.current.assists.get(m.assistId) : undefined;
        const admitted = visitorIds.admit(call.actorKey, m, assist, permit.staffCode);
        if (!admitted.ok) return admitted;
        const outcome = await call.submit(issueCommand(m, permit.staffCode));
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
    // 远程取号: the code, or the ID card whose number came with the request, names today's
    // remote number (features/remote-numbers); the engine confirms it once, or says why not
    // (already confirmed, expired). A code of another day is told apart from a wrong one.
    confirm_remote: engine({
      check: (_call, m) => {
        if (remoteOf(m) !== null) return null;
        return 'code' in m
          ? codeRefusal(hub, m.code)
          : fail('remote_unknown', 'no remote number of today was taken with this ID card');
      },
      command: (_call, m) => ({ type: 'confirm_remote', ticketId: remoteOf(m) ?? '' }),
      answer: (_call, _m, r) => {
        const answer = r.ticket === null ? null : confirmedAnswer(hub, r.ticket.id);
        return answer === null
          ? fail('internal', 'confirmed no ticket')
          : { ok: true as const, result: answer };
      },
    }),
  };
}
