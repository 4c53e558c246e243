/*
 * The live monitor's model: what every window and service is doing and what needs attention,
 * computed from the HubClient mirror (`HallState`) and the devices' reported status. Pure.
 */
import {
  businessDayOf,
  estimateWait,
  t,
  type ComplaintView,
  type DeviceInfo,
  type HallState,
  type HealthStore,
  type I18nText,
  type Lang,
  type PauseReason,
  type TicketStatus,
  type WindowStatus,
} from '@onestop/shared';

/** A window paused longer than this is an alert (the policy has no such setting yet). */
export const PAUSE_ALERT_MINUTES = 15;
const MINUTE = 60_000;

export interface WindowRow {
  windowId: string;
  number: number;
  name: I18nText;
  status: WindowStatus;
  pauseReason: PauseReason | null;
  staffCode: string | null;
  staffName: string | null;
  ticketNumber: string | null;
  ticketStatus: TicketStatus | null;
  /** Since the window's last change (opened, paused, ...). */
  sinceMs: number | null;
  /** Since the current ticket was called (or started). */
  ticketMs: number | null;
}

export interface ServiceRow {
  serviceId: string;
  prefix: string;
  name: I18nText;
  enabled: boolean;
  waiting: number;
  longestWaitMs: number | null;
  estimateMinutes: number;
  openWindows: number;
  served: number;
}

export type Alert =
  | {
      kind: 'long_wait';
      serviceId: string;
      name: I18nText;
      ticketNumber: string;
      minutes: number;
      limit: number;
    }
  | {
      kind: 'long_pause';
      windowId: string;
      number: number;
      minutes: number;
      reason: PauseReason | null;
    }
  | { kind: 'paper_out'; deviceId: string; deviceName: string }
  | { kind: 'paper_low'; deviceId: string; deviceName: string }
  | { kind: 'device_offline'; deviceId: string; deviceName: string; detail: string }
  | { kind: 'device_error'; deviceId: string; deviceName: string; detail: string }
  /** The hub's database files were deleted or replaced: it takes no changes until restarted. */
  | { kind: 'store_lost'; detail: string; rescue: string | null }
  /** Another program holds the database's write lock: commands wait, then are refused. */
  | { kind: 'store_busy'; queued: number }
  /**
   * An open complaint's call-back (回访核实) or rectification with feedback (整改反馈) is due on
   * the hall's business day of now, or overdue.
   */
  /** 帮办代办: a kiosk called the staff; open until someone answers, then who is on the way. */
  | {
      kind: 'assist';
      requestId: string;
      kioskName: string;
      requestedAt: number;
      staffCode: string | null;
      staffName: string | null;
    }
  | {
      kind: 'case_due';
      stage: 'callback' | 'rectify';
      overdue: boolean;
      complaintId: string;
      ticketNumber: string;
      dueAt: number;
    };

export interface MonitorModel {
  windows: WindowRow[];
  services: ServiceRow[];
  alerts: Alert[];
  totals: { issued: number; waiting: number; served: number; openWindows: number };
}

export interface ReportedStatus {
  state?: unknown;
  detail?: unknown;
  printer?: { paper?: unknown; online?: unknown } | null;
}

export function reported(status: unknown): ReportedStatus {
  return typeof status === 'object' && status !== null ? status : {};
}

/**
 * `store` is the hub's own word on its database (`/api/health`), null while not known: a lost
 * or locked database comes first among the alerts. `cases` are the open complaints
 * (`list_complaints`): each deadline due today or past is an alert, judged at `now`.
 */
export function buildMonitor(
  state: HallState,
  devices: readonly DeviceInfo[],
  now: number,
  store: HealthStore | null = null,
  cases: readonly ComplaintView[] = [],
): MonitorModel {
  const { config } = state;
  const staffName = new Map(config.staff.map((s) => [s.code, s.name]));
  const windows: WindowRow[] = [...config.windows]
    .sort((a, b) => a.number - b.number)
    .map((w) => {
      const ws = state.windows.get(w.id);
      const ticket = ws?.currentTicketId ? state.tickets.get(ws.currentTicketId) : undefined;
      const ticketSince = ticket ? (ticket.startedAt ?? ticket.calledAt) : null;
      return {
        windowId: w.id,
        number: w.number,
        name: w.name,
        status: ws?.status ?? 'closed',
        pauseReason: ws?.pauseReason ?? null,
        staffCode: ws?.staffCode ?? null,
        staffName: ws?.staffCode ? (staffName.get(ws.staffCode) ?? null) : null,
        ticketNumber: ticket?.number ?? null,
        ticketStatus: ticket?.status ?? null,
        sinceMs: ws?.since !== null && ws?.since !== undefined ? Math.max(0, now - ws.since) : null,
        ticketMs: ticketSince !== null ? Math.max(0, now - ticketSince) : null,
      };
    });

  const limit = config.hall.policy.maxWaitMinutes;
  const alerts: Alert[] = [];
  if (store?.state === 'lost') {
    alerts.push({ kind: 'store_lost', detail: store.message, rescue: store.rescue });
  } else if (store?.state === 'busy') {
    alerts.push({ kind: 'store_busy', queued: store.queued });
  }
  const services: ServiceRow[] = config.services.map((s) => {
    let oldest: { queuedAt: number; number: string } | null = null;
    let served = 0;
    for (const t of state.tickets.values()) {
      if (t.status === 'waiting' && t.queueServiceIds.includes(s.id)) {
        if (!oldest || t.queuedAt < oldest.queuedAt)
          oldest = { queuedAt: t.queuedAt, number: t.number };
      }
      if (t.status === 'done' && t.serviceId === s.id) served += 1;
    }
    const estimate = estimateWait(state, s.id, now);
    const longestWaitMs = oldest ? Math.max(0, now - oldest.queuedAt) : null;
    if (oldest && longestWaitMs !== null && longestWaitMs > limit * MINUTE) {
      alerts.push({
        kind: 'long_wait',
        serviceId: s.id,
        name: s.name,
        ticketNumber: oldest.number,
        minutes: Math.floor(longestWaitMs / MINUTE),
        limit,
      });
    }
    return {
      serviceId: s.id,
      prefix: s.prefix,
      name: s.name,
      enabled: s.enabled,
      waiting: estimate.waiting,
      longestWaitMs,
      estimateMinutes: estimate.minutes,
      openWindows: estimate.openWindows,
      served,
    };
  });

  for (const w of windows) {
    if (w.status === 'paused' && w.sinceMs !== null && w.sinceMs > PAUSE_ALERT_MINUTES * MINUTE) {
      alerts.push({
        kind: 'long_pause',
        windowId: w.windowId,
        number: w.number,
        minutes: Math.floor(w.sinceMs / MINUTE),
        reason: w.pauseReason,
      });
    }
  }

  for (const d of devices) {
    if (d.revokedAt !== null || d.pairedAt === null) continue;
    const s = reported(d.status);
    const detail = typeof s.detail === 'string' ? s.detail : '';
    if (s.printer?.paper === 'out')
      alerts.push({ kind: 'paper_out', deviceId: d.id, deviceName: d.name });
    else if (s.printer?.paper === 'near_end')
      alerts.push({ kind: 'paper_low', deviceId: d.id, deviceName: d.name });
    if (s.state === 'offline' || s.printer?.online === false) {
      alerts.push({ kind: 'device_offline', deviceId: d.id, deviceName: d.name, detail });
    } else if (s.state === 'error' && s.printer?.paper !== 'out') {
      alerts.push({ kind: 'device_error', deviceId: d.id, deviceName: d.name, detail });
    }
  }

  alerts.push(...caseAlerts(cases, now, config.hall.timezone));
  alerts.unshift(...assistAlerts(state));

  let issued = 0;
  let waiting = 0;
  let servedTotal = 0;
  for (const t of state.tickets.values()) {
    issued += 1;
    if (t.status === 'waiting') waiting += 1;
    if (t.status === 'done') servedTotal += 1;
  }
  return {
    windows,
    services,
    alerts,
    totals: {
      issued,
      waiting,
      served: servedTotal,
      openWindows: windows.filter((w) => w.status === 'open').length,
    },
  };
}

/**
 * How long, for the monitor's cells, in words so it does not read as a time of day: `17 分 15 秒`
 * / `17 min 15 s`, `1 小时 05 分` / `1 h 05 min`.
 */
export function formatDuration(ms: number | null, lang: Lang): string {
  if (ms === null) return '—';
  const total = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  // Over an hour the seconds no longer matter; the minutes keep two digits (1 h 05 min).
  if (h > 0) return t('admin.durationHours', lang, { h, m: pad(m) });
  if (m > 0) return t('admin.durationMinutes', lang, { m, s: pad(s) });
  return t('admin.durationSeconds', lang, { s });
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The deadlines of open cases that need attention at `now`: a call-back not yet made, or a case
 * not yet closed, due on the hall's business day of `now` (due soon) or already past (overdue).
 * Overdue first, then the earliest due.
 */
export function caseAlerts(
  cases: readonly ComplaintView[],
  now: number,
  timezone: string,
): Alert[] {
  const today = businessDayOf(now, timezone);
  const alerts: Extract<Alert, { kind: 'case_due' }>[] = [];
  const check = (c: ComplaintView, stage: 'callback' | 'rectify', dueAt: number) => {
    const overdue = now > dueAt;
    if (overdue || businessDayOf(dueAt, timezone) === today) {
      alerts.push({
        kind: 'case_due',
        stage,
        overdue,
        complaintId: c.id,
        ticketNumber: c.ticketNumber,
        dueAt,
      });
    }
  };
  for (const c of cases) {
    if (c.status !== 'open') continue;
    if (c.callback === null) check(c, 'callback', c.callbackDueAt);
    check(c, 'rectify', c.deadlineAt);
  }
  return alerts.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt - b.dueAt);
}

/**
 * 帮办代办: the kiosks' calls for help not yet served, first among the alerts (a visitor waits at
 * the kiosk): the open ones first, then those answered, each in the order called.
 */
export function assistAlerts(state: HallState): Extract<Alert, { kind: 'assist' }>[] {
  const staffName = new Map(state.config.staff.map((s) => [s.code, s.name]));
  return [...state.assists.values()]
    .filter((a) => a.status === 'open' || a.status === 'answered')
    .sort(
      (a, b) =>
        Number(a.status === 'answered') - Number(b.status === 'answered') ||
        a.requestedAt - b.requestedAt,
    )
    .map((a) => ({
      kind: 'assist',
      requestId: a.id,
      kioskName: a.kioskName,
      requestedAt: a.requestedAt,
      staffCode: a.staffCode,
      staffName: a.staffCode === null ? null : (staffName.get(a.staffCode) ?? a.staffCode),
    }));
}
