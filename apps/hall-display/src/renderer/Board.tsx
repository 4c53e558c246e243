import {
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type ReactNode,
  type RefObject,
} from 'react';
import { hallClock, t, TEXTS, type Sunshine, type SunshineWindow } from '@onestop/shared';
import type { ConnectionState, RefusalReason } from '@onestop/shared/client';
import type { DisplayLang } from '../shared/config.js';
import type { Board as BoardModel, CallView, ServiceView, WindowView } from './board/model.js';

/*
 * The call board, read from across the hall. Nothing on it shrinks to fit: every text has a size
 * in rem (1rem = 1% of the screen's shorter side, see styles.css) that is legible at its distance,
 * and what does not fit is paged (the calls after the first page, the side panel's lists, which
 * take turns) or scrolls (a long name or notice). How many items a page holds is measured from
 * the space the layout gives the list, against each item's fixed size below.
 */

export interface BoardProps {
  board: BoardModel;
  /** Languages shown, the first one first. */
  langs: readonly DisplayLang[];
  /** Tickets whose call is new (for a display that does not speak): the largest flashes. */
  highlighted: ReadonlySet<string>;
  /** The ticket the voice is saying now: shown largest and highlighted. */
  speaking: string | null;
  connection: ConnectionState;
  /** Why the hub refused or ended the connection, when `connection` is `refused`. */
  refusal?: RefusalReason | null;
  /** The hall's time, for the clock. */
  now: number;
  /** This machine's time, for turning pages. */
  pageClock: number;
  /** 阳光运行 figures, when the hall shows them (`hall.sunshine`); null: none. */
  sunshine?: Sunshine | null;
}

/** How long a page stays before the next one. */
export const PAGE_MS = 8_000;

/** Item sizes in rem (width, height): the CSS gives each item exactly this box. */
const ITEM = {
  call: { w: 45, h: 11.5 },
  recent: { w: 40, h: 8 },
  window: { w: 52, h: 10.5 },
  service: { w: 52, h: 12.5 },
  sunshine: { w: 52, h: 10.5 },
} as const;
const GAP_REM = 1.5;
/** The side panel's own space around its list (styles.css: padding, title, services' head). */
const PANEL_CHROME = { w: 4, h: 2.4 + 6 + 1 };
const SERVICES_HEAD_REM = 10;

const LANG_ATTR: Record<DisplayLang, string> = { zh: 'zh-CN', en: 'en' };

function Both({
  text,
  langs,
}: {
  text: Record<DisplayLang, string>;
  langs: readonly DisplayLang[];
}) {
  const [first, ...rest] = langs;
  return (
    <>
      {first && <span lang={LANG_ATTR[first]}>{text[first]}</span>}
      {rest.map((l) => (
        <span key={l} className="second" lang={LANG_ATTR[l]}>
          {text[l]}
        </span>
      ))}
    </>
  );
}

/** The size of an element in px, or null where it cannot be measured (no layout). */
function useBox(ref: RefObject<HTMLElement | null>): { width: number; height: number } | null {
  const [box, setBox] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const width = el.clientWidth;
      const height = el.clientHeight;
      setBox((prev) =>
        width === 0 || height === 0
          ? null
          : prev && prev.width === width && prev.height === height
            ? prev
            : { width, height },
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return box;
}

function remPx(): number {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 10;
}

/** How many items of `item` size fit in `box`; everything when it cannot be measured. */
function capacity(
  box: { width: number; height: number } | null,
  item: { w: number; h: number },
  chrome: { w: number; h: number } = { w: 0, h: 0 },
): number {
  if (box === null) return Number.POSITIVE_INFINITY;
  const rem = remPx();
  const gap = GAP_REM * rem;
  const width = box.width - chrome.w * rem;
  const height = box.height - chrome.h * rem;
  const cols = Math.max(1, Math.floor((width + gap) / (item.w * rem + gap)));
  const rows = Math.max(1, Math.floor((height + gap) / (item.h * rem + gap)));
  return cols * rows;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  if (items.length === 0) return [[]];
  if (!Number.isFinite(size)) return [[...items]];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Which page shows now, turning every `PAGE_MS`. */
function pageOf(pageClock: number, pages: number): number {
  return pages <= 1 ? 0 : Math.floor(pageClock / PAGE_MS) % pages;
}

/**
 * One line of text at its full size: when it is longer than its box it scrolls to its end and
 * back (nothing cut off for good, nothing shrunk).
 */
function Marquee({
  text,
  lang,
  className,
  children,
}: {
  /** What it says (measured again when it changes). */
  text: string;
  lang: DisplayLang;
  className?: string;
  /** Drawn instead of `text` (e.g. two languages in their own spans). */
  children?: ReactNode;
}) {
  const outer = useRef<HTMLSpanElement>(null);
  const inner = useRef<HTMLSpanElement>(null);
  const [shift, setShift] = useState(0);
  useLayoutEffect(() => {
    const o = outer.current;
    const i = inner.current;
    if (!o || !i || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const over = i.scrollWidth - o.clientWidth;
      setShift(over > 1 ? Math.ceil(over) : 0);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(o);
    observer.observe(i);
    return () => observer.disconnect();
  }, [text]);
  const style =
    shift > 0
      ? ({
          '--shift': `-${shift}px`,
          // About a tenth of the screen's height a second, at least eight seconds a way.
          '--marquee-time': `${Math.max(8, shift / 100 + 4)}s`,
        } as CSSProperties)
      : undefined;
  return (
    <span
      ref={outer}
      className={`marquee${className ? ` ${className}` : ''}`}
      lang={LANG_ATTR[lang]}
      data-scrolls={shift > 0 ? 'yes' : 'no'}
    >
      <span
        ref={inner}
        className={shift > 0 ? 'marquee-text moving' : 'marquee-text'}
        style={style}
      >
        {children ?? text}
      </span>
    </span>
  );
}

function Clock({
  now,
  timezone,
  langs,
}: {
  now: number;
  timezone: string;
  langs: readonly DisplayLang[];
}) {
  const lang = langs[0] ?? 'zh';
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  const date = new Intl.DateTimeFormat(locale, {
    timeZone: timezone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: lang === 'zh' ? 'long' : 'short',
  }).format(now);
  const time = hallClock(now, timezone).hhmm;
  return (
    <div className="clock">
      <time className="time" data-testid="clock">
        {time}
      </time>
      <span className="date" lang={LANG_ATTR[lang]}>
        {date}
      </span>
    </div>
  );
}

function PageMark({ page, pages }: { page: number; pages: number }) {
  if (pages <= 1) return null;
  return (
    <span className="page-mark" data-testid="page-mark">
      {page + 1}/{pages}
    </span>
  );
}

function CallingNow({
  calls,
  langs,
  highlighted,
  speaking,
  pageClock,
}: {
  calls: CallView[];
  langs: readonly DisplayLang[];
  highlighted: ReadonlySet<string>;
  speaking: string | null;
  pageClock: number;
}) {
  // The largest is the call being said; while nothing is said, the newest.
  const hero = calls.find((c) => c.ticketId === speaking) ?? calls[0];
  const others = calls.filter((c) => c !== hero);
  const listRef = useRef<HTMLOListElement>(null);
  const box = useBox(listRef);
  const pages = chunks(others, capacity(box, ITEM.call));
  const page = pageOf(pageClock, pages.length);
  const flash =
    hero !== undefined && (hero.ticketId === speaking || highlighted.has(hero.ticketId));
  return (
    <section
      className="calling"
      aria-label={`${t('display.nowCalling', 'zh')} ${t('display.nowCalling', 'en')}`}
    >
      <h2>
        <Both text={TEXTS['display.nowCalling']} langs={langs} />
        <PageMark page={page} pages={pages.length} />
      </h2>
      {hero ? (
        <div
          className={`call-main${flash ? ' flash' : ''}`}
          data-testid="call-main"
          data-ticket={hero.number}
          data-speaking={hero.ticketId === speaking ? 'yes' : 'no'}
        >
          <span className="call-number">{hero.number}</span>
          <span className="call-arrow" aria-hidden="true">
            ➜
          </span>
          <span className="call-window">
            <span className="call-window-number">{hero.windowNumber}</span>
            <span className="call-window-label">
              <Both text={TEXTS['display.windowCaption']} langs={langs} />
            </span>
          </span>
        </div>
      ) : (
        <div className="call-none">
          <Both text={TEXTS['display.noCalls']} langs={langs} />
        </div>
      )}
      <ol className="call-others" ref={listRef} data-testid="call-others">
        {(pages[page] ?? []).map((c) => (
          <li
            key={c.ticketId}
            data-testid="call-other"
            data-ticket={c.number}
            aria-label={`${c.number} ${t('display.windowLabel', 'zh', { n: c.windowNumber })} ${t('display.windowLabel', 'en', { n: c.windowNumber })}`}
          >
            <span className="num">{c.number}</span>
            <span className="win">{c.windowNumber}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function RecentItem({ c, langs }: { c: CallView; langs: readonly DisplayLang[] }) {
  return (
    <li
      data-testid="recent-call"
      aria-label={`${c.number} ${t('display.windowLabel', 'zh', { n: c.windowNumber })} ${t('display.windowLabel', 'en', { n: c.windowNumber })}`}
    >
      <span className="num">{c.number}</span>
      <span className="to" aria-hidden="true">
        ➜
      </span>
      <span className="win">
        {c.windowNumber}
        {langs[0] === 'zh' && <small>号</small>}
      </span>
    </li>
  );
}

/** A window's number, and its ticket and its state in each language. */
function WindowRow({ w, langs }: { w: WindowView; langs: readonly DisplayLang[] }) {
  const status =
    w.activity === 'paused' && w.pauseReason
      ? TEXTS[`display.pause.${w.pauseReason}`]
      : TEXTS[`display.activity.${w.activity}`];
  return (
    <li
      className={`window is-${w.activity}${w.ticketNumber !== null ? ' has-ticket' : ''}`}
      data-testid={`window-${w.windowId}`}
    >
      <span className="window-number">
        {w.number}
        {langs[0] === 'zh' && <small>号</small>}
      </span>
      {w.ticketNumber !== null && <span className="window-ticket">{w.ticketNumber}</span>}
      <span className="window-state">
        <Both text={status} langs={langs} />
      </span>
    </li>
  );
}

function ServiceRow({ s, langs }: { s: ServiceView; langs: readonly DisplayLang[] }) {
  const first = langs[0] ?? 'zh';
  const second = langs[1];
  return (
    <li
      className={`service${s.suspended ? ' is-suspended' : ''}${second ? ' two' : ''}`}
      data-testid={`service-${s.serviceId}`}
    >
      <b className="service-prefix">{s.prefix}</b>
      <Marquee className="service-name" text={s.name[first]} lang={first} />
      {second && <Marquee className="service-name second" text={s.name[second]} lang={second} />}
      <span className="service-waiting">{s.waiting}</span>
      <span className="service-avg">
        {s.averageWaitMinutes !== null && (
          <>
            {s.averageWaitMinutes}
            <small lang={LANG_ATTR[first]}>{t('display.minutes', first)}</small>
          </>
        )}
      </span>
      {s.suspended && (
        <span className="service-suspended" data-testid="suspended">
          <Both text={TEXTS['display.suspended']} langs={langs} />
        </span>
      )}
    </li>
  );
}

/** A whole percentage: 98%, never 100% unless every rating was satisfied. */
export function percent(rate: number): string {
  const whole = Math.floor(rate * 100 + 1e-9);
  return `${whole}%`;
}

/** A window in the open: its number, the clerk on duty, its satisfaction this month. */
function SunshineRow({ w, langs }: { w: SunshineWindow; langs: readonly DisplayLang[] }) {
  const first = langs[0] ?? 'zh';
  const clerk = w.clerk ?? t('display.sunshine.noClerk', first);
  return (
    <li
      className={`sunshine-window${w.clerk === null ? ' no-clerk' : ''}`}
      data-testid={`sunshine-${w.windowId}`}
    >
      <span className="window-number">
        {w.number}
        {first === 'zh' && <small>号</small>}
      </span>
      <Marquee className="sunshine-clerk" text={clerk} lang={first} />
      <span
        className={`sunshine-rate${w.satisfactionRate !== null && w.satisfactionRate < 0.9 ? ' is-low' : ''}`}
      >
        {w.satisfactionRate === null ? (
          <small lang={LANG_ATTR[first]}>{t('display.sunshine.noRatings', first)}</small>
        ) : (
          <>
            {percent(w.satisfactionRate)}
            <small lang={LANG_ATTR[first]}>
              {t('display.sunshine.rated', first, { n: w.rated })}
            </small>
          </>
        )}
      </span>
    </li>
  );
}

/** The hall's figures in one line, in `lang`. */
export function sunshineLine(s: Sunshine, lang: DisplayLang): string {
  const head = t('display.sunshine.hall', lang, {
    rate: s.hall.satisfactionRate === null ? '—' : percent(s.hall.satisfactionRate),
    n: s.hall.rated,
    served: s.hall.servedToday,
  });
  const wait = s.hall.averageWaitMsToday;
  return wait === null
    ? head
    : head +
        t('display.sunshine.hallWait', lang, { minutes: Math.max(1, Math.round(wait / 60_000)) });
}

type PanelKind = 'recent' | 'windows' | 'services' | 'sunshine';

/**
 * The side panel: recent calls, the windows and the services take turns, each paged to what
 * the panel holds. Where it cannot be measured (no layout), everything is shown at once.
 */
function Panel({
  board,
  langs,
  pageClock,
  sunshine,
}: {
  board: BoardModel;
  langs: readonly DisplayLang[];
  pageClock: number;
  sunshine: Sunshine | null;
}) {
  const ref = useRef<HTMLElement>(null);
  const box = useBox(ref);
  const recent = chunks(board.recent, capacity(box, ITEM.recent, PANEL_CHROME));
  const windows = chunks(board.windows, capacity(box, ITEM.window, PANEL_CHROME));
  const services = chunks(
    board.services,
    capacity(box, ITEM.service, { ...PANEL_CHROME, h: PANEL_CHROME.h + SERVICES_HEAD_REM }),
  );
  // The windows the board shows, in the open too (a display of one department, its windows).
  const shownWindows = new Set(board.windows.map((w) => w.windowId));
  const open = chunks(
    (sunshine?.windows ?? []).filter((w) => shownWindows.has(w.windowId)),
    capacity(box, ITEM.sunshine, PANEL_CHROME),
  );
  const pages: { kind: PanelKind; index: number; of: number }[] = [
    ...(board.recent.length > 0
      ? recent.map((_, index) => ({ kind: 'recent' as const, index, of: recent.length }))
      : []),
    ...windows.map((_, index) => ({ kind: 'windows' as const, index, of: windows.length })),
    ...services.map((_, index) => ({ kind: 'services' as const, index, of: services.length })),
    ...(sunshine !== null && (open[0]?.length ?? 0) > 0
      ? open.map((_, index) => ({ kind: 'sunshine' as const, index, of: open.length }))
      : []),
  ];
  const one = box === null ? null : (pages[pageOf(pageClock, pages.length)] ?? null);
  const shown = one === null ? pages : [one];
  const title: Record<PanelKind, Record<DisplayLang, string>> = {
    recent: TEXTS['display.recentCalls'],
    windows: TEXTS['display.windows'],
    services: TEXTS['display.services'],
    sunshine: TEXTS['display.sunshine.title'],
  };
  return (
    <section
      className="panel"
      ref={ref}
      data-testid="panel"
      data-panel={one?.kind ?? 'all'}
      data-page={one ? `${one.index + 1}/${one.of}` : ''}
      aria-label={one ? `${title[one.kind].zh} ${title[one.kind].en}` : undefined}
    >
      {shown.map((p) => (
        <div key={`${p.kind}-${p.index}`} className={`panel-page ${p.kind}`}>
          <h2>
            <Both text={title[p.kind]} langs={langs} />
            <PageMark page={p.index} pages={p.of} />
          </h2>
          {p.kind === 'recent' && (
            <ol>
              {(recent[p.index] ?? []).map((c) => (
                <RecentItem key={c.ticketId} c={c} langs={langs} />
              ))}
            </ol>
          )}
          {p.kind === 'windows' && (
            <ul>
              {(windows[p.index] ?? []).map((w) => (
                <WindowRow key={w.windowId} w={w} langs={langs} />
              ))}
            </ul>
          )}
          {p.kind === 'sunshine' && (
            <ul>
              {(open[p.index] ?? []).map((w) => (
                <SunshineRow key={w.windowId} w={w} langs={langs} />
              ))}
            </ul>
          )}
          {p.kind === 'services' && (
            <>
              <div className="services-head">
                <Both
                  text={{
                    zh: `${t('display.waiting', 'zh')} · ${t('display.averageWait', 'zh')}`,
                    en: `${t('display.waiting', 'en')} · ${t('display.averageWait', 'en')}`,
                  }}
                  langs={langs}
                />
              </div>
              <ul>
                {(services[p.index] ?? []).map((s) => (
                  <ServiceRow key={s.serviceId} s={s} langs={langs} />
                ))}
              </ul>
            </>
          )}
        </div>
      ))}
    </section>
  );
}

/** The call board: what a visitor reads from across the hall. */
export function Board({
  board,
  langs,
  highlighted,
  speaking,
  connection,
  refusal,
  now,
  pageClock,
  sunshine = null,
}: BoardProps) {
  const first = langs[0] ?? 'zh';
  const second = langs[1];
  const notice = [board.notice[first], second ? board.notice[second] : '']
    .filter((t) => t !== '')
    .join('　　');
  const noticeParts = [first, ...(second ? [second] : [])].filter((l) => board.notice[l] !== '');
  // 阳光运行: the hall's figures take turns with the notice (or stand alone without one).
  const figures =
    sunshine === null
      ? null
      : Object.fromEntries(langs.map((l) => [l, sunshineLine(sunshine, l)] as const));
  const footer: 'notice' | 'sunshine' | null =
    figures === null
      ? notice !== ''
        ? 'notice'
        : null
      : notice === '' || pageOf(pageClock, 2) === 1
        ? 'sunshine'
        : 'notice';
  return (
    <main className="board">
      <header className="board-head">
        <h1>
          <Marquee className="hall-name" text={board.hallName[first]} lang={first} />
          {second && (
            <Marquee className="hall-name second" text={board.hallName[second]} lang={second} />
          )}
        </h1>
        {connection !== 'online' && (
          <span className="reconnecting" role="status" data-testid="reconnecting">
            <Both
              text={
                connection !== 'refused'
                  ? TEXTS['display.reconnecting']
                  : refusal === 'replaced'
                    ? TEXTS['display.replaced']
                    : TEXTS['display.refused']
              }
              langs={langs}
            />
          </span>
        )}
        <Clock now={now} timezone={board.timezone} langs={langs} />
      </header>
      {!board.dayOpen && (
        <div className="day-closed">
          <Both text={TEXTS['display.dayClosed']} langs={langs} />
        </div>
      )}
      <div className="board-body">
        <CallingNow
          calls={board.calling}
          langs={langs}
          highlighted={highlighted}
          speaking={speaking}
          pageClock={pageClock}
        />
        <Panel board={board} langs={langs} pageClock={pageClock} sunshine={sunshine} />
      </div>
      {footer === 'notice' && (
        <footer className="notice" data-testid="notice">
          <Marquee text={notice} lang={first}>
            {noticeParts.map((l) => (
              <span key={l} lang={LANG_ATTR[l]} className="notice-part">
                {board.notice[l]}
              </span>
            ))}
          </Marquee>
        </footer>
      )}
      {footer === 'sunshine' && figures !== null && (
        <footer className="notice sunshine-line" data-testid="sunshine-line">
          <Marquee text={langs.map((l) => figures[l]).join('　　')} lang={first}>
            {langs.map((l) => (
              <span key={l} lang={LANG_ATTR[l]} className="notice-part">
                {figures[l]}
              </span>
            ))}
          </Marquee>
        </footer>
      )}
    </main>
  );
}
