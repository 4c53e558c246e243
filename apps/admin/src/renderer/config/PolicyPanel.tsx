import { useState, type FormEvent } from 'react';
import { DEFAULT_FOLLOW_UP_DAYS, type CallPolicy } from '@onestop/shared';
import { useT, type StringKey } from '../strings.js';
import { Field, IssuesAt, Panel, invalidProps, useRefusal, type Save } from './parts.js';

const POLICY_FIELDS: { key: keyof CallPolicy; label: StringKey }[] = [
  { key: 'priorityRatio', label: 'priorityRatio' },
  { key: 'maxWaitMinutes', label: 'maxWaitMinutes' },
  { key: 'recallLimit', label: 'recallLimit' },
  { key: 'appointmentGraceMinutes', label: 'appointmentGrace' },
  { key: 'callbackDeadlineDays', label: 'callbackDays' },
  { key: 'complaintDeadlineDays', label: 'complaintDays' },
  { key: 'followUpDays', label: 'followUpDays' },
];

/** 叫号规则: the call policy, the same for every window; a refusal shows under its field. */
export function PolicyPanel(props: { policy: CallPolicy; save: Save }) {
  const t = useT();
  const [p, setP] = useState(props.policy);
  const { issues, setRefusal, errorId } = useRefusal();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void props.save({ kind: 'policy', policy: p }).then(setRefusal);
  };
  return (
    <Panel title="policy" testId="config-policy">
      <form className="stack" onSubmit={submit}>
        {POLICY_FIELDS.map((f) => (
          <div key={f.key} className="field-block">
            <Field label={f.label}>
              <input
                className="narrow"
                type="number"
                min={0}
                name={f.key}
                value={p[f.key] ?? DEFAULT_FOLLOW_UP_DAYS}
                onChange={(e) => setP({ ...p, [f.key]: Number(e.target.value) })}
                {...invalidProps(issues, f.key, `${errorId}-${f.key}`)}
              />
            </Field>
            <IssuesAt issues={issues} field={f.key} id={`${errorId}-${f.key}`} />
          </div>
        ))}
        <IssuesAt issues={issues} rest={POLICY_FIELDS.map((f) => f.key)} id={`${errorId}-rest`} />
        <button type="submit">{t('save')}</button>
      </form>
    </Panel>
  );
}
