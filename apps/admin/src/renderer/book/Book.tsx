import { useCallback, useContext, useEffect, useState } from 'react';
import {
  refusalText,
  type BookChange,
  type BookChangeResult,
  type BookDayResult,
  type BookEntryView,
  type BookSlotView,
  type HallState,
  type Refusal,
} from '@onestop/shared';
import type { CommandOutcome } from '@onestop/shared/client';
import type { AdminClient } from '../hub.js';
import { dayIn } from '../labels.js';
import { LangContext, useT } from '../strings.js';

/** What the book asks of the hub: a day's book, and a manager's change. */
export interface BookApi {
  day(businessDay: string, serviceId: string | null): Promise<CommandOutcome<BookDayResult>>;
  change(change: BookChange): Promise<CommandOutcome<BookChangeResult>>;
}

export function bookApi(client: AdminClient): BookApi {
  return {
    day: (businessDay, serviceId) => client.command('book_day', { businessDay, serviceId }),
    change: (change) => client.command('book_change', { change }),
  };
}

/** `HH:MM` of a slot in the hall's timezone. */
function hhmm(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

/**
 * 预约: a day's slots per service with capacity, booked and left, and the bookings in each; an
 * admin cancels or moves a booking and adds one by hand (docs/VISITORS.md, "The book in the
 * console"). A supervisor reads it.
 */
export function Book(props: { api: BookApi; state: HallState; isAdmin: boolean }) {
  const t = useT();
  const lang = useContext(LangContext);
  const { api, state, isAdmin } = props;
  const tz = state.config.hall.timezone;
  const capacity = state.config.hall.booking?.capacity ?? {};
  const services = state.config.services.filter((s) => capacity[s.id] !== undefined);
  const serviceOptions = services.map((s) => (
    <option key={s.id} value={s.id}>
      {s.name[lang]}
    </option>
  ));
  const nameOf = (id: string) => state.config.services.find((s) => s.id === id)?.name[lang] ?? id;
  const [day, setDay] = useState(() => state.day?.businessDay ?? dayIn(Date.now(), tz));
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [data, setData] = useState<BookDayResult | null>(null);
  /** When the book was read: a slot begun by then is not offered (the hub refuses it anyway). */
  const [readAt, setReadAt] = useState(0);
  const [error, setError] = useState<Refusal | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [moveTo, setMoveTo] = useState<Record<string, string>>({});
  const [add, setAdd] = useState({ serviceId: '', slotAt: '', phone: '' });

  const load = useCallback(() => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    void api.day(day, serviceId).then((ack) => {
      if (ack.ok) {
        setData(ack.result);
        setReadAt(Date.now());
      } else setError(ack.error);
    });
  }, [api, day, serviceId]);
  useEffect(load, [load]);

  const run = async (change: BookChange) => {
    const ack = await api.change(change);
    if (ack.ok) {
      setError(null);
      setDone(t('bookDone', { code: ack.result.booking.code }));
    } else {
      setDone(null);
      setError(ack.error);
    }
    load();
  };

  const open = (s: BookSlotView) => s.remaining > 0 && s.at > readAt;
  const slotLabel = (s: BookSlotView) =>
    `${hhmm(s.at, tz)} · ${nameOf(s.serviceId)} (${t('bookRemaining')} ${s.remaining})`;
  const addSlots = (data?.slots ?? []).filter((s) => s.serviceId === add.serviceId && open(s));

  const row = (b: BookEntryView) => {
    const targets = (data?.slots ?? []).filter(
      (s) => s.serviceId === b.serviceId && s.at !== b.slotAt && open(s),
    );
    const target = moveTo[b.id] ?? '';
    return (
      <tr key={b.id} className={b.status === 'cancelled' ? 'muted' : undefined}>
        <td>{b.code}</td>
        <td>{nameOf(b.serviceId)}</td>
        <td>{b.phoneMasked ?? '—'}</td>
        <td>{t(`bookChannel.${b.channel}`)}</td>
        <td>{t(`bookStatus.${b.status}`)}</td>
        <td>
          {isAdmin && b.status === 'booked' && (
            <span className="actions">
              <button
                type="button"
                onClick={() => void run({ kind: 'cancel', appointmentId: b.id })}
              >
                {t('bookCancel')}
              </button>
              <select
                aria-label={`${t('bookMoveTo')} ${b.code}`}
                value={target}
                onChange={(e) => setMoveTo({ ...moveTo, [b.id]: e.target.value })}
              >
                <option value="">{t('bookMoveTo')}…</option>
                {targets.map((s) => (
                  <option key={s.at} value={String(s.at)}>
                    {slotLabel(s)}
                  </option>
                ))}
              </select>
              <button
                type="button"
                disabled={target === ''}
                onClick={() =>
                  void run({ kind: 'move', appointmentId: b.id, slotAt: Number(target) })
                }
              >
                {t('bookMove')}
              </button>
            </span>
          )}
        </td>
      </tr>
    );
  };

  return (
    <section aria-labelledby="book-title" className="book">
      <h2 id="book-title">{t('tabBook')}</h2>
      <div className="toolbar">
        <label>
          {t('bookDay')}
          <input type="date" value={day} onChange={(e) => setDay(e.target.value)} />
        </label>
        <label>
          {t('bookService')}
          <select
            value={serviceId ?? ''}
            onChange={(e) => setServiceId(e.target.value === '' ? null : e.target.value)}
          >
            <option value="">{t('bookAllServices')}</option>
            {serviceOptions}
          </select>
        </label>
      </div>
      <p className="muted">{t('bookCapacityHint')}</p>
      {error && (
        <p className="error" role="alert">
          {refusalText(error, lang)}
        </p>
      )}
      {done && <p role="status">{done}</p>}
      {data?.holiday && <p className="muted">{t('bookHoliday')}</p>}
      {data && !data.holiday && data.slots.length === 0 && (
        <p className="muted">{t('bookNoSlots')}</p>
      )}
      {data && data.slots.length > 0 && (
        <table className="grid" data-testid="book-table">
          <thead>
            <tr>
              <th>{t('bookCode')}</th>
              <th>{t('bookService')}</th>
              <th>{t('bookPhone')}</th>
              <th>{t('bookChannel')}</th>
              <th>{t('bookStatus')}</th>
              <th />
            </tr>
          </thead>
          {data.slots.map((s) => {
            const inSlot = data.bookings.filter(
              (b) => b.serviceId === s.serviceId && b.slotAt === s.at,
            );
            return (
              <tbody key={`${s.serviceId}@${s.at}`}>
                <tr className="slot">
                  <th colSpan={6} scope="rowgroup">
                    {hhmm(s.at, tz)} · {nameOf(s.serviceId)} · {t('bookCapacity')} {s.capacity} ·{' '}
                    {t('bookBooked')} {s.booked} · {t('bookRemaining')} {s.remaining}
                  </th>
                </tr>
                {inSlot.length === 0 ? (
                  <tr>
                    <td colSpan={6} className="muted">
                      {t('bookNone')}
                    </td>
                  </tr>
                ) : (
                  inSlot.map(row)
                )}
              </tbody>
            );
          })}
        </table>
      )}
      {isAdmin && services.length > 0 && (
        <form
          className="toolbar"
          aria-label={t('bookAdd')}
          onSubmit={(e) => {
            e.preventDefault();
            void run({
              kind: 'add',
              serviceId: add.serviceId,
              slotAt: Number(add.slotAt),
              phone: add.phone.trim(),
            });
          }}
        >
          <label>
            {t('bookService')}
            <select
              value={add.serviceId}
              onChange={(e) => setAdd({ ...add, serviceId: e.target.value, slotAt: '' })}
            >
              <option value="">—</option>
              {serviceOptions}
            </select>
          </label>
          <label>
            {t('bookSlot')}
            <select value={add.slotAt} onChange={(e) => setAdd({ ...add, slotAt: e.target.value })}>
              <option value="">—</option>
              {addSlots.map((s) => (
                <option key={s.at} value={String(s.at)}>
                  {slotLabel(s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('bookPhone')}
            <input
              inputMode="numeric"
              value={add.phone}
              onChange={(e) => setAdd({ ...add, phone: e.target.value })}
            />
          </label>
          <button type="submit" disabled={add.serviceId === '' || add.slotAt === ''}>
            {t('bookAdd')}
          </button>
        </form>
      )}
    </section>
  );
}
