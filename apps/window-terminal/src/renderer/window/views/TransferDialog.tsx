import { useState, type FormEvent, type ReactNode } from 'react';
import {
  listText,
  t,
  type HallState,
  type Lang,
  type Ticket,
  type WindowStatus,
} from '@onestop/shared';
import { CancelButton, Modal, NoteDialog } from './Modal.js';
import { serviceName, windowNumber } from './names.js';

export type TransferTarget =
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
export function TransferDialog(props: {
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
  const list = (names: string[]) => listText(names, lang);
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
          ? t('terminal.transfer.not_serving', lang, {
              service: serviceName(state, fromService, lang),
            })
          : status === 'closed'
            ? t('terminal.transfer.window_closed', lang)
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
        ? t('terminal.window.label', lang, { window: windowNumber(state, chosen.toWindowId) })
        : serviceName(state, chosen.toServiceId, lang);

  if (confirming && chosen !== null) {
    return (
      <Modal label={t('terminal.transfer.confirm_title', lang)}>
        <h2>{t('terminal.transfer.confirm_title', lang)}</h2>
        {props.alert}
        <p className="confirm-line" data-testid="transfer-confirm">
          {t('terminal.transfer.confirm_line', lang, { number: ticket.number, target: targetName })}
        </p>
        {note.trim() !== '' && (
          <p>
            {t('terminal.transfer.note', lang)}: <q>{note.trim()}</q>
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
            {t('terminal.transfer.do', lang)}
          </button>
          <button type="button" className="ghost" onClick={() => setConfirming(false)}>
            {t('terminal.transfer.back', lang)}
          </button>
          <CancelButton lang={lang} onCancel={props.onCancel} />
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
      label={t('terminal.action.transfer', lang)}
      title={t('terminal.transfer.title', lang, { number: ticket.number })}
      noteLabel={t('terminal.transfer.note', lang)}
      note={note}
      onNote={setNote}
      canConfirm={chosen !== null}
      confirmText={t('terminal.transfer.next', lang)}
      alert={props.alert}
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      <fieldset className="choices">
        <legend>{t('terminal.transfer.to_service', lang)}</legend>
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
        <legend>{t('terminal.transfer.to_window', lang)}</legend>
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
                <strong>{t('terminal.window.label', lang, { window: w.number })}</strong>{' '}
                <span className={`pill status-${w.status}`}>
                  {t(`window_status.${w.status}`, lang)}
                </span>
              </span>
              <small>{t('terminal.transfer.serves', lang, { services: list(w.services) })}</small>
              {w.refusal !== null && <small className="refusal">{w.refusal}</small>}
            </span>
          </label>
        ))}
      </fieldset>
    </NoteDialog>
  );
}
