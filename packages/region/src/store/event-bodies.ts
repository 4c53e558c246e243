import type { LinkEvent } from '@onestop/shared';
import { z } from 'zod';

/*
 * What the projections read of each event's body, parsed from `unknown`: only the fields they
 * fold (a body carries more, which is kept as it came in `events`). An event type the
 * projections do not fold is taken as it is; one they fold whose body lacks what they read is
 * refused with the batch.
 */

const id = z.string().min(1).max(200);
const ms = z.int().min(0);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ticketRef = { ticketId: id };
/** The services whose queues a ticket joins (absent in hand-made events: its first service). */
const queue = z.array(id).max(100).optional();
const name = z.object({ zh: z.string().max(200), en: z.string().max(200) });

/**
 * The parts of a hall's configuration the projections read: its timezone, each service's
 * department and name (in the hall's order), and for 阳光运行 its windows and clerks' names. A `config_changed` event's body, and the
 * configuration a hub sends at the head of a history (`LinkBatch.config`).
 */
export const ConfigBodySchema = z.object({
  config: z.object({
    hall: z.object({ timezone: z.string().min(1).max(100), sunshine: z.boolean().optional() }),
    services: z.array(z.object({ id, departmentId: id, name: name.optional() })).max(1_000),
    // 阳光运行 (read only when `hall.sunshine`): the windows' numbers and the clerks' names.
    windows: z
      .array(z.object({ id, number: z.int().min(0).max(1_000_000) }))
      .max(1_000)
      .optional(),
    staff: z
      .array(z.object({ code: id, name: z.string().max(200) }))
      .max(10_000)
      .optional(),
  }),
});

export type ConfigBody = z.infer<typeof ConfigBodySchema>;

const BODIES = {
  day_opened: z.object({ businessDay: day }),
  day_closed: z.object({ businessDay: day, expiredTicketIds: z.array(id) }),
  ticket_issued: z.object({
    ticket: z.object({
      id,
      businessDay: day,
      serviceId: id,
      issuedAt: ms,
      status: id,
      queueServiceIds: queue,
    }),
  }),
  ticket_called: z.object({ ...ticketRef, windowId: id, staffCode: id.nullable(), serviceId: id }),
  service_started: z.object({ ...ticketRef, serviceId: id }),
  service_finished: z.object({ ...ticketRef, done: z.boolean(), nextQueueServiceIds: queue }),
  ticket_no_show: z.object(ticketRef),
  ticket_requeued: z.object({ ...ticketRef, reason: id }),
  ticket_transferred: z.object({
    ...ticketRef,
    fromServiceId: id.optional(),
    toServiceId: id.nullable().optional(),
    queueServiceIds: queue,
  }),
  ticket_parked: z.object(ticketRef),
  ticket_unparked: z.object(ticketRef),
  ticket_cancelled: z.object(ticketRef),
  /** 远程取号: a remote number not confirmed in time (remote_confirmed, remote_at_head: not folded). */
  ticket_expired: z.object({ ...ticketRef, reason: id }),
  window_opened: z.object({ windowId: id, staffCode: id.nullable() }),
  window_paused: z.object({ windowId: id }),
  window_resumed: z.object({ windowId: id }),
  window_closed: z.object({ windowId: id }),
  rating_recorded: z.object({
    ...ticketRef,
    rating: z.object({ score: z.int().min(1).max(5).nullable(), windowId: id, serviceId: id }),
  }),
  complaint_opened: z.object({
    complaint: z.object({
      id,
      ticketId: id,
      windowId: id,
      staffCode: id.nullable(),
      serviceId: id,
      score: z.int(),
      openedAt: ms,
      deadlineAt: ms,
      status: z.enum(['open', 'closed']),
    }),
  }),
  complaint_entered: z.object({
    complaint: z.object({
      id,
      serviceId: id.nullable(),
      windowId: id.nullable(),
      staffCode: id.nullable(),
      ticketId: id.nullable(),
      /** Absent in the events of a hub before it logged the deadline: no deadline then. */
      deadlineAt: ms.optional(),
    }),
  }),
  complaint_followed_up: z.object({ complaintId: id, action: id }),
  config_changed: ConfigBodySchema,
} as const;

type Bodies = typeof BODIES;
export type FoldedType = keyof Bodies;

/** An event the projections fold: its envelope and its parsed body. */
export type FoldedEvent = {
  [T in FoldedType]: { type: T; seq: number; at: number; body: z.infer<Bodies[T]> };
}[FoldedType];

const isFolded = (type: string): type is FoldedType => Object.hasOwn(BODIES, type);

/**
 * The events of a batch the projections fold, parsed; or the first problem (`event 12:
 * ticket.serviceId: ...`). Events of other types are left out.
 */
export function foldedEvents(
  events: readonly LinkEvent[],
): { ok: true; events: FoldedEvent[] } | { ok: false; problem: string } {
  const out: FoldedEvent[] = [];
  for (const e of events) {
    const type = e.type;
    if (!isFolded(type)) continue;
    const parsed = BODIES[type].safeParse(e.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined ? '' : `${issue.path.join('.')}: ${issue.message}`;
      return { ok: false, problem: `event ${e.seq} (${type}): ${where}` };
    }
    // The schema of `type` parsed the body: the pair is one member of FoldedEvent.
    out.push({ type, seq: e.seq, at: e.at, body: parsed.data } as FoldedEvent);
  }
  return { ok: true, events: out };
}

/** The configuration a hub sent at the head of a history, as the `config_changed` it is folded as. */
export function headConfigEvent(
  config: unknown,
  at: number,
): { ok: true; event: FoldedEvent } | { ok: false; problem: string } {
  const parsed = ConfigBodySchema.safeParse({ config });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : `${issue.path.join('.')}: ${issue.message}`;
    return { ok: false, problem: `the configuration (config): ${where}` };
  }
  return { ok: true, event: { type: 'config_changed', seq: 0, at, body: parsed.data } };
}
