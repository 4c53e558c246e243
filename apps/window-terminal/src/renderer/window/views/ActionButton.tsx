import { t, type TextKey } from '@onestop/shared';
import { SHORTCUTS, type ActionId } from '../model.js';
import type { WindowActions } from '../useWindowActions.js';

/** Destructive actions: drawn apart from the others (outlined in red), not like recall. */
const DESTRUCTIVE: ReadonlySet<ActionId> = new Set<ActionId>(['no_show', 'close']);

const LABEL: Record<ActionId, TextKey> = {
  call_next: 'terminal.action.call_next',
  recall: 'terminal.action.recall',
  start_serving: 'terminal.action.start_serving',
  finish: 'terminal.action.finish',
  no_show: 'terminal.action.no_show',
  put_back: 'terminal.action.put_back',
  transfer: 'terminal.action.transfer',
  park: 'terminal.action.park',
  pause: 'terminal.action.pause',
  resume: 'terminal.action.resume',
  open: 'terminal.action.open',
  close: 'terminal.action.close',
};

/** An action's button: its label and key, and when it cannot be done now, why not. */
export function ActionButton(props: {
  actions: WindowActions;
  action: ActionId;
  extraClass?: string;
}) {
  const { action, extraClass = '' } = props;
  const { avail, reasonFor, busy, lang, runAction } = props.actions;
  const a = avail(action);
  const reason = a.enabled ? undefined : reasonFor(action, a.reason);
  const kind = DESTRUCTIVE.has(action) ? ' danger' : '';
  return (
    <button
      type="button"
      className={`action ${extraClass}${kind}`}
      data-action={action}
      disabled={busy || !a.enabled}
      title={reason}
      aria-describedby={a.enabled ? undefined : `why-${action}`}
      onClick={() => runAction(action)}
    >
      <span className="label">{t(LABEL[action], lang)}</span>
      <kbd>{SHORTCUTS[action]}</kbd>
      {!a.enabled && action !== 'open' && (
        <span className="why" id={`why-${action}`}>
          {reason}
        </span>
      )}
    </button>
  );
}
