import { useEffect, useRef, useState, type ReactNode } from 'react';
import { t, type Lang } from '@onestop/shared';

/** One choice of the large mode: a department or a service. */
export interface LargeChoice {
  key: string;
  name: string;
  /** Its second line: the wait, or why it cannot be chosen now. */
  meta: string;
  disabled: boolean;
  onChoose: () => void;
}

/** Fewer choices per screen in the large mode: four tiles a page, each over 25 mm high. */
export const LARGE_PER_PAGE = 4;

/** The page of `choices` shown, and the pager's words: what the screen reads aloud. */
export function pageOf<T>(choices: readonly T[], page: number): { items: T[]; pages: number } {
  const pages = Math.max(1, Math.ceil(choices.length / LARGE_PER_PAGE));
  const at = Math.min(Math.max(0, page), pages - 1);
  return { items: choices.slice(at * LARGE_PER_PAGE, (at + 1) * LARGE_PER_PAGE), pages };
}

/**
 * A screen of the large mode: its question, four big tiles, a big pager, and `extra` (the
 * home screen's assisted service button). `onPage` tells the page shown, to read it aloud.
 */
export function LargeChoices(props: {
  lang: Lang;
  title: string;
  choices: LargeChoice[];
  onPage: (items: LargeChoice[], page: number, pages: number) => void;
  back?: { label: string; onBack: () => void };
  extra?: ReactNode;
}): ReactNode {
  const { lang, choices, onPage } = props;
  const [page, setPage] = useState(0);
  const { items, pages } = pageOf(choices, page);
  const shown = Math.min(page, pages - 1);
  const key = items.map((c) => `${c.key}:${c.disabled}`).join('|');
  // Told again only when what is shown changes, not at each tick of the hall's clock.
  const latest = useRef({ items, onPage });
  useEffect(() => {
    latest.current = { items, onPage };
  });
  useEffect(() => {
    latest.current.onPage(latest.current.items, shown, pages);
  }, [key, shown, pages]);
  return (
    <div className="large-screen">
      <div className="large-head">
        {props.back && (
          <button type="button" className="button large-back" onClick={props.back.onBack}>
            ‹ {props.back.label}
          </button>
        )}
        <h1 className="large-title">{props.title}</h1>
      </div>
      <div className="large-tiles">
        {items.map((c) => (
          <button
            key={c.key}
            type="button"
            className="large-tile"
            data-choice={c.key}
            disabled={c.disabled}
            onClick={c.onChoose}
          >
            <span className="large-name">{c.name}</span>
            <span className="large-meta">{c.meta}</span>
          </button>
        ))}
      </div>
      {pages > 1 && (
        <nav className="large-pager" aria-label={t('kiosk.pagerLabel', lang)}>
          <button
            type="button"
            className="button large-page"
            disabled={shown === 0}
            onClick={() => setPage(shown - 1)}
          >
            ‹ {t('kiosk.large.previous', lang)}
          </button>
          <span className="large-page-of" aria-live="polite">
            {t('kiosk.large.page', lang, { page: shown + 1, pages })}
          </span>
          <button
            type="button"
            className="button large-page"
            disabled={shown >= pages - 1}
            onClick={() => setPage(shown + 1)}
          >
            {t('kiosk.large.next', lang)} ›
          </button>
        </nav>
      )}
      {props.extra}
    </div>
  );
}
