import { useEffect, useRef } from 'react';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import type { ChartSpec } from './charts.js';

// Only what the three charts use (keeps the bundle small); Chart.js needs no eval, so the hub's
// CSP (script-src 'self') holds.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** One chart: a canvas drawn by Chart.js, with the figures as text inside for screen readers. */
function ChartFigure(props: { spec: ChartSpec }) {
  const { spec } = props;
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const chart = new Chart(ctx, {
      type: 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.series.map((s) => ({
          label: s.label,
          data: s.values,
          backgroundColor: s.color,
          borderColor: s.color,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: 'bottom' } },
        scales: {
          y: {
            beginAtZero: true,
            ...(spec.id === 'satisfaction' ? { max: 100 } : {}),
            title: { display: true, text: spec.unit },
          },
        },
      },
    });
    return () => chart.destroy();
  }, [spec]);

  return (
    <figure className="chart" data-chart={spec.id}>
      <figcaption>{spec.title}</figcaption>
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={spec.title}>
          <ul>
            {spec.labels.map((label, i) => (
              <li key={label}>
                {label}:{' '}
                {spec.series
                  .map((s) => `${s.label} ${s.values[i] ?? '–'}${spec.unit === '%' ? '%' : ''}`)
                  .join(', ')}
              </li>
            ))}
          </ul>
        </canvas>
      </div>
    </figure>
  );
}

export function ReportCharts(props: { specs: ChartSpec[] }) {
  return (
    <div className="charts" data-testid="report-charts">
      {props.specs.map((spec) => (
        <ChartFigure key={spec.id} spec={spec} />
      ))}
    </div>
  );
}
