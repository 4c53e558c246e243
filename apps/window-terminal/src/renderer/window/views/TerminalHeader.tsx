import { t, type ConnectionState } from '@onestop/shared';
import type { WindowActions } from '../useWindowActions.js';

/** The bar on top: the window, its state, the connection, the clerk, language and logout. */
export function TerminalHeader(props: { actions: WindowActions; connection: ConnectionState }) {
  const { lang, window, windowConfig, staff, busy } = props.actions;
  const { connection } = props;
  return (
    <header className="bar">
      <span className="brand">
        <span className="app-name">OneStop · {t('terminal.app.window', lang)}</span>
        {windowConfig && (
          <strong>
            <span className="app-name"> · </span>
            {t('terminal.window.label', lang, { window: windowConfig.number })}
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
      <button type="button" className="ghost" onClick={props.actions.switchLang}>
        {t('terminal.lang.switch', lang)}
      </button>
      {staff && (
        <button type="button" className="ghost" onClick={props.actions.logout} disabled={busy}>
          {t('terminal.logout', lang)}
        </button>
      )}
    </header>
  );
}
