import { z } from 'zod';

/*
 * 阳光运行 (service in the open): what the hall display shows when the hall sets `hall.sunshine`:
 * each window's satisfaction this month and the clerk on duty, and a line with the hall's figures.
 * Served by the hub at `SUNSHINE_PATH` to anyone on the hall's LAN (it is on the hall's wall),
 * parsed by the display from `unknown`.
 */

export const SUNSHINE_PATH = '/api/sunshine';

const count = z.number().int().min(0);
const rate = z.number().min(0).max(1).nullable();

export const SunshineWindowSchema = z
  .object({
    windowId: z.string().min(1).max(64),
    number: z.number().int().min(0),
    /** The clerk signed in at the window now (name only); null: nobody. */
    clerk: z.string().max(100).nullable(),
    /** Ratings given for this window this month (non-timeout ratings). */
    rated: count,
    /** Rated 4 or 5 out of `rated`; null when nothing was rated. */
    satisfactionRate: rate,
  })
  .strict();

export const SunshineSchema = z
  .object({
    /** The business month, `2026-12`, from its first day to today. */
    month: z.string().regex(/^\d{4}-\d{2}$/),
    windows: z.array(SunshineWindowSchema).max(1_000),
    hall: z
      .object({
        rated: count,
        satisfactionRate: rate,
        /** Services finished today. */
        servedToday: count,
        /** Today's average wait from joining a queue to the call; null before any call. */
        averageWaitMsToday: z.number().min(0).nullable(),
      })
      .strict(),
  })
  .strict();

export type SunshineWindow = z.infer<typeof SunshineWindowSchema>;
export type Sunshine = z.infer<typeof SunshineSchema>;
