import { useCallback, useContext, useEffect, useState } from 'react';
import {
  OUTBOX_VIEW_STATUSES,
  refusalText,
  type HallState,
  type ListOutboxResult,
  type OutboxView,
  type OutboxViewStatus,
  type Refusal,
  type ResendOutboxResult,
} from '@onestop/shared';
import type { CommandOutcome } from '@onestop/shared/client';
import type { AdminClient } from '../hub.js';
import { timeIn } from '../labels.js';
import { LangContext, useT } from '../strings.js';

/** What the outbox asks of the hub: today's rows, and an admin's "send again". */
export interface OutboxApi {
  list(status: OutboxViewStatus | null): Promise<CommandOutcome<ListOutboxResult>>;
  resend(row: OutboxView): Promise<CommandOutcome<ResendOutboxResult>>;
}

export function outboxApi(client: AdminClient): OutboxApi {
  return {
    list: (status) => client.command('list_outbox', { status }),
    resend: (row) => client.command('resend_outbox', { source: row.source, id: row.id }),
  };
}

/** How often the view reads the outbox again while open (the sender works on its own). */
const REFRESH_MS = 10_000;

/** Today's rows of one status (or all), read now and every `REFRESH_MS`, and the last refusal. */
function useOutboxRows(api: OutboxApi, status: OutboxViewStatus | null) {
  const [rows, setRows] = useState<OutboxView[] | null>(null);
  const [error, setError] = useState<Refusal | null>(null);
  const reload = useCallback(() => {
    void api.list(status).then((ack) => (ack.ok ? setRows(ack.result.rows) : setError(ack.error)));
  }, [api, status]);
  useEffect(() => {
    reload();
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return { rows, error, setError, reload };
}

/**
 * 通知: today's messages to visitors and the case alerts, with provider, tries and last error;
 * an admin sends a failed one again (docs/VISITORS.md, "The messages in the console"). A
 * supervisor reads it.
 */
export function Outbox(props: { api: OutboxApi; state: HallState; isAdmin: boolean }) {
  const t = useT();
  const lang = useContext(LangContext);
  const [status, setStatus] = useState<OutboxViewStatus | null>(null);
  const { rows, error, setError, reload } = useOutboxRows(props.api, status);
  const { isAdmin } = props;
  const tz = props.state.config.hall.timezone;

  const resend = async (row: OutboxView) => {
    const ack = await props.api.resend(row);
    setError(ack.ok ? null : ack.error);
    reload();
  };

  const filters: readonly (OutboxViewStatus | null)[] = [null, ...OUTBOX_VIEW_STATUSES];
  return (
    <section aria-labelledby="outbox-title" className="outbox">
      <h2 id="outbox-title">{t('tabOutbox')}</h2>
      {!isAdmin && <p className="muted">{t('outboxReadOnly')}</p>}
      <div className="toolbar" role="group" aria-label={t('outboxFilter')}>
        {filters.map((f) => (
          <button
            key={f ?? 'all'}
            type="button"
            className={status === f ? 'chip active' : 'chip'}
            aria-pressed={status === f}
            onClick={() => setStatus(f)}
          >
            {f === null ? t('outboxAll') : t(`outboxStatus.${f}`)}
          </button>
        ))}
      </div>
      {error && (
        <p className="error" role="alert">
          {refusalText(error, lang)}
        </p>
      )}
      <table className="grid" data-testid="outbox-table">
        <thead>
          <tr>
            <th>{t('outboxKind')}</th>
            <th>{t('outboxSubject')}</th>
            <th>{t('outboxPhone')}</th>
            <th>{t('outboxProvider')}</th>
            <th>{t('outboxStatus')}</th>
            <th className="num">{t('outboxAttempts')}</th>
            <th>{t('outboxDetail')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows?.length === 0 && (
            <tr>
              <td colSpan={8} className="muted">
                {t('outboxEmpty')}
              </td>
            </tr>
          )}
          {rows?.map((r) => (
            <tr
              key={`${r.source}-${r.id}`}
              className={r.status === 'failed' ? 'overdue' : undefined}
            >
              <td>
                {t(`outboxKind.${r.kind}`)}
                <br />
                <span className="muted">{timeIn(r.createdAt, tz)}</span>
              </td>
              <td>{r.subject}</td>
              <td>{r.phoneMasked ?? '—'}</td>
              <td>{t(`outboxProvider.${r.channel}`)}</td>
              <td>{t(`outboxStatus.${r.status}`)}</td>
              <td className="num">{r.attempts}</td>
              <td>{r.lastError ?? ''}</td>
              <td>
                {r.status === 'failed' && isAdmin && (
                  <button type="button" onClick={() => void resend(r)}>
                    {t('outboxResend')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
