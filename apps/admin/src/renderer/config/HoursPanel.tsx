import { useContext, useState, type ReactNode } from 'react';
import type { HallState, Service } from '@onestop/shared';
import { LangContext, useT, type StringKey } from '../strings.js';
import { FieldError, IssuesAt, Panel, useRefusal, type Save } from './parts.js';
import type { FieldIssue } from './refusal.js';
import {
  dayName,
  WEEKDAYS,
  hoursSummary,
  periodsOfRule,
  rulesOf,
  sameHours,
  weekOf,
  type Period,
  type Week,
} from './week-hours.js';

/*
 * 营业时间: each service's hours by weekday (several periods a day, or closed), and the hall's
 * calendar of closed days and weekend days worked.
 */
export function HoursPanel(props: {
  state: HallState;
  save: Save;
  /** The service whose week is edited (from the address), or null: the first. */
  serviceId: string | null;
  onService: (serviceId: string) => void;
}) {
  const t = useT();
  const lang = useContext(LangContext);
  const { services } = props.state.config;
  const current = services.find((s) => s.id === props.serviceId) ?? services[0];
  return (
    <>
      <section className="panel hours" data-testid="config-hours">
        <h2>{t('serviceHours')}</h2>
        <p className="muted hint">{t('hoursHelp')}</p>
        <div className="hours-split">
          <table className="grid hours-list" data-testid="hours-list">
            <thead>
              <tr>
                <th>{t('service')}</th>
                <th>{t('hours')}</th>
              </tr>
            </thead>
            <tbody>
              {services.map((s) => (
                <tr key={s.id} className={s.id === current?.id ? 'selected' : undefined}>
                  <td className="nowrap">
                    <a
                      href={`#/config/hours/${s.id}`}
                      aria-current={s.id === current?.id ? 'true' : undefined}
                      onClick={(e) => {
                        e.preventDefault();
                        props.onService(s.id);
                      }}
                    >
                      <b>{s.prefix}</b> {s.name[lang]}
                    </a>
                  </td>
                  <td>{hoursSummary(s.hours, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {current && (
            <WeekEditor
              key={`${current.id}-${JSON.stringify(current)}`}
              service={current}
              save={props.save}
            />
          )}
        </div>
      </section>
      <CalendarPanel
        key={JSON.stringify([
          props.state.config.hall.holidays,
          props.state.config.hall.extraWorkdays,
        ])}
        state={props.state}
        save={props.save}
      />
    </>
  );
}

/** Where the issues of a refused week are: each at the periods of the rule it names. */
function issuesByPeriod(
  issues: readonly FieldIssue[],
  week: Week,
): { at: Map<string, FieldIssue[]>; rest: FieldIssue[] } {
  const at = new Map<string, FieldIssue[]>();
  const rest: FieldIssue[] = [];
  for (const issue of issues) {
    const m = /^hours\.(\d+)(?:\.(open|close|days))?/.exec(issue.field);
    const places = m ? periodsOfRule(week, Number(m[1])) : [];
    if (places.length === 0) rest.push(issue);
    for (const p of places) {
      const key = `${p.day}.${p.period}.${m?.[2] ?? ''}`;
      at.set(key, [...(at.get(key) ?? []), issue]);
    }
  }
  return { at, rest };
}

/** A service's week: a row per weekday, ticked open with its periods, or closed. */
function WeekEditor(props: { service: Service; save: Save }) {
  const t = useT();
  const lang = useContext(LangContext);
  const { service } = props;
  const [week, setWeek] = useState<Week>(() => weekOf(service.hours));
  const { issues, setRefusal, errorId } = useRefusal();
  const rules = rulesOf(week);
  const changed = !sameHours(rules, service.hours);
  const { at, rest } = issuesByPeriod(issues, week);
  const setDay = (day: number, periods: Period[]) =>
    setWeek(week.map((p, i) => (i === day ? periods : p)));
  /** A day opened again takes the periods of the nearest open day before it, or 09:00–17:00. */
  const reopen = (day: number): Period[] => {
    for (let i = day - 1; i >= 0; i--) {
      const before = week[i];
      if (before && before.length > 0) return before.map((p) => ({ ...p }));
    }
    return [{ open: '09:00', close: '17:00' }];
  };
  const title = t('weekOf', { name: `${service.prefix} ${service.name[lang]}` });
  return (
    <form
      className="week-editor"
      data-testid="week-editor"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        void props
          .save({ kind: 'service', service: { ...service, hours: rules } })
          .then(setRefusal);
      }}
    >
      <h3>{title}</h3>
      <table className="grid week">
        <thead>
          <tr>
            <th>{t('weekday')}</th>
            <th>{t('dayIsOpen')}</th>
            <th>{t('periods')}</th>
          </tr>
        </thead>
        <tbody>
          {week.map((periods, day) => {
            const name = dayName(day, lang);
            const dayIssues = [...at.entries()]
              .filter(([key]) => key.startsWith(`${day}.`))
              .flatMap(([, list]) => list)
              .filter((x, i, all) => all.indexOf(x) === i);
            const dayErrorId = `${errorId}-${day}`;
            return (
              <WeekdayRow
                key={WEEKDAYS[day]}
                name={name}
                periods={periods}
                invalid={(period, field) =>
                  (at.get(`${day}.${period}.${field}`) ?? at.get(`${day}.${period}.`) ?? [])
                    .length > 0
                }
                issues={dayIssues}
                errorId={dayErrorId}
                onChange={(next) => setDay(day, next)}
                onOpen={(open) => setDay(day, open ? reopen(day) : [])}
              />
            );
          })}
        </tbody>
      </table>
      <FieldError issues={rest} id={`${errorId}-rest`} />
      <div className="buttons">
        <button type="submit" disabled={!changed}>
          {t('save')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!changed}
          onClick={() => {
            setWeek(weekOf(service.hours));
            setRefusal(null);
          }}
        >
          {t('revert')}
        </button>
      </div>
    </form>
  );
}

function WeekdayRow(props: {
  name: string;
  periods: Period[];
  invalid: (period: number, field: 'open' | 'close') => boolean;
  issues: readonly FieldIssue[];
  errorId: string;
  onChange: (periods: Period[]) => void;
  onOpen: (open: boolean) => void;
}) {
  const t = useT();
  const { name, periods, onChange } = props;
  const open = periods.length > 0;
  const set = (i: number, p: Period) => onChange(periods.map((x, j) => (j === i ? p : x)));
  const marks = (i: number, field: 'open' | 'close') =>
    props.invalid(i, field)
      ? { 'aria-invalid': true as const, 'aria-describedby': props.errorId }
      : {};
  return (
    <>
      <tr data-weekday={name} className={open ? undefined : 'closed-day'}>
        <th scope="row">{name}</th>
        <td>
          <input
            type="checkbox"
            aria-label={`${name} ${t('dayIsOpen')}`}
            checked={open}
            onChange={(e) => props.onOpen(e.target.checked)}
          />
        </td>
        <td className="periods">
          {!open && <span className="muted">{t('dayClosedAll')}</span>}
          {periods.map((p, i) => (
            <span className="period" key={i}>
              <input
                className="time"
                inputMode="numeric"
                placeholder="09:00"
                aria-label={`${name} ${i + 1} ${t('periodOpen')}`}
                value={p.open}
                onChange={(e) => set(i, { ...p, open: e.target.value.trim() })}
                {...marks(i, 'open')}
              />
              –
              <input
                className="time"
                inputMode="numeric"
                placeholder="17:00"
                aria-label={`${name} ${i + 1} ${t('periodClose')}`}
                value={p.close}
                onChange={(e) => set(i, { ...p, close: e.target.value.trim() })}
                {...marks(i, 'close')}
              />
              <button
                type="button"
                className="secondary small"
                aria-label={`${name} ${i + 1} ${t('removePeriod')}`}
                onClick={() => onChange(periods.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </span>
          ))}
          {open && (
            <button
              type="button"
              className="secondary small"
              aria-label={`${name} ${t('addPeriod')}`}
              onClick={() => {
                const last = periods.at(-1);
                onChange([...periods, { open: last?.close ?? '09:00', close: '17:00' }]);
              }}
            >
              + {t('addPeriod')}
            </button>
          )}
        </td>
      </tr>
      {props.issues.length > 0 && (
        <tr className="row-error">
          <td colSpan={3}>
            <FieldError issues={props.issues} id={props.errorId} />
          </td>
        </tr>
      )}
    </>
  );
}

/** Whether `day` (`YYYY-MM-DD`) is a Saturday or a Sunday: the only days that can be worked. */
export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function CalendarPanel(props: { state: HallState; save: Save }) {
  const t = useT();
  const [holidays, setHolidays] = useState(props.state.config.hall.holidays);
  const [extra, setExtra] = useState(props.state.config.hall.extraWorkdays);
  const [problem, setProblem] = useState<StringKey | null>(null);
  const { issues, setRefusal, errorId } = useRefusal();
  const sorted = (days: readonly string[]) => [...new Set(days)].sort();
  return (
    <Panel title="calendar" testId="config-calendar">
      {problem && (
        <p className="error" role="alert">
          {t(problem)}
        </p>
      )}
      <div className="split">
        <DateList
          name="holidays"
          label={t('holidays')}
          days={holidays}
          onAdd={(day) => {
            setProblem(null);
            setHolidays(sorted([...holidays, day]));
            setExtra(extra.filter((d) => d !== day));
          }}
          onRemove={(day) => setHolidays(holidays.filter((d) => d !== day))}
          error={<IssuesAt issues={issues} field="holidays" id={`${errorId}-holidays`} />}
        />
        <DateList
          name="extraWorkdays"
          label={t('extraWorkdays')}
          days={extra}
          onAdd={(day) => {
            if (!isWeekend(day)) return setProblem('notWeekend');
            if (holidays.includes(day)) return setProblem('alreadyHoliday');
            setProblem(null);
            setExtra(sorted([...extra, day]));
          }}
          onRemove={(day) => setExtra(extra.filter((d) => d !== day))}
          error={<IssuesAt issues={issues} field="extraWorkdays" id={`${errorId}-extra`} />}
        />
      </div>
      <IssuesAt issues={issues} rest={['holidays', 'extraWorkdays']} id={`${errorId}-rest`} />
      <button
        type="button"
        onClick={() =>
          void props.save({ kind: 'calendar', holidays, extraWorkdays: extra }).then(setRefusal)
        }
      >
        {t('save')}
      </button>
    </Panel>
  );
}

function DateList(props: {
  name: string;
  label: string;
  days: readonly string[];
  onAdd: (day: string) => void;
  onRemove: (day: string) => void;
  error: ReactNode;
}) {
  const t = useT();
  const [day, setDay] = useState('');
  return (
    <div className="stack">
      <h3>{props.label}</h3>
      <ul className="dates" aria-label={props.label}>
        {props.days.length === 0 && <li className="none">{t('noDates')}</li>}
        {props.days.map((d) => (
          <li key={d}>
            <span>{d}</span>{' '}
            <button
              type="button"
              aria-label={`${t('remove')} ${d}`}
              onClick={() => props.onRemove(d)}
            >
              {t('remove')}
            </button>
          </li>
        ))}
      </ul>
      {props.error}
      <form
        className="date-add"
        onSubmit={(e) => {
          e.preventDefault();
          if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
          props.onAdd(day);
          setDay('');
        }}
      >
        <input
          type="date"
          name={props.name}
          aria-label={props.label}
          required
          value={day}
          onChange={(e) => setDay(e.target.value)}
        />
        <button type="submit">{t('add')}</button>
      </form>
    </div>
  );
}
