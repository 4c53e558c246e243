import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  initialState,
  type ReportGrouping,
  type ReportResult,
  type ReportRow,
} from '@onestop/shared';
import { testHall } from '@onestop/shared/testing';
import { chartSpecs } from './charts.js';
import type { AdminClient } from '../hub.js';
import { keyLabel } from '../labels.js';
import { reportRow } from './report-fixtures.js';
import { Reports } from './Reports.js';
import { LangContext } from '../strings.js';
import { reportSheet } from './xlsx.js';

const row = reportRow;

const DAY = '2026-03-02';
function result(by: ReportGrouping, rows: ReportRow[]): ReportResult {
  return { from: DAY, to: DAY, by, rows, total: row('total', { issued: 9, served: 6 }) };
}
const HOURLY = result('hour', [
  row('09', { issued: 5, served: 3 }),
  row('10', { issued: 4, served: 3 }),
]);
const BY_SERVICE = result('service', [
  row('marriage', {
    issued: 6,
    served: 4,
    avgWaitMs: 6 * 60_000,
    p90WaitMs: 12.5 * 60_000,
    rated: 4,
    satisfied: 3,
    satisfactionRate: 0.75,
  }),
  row('tax', { issued: 3, served: 2, avgWaitMs: 90_000, p90WaitMs: 120_000 }),
]);

const config = testHall();

describe('report charts', () => {
  it('charts issued/served per hour, waits and satisfaction per service', () => {
    const [hourly, waits, satisfaction] = chartSpecs(HOURLY, BY_SERVICE, config, 'en');
    expect(hourly?.labels).toEqual(['09:00', '10:00']);
    expect(hourly?.series.map((s) => [s.label, s.values])).toEqual([
      ['Issued', [5, 4]],
      ['Served', [3, 3]],
    ]);
    expect(waits?.labels).toEqual(['A Marriage registration', 'D Tax returns']);
    expect(waits?.series.map((s) => s.values)).toEqual([
      [6, 1.5],
      [12.5, 2],
    ]);
    // Nobody rated tax returns: no bar rather than 0 %.
    expect(satisfaction?.series[0]?.values).toEqual([75, null]);
  });
});

describe('report sheet', () => {
  it('keeps numbers as numbers and text as text, never as a formula', () => {
    const sheet = reportSheet(
      ['Service', 'Issued', 'Satisfaction'],
      [
        ['=HYPERLINK("x")', 3, { value: 0.75, format: '0.0%' }],
        ['Total', 3, null],
      ],
    );
    expect(sheet[0]?.[0]).toEqual({ value: 'Service', type: String, fontWeight: 'bold' });
    expect(sheet[1]).toEqual([
      { value: '=HYPERLINK("x")', type: String },
      { value: 3, type: Number },
      { value: 0.75, type: Number, format: '0.0%' },
    ]);
    expect(sheet[2]?.[2]).toBeNull();
  });
});

describe('the row of what happened at no window', () => {
  it('is named for what it holds, in both languages', () => {
    expect(keyLabel(config, 'window', '(none)', 'zh')).toBe('（不在窗口）');
    expect(keyLabel(config, 'staff', '(none)', 'en')).toBe('(not at a window)');
    expect(keyLabel(config, 'service', '(none)', 'en')).toBe('(unknown)');
  });
});

describe('Reports', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    cleanup();
  });

  it('runs the report with its charts and exports an XLSX file', async () => {
    // jsdom draws nothing: the charts keep their text fallback (Chromium draws them, see e2e).
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    const asked: ReportGrouping[] = [];
    const client = {
      command: (event: string, input: { by: ReportGrouping }) => {
        expect(event).toBe('report');
        asked.push(input.by);
        const r =
          input.by === 'hour' ? HOURLY : input.by === 'service' ? BY_SERVICE : result(input.by, []);
        return Promise.resolve({ ok: true, result: r });
      },
    } as unknown as AdminClient;
    const saved: Blob[] = [];
    URL.createObjectURL = (b: Blob | MediaSource) => {
      if (b instanceof Blob) saved.push(b);
      return 'blob:report';
    };
    URL.revokeObjectURL = () => undefined;
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);

    render(
      <LangContext.Provider value="zh">
        <Reports client={client} state={{ ...initialState(config) }} />
      </LangContext.Provider>,
    );
    expect(screen.getByRole('button', { name: '导出 Excel' })).toHaveProperty('disabled', true);
    // Before a query the page says what to do, not an empty space.
    expect(screen.getByTestId('report-empty').textContent).toBe(
      '选择日期范围和分组，然后点击“查询”。',
    );
    // How each figure is counted, before any report runs.
    const help = screen.getByTestId('report-help');
    expect(within(help).getByText('统计口径')).toBeTruthy();
    expect(help.textContent).toContain('两个窗口各计一次');
    expect(help.textContent).toContain('转办从转办时起算');
    await userEvent.click(screen.getByRole('button', { name: '查询' }));
    const charts = await screen.findByTestId('report-charts');
    expect(asked.sort()).toEqual(['hour', 'service', 'service']);
    const figures = within(charts).getAllByRole('figure');
    expect(figures.map((f) => f.querySelector('figcaption')?.textContent)).toEqual([
      '各时段取号与办结',
      '各业务等候时间',
      '各业务满意率',
    ]);
    expect(within(charts).getByRole('img', { name: '各业务满意率' }).textContent).toContain(
      'A 婚姻登记: 满意率 75%',
    );

    await userEvent.click(screen.getByRole('button', { name: '导出 Excel' }));
    // The Excel writer is a chunk of its own, loaded on the first export.
    await vi.waitFor(() => expect(saved).toHaveLength(1), { timeout: 10_000 });
    const bytes = await new Promise<Uint8Array>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
      reader.onerror = () => reject(new Error('unreadable export'));
      if (saved[0]) reader.readAsArrayBuffer(saved[0]);
    });
    // An .xlsx file is a zip archive.
    expect(String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0)).toBe('PK');
  });
  it('says a refused range by its field in the page language, without the last figures under it', async () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    let refuse = false;
    const client = {
      command: (_event: string, input: { by: ReportGrouping }) =>
        Promise.resolve(
          refuse
            ? {
                ok: false,
                error: {
                  code: 'invalid_message',
                  message: 'invalid report: to: from must not be after to',
                  issues: [{ path: 'to', code: 'from_after_to', params: {} }],
                },
              }
            : { ok: true, result: input.by === 'hour' ? HOURLY : BY_SERVICE },
        ),
    } as unknown as AdminClient;
    render(
      <LangContext.Provider value="zh">
        <Reports client={client} state={{ ...initialState(config) }} />
      </LangContext.Provider>,
    );
    await userEvent.click(screen.getByRole('button', { name: '查询' }));
    await screen.findByTestId('report-charts');
    refuse = true;
    await userEvent.click(screen.getByRole('button', { name: '查询' }));
    expect((await screen.findByRole('alert')).textContent).toBe('结束日期：不能早于开始日期');
    expect(screen.queryByTestId('report-charts')).toBeNull();
    expect(screen.getByRole('button', { name: '导出 Excel' })).toHaveProperty('disabled', true);
  });

  it("shows 好差评's figures as columns, and by rating tag only a tag's", async () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    const figures = {
      ratingRate: 0.9,
      poor: 4,
      cases: 5,
      callbacks: 4,
      callbackRate: 0.8,
      callbacksOnTime: 3,
      callbackOnTimeRate: 0.6,
      rectified: 3,
      rectificationRate: 0.6,
      rectifiedOnTime: 1,
      rectificationOnTimeRate: 0.25,
    };
    const byService: ReportResult = {
      ...BY_SERVICE,
      rows: BY_SERVICE.rows.map((r) => ({ ...r, ratings: figures })),
      total: row('total', { served: 10, rated: 9, ratings: figures }),
    };
    const noCases = { ...figures, ratingRate: null, cases: null, callbackRate: null };
    const byTag = result('tag', [
      row('wait', {
        rated: 2,
        satisfied: 0,
        satisfactionRate: 0,
        ratings: { ...noCases, poor: 2 },
      }),
    ]);
    const client = {
      command: (_event: string, input: { by: ReportGrouping }) =>
        Promise.resolve({
          ok: true,
          result: input.by === 'hour' ? HOURLY : input.by === 'tag' ? byTag : byService,
        }),
    } as unknown as AdminClient;
    render(
      <LangContext.Provider value="en">
        <Reports client={client} state={{ ...initialState(config) }} />
      </LangContext.Provider>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    const table = await screen.findByTestId('report-table');
    const heads = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(heads).toEqual(
      expect.arrayContaining([
        'Rating rate',
        'Poor ratings',
        'Cases',
        'Called back',
        'Call-back rate',
        'Call-backs on time',
        'Rectified',
        'Rectification rate',
        'Rectified on time',
      ]),
    );
    const total = within(table).getAllByRole('row').at(-1);
    expect(total?.textContent).toContain('90.0%');
    expect(total?.textContent).toContain('25.0%');

    await userEvent.selectOptions(screen.getByRole('combobox'), 'tag');
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    await vi.waitFor(() =>
      expect(screen.getByTestId('report-table').querySelector('thead')?.textContent).toBe(
        'By rating tagRatedAvg scoreSatisfactionPoor ratings',
      ),
    );
    const first = within(screen.getByTestId('report-table')).getAllByRole('row')[1];
    expect(first?.textContent).toBe('Waited too long20.0%2');
  });
});
