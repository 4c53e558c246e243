import {
  estimateWait,
  hallClock,
  peopleAhead,
  t,
  type HallState,
  type I18nText,
  type Lang,
  type Millis,
  type Ticket,
} from '@onestop/shared';

/*
 * The ticket status page: the address in a ticket's QR code, `/t/<accessToken>`. The token is
 * the ticket's unguessable key (256 random bits); the page shows the number, the service, the
 * place in the queue and the call, and nothing about the visitor. `/t/<token>.json` is what the
 * page's script polls; `/t/status.js` is that script (the CSP allows no inline script).
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
          `${t('ticket_status.serving', lang)} · ${lang === 'zh' ? `${windowNumber} 号窗口` : `window ${windowNumber}`}`,
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
  };
}

/**
 * The line under the status: while the visit goes on the page updates itself; once it is over
 * it does not, and says so (it no longer polls).
 */
const NOTE: Record<'live' | 'final', I18nText> = {
  live: {
    zh: '本页自动更新，请留意大厅叫号。',
    en: 'This page updates by itself; please also listen for your number.',
  },
  final: {
    zh: '本次办理已结束，本页不再更新。',
    en: 'This visit is over; this page no longer updates.',
  },
};
/** Shown while a poll fails; the last good update stays on the page with its time. */
const LOST: I18nText = { zh: '与大厅的连接已断开，正在重试', en: 'Lost the hall, retrying' };
/** The hub no longer knows the ticket (a new business day): the page stops. */
const GONE: I18nText = {
  zh: '该号码已不是今天的，本页不再更新。',
  en: 'This ticket is no longer from today; this page no longer updates.',
};

function stepViews(state: Readonly<HallState>, ticket: Ticket): TicketStepView[] {
  const names = new Map(state.config.services.map((s) => [s.id, s.name]));
  const allDone = ticket.status === 'done';
  return ticket.itinerary.map((step, i) => {
    const stepState =
      allDone || i < ticket.stepIndex ? 'done' : i === ticket.stepIndex ? 'current' : 'next';
    const name = (id: string, lang: Lang) => {
      const text = names.get(id)?.[lang] ?? id;
      const done = stepState === 'current' && ticket.doneServiceIds.includes(id);
      return done ? `${text}${lang === 'zh' ? '（已办）' : ' (done)'}` : text;
    };
    const line = (lang: Lang) => {
      const mark = {
        done: { zh: '已办', en: 'done' },
        current: { zh: '当前', en: 'now' },
        next: { zh: '待办', en: 'next' },
      }[stepState][lang];
      const services = step.serviceIds
        .map((id) => name(id, lang))
        .join(lang === 'zh' ? '、' : ', ');
      // The services of one step are served in any order, as the kiosk and the ticket say.
      const anyOrder = step.serviceIds.length > 1 ? ANY_ORDER[lang] : '';
      return `${i + 1}. ${services}${anyOrder} · ${mark}`;
    };
    return { text: { zh: line('zh'), en: line('en') }, state: stepState };
  });
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const ANY_ORDER: I18nText = { zh: '（不分先后）', en: ' (any order)' };

/**
 * People ahead and the estimate; with no window serving it open, no estimate but that; with
 * nobody ahead, that the visitor is next (not "about 0 min").
 */
function aheadLines(view: TicketStatusView): I18nText {
  if (view.ahead === null) return { zh: '', en: '' };
  if (view.estimateMinutes === null) {
    return {
      zh: `前面还有 ${view.ahead} 人 · 暂无窗口办理，窗口开放后按号叫号`,
      en: `${view.ahead} ahead of you · no window serves this yet: numbers are called once one opens`,
    };
  }
  if (view.ahead === 0) return { zh: '前面没有人，您是下一位', en: 'Nobody ahead: you are next' };
  const minutes = Math.max(1, view.estimateMinutes);
  return {
    zh: `前面还有 ${view.ahead} 人 · 预计约 ${minutes} 分钟`,
    en: `${view.ahead} ahead of you · about ${minutes} min`,
  };
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
    'updated-zh': `更新于 ${view.updatedAt}`,
    'updated-en': `Updated at ${view.updatedAt}`,
    'note-zh': note.zh,
    'note-en': note.en,
  };
}

const STYLE = `body{margin:0;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;background:#f3f5f8;color:#14181f}
header{background:#0b3d91;color:#fff;padding:1rem 1.2rem;font-size:1.1rem;font-weight:700}
main{padding:1.2rem;display:flex;flex-direction:column;gap:.8rem;text-align:center}
.card{background:#fff;border:2px solid #c3cad6;border-radius:12px;padding:1.2rem}
.number{font-size:4.5rem;font-weight:800;color:#072a66;line-height:1.1}
.service{font-size:1.4rem;font-weight:700}
.state{font-size:1.5rem;font-weight:700}
.called .state{color:#fff;background:#0a6b2f;border-radius:8px;padding:.6rem}
.en{font-size:1rem;color:#3d4450;margin-top:.2rem}
.called .state.en{background:none;color:#0a6b2f;padding:0}
.note{font-size:.9rem;color:#3d4450}
.steps{list-style:none;margin:0;padding:0;text-align:left;display:flex;flex-direction:column;gap:.5rem}
.step{border-left:6px solid #c3cad6;padding:.3rem .6rem}
.step.done{color:#3d4450}
.step.current{border-left-color:#0b3d91;font-weight:700}
.step .en{margin-top:0}
h1{margin:0;font-weight:inherit;font-size:inherit}h1>span{display:block}
.updated{font-size:.9rem;color:#3d4450;margin:0}
.lost{margin:0;padding:.7rem;border:2px solid #8a1c00;border-radius:8px;background:#fff1ec;color:#8a1c00;font-weight:700}
.lost[hidden]{display:none}`;

function page(title: string, body: string, script: boolean): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>OneStop · ${escape(title)}</title><style>${STYLE}</style></head><body>${body}${script ? '<script src="/t/status.js" defer></script>' : ''}</body></html>`;
}

export function statusPage(view: TicketStatusView): string {
  const f = statusFields(view);
  const line = (id: string, cls: string) =>
    `<div id="${id}" class="${cls}"${id.endsWith('-en') ? ' lang="en"' : ''}>${escape(f[id] ?? '')}</div>`;
  const span = (id: string) =>
    `<span id="${id}"${id.endsWith('-en') ? ' lang="en"' : ''}>${escape(f[id] ?? '')}</span>`;
  return page(
    `排队进度 Ticket status ${view.number}`,
    `<header>${escape(view.hall.zh)}<div class="en" style="color:#fff">${escape(view.hall.en)}</div></header>
<main id="ticket" class="${view.called ? 'called' : ''}" data-poll="${view.final ? 0 : POLL_MS}">
<div class="card"><h1><span class="note">您的号码 · <span lang="en">Your number</span></span><span class="number">${escape(view.number)}</span></h1>
<div class="service">${escape(view.service.zh)}</div><div class="en" lang="en">${escape(view.service.en)}</div></div>
<p id="lost" class="lost" role="alert" hidden>${escape(LOST.zh)}<br><span lang="en">${escape(LOST.en)}</span></p>
<div class="card">${line('state-zh', 'state')}${line('state-en', 'state en')}</div>
<div id="ahead-card" class="card"${view.ahead === null ? ' hidden' : ''}>${line('ahead-zh', 'ahead')}${line('ahead-en', 'ahead en')}</div>${stepsCard(view, line)}
<p class="updated" role="status">${span('updated-zh')} · ${span('updated-en')}</p>
<p class="note">${span('note-zh')}<br>${span('note-en')}</p>
</main>`,
    true,
  );
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
  return `<div class="card"><div class="note">办理步骤 · Your steps</div><ol class="steps">${items}</ol></div>`;
}

export const NOT_FOUND_PAGE = page(
  '排队进度 Ticket status',
  `<header>OneStop</header><main><div class="card"><div class="state">未找到该号码，或号码已不是今天的</div>
<div class="en" lang="en">This ticket is unknown or is not from today</div></div></main>`,
  false,
);

/**
 * The page's script: polls the JSON and fills in the lines and the time of the update. A poll
 * that fails shows the "lost the hall" line (the last update and its time stay) and tries again;
 * the next good one hides it. Stops once the visit is over, or when the hub no longer knows the
 * ticket (404: a new business day).
 */
export const STATUS_SCRIPT = `(function(){var m=document.getElementById('ticket');if(!m)return;
var lost=document.getElementById('lost');function set(id,t){var el=document.getElementById(id);if(el)el.textContent=t}
function failed(){if(lost)lost.hidden=false;setTimeout(poll,${POLL_MS})}
function poll(){fetch(location.pathname+'.json',{cache:'no-store'}).then(function(r){
if(r.status===404){if(lost)lost.hidden=true;set('note-zh',${JSON.stringify(GONE.zh)});set('note-en',${JSON.stringify(GONE.en)});return}
if(!r.ok){failed();return}return r.json().then(function(v){
if(lost)lost.hidden=true;var f=v.fields;for(var id in f)set(id,f[id]);
m.className=v.view.called?'called':'';var a=document.getElementById('ahead-card');if(a)a.hidden=v.view.ahead===null;
(v.view.steps||[]).forEach(function(s,i){var el=document.getElementById('step-'+i);if(el)el.className='step '+s.state});
if(v.view.final)m.setAttribute('data-poll','0');else setTimeout(poll,${POLL_MS})})}).catch(failed)}
if(m.getAttribute('data-poll')!=='0')setTimeout(poll,${POLL_MS})})();`;

/** `[status, body, content type]` for a GET under `/t/`. */
export function ticketStatusResponse(
  state: Readonly<HallState>,
  path: string,
  now: Millis,
): [number, string, string] {
  const html = 'text/html; charset=utf-8';
  const rest = path.slice('/t/'.length);
  if (rest === 'status.js') return [200, STATUS_SCRIPT, 'text/javascript; charset=utf-8'];
  const json = rest.endsWith('.json');
  const ticket = findTicketByToken(state, json ? rest.slice(0, -'.json'.length) : rest);
  if (!ticket) {
    return json
      ? [
          404,
          JSON.stringify({ error: { code: 'not_found', message: 'no such ticket today' } }),
          'application/json; charset=utf-8',
        ]
      : [404, NOT_FOUND_PAGE, html];
  }
  const view = ticketStatusView(state, ticket, now);
  return json
    ? [200, JSON.stringify({ view, fields: statusFields(view) }), 'application/json; charset=utf-8']
    : [200, statusPage(view), html];
}
