import { useId, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useT } from '../strings.js';

/**
 * A modal question: the change happens only on its confirm button; Escape or Cancel keeps all.
 * Put over the page (a portal), so that a table row can ask it.
 */
export function ConfirmDialog(props: {
  title: string;
  confirm: string;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const t = useT();
  const titleId = useId();
  return createPortal(
    <div className="overlay">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className="dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') props.onCancel();
        }}
      >
        <h2 id={titleId}>{props.title}</h2>
        {props.children}
        <div className="dialog-buttons">
          <button type="button" className="danger" onClick={props.onConfirm}>
            {props.confirm}
          </button>
          <button type="button" className="secondary" autoFocus onClick={props.onCancel}>
            {t('cancel')}
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
