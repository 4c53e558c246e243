import { useState, type FormEvent } from 'react';
import { isValidTimezone, type HallState, type Lang } from '@onestop/shared';
import { useT, type StringKey } from '../strings.js';
import { Field, IssuesAt, Panel, invalidProps, useRefusal, type Save } from './parts.js';

/** Whether the browser knows `tz` as an IANA timezone (the hub checks it the same way). */
export function isTimezone(tz: string): boolean {
  return tz.trim() !== '' && tz === tz.trim() && isValidTimezone(tz);
}

/** Every timezone the browser knows, for the timezone field's suggestions. */
function knownTimezones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}

/** The hall's names, its languages (the default first, at least one) and its timezone. */
export function HallPanel(props: { state: HallState; save: Save }) {
  const t = useT();
  const hall = props.state.config.hall;
  const [name, setName] = useState(hall.name);
  const [primary, setPrimary] = useState<Lang>(hall.languages[0] ?? 'zh');
  const [both, setBoth] = useState(hall.languages.length > 1);
  const [timezone, setTimezone] = useState(hall.timezone);
  const [problems, setProblems] = useState<StringKey[]>([]);
  const { issues, setRefusal, errorId } = useRefusal();
  const other: Lang = primary === 'zh' ? 'en' : 'zh';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: StringKey[] = [];
    if (name.zh.trim() === '' || name.en.trim() === '') found.push('nameMissing');
    if (!isTimezone(timezone)) found.push('badTimezone');
    setProblems(found);
    setRefusal(null);
    if (found.length > 0) return;
    void props
      .save({
        kind: 'hall',
        name: { zh: name.zh.trim(), en: name.en.trim() },
        languages: both ? [primary, other] : [primary],
        timezone,
      })
      .then(setRefusal);
  };
  return (
    <Panel title="hallSettings" testId="config-hall">
      {problems.length > 0 && (
        <p className="error" role="alert">
          {problems.map((p) => t(p)).join('；')}
        </p>
      )}
      <form className="hall-form" onSubmit={submit}>
        {(['hallNameZh', 'hallNameEn'] as const).map((field) => {
          const lang: Lang = field === 'hallNameZh' ? 'zh' : 'en';
          return (
            <Field key={field} label={field}>
              <input
                name={field}
                value={name[lang]}
                maxLength={100}
                onChange={(e) => setName({ ...name, [lang]: e.target.value })}
                {...invalidProps(issues, `name.${lang}`, `${errorId}-name`)}
              />
            </Field>
          );
        })}
        <IssuesAt issues={issues} field="name" id={`${errorId}-name`} />
        <Field label="defaultLanguage">
          <select
            name="defaultLanguage"
            value={primary}
            onChange={(e) => setPrimary(e.target.value === 'en' ? 'en' : 'zh')}
            {...invalidProps(issues, 'languages', `${errorId}-languages`)}
          >
            <option value="zh">{t('langZh')}</option>
            <option value="en">{t('langEn')}</option>
          </select>
        </Field>
        <label className="row check">
          <input
            type="checkbox"
            name="bothLanguages"
            checked={both}
            onChange={(e) => setBoth(e.target.checked)}
          />
          <span>
            {t('alsoLanguage')} ({t(other === 'zh' ? 'langZh' : 'langEn')})
          </span>
        </label>
        <IssuesAt issues={issues} field="languages" id={`${errorId}-languages`} />
        <Field label="timezone">
          <input
            name="timezone"
            list="known-timezones"
            value={timezone}
            maxLength={64}
            onChange={(e) => setTimezone(e.target.value)}
            {...invalidProps(issues, 'timezone', `${errorId}-timezone`)}
          />
        </Field>
        <IssuesAt issues={issues} field="timezone" id={`${errorId}-timezone`} />
        <datalist id="known-timezones">
          {knownTimezones().map((tz) => (
            <option key={tz} value={tz} />
          ))}
        </datalist>
        <p className="muted hint">{t('timezoneHint')}</p>
        <IssuesAt
          issues={issues}
          rest={['name', 'languages', 'timezone']}
          id={`${errorId}-other`}
        />
        <button type="submit">{t('save')}</button>
      </form>
    </Panel>
  );
}
