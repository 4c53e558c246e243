import { useContext, useEffect, useState, type FormEvent } from 'react';
import {
  hallInstant,
  minuteOfDayOf,
  t as hallText,
  type AuditEntry,
  type AuditMessage,
  type AuditResult,
  type HallConfig,
  type HallState,
  type Lang,
  type SequencedEvent,
  refusalText,
  type Refusal,
} from '@onestop/shared';
import { configChangeText, diffLines } from './config-diff-text.js';
import { detailsText, rawDetails } from './audit-details.js';
import { download, toCsv } from '../csv.js';
import type { AdminClient } from '../hub.js';
import { dayIn, timeIn } from '../labels.js';
import { useDevices } from '../monitor/Monitor.js';
import { LangContext, useT } from '../strings.js';

const EVENT_TYPES: SequencedEvent['type'][] = [
  'day_opened',
  'day_closed',
  'ticket_issued',
  'ticket_called',
  'ticket_recalled',
  'service_started',
  'service_finished',
  'ticket_no_show',
  'ticket_requeued',
  'ticket_transferred',
  'ticket_parked',
  'ticket_unparked',
  'ticket_cancelled',
  'remote_confirmed',
  'remote_at_head',
  'ticket_expired',
  'window_opened',
  'window_paused',
  'window_resumed',
  'window_closed',
  'rating_recorded',
  'complaint_opened',
  'config_changed',
  'device_renamed',
  'device_unpaired',
  'staff_pin_reset',
  'complaint_entered',
  'complaint_followed_up',
  'staff_unlocked',
  'instruction_received',
  'instruction_answered',
  'platform_upload_resent',
  'booking_changed',
  'outbox_resent',
];

/** The time of `YYYY-MM-DDTHH:MM` in the hall's timezone (the hall's clock, not the browser's). */
export function zonedTime(local: string, timeZone: string): number {
  const [day = '', time = ''] = local.split('T');
  return hallInstant(day, minuteOfDayOf(time), timeZone);
}

/**
 * Who did it: a staff code (at the device's name when at a terminal), a device by its name, or
 * the system. Device names come from `list_devices` (admins); a supervisor sees the device's
 * kind and the start of its id.
 */
export function actorText(
  entry: AuditEntry,
  system: string,
  deviceName: (id: string) => string | null,
  lang: Lang,
): string {
  const a = entry.actor;
  const device = (id: string) => deviceName(id) ?? id.slice(0, 8);
  if (a.kind === 'staff')
    return a.deviceId ? `${a.staffCode} @ ${device(a.deviceId)}` : a.staffCode;
  if (a.kind === 'device') {
    const name = deviceName(a.deviceId);
    return name ?? `${hallText(`device_kind.${a.deviceKind}`, lang)} ${a.deviceId.slice(0, 8)}`;
  }
  if (a.kind === 'visitor') return hallText('ratings.channel.qr', lang);
  return system;
}

export function Audit(props: { client: AdminClient; state: HallState }) {
  const t = useT();
  const lang = useContext(LangContext);
  const { devices } = useDevices(props.client);
  const deviceName = (id: string) => devices.find((d) => d.id === id)?.name ?? null;
  const who = (x: AuditEntry) => actorText(x, t('system'), deviceName, lang);
  const tz = props.state.config.hall.timezone;
  const [today] = useState(() => props.state.day?.businessDay ?? dayIn(Date.now(), tz));
  const [from, setFrom] = useState(`${today}T00:00`);
  const [to, setTo] = useState(`${today}T23:59`);
  const [ticket, setTicket] = useState('');
  const [windowId, setWindowId] = useState('');
  const [staff, setStaff] = useState('');
  const [type, setType] = useState('');
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<Refusal | null>(null);
  const [searched, setSearched] = useState(false);

  /** Newest first: a page of the latest matches, then older ones before `beforeSeq`. */
  const query = (beforeSeq: number | null): Omit<AuditMessage, 'commandId'> => {
    const ticketText = ticket.trim().toUpperCase();
    return {
      from: zonedTime(from, tz),
      to: zonedTime(to, tz) + 59_999,
      // A bare number (A001) is today's ticket.
      ticketId:
        ticketText === '' ? null : ticketText.includes('/') ? ticketText : `${today}/${ticketText}`,
      windowId: windowId || null,
      staffCode: staff.trim() || null,
      type: type || null,
      afterSeq: 0,
      order: 'newest_first',
      beforeSeq,
      limit: 200,
    };
  };
  const shown = (result: AuditResult, before: AuditEntry[]) => {
    setError(null);
    setSearched(true);
    setEntries([...before, ...result.entries]);
    setMore(result.more);
  };

  // On open: today's latest events at once, no search needed.
  const [opening] = useState(() => query(null));
  const { client } = props;
  useEffect(() => {
    let live = true;
    void client.command('audit', opening).then((ack) => {
      if (!live) return;
      if (ack.ok) {
        setSearched(true);
        setEntries(ack.result.entries);
        setMore(ack.result.more);
      } else setError(ack.error);
    });
    return () => {
      live = false;
    };
  }, [client, opening]);

  const search = async (e: FormEvent | null, append: boolean) => {
    e?.preventDefault();
    const before = append ? (entries.at(-1)?.event.seq ?? null) : null;
    const ack = await client.command('audit', query(before));
    if (!ack.ok) {
      setError(ack.error);
      return;
    }
    shown(ack.result, append ? entries : []);
  };

  const words = (x: AuditEntry) =>
    x.event.type === 'config_changed'
      ? configChangeText(x.event.config, x.configDiff, lang)
      : detailsText(x.event, props.state.config, lang, tz);

  const exportCsv = () => {
    const rows = entries.map((x) => [
      x.event.seq,
      timeIn(x.event.at, tz),
      x.event.type,
      who(x),
      words(x),
      JSON.stringify(x.event),
    ]);
    download(
      `onestop-audit-${today}.csv`,
      toCsv(['seq', t('time'), t('event'), t('actor'), t('details'), t('rawData')], rows),
    );
  };

  return (
    <div className="audit">
      <form className="toolbar" onSubmit={(e) => void search(e, false)}>
        <label>
          {t('from')}
          <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('to')}
          <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          {t('ticket')}
          <input
            className="narrow"
            name="ticket"
            value={ticket}
            placeholder="A001"
            onChange={(e) => setTicket(e.target.value)}
          />
        </label>
        <label>
          {t('window')}
          <select value={windowId} onChange={(e) => setWindowId(e.target.value)}>
            <option value="">{t('all')}</option>
            {props.state.config.windows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.number}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('staff')}
          <input className="narrow" value={staff} onChange={(e) => setStaff(e.target.value)} />
        </label>
        <label>
          {t('event')}
          <select name="type" value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">{t('all')}</option>
            {EVENT_TYPES.map((x) => (
              <option key={x} value={x}>
                {hallText(`audit.event.${x}`, lang)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('search')}</button>
        <button
          type="button"
          className="secondary"
          disabled={entries.length === 0}
          onClick={exportCsv}
        >
          {t('exportCsv')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {refusalText(error, lang)}
        </p>
      )}
      <section className="panel">
        <p className="muted hint">{t('newestFirst')}</p>
        <table className="grid" data-testid="audit-table">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>{t('time')}</th>
              <th>{t('event')}</th>
              <th>{t('actor')}</th>
              <th>{t('details')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((x) => (
              <tr key={x.event.seq}>
                <td className="num">{x.event.seq}</td>
                <td className="nowrap">{timeIn(x.event.at, tz)}</td>
                <td data-type={x.event.type}>{hallText(`audit.event.${x.event.type}`, lang)}</td>
                <td>{who(x)}</td>
                {x.event.type === 'config_changed' ? (
                  <ConfigChangeCell entry={x} config={x.event.config} lang={lang} />
                ) : (
                  <td className="details">
                    <span>{detailsText(x.event, props.state.config, lang, tz)}</span>{' '}
                    <details className="raw">
                      <summary>{t('rawData')}</summary>
                      <code className="mono">{rawDetails(x.event)}</code>
                    </details>
                  </td>
                )}
              </tr>
            ))}
            {searched && entries.length === 0 && (
              <tr>
                <td colSpan={5} className="muted empty">
                  {t('noMatches')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {more && (
          <button type="button" className="secondary" onClick={() => void search(null, true)}>
            {t('moreEarlier')}
          </button>
        )}
      </section>
    </div>
  );
}

/** At most this many lines of a configuration change in its row; all of them on hover. */
const DIFF_LINES_SHOWN = 6;

function ConfigChangeCell(props: { entry: AuditEntry; config: HallConfig; lang: Lang }) {
  const { entry, config, lang } = props;
  const full = configChangeText(config, entry.configDiff, lang);
  if (entry.configDiff === null || entry.configDiff === undefined)
    return <td className="mono clip">{full}</td>;
  const lines = diffLines(entry.configDiff, lang);
  const left = lines.length - DIFF_LINES_SHOWN;
  return (
    <td className="mono config-diff" title={full}>
      {lines.slice(0, left > 1 ? DIFF_LINES_SHOWN : lines.length).map((line, i) => (
        <div key={i} className="clip">
          {line}
        </div>
      ))}
      {left > 1 && (
        <div className="muted">{hallText('audit.linesInAll', lang, { n: lines.length })}</div>
      )}
    </td>
  );
}
