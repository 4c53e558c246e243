import type { PublicHallNow, PublicServiceNow } from '@onestop/shared';
import { z } from 'zod';
import type { Queryable } from '../db/types.js';

/*
 * 阳光政务, now: per hall, what its events of its latest business day say — who waits for which
 * service, which windows are open, the day's average wait and satisfaction. Nothing personal:
 * counts and averages only. Folded here from the events the halls sent, incrementally (each
 * read folds only what came since the last); the region's projections may take its place.
 */

type PublicName = NonNullable<PublicServiceNow['name']>;

/** A score of 4 or 5 is satisfied (满意, 非常满意), as in the hall's own report. */
const SATISFIED_FROM = 4;
const PAGE = 2_000;

interface TicketNow {
  queue: string[];
  waiting: boolean;
  joinedAt: number;
}

interface HallFold {
  historyId: string;
  lastSeq: number;
  day: string | null;
  lastEventAt: number | null;
  tickets: Map<string, TicketNow>;
  windows: Map<string, 'open' | 'paused'>;
  names: Map<string, PublicName>;
  serviceOrder: string[];
  waitSumMs: number;
  calls: number;
  rated: number;
  satisfied: number;
}

const ids = z.array(z.string().max(200)).max(100);
const name = z.object({ zh: z.string().max(200), en: z.string().max(200) });
const BODIES = {
  ticket_issued: z.object({
    ticket: z.object({ queueServiceIds: ids, status: z.string(), issuedAt: z.number() }),
  }),
  service_finished: z.object({ done: z.boolean(), nextQueueServiceIds: ids }),
  ticket_transferred: z.object({
    fromServiceId: z.string(),
    toServiceId: z.string().nullable(),
    queueServiceIds: ids,
  }),
  rating_recorded: z.object({ rating: z.object({ score: z.number().nullable() }) }),
  config_changed: z.object({
    config: z.object({
      services: z.array(z.object({ id: z.string(), name })).max(1_000),
    }),
  }),
};

interface EventRow {
  seq: number;
  at: Date;
  type: string;
  day: string | null;
  ticket_id: string | null;
  window_id: string | null;
  body: unknown;
}

function emptyDay(fold: HallFold, day: string | null): void {
  fold.day = day;
  fold.tickets.clear();
  fold.waitSumMs = 0;
  fold.calls = 0;
  fold.rated = 0;
  fold.satisfied = 0;
}

function namesFrom(fold: HallFold, body: unknown): void {
  const parsed = BODIES.config_changed.safeParse(body);
  if (!parsed.success) return;
  fold.names.clear();
  fold.serviceOrder = parsed.data.config.services.map((s) => s.id);
  for (const s of parsed.data.config.services) fold.names.set(s.id, s.name);
}

/** Folds one event of the hall into what the public page shows. */
function fold1(f: HallFold, e: EventRow): void {
  const at = e.at.getTime();
  f.lastSeq = e.seq;
  f.lastEventAt = at;
  if (e.day !== null && (f.day === null || e.day > f.day)) emptyDay(f, e.day);
  const ticket = e.ticket_id === null ? undefined : f.tickets.get(e.ticket_id);
  const rejoin = (queue: string[]): void => {
    if (ticket === undefined) return;
    if (queue.length > 0) ticket.queue = queue;
    ticket.waiting = ticket.queue.length > 0;
    ticket.joinedAt = at;
  };
  switch (e.type) {
    case 'day_opened':
      if (e.day !== null && e.day !== f.day) emptyDay(f, e.day);
      return;
    case 'day_closed':
      f.tickets.clear();
      return;
    case 'ticket_issued': {
      const parsed = BODIES.ticket_issued.safeParse(e.body);
      if (!parsed.success || e.ticket_id === null) return;
      const t = parsed.data.ticket;
      f.tickets.set(e.ticket_id, {
        queue: t.queueServiceIds,
        waiting: t.status === 'waiting' && t.queueServiceIds.length > 0,
        joinedAt: t.issuedAt,
      });
      return;
    }
    case 'ticket_called':
      if (ticket === undefined) return;
      if (ticket.waiting) {
        f.calls += 1;
        f.waitSumMs += Math.max(0, at - ticket.joinedAt);
      }
      ticket.waiting = false;
      return;
    case 'ticket_parked':
      if (ticket !== undefined) ticket.waiting = false;
      return;
    case 'service_finished': {
      const parsed = BODIES.service_finished.safeParse(e.body);
      if (ticket === undefined || !parsed.success) return;
      if (parsed.data.done) f.tickets.delete(e.ticket_id ?? '');
      else rejoin(parsed.data.nextQueueServiceIds);
      return;
    }
    case 'ticket_transferred': {
      const parsed = BODIES.ticket_transferred.safeParse(e.body);
      if (!parsed.success) return;
      const { queueServiceIds, toServiceId, fromServiceId } = parsed.data;
      rejoin(queueServiceIds.length > 0 ? queueServiceIds : [toServiceId ?? fromServiceId]);
      return;
    }
    case 'ticket_requeued':
    case 'ticket_unparked':
      rejoin([]);
      return;
    case 'ticket_no_show':
    case 'ticket_cancelled':
      if (e.ticket_id !== null) f.tickets.delete(e.ticket_id);
      return;
    case 'window_opened':
    case 'window_resumed':
      if (e.window_id !== null) f.windows.set(e.window_id, 'open');
      return;
    case 'window_paused':
      if (e.window_id !== null) f.windows.set(e.window_id, 'paused');
      return;
    case 'window_closed':
      if (e.window_id !== null) f.windows.delete(e.window_id);
      return;
    case 'rating_recorded': {
      const parsed = BODIES.rating_recorded.safeParse(e.body);
      const score = parsed.success ? parsed.data.rating.score : null;
      if (score === null) return;
      f.rated += 1;
      if (score >= SATISFIED_FROM) f.satisfied += 1;
      return;
    }
    case 'config_changed':
      namesFrom(f, e.body);
      return;
    default:
      return;
  }
}

function figures(hallId: string, hallName: string, f: HallFold | null): PublicHallNow {
  if (f === null) {
    return {
      hallId,
      name: hallName,
      businessDay: null,
      lastEventAt: null,
      waiting: 0,
      services: [],
      windowsOpen: 0,
      calls: 0,
      averageWaitS: null,
      rated: 0,
      satisfiedPct: null,
    };
  }
  const perService = new Map<string, number>();
  let waiting = 0;
  for (const t of f.tickets.values()) {
    if (!t.waiting) continue;
    waiting += 1;
    for (const s of new Set(t.queue)) perService.set(s, (perService.get(s) ?? 0) + 1);
  }
  // The hall's services in its own order, those with no one waiting too; then any other.
  const order = [...f.serviceOrder, ...[...perService.keys()].filter((s) => !f.names.has(s))];
  return {
    hallId,
    name: hallName,
    businessDay: f.day,
    lastEventAt: f.lastEventAt,
    waiting,
    services: order.map((serviceId) => ({
      serviceId,
      name: f.names.get(serviceId) ?? null,
      waiting: perService.get(serviceId) ?? 0,
    })),
    windowsOpen: [...f.windows.values()].filter((w) => w === 'open').length,
    calls: f.calls,
    averageWaitS: f.calls === 0 ? null : Math.round(f.waitSumMs / f.calls / 1000),
    rated: f.rated,
    satisfiedPct: f.rated === 0 ? null : Math.round((100 * f.satisfied) / f.rated),
  };
}

/**
 * The public figures of every hall that is not revoked, kept up to date by folding each hall's
 * new events at each read. One per region instance; reads are taken one at a time.
 */
export class PublicNowFold {
  private readonly folds = new Map<string, HallFold>();
  private reading: Promise<PublicHallNow[]> | null = null;

  constructor(private readonly db: Queryable) {}

  /** Every hall now; reads that come while one runs share its answer. */
  read(): Promise<PublicHallNow[]> {
    this.reading ??= this.readAll().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async readAll(): Promise<PublicHallNow[]> {
    const halls = await this.db.query<{ id: string; name: string; history_id: string | null }>(
      `SELECT h.id, h.name, hh.history_id
         FROM halls h LEFT JOIN hall_histories hh ON hh.hall_id = h.id AND hh.is_current
        WHERE h.revoked_at IS NULL
        ORDER BY h.created_at, h.id`,
    );
    const answer: PublicHallNow[] = [];
    for (const h of halls.rows) {
      const fold = h.history_id === null ? null : await this.refresh(h.id, h.history_id);
      answer.push(figures(h.id, h.name, fold));
    }
    return answer;
  }

  /** The hall's fold brought up to its last event: from its latest day's first on a new history. */
  private async refresh(hallId: string, historyId: string): Promise<HallFold> {
    let fold = this.folds.get(hallId);
    if (fold === undefined || fold.historyId !== historyId) {
      fold = await this.start(hallId, historyId);
      this.folds.set(hallId, fold);
    }
    for (;;) {
      const page = await this.db.query<EventRow>(
        `SELECT seq, at, type, business_day::text AS day, ticket_id, window_id, body
           FROM events WHERE hall_id = $1 AND history_id = $2 AND seq > $3
          ORDER BY seq LIMIT ${PAGE}`,
        [hallId, historyId, fold.lastSeq],
      );
      for (const e of page.rows) fold1(fold, e);
      if (page.rows.length < PAGE) return fold;
    }
  }

  /** A fold that begins before the first event of the hall's latest day, with its service names. */
  private async start(hallId: string, historyId: string): Promise<HallFold> {
    const fold: HallFold = {
      historyId,
      lastSeq: 0,
      day: null,
      lastEventAt: null,
      tickets: new Map(),
      windows: new Map(),
      names: new Map(),
      serviceOrder: [],
      waitSumMs: 0,
      calls: 0,
      rated: 0,
      satisfied: 0,
    };
    const first = await this.db.query<{ seq: number | null }>(
      `SELECT min(seq) AS seq FROM events
        WHERE hall_id = $1 AND history_id = $2
          AND business_day = (SELECT max(business_day) FROM events
                               WHERE hall_id = $1 AND history_id = $2)`,
      [hallId, historyId],
    );
    const from = first.rows[0]?.seq ?? null;
    if (from === null) return fold;
    fold.lastSeq = from - 1;
    // The hall's words for its services: its last configuration before the day.
    const config = await this.db.query<{ body: unknown }>(
      `SELECT body FROM events
        WHERE hall_id = $1 AND history_id = $2 AND type = 'config_changed' AND seq < $3
        ORDER BY seq DESC LIMIT 1`,
      [hallId, historyId, from],
    );
    if (config.rows[0] !== undefined) namesFrom(fold, config.rows[0].body);
    return fold;
  }
}
