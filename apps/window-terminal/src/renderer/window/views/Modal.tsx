import type { FormEvent, ReactNode } from 'react';
import { type Lang, t } from '@onestop/shared';

/** A dialog over the terminal: nothing under it moves, and it fits the screen (it scrolls). */
export function Modal(props: {
  label: string;
  children: ReactNode;
  onSubmit?: (e: FormEvent) => void;
}) {
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
export function NoteDialog(props: {
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
          {props.confirmText ?? t('terminal.action.confirm', lang)}
        </button>
        <CancelButton lang={lang} onCancel={props.onCancel} />
      </div>
    </Modal>
  );
}

/** Closes a dialog, as Esc does. */
export function CancelButton(props: { lang: Lang; onCancel: () => void }) {
  return (
    <button type="button" className="ghost" onClick={props.onCancel}>
      {t('terminal.action.cancel', props.lang)} <kbd>Esc</kbd>
    </button>
  );
}
