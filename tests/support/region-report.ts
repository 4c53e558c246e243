import { expect } from 'vitest';
import type { ReportGrouping, ReportRow } from '@onestop/shared';
import { computeReport, type Hub, type RegionLinkOptions } from '@onestop/hub';
import type { Region, RegionGrouping } from '@onestop/region';

/** A hall link that retries at once and says nothing: for tests of a hub and a region together. */
export const FAST_LINK: RegionLinkOptions = {
  minRetryMs: 10,
  maxRetryMs: 40,
  timeoutMs: 2_000,
  log: () => {},
};

/** Region groupings for the hall's: its `staff` is the region's `clerk`; the region has no `tag`. */
export const REGION_OF: Record<Exclude<ReportGrouping, 'tag'>, RegionGrouping> = {
  service: 'service',
  window: 'window',
  staff: 'clerk',
  department: 'department',
  hour: 'hour',
};

/**
 * The figures a region's row and the hall's both have: all but 好差评's (`ratings`), which the
 * hall's report alone gives.
 */
function both(r: ReportRow): Omit<ReportRow, 'ratings'> {
  return {
    key: r.key,
    issued: r.issued,
    served: r.served,
    noShow: r.noShow,
    cancelled: r.cancelled,
    expired: r.expired,
    avgWaitMs: r.avgWaitMs,
    p90WaitMs: r.p90WaitMs,
    avgServiceMs: r.avgServiceMs,
    transfers: r.transfers,
    rated: r.rated,
    avgScore: r.avgScore,
    satisfied: r.satisfied,
    satisfactionRate: r.satisfactionRate,
    complaints: r.complaints,
  };
}

/**
 * The hall's report and the region's for that hall, row by row, for every grouping the region
 * has (a window's or a clerk's key at the region is `hallId/…`), on the figures both have.
 * Gives how many rows the hall's reports had.
 */
export async function expectRegionReportsEqual(
  region: Region,
  hub: Hub,
  hallId: string,
  from: string,
  to: string,
): Promise<number> {
  let rows = 0;
  for (const by of Object.keys(REGION_OF) as (keyof typeof REGION_OF)[]) {
    const hall = computeReport(hub.store, hub.config, { from, to, by });
    const answer = await region.reportAcross({ from, to, groupBy: REGION_OF[by], halls: [hallId] });
    if (!answer.ok) throw new Error(answer.refusal.message);
    const ours = answer.value;
    const local = (r: ReportRow): ReportRow =>
      r.key.startsWith(`${hallId}/`) ? { ...r, key: r.key.slice(hallId.length + 1) } : r;
    expect({ by, rows: ours.rows.map(local).map(both), total: both(ours.total) }).toEqual({
      by,
      rows: hall.rows.map(both),
      total: both(hall.total),
    });
    rows += hall.rows.length;
  }
  return rows;
}
