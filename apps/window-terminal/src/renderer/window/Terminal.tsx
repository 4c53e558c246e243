import type { ReactNode } from 'react';
import {
  type CommandInput,
  type CommandName,
  type CommandResultOf,
  type ConnectionState,
  type DomainEvent,
  type HallState,
  type Lang,
  type Millis,
  type StaffIdentity,
  LIMITS,
  t,
} from '@onestop/shared';
import type { CommandOutcome } from '@onestop/shared/client';
import type { PadDisplay } from '../../shared/preload-api.js';
import type { ActionId } from './model.js';
import { DayPanel } from './DayPanel.js';
import { useHolder } from './useHolder.js';
import { useWindowActions, type PadAction } from './useWindowActions.js';
import { ActionButton } from './views/ActionButton.js';
import { AssistAlerts } from './views/AssistAlerts.js';
import { CurrentTicket } from './views/CurrentTicket.js';
import { LoginForm } from './views/LoginForm.js';
import { ParkDialog } from './views/ParkDialog.js';
import { PauseDialog } from './views/PauseDialog.js';
import { QueuePanel } from './views/QueuePanel.js';
import { TerminalHeader } from './views/TerminalHeader.js';
import { TransferDialog } from './views/TransferDialog.js';

export type { PadAction } from './useWindowActions.js';

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
  /** Keys pressed (and numbers dialled) on a hardware call pad, delivered one by one. */
  padAction?: { action: PadAction; seq: number } | null;
  /** What the pad's own display should show after each of its keys (a refusal, or nothing). */
  onPadAnswer?: (display: PadDisplay) => void;
}

/** The window terminal: the login form, or the current number, the actions and the queue. */
export function Terminal(props: TerminalProps) {
  const { port, state, windowId, connection, now } = props;
  const actions = useWindowActions(props);
  const { lang, staff, shown, busy, dialog, setDialog, window, windowConfig, ticket, send } =
    actions;
  const holder = useHolder(port, ticket?.id ?? null, staff !== null);

  const banner = shown && (
    <p role="alert" className="error" data-code={shown.code}>
      {actions.reasonFor(shown.action, shown.code)}
    </p>
  );

  if (state !== null && !windowConfig) {
    return (
      <div className="terminal">
        <TerminalHeader actions={actions} connection={connection} />
        <p role="alert" className="error">
          {t('terminal.window.unbound', lang)}
        </p>
      </div>
    );
  }

  if (staff === null) {
    return (
      <div className="terminal">
        <TerminalHeader actions={actions} connection={connection} />
        {banner}
        {actions.ended && (
          <p role="alert" className="error" data-code="staff_disabled">
            {t('terminal.login.disabled', lang)}
          </p>
        )}
        <LoginForm lang={lang} busy={busy} onLogin={actions.login} />
      </div>
    );
  }

  const button = (action: ActionId, extraClass = ''): ReactNode => (
    <ActionButton key={action} actions={actions} action={action} extraClass={extraClass} />
  );

  const dayNotice =
    state !== null && state.day?.status !== 'open' ? (
      <p className="notice">
        {t(state.day?.status === 'closed' ? 'terminal.day.closed' : 'terminal.day.not_open', lang)}
      </p>
    ) : null;

  return (
    <div className="terminal">
      <TerminalHeader actions={actions} connection={connection} />
      <div className="layout">
        <section className="main-col">
          <CurrentTicket state={state} ticket={ticket} lang={lang} now={now} holder={holder} />
          {/* A slot of its own height: a refusal shown here moves no button. */}
          <div className="message-slot" data-testid="message-slot">
            {dialog === null ? (banner ?? dayNotice) : dayNotice}
          </div>
          {ticket?.status === 'serving' && (
            <label className="case-number">
              <span>{t('terminal.caseNumber', lang)}</span>
              <input
                type="text"
                name="caseNumber"
                autoComplete="off"
                spellCheck={false}
                maxLength={LIMITS.caseNumberMaxLength}
                value={actions.caseNumber}
                aria-invalid={shown?.code === 'case_number_invalid'}
                onChange={(e) => actions.setCaseNumber(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') actions.runAction('finish');
                }}
              />
            </label>
          )}
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
            <AssistAlerts
              state={state}
              lang={lang}
              role={staff.role}
              busy={busy}
              onAnswer={(requestId) => void send('answer_assist', { requestId })}
              onClose={(requestId, reason) => void send('close_assist', { requestId, reason })}
            />
          )}
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
