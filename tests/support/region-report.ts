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

/** Region groupings for the hall's: its `staff` is the region's `clerk`. */
export const REGION_OF: Record<ReportGrouping, RegionGrouping> = {
  service: 'service',
  window: 'window',
  staff: 'clerk',
  department: 'department',
  hour: 'hour',
};

/**
 * The hall's report and the region's for that hall, row by row, for every grouping (a window's
 * or a clerk's key at the region is `hallId/…`). Gives how many rows the hall's reports had.
 */
export async function expectRegionReportsEqual(
  region: Region,
  hub: Hub,
  hallId: string,
  from: string,
  to: string,
): Promise<number> {
  let rows = 0;
  for (const by of Object.keys(REGION_OF) as ReportGrouping[]) {
    const hall = computeReport(hub.store, hub.config, { from, to, by });
    const answer = await region.reportAcross({ from, to, groupBy: REGION_OF[by], halls: [hallId] });
    if (!answer.ok) throw new Error(answer.refusal.message);
    const ours = answer.value;
    const local = (r: ReportRow): ReportRow =>
      r.key.startsWith(`${hallId}/`) ? { ...r, key: r.key.slice(hallId.length + 1) } : r;
    expect({ by, rows: ours.rows.map(local), total: ours.total }).toEqual({
      by,
      rows: hall.rows,
      total: hall.total,
    });
    rows += hall.rows.length;
  }
  return rows;
}
