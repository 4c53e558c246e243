import {
  PUBLIC_NOW_PATH,
  PublicNowSchema,
  t,
  type Lang,
  type PublicHallNow,
  type PublicNow,
  type PublicWindowNow,
} from '@onestop/shared';

/*
 * 阳光政务: every hall now, from the region's `/api/public/now` (nothing personal). Plain DOM
 * for an old phone: no framework, nothing loaded but this script and its style; text only
 * (never markup) from the answer. Polled every 30 s; a failed poll says so and keeps the last
 * figures.
 */

export const POLL_MS = 30_000;

/** The page's language: `?lang=en` for English, Chinese otherwise. */
export function langOf(search: string): Lang {
  return new URLSearchParams(search).get('lang') === 'en' ? 'en' : 'zh';
}

function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className !== undefined) e.className = className;
  return e;
}

function clock(at: number, lang: Lang): string {
  return new Date(at).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
  });
}

function figure(doc: Document, label: string, value: string): HTMLDivElement {
  const box = el(doc, 'div', undefined, 'figure');
  box.append(el(doc, 'dt', label), el(doc, 'dd', value));
  return box;
}

function hallSection(doc: Document, hall: PublicHallNow, lang: Lang, index: number): HTMLElement {
  const section = el(doc, 'section', undefined, 'hall');
  const headingId = `hall-${index}`;
  section.setAttribute('aria-labelledby', headingId);
  const h2 = el(doc, 'h2', hall.name);
  h2.id = headingId;
  section.append(h2);
  section.append(
    el(
      doc,
      'p',
      hall.businessDay === null
        ? t('public.noDay', lang)
        : t('public.day', lang, { day: hall.businessDay }),
      'day',
    ),
  );
  const none = t('public.none', lang);
  const figures = el(doc, 'dl', undefined, 'figures');
  figures.append(
    figure(doc, t('public.waiting', lang), String(hall.waiting)),
    figure(doc, t('public.windowsOpen', lang), String(hall.windowsOpen)),
    figure(
      doc,
      t('public.averageWait', lang),
      hall.averageWaitS === null
        ? none
        : t('public.minutes', lang, { n: Math.round(hall.averageWaitS / 60) }),
    ),
    figure(
      doc,
      t('public.satisfaction', lang),
      hall.satisfiedPct === null
        ? none
        : t('public.percent', lang, { n: hall.satisfiedPct, rated: hall.rated }),
    ),
  );
  section.append(figures);
  if (hall.services.length === 0) {
    section.append(el(doc, 'p', t('public.noServices', lang), 'empty'));
    return section;
  }
  section.append(
    table(
      doc,
      [t('public.service', lang), t('public.serviceWaiting', lang)],
      hall.services.map((s) => [s.name === null ? s.serviceId : s.name[lang], String(s.waiting)]),
    ),
  );
  if (hall.windows !== undefined && hall.windows.length > 0) {
    section.append(windowsTable(doc, hall.windows, lang));
  }
  return section;
}

/** A table of rows, each headed by its first cell. */
function table(
  doc: Document,
  headers: string[],
  rows: string[][],
  caption?: string,
): HTMLTableElement {
  const shown = el(doc, 'table');
  if (caption !== undefined) shown.append(el(doc, 'caption', caption));
  const head = el(doc, 'tr');
  for (const label of headers) {
    const th = el(doc, 'th', label);
    th.scope = 'col';
    head.append(th);
  }
  shown.append(el(doc, 'thead'), el(doc, 'tbody'));
  shown.tHead?.append(head);
  for (const [first = '', ...rest] of rows) {
    const row = el(doc, 'tr');
    const th = el(doc, 'th', first);
    th.scope = 'row';
    row.append(th, ...rest.map((cell) => el(doc, 'td', cell)));
    shown.tBodies[0]?.append(row);
  }
  return shown;
}

/** 阳光运行: each window this month, with the clerk on duty (as the hall display shows it). */
function windowsTable(doc: Document, windows: PublicWindowNow[], lang: Lang): HTMLTableElement {
  const shown = table(
    doc,
    [t('public.window', lang), t('public.clerk', lang), t('public.windowSatisfaction', lang)],
    windows.map((w) => [
      t('public.windowNumber', lang, { n: w.number }),
      w.clerk ?? t('public.noClerk', lang),
      w.satisfiedPct === null
        ? t('public.noRatings', lang)
        : t('public.percent', lang, { n: w.satisfiedPct, rated: w.rated }),
    ]),
    t('public.windowsMonth', lang),
  );
  shown.className = 'windows';
  return shown;
}

/** Fills the page's main element with the figures of every hall. */
export function render(doc: Document, main: HTMLElement, now: PublicNow, lang: Lang): void {
  const nodes: HTMLElement[] = [];
  nodes.push(el(doc, 'p', t('public.updated', lang, { time: clock(now.at, lang) }), 'updated'));
  if (now.halls.length === 0) nodes.push(el(doc, 'p', t('public.noHalls', lang), 'empty'));
  now.halls.forEach((hall, i) => nodes.push(hallSection(doc, hall, lang, i)));
  const list = doc.getElementById('halls');
  if (list === null) return;
  list.replaceChildren(...nodes);
  main.setAttribute('aria-busy', 'false');
}

/** The page's frame: title, the other language, what it shows, the place for the halls. */
export function frame(doc: Document, main: HTMLElement, lang: Lang): void {
  doc.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  doc.title = t('public.title', lang);
  const header = el(doc, 'header');
  const other = el(doc, 'a', t('public.otherLang', lang), 'lang');
  other.href = lang === 'zh' ? '?lang=en' : '?lang=zh';
  other.lang = lang === 'zh' ? 'en' : 'zh-CN';
  header.append(el(doc, 'h1', t('public.title', lang)), other);
  const status = el(doc, 'p', t('public.loading', lang), 'status');
  status.id = 'status';
  status.setAttribute('role', 'status');
  const halls = el(doc, 'div');
  halls.id = 'halls';
  main.setAttribute('aria-busy', 'true');
  main.replaceChildren(header, el(doc, 'p', t('public.intro', lang), 'intro'), status, halls);
}

/** Shows the figures and polls for new ones. */
export function start(doc: Document, search: string): void {
  const main = doc.getElementById('public');
  if (main === null) return;
  const lang = langOf(search);
  frame(doc, main, lang);
  const status = doc.getElementById('status');
  const say = (text: string | null): void => {
    if (status === null) return;
    status.textContent = text ?? '';
    status.hidden = text === null;
  };
  const poll = (): void => {
    fetch(PUBLIC_NOW_PATH)
      .then(async (res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const parsed = PublicNowSchema.safeParse(await res.json());
        if (!parsed.success) throw new Error('not the figures');
        say(null);
        render(doc, main, parsed.data, lang);
      })
      .catch(() => say(t('public.failed', lang)))
      .finally(() => setTimeout(poll, POLL_MS));
  };
  poll();
}
