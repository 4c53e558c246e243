import { Fragment, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { Lang } from '@onestop/shared';
import { t } from '@onestop/shared';

/**
 * Choices that must all be seen without scrolling: a public touch screen shows no scroll bar,
 * and what slides below its edge is never found. The choices first get smaller (within limits:
 * `DENSITIES`), their names wrap, and when they still do not fit they are shown a page at a
 * time with a pager that says how many more there are. Nothing is ever hidden or cut.
 */

/** A group of choices under its own heading (or none), laid out as one grid of tiles. */
export interface PagedSection {
  key: string;
  /** The section around the page's tiles of this group: `(grid) => <section>…{grid}</section>`. */
  wrap: (grid: ReactNode) => ReactNode;
  /** The grid's class (`tiles`, `tiles visit-tiles`...). */
  gridClass: string;
  items: { key: string; node: ReactNode }[];
}

/**
 * 0: as designed; 1, 2: smaller type and tighter tiles; 3: a combined visit's tile gives its
 * number of steps instead of listing them (its confirmation lists them). See kiosk.css,
 * `.paged.density-N`.
 */
const DENSITIES = 4;
/** The pager's height and the gap above it, in rem (kiosk.css `.pager`, `.paged`). */
const PAGER_REM = 4.2 + 0.8;

interface Row {
  section: number;
  first: number;
  top: number;
  bottom: number;
  /** The section's heading above its grid: repeated when a page starts inside the section. */
  head: number;
}

interface Fit {
  key: string;
  density: number;
  /** Where each page starts (item indices over all sections); null: one page holds them all. */
  breaks: number[] | null;
  rows: Row[];
  avail: number;
}

/** Page starts: as many whole rows as fit in `avail` pixels, at least one row a page. */
export function breaksOf(rows: readonly Row[], avail: number): number[] {
  const breaks: number[] = [0];
  let start = rows[0];
  for (const row of rows.slice(1)) {
    if (!start) break;
    if (row.bottom - (start.top - start.head) > avail) {
      breaks.push(row.first);
      start = row;
    }
  }
  return breaks;
}

export function Paged(props: {
  lang: Lang;
  sections: PagedSection[];
  /** Changes whenever the choices' sizes may change (names, language, reasons). */
  fitKey: string;
  /** What the pager calls its choices (`更多部门` ...). */
  label: string;
}): ReactNode {
  const { lang, sections } = props;
  const area = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState('');
  const key = `${props.fitKey}|${size}`;
  const [fit, setFit] = useState<Fit>({ key, density: 0, breaks: null, rows: [], avail: 0 });
  const [page, setPage] = useState(0);
  if (fit.key !== key) {
    // New choices or a new screen size: fit them again from the start.
    setFit({ key, density: 0, breaks: null, rows: [], avail: 0 });
    setPage(0);
  }

  // The area's size: a rotated or resized screen is fitted again.
  useLayoutEffect(() => {
    const el = area.current;
    // No layout, no observer (a test's DOM): what is rendered is what fits.
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      setSize(`${el.clientWidth}x${el.clientHeight}`);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const total = sections.reduce((sum, s) => sum + s.items.length, 0);
  const pages = fit.breaks ?? [0];
  const current = Math.min(page, pages.length - 1);
  const from = pages[current] ?? 0;
  const to = pages[current + 1] ?? total;

  // After every render: does it fit? Smaller first, then pages. Runs before the screen is
  // painted, so a visitor never sees a choice below the edge.
  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    const next = refit(fit, key, el, sections);
    if (next !== fit) setFit(next);
  }, [fit, key, sections]);

  const starts = sections.map((_, i) =>
    sections.slice(0, i).reduce((sum, s) => sum + s.items.length, 0),
  );
  const shown = sections.map((section, index) => {
    const start = starts[index] ?? 0;
    const items = section.items.slice(Math.max(0, from - start), Math.max(0, to - start));
    if (items.length === 0) return null;
    const grid = (
      <div
        className={section.gridClass}
        data-paged-section={index}
        data-paged-start={Math.max(start, from)}
      >
        {items.map((item) => (
          <Fragment key={item.key}>{item.node}</Fragment>
        ))}
      </div>
    );
    return <Fragment key={section.key}>{section.wrap(grid)}</Fragment>;
  });

  const paged = pages.length > 1;
  const left = total - to;
  return (
    <div className={`paged density-${fit.density}`} data-testid="paged">
      <div className="paged-area" ref={area}>
        {shown}
      </div>
      {paged ? (
        <nav className="pager" aria-label={props.label}>
          <button
            type="button"
            className="button pager-prev"
            disabled={current === 0}
            onClick={() => setPage(current - 1)}
          >
            ‹ {t('kiosk.pagePrev', lang)}
          </button>
          <span className="pager-where" aria-live="polite">
            {t('kiosk.pageOf', lang, { page: current + 1, pages: pages.length })}
          </span>
          <button
            type="button"
            className="button primary pager-next"
            disabled={current === pages.length - 1}
            onClick={() => setPage(current + 1)}
          >
            {left > 0 ? t('kiosk.pageNextMore', lang, { count: left }) : t('kiosk.pageNext', lang)}{' '}
            ›
          </button>
        </nav>
      ) : null}
    </div>
  );
}

/** The next fit after measuring the area as laid out now; `fit` itself when it fits. */
function refit(fit: Fit, key: string, el: HTMLElement, sections: readonly PagedSection[]): Fit {
  if (fit.key !== key || sections.length === 0) return fit;
  const box = el.getBoundingClientRect();
  const groups = [...el.querySelectorAll<HTMLElement>('[data-paged-section]')];
  const bottom = Math.max(box.top, ...groups.map((g) => g.getBoundingClientRect().bottom));
  const overflow = bottom - box.bottom;
  if (overflow <= 0.5) return fit;
  if (fit.breaks === null) {
    if (fit.density < DENSITIES - 1) return { ...fit, density: fit.density + 1 };
    const rows = measureRows(el);
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const avail = box.height - PAGER_REM * rem;
    return { ...fit, breaks: breaksOf(rows, avail), rows, avail };
  }
  // A page still overflows (a reason or a count grew): give it less room and cut again.
  const avail = fit.avail - overflow;
  const breaks = breaksOf(fit.rows, avail);
  return breaks.join() === fit.breaks.join() ? fit : { ...fit, breaks, avail };
}

/** The rows of tiles as laid out now (all choices on one page), relative to the area's top. */
function measureRows(el: HTMLElement): Row[] {
  const top = el.getBoundingClientRect().top;
  const rows: Row[] = [];
  for (const grid of el.querySelectorAll<HTMLElement>('[data-paged-section]')) {
    const section = Number(grid.dataset.pagedSection);
    const start = Number(grid.dataset.pagedStart);
    const wrapper = grid.closest('section') ?? grid;
    const head = grid.getBoundingClientRect().top - wrapper.getBoundingClientRect().top;
    [...grid.children].forEach((child, i) => {
      const box = child.getBoundingClientRect();
      const last = rows[rows.length - 1];
      if (last && last.section === section && Math.abs(box.top - top - last.top) < 1) {
        last.bottom = Math.max(last.bottom, box.bottom - top);
      } else {
        rows.push({
          section,
          first: start + i,
          top: box.top - top,
          bottom: box.bottom - top,
          head,
        });
      }
    });
  }
  return rows;
}
