import type Database from 'better-sqlite3';
import type { DomainEvent, VisitorContact } from '@onestop/shared';
import { senderStatements } from './outbox-sql.js';
import { sql } from './sql.js';

/** Which message: people ahead few enough, the ticket called, or the invitation to rate. */
export type NotifyKind = 'near' | 'called' | 'invite';
/** How a message goes; `none` for a row that only records that none was needed. */
export type NotifyChannel = 'sms' | 'wechat' | 'none';
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'dropped';

/**
 * What a message says: the ticket's number, and the count ahead or the window's number; an
 * invitation holds the ticket's status-page token (its link is made when it is sent).
 */
export interface NotifyParams {
  number: string;
  count?: number;
  window?: number;
  token?: string;
}

/** A message to write with the event that brings it. */
export interface NewOutboxMessage {
  ticketId: string;
  kind: NotifyKind;
  businessDay: string;
  channel: NotifyChannel;
  /** `skipped` when none needs sending. */
  status: 'pending' | 'skipped';
  params: NotifyParams;
  /** Not sent before this time (an invitation's delay); absent: at once. */
  dueAt?: number;
}

/** What came of claiming an invitation: claimed to send, rated meanwhile, or no longer due. */
export type InviteClaim = 'claimed' | 'rated' | 'gone';

/** What a command adds for the messages, written in its transaction (`CommitInput.notify`). */
export interface NotifyWrites {
  contacts: { ticketId: string; businessDay: string; contact: VisitorContact }[];
  messages: NewOutboxMessage[];
}

/** A row of `notify_outbox` (migrations 015 and 020). */
export interface OutboxRow {
  id: number;
  ticket_id: string;
  kind: NotifyKind;
  business_day: string;
  channel: NotifyChannel;
  status: OutboxStatus;
  params: string;
  attempts: number;
  next_at: number;
  provider_id: string | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

interface ContactRow {
  ticket_id: string;
  phone: string | null;
  wechat_open_id: string | null;
}

/**
 * The turn-near messages' tables (features/notify): the contacts of the day's tickets and the
 * outbox. `write` and `dropDay` run inside the event log's transaction (a command's commit);
 * the sender's methods each run on their own, between commands, never inside one.
 */
export class NotifyRecords {
  private readonly q;
  private readonly claimInviteTx: (id: number, ticketId: string) => InviteClaim;
  /** See `version`. */
  private writes = 0;

  constructor(db: Database.Database) {
    this.q = {
      insertContact: sql(
        db,
        `INSERT OR IGNORE INTO notify_contacts (ticket_id, business_day, phone, wechat_open_id)
         VALUES (@ticketId, @businessDay, @phone, @wechatOpenId)`,
      ),
      insertMessage: sql(
        db,
        `INSERT OR IGNORE INTO notify_outbox
           (ticket_id, kind, business_day, channel, status, params, next_at, created_at)
         VALUES (@ticketId, @kind, @businessDay, @channel, @status, @params, @nextAt, @at)`,
      ),
      dropContacts: sql(db, 'DELETE FROM notify_contacts WHERE business_day <= @day'),
      // An online booking's number, kept for its check-in's ticket (migration 024), goes too.
      dropBookingPhones: sql(
        db,
        'UPDATE appointments SET phone = NULL WHERE business_day <= @day AND phone IS NOT NULL',
      ),
      dropMessages: sql(
        db,
        `UPDATE notify_outbox SET status = 'dropped', last_error = 'the business day closed'
          WHERE business_day <= @day AND status IN ('pending', 'sending')`,
      ),
      contactsOfDay: sql(
        db,
        'SELECT ticket_id, phone, wechat_open_id FROM notify_contacts WHERE business_day = @day',
      ),
      contact: sql(
        db,
        'SELECT ticket_id, phone, wechat_open_id FROM notify_contacts WHERE ticket_id = @ticketId',
      ),
      messagesOfDay: sql(db, 'SELECT ticket_id, kind FROM notify_outbox WHERE business_day = @day'),
      nextDue: sql(
        db,
        "SELECT MIN(next_at) FROM notify_outbox WHERE status IN ('pending', 'sending')",
      ),
      all: sql(db, 'SELECT * FROM notify_outbox WHERE business_day = @day ORDER BY id'),
      withPhones: sql(
        db,
        `SELECT o.*, c.phone FROM notify_outbox o
           LEFT JOIN notify_contacts c ON c.ticket_id = o.ticket_id
          WHERE o.business_day = @day ORDER BY o.id`,
      ),
      // The step a status page rates: the ticket's last one finished (the visit's last step).
      lastStepRated: sql(
        db,
        `SELECT rating_score IS NOT NULL FROM ticket_steps
          WHERE ticket_id = @ticketId AND outcome = 'done' ORDER BY seq DESC LIMIT 1`,
      ),
      ...senderStatements(db, 'notify_outbox'),
    };
    this.claimInviteTx = db.transaction((id: number, ticketId: string): InviteClaim => {
      if (this.q.lastStepRated.value<number>({ ticketId }) === 1) {
        return this.markSkipped(id, 'rated before the invitation was due') ? 'rated' : 'gone';
      }
      return this.q.claim.run({ id }).changes === 1 ? 'claimed' : 'gone';
    });
  }

  /**
   * Changes whenever this connection writes messages that may be due (a commit's, a resend):
   * the sender's loop reads the outbox after a commit only when it changed (outbox-loop.ts).
   */
  get version(): number {
    return this.writes;
  }

  /** Inside a commit: the command's contacts and messages; one message per ticket and kind. */
  write(w: NotifyWrites, at: number): void {
    if (w.messages.length > 0) this.writes += 1;
    for (const c of w.contacts) {
      this.q.insertContact.run({
        ticketId: c.ticketId,
        businessDay: c.businessDay,
        phone: c.contact.phone,
        wechatOpenId: c.contact.wechatOpenId,
      });
    }
    for (const m of w.messages) {
      this.q.insertMessage.run({
        ticketId: m.ticketId,
        kind: m.kind,
        businessDay: m.businessDay,
        channel: m.channel,
        status: m.status,
        params: JSON.stringify(m.params),
        nextAt: m.dueAt ?? at,
        at,
      });
    }
  }

  /**
   * Inside a commit: a `day_closed` among its events forgets that day's contacts (and any
   * earlier day's left behind) and the numbers of that day's online bookings not checked in;
   * its messages not yet sent are dropped.
   */
  afterEvents(events: readonly DomainEvent[]): void {
    for (const e of events) {
      if (e.type !== 'day_closed') continue;
      this.q.dropContacts.run({ day: e.businessDay });
      this.q.dropBookingPhones.run({ day: e.businessDay });
      this.q.dropMessages.run({ day: e.businessDay });
    }
  }

  /** The day's contacts by ticket, and the messages already written (for the planner). */
  dayPlan(day: string): {
    contacts: Map<string, VisitorContact>;
    written: { ticketId: string; kind: NotifyKind }[];
  } {
    const contacts = new Map<string, VisitorContact>();
    for (const r of this.q.contactsOfDay.all<ContactRow>({ day })) {
      contacts.set(r.ticket_id, { phone: r.phone, wechatOpenId: r.wechat_open_id });
    }
    const written = this.q.messagesOfDay
      .all<{ ticket_id: string; kind: NotifyKind }>({ day })
      .map((r) => ({ ticketId: r.ticket_id, kind: r.kind }));
    return { contacts, written };
  }

  contactOf(ticketId: string): VisitorContact | null {
    const r = this.q.contact.get<ContactRow>({ ticketId });
    return r ? { phone: r.phone, wechatOpenId: r.wechat_open_id } : null;
  }

  /** Messages to send now (pending, or left `sending` by a hub that stopped mid-send). */
  due(now: number, limit: number): OutboxRow[] {
    return this.q.due.all<OutboxRow>({ now, limit });
  }

  /** When the next message is due, or null when none waits. */
  nextDue(): number | null {
    return this.q.nextDue.value<number>({}) ?? null;
  }

  /** Marks a message `sending` before its provider is asked; false if it is no longer due. */
  claim(id: number): boolean {
    return this.q.claim.run({ id }).changes === 1;
  }

  /**
   * Claims an invitation to rate, in one transaction with the check that the visit's last step
   * is still unrated (on any channel): `rated` marks it `skipped`, never to be sent.
   */
  claimInvite(id: number, ticketId: string): InviteClaim {
    return this.claimInviteTx(id, ticketId);
  }

  /** Marks a message not to be sent after all (`why`); false if it was no longer due. */
  markSkipped(id: number, why: string): boolean {
    return this.q.skip.run({ id, why }).changes === 1;
  }

  markSent(id: number, providerId: string, at: number): void {
    this.q.sent.run({ id, providerId, at });
  }

  retryAt(id: number, nextAt: number, error: string): void {
    this.q.retry.run({ id, nextAt, error });
  }

  markFailed(id: number, error: string): void {
    this.q.failed.run({ id, error });
  }

  /** The day's outbox, oldest first (the console, the tests). */
  outbox(day: string): OutboxRow[] {
    return this.q.all.all<OutboxRow>({ day });
  }

  /** The day's outbox with each ticket's phone (the console masks it), oldest first. */
  outboxWithPhones(day: string): (OutboxRow & { phone: string | null })[] {
    return this.q.withPhones.all<OutboxRow & { phone: string | null }>({ day });
  }

  byId(id: number): OutboxRow | null {
    return this.q.byId.get<OutboxRow>({ id }) ?? null;
  }

  /** A failed message due again now (an admin's resend); false if it had not failed. */
  resend(id: number, now: number): boolean {
    this.writes += 1;
    return this.q.resend.run({ id, now }).changes === 1;
  }
}
