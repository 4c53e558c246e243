import { useCallback, useContext, useEffect, useState } from 'react';
import {
  refusalText,
  type HallState,
  type ListPlatformUploadsMessage,
  type ListPlatformUploadsResult,
  type PlatformUploadView,
  type ProtocolError,
} from '@onestop/shared';
import type { AdminClient } from '../hub.js';
import { timeIn } from '../labels.js';
import { LangContext, useT, type StringKey } from '../strings.js';

type Filter = ListPlatformUploadsMessage['filter'];

const FILTERS: readonly { filter: Filter; label: StringKey }[] = [
  { filter: 'waiting', label: 'uploadWaiting' },
  { filter: 'refused', label: 'uploadRefused' },
  { filter: 'sent', label: 'uploadSent' },
  { filter: 'all', label: 'uploadAll' },
];

/** How often the view reads the outbox again while open (the uploader works on its own). */
const REFRESH_MS = 10_000;

/**
 * 好差评上报: what waits for the provincial platform, what it took (with its receipt) and what
 * it refused (with its reason); an admin sends a refused record again (docs/RATINGS.md).
 */
export function Uploads(props: { client: AdminClient; state: HallState; isAdmin: boolean }) {
  const t = useT();
  const lang = useContext(LangContext);
  const { client, state, isAdmin } = props;
  const tz = state.config.hall.timezone;
  const [filter, setFilter] = useState<Filter>('waiting');
  const [data, setData] = useState<ListPlatformUploadsResult | null>(null);
  const [error, setError] = useState<ProtocolError | null>(null);

  const load = useCallback(() => {
    void client.command('list_platform_uploads', { filter }).then((ack) => {
      if (ack.ok) {
        setData(ack.result);
        setError(null);
      } else if ('issues' in ack.error) setError(ack.error);
      else setError({ code: 'internal', message: ack.error.message });
    });
  }, [client, filter]);
  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    // A rating or a case's step may have brought a record: read the list again.
    const off = client.onEvents((events) => {
      if (events.some((e) => e.type === 'rating_recorded' || e.type.startsWith('complaint_'))) {
        load();
      }
    });
    return () => {
      clearInterval(timer);
      off();
    };
  }, [client, load]);

  const resend = async (record: PlatformUploadView) => {
    const ack = await client.command('resend_platform_upload', { recordId: record.id });
    if (!ack.ok) {
      setError(
        'issues' in ack.error ? ack.error : { code: 'internal', message: ack.error.message },
      );
    }
    load();
  };

  if (data === null) {
    return error ? <p role="alert">{refusalText(error, lang)}</p> : <p className="muted">…</p>;
  }
  const { settings, counts, records } = data;
  return (
    <section aria-labelledby="uploads-title" className="uploads">
      <h2 id="uploads-title">{t('tabUploads')}</h2>
      {settings === null ? (
        <p className="muted">{t('uploadOff')}</p>
      ) : (
        <p className="muted">
          {t('uploadTo', { url: settings.url, id: settings.platformId })}
          {settings.enabled ? '' : ` · ${t('uploadPaused')}`}
        </p>
      )}
      <div className="toolbar" role="group" aria-label={t('uploadStatus')}>
        {FILTERS.map((f) => (
          <button
            key={f.filter}
            type="button"
            className={filter === f.filter ? 'chip active' : 'chip'}
            aria-pressed={filter === f.filter}
            onClick={() => setFilter(f.filter)}
          >
            {f.filter === 'all' ? t(f.label) : t(f.label, { n: counts[f.filter] })}
          </button>
        ))}
      </div>
      {error && (
        <p className="error" role="alert">
          {refusalText(error, lang)}
        </p>
      )}
      <table className="grid" data-testid="uploads-table">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>{t('uploadKind')}</th>
            <th>{t('uploadRating')}</th>
            <th className="num">{t('uploadLevel')}</th>
            <th>{t('uploadStatus')}</th>
            <th className="num">{t('uploadTries')}</th>
            <th>{t('uploadDetail')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {records.length === 0 && (
            <tr>
              <td colSpan={8} className="muted">
                {t('uploadEmpty')}
              </td>
            </tr>
          )}
          {records.map((r) => (
            <tr key={r.id} className={r.status === 'refused' ? 'overdue' : undefined}>
              <td className="num">{r.id}</td>
              <td>{t(`uploadKind.${r.kind}`)}</td>
              <td>
                {/* `<hall id>/<day>/<ticket number>/<finished at>`: the ticket, and its case if any. */}
                {r.ratingId.split('/').slice(1, 3).join('/')}
                {r.caseId === null ? '' : ` · ${r.caseId}`}
                <br />
                <span className="muted">{timeIn(r.createdAt, tz)}</span>
              </td>
              <td className="num">{r.level}</td>
              <td>{t(`uploadStatus.${r.status}`)}</td>
              <td className="num">{r.attempts}</td>
              <td>
                {r.status === 'sent'
                  ? `${r.receipt ?? ''}${r.sentAt === null ? '' : ` · ${timeIn(r.sentAt, tz)}`}`
                  : r.credentialsRefused
                    ? `${t('uploadCredentials')}: ${r.error ?? ''}`
                    : (r.error ?? '')}
              </td>
              <td>
                {r.status === 'refused' && isAdmin ? (
                  <button type="button" onClick={() => void resend(r)}>
                    {t('uploadResend')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
