import { useCallback, useEffect, useRef, useState } from 'react';
import {
  errorMessage,
  type ClientErrorCode,
  type CommandInput,
  type CommandName,
  type ErrorCode,
  type HallWindow,
  type Lang,
  type StaffIdentity,
  type Ticket,
  type WindowState,
  t,
} from '@onestop/shared';
import { hallLang, otherLang } from '@onestop/app-common';
import type { PadDisplay, PadInput } from '../../shared/preload-api.js';
import {
  availability,
  currentTicketOf,
  isDirect,
  padStep,
  SHORTCUTS,
  type ActionId,
  type Availability,
  type PadStep,
} from './model.js';
import type { TerminalProps } from './Terminal.js';

/** What a hardware call pad's keys can ask for: a key, or a number dialled on its keypad. */
export type PadAction = PadInput;

export type Dialog = 'transfer' | 'park' | 'pause' | null;
export type AnyError = ErrorCode | ClientErrorCode;
/** A refusal to show: its code, and the action it refused (worded as that action's button). */
export interface Shown {
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

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * The window terminal's commands: the clerk's login (kept across reconnects), each action with
 * why it cannot be done now, the keyboard's shortcuts, a hardware call pad's keys, and the
 * dialog open; the views only show them.
 */
export function useWindowActions(props: TerminalProps): WindowActions {
  const { port, state, windowId, connection, now } = props;
  // The clerk's pick of the one-touch switch; null: the hall's default, again after a logout.
  const [langChoice, setLangChoice] = useState<Lang | null>(props.initialLang ?? null);
  const lang = langChoice ?? hallLang(state);
  const [staff, setStaffState] = useState<StaffIdentity | null>(props.initialStaff ?? null);
  const [shown, setShown] = useState<Shown | null>(null);
  /** The refusal shown last, read when a pad's command comes back refused. */
  const lastShown = useRef<Shown | null>(null);
  const setError = useCallback((code: AnyError | null, action: ActionId | null = null) => {
    lastShown.current = code === null ? null : { code, action };
    setShown(lastShown.current);
  }, []);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  /** 办件编号: typed while serving, sent with the finish (optional; the service's format is checked). */
  const [caseNumber, setCaseNumber] = useState('');
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
  // How many times the mirror ended the login: the page is told (below) after each.
  const [endedCount, setEndedCount] = useState(0);
  if (disabled) {
    // Adjusted while rendering, as `setStaff(null)` does: the login form at once, saying why.
    setStaffState(null);
    setLangChoice(null);
    setDialog(null);
    setEnded(true);
    setEndedCount((n) => n + 1);
  }
  const endedTold = useRef(0);
  useEffect(() => {
    if (endedCount === endedTold.current) return;
    endedTold.current = endedCount;
    session.current = null;
    onStaffChange?.(null, null);
  }, [endedCount, onStaffChange]);

  const window = state?.windows.get(windowId) ?? null;
  const windowConfig = state?.config.windows.find((w) => w.id === windowId) ?? null;
  const staffCode = staff?.code ?? null;
  const avail = (action: ActionId): Availability => {
    if (state === null) return { enabled: false, reason: 'day_not_open' };
    return availability(state, windowId, staffCode, action, now);
  };

  /** Finishes the service, with the case number typed (if any); kept when refused, to correct. */
  const finish = useCallback(async (): Promise<boolean> => {
    const typed = caseNumber.trim();
    const done = await send('finish', typed === '' ? {} : { caseNumber: typed });
    if (done) setCaseNumber('');
    return done;
  }, [send, caseNumber]);

  const runAction = useCallback(
    (action: ActionId): void => {
      if (action === 'finish') {
        void finish();
        return;
      }
      if (isDirect(action)) {
        void send(action, {});
        return;
      }
      switch (action) {
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
    [send, finish],
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
      ? t('terminal.day.closed', lang)
      : errorMessage(code, lang);

  const ticket = state === null ? null : currentTicketOf(state, windowId);
  /**
   * Why this action cannot be done now, as its button says it (and its key, and the pad's): a
   * called number is finished only once serving started, so say that, not "wrong status".
   */
  const reasonFor = (action: ActionId | null, code: AnyError): string =>
    action === 'finish' && code === 'ticket_wrong_status' && ticket?.status === 'called'
      ? t('terminal.why.start_first', lang)
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

  // A call pad's key: the latest handler runs it, once per press, as the screen's button would;
  // a refusal is shown here and on the pad's own display (`onPadAnswer`).
  const onPadAnswer = props.onPadAnswer;
  const sendPad = (command: Extract<PadStep, { kind: 'send' }>['command']): Promise<boolean> => {
    switch (command.event) {
      case 'pause_window':
        return send('pause_window', { reason: command.reason });
      case 'call_specific':
        return send('call_specific', { ticketId: command.ticketId });
      case 'finish':
        return finish();
      case 'call_next':
      case 'recall':
      case 'no_show':
      case 'resume_window':
        return send(command.event, {});
    }
  };
  const padHandler = useRef<(input: PadInput) => void>(() => undefined);
  useEffect(() => {
    padHandler.current = (input) => {
      // One command at a time, as for the buttons: a key pressed meanwhile is not queued.
      if (busy || state === null) return;
      const step = padStep(state, windowId, staffCode, input, now);
      const answer = (display: PadDisplay): void => onPadAnswer?.(display);
      switch (step.kind) {
        case 'none':
          return;
        case 'refused':
          setError(step.code, step.action);
          answer({
            kind: 'refused',
            code: step.code,
            text: reasonFor(step.action, step.code),
          });
          return;
        case 'dialog':
          // The pad cannot choose where to: the transfer dialog opens on the screen.
          setError(null);
          setDialog(step.action);
          answer({ kind: 'clear' });
          return;
        case 'send':
          void sendPad(step.command).then((done) => {
            const refused = lastShown.current;
            if (done || refused === null) answer({ kind: 'clear' });
            else {
              answer({
                kind: 'refused',
                code: refused.code,
                text: reasonFor(step.action, refused.code),
              });
            }
          });
          return;
      }
    };
  });
  const pad = props.padAction;
  useEffect(() => {
    if (pad) padHandler.current(pad.action);
  }, [pad]);

  const login = async (staffCode: string, pin: string): Promise<void> => {
    setBusy(true);
    setError(null);
    const outcome = await port.command('staff_login', { staffCode, pin });
    setBusy(false);
    if (outcome.ok) {
      setEnded(false);
      setStaff(outcome.result.staff, outcome.result.session);
    } else setError(outcome.error.code);
  };
  const logout = (): void => {
    void send('staff_logout', {}).then(() => setStaff(null));
  };
  const switchLang = (): void => setLangChoice(otherLang(lang));

  return {
    lang,
    switchLang,
    staff,
    ended,
    shown,
    busy,
    dialog,
    setDialog,
    window,
    windowConfig,
    ticket,
    avail,
    reasonFor,
    runAction,
    send,
    login,
    logout,
    caseNumber,
    setCaseNumber,
  };
}

/** What `useWindowActions` gives the terminal's views. */
export interface WindowActions {
  lang: Lang;
  switchLang: () => void;
  /** The clerk logged in; null: the login form. */
  staff: StaffIdentity | null;
  /** The clerk was logged out because the console disabled them. */
  ended: boolean;
  shown: Shown | null;
  /** A command is on its way: one at a time. */
  busy: boolean;
  dialog: Dialog;
  setDialog: (dialog: Dialog) => void;
  window: WindowState | null;
  windowConfig: HallWindow | null;
  ticket: Ticket | null;
  avail: (action: ActionId) => Availability;
  reasonFor: (action: ActionId | null, code: AnyError) => string;
  runAction: (action: ActionId) => void;
  send: <E extends CommandName<'window'>>(
    event: E,
    input: CommandInput<'window', E>,
  ) => Promise<boolean>;
  login: (staffCode: string, pin: string) => Promise<void>;
  logout: () => void;
  /** 办件编号 typed for the finish of the service being served. */
  caseNumber: string;
  setCaseNumber: (caseNumber: string) => void;
}
