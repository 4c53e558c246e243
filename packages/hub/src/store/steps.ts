import type Database from 'better-sqlite3';
import { ratingChannelOf, type DomainEvent, type RatingChannel } from '@onestop/shared';

/** How a call of a ticket to a window ended; null (in the table) while it is called or serving. */
export type StepOutcome = 'done' | 'no_show' | 'transferred' | 'requeued' | 'parked';

/** A rating's step and what it records there (its details only once migration 13 made room). */
interface RatedStep {
  score: number;
  ticketId: string;
  windowId: string;
  serviceId: string;
  channel?: RatingChannel;
  reasons?: string;
  comment?: string | null;
}

interface LastStep {
  seq: number;
  called_at: number;
  ended_at: number | null;
  requeued_at: number | null;
}

/**
 * Keeps `ticket_steps`: one row per call of a ticket to a window, with the window, clerk and
 * service of that call, when the ticket joined the queue the call took it from (its issue, the
 * end of its previous step, its transfer, its return to the queue), when it was called, started
 * and ended, how it ended, and the score of the rating given for the service it finished. The
 * reports count each service where it happened from these rows; the `tickets` projection only
 * knows a ticket's last call. Folded from the events in the order of the log, in the
 * transaction that writes them (and once over the whole log by migration 5).
 */
export class StepProjector {
  private readonly last;
  private readonly ticket;
  private readonly insert;
  private readonly started;
  private readonly ended;
  private readonly requeued;
  private readonly rated;
  private readonly cased;

  /**
   * `ratingDetails`: the table has migration 13's columns (a rating's channel, tags, comment);
   * migration 5 folds the log into the table as it was then.
   */
  constructor(
    db: Database.Database,
    private readonly ratingDetails = true,
  ) {
    this.last = db.prepare<[string], LastStep>(
      `SELECT seq, called_at, ended_at, requeued_at FROM ticket_steps
        WHERE ticket_id = ? ORDER BY seq DESC LIMIT 1`,
    );
    this.ticket = db.prepare<[string], { business_day: string; issued_at: number }>(
      `SELECT business_day, issued_at FROM tickets WHERE id = ?`,
    );
    this.insert = db.prepare<
      [number, string, string, string, string, string | null, number, number]
    >(
      `INSERT INTO ticket_steps (seq, ticket_id, business_day, service_id, window_id, staff_code,
         queued_at, called_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.started = db.prepare<[number, string, number]>(
      `UPDATE ticket_steps SET started_at = ?, service_id = ? WHERE seq = ?`,
    );
    this.ended = db.prepare<[number, StepOutcome, number | null, number]>(
      `UPDATE ticket_steps SET ended_at = ?, outcome = ?, requeued_at = ? WHERE seq = ?`,
    );
    this.requeued = db.prepare<[number, number]>(
      `UPDATE ticket_steps SET requeued_at = ? WHERE seq = ?`,
    );
    this.cased = ratingDetails
      ? db.prepare<[string | null, string | null, number]>(
          `UPDATE ticket_steps SET matter_code = ?, case_number = ? WHERE seq = ?`,
        )
      : null;
    this.rated = db.prepare<[RatedStep]>(
      `UPDATE ticket_steps SET rating_score = @score
         ${ratingDetails ? ', rating_channel = @channel, rating_reasons = @reasons, rating_comment = @comment' : ''}
        WHERE seq = (SELECT max(seq) FROM ticket_steps
                      WHERE ticket_id = @ticketId AND outcome = 'done' AND window_id = @windowId
                        AND service_id = @serviceId)`,
    );
  }

  /** Folds one event, written to the log as `seq`. Events of no call change nothing. */
  apply(event: DomainEvent, seq: number): void {
    switch (event.type) {
      case 'ticket_called': {
        const last = this.last.get(event.ticketId);
        const ticket = this.ticket.get(event.ticketId);
        // Its first call takes it from the queue it joined when issued; a later one from the
        // queue it went back to after the previous call (next step, transfer, put back, unpark).
        const queuedAt =
          last === undefined
            ? (ticket?.issued_at ?? event.at)
            : (last.requeued_at ?? last.ended_at ?? last.called_at);
        this.insert.run(
          seq,
          event.ticketId,
          ticket?.business_day ?? event.ticketId.split('/')[0] ?? '',
          event.serviceId,
          event.windowId,
          event.staffCode,
          Math.min(queuedAt, event.at),
          event.at,
        );
        break;
      }
      case 'service_started':
        this.onLast(event.ticketId, (s) => this.started.run(event.at, event.serviceId, s.seq));
        break;
      case 'service_finished':
        this.onLast(event.ticketId, (s) => {
          this.ended.run(event.at, 'done', event.done ? null : event.at, s.seq);
          if (event.matterCode !== undefined || event.caseNumber !== undefined) {
            this.cased?.run(event.matterCode ?? null, event.caseNumber ?? null, s.seq);
          }
        });
        break;
      case 'ticket_no_show':
        this.onLast(event.ticketId, (s) => this.ended.run(event.at, 'no_show', null, s.seq));
        break;
      case 'ticket_requeued':
        // A waiting or parked ticket whose target window closed was not at a window: its last
        // call keeps its outcome, and its wait goes on from when it joined that queue.
        if (event.reason === 'target_window_closed') break;
        this.onLast(event.ticketId, (s) => this.ended.run(event.at, 'requeued', event.at, s.seq));
        break;
      case 'ticket_transferred':
        this.onLast(event.ticketId, (s) =>
          this.ended.run(event.at, 'transferred', event.at, s.seq),
        );
        break;
      case 'ticket_parked':
        this.onLast(event.ticketId, (s) => this.ended.run(event.at, 'parked', null, s.seq));
        break;
      case 'ticket_unparked':
        this.onLast(event.ticketId, (s) => this.requeued.run(event.at, s.seq));
        break;
      case 'rating_recorded':
        // A timeout (no score) is no rating in the reports.
        if (event.rating.score !== null) {
          const { rating } = event;
          this.rated.run({
            score: event.rating.score,
            ticketId: event.ticketId,
            windowId: rating.windowId,
            serviceId: rating.serviceId,
            ...(this.ratingDetails && {
              channel: ratingChannelOf(rating),
              reasons: JSON.stringify(rating.reasons),
              comment: rating.comment ?? null,
            }),
          });
        }
        break;
      default:
        break;
    }
  }

  private onLast(ticketId: string, change: (step: LastStep) => void): void {
    const last = this.last.get(ticketId);
    if (last !== undefined) change(last);
  }
}

/** Fills `ticket_steps` from the whole log, oldest event first, a batch at a time (migration 5). */
export function projectStepsFromLog(db: Database.Database): void {
  projectFromLog(new StepProjector(db, false), db, [
    'ticket_called',
    'service_started',
    'service_finished',
    'ticket_no_show',
    'ticket_requeued',
    'ticket_transferred',
    'ticket_parked',
    'ticket_unparked',
    'rating_recorded',
  ]);
}

/** Folds the log's ratings into their steps again (migration 13: their channel and tags). */
export function projectRatingsFromLog(db: Database.Database): void {
  projectFromLog(new StepProjector(db), db, ['rating_recorded']);
}

function projectFromLog(
  projector: StepProjector,
  db: Database.Database,
  types: readonly DomainEvent['type'][],
): void {
  const batch = db.prepare<[number, string], { seq: number; body: string }>(
    `SELECT seq, body FROM events
      WHERE seq > ? AND type IN (SELECT value FROM json_each(?))
      ORDER BY seq LIMIT 10000`,
  );
  for (let after = 0; ;) {
    const rows = batch.all(after, JSON.stringify(types));
    // The log holds what the store wrote from typed events.
    for (const row of rows) projector.apply(JSON.parse(row.body) as DomainEvent, row.seq);
    const last = rows.at(-1);
    if (last === undefined) break;
    after = last.seq;
  }
}
