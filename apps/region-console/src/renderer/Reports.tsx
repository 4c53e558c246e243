import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Lang } from '@onestop/shared';
import { api, tr, type Hall } from './common.js';

/*
 * The Reports tab (docs/REGION.md, "Reports and exports"): the halls, a date range and a
 * grouping; the region answers the table in the console's language (`GET /api/console/report`),
 * drawn here as a table and two bar charts, and serves the same as CSV and XLSX files.
 */

const GROUPINGS = ['hall', 'department', 'service', 'window', 'clerk', 'day', 'hour'] as const;
type Grouping = (typeof GROUPINGS)[number];

type Cell = string | number | null | { value: number; format: string };

interface ReportRowFigures {
  key: string;
  served: number;
  avgWaitMs: number | null;
}

interface ReportAnswer {
  report: { rows: ReportRowFigures[] };
  table: { header: string[]; rows: Cell[][]; total: Cell[] };
}

const shown = (c: Cell): string => {
  if (c === null) return '—';
  if (typeof c !== 'object') return String(c);
  return c.format === '0.0%' ? `${(c.value * 100).toFixed(1)}%` : String(c.value);
};

/** A day as `YYYY-MM-DD` in the browser's own timezone. */
const dayOf = (ms: number): string => {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

export function Reports(props: { lang: Lang; halls: Hall[] }) {
  const { lang, halls } = props;
  const [chosen, setChosen] = useState<string[]>(() => halls.map((h) => h.hallId));
  const [from, setFrom] = useState(() => dayOf(Date.now() - 6 * 86_400_000));
  const [to, setTo] = useState(() => dayOf(Date.now()));
  const [groupBy, setGroupBy] = useState<Grouping>('hall');
  const [answer, setAnswer] = useState<{ query: string; body: ReportAnswer } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const ids = [useId(), useId(), useId()];

  const query = (format: 'json' | 'csv' | 'xlsx') =>
    new URLSearchParams({ from, to, groupBy, halls: chosen.join(','), format, lang }).toString();

  const show = async (e?: FormEvent) => {
    e?.preventDefault();
    if (chosen.length === 0) return;
    const q = query('json');
    const r = await api<ReportAnswer & { error?: { message: string } }>(
      'GET',
      `/api/console/report?${q}`,
    );
    if (r.status === 200) {
      setAnswer({ query: q, body: r.body });
      setFailure(null);
    } else {
      setAnswer(null);
      setFailure(r.body.error?.message ?? String(r.status));
    }
  };
  // The table's words are the region's, in the console's language: asked again on a switch.
  const shownLang = useRef(lang);
  useEffect(() => {
    if (shownLang.current === lang) return;
    shownLang.current = lang;
    if (answer === null) return;
    const q = answer.query.replace(/lang=(zh|en)/, `lang=${lang}`);
    void api<ReportAnswer>('GET', `/api/console/report?${q}`).then((r) => {
      if (r.status === 200) setAnswer({ query: q, body: r.body });
    });
  });
  const toggle = (hallId: string, on: boolean) =>
    setChosen((list) => (on ? [...list, hallId] : list.filter((h) => h !== hallId)));

  const table = answer?.body.table ?? null;
  const labels = table?.rows.map((r) => shown(r[0] ?? null)) ?? [];
  const figures = answer?.body.report.rows ?? [];
  return (
    <>
      <h2>{tr('report.title', lang)}</h2>
      <form className="report-query" onSubmit={(e) => void show(e)}>
        <fieldset>
          <legend>{tr('report.halls', lang)}</legend>
          {halls.map((h) => (
            <label key={h.hallId}>
              <input
                type="checkbox"
                checked={chosen.includes(h.hallId)}
                onChange={(e) => toggle(h.hallId, e.target.checked)}
              />{' '}
              {h.name}
            </label>
          ))}
        </fieldset>
        <label htmlFor={ids[0]}>{tr('report.from', lang)}</label>
        <input
          id={ids[0]}
          type="date"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          required
        />
        <label htmlFor={ids[1]}>{tr('report.to', lang)}</label>
        <input
          id={ids[1]}
          type="date"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          required
        />
        <label htmlFor={ids[2]}>{tr('report.groupBy', lang)}</label>
        <select
          id={ids[2]}
          value={groupBy}
          onChange={(e) => setGroupBy(e.target.value as Grouping)}
        >
          {GROUPINGS.map((g) => (
            <option key={g} value={g}>
              {tr(`report.by.${g}`, lang)}
            </option>
          ))}
        </select>
        <button type="submit" disabled={chosen.length === 0}>
          {tr('report.show', lang)}
        </button>
      </form>
      {chosen.length === 0 ? <p role="status">{tr('report.pickHall', lang)}</p> : null}
      {failure !== null ? (
        <p role="alert">{tr('report.failed', lang, { message: failure })}</p>
      ) : null}
      {answer !== null && table !== null ? (
        <div className="report">
          <p className="downloads">
            <a href={`/api/console/report?${answer.query.replace('format=json', 'format=csv')}`}>
              {tr('report.csv', lang)}
            </a>
            <a href={`/api/console/report?${answer.query.replace('format=json', 'format=xlsx')}`}>
              {tr('report.xlsx', lang)}
            </a>
          </p>
          {table.rows.length === 0 ? (
            <p>{tr('report.empty', lang)}</p>
          ) : (
            <div className="charts">
              <BarChart
                title={tr('report.chartServed', lang)}
                labels={labels}
                values={figures.map((r) => r.served)}
                color="#15803d"
              />
              <BarChart
                title={tr('report.chartWait', lang)}
                labels={labels}
                values={figures.map((r) =>
                  r.avgWaitMs === null ? null : Math.round(r.avgWaitMs / 6_000) / 10,
                )}
                color="#1d4ed8"
              />
            </div>
          )}
          {/* Wide in English: it scrolls sideways, so the keyboard can reach it too. */}
          <div
            className="table-scroll"
            role="region"
            aria-label={tr('report.title', lang)}
            tabIndex={0}
          >
            <table className="report-table">
              <thead>
                <tr>
                  {table.header.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[...table.rows, table.total].map((row, i) => (
                  <tr key={i} className={i === table.rows.length ? 'total' : undefined}>
                    {row.map((c, j) =>
                      j === 0 ? (
                        <th key={j} scope="row">
                          {shown(c)}
                        </th>
                      ) : (
                        <td key={j}>{shown(c)}</td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </>
  );
}

const BAR_H = 22;
const LABEL_W = 170;
const PLOT_W = 300;

/**
 * A horizontal bar per group, drawn as SVG: the group's name, its bar scaled to the largest
 * value, the value at the bar's end (a group without a value: a dash, no bar).
 */
function BarChart(props: {
  title: string;
  labels: string[];
  values: (number | null)[];
  color: string;
}) {
  const { title, labels, values, color } = props;
  const max = Math.max(1, ...values.map((v) => v ?? 0));
  const height = labels.length * BAR_H + 8;
  const titleId = useId();
  return (
    <figure className="chart">
      <figcaption id={titleId}>{title}</figcaption>
      <svg
        role="img"
        aria-labelledby={titleId}
        width={LABEL_W + PLOT_W + 60}
        height={height}
        viewBox={`0 0 ${LABEL_W + PLOT_W + 60} ${height}`}
      >
        {labels.map((label, i) => {
          const v = values[i] ?? null;
          const y = 4 + i * BAR_H;
          const w = v === null ? 0 : Math.max(1, (v / max) * PLOT_W);
          // A window's or clerk's label (`hall / C10 name`) keeps its end: the hall is in the table.
          const cut = label.includes(' / ') ? label.slice(label.indexOf(' / ') + 3) : label;
          const short = cut.length > 14 ? `${cut.slice(0, 13)}…` : cut;
          return (
            <g key={`${label}-${i}`}>
              <text x={LABEL_W - 6} y={y + BAR_H / 2 + 4} textAnchor="end" fontSize="12">
                {short}
              </text>
              {v === null ? null : (
                <rect x={LABEL_W} y={y + 3} width={w} height={BAR_H - 6} fill={color} />
              )}
              <text x={LABEL_W + w + 4} y={y + BAR_H / 2 + 4} fontSize="12">
                {v === null ? '—' : String(v)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
