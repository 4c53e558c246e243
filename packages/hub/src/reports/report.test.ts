import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_HALL } from '../demo.js';
import { Store } from '../store/index.js';
import { commitInput, DAY, T0, tempDir, ticket, type TempDir } from '../store/test-helpers.js';
import { computeReport, percentileOfCounts } from './report.js';

const MINUTE = 60_000;
let tmp: TempDir;
let store: Store;
beforeEach(() => {
  tmp = tempDir();
  store = Store.open(tmp.file('hall.sqlite'));
});
afterEach(() => {
  store.close();
  tmp.remove();
});

describe('computeReport', () => {
  it('counts transfers from the bodies, and hours in the hall timezone', () => {
    const note = {
      at: T0,
      fromWindowId: 'w1',
      fromServiceId: 'biz-open',
      toServiceId: 'biz-change',
      toWindowId: null,
      note: '',
    };
    store.commit(
      commitInput({
        tickets: [
          // 09:00 and 10:30 in Asia/Shanghai (01:00 and 02:30 UTC).
          ticket({ number: 'A001', serviceId: 'biz-open', transfers: [note, note] }),
          ticket({
            number: 'A002',
            id: `${DAY}/A002`,
            serviceId: 'biz-open',
            issuedAt: T0 + 90 * MINUTE,
            transfers: [note],
          }),
          ticket({ number: 'B001', id: `${DAY}/B001`, serviceId: 'biz-change' }),
        ],
      }),
    );
    const byService = computeReport(store.connection, DEMO_HALL, {
      from: DAY,
      to: DAY,
      by: 'service',
    });
    expect(byService.rows.map((r) => [r.key, r.issued, r.transfers])).toEqual([
      ['biz-change', 1, 0],
      ['biz-open', 2, 3],
    ]);
    const byHour = computeReport(store.connection, DEMO_HALL, { from: DAY, to: DAY, by: 'hour' });
    expect(byHour.rows.map((r) => [r.key, r.issued])).toEqual([
      ['09', 2],
      ['10', 1],
    ]);
    // Another day's tickets are outside the range.
    const before = computeReport(store.connection, DEMO_HALL, {
      from: '2025-03-01',
      to: '2025-03-02',
      by: 'service',
    });
    expect(before.total.issued).toBe(0);
  });
});

describe('percentileOfCounts', () => {
  it('takes the nearest rank over counted values', () => {
    expect(percentileOfCounts(new Map(), 0.9)).toBeNull();
    expect(percentileOfCounts(new Map([[5, 1]]), 0.9)).toBe(5);
    // 1..10 once each: the 9th value.
    expect(percentileOfCounts(new Map(Array.from({ length: 10 }, (_, i) => [i + 1, 1])), 0.9)).toBe(
      9,
    );
    // 9 at 1 and 1 at 100: rank 9 is still 1; 8 and 2 makes rank 9 land on 100.
    expect(
      percentileOfCounts(
        new Map([
          [100, 1],
          [1, 9],
        ]),
        0.9,
      ),
    ).toBe(1);
    expect(
      percentileOfCounts(
        new Map([
          [1, 8],
          [100, 2],
        ]),
        0.9,
      ),
    ).toBe(100);
  });
});
