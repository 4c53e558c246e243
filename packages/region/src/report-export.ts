import { t, type Lang, type ReportRow, type TextKey } from '@onestop/shared';
import writeXlsxFile, { type Cell, type SheetData } from 'write-excel-file/node';
import { z } from 'zod';
import type { ConsoleAccount } from './accounts.js';
import type { RegionReport } from './store/figures.js';

/*
 * The regional console's reports across halls (docs/REGION.md, "Reports and exports"): the
 * console's query as it comes over HTTP, the halls an account may report on, and the report as a
 * table of words and numbers, written as JSON for the page, CSV or XLSX for a spreadsheet.
 */

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * `GET /api/console/report?from=&to=&groupBy=&halls=H-…,H-…&format=&lang=`: each a single
 * string (a repeated parameter is refused). from, to and groupBy are parsed further by
 * `RegionReportQuerySchema` (`Region.reportAcross`).
 */
export const ConsoleReportQuerySchema = z.strictObject({
  from: z.string().max(10),
  to: z.string().max(10),
  groupBy: z.string().max(20),
  /** Comma-separated hall ids; the account's halls when absent. */
  halls: z.string().max(66_000).optional(),
  format: z.enum(REPORT_FORMATS).default('json'),
  lang: z.enum(['zh', 'en']).default('zh'),
});
export type ConsoleReportQuery = z.infer<typeof ConsoleReportQuerySchema>;

export type HallScope = { ok: true; halls: string[] | undefined } | { ok: false; hallId: string };

/**
 * The halls a report of `account` covers: those asked for, when the account sees each of them
 * (else the first it does not see); when none are named, a supervisor's own halls, or every
 * hall for a region admin (`undefined`).
 */
export function reportScope(
  account: ConsoleAccount,
  asked: readonly string[] | undefined,
): HallScope {
  const { halls } = account;
  if (asked === undefined) return { ok: true, halls: halls === 'all' ? undefined : [...halls] };
  if (halls !== 'all') {
    const outside = asked.find((h) => !halls.includes(h));
    if (outside !== undefined) return { ok: false, hallId: outside };
  }
  return { ok: true, halls: [...asked] };
}

/** A cell of the exported table: text, a count, or a figure with its spreadsheet format. */
export type TableCell = string | number | null | { value: number; format: '0.0' | '0.00' | '0.0%' };

export interface ReportTable {
  header: string[];
  rows: TableCell[][];
  total: TableCell[];
}

const tr = (key: string, lang: Lang): string => t(`region.report.${key}` as TextKey, lang);

const minutes = (ms: number | null): TableCell =>
  ms === null ? null : { value: Math.round(ms / 6_000) / 10, format: '0.0' };

const FIGURES: { key: string; cell: (r: ReportRow) => TableCell }[] = [
  { key: 'issued', cell: (r) => r.issued },
  { key: 'served', cell: (r) => r.served },
  { key: 'noShow', cell: (r) => r.noShow },
  { key: 'cancelled', cell: (r) => r.cancelled },
  { key: 'expired', cell: (r) => r.expired },
  { key: 'avgWait', cell: (r) => minutes(r.avgWaitMs) },
  { key: 'p90Wait', cell: (r) => minutes(r.p90WaitMs) },
  { key: 'avgService', cell: (r) => minutes(r.avgServiceMs) },
  { key: 'transfers', cell: (r) => r.transfers },
  { key: 'rated', cell: (r) => r.rated },
  {
    key: 'avgScore',
    cell: (r) =>
      r.avgScore === null ? null : { value: Math.round(r.avgScore * 100) / 100, format: '0.00' },
  },
  {
    key: 'satisfaction',
    cell: (r) =>
      r.satisfactionRate === null
        ? null
        : { value: Math.round(r.satisfactionRate * 1000) / 1000, format: '0.0%' },
  },
  { key: 'complaints', cell: (r) => r.complaints },
];

/**
 * The report as the console and the exports show it: one row per group, its name first (a
 * hall's name for its id, `hall/window` with the hall's name and the window's or clerk's name
 * from `groupNames` where the hall gave one; `(none)` in words), then the figures; waits and
 * service times in minutes.
 */
export function reportTable(
  report: RegionReport,
  lang: Lang,
  hallNames: ReadonlyMap<string, string>,
  groupNames: ReadonlyMap<string, string> = new Map(),
): ReportTable {
  const label = (key: string): string => {
    if (key === '(none)') return tr('none', lang);
    if (report.groupBy === 'hall') return hallNames.get(key) ?? key;
    if (report.groupBy === 'window' || report.groupBy === 'clerk') {
      const slash = key.indexOf('/');
      const hall = key.slice(0, slash);
      const rest = key.slice(slash + 1);
      if (rest === '(none)') return `${hallNames.get(hall) ?? hall} / ${tr('none', lang)}`;
      const name = groupNames.get(key);
      return `${hallNames.get(hall) ?? hall} / ${rest}${name === undefined ? '' : ` ${name}`}`;
    }
    if (report.groupBy === 'hour') return `${key}:00`;
    return key;
  };
  const line = (name: string, r: ReportRow): TableCell[] => [
    name,
    ...FIGURES.map((f) => f.cell(r)),
  ];
  return {
    header: [tr('group', lang), ...FIGURES.map((f) => tr(f.key, lang))],
    rows: report.rows.map((r) => line(label(r.key), r)),
    total: line(tr('total', lang), report.total),
  };
}

const plain = (c: TableCell): string | number | null =>
  c === null || typeof c !== 'object'
    ? c
    : c.format === '0.0%'
      ? `${(c.value * 100).toFixed(1)}%`
      : c.value;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, its quotes
 * doubled; a text that a spreadsheet would run as a formula (= + - @ first) gets a `'` before it.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The table as CSV: UTF-8 with a byte order mark (so Excel reads the Chinese), CRLF lines. */
export function reportCsv(table: ReportTable): Buffer {
  const lines = [table.header, ...table.rows, table.total].map((row) =>
    row.map((c) => csvField(plain(c))).join(','),
  );
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/**
 * The table as an .xlsx workbook of one sheet (write-excel-file): a bold header, numbers as
 * numbers with their format, texts as texts (never formulas), the total row bold.
 */
export function reportXlsx(table: ReportTable, sheetName: string): Promise<Buffer> {
  const cell = (c: TableCell, bold: boolean): Cell => {
    const weight = bold ? { fontWeight: 'bold' as const } : {};
    if (c === null) return null;
    if (typeof c === 'string') return { value: c, type: String, ...weight };
    if (typeof c === 'number') return { value: c, type: Number, ...weight };
    return { value: c.value, type: Number, format: c.format, ...weight };
  };
  const sheet: SheetData = [
    table.header.map((h) => cell(h, true)),
    ...table.rows.map((row) => row.map((c) => cell(c, false))),
    table.total.map((c) => cell(c, true)),
  ];
  return writeXlsxFile(sheet, { sheet: sheetName }).toBuffer();
}

/** The export's file name: ASCII only, so every browser keeps it as it is. */
export function reportFileName(report: RegionReport, format: 'csv' | 'xlsx'): string {
  return `region-report-${report.groupBy}-${report.from}-${report.to}.${format}`;
}
