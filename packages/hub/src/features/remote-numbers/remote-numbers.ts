import { createHmac, randomInt } from 'node:crypto';
import {
  DEFAULT_REMOTE,
  peopleAhead,
  RemoteAnswerSchema,
  REMOTE_CODE_LENGTH,
  type ConfirmRemoteResult,
  type EngineErrorCode,
  type HallRemote,
  type RemoteAnswer,
  type RemoteRefusal,
  type RemoteRequest,
} from '@onestop/shared';
import { newToken } from '../../auth.js';
import type { Hub } from '../../hub.js';
import { idHashOf, takenBy } from '../visitor-ids/visitor-ids.js';

/*
 * 远程取号 (docs/VISITORS.md, "Numbers from the phone"). A request the region brought becomes a
 * ticket through the engine (`issue_ticket` with `remote`), under a command id made from the
 * request: whatever happens, a request issues one ticket at most (a request brought again after
 * a crash between the ticket's commit and the code's gets the same ticket from the stored
 * command result). The code, the phone's tag and the answer are then written in one
 * transaction, with the salted hash of the ID number if the visitor typed one (never the number);
 * a refusal is kept the same way. The engine keeps the number out of every call
 * until `confirm_remote`, and expires it when it stays first in line unconfirmed.
 */

/** Whose the ID-number rows of remote requests are (features/visitor-ids). */
const ID_ACTOR = 'system:remote-numbers';

/** The hall's remote-number settings, with the defaults (off). */
export function remoteSettings(hub: Hub): HallRemote {
  return hub.config.hall.remote ?? DEFAULT_REMOTE;
}

/** The tag of a phone number for the per-phone limit: an HMAC with the hall's own key. */
function phoneTag(hub: Hub, phone: string): string {
  return createHmac('sha256', hub.store.appointments.bookingKey()).update(phone).digest('hex');
}

/** A refusal the visitor is told, for the engine's refusals that are about the request. */
function refusalOf(code: EngineErrorCode): RemoteRefusal | null {
  switch (code) {
    case 'service_unknown':
    case 'service_disabled':
      return 'not_offered';
    case 'service_closed_now':
    case 'day_not_open':
      return 'closed';
    case 'quota_reached':
      return 'quota';
    default:
      return null;
  }
}

const isEngineCode = (code: string, known: readonly string[]): code is EngineErrorCode =>
  known.includes(code);

const REFUSED_BY_ENGINE: readonly EngineErrorCode[] = [
  'service_unknown',
  'service_disabled',
  'service_closed_now',
  'day_not_open',
  'quota_reached',
];

/** The kept answer to a request, or a new one kept in one transaction with what it writes. */
function keep(hub: Hub, requestId: string, write: () => RemoteAnswer): RemoteAnswer {
  const records = hub.store.remoteNumbers;
  return hub.store.transaction(() => {
    const kept = records.answerOf(requestId);
    if (kept !== null) return RemoteAnswerSchema.parse(JSON.parse(kept));
    const answer = write();
    records.keepAnswer(requestId, JSON.stringify(answer), hub.now());
    return answer;
  });
}

/**
 * The hall's answer to one remote-number request: issued (number and confirmation code) or
 * refused with its reason. Throws when the hub cannot decide now (the store is busy): the
 * request is then brought again by the next round.
 */
export async function answerRemoteRequest(hub: Hub, request: RemoteRequest): Promise<RemoteAnswer> {
  const records = hub.store.remoteNumbers;
  const kept = records.answerOf(request.id);
  if (kept !== null) return RemoteAnswerSchema.parse(JSON.parse(kept));
  const refused = (reason: RemoteRefusal): RemoteAnswer =>
    keep(hub, request.id, () => ({ requestId: request.id, outcome: 'refused', reason }));

  const settings = remoteSettings(hub);
  if (!settings.enabled || !settings.serviceIds.includes(request.serviceId)) {
    return refused('not_offered');
  }
  const tag = phoneTag(hub, request.phone);
  const today = hub.today();
  // A request brought again after its ticket was issued is not counted against its own phone.
  const issuedBefore = records.byRequest(request.id);
  if (issuedBefore === null && records.ofPhone(today, tag) >= settings.perPhonePerDay) {
    return refused('phone_limit');
  }
  // The ID number typed on the phone: the hall's per-person limit applies as at the kiosk.
  const idDay = hub.current.day?.businessDay ?? today;
  if (
    issuedBefore === null &&
    request.idNumber !== undefined &&
    takenBy(hub, idDay, idHashOf(hub, idDay, request.idNumber), request.serviceId) !== undefined
  ) {
    return refused('id_limit');
  }
  const outcome = await hub.submit({ kind: 'system' }, 'remote-numbers', `remote-${request.id}`, {
    type: 'issue_ticket',
    itinerary: [{ serviceIds: [request.serviceId] }],
    class: 'normal',
    appointment: null,
    accessToken: newToken(),
    remote: true,
  });
  if (!outcome.ok) {
    const code = outcome.error.code;
    const reason = isEngineCode(code, REFUSED_BY_ENGINE) ? refusalOf(code) : null;
    if (reason === null) throw new Error(`remote number ${request.id}: ${outcome.error.message}`);
    return refused(reason);
  }
  const ticket = outcome.result.ticket;
  if (ticket === null) throw new Error(`remote number ${request.id}: issued no ticket`);
  return keep(hub, request.id, () => {
    const row = records.byRequest(request.id);
    let code = row?.code ?? '';
    if (row === null) {
      do {
        code = String(randomInt(10 ** REMOTE_CODE_LENGTH)).padStart(REMOTE_CODE_LENGTH, '0');
      } while (records.byCode(ticket.businessDay, code) !== null);
      records.insert({
        ticketId: ticket.id,
        businessDay: ticket.businessDay,
        code,
        phoneTag: tag,
        requestId: request.id,
        issuedAt: hub.now(),
      });
      if (request.idNumber !== undefined) {
        // Only the day's salted hash, for the ticket: a card at the kiosk confirms it.
        const commandId = `remote-${request.id}`;
        hub.store.visitorIds.reserve({
          actorKey: ID_ACTOR,
          commandId,
          day: ticket.businessDay,
          serviceId: ticket.serviceId,
          hash: idHashOf(hub, ticket.businessDay, request.idNumber),
          maskedName: '',
          at: hub.now(),
        });
        hub.store.visitorIds.setTicket(ID_ACTOR, commandId, ticket.id);
      }
    }
    return {
      requestId: request.id,
      outcome: 'issued',
      number: ticket.number,
      code,
      serviceId: ticket.serviceId,
      peopleAhead: peopleAhead(hub.current, ticket.id) ?? 0,
      confirmWithinMinutes: settings.confirmWithinMinutes,
      ...(request.idNumber === undefined ? {} : { byIdCard: true as const }),
    };
  });
}

/** Today's remote number with this confirmation code: its ticket id, or null. */
export function remoteTicketOf(hub: Hub, code: string): string | null {
  return hub.store.remoteNumbers.byCode(hub.today(), code)?.ticket_id ?? null;
}

/**
 * Why a code names no remote number of today: one of another day (`remote_not_today`), or none.
 */
export function codeRefusal(
  hub: Hub,
  code: string,
): { ok: false; error: { code: 'remote_not_today' | 'remote_unknown'; message: string } } {
  const day = hub.store.remoteNumbers.lastDayOf(code);
  return day !== null && day !== hub.today()
    ? { ok: false, error: { code: 'remote_not_today', message: `code ${code} is of ${day}` } }
    : {
        ok: false,
        error: { code: 'remote_unknown', message: `no remote number with code ${code} today` },
      };
}

/**
 * Of the tickets recorded today with one ID number (features/visitor-ids `ticketsOf`), the remote
 * number to confirm: the one still waiting unconfirmed, else any remote one (whose refusal the
 * engine then words: already confirmed, expired), else null. With `pendingOnly`, only the first.
 */
export function remoteTicketOfCard(
  hub: Hub,
  ticketIds: readonly string[],
  pendingOnly = false,
): string | null {
  const remote = ticketIds.flatMap((id) => {
    const ticket = hub.current.tickets.get(id);
    return ticket?.remote === undefined ? [] : [ticket];
  });
  const pending = remote.find((t) => t.status === 'waiting' && t.remote?.confirmedAt === null);
  return (pending ?? (pendingOnly ? undefined : remote[0]))?.id ?? null;
}

/** What the kiosk shows once confirmed: the ticket and the people ahead of it. */
export function confirmedAnswer(hub: Hub, ticketId: string): ConfirmRemoteResult | null {
  const ticket = hub.current.tickets.get(ticketId);
  if (ticket === undefined) return null;
  return { ticket: structuredClone(ticket), peopleAhead: peopleAhead(hub.current, ticketId) };
}
