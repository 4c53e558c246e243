import { PUBLIC_STATUS_PATHS, t } from '@onestop/shared';
import type { RemoteStatus } from '../remote.js';
import { both, escape, page, pair } from './ticket-page.js';

/*
 * The page of a number taken from the phone (`/public/r/<token>`), plain HTML like the ticket's
 * page on the public edge: while the hall has not answered, it asks again every 15 s (the ticket
 * page's one small script); then the number, its confirmation code and the rules in plain words,
 * or the refusal in words. Only this request's own facts are on it.
 */

const TITLE = `${t('remotePage.title', 'zh')} ${t('remotePage.title', 'en')}`;

/** The page of one request. */
export function remotePage(s: RemoteStatus): string {
  const head = `<header>${escape(s.hallName)}</header>`;
  const service =
    s.serviceName === null
      ? ''
      : `<div class="card"><div class="note">${both('booking.service')}</div><div>${pair(s.serviceName)}</div></div>`;
  const again = `<p class="card"><a href="/public/remote.html">${both('remotePage.again')}</a></p>`;
  const a = s.answer;
  if (a === null) {
    return page(
      TITLE,
      `${head}<main><div role="status"><h1 class="card state">${both('remotePage.pending')}</h1></div>${service}
<p class="note">${both('edge.refresh')}</p></main>`,
      true,
    );
  }
  switch (a.outcome) {
    case 'refused':
      return page(
        TITLE,
        `${head}<main><h1 class="card state">${both('remotePage.refused')}</h1>
<p class="card answer refused" role="status">${both(`remotePage.refusal.${a.reason}`)}</p>${service}${again}</main>`,
        false,
      );
    case 'issued': {
      const status =
        a.statusToken === undefined
          ? ''
          : `<p class="card"><a href="${escape(`${PUBLIC_STATUS_PATHS.page}/${encodeURIComponent(s.hallId)}/${encodeURIComponent(a.statusToken)}`)}">${both('remotePage.statusLink')}</a></p>`;
      return page(
        `${TITLE} ${a.number}`,
        `${head}<main><h1 class="card state">${both('remotePage.issued')}</h1>
<div class="card"><div class="note">${both('remotePage.number')}</div><div class="number">${escape(a.number)}</div>
<div class="note">${both('remotePage.code')}</div><div class="number">${escape(a.code)}</div></div>
${service}<p class="card">${both('remotePage.ahead', { count: a.peopleAhead })}</p>
<p class="card answer">${both('remotePage.rules', { minutes: a.confirmWithinMinutes })}</p>${a.byIdCard === true ? `<p class="card answer">${both('remotePage.confirmWithCard')}</p>` : ''}
<p class="card note">${both('remotePage.keepLink')}</p>${status}</main>`,
        false,
      );
    }
  }
}
