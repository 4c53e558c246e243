import { lazy, Suspense, useContext, useState, type FormEvent } from 'react';
import {
  type HallState,
  type ReportGrouping,
  type ReportResult,
  type ReportRow,
  type RatingScore,
  refusalText,
  t as tt,
} from '@onestop/shared';
import { chartSpecs, type ChartSpec } from './charts.js';
import { download, toCsv } from '../csv.js';
import type { AdminClient } from '../hub.js';
import { dayIn, keyLabel, minutesOf, percentOf } from '../labels.js';
import { LangContext, useT, type StringKey } from '../strings.js';
import { inHallOrder } from './report-order.js';
import type { XlsxValue } from './xlsx.js';

// Chart.js loads with the first report, not with the console.
const ReportCharts = lazy(() =>
  import('./ReportCharts.js').then((m) => ({ default: m.ReportCharts })),
);

const GROUPINGS: { by: ReportGrouping; label: StringKey }[] = [
  { by: 'service', label: 'byService' },
  { by: 'window', label: 'byWindow' },
  { by: 'staff', label: 'byStaff' },
  { by: 'department', label: 'byDepartment' },
  { by: 'hour', label: 'byHour' },
  { by: 'tag', label: 'byTag' },
];

const pct = (rate: number | null | undefined): XlsxValue =>
  rate === null || rate === undefined ? null : { value: rate, format: '0.0%' };
/** A count of 好差评's figures: empty where it means nothing (by tag, or a region's row). */
const count = (n: number | null | undefined): number | string => n ?? '';
const countX = (n: number | null | undefined): XlsxValue => n ?? null;

const mins = (ms: number | null): XlsxValue =>
  ms === null ? null : { value: Math.round(ms / 6_000) / 10, format: '0.0' };

interface Column {
  label: StringKey;
  value: (r: ReportRow) => string | number;
  xlsx: (r: ReportRow) => XlsxValue;
}

/** The report's columns: as shown (and in CSV), and as spreadsheet numbers (XLSX). */
const COLUMNS: Column[] = [
  { label: 'issued', value: (r) => r.issued, xlsx: (r) => r.issued },
  { label: 'served', value: (r) => r.served, xlsx: (r) => r.served },
  { label: 'noShow', value: (r) => r.noShow, xlsx: (r) => r.noShow },
  { label: 'cancelled', value: (r) => r.cancelled, xlsx: (r) => r.cancelled },
  { label: 'expired', value: (r) => r.expired, xlsx: (r) => r.expired },
  { label: 'avgWait', value: (r) => minutesOf(r.avgWaitMs), xlsx: (r) => mins(r.avgWaitMs) },
  { label: 'p90Wait', value: (r) => minutesOf(r.p90WaitMs), xlsx: (r) => mins(r.p90WaitMs) },
  {
    label: 'avgService',
    value: (r) => minutesOf(r.avgServiceMs),
    xlsx: (r) => mins(r.avgServiceMs),
  },
  { label: 'transfers', value: (r) => r.transfers, xlsx: (r) => r.transfers },
  { label: 'rated', value: (r) => r.rated, xlsx: (r) => r.rated },
  {
    label: 'avgScore',
    value: (r) => (r.avgScore === null ? '' : r.avgScore.toFixed(2)),
    xlsx: (r) =>
      r.avgScore === null ? null : { value: Math.round(r.avgScore * 100) / 100, format: '0.00' },
  },
  {
    label: 'satisfaction',
    value: (r) => percentOf(r.satisfactionRate),
    xlsx: (r) =>
      r.satisfactionRate === null ? null : { value: r.satisfactionRate, format: '0.0%' },
  },
  { label: 'complaints', value: (r) => r.complaints, xlsx: (r) => r.complaints },
  // 好差评's figures (docs/RATINGS.md, "The figures").
  {
    label: 'ratingRate',
    value: (r) => percentOf(r.ratings?.ratingRate ?? null),
    xlsx: (r) => pct(r.ratings?.ratingRate),
  },
  {
    label: 'poorRatings',
    value: (r) => count(r.ratings?.poor),
    xlsx: (r) => countX(r.ratings?.poor),
  },
  { label: 'cases', value: (r) => count(r.ratings?.cases), xlsx: (r) => countX(r.ratings?.cases) },
  {
    label: 'callbacks',
    value: (r) => count(r.ratings?.callbacks),
    xlsx: (r) => countX(r.ratings?.callbacks),
  },
  {
    label: 'callbackRate',
    value: (r) => percentOf(r.ratings?.callbackRate ?? null),
    xlsx: (r) => pct(r.ratings?.callbackRate),
  },
  {
    label: 'callbackOnTimeRate',
    value: (r) => percentOf(r.ratings?.callbackOnTimeRate ?? null),
    xlsx: (r) => pct(r.ratings?.callbackOnTimeRate),
  },
  {
    label: 'rectified',
    value: (r) => count(r.ratings?.rectified),
    xlsx: (r) => countX(r.ratings?.rectified),
  },
  {
    label: 'rectificationRate',
    value: (r) => percentOf(r.ratings?.rectificationRate ?? null),
    xlsx: (r) => pct(r.ratings?.rectificationRate),
  },
  {
    label: 'rectificationOnTimeRate',
    value: (r) => percentOf(r.ratings?.rectificationOnTimeRate ?? null),
    xlsx: (r) => pct(r.ratings?.rectificationOnTimeRate),
  },
];

/** By rating tag only what a tag's ratings say: how many, their score, satisfied, poor. */
const TAG_COLUMNS: ReadonlySet<StringKey> = new Set([
  'rated',
  'avgScore',
  'satisfaction',
  'poorRatings',
]);

/** The columns of a report by `by`. */
export function columnsOf(by: ReportGrouping): Column[] {
  return by === 'tag' ? COLUMNS.filter((c) => TAG_COLUMNS.has(c.label)) : COLUMNS;
}

export function Reports(props: { client: AdminClient; state: HallState }) {
  const t = useT();
  const lang = useContext(LangContext);
  const { config } = props.state;
  const [today] = useState(
    () => props.state.day?.businessDay ?? dayIn(Date.now(), config.hall.timezone),
  );
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [by, setBy] = useState<ReportGrouping>('service');
  const [report, setReport] = useState<ReportResult | null>(null);
  const [charts, setCharts] = useState<ChartSpec[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    // The table's grouping, and the two the charts draw (per hour, per service).
    const [ack, hourly, byService] = await Promise.all([
      props.client.command('report', { from, to, by }),
      props.client.command('report', { from, to, by: 'hour' }),
      props.client.command('report', { from, to, by: 'service' }),
    ]);
    setBusy(false);
    if (ack.ok) {
      setReport(inHallOrder(config, ack.result));
      setCharts(
        hourly.ok && byService.ok
          ? chartSpecs(hourly.result, inHallOrder(config, byService.result), config, lang)
          : null,
      );
      setError(null);
    } else {
      // Not the figures of the previous query under a refused one.
      setReport(null);
      setCharts(null);
      setError(refusalText(ack.error, lang));
    }
  };

  const header = (r: ReportResult) => [
    t(GROUPINGS.find((g) => g.by === r.by)?.label ?? 'service'),
    ...columnsOf(r.by).map((c) => t(c.label)),
  ];
  const rowName = (r: ReportResult, row: ReportRow) =>
    row === r.total ? t('total') : keyLabel(config, r.by, row.key, lang);
  const fileName = (r: ReportResult, ext: string) =>
    `onestop-report-${r.by}-${r.from}-${r.to}.${ext}`;

  const exportXlsx = async () => {
    if (!report) return;
    const rows = [...report.rows, report.total].map((r) => [
      rowName(report, r),
      ...columnsOf(report.by).map((c) => c.xlsx(r)),
    ]);
    // The spreadsheet writer loads only when asked for.
    const { reportSheet, xlsxBlob } = await import('./xlsx.js');
    const blob = await xlsxBlob(reportSheet(header(report), rows), t('tabReports'));
    download(fileName(report, 'xlsx'), blob);
  };

  const exportCsv = () => {
    if (!report) return;
    const rows = [...report.rows, report.total].map((r) => [
      rowName(report, r),
      ...columnsOf(report.by).map((c) => c.value(r)),
    ]);
    download(fileName(report, 'csv'), toCsv(header(report), rows));
  };

  // Tickets are issued at no window: by window or clerk the bars show the services finished; by
  // tag, the ratings that carried it.
  const barOf = (r: ReportRow) =>
    report?.by === 'tag'
      ? r.rated
      : report?.by === 'window' || report?.by === 'staff'
        ? r.served
        : r.issued;
  const columns = report ? columnsOf(report.by) : COLUMNS;
  const max = report ? Math.max(1, ...report.rows.map(barOf)) : 1;

  return (
    <div className="reports">
      <form className="toolbar no-print" onSubmit={(e) => void run(e)}>
        <label>
          {t('from')}
          <input
            type="date"
            name="from"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            required
          />
        </label>
        <label>
          {t('to')}
          <input
            type="date"
            name="to"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            required
          />
        </label>
        <label>
          {t('groupBy')}
          <select name="by" value={by} onChange={(e) => setBy(e.target.value as ReportGrouping)}>
            {GROUPINGS.map((g) => (
              <option key={g.by} value={g.by}>
                {t(g.label)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          {t('run')}
        </button>
        <button type="button" className="secondary" disabled={!report} onClick={exportCsv}>
          {t('exportCsv')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!report}
          onClick={() => void exportXlsx()}
        >
          {t('exportXlsx')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!report}
          onClick={() => window.print()}
        >
          {t('print')}
        </button>
      </form>
      <details className="report-help no-print" data-testid="report-help">
        <summary>{t('reportHelp')}</summary>
        <ul>
          <li>{t('reportHelpTickets')}</li>
          <li>{t('reportHelpSteps')}</li>
          <li>{t('reportHelpWaits')}</li>
          <li>{t('reportHelpRatings')}</li>
          <li>{t('reportHelpFigures')}</li>
        </ul>
      </details>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {report === null && error === null && !busy && (
        <p className="muted" data-testid="report-empty">
          {t('reportNotRun')}
        </p>
      )}
      {report && (
        // The table is wider than the screen with all its figures: it scrolls, by keyboard too.
        <section className="panel" tabIndex={0} aria-labelledby="report-title">
          <h2 id="report-title">
            {t('tabReports')} · {report.from} – {report.to}
          </h2>
          <table className="grid report" data-testid="report-table">
            <thead>
              <tr>
                <th>{t(GROUPINGS.find((g) => g.by === report.by)?.label ?? 'service')}</th>
                {columns.map((c) => (
                  <th key={c.label} className="num">
                    {t(c.label)}
                    {c.label === 'avgWait' || c.label === 'p90Wait' || c.label === 'avgService'
                      ? ` (${t('minutes')})`
                      : ''}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.rows.length === 0 && (
                <tr>
                  <td colSpan={columns.length + 1} className="muted">
                    {t('noRows')}
                  </td>
                </tr>
              )}
              {report.rows.map((r) => (
                <tr key={r.key}>
                  <td>
                    <div className="bar-label">{keyLabel(config, report.by, r.key, lang)}</div>
                    <div
                      className="bar"
                      style={{ width: `${(barOf(r) / max) * 100}%` }}
                      aria-hidden
                    />
                  </td>
                  {columns.map((c) => (
                    <td key={c.label} className="num">
                      {c.value(r)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th>{t('total')}</th>
                {columns.map((c) => (
                  <th key={c.label} className="num">
                    {c.value(report.total)}
                  </th>
                ))}
              </tr>
            </tfoot>
          </table>
        </section>
      )}
      {report?.followUps !== undefined && report.followUps.length > 0 && (
        <section className="panel" data-testid="follow-ups">
          <h2>
            {t('followUps')} ({report.followUps.length})
          </h2>
          <table>
            <tbody>
              {report.followUps.map((f) => (
                <tr key={`${f.ticketId}-${f.at}`}>
                  <td>{f.ticketId}</td>
                  <td>{keyLabel(config, 'window', f.windowId, lang)}</td>
                  <td>{f.staffCode ?? ''}</td>
                  <td>{f.score === null ? '' : tt(`rating.${f.score as RatingScore}`, lang)}</td>
                  <td>{f.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {report && charts && (
        <section className="panel">
          <h2>{t('charts')}</h2>
          <Suspense fallback={<p className="muted">…</p>}>
            <ReportCharts specs={charts} />
          </Suspense>
        </section>
      )}
    </div>
  );
}
