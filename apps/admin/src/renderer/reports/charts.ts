import type { HallConfig, Lang, ReportResult } from '@onestop/shared';
import { keyLabel } from '../labels.js';
import { adminText } from '../strings.js';

/** One chart of the reports page, as plain data (drawn by Chart.js in ReportCharts). */
export interface ChartSpec {
  id: 'hourly' | 'waits' | 'satisfaction';
  title: string;
  /** The unit of the values, shown on the value axis. */
  unit: string;
  labels: string[];
  series: { label: string; values: (number | null)[]; color: string }[];
}

const BLUE = '#1d4ed8';
const GREEN = '#15803d';
const ORANGE = '#c2410c';

const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6_000) / 10);

/**
 * The three charts of a date range: tickets issued and served per hour of day, average and 90th
 * percentile wait per service, and the satisfaction rate per service (services nobody rated have
 * no bar). `hourly` is the range's report by hour, `byService` its report by service.
 */
export function chartSpecs(
  hourly: ReportResult,
  byService: ReportResult,
  config: HallConfig,
  lang: Lang,
): ChartSpec[] {
  const services = byService.rows.filter((r) => r.key !== '(none)');
  const serviceLabels = services.map((r) => keyLabel(config, 'service', r.key, lang));
  return [
    {
      id: 'hourly',
      title: adminText('chartHourly', lang),
      unit: adminText('chartTickets', lang),
      labels: hourly.rows.map((r) => `${r.key}:00`),
      series: [
        { label: adminText('issued', lang), values: hourly.rows.map((r) => r.issued), color: BLUE },
        {
          label: adminText('served', lang),
          values: hourly.rows.map((r) => r.served),
          color: GREEN,
        },
      ],
    },
    {
      id: 'waits',
      title: adminText('chartWaits', lang),
      unit: adminText('minutes', lang),
      labels: serviceLabels,
      series: [
        {
          label: adminText('avgWait', lang),
          values: services.map((r) => minutes(r.avgWaitMs)),
          color: BLUE,
        },
        {
          label: adminText('p90Wait', lang),
          values: services.map((r) => minutes(r.p90WaitMs)),
          color: ORANGE,
        },
      ],
    },
    {
      id: 'satisfaction',
      title: adminText('chartSatisfaction', lang),
      unit: '%',
      labels: serviceLabels,
      series: [
        {
          label: adminText('satisfaction', lang),
          values: services.map((r) =>
            r.satisfactionRate === null ? null : Math.round(r.satisfactionRate * 1000) / 10,
          ),
          color: GREEN,
        },
      ],
    },
  ];
}
