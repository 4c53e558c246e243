import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  errorMessage,
  PAUSE_REASONS,
  t,
  type ClientErrorCode,
  type CommandInput,
  type CommandName,
  type CommandResultOf,
  type ConnectionState,
  type DomainEvent,
  type ErrorCode,
  type HallState,
  type Lang,
  type Millis,
  type PauseReason,
  type StaffIdentity,
  type Ticket,
  type WindowStatus,
} from '@onestop/shared';
import type { CommandOutcome } from '@onestop/shared/client';
import { hallLang, otherLang } from '@onestop/app-common';
import { duration, tx, type TextKey } from '../common/texts.js';
import {
  availability,
  canCall,
  currentTicketOf,
  parkedAt,
  queueOf,
  SHORTCUTS,
  type ActionId,
  type Availability,
} from './model.js';
import { DayPanel } from './DayPanel.js';

/** What the terminal needs of the hub: `HubClient<'window'>` is one. */
export interface WindowPort {
  command<E extends CommandName<'window'>>(
    event: E,
    input: CommandInput<'window', E>,
  ): Promise<CommandOutcome<CommandResultOf<'window', E>>>;
  /** The hall's events as the mirror applies them (live, or replayed after a reconnect). */
  onEvents(listener: (events: readonly DomainEvent[]) => void): () => void;
}

export interface TerminalProps {
  port: WindowPort;
  /** The mirror of the hall; null until the first sync. */
  state: HallState | null;
  windowId: string;
  connection: ConnectionState;
  now: Millis;
  initialStaff?: StaffIdentity | null;
  /** The login's token (`staff_login`'s `session`), kept by the page to resume after a reconnect. */
  initialSession?: string | null;
  onStaffChange?: (staff: StaffIdentity | null, session: string | null) => void;
  /** The clerk's language until they switch; by default the hall's (hall.languages[0]). */
  initialLang?: Lang;
  /** Actions pressed on a hardware call pad, delivered one by one. */
  padAction?: { action: PadAction; seq: number } | null;
}

/** What a hardware call pad's keys can ask for. */
export type PadAction = 'call_next' | 'recall' | 'pause' | 'finish';

type Dialog = 'transfer' | 'park' | 'pause' | null;
type AnyError = ErrorCode | ClientErrorCode;
/** A refusal to show: its code, and the action it refused (worded as that action's button). */
interface Shown {
  code: AnyError;
  action: ActionId | null;
}

/** The hub's answers that a clerk's login is gone for good: back to the login form, with why. */
const SESSION_GONE: ReadonlySet<AnyError> = new Set<AnyError>([
  'session_expired',
  'session_ended',
  'session_pin_changed',
  'session_staff_disabled',
]);

/** Destructive actions: drawn apart from the others (outlined in red), not like recall. */
const DESTRUCTIVE: ReadonlySet<ActionId> = new Set<ActionId>(['no_show', 'close']);

const LABEL: Record<ActionId, TextKey> = {
  call_next: 'action.call_next',
  recall: 'action.recall',
  start_serving: 'action.start_serving',
  finish: 'action.finish',
  no_show: 'action.no_show',
  put_back: 'action.put_back',
  transfer: 'action.transfer',
  park: 'action.park',
  pause: 'action.pause',
  resume: 'action.resume',
  open: 'action.open',
  close: 'action.close',
};

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function Terminal(props: TerminalProps) {
  const { port, state, windowId, connection, now } = props;
  // The clerk's pick of the one-touch switch; null: the hall's default, again after a logout.
  const [langChoice, setLangChoice] = useState<Lang | null>(props.initialLang ?? null);
  const lang = langChoice ?? hallLang(state);
  const [staff, setStaffState] = useState<StaffIdentity | null>(props.initialStaff ?? null);
  const [shown, setShown] = useState<Shown | null>(null);
  const setError = useCallback(
    (code: AnyError | null, action: ActionId | null = null) =>
      setShown(code === null ? null : { code, action }),
    [],
  );
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const onStaffChange = props.onStaffChange;
  // The login's token: read when the connection comes back, never shown.
  const session = useRef<string | null>(props.initialSession ?? null);

  const setStaff = useCallback(
    (next: StaffIdentity | null, nextSession: string | null = null) => {
      setStaffState(next);
      session.current = next === null ? null : nextSession;
      if (next === null) {
        setLangChoice(null);
        setDialog(null);
      }
      onStaffChange?.(next, session.current);
    },
    [onStaffChange],
  );

  /**
   * Picks the clerk's login up again (after a reconnect: the hub may have restarted). A login
   * that is gone for good shows the login form at once, saying why.
   */
  const resume = useCallback(async (): Promise<boolean> => {
    const token = session.current;
    if (token === null) return false;
    const outcome = await port.command('staff_resume', { session: token });
    if (session.current !== token) return false; // logged out or in again meanwhile
    if (outcome.ok) return true;
    if (SESSION_GONE.has(outcome.error.code)) {
      setStaff(null);
      setError(outcome.error.code);
    }
    return false;
  }, [port, setStaff, setError]);

  /** Sends one command; a refusal is shown in words, a lost login asks for the login again. */
  const send = useCallback(
    async <E extends CommandName<'window'>>(
      event: E,
      input: CommandInput<'window', E>,
    ): Promise<boolean> => {
      setBusy(true);
      setError(null);
      let outcome = await port.command(event, input);
      // Sent before the login was picked up again after a reconnect: pick it up, send again.
      if (!outcome.ok && outcome.error.code === 'not_logged_in' && session.current !== null) {
        if (await resume()) outcome = await port.command(event, input);
        else if (session.current === null) {
          setBusy(false); // the login is gone: `resume` showed the login form, saying why
          return false;
        }
      }
      setBusy(false);
      if (outcome.ok) return true;
      setError(outcome.error.code);
      if (outcome.error.code === 'not_logged_in' || SESSION_GONE.has(outcome.error.code)) {
        setStaff(null);
      }
      return false;
    },
    [port, setStaff, setError, resume],
  );

  // Each time the connection comes (back), the login is picked up again before anything else.
  const wasOffline = useRef(true);
  useEffect(() => {
    if (connection !== 'syncing' && connection !== 'online') {
      wasOffline.current = true;
      return;
    }
    if (!wasOffline.current) return;
    wasOffline.current = false;
    void resume();
  }, [connection, resume]);

  // A clerk disabled in the console is logged out by the hub at once; the mirror says so here.
  const disabled =
    staff !== null &&
    state !== null &&
    !state.config.staff.some((s) => s.code === staff.code && s.active);
  const [ended, setEnded] = useState(false);
  useEffect(() => {
    if (!disabled) return;
    setStaff(null);
    setEnded(true);
  }, [disabled, setStaff]);

  const window = state?.windows.get(windowId) ?? null;
  const windowConfig = state?.config.windows.find((w) => w.id === windowId) ?? null;
  const staffCode = staff?.code ?? null;
  const avail = (action: ActionId): Availability => {
    if (state === null) return { enabled: false, reason: 'day_not_open' };
    return availability(state, windowId, staffCode, action, now);
  };

  const runAction = useCallback(
    (action: ActionId): void => {
      switch (action) {
        case 'call_next':
        case 'recall':
        case 'start_serving':
        case 'finish':
        case 'no_show':
        case 'put_back':
          void send(action, {});
          return;
        case 'open':
          void send('open_window', {});
          return;
        case 'close':
          void send('close_window', {});
          return;
        case 'resume':
          void send('resume_window', {});
          return;
        case 'transfer':
        case 'park':
        case 'pause':
          setDialog(action);
          return;
      }
    },
    [send],
  );

  /** The action a key (or a pad key) means now: one key toggles pause and resume. */
  const actionForKey = (key: string): ActionId | null => {
    const upper = key.toUpperCase();
    if (upper === 'Z') return window?.status === 'paused' ? 'resume' : 'pause';
    const found = (Object.keys(SHORTCUTS) as ActionId[]).find(
      (a) => SHORTCUTS[a] === upper && a !== 'pause' && a !== 'resume',
    );
    return found ?? null;
  };

  /** Why something cannot be done, in words; after the day's close "not open" says it has ended. */
  const whyNot = (code: AnyError): string =>
    code === 'day_not_open' && state?.day?.status === 'closed'
      ? tx('day.closed', lang)
      : errorMessage(code, lang);

  const ticket = state === null ? null : currentTicketOf(state, windowId);
  /**
   * Why this action cannot be done now, as its button says it (and its key, and the pad's): a
   * called number is finished only once serving started, so say that, not "wrong status".
   */
  const reasonFor = (action: ActionId | null, code: AnyError): string =>
    action === 'finish' && code === 'ticket_wrong_status' && ticket?.status === 'called'
      ? tx('why.start_first', lang)
      : whyNot(code);

  const tryAction = (action: ActionId): void => {
    // One command at a time: a key pressed while one is on its way is not queued behind it.
    if (busy) return;
    const a = avail(action);
    if (a.enabled) runAction(action);
    else setError(a.reason, action);
  };

  const onKey = (e: KeyboardEvent): void => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Escape') {
      setDialog(null);
      return;
    }
    if (isTyping(e.target)) return;
    if (dialog !== null || staff === null) return;
    const action = actionForKey(e.key);
    if (action === null) return;
    e.preventDefault();
    tryAction(action);
  };
  useEffect(() => {
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  // A call pad's key: the latest handler runs it, once per press.
  const padHandler = useRef<(action: PadAction) => void>(() => undefined);
  useEffect(() => {
    padHandler.current = (pressed) => {
      if (staff === null) return;
      if (pressed === 'pause') {
        // The pad has no screen to ask the reason on: its pause key means a break.
        if (window?.status === 'paused') tryAction('resume');
        else if (avail('pause').enabled) void send('pause_window', { reason: 'break' });
        else tryAction('pause');
        return;
      }
      tryAction(pressed);
    };
  });
  const pad = props.padAction;
  useEffect(() => {
    if (pad) padHandler.current(pad.action);
  }, [pad]);

  const header = (
    <header className="bar">
      <span className="brand">
        <span className="app-name">OneStop · {tx('app.window', lang)}</span>
        {windowConfig && (
          <strong>
            <span className="app-name"> · </span>
            {tx('window.label', lang, { window: windowConfig.number })}
          </strong>
        )}
      </span>
      {window && (
        <span className={`pill status-${window.status}`} data-testid="window-status">
          {t(`window_status.${window.status}`, lang)}
          {window.status === 'paused' &&
            window.pauseReason &&
            ` · ${t(`pause_reason.${window.pauseReason}`, lang)}`}
        </span>
      )}
      <span className={`pill conn-${connection}`}>{t(`connection.${connection}`, lang)}</span>
      {staff && (
        <span className="who">
          {staff.name} ({staff.code})
        </span>
      )}
      <button type="button" className="ghost" onClick={() => setLangChoice(otherLang(lang))}>
        {tx('lang.switch', lang)}
      </button>
      {staff && (
        <button
          type="button"
          className="ghost"
          onClick={() => {
            void send('staff_logout', {}).then(() => setStaff(null));
          }}
          disabled={busy}
        >
          {tx('logout', lang)}
        </button>
      )}
    </header>
  );

  const banner = shown && (
    <p role="alert" className="error" data-code={shown.code}>
      {reasonFor(shown.action, shown.code)}
    </p>
  );

  if (state !== null && !windowConfig) {
    return (
      <div className="terminal">
        {header}
        <p role="alert" className="error">
          {tx('window.unbound', lang)}
        </p>
      </div>
    );
  }

  if (staff === null) {
    return (
      <div className="terminal">
        {header}
        {banner}
        {ended && (
          <p role="alert" className="error" data-code="staff_disabled">
            {tx('login.disabled', lang)}
          </p>
        )}
        <LoginForm
          lang={lang}
          busy={busy}
          onLogin={async (staffCode, pin) => {
            setBusy(true);
            setError(null);
            const outcome = await port.command('staff_login', { staffCode, pin });
            setBusy(false);
            if (outcome.ok) {
              setEnded(false);
              setStaff(outcome.result.staff, outcome.result.session);
            } else setError(outcome.error.code);
          }}
        />
      </div>
    );
  }

  const button = (action: ActionId, extraClass = ''): ReactNode => {
    const a = avail(action);
    const reason = a.enabled ? undefined : reasonFor(action, a.reason);
    const kind = DESTRUCTIVE.has(action) ? ' danger' : '';
    return (
      <button
        key={action}
        type="button"
        className={`action ${extraClass}${kind}`}
        data-action={action}
        disabled={busy || !a.enabled}
        title={reason}
        aria-describedby={a.enabled ? undefined : `why-${action}`}
        onClick={() => runAction(action)}
      >
        <span className="label">{tx(LABEL[action], lang)}</span>
        <kbd>{SHORTCUTS[action]}</kbd>
        {!a.enabled && action !== 'open' && (
          <span className="why" id={`why-${action}`}>
            {reason}
          </span>
        )}
      </button>
    );
  };

  const dayNotice =
    state !== null && state.day?.status !== 'open' ? (
      <p className="notice">
        {tx(state.day?.status === 'closed' ? 'day.closed' : 'day.not_open', lang)}
      </p>
    ) : null;

  return (
    <div className="terminal">
      {header}
      <div className="layout">
        <section className="main-col">
          <CurrentTicket state={state} ticket={ticket} lang={lang} now={now} />
          {/* A slot of its own height: a refusal shown here moves no button. */}
          <div className="message-slot" data-testid="message-slot">
            {dialog === null ? (banner ?? dayNotice) : dayNotice}
          </div>
          <div className="actions primary">
            {button('call_next', 'big')}
            {button('recall')}
            {button('start_serving')}
            {button('finish', 'big')}
          </div>
          <div className="actions secondary">
            {button('put_back')}
            {button('transfer')}
            {button('park')}
            {window?.status === 'paused' ? button('resume') : button('pause')}
            {button('no_show')}
            {window?.status === 'closed' ? button('open') : button('close')}
          </div>
        </section>
        <aside className="side-col">
          {state && (
            <QueuePanel
              state={state}
              windowId={windowId}
              lang={lang}
              now={now}
              busy={busy}
              onCall={(ticketId) => void send('call_specific', { ticketId })}
              onUnpark={(ticketId) => void send('unpark', { ticketId })}
            />
          )}
          <DayPanel
            port={port}
            windowId={windowId}
            staffCode={staff.code}
            online={connection === 'online'}
            lang={lang}
          />
        </aside>
      </div>
      {dialog === 'transfer' && ticket && state && (
        <TransferDialog
          state={state}
          ticket={ticket}
          windowId={windowId}
          lang={lang}
          busy={busy}
          alert={banner}
          onCancel={() => setDialog(null)}
          onConfirm={async (target, note) => {
            if (await send('transfer', { ...target, note })) setDialog(null);
          }}
        />
      )}
      {dialog === 'park' && ticket && (
        <ParkDialog
          ticket={ticket}
          lang={lang}
          alert={banner}
          onCancel={() => setDialog(null)}
          onConfirm={async (minutes, note) => {
            const until = minutes === null ? null : now + minutes * 60_000;
            if (await send('park', { until, note })) setDialog(null);
          }}
        />
      )}
      {dialog === 'pause' && (
        <PauseDialog
          lang={lang}
          alert={banner}
          onCancel={() => setDialog(null)}
          onConfirm={async (reason) => {
            if (await send('pause_window', { reason })) setDialog(null);
          }}
        />
      )}
    </div>
  );
}

function LoginForm(props: {
  lang: Lang;
  busy: boolean;
  onLogin: (code: string, pin: string) => Promise<void>;
}) {
  const { lang } = props;
  const [code, setCode] = useState('');
  const [pin, setPin] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void props.onLogin(code.trim(), pin).then(() => setPin(''));
  };
  return (
    <form className="login card" onSubmit={submit}>
      <h1>{tx('login.title', lang)}</h1>
      <label>
        {tx('login.code', lang)}
        <input value={code} autoComplete="username" onChange={(e) => setCode(e.target.value)} />
      </label>
      <label>
        {tx('login.pin', lang)}
        <input
          type="password"
          inputMode="numeric"
          value={pin}
          autoComplete="current-password"
          onChange={(e) => setPin(e.target.value)}
        />
      </label>
      <button type="submit" className="action big" disabled={props.busy || !code || !pin}>
        {tx('login.submit', lang)}
      </button>
    </form>
  );
}

function serviceName(state: HallState, serviceId: string, lang: Lang): string {
  return state.config.services.find((s) => s.id === serviceId)?.name[lang] ?? serviceId;
}

function windowNumber(state: HallState, windowId: string): string {
  const n = state.config.windows.find((w) => w.id === windowId)?.number;
  return n === undefined ? windowId : String(n);
}

function CurrentTicket(props: {
  state: HallState | null;
  ticket: Ticket | null;
  lang: Lang;
  now: Millis;
}) {
  const { state, ticket, lang, now } = props;
  if (state === null || ticket === null) {
    return (
      <div className="current card empty" data-testid="current">
        <p>{tx('current.none', lang)}</p>
      </div>
    );
  }
  const serviceId = ticket.currentServiceId ?? ticket.serviceId;
  const waited = (ticket.calledAt ?? now) - ticket.queuedAt;
  return (
    <div className={`current card ${ticket.status}`} data-testid="current">
      <div className="number-row">
        <span className="number" data-testid="current-number">
          {ticket.number}
        </span>
        <span className={`pill ticket-${ticket.status}`}>
          {t(`ticket_status.${ticket.status}`, lang)}
        </span>
      </div>
      <dl className="facts">
        <dt>{tx('current.service', lang)}</dt>
        <dd>{serviceName(state, serviceId, lang)}</dd>
        <dt>{tx('current.class', lang)}</dt>
        <dd className={`class-${ticket.class}`}>{t(`ticket_class.${ticket.class}`, lang)}</dd>
        <dt>{tx('current.waited', lang)}</dt>
        <dd>{duration(waited, lang)}</dd>
        <dt>{tx('current.reason', lang)}</dt>
        <dd data-testid="call-reason">
          {ticket.callReason ? t(`call_reason.${ticket.callReason}`, lang) : '—'}
          {ticket.recallCount > 0 &&
            ` · ${tx('current.recalls', lang, { count: ticket.recallCount })}`}
        </dd>
      </dl>
      {ticket.transfers.length > 0 && (
        <div className="transfers">
          <h3>{tx('current.transfers', lang)}</h3>
          <ul>
            {ticket.transfers.map((n) => (
              <li key={`${n.at}-${n.fromWindowId}`}>
                {tx('current.transfer_line', lang, {
                  from: `${tx('window.label', lang, { window: windowNumber(state, n.fromWindowId) })} · ${serviceName(state, n.fromServiceId, lang)}`,
                  to:
                    n.toWindowId !== null
                      ? tx('window.label', lang, { window: windowNumber(state, n.toWindowId) })
                      : serviceName(state, n.toServiceId ?? '', lang),
                })}
                {n.note && <q>{n.note}</q>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {ticket.itinerary.length > 1 || (ticket.itinerary[0]?.serviceIds.length ?? 0) > 1 ? (
        <div className="itinerary">
          <h3>{tx('current.itinerary', lang)}</h3>
          <ol>
            {ticket.itinerary.map((step, i) => {
              const phase = i < ticket.stepIndex ? 'done' : i === ticket.stepIndex ? 'now' : 'next';
              return (
                <li key={step.serviceIds.join('+')} className={`step-${phase}`}>
                  {step.serviceIds
                    .map((id) => {
                      const done =
                        phase === 'done' || (phase === 'now' && ticket.doneServiceIds.includes(id));
                      return `${serviceName(state, id, lang)}${done ? ' ✓' : ''}`;
                    })
                    .join(' + ')}{' '}
                  <small>{tx(`step.${phase}`, lang)}</small>
                </li>
              );
            })}
          </ol>
        </div>
      ) : null}
    </div>
  );
}

/**
 * Rows of the queue shown (it scrolls in its panel): a busy hall's whole queue at a window
 * (120–140 on a busy morning), so the clerk can call any of them; the count says the rest.
 */
const QUEUE_ROWS = 300;

function QueuePanel(props: {
  state: HallState;
  windowId: string;
  lang: Lang;
  now: Millis;
  busy: boolean;
  onCall: (ticketId: string) => void;
  onUnpark: (ticketId: string) => void;
}) {
  const { state, windowId, lang, now } = props;
  const queue = queueOf(state, windowId);
  const parked = parkedAt(state, windowId);
  return (
    <div className="queue card">
      <h2>
        {tx('queue.title', lang)} ·{' '}
        <span data-testid="queue-total">
          {tx('queue.count', lang, { count: queue.candidates.length })}
        </span>
      </h2>
      <ul className="counts">
        {queue.counts.map((c) => (
          <li key={c.serviceId}>
            {serviceName(state, c.serviceId, lang)} <strong>{c.count}</strong>
          </li>
        ))}
      </ul>
      {/* The list scrolls inside its panel: the page itself never does. */}
      <div
        className="queue-scroll"
        data-testid="queue-scroll"
        role="region"
        aria-label={tx('queue.title', lang)}
        // Reachable by keyboard to scroll, also when no row can be called now.
        tabIndex={0}
      >
        {queue.candidates.length === 0 ? (
          <p className="muted">{tx('queue.empty', lang)}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{tx('queue.number', lang)}</th>
                <th>{tx('queue.service', lang)}</th>
                <th>{tx('queue.waited', lang)}</th>
                <th>{tx('queue.marks', lang)}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {queue.candidates.slice(0, QUEUE_ROWS).map(({ ticket, serviceId }) => {
                const a = canCall(state, windowId, ticket.id, now);
                return (
                  <tr key={ticket.id} data-ticket={ticket.number}>
                    <td className="num">{ticket.number}</td>
                    <td>{serviceName(state, serviceId, lang)}</td>
                    <td>{duration(now - ticket.queuedAt, lang)}</td>
                    <td className="marks">
                      {ticket.class !== 'normal' && (
                        <span className={`mark class-${ticket.class}`}>
                          {t(`ticket_class.${ticket.class}`, lang)}
                        </span>
                      )}
                      {ticket.returned && <span className="mark">{tx('mark.returned', lang)}</span>}
                      {ticket.targetWindowId === windowId && (
                        <span className="mark">{tx('mark.targeted', lang)}</span>
                      )}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="small"
                        disabled={props.busy || !a.enabled}
                        title={a.enabled ? undefined : errorMessage(a.reason, lang)}
                        onClick={() => props.onCall(ticket.id)}
                      >
                        {tx('action.call_this', lang)}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {parked.length > 0 && (
          <>
            <h2>{tx('parked.title', lang)}</h2>
            <ul className="parked">
              {parked.map((p) => (
                <li key={p.id} data-parked={p.number}>
                  <span className="num">{p.number}</span>{' '}
                  {p.parkedUntil === null
                    ? tx('parked.manual', lang)
                    : tx('parked.until', lang, {
                        time: new Date(p.parkedUntil).toTimeString().slice(0, 5),
                      })}{' '}
                  <button
                    type="button"
                    className="small"
                    disabled={props.busy}
                    onClick={() => props.onUnpark(p.id)}
                  >
                    {tx('action.unpark', lang)}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}

type TransferTarget =
  { toServiceId: string; toWindowId: null } | { toServiceId: null; toWindowId: string };

/** A window as the transfer dialog offers it: its state, what it serves, why it cannot take it. */
interface WindowChoice {
  id: string;
  number: string;
  status: WindowStatus;
  services: string[];
  refusal: string | null;
}

/**
 * Transfer the current number to another service or window, in two steps: choose (each window
 * with its state and services; a closed one, or one not serving the number's service, cannot be
 * chosen), then confirm a sentence naming the number and the target.
 */
function TransferDialog(props: {
  state: HallState;
  ticket: Ticket;
  windowId: string;
  lang: Lang;
  busy: boolean;
  alert: ReactNode;
  onCancel: () => void;
  onConfirm: (target: TransferTarget, note: string) => Promise<void>;
}) {
  const { state, ticket, windowId, lang } = props;
  const fromService = ticket.currentServiceId ?? ticket.serviceId;
  const services = state.config.services.filter((s) => s.enabled && s.id !== fromService);
  const list = (names: string[]) => names.join(lang === 'zh' ? '、' : ', ');
  const windows: WindowChoice[] = state.config.windows
    .filter((w) => w.id !== windowId)
    .map((w) => {
      const status = state.windows.get(w.id)?.status ?? 'closed';
      const serves = w.services.some((s) => s.serviceId === fromService);
      return {
        id: w.id,
        number: String(w.number),
        status,
        services: w.services.map((s) => serviceName(state, s.serviceId, lang)),
        // What it serves is for the day; closed may change while the dialog is open.
        refusal: !serves
          ? tx('transfer.not_serving', lang, { service: serviceName(state, fromService, lang) })
          : status === 'closed'
            ? tx('transfer.window_closed', lang)
            : null,
      };
    })
    // The windows that can take it first, in number order; the others after, saying why not.
    .sort((a, b) => Number(a.refusal !== null) - Number(b.refusal !== null));
  const [target, setTarget] = useState<string>('');
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [kind, id = ''] = target.split(':');
  const chosen: TransferTarget | null =
    id === ''
      ? null
      : kind === 'w'
        ? { toServiceId: null, toWindowId: id }
        : { toServiceId: id, toWindowId: null };
  const targetName =
    chosen === null
      ? ''
      : chosen.toWindowId !== null
        ? tx('window.label', lang, { window: windowNumber(state, chosen.toWindowId) })
        : serviceName(state, chosen.toServiceId, lang);

  if (confirming && chosen !== null) {
    return (
      <Modal label={tx('transfer.confirm_title', lang)}>
        <h2>{tx('transfer.confirm_title', lang)}</h2>
        {props.alert}
        <p className="confirm-line" data-testid="transfer-confirm">
          {tx('transfer.confirm_line', lang, { number: ticket.number, target: targetName })}
        </p>
        {note.trim() !== '' && (
          <p>
            {tx('transfer.note', lang)}: <q>{note.trim()}</q>
          </p>
        )}
        <div className="row">
          <button
            type="button"
            className="action"
            autoFocus
            disabled={props.busy}
            onClick={() => void props.onConfirm(chosen, note.trim())}
          >
            {tx('transfer.do', lang)}
          </button>
          <button type="button" className="ghost" onClick={() => setConfirming(false)}>
            {tx('transfer.back', lang)}
          </button>
          <button type="button" className="ghost" onClick={props.onCancel}>
            {tx('action.cancel', lang)} <kbd>Esc</kbd>
          </button>
        </div>
      </Modal>
    );
  }

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (chosen !== null) setConfirming(true);
  };
  return (
    <NoteDialog
      lang={lang}
      label={tx('action.transfer', lang)}
      title={tx('transfer.title', lang, { number: ticket.number })}
      noteLabel={tx('transfer.note', lang)}
      note={note}
      onNote={setNote}
      canConfirm={chosen !== null}
      confirmText={tx('transfer.next', lang)}
      alert={props.alert}
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      <fieldset className="choices">
        <legend>{tx('transfer.to_service', lang)}</legend>
        {services.map((s, i) => (
          <label key={s.id} className="choice">
            <input
              type="radio"
              name="transfer-target"
              value={`s:${s.id}`}
              checked={target === `s:${s.id}`}
              onChange={() => setTarget(`s:${s.id}`)}
              autoFocus={i === 0}
            />
            <span>
              {s.prefix} · {s.name[lang]}
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset className="choices windows">
        <legend>{tx('transfer.to_window', lang)}</legend>
        {windows.map((w) => (
          <label
            key={w.id}
            className={`choice${w.refusal === null ? '' : ' refused'}`}
            data-window={w.id}
          >
            <input
              type="radio"
              name="transfer-target"
              value={`w:${w.id}`}
              checked={target === `w:${w.id}`}
              disabled={w.refusal !== null}
              onChange={() => setTarget(`w:${w.id}`)}
            />
            <span className="choice-body">
              <span className="choice-head">
                <strong>{tx('window.label', lang, { window: w.number })}</strong>{' '}
                <span className={`pill status-${w.status}`}>
                  {t(`window_status.${w.status}`, lang)}
                </span>
              </span>
              <small>{tx('transfer.serves', lang, { services: list(w.services) })}</small>
              {w.refusal !== null && <small className="refusal">{w.refusal}</small>}
            </span>
          </label>
        ))}
      </fieldset>
    </NoteDialog>
  );
}

const PARK_MINUTES = [5, 10, 15, 30, 60] as const;

function ParkDialog(props: {
  ticket: Ticket;
  lang: Lang;
  alert: ReactNode;
  onCancel: () => void;
  onConfirm: (minutes: number | null, note: string) => Promise<void>;
}) {
  const { ticket, lang } = props;
  const [minutes, setMinutes] = useState<string>('15');
  const [note, setNote] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void props.onConfirm(minutes === 'manual' ? null : Number(minutes), note.trim());
  };
  return (
    <NoteDialog
      lang={lang}
      label={tx('action.park', lang)}
      title={tx('park.title', lang, { number: ticket.number })}
      noteLabel={tx('park.note', lang)}
      note={note}
      onNote={setNote}
      canConfirm
      alert={props.alert}
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      <label>
        {tx('park.until', lang)}
        <select value={minutes} onChange={(e) => setMinutes(e.target.value)} autoFocus>
          {PARK_MINUTES.map((m) => (
            <option key={m} value={String(m)}>
              {tx('park.minutes', lang, { minutes: m })}
            </option>
          ))}
          <option value="manual">{tx('park.manual', lang)}</option>
        </select>
      </label>
    </NoteDialog>
  );
}

/** A dialog over the terminal: nothing under it moves, and it fits the screen (it scrolls). */
function Modal(props: { label: string; children: ReactNode; onSubmit?: (e: FormEvent) => void }) {
  return (
    <div className="overlay">
      {props.onSubmit ? (
        <form
          className="dialog card"
          role="dialog"
          aria-modal="true"
          aria-label={props.label}
          onSubmit={props.onSubmit}
        >
          {props.children}
        </form>
      ) : (
        <div className="dialog card" role="dialog" aria-modal="true" aria-label={props.label}>
          {props.children}
        </div>
      )}
    </div>
  );
}

/** A dialog form: a title, its own fields, a note, and confirm / cancel. */
function NoteDialog(props: {
  lang: Lang;
  label: string;
  title: string;
  noteLabel: string;
  note: string;
  onNote: (note: string) => void;
  canConfirm: boolean;
  confirmText?: string;
  alert: ReactNode;
  onSubmit: (e: FormEvent) => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { lang } = props;
  return (
    <Modal label={props.label} onSubmit={props.onSubmit}>
      <h2>{props.title}</h2>
      {props.alert}
      {props.children}
      <label>
        {props.noteLabel}
        <textarea
          value={props.note}
          maxLength={500}
          onChange={(e) => props.onNote(e.target.value)}
        />
      </label>
      <div className="row">
        <button type="submit" className="action" disabled={!props.canConfirm}>
          {props.confirmText ?? tx('action.confirm', lang)}
        </button>
        <button type="button" className="ghost" onClick={props.onCancel}>
          {tx('action.cancel', lang)} <kbd>Esc</kbd>
        </button>
      </div>
    </Modal>
  );
}

function PauseDialog(props: {
  lang: Lang;
  alert: ReactNode;
  onCancel: () => void;
  onConfirm: (reason: PauseReason) => Promise<void>;
}) {
  const { lang, onConfirm } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const reason = PAUSE_REASONS[Number(e.key) - 1];
      if (reason === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      void onConfirm(reason);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onConfirm]);
  return (
    <Modal label={tx('pause.title', lang)}>
      <h2>{tx('pause.title', lang)}</h2>
      {props.alert}
      <div className="row">
        {PAUSE_REASONS.map((r, i) => (
          <button key={r} type="button" className="action" onClick={() => void props.onConfirm(r)}>
            {t(`pause_reason.${r}`, lang)} <kbd>{i + 1}</kbd>
          </button>
        ))}
        <button type="button" className="ghost" onClick={props.onCancel}>
          {tx('action.cancel', lang)} <kbd>Esc</kbd>
        </button>
      </div>
    </Modal>
  );
}
