import type { ReportRow } from '@onestop/shared';

/** For the tests: a report row of `key` with nothing counted, but for `over`. */
export function reportRow(key: string, over: Partial<ReportRow> = {}): ReportRow {
  return {
    key,
    issued: 0,
    served: 0,
    noShow: 0,
    cancelled: 0,
    expired: 0,
    avgWaitMs: null,
    p90WaitMs: null,
    avgServiceMs: null,
    transfers: 0,
    rated: 0,
    avgScore: null,
    satisfied: 0,
    satisfactionRate: null,
    complaints: 0,
    ...over,
  };
}
