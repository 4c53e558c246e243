/** One line of the results table. `pass` is null for a figure without a target. */
export interface Row {
  metric: string;
  hub: string;
  baseline: string;
  ratio: string;
  target: string;
  pass: boolean | null;
  /** By how much a missed target was missed. */
  miss: string;
}

export const fmt = {
  rate: (n: number): string => `${Math.round(n).toLocaleString('en-US')}/s`,
  ms: (n: number): string => (n >= 100 ? `${Math.round(n)} ms` : `${n.toFixed(1)} ms`),
  mb: (n: number): string => `${n.toFixed(1)} MB`,
  ratio: (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)}x` : '—'),
  pct: (n: number): string => `${Math.round(n * 100)}%`,
};

/** At least `min` (a share of the baseline, e.g. 0.7). */
export function atLeast(ratio: number, min: number, needed: string): Pick<Row, 'pass' | 'miss'> {
  const pass = ratio >= min;
  return {
    pass,
    miss: pass
      ? ''
      : `${fmt.pct(ratio)} of ${fmt.pct(min)}: short by ${fmt.pct((min - ratio) / min)} (${needed})`,
  };
}

/** At most `max` of something, in `unit`. */
export function atMost(
  value: number,
  max: number,
  show: (n: number) => string,
): Pick<Row, 'pass' | 'miss'> {
  const pass = value <= max;
  return {
    pass,
    miss: pass ? '' : `over by ${show(value - max)} (+${fmt.pct((value - max) / max)})`,
  };
}

export function renderTable(rows: Row[]): string {
  const head: Row = {
    metric: 'metric',
    hub: 'hub',
    baseline: 'baseline',
    ratio: 'ratio',
    target: 'target',
    pass: null,
    miss: '',
  };
  const verdict = (r: Row): string =>
    r === head ? 'result' : r.pass === null ? '—' : r.pass ? 'PASS' : 'FAIL';
  const cols: ((r: Row) => string)[] = [
    (r) => r.metric,
    (r) => r.hub,
    (r) => r.baseline,
    (r) => r.ratio,
    (r) => r.target,
    verdict,
  ];
  const all = [head, ...rows];
  const widths = cols.map((c) => Math.max(...all.map((r) => c(r).length)));
  const line = (r: Row): string =>
    cols
      .map((c, i) => c(r).padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const misses = rows
    .filter((r) => r.pass === false)
    .map((r) => `  MISSED  ${r.metric}: ${r.miss}`);
  return [line(head), rule, ...rows.map(line), ...(misses.length ? ['', ...misses] : [])].join(
    '\n',
  );
}
