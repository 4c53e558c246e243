import { z } from 'zod';
import { LIMITS } from '../protocol/limits.js';

/*
 * 阳光政务: the region's public answer of every hall now (docs/REGION.md, "The public page").
 * Counts and averages only: nothing of a visitor, a clerk or a ticket.
 */

/** GET: every hall now, cached for a few seconds by the region and by browsers. */
export const PUBLIC_NOW_PATH = '/api/public/now';

const count = z.int().min(0).max(LIMITS.maxInteger);
const text = z.string().max(200);

export const PublicServiceNowSchema = z.strictObject({
  serviceId: text,
  /** The service's name in the hall's words, when its configuration crossed the link. */
  name: z.strictObject({ zh: text, en: text }).nullable(),
  waiting: count,
});
export type PublicServiceNow = z.infer<typeof PublicServiceNowSchema>;

/**
 * 阳光运行 of one window, for a hall that shows it (`hall.sunshine`), as its hall display does:
 * this month's scored ratings and the share satisfied (4 or 5) in whole percent rounded down,
 * and the clerk signed in there now (the name only; null when nobody is).
 */
export const PublicWindowNowSchema = z.strictObject({
  number: count,
  clerk: text.nullable(),
  rated: count,
  satisfiedPct: z.int().min(0).max(100).nullable(),
});
export type PublicWindowNow = z.infer<typeof PublicWindowNowSchema>;

export const PublicHallNowSchema = z.strictObject({
  hallId: text,
  name: text,
  /** The hall's latest business day with events; null before its first. */
  businessDay: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  /** When the hall's last event the region holds happened (epoch ms). */
  lastEventAt: count.nullable(),
  /** People waiting now (one in two queues of one step counts once). */
  waiting: count,
  services: z.array(PublicServiceNowSchema).max(1_000),
  windowsOpen: count,
  /** The day's calls and their average wait, from joining the queue to the call (seconds). */
  calls: count,
  averageWaitS: count.nullable(),
  /** The day's ratings with a score, and the share of them satisfied (4 or 5), in percent. */
  rated: count,
  satisfiedPct: z.int().min(0).max(100).nullable(),
  /** 阳光运行: the hall's windows this month (by number); absent when the hall shows none. */
  windows: z.array(PublicWindowNowSchema).max(1_000).optional(),
});
export type PublicHallNow = z.infer<typeof PublicHallNowSchema>;

export const PublicNowSchema = z.strictObject({
  /** When the region read these figures (epoch ms). */
  at: count,
  halls: z.array(PublicHallNowSchema).max(10_000),
});
export type PublicNow = z.infer<typeof PublicNowSchema>;
