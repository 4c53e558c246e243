import { useState, type FormEvent, type ReactNode } from 'react';
import { type Lang, type Ticket, t } from '@onestop/shared';
import { NoteDialog } from './Modal.js';

const PARK_MINUTES = [5, 10, 15, 30, 60] as const;

/** Park the current number: for some minutes, or until called back by hand, with a note. */
export function ParkDialog(props: {
  ticket: Ticket;
  lang: Lang;
  alert: ReactNode;
  onCancel: () => void;
  onConfirm: (minutes: number | null, note: string) => Promise<void>;
}) {
  const { ticket, lang } = props;
  const [minutes, setMinutes] = useState<string>('15');
  const [note, setNote] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void props.onConfirm(minutes === 'manual' ? null : Number(minutes), note.trim());
  };
  return (
    <NoteDialog
      lang={lang}
      label={t('terminal.action.park', lang)}
      title={t('terminal.park.title', lang, { number: ticket.number })}
      noteLabel={t('terminal.park.note', lang)}
      note={note}
      onNote={setNote}
      canConfirm
      alert={props.alert}
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      <label>
        {t('terminal.park.until', lang)}
        <select value={minutes} onChange={(e) => setMinutes(e.target.value)} autoFocus>
          {PARK_MINUTES.map((m) => (
            <option key={m} value={String(m)}>
              {t('terminal.park.minutes', lang, { minutes: m })}
            </option>
          ))}
          <option value="manual">{t('terminal.park.manual', lang)}</option>
        </select>
      </label>
    </NoteDialog>
  );
}
