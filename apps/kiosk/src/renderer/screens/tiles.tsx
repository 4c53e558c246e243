import type { ReactNode } from 'react';
import { waitKind, type I18nText, type Lang } from '@onestop/shared';
import type { Unavailable, VisitTile, Wait } from '../model.js';
import type { PagedSection } from '../Paged.js';
import { t } from '@onestop/shared';

/** What a service or visit tile says of its wait, and why it cannot be chosen. */
interface TileWait {
  unavailable: Unavailable | null;
  waiting: number;
  estimateMinutes: number;
  openWindows: number;
}

/** A tile's wait, as `waitShort` and `waitLong` read it. */
export function waitOf(tile: TileWait): Wait {
  return { waiting: tile.waiting, minutes: tile.estimateMinutes, openWindows: tile.openWindows };
}

/** The wait on a service or visit tile: none, no window open, or people waiting and minutes. */
export function waitShort(lang: Lang, wait: Wait, estimates: boolean): string {
  const kind = waitKind(wait);
  if (kind === 'no_wait') return t('kiosk.noWait', lang);
  const waiting = t('kiosk.waiting', lang, { count: wait.waiting });
  if (kind === 'no_window') return `${waiting} · ${t('kiosk.noWindow', lang)}`;
  // Before the hub's clock is known: the count, and no minutes from a wrong clock.
  if (!estimates) return waiting;
  return `${waiting} · ${t('kiosk.estimate', lang, { minutes: Math.max(1, wait.minutes) })}`;
}

/** The wait on the result screen, in a sentence. */
export function waitLong(lang: Lang, wait: Wait): string {
  const kind = waitKind(wait);
  if (kind === 'no_wait') return t('ticket.noWait', lang);
  if (kind === 'no_window') return t('ticket.noWindow', lang);
  return t('ticket.estimate', lang, { minutes: Math.max(1, wait.minutes) });
}

/** The last line of a service or visit tile: its wait, or why it cannot be chosen. */
export function TileMeta(props: {
  lang: Lang;
  tile: TileWait;
  estimates: boolean;
  reason: () => string;
}): ReactNode {
  return props.tile.unavailable === null ? (
    <span className="tile-meta">{waitShort(props.lang, waitOf(props.tile), props.estimates)}</span>
  ) : (
    <span className="tile-meta tile-reason">{props.reason()}</span>
  );
}

/** A tile to touch: a department, a service or a combined visit (`data-choice` names it). */
export function ChoiceTile(props: {
  className: string;
  choice: string;
  testId?: string;
  disabled: boolean;
  onClick: () => void;
  /** The tile's name, its first line. */
  name: string;
  children: ReactNode;
}): ReactNode {
  return (
    <button
      type="button"
      className={props.className}
      data-testid={props.testId}
      data-choice={props.choice}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      <span className="tile-name">{props.name}</span>
      {props.children}
    </button>
  );
}

/** A combined visit's steps in order; the services of one step are served in any order. */
export function StepList(props: { lang: Lang; steps: I18nText[][]; current?: number }): ReactNode {
  const { lang } = props;
  return (
    <ol className="steps">
      {props.steps.map((step, i) => (
        <li key={i} className={i === props.current ? 'step current' : 'step'}>
          <span className="step-number">{i + 1}</span>
          <span className="step-services">
            {step.map((name) => name[lang]).join(lang === 'zh' ? '、' : ' + ')}
            {step.length > 1 ? (
              <span className="step-any">{t('ticket.anyOrder', lang)}</span>
            ) : null}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** A combined visit's steps, each its services' names. */
export function stepNames(tile: VisitTile): I18nText[][] {
  return tile.steps.map((step) => step.map((s) => s.name));
}

/**
 * 一件事一次办: the combined visits, each a tile listing its steps (on the home screen), or
 * only its name and number of steps (`compact`, in its department's screen, beside the
 * services), as a section of the paged choices.
 */
export function visitSection(
  lang: Lang,
  visits: VisitTile[],
  onVisit: (tile: VisitTile) => void,
  estimates: boolean,
  reason: (tile: VisitTile, lang: Lang) => string,
  compact = false,
): PagedSection {
  return {
    key: 'visits',
    gridClass: 'tiles visit-tiles',
    wrap: (grid) => (
      <section className="visits" aria-labelledby="visits-title">
        <h2 className="visits-title" id="visits-title">
          {t('kiosk.combinedTitle', lang)}
          <span className="visits-sub">{t('kiosk.combinedSub', lang)}</span>
        </h2>
        {grid}
      </section>
    ),
    items: visits.map((v) => ({
      key: v.visit.id,
      node: (
        <ChoiceTile
          className="tile visit"
          testId={`visit-${v.visit.id}`}
          choice={`visit-${v.visit.id}`}
          disabled={v.unavailable !== null}
          onClick={() => onVisit(v)}
          name={v.visit.name[lang]}
        >
          {compact ? (
            <span className="visit-description">
              {t(v.steps.length === 1 ? 'kiosk.stepCountOne' : 'kiosk.stepCount', lang, {
                count: v.steps.length,
              })}
            </span>
          ) : (
            <>
              {v.visit.description ? (
                <span className="visit-description">{v.visit.description[lang]}</span>
              ) : null}
              <StepList lang={lang} steps={stepNames(v)} />
              {/* Instead of the steps when the choices must be smallest (Paged.tsx). */}
              <span className="visit-description visit-step-count">
                {t(v.steps.length === 1 ? 'kiosk.stepCountOne' : 'kiosk.stepCount', lang, {
                  count: v.steps.length,
                })}
              </span>
            </>
          )}
          <TileMeta lang={lang} tile={v} estimates={estimates} reason={() => reason(v, lang)} />
        </ChoiceTile>
      ),
    })),
  };
}
