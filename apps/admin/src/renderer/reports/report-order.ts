import type { HallConfig, ReportResult } from '@onestop/shared';

/**
 * The report's rows in the hall's own order (services and departments as configured, windows
 * by number, staff as listed, hours in the day), `(none)` last. The hub sorts them by id,
 * which reads as a shuffle on screen (B, A, G, F...).
 */
export function inHallOrder(config: HallConfig, report: ReportResult): ReportResult {
  const order = (keys: readonly string[]) => new Map(keys.map((k, i) => [k, i]));
  const rank: ReadonlyMap<string, number> | null =
    report.by === 'service'
      ? order(config.services.map((s) => s.id))
      : report.by === 'department'
        ? order(config.departments.map((d) => d.id))
        : report.by === 'window'
          ? order([...config.windows].sort((a, b) => a.number - b.number).map((w) => w.id))
          : report.by === 'staff'
            ? order(config.staff.map((s) => s.code))
            : null;
  const place = (key: string): number =>
    rank?.get(key) ?? (key === '(none)' ? Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER - 1);
  const rows = [...report.rows].sort(
    (a, b) => place(a.key) - place(b.key) || a.key.localeCompare(b.key),
  );
  return { ...report, rows };
}
