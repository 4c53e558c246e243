import {
  REMOTE_PATHS,
  t,
  type Lang,
  type PublicRemoteHalls,
  type RemoteHours,
  type TextKey,
} from '@onestop/shared';
import { api, el, hallServicePickers, header, visitorRows } from './booking.js';
import { langOf } from './public.js';

/*
 * 远程取号: the public page to take a number from the phone (docs/VISITORS.md, "Numbers from
 * the phone"). Plain DOM for an old phone, text only (never markup) from the answers. Once sent,
 * the browser goes to the request's own page (/public/r/<token>), which waits for the hall's
 * answer and shows it.
 */

const ERRORS = [
  'challenge_failed',
  'phone_pending',
  'not_offered',
  'invalid_message',
  'rate_limited',
] as const;

function errorText(body: unknown, lang: Lang): string {
  const code =
    typeof body === 'object' && body !== null && 'error' in body
      ? String((body as { error: { code?: unknown } }).error.code)
      : '';
  const known = ERRORS.find((e) => e === code);
  return known === undefined ? t('booking.failed', lang) : t(`remotePage.error.${known}`, lang);
}

/** "周一至周五 09:00–17:00；周六 09:00–12:00", or "while the hall is open" without rules. */
export function hoursText(hours: RemoteHours[], lang: Lang): string {
  if (hours.length === 0) return t('remotePage.allDay', lang);
  const day = (d: number) => t(`remotePage.day.${d}` as TextKey, lang);
  return hours
    .map((h) => {
      const days = [...h.days].sort((a, b) => a - b);
      const first = days[0] ?? 1;
      const last = days[days.length - 1] ?? first;
      const run = days.length > 2 && last - first === days.length - 1;
      const text = run
        ? t('remotePage.dayRange', lang, { from: day(first), to: day(last) })
        : days.map(day).join(lang === 'zh' ? '、' : ', ');
      return t('remotePage.hoursLine', lang, { days: text, open: h.open, close: h.close });
    })
    .join(lang === 'zh' ? '；' : '; ');
}

async function showForm(doc: Document, main: HTMLElement, lang: Lang, loc: Location) {
  const halls = ((await api(REMOTE_PATHS.halls)).body as PublicRemoteHalls).halls;
  main.replaceChildren(
    header(doc, lang, '', 'remotePage.title'),
    el(doc, 'p', t('remotePage.intro', lang)),
  );
  if (halls.length === 0) {
    main.append(el(doc, 'p', t('remotePage.noHalls', lang)));
    return;
  }
  const form = el(doc, 'form');
  const hours = el(doc, 'p');
  hours.id = 'remote-hours';
  const chosen = hallServicePickers(doc, lang, 'remote', halls, (hall) => {
    const service = hall?.services.find((s) => s.id === chosen.serviceId());
    hours.textContent = service
      ? t('remotePage.hours', lang, { hours: hoursText(service.hours, lang) })
      : '';
  });
  chosen.serviceSelect.setAttribute('aria-describedby', 'remote-hours');
  const visitor = visitorRows(
    doc,
    lang,
    'remote',
    t('remotePage.phoneHint', lang),
    'remotePage.idNumber',
  );
  const submit = el(doc, 'button', t('remotePage.submit', lang));
  submit.type = 'submit';
  chosen.fill();
  form.append(...chosen.rows, hours, ...visitor.rows, submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!visitor.idChecked()) return;
    void (async () => {
      const res = await api(REMOTE_PATHS.request, {
        hallId: chosen.hallId(),
        serviceId: chosen.serviceId(),
        ...visitor.typed(),
      });
      if (res.status === 200) {
        const token = (res.body as { token: string }).token;
        loc.assign(`${REMOTE_PATHS.page}/${encodeURIComponent(token)}`);
        return;
      }
      visitor.problem.textContent = errorText(res.body, lang);
      await visitor.ask();
    })();
  });
  main.append(form);
  await visitor.ask();
}

export function startRemote(doc: Document, loc: Location): void {
  const lang = langOf(loc.search);
  doc.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  doc.title = t('remotePage.title', lang);
  const main = doc.getElementById('remote');
  if (!main) return;
  showForm(doc, main, lang, loc).catch(() => {
    main.replaceChildren(el(doc, 'p', t('booking.failed', lang)));
  });
}
