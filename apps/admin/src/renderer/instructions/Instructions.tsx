import { useCallback, useContext, useEffect, useId, useState, type FormEvent } from 'react';
import { refusalText, type HallState, type RegionInstructionView } from '@onestop/shared';
import type { AdminClient } from '../hub.js';
import { timeIn } from '../labels.js';
import { LangContext, useT } from '../strings.js';

/**
 * The region's supervision instructions (督办) to the hall, unanswered first, each answered once
 * (docs/REGION.md, "Supervision"). The list is read again when the hall's log shows a new
 * instruction or an answer.
 */
export function Instructions(props: { client: AdminClient; state: HallState }) {
  const t = useT();
  const { client, state } = props;
  const tz = state.config.hall.timezone;
  const [list, setList] = useState<RegionInstructionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lang = useContext(LangContext);
  // When the list was read: overdue is judged against it (a render stays pure).
  const [now, setNow] = useState(0);

  const load = useCallback(() => {
    void client.command('list_instructions', {}).then((ack) => {
      if (ack.ok) {
        setList(ack.result.instructions);
        setNow(Date.now());
      } else setError(refusalText(ack.error, lang));
    });
  }, [client, lang]);
  useEffect(() => {
    load();
    // A new instruction or answer arrives as an admin-only event: read the list again.
    return client.onEvents((events) => {
      if (events.some((e) => e.type.startsWith('instruction_'))) load();
    });
  }, [client, load]);

  if (error !== null) return <p role="alert">{error}</p>;
  if (list === null) return <p className="muted">…</p>;
  return (
    <section aria-labelledby="instr-title">
      <h2 id="instr-title">{t('tabInstructions')}</h2>
      {list.length === 0 ? <p className="muted">{t('instrEmpty')}</p> : null}
      <ul className="instructions">
        {list.map((i) => (
          <li key={i.id} className="card">
            <p>
              <strong>{i.text}</strong>
            </p>
            <p className="muted">
              {t('instrFrom')}: {i.issuedBy} · {t('instrDeadline')}: {timeIn(i.deadline, tz)} ·{' '}
              {t('instrComplaint')}: {i.complaintId ?? t('instrHall')} ·{' '}
              {i.answer !== null
                ? t('instrAnswered')
                : i.deadline < now
                  ? t('instrOverdue')
                  : t('instrOpen')}
            </p>
            {i.answer !== null ? (
              <p>
                {t('instrAnswer')}: {i.answer} ({i.answeredBy}
                {i.answeredAt !== null ? `, ${timeIn(i.answeredAt, tz)}` : ''})
              </p>
            ) : (
              <AnswerForm client={client} instruction={i} onDone={load} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function AnswerForm(props: {
  client: AdminClient;
  instruction: RegionInstructionView;
  onDone: () => void;
}) {
  const t = useT();
  const lang = useContext(LangContext);
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ack = await props.client.command('answer_instruction', {
      instructionId: props.instruction.id,
      answer: text,
    });
    if (ack.ok) props.onDone();
    else setError(refusalText(ack.error, lang));
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <label htmlFor={id}>{t('instrAnswer')}</label>
      <input
        id={id}
        value={text}
        maxLength={1000}
        onChange={(e) => setText(e.target.value)}
        required
      />
      <button type="submit">{t('instrSend')}</button>
      {error !== null ? <p role="alert">{error}</p> : null}
    </form>
  );
}
