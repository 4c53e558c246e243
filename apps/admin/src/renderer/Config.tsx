import { useContext, useState, type FormEvent } from 'react';
import {
  DEVICE_KINDS,
  STAFF_ROLES,
  t as hallText,
  type CallPolicy,
  type ConfigChange,
  type Department,
  type DeviceInfo,
  type DeviceKind,
  type HallState,
  type HallWindow,
  type Lang,
  type Service,
  type Staff,
  type StaffRole,
  type WindowService,
} from '@onestop/shared';
import type { CommandOutcome } from '@onestop/shared/client';
import type { AdminClient } from './hub.js';
import { CombinedVisitsPanel } from './CombinedVisits.js';
import { useDevices } from './Monitor.js';
import { timeIn } from './labels.js';
import { deviceStatusText } from './device-status.js';
import { LangContext, useT, type StringKey } from './strings.js';

type Save = (change: ConfigChange) => Promise<string | null>;

/** Configuration changes (admins only): each applies live, as an event attributed to the admin. */
export function Config(props: { client: AdminClient; state: HallState; version: number }) {
  const t = useT();
  const { client, state } = props;
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const save: Save = async (change) => {
    const ack = await client.command('change_config', { change });
    if (ack.ok) {
      setMessage({ ok: true, text: t('saved') });
      return null;
    }
    setMessage({ ok: false, text: ack.error.message });
    return ack.error.message;
  };

  return (
    <div className="config">
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <DepartmentsPanel state={state} save={save} />
      <section className="panel">
        <h2>{t('services')}</h2>
        <table className="grid" data-testid="config-services">
          <thead>
            <tr>
              <th>{t('prefix')}</th>
              <th>{t('nameZh')}</th>
              <th>{t('nameEn')}</th>
              <th>{t('department')}</th>
              <th>{t('quota')}</th>
              <th>{t('hours')}</th>
              <th>{t('defaultMinutes')}</th>
              <th>{t('enabled')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {state.config.services.map((s) => (
              <ServiceRow
                key={`${s.id}-${JSON.stringify(s)}`}
                service={s}
                departments={state.config.departments}
                save={save}
              />
            ))}
          </tbody>
        </table>
        <NewService state={state} save={save} />
      </section>
      <section className="panel">
        <h2>{t('windows')}</h2>
        <table className="grid" data-testid="config-windows">
          <thead>
            <tr>
              <th>{t('window')}</th>
              <th>{t('nameZh')}</th>
              <th>{t('nameEn')}</th>
              <th>{t('windowServices')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {state.config.windows.map((w) => (
              <WindowRow key={`${w.id}-${JSON.stringify(w)}`} window={w} save={save} />
            ))}
          </tbody>
        </table>
        <NewWindow state={state} save={save} />
      </section>
      <CombinedVisitsPanel state={state} save={save} />
      <HallForm
        key={JSON.stringify([
          state.config.hall.name,
          state.config.hall.languages,
          state.config.hall.timezone,
        ])}
        state={state}
        save={save}
      />
      <div className="split">
        <PolicyForm
          key={JSON.stringify(state.config.hall.policy)}
          policy={state.config.hall.policy}
          save={save}
        />
        <NoticeForm key={JSON.stringify(state.config.hall.notice)} state={state} save={save} />
      </div>
      <CalendarForm
        key={JSON.stringify([state.config.hall.holidays, state.config.hall.extraWorkdays])}
        state={state}
        save={save}
      />
      <StaffPanel client={client} state={state} save={save} onMessage={setMessage} />
      <DevicesPanel client={client} state={state} onMessage={setMessage} />
    </div>
  );
}

function ServiceRow(props: { service: Service; departments: readonly Department[]; save: Save }) {
  const lang = useContext(LangContext);
  const t = useT();
  const [s, setS] = useState(props.service);
  const first = s.hours[0];
  const setHours = (open: string, close: string) =>
    setS({
      ...s,
      hours: first
        ? [{ ...first, open, close }, ...s.hours.slice(1)]
        : [{ days: [1, 2, 3, 4, 5], open, close }],
    });
  return (
    <tr data-service={s.id}>
      <td>
        <b>{s.prefix}</b>
      </td>
      <td>
        <input
          aria-label={`${s.id} ${t('nameZh')}`}
          name="nameZh"
          value={s.name.zh}
          onChange={(e) => setS({ ...s, name: { ...s.name, zh: e.target.value } })}
        />
      </td>
      <td>
        <input
          aria-label={`${s.id} ${t('nameEn')}`}
          name="nameEn"
          value={s.name.en}
          onChange={(e) => setS({ ...s, name: { ...s.name, en: e.target.value } })}
        />
      </td>
      <td>
        <select
          className="dept"
          aria-label={`${s.id} ${t('department')}`}
          value={s.departmentId}
          onChange={(e) => setS({ ...s, departmentId: e.target.value })}
        >
          {props.departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name[lang]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          className="narrow"
          type="number"
          min={1}
          aria-label={t('quota')}
          value={s.dailyQuota ?? ''}
          onChange={(e) =>
            setS({ ...s, dailyQuota: e.target.value === '' ? null : Number(e.target.value) })
          }
        />
      </td>
      <td className="nowrap">
        <input
          className="time"
          aria-label="open"
          value={first?.open ?? ''}
          onChange={(e) => setHours(e.target.value, first?.close ?? '17:00')}
        />
        –
        <input
          className="time"
          aria-label="close"
          value={first?.close ?? ''}
          onChange={(e) => setHours(first?.open ?? '09:00', e.target.value)}
        />
      </td>
      <td>
        <input
          className="narrow"
          type="number"
          min={1}
          aria-label={t('defaultMinutes')}
          value={s.defaultMinutes}
          onChange={(e) => setS({ ...s, defaultMinutes: Number(e.target.value) })}
        />
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={t('enabled')}
          checked={s.enabled}
          onChange={(e) => setS({ ...s, enabled: e.target.checked })}
        />
      </td>
      <td>
        <button
          type="button"
          disabled={JSON.stringify(s) === JSON.stringify(props.service)}
          onClick={() => void props.save({ kind: 'service', service: s })}
        >
          {t('save')}
        </button>
      </td>
    </tr>
  );
}

/** `biz-open:2, biz-change:1` — a window's services with their weights, as typed. */
export function parseWindowServices(text: string): WindowService[] {
  return text
    .split(/[,，\s]+/)
    .filter((part) => part !== '')
    .map((part) => {
      const [serviceId = '', weight = '1'] = part.split(/[:：]/);
      return { serviceId, weight: Number(weight) };
    });
}

export function formatWindowServices(services: readonly WindowService[]): string {
  return services.map((s) => `${s.serviceId}:${s.weight}`).join(', ');
}

function WindowRow(props: { window: HallWindow; save: Save }) {
  const t = useT();
  const [w, setW] = useState(props.window);
  const [services, setServices] = useState(formatWindowServices(props.window.services));
  const next = { ...w, services: parseWindowServices(services) };
  return (
    <tr data-window={w.id}>
      <td>
        <input
          className="narrow"
          type="number"
          min={1}
          aria-label={`${w.id} ${t('windowNumber')}`}
          value={w.number}
          onChange={(e) => setW({ ...w, number: Number(e.target.value) })}
        />
      </td>
      <td>
        <input
          aria-label={`${w.id} ${t('nameZh')}`}
          value={w.name.zh}
          onChange={(e) => setW({ ...w, name: { ...w.name, zh: e.target.value } })}
        />
      </td>
      <td>
        <input
          aria-label={`${w.id} ${t('nameEn')}`}
          value={w.name.en}
          onChange={(e) => setW({ ...w, name: { ...w.name, en: e.target.value } })}
        />
      </td>
      <td>
        <input
          className="wide"
          aria-label={`${w.id} ${t('windowServices')}`}
          value={services}
          onChange={(e) => setServices(e.target.value)}
        />
      </td>
      <td>
        <button
          type="button"
          disabled={JSON.stringify(next) === JSON.stringify(props.window)}
          onClick={() => void props.save({ kind: 'window', window: next })}
        >
          {t('save')}
        </button>
      </td>
    </tr>
  );
}

/** A department's names, editable, and a form to add one. */
function DepartmentsPanel(props: { state: HallState; save: Save }) {
  const t = useT();
  const blank = { id: '', name: { zh: '', en: '' } };
  const [draft, setDraft] = useState<Department>(blank);
  return (
    <section className="panel">
      <h2>{t('departments')}</h2>
      <table className="grid" data-testid="config-departments">
        <thead>
          <tr>
            <th>{t('itemId')}</th>
            <th>{t('nameZh')}</th>
            <th>{t('nameEn')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.state.config.departments.map((d) => (
            <DepartmentRow key={`${d.id}-${JSON.stringify(d)}`} department={d} save={props.save} />
          ))}
        </tbody>
      </table>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void props.save({ kind: 'department', department: draft }).then((err) => {
            if (err === null) setDraft(blank);
          });
        }}
      >
        <NameFields draft={draft} onChange={setDraft} />
        <button type="submit">{t('addDepartment')}</button>
      </form>
    </section>
  );
}

function DepartmentRow(props: { department: Department; save: Save }) {
  const t = useT();
  const [d, setD] = useState(props.department);
  return (
    <tr data-department={d.id}>
      <td>
        <b>{d.id}</b>
      </td>
      <td>
        <input
          aria-label={`${d.id} ${t('nameZh')}`}
          value={d.name.zh}
          onChange={(e) => setD({ ...d, name: { ...d.name, zh: e.target.value } })}
        />
      </td>
      <td>
        <input
          aria-label={`${d.id} ${t('nameEn')}`}
          value={d.name.en}
          onChange={(e) => setD({ ...d, name: { ...d.name, en: e.target.value } })}
        />
      </td>
      <td>
        <button
          type="button"
          disabled={JSON.stringify(d) === JSON.stringify(props.department)}
          onClick={() => void props.save({ kind: 'department', department: d })}
        >
          {t('save')}
        </button>
      </td>
    </tr>
  );
}

/** The id and both names of a new item. */
function NameFields<T extends { id: string; name: { zh: string; en: string } }>(props: {
  draft: T;
  onChange: (next: T) => void;
}) {
  const t = useT();
  const { draft, onChange } = props;
  return (
    <>
      <input
        aria-label={t('itemId')}
        placeholder={t('itemId')}
        value={draft.id}
        required
        onChange={(e) => onChange({ ...draft, id: e.target.value.trim() })}
      />
      <input
        aria-label={t('nameZh')}
        placeholder={t('nameZh')}
        value={draft.name.zh}
        required
        onChange={(e) => onChange({ ...draft, name: { ...draft.name, zh: e.target.value } })}
      />
      <input
        aria-label={t('nameEn')}
        placeholder={t('nameEn')}
        value={draft.name.en}
        required
        onChange={(e) => onChange({ ...draft, name: { ...draft.name, en: e.target.value } })}
      />
    </>
  );
}

/**
 * A new service: id, prefix, names and department; it starts enabled, open Monday to Friday
 * 09:00–17:00 with 10 minutes a visit, edited in its row once added.
 */
function NewService(props: { state: HallState; save: Save }) {
  const t = useT();
  const lang = useContext(LangContext);
  const departmentId = props.state.config.departments[0]?.id ?? '';
  const blank: Service = {
    id: '',
    departmentId,
    prefix: '',
    name: { zh: '', en: '' },
    dailyQuota: null,
    hours: [{ days: [1, 2, 3, 4, 5], open: '09:00', close: '17:00' }],
    defaultMinutes: 10,
    enabled: true,
  };
  const [draft, setDraft] = useState<Service>(blank);
  return (
    <form
      className="toolbar"
      data-testid="new-service"
      onSubmit={(e) => {
        e.preventDefault();
        void props.save({ kind: 'service', service: draft }).then((err) => {
          if (err === null) setDraft(blank);
        });
      }}
    >
      <input
        className="narrow"
        aria-label={t('prefix')}
        placeholder={t('prefix')}
        value={draft.prefix}
        required
        onChange={(e) => setDraft({ ...draft, prefix: e.target.value.toUpperCase().trim() })}
      />
      <NameFields draft={draft} onChange={setDraft} />
      <select
        aria-label={t('department')}
        value={draft.departmentId}
        onChange={(e) => setDraft({ ...draft, departmentId: e.target.value })}
      >
        {props.state.config.departments.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name[lang]}
          </option>
        ))}
      </select>
      <button type="submit">{t('addService')}</button>
    </form>
  );
}

/** A new window: id, number, names and its services with weights (`biz-open:2, tax:1`). */
function NewWindow(props: { state: HallState; save: Save }) {
  const t = useT();
  const numbers = props.state.config.windows.map((w) => w.number);
  const blank: HallWindow = {
    id: '',
    number: Math.max(0, ...numbers) + 1,
    name: { zh: '', en: '' },
    services: [],
  };
  const [draft, setDraft] = useState<HallWindow>(blank);
  const [services, setServices] = useState('');
  return (
    <form
      className="toolbar"
      data-testid="new-window"
      onSubmit={(e) => {
        e.preventDefault();
        const window = { ...draft, services: parseWindowServices(services) };
        void props.save({ kind: 'window', window }).then((err) => {
          if (err === null) {
            setDraft(blank);
            setServices('');
          }
        });
      }}
    >
      <input
        className="narrow"
        type="number"
        min={1}
        aria-label={t('windowNumber')}
        value={draft.number}
        onChange={(e) => setDraft({ ...draft, number: Number(e.target.value) })}
      />
      <NameFields draft={draft} onChange={setDraft} />
      <input
        className="wide"
        aria-label={t('windowServices')}
        placeholder={t('windowServices')}
        value={services}
        required
        onChange={(e) => setServices(e.target.value)}
      />
      <button type="submit">{t('addWindow')}</button>
    </form>
  );
}

const POLICY_FIELDS: { key: keyof CallPolicy; label: StringKey }[] = [
  { key: 'priorityRatio', label: 'priorityRatio' },
  { key: 'maxWaitMinutes', label: 'maxWaitMinutes' },
  { key: 'recallLimit', label: 'recallLimit' },
  { key: 'appointmentGraceMinutes', label: 'appointmentGrace' },
  { key: 'complaintDeadlineDays', label: 'complaintDays' },
];

function PolicyForm(props: { policy: CallPolicy; save: Save }) {
  const t = useT();
  const [p, setP] = useState(props.policy);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void props.save({ kind: 'policy', policy: p });
  };
  return (
    <section className="panel">
      <h2>{t('policy')}</h2>
      <form className="stack" onSubmit={submit}>
        {POLICY_FIELDS.map((f) => (
          <label key={f.key} className="row">
            <span>{t(f.label)}</span>
            <input
              className="narrow"
              type="number"
              min={0}
              name={f.key}
              value={p[f.key]}
              onChange={(e) => setP({ ...p, [f.key]: Number(e.target.value) })}
            />
          </label>
        ))}
        <button type="submit">{t('save')}</button>
      </form>
    </section>
  );
}

function NoticeForm(props: { state: HallState; save: Save }) {
  const t = useT();
  const [n, setN] = useState(props.state.config.hall.notice);
  return (
    <section className="panel">
      <h2>{t('notice')}</h2>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void props.save({ kind: 'notice', notice: n });
        }}
      >
        <input
          aria-label="zh"
          value={n.zh}
          maxLength={200}
          onChange={(e) => setN({ ...n, zh: e.target.value })}
        />
        <input
          aria-label="en"
          value={n.en}
          maxLength={200}
          onChange={(e) => setN({ ...n, en: e.target.value })}
        />
        <button type="submit">{t('save')}</button>
      </form>
    </section>
  );
}

/** Whether the browser knows `tz` as an IANA timezone (the hub checks it the same way). */
export function isTimezone(tz: string): boolean {
  if (tz.trim() === '' || tz !== tz.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Every timezone the browser knows, for the timezone field's suggestions. */
function knownTimezones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}

/** The hall's names, its languages (the default first, at least one) and its timezone. */
function HallForm(props: { state: HallState; save: Save }) {
  const t = useT();
  const hall = props.state.config.hall;
  const [name, setName] = useState(hall.name);
  const [primary, setPrimary] = useState<Lang>(hall.languages[0] ?? 'zh');
  const [both, setBoth] = useState(hall.languages.length > 1);
  const [timezone, setTimezone] = useState(hall.timezone);
  const [problems, setProblems] = useState<StringKey[]>([]);
  const other: Lang = primary === 'zh' ? 'en' : 'zh';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: StringKey[] = [];
    if (name.zh.trim() === '' || name.en.trim() === '') found.push('nameMissing');
    if (!isTimezone(timezone)) found.push('badTimezone');
    setProblems(found);
    if (found.length > 0) return;
    void props.save({
      kind: 'hall',
      name: { zh: name.zh.trim(), en: name.en.trim() },
      languages: both ? [primary, other] : [primary],
      timezone,
    });
  };
  return (
    <section className="panel" data-testid="config-hall">
      <h2>{t('hallSettings')}</h2>
      {problems.length > 0 && (
        <p className="error" role="alert">
          {problems.map((p) => t(p)).join('；')}
        </p>
      )}
      <form className="hall-form" onSubmit={submit}>
        <label className="row">
          <span>{t('hallNameZh')}</span>
          <input
            name="hallNameZh"
            value={name.zh}
            maxLength={100}
            onChange={(e) => setName({ ...name, zh: e.target.value })}
          />
        </label>
        <label className="row">
          <span>{t('hallNameEn')}</span>
          <input
            name="hallNameEn"
            value={name.en}
            maxLength={100}
            onChange={(e) => setName({ ...name, en: e.target.value })}
          />
        </label>
        <label className="row">
          <span>{t('defaultLanguage')}</span>
          <select
            name="defaultLanguage"
            value={primary}
            onChange={(e) => setPrimary(e.target.value === 'en' ? 'en' : 'zh')}
          >
            <option value="zh">{t('langZh')}</option>
            <option value="en">{t('langEn')}</option>
          </select>
        </label>
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
        <label className="row">
          <span>{t('timezone')}</span>
          <input
            name="timezone"
            list="known-timezones"
            value={timezone}
            maxLength={64}
            onChange={(e) => setTimezone(e.target.value)}
          />
        </label>
        <datalist id="known-timezones">
          {knownTimezones().map((tz) => (
            <option key={tz} value={tz} />
          ))}
        </datalist>
        <p className="muted hint">{t('timezoneHint')}</p>
        <button type="submit">{t('save')}</button>
      </form>
    </section>
  );
}

/** Whether `day` (`YYYY-MM-DD`) is a Saturday or a Sunday: the only days that can be worked. */
export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function CalendarForm(props: { state: HallState; save: Save }) {
  const t = useT();
  const [holidays, setHolidays] = useState(props.state.config.hall.holidays);
  const [extra, setExtra] = useState(props.state.config.hall.extraWorkdays);
  const [problem, setProblem] = useState<StringKey | null>(null);
  const sorted = (days: readonly string[]) => [...new Set(days)].sort();
  return (
    <section className="panel" data-testid="config-calendar">
      <h2>{t('calendar')}</h2>
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
        />
      </div>
      <button
        type="button"
        onClick={() => void props.save({ kind: 'calendar', holidays, extraWorkdays: extra })}
      >
        {t('save')}
      </button>
    </section>
  );
}

function DateList(props: {
  name: string;
  label: string;
  days: readonly string[];
  onAdd: (day: string) => void;
  onRemove: (day: string) => void;
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

const ROLE_LABEL: Record<StaffRole, StringKey> = {
  clerk: 'roleClerk',
  supervisor: 'roleSupervisor',
  admin: 'roleAdmin',
};

function StaffPanel(props: {
  client: AdminClient;
  state: HallState;
  save: Save;
  onMessage: (m: { ok: boolean; text: string }) => void;
}) {
  const t = useT();
  const [draft, setDraft] = useState<Staff>({ code: '', name: '', role: 'clerk', active: true });
  const [pins, setPins] = useState<Record<string, string>>({});
  const resetPin = async (code: string) => {
    const ack = await props.client.command('set_staff_pin', {
      staffCode: code,
      pin: pins[code] ?? '',
    });
    props.onMessage(
      ack.ok
        ? { ok: true, text: `${t('pinSet')}: ${code}` }
        : { ok: false, text: ack.error.message },
    );
    if (ack.ok) setPins({ ...pins, [code]: '' });
  };
  return (
    <section className="panel">
      <h2>{t('staff')}</h2>
      <table className="grid">
        <thead>
          <tr>
            <th>{t('staffCode')}</th>
            <th>{t('name')}</th>
            <th>{t('role')}</th>
            <th>{t('active')}</th>
            <th>{t('resetPin')}</th>
          </tr>
        </thead>
        <tbody>
          {props.state.config.staff.map((s) => (
            <tr key={s.code} className={s.active ? '' : 'dim'}>
              <td>{s.code}</td>
              <td>{s.name}</td>
              <td>{t(ROLE_LABEL[s.role])}</td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${s.code} ${t('active')}`}
                  checked={s.active}
                  onChange={(e) =>
                    void props.save({ kind: 'staff', staff: { ...s, active: e.target.checked } })
                  }
                />
              </td>
              <td className="nowrap">
                <input
                  className="narrow"
                  type="password"
                  inputMode="numeric"
                  aria-label={`${s.code} ${t('newPin')}`}
                  placeholder={t('newPin')}
                  value={pins[s.code] ?? ''}
                  onChange={(e) => setPins({ ...pins, [s.code]: e.target.value })}
                />
                <button
                  type="button"
                  className="secondary"
                  disabled={!pins[s.code]}
                  onClick={() => void resetPin(s.code)}
                >
                  {t('resetPin')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void props.save({ kind: 'staff', staff: draft }).then((err) => {
            if (err === null) setDraft({ code: '', name: '', role: 'clerk', active: true });
          });
        }}
      >
        <input
          aria-label={t('staffCode')}
          placeholder={t('staffCode')}
          value={draft.code}
          onChange={(e) => setDraft({ ...draft, code: e.target.value })}
        />
        <input
          aria-label={t('name')}
          placeholder={t('name')}
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        />
        <select
          aria-label={t('role')}
          value={draft.role}
          onChange={(e) => setDraft({ ...draft, role: e.target.value as StaffRole })}
        >
          {STAFF_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(ROLE_LABEL[r])}
            </option>
          ))}
        </select>
        <button type="submit">{t('addStaff')}</button>
      </form>
    </section>
  );
}

function DeviceRow(props: {
  device: DeviceInfo;
  tz: string;
  windowLabel: (windowId: string) => string;
  client: AdminClient;
  onDone: () => void;
  onMessage: (m: { ok: boolean; text: string }) => void;
}) {
  const t = useT();
  const lang = useContext(LangContext);
  const d = props.device;
  const [name, setName] = useState(d.name);
  const [confirming, setConfirming] = useState(false);
  const answer = (ack: CommandOutcome<unknown>) => {
    if (ack.ok) {
      props.onMessage({ ok: true, text: t('saved') });
      props.onDone();
    } else props.onMessage({ ok: false, text: ack.error.message });
  };
  const rename = async (e: FormEvent) => {
    e.preventDefault();
    answer(await props.client.command('rename_device', { deviceId: d.id, name }));
  };
  const unpair = async () => {
    setConfirming(false);
    answer(await props.client.command('unpair_device', { deviceId: d.id }));
  };
  const revoked = d.revokedAt !== null;
  return (
    <tr data-device={d.id} className={revoked ? 'dim' : ''}>
      <td>
        <form className="inline" onSubmit={(e) => void rename(e)}>
          <input
            aria-label={`${d.id} ${t('deviceName')}`}
            value={name}
            required
            disabled={revoked}
            onChange={(e) => setName(e.target.value)}
          />
          {!revoked && name !== d.name && (
            <button type="submit" className="secondary">
              {t('rename')}
            </button>
          )}
        </form>
      </td>
      <td>{hallText(`device_kind.${d.kind}`, lang)}</td>
      <td>{d.windowId === null ? '—' : props.windowLabel(d.windowId)}</td>
      <td>{d.lastSeenAt ? timeIn(d.lastSeenAt, props.tz) : '—'}</td>
      <td>
        {revoked
          ? t('unpaired')
          : d.pairedAt === null
            ? t('notPaired')
            : deviceStatusText(d.status, lang)}
      </td>
      <td>
        {!revoked &&
          (confirming ? (
            <button type="button" className="danger" onClick={() => void unpair()}>
              {t('confirmUnpair')}
            </button>
          ) : (
            <button type="button" className="secondary" onClick={() => setConfirming(true)}>
              {t('unpair')}
            </button>
          ))}
      </td>
    </tr>
  );
}

function DevicesPanel(props: {
  client: AdminClient;
  state: HallState;
  onMessage: (m: { ok: boolean; text: string }) => void;
}) {
  const t = useT();
  const lang = useContext(LangContext);
  const { devices, reload } = useDevices(props.client);
  const tz = props.state.config.hall.timezone;
  const [kind, setKind] = useState<DeviceKind>('kiosk');
  const [name, setName] = useState('');
  const [windowId, setWindowId] = useState(props.state.config.windows[0]?.id ?? '');
  const [code, setCode] = useState<string | null>(null);
  const needsWindow = kind === 'window_terminal' || kind === 'rating_pad';
  const create = async (e: FormEvent) => {
    e.preventDefault();
    const ack = await props.client.command('create_device', {
      kind,
      name,
      windowId: needsWindow ? windowId : null,
    });
    if (ack.ok) setCode(ack.result.pairingCode);
    else props.onMessage({ ok: false, text: ack.error.message });
  };
  return (
    <section className="panel">
      <h2>{t('devices')}</h2>
      <table className="grid">
        <thead>
          <tr>
            <th>{t('deviceName')}</th>
            <th>{t('kind')}</th>
            <th>{t('window')}</th>
            <th>{t('lastSeen')}</th>
            <th>{t('reportedStatus')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {devices.map((d) => (
            <DeviceRow
              key={d.id}
              device={d}
              tz={tz}
              windowLabel={(id) =>
                String(props.state.config.windows.find((w) => w.id === id)?.number ?? id)
              }
              client={props.client}
              onDone={reload}
              onMessage={props.onMessage}
            />
          ))}
        </tbody>
      </table>
      <form className="toolbar" onSubmit={(e) => void create(e)}>
        <select
          aria-label={t('kind')}
          value={kind}
          onChange={(e) => setKind(e.target.value as DeviceKind)}
        >
          {DEVICE_KINDS.map((k) => (
            <option key={k} value={k}>
              {hallText(`device_kind.${k}`, lang)}
            </option>
          ))}
        </select>
        <input
          aria-label={t('name')}
          placeholder={t('name')}
          value={name}
          required
          onChange={(e) => setName(e.target.value)}
        />
        {needsWindow && (
          <select
            aria-label={t('window')}
            value={windowId}
            onChange={(e) => setWindowId(e.target.value)}
          >
            {props.state.config.windows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.number}
              </option>
            ))}
          </select>
        )}
        <button type="submit">{t('addDevice')}</button>
        {code && (
          <span className="code">
            {t('pairingCode')}: <b>{code}</b>
          </span>
        )}
      </form>
    </section>
  );
}
