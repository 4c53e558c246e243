import { useContext, useEffect, useState } from 'react';
import type {
  ComplaintView,
  DeviceInfo,
  HallState,
  HealthLink,
  HealthResponse,
  HealthStore,
} from '@onestop/shared';
import type { AdminClient } from '../hub.js';
import { AssistClose, useHallNow } from '@onestop/app-common';
import { DayControl } from './DayControl.js';
import { buildMonitor, formatDuration, type Alert } from './monitor-model.js';
import { linkBadge } from './link-badge.js';
import { LangContext, useT, type StringKey } from '../strings.js';
import { dayIn, timeIn } from '../labels.js';
import { TodayRatings, useTodayRatings } from './TodayRatings.js';

/** How often the devices' reported status is read again (it is not pushed as an event). */
export const DEVICES_REFRESH_MS = 5_000;

/** The devices, read again every few seconds; `reload` reads them at once (after a change). */
export function useDevices(client: AdminClient): { devices: DeviceInfo[]; reload: () => void } {
  const [devices, setDevices] = useState<DeviceInfo[]>([]);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    const load = async () => {
      const ack = await client.command('list_devices', {});
      if (live && ack.ok) setDevices(ack.result.devices);
    };
    void load();
    const id = setInterval(() => void load(), DEVICES_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, [client, tick]);
  return { devices, reload: () => setTick((n) => n + 1) };
}

/** How often the open complaints are read again for their deadlines' alerts. */
export const CASES_REFRESH_MS = 60_000;

/**
 * The open complaints (their cases' deadlines), read again every minute and whenever a poor
 * rating opens one (`opened`: the mirror's count of today's complaints).
 */
export function useOpenCases(client: AdminClient, opened: number): ComplaintView[] {
  const [cases, setCases] = useState<ComplaintView[]>([]);
  useEffect(() => {
    let live = true;
    const load = async () => {
      const ack = await client.command('list_complaints', { filter: 'open' });
      if (live && ack.ok) setCases(ack.result.complaints);
    };
    void load();
    const id = setInterval(() => void load(), CASES_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, [client, opened]);
  return cases;
}

/**
 * The hub's word on its database and its region link (`GET /api/health` at `base`, with the
 * session's token: the full answer is the operator's), read again every few seconds: a deleted
 * database file or a lock held by another program is an alert. Null while unknown.
 */
export function useHealth(
  base: string,
  token: string,
): { store: HealthStore | null; link: HealthLink | null } {
  const [health, setHealth] = useState<{ store: HealthStore | null; link: HealthLink | null }>({
    store: null,
    link: null,
  });
  useEffect(() => {
    let live = true;
    const load = async () => {
      try {
        const res = await fetch(`${base}/api/health`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        const body = (await res.json()) as Partial<HealthResponse>;
        if (live) setHealth({ store: body.store ?? null, link: body.link ?? null });
      } catch {
        // The hub is unreachable: the connection state says so already.
      }
    };
    void load();
    const id = setInterval(() => void load(), DEVICES_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, [base, token]);
  return health;
}

const STATUS: Record<string, StringKey> = {
  open: 'open',
  paused: 'paused',
  closed: 'closed',
  called: 'called',
  serving: 'serving',
};

export function Monitor(props: {
  client: AdminClient;
  state: HallState;
  version: number;
  /** The hub's address and the session's token, for its health check. */
  base: string;
  token: string;
}) {
  const t = useT();
  const lang = useContext(LangContext);
  const now = useHallNow(props.client);
  const { devices } = useDevices(props.client);
  const { store, link } = useHealth(props.base, props.token);
  const { state } = props;
  const badge = linkBadge(link, lang, state.config.hall.timezone);
  const cases = useOpenCases(props.client, state.complaints.size);
  // Computed on every render: the clock ticks each second and the mirror changes in place.
  const model = buildMonitor(state, devices, now, store, cases);
  const today = state.day?.businessDay ?? dayIn(now, state.config.hall.timezone);
  const ratings = useTodayRatings(
    props.client,
    today,
    `${model.totals.served}/${state.complaints.size}`,
  );
  const minutes = (ms: number | null) =>
    ms === null ? '—' : `${Math.floor(ms / 60_000)} ${t('minutes')}`;

  return (
    <div className="monitor">
      <DayControl client={props.client} state={state} />
      <section className="kpis" aria-label="totals">
        <Kpi label={t('issued')} value={model.totals.issued} />
        <Kpi label={t('waiting')} value={model.totals.waiting} />
        <Kpi label={t('served')} value={model.totals.served} />
        <Kpi
          label={t('openWindows')}
          value={`${model.totals.openWindows} / ${model.windows.length}`}
        />
        <Kpi label={t('alerts')} value={model.alerts.length} warn={model.alerts.length > 0} />
      </section>
      <TodayRatings total={ratings} />
      {badge ? (
        <p className={`link-badge link-${badge.tone}`} data-testid="monitor-link">
          <b>{t('regionLink')}</b> {t(badge.key, badge.params)}
          {link?.state !== 'not_linked' && state.config.hall.withholdComplaintTexts ? (
            <small> · {t('withholdComplaintTexts')}</small>
          ) : null}
        </p>
      ) : null}
      <div className="monitor-grid">
        <section className="panel">
          <h2>{t('windows')}</h2>
          <table className="grid" data-testid="monitor-windows">
            <thead>
              <tr>
                <th>{t('window')}</th>
                <th>{t('state')}</th>
                <th>{t('clerk')}</th>
                <th>{t('currentTicket')}</th>
                <th>{t('ticketTime')}</th>
                <th>{t('howLong')}</th>
              </tr>
            </thead>
            <tbody>
              {model.windows.map((w) => (
                <tr key={w.windowId} className={`win-${w.status}`}>
                  <td>
                    <b>{w.number}</b> {t(w.name)}
                  </td>
                  <td>
                    <span className={`pill pill-${w.status}`}>
                      {t(STATUS[w.status] ?? 'closed')}
                    </span>
                  </td>
                  <td className="nowrap">
                    {w.staffName ? `${w.staffName} (${w.staffCode ?? ''})` : '—'}
                  </td>
                  <td className="ticket-cell">
                    {w.ticketNumber ?? '—'}
                    {w.ticketStatus && STATUS[w.ticketStatus] ? (
                      <small> {t(STATUS[w.ticketStatus] ?? 'called')}</small>
                    ) : null}
                  </td>
                  <td className="num nowrap">{formatDuration(w.ticketMs, lang)}</td>
                  <td className="num nowrap">
                    {w.status === 'closed' ? '—' : formatDuration(w.sinceMs, lang)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <div className="side">
          <section className="panel">
            <h2>{t('alerts')}</h2>
            {model.alerts.length === 0 ? (
              <p className="muted">{t('noAlerts')}</p>
            ) : (
              <ul className="alerts" data-testid="monitor-alerts">
                {model.alerts.map((a) => (
                  <AlertItem
                    key={`${a.kind}-${alertKey(a)}`}
                    alert={a}
                    timezone={state.config.hall.timezone}
                    client={props.client}
                  />
                ))}
              </ul>
            )}
          </section>
          <section className="panel">
            <h2>{t('services')}</h2>
            <table className="grid" data-testid="monitor-services">
              <thead>
                <tr>
                  <th>{t('service')}</th>
                  <th className="num">{t('waiting')}</th>
                  <th className="num">{t('longestWait')}</th>
                  <th className="num">{t('estimate')}</th>
                  <th className="num">{t('served')}</th>
                </tr>
              </thead>
              <tbody>
                {model.services.map((s) => (
                  <tr key={s.serviceId} className={s.enabled ? '' : 'dim'}>
                    <td>
                      <b>{s.prefix}</b> {t(s.name)}
                      {!s.enabled && <small> ({t('disabled')})</small>}
                    </td>
                    <td className="num">{s.waiting}</td>
                    <td
                      className={
                        s.longestWaitMs !== null &&
                        s.longestWaitMs > state.config.hall.policy.maxWaitMinutes * 60_000
                          ? 'num hot'
                          : 'num'
                      }
                    >
                      {minutes(s.longestWaitMs)}
                    </td>
                    <td className="num">
                      {s.waiting > 0 ? `${s.estimateMinutes} ${t('minutes')}` : '—'}
                    </td>
                    <td className="num">{s.served}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      </div>
    </div>
  );
}

function Kpi(props: { label: string; value: number | string; warn?: boolean }) {
  return (
    <div className={props.warn ? 'kpi warn' : 'kpi'}>
      <span className="kpi-value">{props.value}</span>
      <span className="kpi-label">{props.label}</span>
    </div>
  );
}

function alertKey(a: Alert): string {
  if ('complaintId' in a) return `${a.complaintId}-${a.stage}`;
  if ('requestId' in a) return a.requestId;
  if ('deviceId' in a) return a.deviceId;
  if ('windowId' in a) return a.windowId;
  if ('serviceId' in a) return a.serviceId;
  return 'store';
}

function AlertItem({
  alert,
  timezone,
  client,
}: {
  alert: Alert;
  timezone: string;
  client: AdminClient;
}) {
  const t = useT();
  const lang = useContext(LangContext);
  switch (alert.kind) {
    case 'long_wait':
      return (
        <li className="alert danger">
          <b>{t('alertLongWait')}</b> {t(alert.name)} {alert.ticketNumber}: {alert.minutes}{' '}
          {t('minutes')} &gt; {alert.limit}
        </li>
      );
    case 'long_pause':
      return (
        <li className="alert warn">
          <b>{t('alertLongPause')}</b> {t('window')} {alert.number}: {alert.minutes} {t('minutes')}
        </li>
      );
    case 'paper_out':
      return (
        <li className="alert danger">
          <b>{t('alertPaperOut')}</b> {alert.deviceName}
        </li>
      );
    case 'paper_low':
      return (
        <li className="alert warn">
          <b>{t('alertPaperLow')}</b> {alert.deviceName}
        </li>
      );
    case 'device_offline':
      return (
        <li className="alert danger">
          <b>{t('alertOffline')}</b> {alert.deviceName} {alert.detail}
        </li>
      );
    case 'device_error':
      return (
        <li className="alert danger">
          <b>{t('alertError')}</b> {alert.deviceName} {alert.detail}
        </li>
      );
    case 'store_lost':
      return (
        <li className="alert danger" data-testid="alert-store-lost">
          <b>{t('alertStoreLost')}</b>
          {alert.rescue ? (
            <>
              <br />
              {t('alertStoreRescue')}: <code>{alert.rescue}</code>
            </>
          ) : null}
          <br />
          <small>{alert.detail}</small>
        </li>
      );
    case 'store_busy':
      return (
        <li className="alert warn" data-testid="alert-store-busy">
          <b>{t('alertStoreBusy')}</b> {t('alertStoreWaiting')}: {alert.queued}
        </li>
      );
    case 'assist':
      return (
        <li
          className={alert.staffCode === null ? 'alert danger' : 'alert warn'}
          data-testid="alert-assist"
        >
          <b>{t('alertAssist')}</b> {alert.kioskName}{' '}
          {timeIn(alert.requestedAt, timezone).slice(11, 16)}
          {alert.staffCode === null ? (
            <button
              type="button"
              className="button small"
              onClick={() => void client.command('answer_assist', { requestId: alert.requestId })}
            >
              {t('assistAck')}
            </button>
          ) : (
            <span>
              {' '}
              · {t('alertAssistComing')} {alert.staffName}
            </span>
          )}
          <AssistClose
            lang={lang}
            buttonClass="button small"
            onClose={(reason) =>
              void client.command('close_assist', { requestId: alert.requestId, reason })
            }
          />
        </li>
      );
    case 'case_due':
      return (
        <li className={alert.overdue ? 'alert danger' : 'alert warn'} data-testid="alert-case">
          <b>{t(CASE_ALERT[alert.stage][alert.overdue ? 1 : 0])}</b> {alert.ticketNumber}:{' '}
          {timeIn(alert.dueAt, timezone).slice(5, 16)}
        </li>
      );
  }
}

/** An open case's alert by its stage: [due today, overdue]. */
const CASE_ALERT: Record<'callback' | 'rectify', [StringKey, StringKey]> = {
  callback: ['alertCallbackDue', 'alertCallbackOverdue'],
  rectify: ['alertRectifyDue', 'alertRectifyOverdue'],
};
