import type { PublicHallNow, PublicServiceNow, PublicWindowNow } from '@onestop/shared';
import { z } from 'zod';
import type { Queryable } from '../db/types.js';
import { groupSql } from './rollups.js';

/*
 * 阳光政务, now: per hall, what the region's projections of its current history say of its
 * latest business day — who waits for which service, which windows are open, the day's average
 * wait and satisfaction (the hall report's own definitions: store/rollups.ts). Nothing personal:
 * counts and averages only. A handful of set-wise queries over every hall at once.
 */

type PublicName = NonNullable<PublicServiceNow['name']>;

const ServicesSchema = z
  .array(
    z.object({
      id: z.string().max(200),
      name: z.object({ zh: z.string().max(200), en: z.string().max(200) }).nullable(),
    }),
  )
  .max(1_000);

/** `hall_settings.sunshine`: a hall's windows and clerks' names, when it shows them. */
const SunshineSchema = z.object({
  windows: z.array(z.object({ id: z.string().max(200), number: z.int().min(0) })).max(1_000),
  staff: z.record(z.string().max(200), z.string().max(200)),
});

interface HallRow {
  id: string;
  name: string;
  history_id: string | null;
  last_at: number | null;
  day: string | null;
  services: unknown;
  sunshine: unknown;
}

interface DayFigures {
  waiting: number;
  perService: Map<string, number>;
  windowsOpen: number;
  calls: number;
  waitSum: number;
  rated: number;
  satisfied: number;
  /** 阳光运行, when the hall shows it: its windows this month. */
  windows?: PublicWindowNow[];
}

function figures(h: HallRow, f: DayFigures): PublicHallNow {
  const parsed = ServicesSchema.safeParse(h.services);
  const services = parsed.success ? parsed.data : [];
  const names = new Map<string, PublicName | null>(services.map((s) => [s.id, s.name]));
  // The hall's services in its own order, those with no one waiting too; then any other.
  const order = [
    ...services.map((s) => s.id),
    ...[...f.perService.keys()].filter((s) => !names.has(s)),
  ];
  return {
    hallId: h.id,
    name: h.name,
    businessDay: h.day,
    lastEventAt: h.last_at,
    waiting: f.waiting,
    services:
      h.history_id === null
        ? []
        : order.map((serviceId) => ({
            serviceId,
            name: names.get(serviceId) ?? null,
            waiting: f.perService.get(serviceId) ?? 0,
          })),
    windowsOpen: f.windowsOpen,
    calls: f.calls,
    averageWaitS: f.calls === 0 ? null : Math.round(f.waitSum / f.calls / 1000),
    rated: f.rated,
    satisfiedPct: f.rated === 0 ? null : Math.round((100 * f.satisfied) / f.rated),
    ...(f.windows === undefined ? {} : { windows: f.windows }),
  };
}

/**
 * The public figures of every hall that is not revoked, read from the projections. One per
 * region instance; reads that come while one runs share its answer.
 */
export class PublicNowReader {
  private reading: Promise<PublicHallNow[]> | null = null;

  constructor(private readonly db: Queryable) {}

  /** Every hall now. */
  read(): Promise<PublicHallNow[]> {
    this.reading ??= this.readAll().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async readAll(): Promise<PublicHallNow[]> {
    // Each hall, its current history's last event and its latest business day.
    const halls = await this.db.query<HallRow>(
      `SELECT h.id, h.name, hh.history_id, hs.services, hs.sunshine,
              (SELECT (extract(epoch FROM e.at) * 1000)::bigint FROM events e
                WHERE e.hall_id = h.id AND e.history_id = hh.history_id AND e.seq = hh.acked_seq
                LIMIT 1) AS last_at,
              (SELECT to_char(max(d), 'YYYY-MM-DD') FROM (
                 SELECT max(business_day) AS d FROM hall_days WHERE hall_id = h.id
                 UNION ALL
                 SELECT max(business_day) FROM hall_tickets WHERE hall_id = h.id) x) AS day
         FROM halls h
         LEFT JOIN hall_histories hh ON hh.hall_id = h.id AND hh.is_current
         LEFT JOIN hall_settings hs ON hs.hall_id = h.id
        WHERE h.revoked_at IS NULL
        ORDER BY h.created_at, h.id`,
    );
    const days = halls.rows.filter((h) => h.day !== null);
    const scope = `(x.hall_id, x.business_day) IN
      (SELECT u.h, u.d FROM unnest($1::text[], $2::date[]) AS u(h, d))`;
    const params = [days.map((h) => h.id), days.map((h) => h.day)];
    const by = new Map<string, DayFigures>(
      halls.rows.map((h) => [
        h.id,
        {
          waiting: 0,
          perService: new Map(),
          windowsOpen: 0,
          calls: 0,
          waitSum: 0,
          rated: 0,
          satisfied: 0,
        },
      ]),
    );
    if (days.length > 0) {
      const waiting = await this.db.query<{ hall_id: string; service_id: string; n: number }>(
        `SELECT x.hall_id, NULL AS service_id, count(*)::integer AS n FROM hall_tickets x
          WHERE x.status = 'waiting' AND ${scope} GROUP BY 1
         UNION ALL
         SELECT x.hall_id, q.s, count(DISTINCT x.ticket_id)::integer FROM hall_tickets x,
                unnest(x.queue_service_ids) AS q(s)
          WHERE x.status = 'waiting' AND ${scope} GROUP BY 1, 2`,
        params,
      );
      for (const w of waiting.rows) {
        const f = by.get(w.hall_id);
        if (f === undefined) continue;
        if (w.service_id === null) f.waiting = w.n;
        else f.perService.set(w.service_id, w.n);
      }
      const day = await this.db.query<{
        hall_id: string;
        wait_sum: number;
        wait_n: number;
        rated: number;
        satisfied: number;
      }>(
        `SELECT hall_id, wait_sum, wait_n, rated, satisfied FROM (${groupSql('hall', scope)}) g`,
        params,
      );
      for (const d of day.rows) {
        const f = by.get(d.hall_id);
        if (f === undefined) continue;
        f.calls = Number(d.wait_n);
        f.waitSum = Number(d.wait_sum);
        f.rated = Number(d.rated);
        f.satisfied = Number(d.satisfied);
      }
    }
    const windows = await this.db.query<{ hall_id: string; n: number }>(
      `SELECT hall_id, count(*)::integer AS n FROM hall_windows
        WHERE status = 'open' AND hall_id = ANY($1::text[]) GROUP BY 1`,
      [halls.rows.map((h) => h.id)],
    );
    for (const w of windows.rows) {
      const f = by.get(w.hall_id);
      if (f !== undefined) f.windowsOpen = w.n;
    }
    await this.readSunshine(days, by);
    return halls.rows.flatMap((h) => {
      const f = by.get(h.id);
      return f === undefined ? [] : [figures(h, f)];
    });
  }

  /**
   * 阳光运行 of the halls that show it: each window's ratings this month (from the first of the
   * month of the hall's latest business day to that day, the hall report's definitions, as the
   * hall display's figures) and the clerk signed in there now, by name.
   */
  private async readSunshine(days: HallRow[], by: Map<string, DayFigures>): Promise<void> {
    const shown = days.flatMap((h) => {
      const parsed = SunshineSchema.safeParse(h.sunshine);
      return parsed.success ? [{ h, sunshine: parsed.data }] : [];
    });
    if (shown.length === 0) return;
    const ids = shown.map((s) => s.h.id);
    const month = `(x.hall_id, x.business_day) IN
      (SELECT u.h, g::date FROM unnest($1::text[], $2::date[]) AS u(h, d),
              generate_series(date_trunc('month', u.d), u.d, interval '1 day') AS g)`;
    const rated = await this.db.query<{
      hall_id: string;
      key: string;
      rated: number;
      satisfied: number;
    }>(
      `SELECT hall_id, key, sum(rated)::integer AS rated, sum(satisfied)::integer AS satisfied
         FROM (${groupSql('window', month)}) g GROUP BY 1, 2`,
      [ids, shown.map((s) => s.h.day)],
    );
    const onDuty = await this.db.query<{ hall_id: string; window_id: string; staff_code: string }>(
      `SELECT hall_id, window_id, staff_code FROM hall_windows
        WHERE status <> 'closed' AND staff_code IS NOT NULL AND hall_id = ANY($1::text[])`,
      [ids],
    );
    const ratedOf = new Map(rated.rows.map((r) => [`${r.hall_id}\u0000${r.key}`, r]));
    const clerkOf = new Map(
      onDuty.rows.map((r) => [`${r.hall_id}\u0000${r.window_id}`, r.staff_code]),
    );
    for (const { h, sunshine } of shown) {
      const f = by.get(h.id);
      if (f === undefined) continue;
      f.windows = sunshine.windows.map((w) => {
        const r = ratedOf.get(`${h.id}\u0000${w.id}`);
        const code = clerkOf.get(`${h.id}\u0000${w.id}`);
        const n = Number(r?.rated ?? 0);
        return {
          number: w.number,
          clerk: code === undefined ? null : (sunshine.staff[code] ?? null),
          rated: n,
          // Rounded down, as the hall display shows it: 99.5% is 99%, never 100%.
          satisfiedPct: n === 0 ? null : Math.floor((100 * Number(r?.satisfied ?? 0)) / n),
        };
      });
    }
  }
}
