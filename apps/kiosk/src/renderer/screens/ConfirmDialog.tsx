import type { ReactNode } from 'react';
import type { Lang } from '@onestop/shared';
import { t } from '@onestop/shared';

/** One more touch before a choice counts: a title, what it means, confirm or cancel. */
export function ConfirmDialog(props: {
  lang: Lang;
  /** The dialog's class beside `dialog`, and the id of its title. */
  className?: string;
  titleId: string;
  title: string;
  children: ReactNode;
  confirmClass: string;
  confirmText: string;
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}): ReactNode {
  return (
    <div
      className={props.className ? `dialog ${props.className}` : 'dialog'}
      role="dialog"
      aria-labelledby={props.titleId}
    >
      <h1 id={props.titleId}>{props.title}</h1>
      {props.children}
      <div className="dialog-buttons">
        <button
          type="button"
          className={`button ${props.confirmClass}`}
          disabled={props.confirmDisabled}
          onClick={props.onConfirm}
        >
          {props.confirmText}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          {t('kiosk.cancel', props.lang)}
        </button>
      </div>
    </div>
  );
}
