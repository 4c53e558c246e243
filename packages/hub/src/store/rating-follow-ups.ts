import type Database from 'better-sqlite3';
import type { BusinessDay, EventBody, Ticket } from '@onestop/shared';
import { sql } from './sql.js';

export type FollowUpEvent = Extract<EventBody, { type: 'rating_followed_up' }> & { at: number };

/**
 * 追评: the tickets of the last days by their status page's key, and the follow-ups already made
 * (the `rating_followed_up` events of the log). Both are read over a bounded range: the tickets
 * of the days a follow-up may still come, the events since the oldest rating that may still be
 * followed up (`events_at`).
 */
export class RatingFollowUpRecords {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = {
      // The days from `since` on are a range of the primary key (an id begins with its day).
      ticketByToken: sql(
        db,
        `SELECT body FROM tickets
         WHERE id >= @since AND business_day >= @since
           AND json_extract(body, '$.accessToken') = @token
         LIMIT 1`,
      ),
      ofTicket: sql(
        db,
        `SELECT at, body FROM events
         WHERE at >= @since AND type = 'rating_followed_up' AND ticket_id = @ticketId
         LIMIT 1`,
      ),
      ofDays: sql(
        db,
        `SELECT at, body FROM events
         WHERE at >= @since AND type = 'rating_followed_up'
           AND json_extract(body, '$.businessDay') BETWEEN @from AND @to
         ORDER BY seq LIMIT @limit`,
      ),
    };
  }

  /** The ticket of a day from `since` on whose status page is `token`, as last stored. */
  ticketByToken(token: string, since: BusinessDay): Ticket | null {
    const row = this.q.ticketByToken.get<{ body: string }>({ since, token });
    return row ? (JSON.parse(row.body) as Ticket) : null;
  }

  /** The follow-up of the ticket made at or after `since`, if any. */
  ofTicket(ticketId: string, since: number): FollowUpEvent | null {
    const row = this.q.ofTicket.get<{ at: number; body: string }>({ ticketId, since });
    return row ? eventOf(row) : null;
  }

  /**
   * The follow-ups to the ratings of the business days `from`..`to` (inclusive), oldest first;
   * none of them was made before `since` (the first day's start).
   */
  ofDays(from: BusinessDay, to: BusinessDay, since: number, limit = 1_000): FollowUpEvent[] {
    return this.q.ofDays.all<{ at: number; body: string }>({ from, to, since, limit }).map(eventOf);
  }
}

function eventOf(row: { at: number; body: string }): FollowUpEvent {
  return { ...(JSON.parse(row.body) as Omit<FollowUpEvent, 'at'>), at: row.at };
}
