import {
  BOOKING_PATHS,
  businessDayOf,
  isIdNumber,
  t,
  type BookingChallenge,
  type Lang,
  type PublicBookingHall,
  type PublicBookingHalls,
  type PublicBookingStatus,
  type TextKey,
} from '@onestop/shared';
import { langOf } from './public.js';

/*
 * 网上预约: the public booking page (docs/VISITORS.md, "Booking online"). Plain DOM for an old
 * phone, nothing loaded but this script and its style, text only (never markup) from the
 * answers. The booking's token lives in the address's fragment (`#t=…`), which browsers never
 * send to a server: the page reads it and asks for that booking only.
 */

const POLL_MS = 2_000;

export type Fetch = (path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

export const api: Fetch = async (path, body) => {
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
};

export function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  if (text !== undefined) e.textContent = text;
  return e;
}

function hhmm(at: number, timezone: string): string {
  return new Date(at).toLocaleTimeString('zh-CN', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: timezone,
  });
}

function errorText(body: unknown, lang: Lang): string {
  const code =
    typeof body === 'object' && body !== null && 'error' in body
      ? String((body as { error: { code?: unknown } }).error.code)
      : '';
  const key = `booking.error.${code}`;
  return key in ERROR_KEYS ? t(key as TextKey, lang) : t('booking.failed', lang);
}

const ERROR_KEYS: Record<string, true> = {
  'booking.error.challenge_failed': true,
  'booking.error.phone_pending': true,
  'booking.error.no_such_slot': true,
  'booking.error.invalid_message': true,
  'booking.error.rate_limited': true,
  'booking.error.not_found': true,
};

/** A labelled control in its own row. */
export function field(
  doc: Document,
  id: string,
  label: string,
  control: HTMLElement,
): HTMLDivElement {
  const row = el(doc, 'div');
  row.className = 'field';
  const l = el(doc, 'label', label);
  l.htmlFor = id;
  control.id = id;
  row.append(l, control);
  return row;
}

export function options(doc: Document, select: HTMLSelectElement, items: [string, string][]): void {
  select.replaceChildren(
    ...items.map(([value, text]) => {
      const o = el(doc, 'option', text);
      o.value = value;
      return o;
    }),
  );
}

/** The slot pickers (day, then time) of one service of one hall; `chosen()` the slot's start. */
function slotPicker(doc: Document, hall: PublicBookingHall, serviceId: () => string, lang: Lang) {
  const day = el(doc, 'select');
  const slot = el(doc, 'select');
  const none = el(doc, 'p', t('booking.noSlot', lang));
  none.hidden = true;
  const slots = () => hall.slots.filter((s) => s.serviceId === serviceId());
  const fillSlots = (): void => {
    const mine = slots().filter((s) => businessDayOf(s.at, hall.timezone) === day.value);
    options(
      doc,
      slot,
      mine.map((s) => {
        const time = hhmm(s.at, hall.timezone);
        const text =
          s.remaining > 0
            ? t('booking.slotLeft', lang, { time, n: s.remaining })
            : t('booking.slotFull', lang, { time });
        return [String(s.at), text];
      }),
    );
    for (const [i, s] of mine.entries()) {
      const option = slot.options[i];
      if (option && s.remaining === 0) option.disabled = true;
    }
    const open = mine.find((s) => s.remaining > 0);
    if (open) slot.value = String(open.at);
    none.hidden = open !== undefined;
  };
  const fillDays = (): void => {
    const days = [...new Set(slots().map((s) => businessDayOf(s.at, hall.timezone)))];
    options(
      doc,
      day,
      days.map((d) => [d, d]),
    );
    fillSlots();
  };
  day.addEventListener('change', fillSlots);
  fillDays();
  return {
    rows: [
      field(doc, 'booking-day', t('booking.day', lang), day),
      field(doc, 'booking-slot', t('booking.slot', lang), slot),
      none,
    ],
    refill: fillDays,
    chosen: (): number => Number(slot.value),
  };
}

export function header(
  doc: Document,
  lang: Lang,
  search: string,
  title: TextKey = 'booking.title',
): HTMLElement {
  const head = el(doc, 'header');
  const other = el(doc, 'a', t('booking.otherLang', lang));
  other.lang = lang === 'zh' ? 'en' : 'zh';
  other.href = `?lang=${lang === 'zh' ? 'en' : 'zh'}${search}`;
  head.append(el(doc, 'h1', t(title, lang)), other);
  return head;
}

/** The booking of a link: its state, and cancel or move while it is booked. */
async function showBooking(
  doc: Document,
  main: HTMLElement,
  token: string,
  lang: Lang,
  loc: Location,
): Promise<void> {
  const answer = await api(`${BOOKING_PATHS.status}?token=${encodeURIComponent(token)}`);
  main.replaceChildren(header(doc, lang, loc.hash));
  if (answer.status !== 200) {
    main.append(el(doc, 'p', errorText(answer.body, lang)));
    return;
  }
  const b = answer.body as PublicBookingStatus;
  const halls = ((await api(BOOKING_PATHS.halls)).body as PublicBookingHalls).halls;
  const hall = halls.find((h) => h.hallId === b.hallId);
  const timezone = hall?.timezone ?? 'Asia/Shanghai';
  const live = el(doc, 'section');
  live.setAttribute('aria-live', 'polite');
  main.append(live);
  const when = t('booking.when', lang, {
    day: businessDayOf(b.slotAt, timezone),
    time: hhmm(b.slotAt, timezone),
  });
  const facts = el(doc, 'dl');
  const fact = (k: string, v: string) => facts.append(el(doc, 'dt', k), el(doc, 'dd', v));
  fact(t('booking.hall', lang), b.hallName);
  fact(t('booking.service', lang), b.serviceName?.[lang] ?? b.serviceId);
  fact(t('booking.slot', lang), when);
  if (b.code !== null && b.state === 'booked') fact(t('booking.code', lang), b.code);
  switch (b.state) {
    case 'pending':
      live.append(el(doc, 'h2', t('booking.pending', lang)), facts);
      setTimeout(() => void showBooking(doc, main, token, lang, loc), POLL_MS);
      return;
    case 'refused':
      live.append(
        el(doc, 'h2', t('booking.refused', lang)),
        el(doc, 'p', b.refusal ? t(`booking.refusal.${b.refusal}`, lang) : ''),
        facts,
      );
      break;
    case 'cancelled':
      live.append(el(doc, 'h2', t('booking.cancelled', lang)), facts);
      break;
    case 'booked': {
      live.append(el(doc, 'h2', t('booking.booked', lang)), facts);
      if (b.refusal) live.append(el(doc, 'p', t(`booking.refusal.${b.refusal}`, lang)));
      live.append(el(doc, 'p', t('booking.keepLink', lang)));
      const problem = el(doc, 'p');
      problem.setAttribute('role', 'alert');
      const change = async (body: unknown): Promise<void> => {
        const res = await api(BOOKING_PATHS.manage, body);
        if (res.status === 200) await showBooking(doc, main, token, lang, loc);
        else problem.textContent = errorText(res.body, lang);
      };
      const cancel = el(doc, 'button', t('booking.cancel', lang));
      cancel.type = 'button';
      cancel.addEventListener('click', () => void change({ token, action: 'cancel' }));
      main.append(cancel);
      if (hall) {
        const picker = slotPicker(doc, hall, () => b.serviceId, lang);
        const move = el(doc, 'button', t('booking.move', lang));
        move.type = 'button';
        move.addEventListener(
          'click',
          () => void change({ token, action: 'move', slotAt: picker.chosen() }),
        );
        main.append(...picker.rows, move);
      }
      main.append(problem);
      break;
    }
  }
  const again = el(doc, 'a', t('booking.again', lang));
  again.href = `?lang=${lang}`;
  main.append(again);
}

/**
 * The visitor's rows of a page's form: the mobile number with its hint, the small sum (a new one
 * by `ask`), the line that says what went wrong. `typed()` is what they typed, for the request.
 */
export function visitorRows(
  doc: Document,
  lang: Lang,
  prefix: string,
  hintText: string,
  /** The label of the optional ID number field, or null: no such field. */
  idLabel: TextKey | null = null,
) {
  const phone = el(doc, 'input');
  phone.type = 'tel';
  phone.inputMode = 'numeric';
  phone.autocomplete = 'tel';
  phone.maxLength = 11;
  phone.required = true;
  phone.setAttribute('aria-describedby', `${prefix}-phone-hint`);
  const hint = el(doc, 'p', hintText);
  hint.id = `${prefix}-phone-hint`;
  const sum = el(doc, 'input');
  sum.inputMode = 'numeric';
  sum.required = true;
  sum.maxLength = 3;
  const sumRow = field(doc, `${prefix}-sum`, '', sum);
  let challenge: BookingChallenge | null = null;
  const ask = async (): Promise<void> => {
    challenge = (await api(BOOKING_PATHS.challenge)).body as BookingChallenge;
    const label = sumRow.querySelector('label');
    if (label) label.textContent = t('booking.challenge', lang, { question: challenge.question });
    sum.value = '';
  };
  const problem = el(doc, 'p');
  problem.setAttribute('role', 'alert');
  const id = idLabel === null ? null : idNumberRows(doc, lang, prefix, idLabel);
  return {
    rows: [
      field(doc, `${prefix}-phone`, t('booking.phone', lang), phone),
      hint,
      ...(id?.rows ?? []),
      sumRow,
      problem,
    ],
    problem,
    ask,
    /** Whether the ID number is empty or well formed; if not, its problem is said. */
    idChecked: (): boolean => {
      const said = id?.problem() ?? null;
      if (said !== null) problem.textContent = said;
      return said === null;
    },
    typed: () => ({
      phone: phone.value.trim(),
      ...id?.typed(),
      challengeId: challenge?.id ?? 'none',
      challengeAnswer: sum.value.trim(),
    }),
  };
}

/**
 * The optional ID number (to confirm or check in with the card at the kiosk): checked for form
 * here (18 characters, the check character) as the region's schema checks it; left out when empty.
 */
function idNumberRows(doc: Document, lang: Lang, prefix: string, label: TextKey) {
  const input = el(doc, 'input');
  input.autocomplete = 'off';
  input.maxLength = 18;
  input.spellcheck = false;
  input.setAttribute('aria-describedby', `${prefix}-id-hint`);
  const hint = el(doc, 'p', t('remotePage.idNumberHint', lang));
  hint.id = `${prefix}-id-hint`;
  const value = () => input.value.trim().toUpperCase();
  return {
    rows: [field(doc, `${prefix}-id`, t(label, lang), input), hint],
    problem: (): string | null =>
      value() === '' || isIdNumber(value()) ? null : t('remotePage.idNumberInvalid', lang),
    typed: () => (value() === '' ? {} : { idNumber: value() }),
  };
}

/**
 * The hall and service pickers of a page's form. `changed` is told the hall whenever the hall
 * (and so its services) or the service changes; `fill` fills the services of the first hall.
 */
export function hallServicePickers<
  H extends {
    hallId: string;
    name: string;
    services: { id: string; name: Record<Lang, string> }[];
  },
>(
  doc: Document,
  lang: Lang,
  prefix: string,
  halls: H[],
  changed: (hall: H | undefined, which: 'hall' | 'service') => void,
) {
  const hallSelect = el(doc, 'select');
  options(
    doc,
    hallSelect,
    halls.map((h) => [h.hallId, h.name]),
  );
  const serviceSelect = el(doc, 'select');
  const hallOf = () => halls.find((h) => h.hallId === hallSelect.value) ?? halls[0];
  const fill = (): void => {
    const hall = hallOf();
    options(
      doc,
      serviceSelect,
      (hall?.services ?? []).map((s) => [s.id, s.name[lang]]),
    );
    changed(hall, 'hall');
  };
  hallSelect.addEventListener('change', fill);
  serviceSelect.addEventListener('change', () => changed(hallOf(), 'service'));
  return {
    rows: [
      field(doc, `${prefix}-hall`, t('booking.hall', lang), hallSelect),
      field(doc, `${prefix}-service`, t('booking.service', lang), serviceSelect),
    ],
    serviceSelect,
    fill,
    hall: hallOf,
    hallId: (): string => hallSelect.value,
    serviceId: (): string => serviceSelect.value,
  };
}

/** The form: hall, service, day, time, phone, the sum; on success the page of the booking. */
async function showForm(doc: Document, main: HTMLElement, lang: Lang, loc: Location) {
  const halls = ((await api(BOOKING_PATHS.halls)).body as PublicBookingHalls).halls;
  main.replaceChildren(header(doc, lang, ''), el(doc, 'p', t('booking.intro', lang)));
  if (halls.length === 0) {
    main.append(el(doc, 'p', t('booking.noHalls', lang)));
    return;
  }
  const form = el(doc, 'form');
  const pickers = el(doc, 'div');
  let picker: ReturnType<typeof slotPicker> | null = null;
  const chosen = hallServicePickers(doc, lang, 'booking', halls, (hall, which) => {
    if (which === 'service') {
      picker?.refill();
    } else if (hall) {
      picker = slotPicker(doc, hall, () => chosen.serviceId(), lang);
      pickers.replaceChildren(...picker.rows);
    }
  });
  const visitor = visitorRows(
    doc,
    lang,
    'booking',
    t('booking.phoneHint', lang),
    'remotePage.bookingIdNumber',
  );
  const submit = el(doc, 'button', t('booking.submit', lang));
  submit.type = 'submit';
  chosen.fill();
  form.append(...chosen.rows, pickers, ...visitor.rows, submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!visitor.idChecked()) return;
    void (async () => {
      const res = await api(BOOKING_PATHS.book, {
        hallId: chosen.hallId(),
        serviceId: chosen.serviceId(),
        slotAt: picker?.chosen() ?? 0,
        ...visitor.typed(),
      });
      if (res.status === 200) {
        const token = (res.body as { token: string }).token;
        loc.hash = `t=${token}`;
        await showBooking(doc, main, token, lang, loc);
        return;
      }
      visitor.problem.textContent = errorText(res.body, lang);
      await visitor.ask();
    })();
  });
  main.append(form);
  await visitor.ask();
}

export function startBooking(doc: Document, loc: Location): void {
  const lang = langOf(loc.search);
  doc.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  doc.title = t('booking.title', lang);
  const main = doc.getElementById('booking');
  if (!main) return;
  const token = new URLSearchParams(loc.hash.slice(1)).get('t');
  const shown = token ? showBooking(doc, main, token, lang, loc) : showForm(doc, main, lang, loc);
  shown.catch(() => {
    main.replaceChildren(el(doc, 'p', t('booking.failed', lang)));
  });
}
