import { useEffect, type ReactNode } from 'react';
import { PAUSE_REASONS, t, type Lang, type PauseReason } from '@onestop/shared';
import { CancelButton, Modal } from './Modal.js';

export function PauseDialog(props: {
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
    <Modal label={t('terminal.pause.title', lang)}>
      <h2>{t('terminal.pause.title', lang)}</h2>
      {props.alert}
      <div className="row">
        {PAUSE_REASONS.map((r, i) => (
          <button key={r} type="button" className="action" onClick={() => void props.onConfirm(r)}>
            {t(`pause_reason.${r}`, lang)} <kbd>{i + 1}</kbd>
          </button>
        ))}
        <CancelButton lang={lang} onCancel={props.onCancel} />
      </div>
    </Modal>
  );
}
