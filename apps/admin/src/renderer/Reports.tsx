import { useContext, useState, type FormEvent } from 'react';
import type { HallState, ReportGrouping, ReportResult, ReportRow } from '@onestop/shared';
import { download, toCsv } from './csv.js';
import type { AdminClient } from './hub.js';
import { dayIn, keyLabel, minutesOf, percentOf } from './labels.js';
import { LangContext, useT, type StringKey } from './strings.js';

const GROUPINGS: { by: ReportGrouping; label: StringKey }[] = [
  { by: 'service', label: 'byService' },
  { by: 'window', label: 'byWindow' },
  { by: 'staff', label: 'byStaff' },
  { by: 'department', label: 'byDepartment' },
  { by: 'hour', label: 'byHour' },
];

const COLUMNS: { label: StringKey; value: (r: ReportRow) => string | number }[] = [
  { label: 'issued', value: (r) => r.issued },
  { label: 'served', value: (r) => r.served },
  { label: 'noShow', value: (r) => r.noShow },
  { label: 'cancelled', value: (r) => r.cancelled },
  { label: 'expired', value: (r) => r.expired },
  { label: 'avgWait', value: (r) => minutesOf(r.avgWaitMs) },
  { label: 'p90Wait', value: (r) => minutesOf(r.p90WaitMs) },
  { label: 'avgService', value: (r) => minutesOf(r.avgServiceMs) },
  { label: 'transfers', value: (r) => r.transfers },
  { label: 'rated', value: (r) => r.rated },
  { label: 'avgScore', value: (r) => (r.avgScore === null ? '' : r.avgScore.toFixed(2)) },
  { label: 'satisfaction', value: (r) => percentOf(r.satisfactionRate) },
  { label: 'complaints', value: (r) => r.complaints },
];

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
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    const ack = await props.client.command('report', { from, to, by });
    setBusy(false);
    if (ack.ok) {
      setReport(ack.result);
      setError(null);
    } else setError(ack.error.message);
  };

  const exportCsv = () => {
    if (!report) return;
    const header = [
      t(GROUPINGS.find((g) => g.by === report.by)?.label ?? 'service'),
      ...COLUMNS.map((c) => t(c.label)),
    ];
    const rows = [...report.rows, report.total].map((r) => [
      r === report.total ? t('total') : keyLabel(config, report.by, r.key, lang),
      ...COLUMNS.map((c) => c.value(r)),
    ]);
    download(`onestop-report-${report.by}-${report.from}-${report.to}.csv`, toCsv(header, rows));
  };

  const max = report ? Math.max(1, ...report.rows.map((r) => r.issued)) : 1;

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
          onClick={() => window.print()}
        >
          {t('print')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <section className="panel">
          <h2>
            {t('tabReports')} · {report.from} – {report.to}
          </h2>
          <table className="grid report" data-testid="report-table">
            <thead>
              <tr>
                <th>{t(GROUPINGS.find((g) => g.by === report.by)?.label ?? 'service')}</th>
                {COLUMNS.map((c) => (
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
                  <td colSpan={COLUMNS.length + 1} className="muted">
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
                      style={{ width: `${(r.issued / max) * 100}%` }}
                      aria-hidden
                    />
                  </td>
                  {COLUMNS.map((c) => (
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
                {COLUMNS.map((c) => (
                  <th key={c.label} className="num">
                    {c.value(report.total)}
                  </th>
                ))}
              </tr>
            </tfoot>
          </table>
        </section>
      )}
    </div>
  );
}
