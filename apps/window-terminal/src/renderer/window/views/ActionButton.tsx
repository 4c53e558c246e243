import { tx, type TextKey } from '../../common/texts.js';
import { SHORTCUTS, type ActionId } from '../model.js';
import type { WindowActions } from '../useWindowActions.js';

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
      <span className="label">{tx(LABEL[action], lang)}</span>
      <kbd>{SHORTCUTS[action]}</kbd>
      {!a.enabled && action !== 'open' && (
        <span className="why" id={`why-${action}`}>
          {reason}
        </span>
      )}
    </button>
  );
}
