import { createHmac, randomBytes } from 'node:crypto';
import {
  maskName,
  type AssistRequest,
  type IdCardHolder,
  type IssueTicketMessage,
  type RefusalIssue,
  type Ticket,
} from '@onestop/shared';
import type { Hub } from '../../hub.js';
import type { VisitorIdRow } from '../../store/index.js';

/*
 * The resident ID card at the kiosk (docs/VISITORS.md): one ticket per person per service per
 * day, or per day (`hall.idLimit`); the masked name on the ticket for the clerk; a visitor
 * without a card gets a ticket or is sent to staff (`hall.withoutIdCard`).
 *
 * The hub hashes the number, with a key of the day made here and kept only in the hall's store
 * (HMAC-SHA256): the key never leaves the hub, so neither a kiosk nor anyone holding a kiosk can
 * make or test hashes, and the 18-digit numbers (few enough to try them all) cannot be found
 * from a hash without it. The number itself crosses the hall's LAN once, in the kiosk's issue
 * message (TLS when the hub is started with a certificate), and is never written: not to the
 * store, the log, a command's result, an event or the audit. When the day closes its key,
 * hashes and masked names are deleted and only the counts stay.
 */

export type Refusal = {
  ok: false;
  error: {
    code: 'id_limit_reached' | 'id_card_required';
    message: string;
    issues?: RefusalIssue[];
  };
};

/** A card let through: its row is reserved under the kiosk's command until the ticket commits. */
export interface Admission {
  /** The ticket was committed: the row names it. */
  issued(ticket: Ticket): void;
  /** The engine refused the ticket: the reservation goes. */
  refused(): void;
}

const NOTHING = {
  ok: true,
  admission: { issued: () => undefined, refused: () => undefined },
} as const satisfies Admitted;

/** A card let through, or a ticket without a card. */
export interface Admitted {
  ok: true;
  admission: Admission;
}

export class VisitorIds {
  constructor(private readonly hub: Hub) {
    // A crash between a ticket's commit and its row's update, or a day closed while the hub
    // was down: put right before the first card.
    hub.store.visitorIds.repair();
    dropClosedDays(hub);
  }

  private get records() {
    return this.hub.store.visitorIds;
  }

  /** The day the kiosk's ticket is issued on. */
  private day(): string {
    return this.hub.current.day?.businessDay ?? this.hub.today();
  }

  /** HMAC-SHA256 of the number with the day's key (made on the day's first card). */
  hashOf(day: string, number: string): string {
    return idHashOf(this.hub, day, number);
  }

  /**
   * The tickets of the kiosk's day recorded with this ID number (a card at the kiosk, or a
   * number given with a remote request), oldest first. Reads only: before the day's first card
   * there is no key and nothing to find.
   */
  ticketsOf(number: string): string[] {
    const day = this.day();
    const key = this.records.existingKey(day);
    if (key === null) return [];
    return this.records
      .byHash(day, hmacOf(key, number))
      .flatMap((r) => (r.ticket_id === null ? [] : [r.ticket_id]));
  }

  /**
   * Whether the kiosk's ticket may be issued; when it carries a card, reserves its row (the
   * hash and the masked name) under the kiosk's command, so a second kiosk with the same card
   * meanwhile is refused. A retry of the same command finds its own row and goes on.
   *
   * `assist` is the kiosk's own call for help (帮办代办) the ticket is issued with, if any: in a
   * hall that sends visitors without a card to its staff (`askStaff`), a call that staff have
   * answered lets one ticket without a card through (the engine marks the call served with it);
   * so does a staff member whose code and PIN the hub checked at the kiosk (`allowedBy`).
   */
  admit(
    actorKey: string,
    m: IssueTicketMessage,
    assist: AssistRequest | undefined,
    allowedBy: string | null = null,
  ): Refusal | Admitted {
    const card = m.idCard;
    const hall = this.hub.config.hall;
    if (card === undefined) {
      const staffAllowed = assist?.status === 'answered' || allowedBy !== null;
      if ((hall.withoutIdCard ?? 'issue') === 'issue' || staffAllowed) {
        return NOTHING;
      }
      return assist === undefined
        ? refusal(
            'id_card_required',
            'this hall issues tickets at the kiosk only with an ID card',
            [],
          )
        : refusal('id_card_required', `no staff has answered the call for help ${assist.id} yet`, [
            { path: '', code: 'assist_not_answered', params: {} },
          ]);
    }
    const own = this.records.byCommand(actorKey, m.commandId);
    if (own) return this.admission(actorKey, m.commandId);
    const day = this.day();
    const serviceId = m.itinerary[0]?.serviceIds[0] ?? '';
    const hash = this.hashOf(day, card.number);
    const limit = hall.idLimit ?? 'none';
    const taken = takenBy(this.hub, day, hash, serviceId);
    if (taken) {
      this.records.countRefusal(day, serviceId);
      return limitRefusal(limit === 'perDay' ? 'id_limit_per_day' : 'id_limit_per_service', taken);
    }
    this.records.reserve({
      actorKey,
      commandId: m.commandId,
      day,
      serviceId,
      hash,
      maskedName: maskedNameOf(card),
      at: this.hub.now(),
    });
    return this.admission(actorKey, m.commandId);
  }

  private admission(actorKey: string, commandId: string): Admitted {
    return {
      ok: true,
      admission: {
        issued: (ticket) => this.records.setTicket(actorKey, commandId, ticket.id),
        refused: () => this.records.release(actorKey, commandId),
      },
    };
  }

  /** The masked name of a ticket issued with a card today, or null. */
  maskedName(ticketId: string): string | null {
    // A number given with a remote request comes without a name: none to show.
    const name = this.records.byTicket(ticketId)?.masked_name;
    return name === undefined || name === '' ? null : name;
  }

  /** The masked names of the current day's tickets issued with a card, by ticket id. */
  maskedNames(): Map<string, string> {
    const names = new Map<string, string>();
    for (const r of this.records.ofDay(this.day())) {
      if (r.ticket_id !== null && r.masked_name !== '') names.set(r.ticket_id, r.masked_name);
    }
    return names;
  }
}

/** HMAC-SHA256 of an ID number with the day's key (made on the day's first number). */
export function idHashOf(hub: Hub, day: string, number: string): string {
  return hmacOf(
    hub.store.visitorIds.keyOf(day, () => randomBytes(32).toString('hex')),
    number,
  );
}

/**
 * The earlier ticket of the day that the hall's per-person limit (`hall.idLimit`) counts against
 * a new one of this person for this service, or undefined: the new one may be issued.
 */
export function takenBy(
  hub: Hub,
  day: string,
  hash: string,
  serviceId: string,
): VisitorIdRow | undefined {
  const limit = hub.config.hall.idLimit ?? 'none';
  return hub.store.visitorIds.byHash(day, hash).find((r) => {
    switch (limit) {
      case 'none':
        return false;
      case 'perDay':
        return true;
      case 'perServicePerDay':
        return r.service_id === serviceId;
    }
  });
}

function hmacOf(key: string, number: string): string {
  return createHmac('sha256', Buffer.from(key, 'hex')).update(number, 'utf8').digest('hex');
}

/** The name as kept and shown: masked, and never a digit (the store refuses digits). */
export function maskedNameOf(card: IdCardHolder): string {
  return maskName(card.name.replace(/\d/gu, ''));
}

/**
 * Deletes the ID card's keys, hashes and masked names of every day but the open one, keeping
 * their counts (`visitor_id_figures`), and the ID hashes of the bookings of earlier days. Run when a day closes and when the hub starts.
 */
export function dropClosedDays(hub: Hub): void {
  const day = hub.current.day;
  const open = day && day.status === 'open' ? day.businessDay : '';
  for (const closed of hub.store.visitorIds.daysBefore(open)) hub.store.visitorIds.dropDay(closed);
  // The bookings' ID hashes (features/appointments) of the days before: their days are over.
  hub.store.appointments.dropIdHashes(open === '' ? hub.today() : open);
}

function refusal(code: Refusal['error']['code'], message: string, issues: RefusalIssue[]): Refusal {
  return { ok: false, error: { code, message, issues } };
}

function limitRefusal(
  code: 'id_limit_per_day' | 'id_limit_per_service',
  taken: VisitorIdRow,
): Refusal {
  const ticket = taken.ticket_id?.split('/')[1] ?? '';
  const message =
    code === 'id_limit_per_day'
      ? `this person already took ${ticket || 'a ticket'} today (one per person per day)`
      : `this person already took ${ticket || 'a ticket'} for this service today (one per person per service per day)`;
  return refusal('id_limit_reached', message, [{ path: 'idCard', code, params: { ticket } }]);
}
