import { LIMITS, RATING_SCORES, t, type Lang, type TextKey } from '@onestop/shared';
import type { EdgeTicket } from '../public-status.js';

/*
 * The ticket's status page on the public edge: plain HTML that an old phone shows without a
 * script. While the visit goes on its one small script (REFRESH_SCRIPT, ES5 for old phones)
 * asks again every 15 s; once a step may be rated it shows the rating form (a plain form POST),
 * and after a rating the 追评 form. (No meta refresh: a page must not move under its reader.)
 */

export const REFRESH_S = 15;
/** Where the page's script is served, and the script itself. */
export const REFRESH_SCRIPT_PATH = '/public/t/refresh.js';
export const REFRESH_SCRIPT = `setTimeout(function () { window.location.reload(); }, ${REFRESH_S * 1000});\n`;

export const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A text in Chinese with its English under it (the page is in both, Chinese first). */
export function both(key: TextKey, params?: Record<string, string | number>): string {
  const zh = escape(t(key, 'zh', params));
  const en = escape(t(key, 'en', params));
  return `${zh}<br><span lang="en">${en}</span>`;
}
export const pair = (text: Record<Lang, string>): string =>
  `${escape(text.zh)}<br><span lang="en">${escape(text.en)}</span>`;

const STYLE = `body{margin:0;font:18px/1.5 system-ui,sans-serif;background:#f4f6f8;color:#111}
header{background:#0b3d91;color:#fff;padding:12px 16px;font-weight:600}
main{padding:12px;max-width:560px;margin:0 auto}
.card{background:#fff;border-radius:8px;padding:12px 16px;margin:0 0 12px;border:1px solid #c9d1d9}
.number{display:block;font-size:48px;font-weight:700;color:#0b3d91}
.called{border:3px solid #b35900}.state{font-size:22px;font-weight:600}
.note{color:#444;font-size:15px}.step.current{font-weight:700}.step.done{color:#2d6a2d}
fieldset{border:0;padding:0;margin:0 0 12px}legend{font-weight:600;margin-bottom:4px}
label{display:block;padding:8px 0;min-height:24px}textarea{width:100%;box-sizing:border-box;font:inherit}
button{font:inherit;padding:10px 20px;background:#0b3d91;color:#fff;border:0;border-radius:6px;min-height:44px}
.answer{font-weight:600}.refused{color:#8a1c1c}`;

export function page(title: string, body: string, refresh: boolean): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>${STYLE}</style></head><body>${body}${refresh ? `<script src="${REFRESH_SCRIPT_PATH}" defer></script>` : ''}</body></html>`;
}

const TITLE = `${t('status.title', 'zh')} ${t('status.title', 'en')}`;

export function notFoundPage(): string {
  return page(
    TITLE,
    `<header>OneStop</header><main><p class="card state">${both('status.notFound')}</p></main>`,
    false,
  );
}

/** A refused form: what was wrong, and the way back to the ticket. */
export function refusedPage(key: TextKey, back: string): string {
  return page(
    TITLE,
    `<header>OneStop</header><main><p class="card answer refused" role="alert">${both(key)}</p>
<p class="card"><a href="${escape(back)}">${both('status.title')}</a></p></main>`,
    false,
  );
}

function stateLine(v: EdgeTicket['ticket']): string {
  switch (v.status) {
    case 'waiting': {
      const ahead = v.ahead ?? 0;
      return ahead === 0 ? both('edge.next') : both('edge.ahead', { count: ahead });
    }
    case 'called':
    case 'serving':
      return v.window === null
        ? both(`ticket_status.${v.status}`)
        : both('edge.window', { window: v.window });
    case 'parked':
    case 'done':
    case 'no_show':
    case 'cancelled':
    case 'expired':
      return both(`ticket_status.${v.status}`);
  }
}

function lastLine(last: EdgeTicket['last']): string {
  if (last === null) return '';
  switch (last.state) {
    case 'pending':
      return `<p class="card answer" role="status">${both('edge.pending')}</p>`;
    case 'accepted':
      return `<p class="card answer" role="status">${both(last.kind === 'rate' ? 'edge.accepted' : 'edge.followUpAccepted')}</p>`;
    case 'refused':
      return `<p class="card answer refused" role="status">${both(`edge.refused.${last.reason ?? 'not_rateable'}`)}</p>`;
  }
}

function rateForm(v: EdgeTicket, action: string): string {
  const levels = [...RATING_SCORES]
    .reverse()
    .map(
      (s) =>
        `<label><input type="radio" name="score" value="${s}" required> ${escape(t(`rating.${s}`, 'zh'))} <span lang="en">${escape(t(`rating.${s}`, 'en'))}</span></label>`,
    )
    .join('');
  const tags = v.tags
    .map(
      (tag) =>
        `<label><input type="checkbox" name="tag" value="${escape(tag.id)}"> ${escape(tag.name.zh)} <span lang="en">${escape(tag.name.en)}</span></label>`,
    )
    .join('');
  return `<form class="card" method="post" action="${escape(action)}/rate">
<h2>${both('status.rate.title')}</h2>
<fieldset><legend>${both('status.rate.level')}</legend>${levels}</fieldset>
${tags === '' ? '' : `<fieldset><legend>${both('status.rate.tags')}</legend>${tags}</fieldset>`}
<label for="comment">${both('status.rate.comment')}</label>
<textarea id="comment" name="comment" rows="3" maxlength="${LIMITS.ratingCommentMaxLength}"></textarea>
<p><button type="submit">${both('status.rate.submit')}</button></p></form>`;
}

function followUpForm(action: string): string {
  const levels = [...RATING_SCORES]
    .reverse()
    .map(
      (s) =>
        `<option value="${s}">${escape(t(`rating.${s}`, 'zh'))} ${escape(t(`rating.${s}`, 'en'))}</option>`,
    )
    .join('');
  return `<form class="card" method="post" action="${escape(action)}/follow-up">
<h2>${both('status.followUp.title')}</h2>
<label for="follow-up-text">${both('status.followUp.text')}</label>
<textarea id="follow-up-text" name="text" rows="3" required maxlength="${LIMITS.ratingCommentMaxLength}"></textarea>
<label for="follow-up-score">${both('status.followUp.level')}</label>
<select id="follow-up-score" name="score"><option value="">${escape(t('status.followUp.keep', 'zh'))} ${escape(t('status.followUp.keep', 'en'))}</option>${levels}</select>
<p><button type="submit">${both('status.followUp.submit')}</button></p></form>`;
}

/** The page of one ticket; `action` is its own address (the forms post under it). */
export function ticketPage(v: EdgeTicket, action: string): string {
  const x = v.ticket;
  const final = ['done', 'no_show', 'cancelled', 'expired'].includes(x.status);
  const waitingForHall = v.last?.state === 'pending';
  const steps =
    x.steps.length > 1
      ? `<div class="card"><div class="note">${both('status.steps')}</div><ol>${x.steps
          .map((s) => `<li class="step ${s.state}">${pair(s.text)}</li>`)
          .join('')}</ol></div>`
      : '';
  const forms = waitingForHall
    ? ''
    : x.rateable
      ? rateForm(v, action)
      : x.followUp === 'open'
        ? followUpForm(action)
        : '';
  // The page asks again while the visit goes on or the hall has a rating to answer, not while a
  // form is on it (a refresh would lose what the visitor is typing).
  const refresh = forms === '' && (!final || waitingForHall);
  return page(
    `${TITLE} ${x.number}`,
    `<header>${pair(v.hall)}</header>
<main><div class="card${x.status === 'called' ? ' called' : ''}"><h1><span class="note">${both('ticket.yourNumber')}</span><span class="number">${escape(x.number)}</span></h1>
<div>${pair(x.service)}</div></div>
<p class="card state" role="status">${stateLine(x)}</p>${steps}${lastLine(v.last)}${forms}
${refresh ? `<p class="note">${both('edge.refresh')}</p>` : ''}</main>`,
    refresh,
  );
}
