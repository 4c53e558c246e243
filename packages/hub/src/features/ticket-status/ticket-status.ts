import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  estimateWait,
  hallClock,
  LIMITS,
  ratingRefusal,
  ratingTagsOf,
  RATING_SCORES,
  listText,
  peopleAhead,
  t,
  TEXTS,
  type HallState,
  type I18nText,
  type Lang,
  type Millis,
  type TextKey,
  type Ticket,
} from '@onestop/shared';

/*
 * The ticket status page: the address in a ticket's QR code, `/t/<accessToken>`. The token is
 * the ticket's unguessable key (256 random bits); the page shows the number, the service, the
 * place in the queue and the call, and nothing about the visitor. The hub renders it with the
 * ticket's data (readable with no script at all); `/t/<token>.json` is what the page's script
 * polls. The script and the style are a page built like the others (apps/status-page, into
 * <pages>/status): `/t/status.js` and `/t/status.css` (the CSP allows no inline script).
 */

/** What the status page shows, in both languages. */
export interface TicketStatusView {
  hall: I18nText;
  number: string;
  service: I18nText;
  /** One line: waiting, called to window N, being served, done... */
  state: I18nText;
  /** Waiting only: people ahead and the estimate (null too when no window serving it is open). */
  ahead: number | null;
  estimateMinutes: number | null;
  called: boolean;
  /** The page stops polling once the visit is over. */
  final: boolean;
  /** An itinerary of more than one step (一件事一次办): each step and where the visit is. */
  steps: TicketStepView[] | null;
  /** When the hub answered, `HH:MM:SS` in the hall's timezone: the page says how fresh it is. */
  updatedAt: string;
  /** 好差评 by QR code: its last finished step is not rated yet, so the phone may rate it. */
  rateable: boolean;
  /** The hall's rating tags, each with the levels it is offered with. */
  rateTags: { id: string; name: I18nText; scores: number[] }[];
  /** Who served the visitor (好差评's "who is rated"): name and staff number, or null. */
  clerk: { name: string; code: string } | null;
  /** 追评: the rating's one follow-up may be added (`open`), was added, or its days are over. */
  followUp: FollowUpView | null;
}

export interface FollowUpView {
  state: 'open' | 'made' | 'expired';
  /** The hall's period, in days after the rating. */
  days: number;
}

/** What the hub knows beyond the day in memory: tickets of earlier days and their follow-ups. */
export interface StatusLookups {
  /** A ticket of an earlier day of the follow-up period, by its token. */
  pastTicket: (token: string) => Ticket | null;
  followUp: (ticket: Ticket) => FollowUpView | null;
}

export interface TicketStepView {
  /** One line per language: the step's services, those done marked. */
  text: I18nText;
  state: 'done' | 'current' | 'next';
}

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;
const POLL_MS = 5_000;

export function findTicketByToken(state: Readonly<HallState>, token: string): Ticket | null {
  if (!TOKEN.test(token)) return null;
  for (const ticket of state.tickets.values()) {
    if (ticket.accessToken === token) return ticket;
  }
  return null;
}

export function ticketStatusView(
  state: Readonly<HallState>,
  ticket: Ticket,
  now: Millis,
  followUp: FollowUpView | null = null,
): TicketStatusView {
  const serviceId = ticket.queueServiceIds[0] ?? ticket.currentServiceId ?? ticket.serviceId;
  const service = state.config.services.find((s) => s.id === serviceId);
  const windowNumber = state.config.windows.find((w) => w.id === ticket.windowId)?.number ?? 0;
  const both = (make: (lang: Lang) => string): I18nText => ({ zh: make('zh'), en: make('en') });
  let ahead: number | null = null;
  let estimateMinutes: number | null = null;
  let line = both((lang) => t(`ticket_status.${ticket.status}`, lang));
  switch (ticket.status) {
    case 'waiting': {
      ahead = peopleAhead(state, ticket.id) ?? 0;
      const estimate = estimateWait(state, serviceId, now);
      estimateMinutes =
        estimate.openWindows === 0
          ? null
          : Math.ceil((ahead * estimate.avgServiceMs) / estimate.openWindows / 60_000);
      break;
    }
    case 'called':
      line = both((lang) =>
        t('announce.call', lang, { number: ticket.number, window: windowNumber }),
      );
      break;
    case 'serving':
      line = both(
        (lang) =>
          `${t('ticket_status.serving', lang)} · ${t('status.atWindow', lang, { window: windowNumber })}`,
      );
      break;
    case 'parked':
    case 'done':
    case 'no_show':
    case 'cancelled':
    case 'expired':
      break;
  }
  const final = ['done', 'no_show', 'cancelled', 'expired'].includes(ticket.status);
  // A combined visit is named as configured when its itinerary is one of the hall's visits.
  const visit = (state.config.combinedVisits ?? []).find(
    (v) => JSON.stringify(v.steps) === JSON.stringify(ticket.itinerary),
  );
  return {
    hall: state.config.hall.name,
    number: ticket.number,
    service: visit?.name ?? service?.name ?? { zh: serviceId, en: serviceId },
    state: line,
    ahead,
    estimateMinutes,
    called: ticket.status === 'called',
    final,
    steps: ticket.itinerary.length > 1 ? stepViews(state, ticket) : null,
    updatedAt: hallClock(now, state.config.hall.timezone).hhmmss,
    rateable: ratingRefusal(ticket, 'qr') === null,
    rateTags: ratingTagsOf(state.config).map((tag) => ({
      id: tag.id,
      name: tag.name,
      scores: [...tag.scores],
    })),
    clerk: clerkOf(state, ticket),
    followUp,
  };
}

function clerkOf(state: Readonly<HallState>, ticket: Ticket): TicketStatusView['clerk'] {
  const code = ticket.rating?.staffCode ?? ticket.staffCode;
  const staff = state.config.staff.find((s) => s.code === code);
  return staff ? { name: staff.name, code: staff.code } : null;
}

/**
 * The line under the status: while the visit goes on the page updates itself; once it is over
 * it does not, and says so (it no longer polls).
 */
const NOTE: Record<'live' | 'final', I18nText> = {
  live: TEXTS['status.live'],
  final: TEXTS['status.final'],
};
/** Shown while a poll fails; the last good update stays on the page with its time. */
const LOST: I18nText = TEXTS['status.lost'];
/** The hub no longer knows the ticket (a new business day): the page's script shows this and stops. */
const GONE: I18nText = TEXTS['status.gone'];
export function stepViews(state: Readonly<HallState>, ticket: Ticket): TicketStepView[] {
  const names = new Map(state.config.services.map((s) => [s.id, s.name]));
  const allDone = ticket.status === 'done';
  return ticket.itinerary.map((step, i) => {
    const stepState =
      allDone || i < ticket.stepIndex ? 'done' : i === ticket.stepIndex ? 'current' : 'next';
    const name = (id: string, lang: Lang) => {
      const text = names.get(id)?.[lang] ?? id;
      const done = stepState === 'current' && ticket.doneServiceIds.includes(id);
      return done ? `${text}${t('status.serviceDone', lang)}` : text;
    };
    const line = (lang: Lang) => {
      const mark = t(`status.step.${stepState}`, lang);
      const services = listText(
        step.serviceIds.map((id) => name(id, lang)),
        lang,
      );
      // The services of one step are served in any order, as the kiosk and the ticket say.
      const anyOrder = step.serviceIds.length > 1 ? t('ticket.anyOrder', lang) : '';
      return `${i + 1}. ${services}${anyOrder} · ${mark}`;
    };
    return { text: { zh: line('zh'), en: line('en') }, state: stepState };
  });
}

/** A text in Chinese, then English: `排队进度 Ticket status`. */
const bilingual = (key: TextKey, sep = ' '): string => `${t(key, 'zh')}${sep}${t(key, 'en')}`;

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * People ahead and the estimate; with no window serving it open, no estimate but that; with
 * nobody ahead, that the visitor is next (not "about 0 min").
 */
function aheadLines(view: TicketStatusView): I18nText {
  if (view.ahead === null) return { zh: '', en: '' };
  const count = view.ahead;
  const { estimateMinutes } = view;
  const each = (make: (lang: Lang) => string): I18nText => ({ zh: make('zh'), en: make('en') });
  if (estimateMinutes === null) {
    return each((lang) => `${t('ticket.ahead', lang, { count })} · ${t('status.noWindow', lang)}`);
  }
  if (count === 0) return TEXTS['status.next'];
  const minutes = Math.max(1, estimateMinutes);
  return each(
    (lang) => `${t('ticket.ahead', lang, { count })} · ${t('status.estimate', lang, { minutes })}`,
  );
}

/** The fields the script fills in, by element id. */
export function statusFields(view: TicketStatusView): Record<string, string> {
  const ahead = aheadLines(view);
  const steps: Record<string, string> = {};
  view.steps?.forEach((step, i) => {
    steps[`step-${i}-zh`] = step.text.zh;
    steps[`step-${i}-en`] = step.text.en;
  });
  const note = NOTE[view.final ? 'final' : 'live'];
  return {
    'state-zh': view.state.zh,
    'state-en': view.state.en,
    'ahead-zh': ahead.zh,
    'ahead-en': ahead.en,
    ...steps,
    'updated-zh': t('status.updated', 'zh', { time: view.updatedAt }),
    'updated-en': t('status.updated', 'en', { time: view.updatedAt }),
    'note-zh': note.zh,
    'note-en': note.en,
  };
}

function page(title: string, body: string, script: boolean): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>OneStop · ${escape(title)}</title><link rel="stylesheet" href="/t/status.css"></head><body>${body}${script ? '<script src="/t/status.js" defer></script>' : ''}</body></html>`;
}

export function statusPage(view: TicketStatusView): string {
  const f = statusFields(view);
  const line = (id: string, cls: string) =>
    `<div id="${id}" class="${cls}"${id.endsWith('-en') ? ' lang="en"' : ''}>${escape(f[id] ?? '')}</div>`;
  const span = (id: string) =>
    `<span id="${id}"${id.endsWith('-en') ? ' lang="en"' : ''}>${escape(f[id] ?? '')}</span>`;
  return page(
    `${bilingual('status.title')} ${view.number}`,
    `<header>${escape(view.hall.zh)}<div class="en">${escape(view.hall.en)}</div></header>
<main id="ticket" class="${view.called ? 'called' : ''}" data-poll="${view.final ? 0 : POLL_MS}" data-gone-zh="${escape(GONE.zh)}" data-gone-en="${escape(GONE.en)}">
<div class="card"><h1><span class="note">${escape(t('ticket.yourNumber', 'zh'))} · <span lang="en">${escape(t('ticket.yourNumber', 'en'))}</span></span><span class="number">${escape(view.number)}</span></h1>
<div class="service">${escape(view.service.zh)}</div><div class="en" lang="en">${escape(view.service.en)}</div></div>
<p id="lost" class="lost" role="alert" hidden>${escape(LOST.zh)}<br><span lang="en">${escape(LOST.en)}</span></p>
<div class="card">${line('state-zh', 'state')}${line('state-en', 'state en')}</div>
<div id="ahead-card" class="card"${view.ahead === null ? ' hidden' : ''}>${line('ahead-zh', 'ahead')}${line('ahead-en', 'ahead en')}</div>${stepsCard(view, line)}
${clerkLine(view)}${rateForm(view)}${followUpForm(view)}
<p class="updated" role="status">${span('updated-zh')} · ${span('updated-en')}</p>
<p class="note">${span('note-zh')}<br>${span('note-en')}</p>
</main>`,
    true,
  );
}

/**
 * 好差评 by QR code: five levels, the hall's tags (the script shows those of the level picked), a
 * comment, and the answer's line. Shown while the last finished step is not rated; the script
 * sends it as JSON to `/t/<token>/rate` (no script, no rating: the CSP allows no inline code).
 */
function rateForm(view: TicketStatusView): string {
  const both = (key: TextKey) =>
    `${escape(t(key, 'zh'))} <span lang="en">${escape(t(key, 'en'))}</span>`;
  const levels = [...RATING_SCORES]
    .reverse()
    .map(
      (score) =>
        `<label class="level level-${score}"><input type="radio" name="score" value="${score}"> ${both(`rating.${score}`)}</label>`,
    )
    .join('');
  const tags = view.rateTags
    .map(
      (tag) =>
        `<label class="tag" data-scores="${tag.scores.join(' ')}" hidden><input type="checkbox" name="tag" value="${escape(tag.id)}"> ${escape(tag.name.zh)} <span lang="en">${escape(tag.name.en)}</span></label>`,
    )
    .join('');
  // The answers the script shows, in the page's own words.
  const says = (name: string, key: TextKey) =>
    `data-${name}-zh="${escape(t(key, 'zh'))}" data-${name}-en="${escape(t(key, 'en'))}"`;
  return `<form id="rate" class="card rate"${view.rateable ? '' : ' hidden'} ${says('pick', 'status.rate.pickLevel')} ${says('failed', 'status.rate.failed')} ${says('thanks', 'status.rate.thanks')}>
<h2>${both('status.rate.title')}</h2>
<fieldset class="levels"><legend>${both('status.rate.level')}</legend>${levels}</fieldset>
<fieldset id="rate-tags" class="tags" hidden><legend>${both('status.rate.tags')}</legend>${tags}</fieldset>
<label class="comment" for="rate-comment">${both('status.rate.comment')}</label>
<textarea id="rate-comment" name="comment" rows="3" maxlength="${LIMITS.ratingCommentMaxLength}"></textarea>
<button type="submit">${both('status.rate.submit')}</button>
<p id="rate-answer" class="rate-answer" role="status"></p>
</form>
<p id="rate-done" class="card rate-done" role="status" hidden></p>`;
}

/** Who served the visitor: name and staff number (工号), with the rating and its follow-up. */
function clerkLine(view: TicketStatusView): string {
  const { clerk } = view;
  if (clerk === null || (!view.rateable && view.followUp === null)) return '';
  const params = { name: clerk.name, code: clerk.code };
  return `<p class="card clerk">${escape(t('status.clerk', 'zh', params))}<br><span lang="en">${escape(t('status.clerk', 'en', params))}</span></p>`;
}

/**
 * 追评: while its days last, the rating's one follow-up: words, and a new level or none; the
 * script sends it as JSON to `/t/<token>/follow-up`. Once made or over, a line says so.
 */
function followUpForm(view: TicketStatusView): string {
  const { followUp } = view;
  if (followUp === null) return '';
  const both = (key: TextKey, params?: Record<string, number>) =>
    `${escape(t(key, 'zh', params))} <span lang="en">${escape(t(key, 'en', params))}</span>`;
  if (followUp.state !== 'open') {
    const key = followUp.state === 'made' ? 'ratings.followUp.twice' : 'ratings.followUp.expired';
    return `<p id="follow-up-done" class="card rate-done" role="status">${both(key, { days: followUp.days })}</p>`;
  }
  const says = (name: string, key: TextKey) =>
    `data-${name}-zh="${escape(t(key, 'zh'))}" data-${name}-en="${escape(t(key, 'en'))}"`;
  const levels = [...RATING_SCORES]
    .reverse()
    .map(
      (score) =>
        `<option value="${score}">${escape(t(`rating.${score}`, 'zh'))} ${escape(t(`rating.${score}`, 'en'))}</option>`,
    )
    .join('');
  return `<form id="follow-up" class="card rate" ${says('empty', 'status.followUp.empty')} ${says('failed', 'status.rate.failed')} ${says('thanks', 'status.followUp.thanks')}>
<h2>${both('status.followUp.title')}</h2>
<p class="note">${both('status.followUp.hint', { days: followUp.days })}</p>
<label class="comment" for="follow-up-text">${both('status.followUp.text')}</label>
<textarea id="follow-up-text" name="text" rows="3" maxlength="${LIMITS.ratingCommentMaxLength}"></textarea>
<label class="comment" for="follow-up-score">${both('status.followUp.level')}</label>
<select id="follow-up-score" name="score"><option value="">${escape(t('status.followUp.keep', 'zh'))} ${escape(t('status.followUp.keep', 'en'))}</option>${levels}</select>
<button type="submit">${both('status.followUp.submit')}</button>
<p id="follow-up-answer" class="rate-answer" role="status"></p>
</form>
<p id="follow-up-done" class="card rate-done" role="status" hidden></p>`;
}

/** A combined visit's steps, the current one marked; the script moves the marks. */
function stepsCard(view: TicketStatusView, line: (id: string, cls: string) => string): string {
  if (view.steps === null) return '';
  const items = view.steps
    .map(
      (step, i) =>
        `<li id="step-${i}" class="step ${step.state}">${line(`step-${i}-zh`, 'zh')}${line(`step-${i}-en`, 'en')}</li>`,
    )
    .join('');
  return `<div class="card"><div class="note">${escape(bilingual('status.steps', ' · '))}</div><ol class="steps">${items}</ol></div>`;
}

export const NOT_FOUND_PAGE = page(
  bilingual('status.title'),
  `<header>OneStop</header><main><div class="card"><div class="state">${escape(t('status.notFound', 'zh'))}</div>
<div class="en" lang="en">${escape(t('status.notFound', 'en'))}</div></div></main>`,
  false,
);

/** The built page's files, by the name the page asks for under `/t/`. */
const ASSETS: ReadonlyMap<string, string> = new Map([
  ['status.js', 'text/javascript; charset=utf-8'],
  ['status.css', 'text/css; charset=utf-8'],
]);

/**
 * `[status, body, content type]` for a GET under `/t/`. The script and the style come from the
 * built page in `pagesDir/status`; until it is built they are not found (the page still shows
 * the ticket, as rendered here, without its style and updates).
 */
export function ticketStatusResponse(
  state: Readonly<HallState>,
  path: string,
  now: Millis,
  pagesDir: string | null,
  lookups: StatusLookups | null = null,
): [number, string | Buffer, string] {
  const html = 'text/html; charset=utf-8';
  const rest = path.slice('/t/'.length);
  const asset = ASSETS.get(rest);
  if (asset !== undefined) {
    const file = pagesDir === null ? null : join(pagesDir, 'status', rest);
    if (file !== null && existsSync(file)) return [200, readFileSync(file), asset];
    return [
      404,
      JSON.stringify({
        error: { code: 'not_found', message: 'the status page is not built: npm run build:pages' },
      }),
      'application/json; charset=utf-8',
    ];
  }
  const json = rest.endsWith('.json');
  const token = json ? rest.slice(0, -'.json'.length) : rest;
  const ticket =
    findTicketByToken(state, token) ??
    (TOKEN.test(token) ? (lookups?.pastTicket(token) ?? null) : null);
  if (!ticket) {
    return json
      ? [
          404,
          JSON.stringify({ error: { code: 'not_found', message: 'no such ticket today' } }),
          'application/json; charset=utf-8',
        ]
      : [404, NOT_FOUND_PAGE, html];
  }
  const past = !state.tickets.has(ticket.id);
  const view = {
    ...ticketStatusView(state, ticket, now, lookups?.followUp(ticket) ?? null),
    // A ticket of an earlier day is no longer rated here: only followed up.
    ...(past ? { rateable: false } : {}),
  };
  return json
    ? [200, JSON.stringify({ view, fields: statusFields(view) }), 'application/json; charset=utf-8']
    : [200, statusPage(view), html];
}
