import { describe, expect, it } from 'vitest';
import type { ReportResult, ReportRow } from '@onestop/shared';
import { testHall } from '@onestop/shared/testing';
import { reportRow } from './report-fixtures.js';
import { inHallOrder } from './report-order.js';

const row = (key: string): ReportRow => reportRow(key, { issued: 1 });
const report = (by: ReportResult['by'], keys: string[]): ReportResult => ({
  from: '2026-11-27',
  to: '2026-11-27',
  by,
  rows: keys.map(row),
  total: row('total'),
});

describe('report rows in the hall order', () => {
  const config = testHall();
  it('lists services as configured, an unknown one and (none) last', () => {
    const ids = config.services.map((s) => s.id);
    const shuffled = ['(none)', ...[...ids].reverse(), 'gone'];
    expect(inHallOrder(config, report('service', shuffled)).rows.map((r) => r.key)).toEqual([
      ...ids,
      'gone',
      '(none)',
    ]);
  });

  it('lists windows by number and hours in the day', () => {
    const windows = [...config.windows].sort((a, b) => b.number - a.number).map((w) => w.id);
    const sorted = inHallOrder(config, report('window', windows)).rows.map((r) => r.key);
    expect(sorted).toEqual([...windows].reverse());
    expect(inHallOrder(config, report('hour', ['14', '09', '10'])).rows.map((r) => r.key)).toEqual([
      '09',
      '10',
      '14',
    ]);
  });
});
