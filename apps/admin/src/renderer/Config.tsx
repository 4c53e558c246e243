import { useContext, useState, type FormEvent } from 'react';
import {
  DEVICE_KINDS,
  STAFF_ROLES,
  t as hallText,
  type CallPolicy,
  type Department,
  type DeviceInfo,
  type DeviceKind,
  type HallState,
  type HallWindow,
  type Lang,
  type Service,
  type Staff,
  type StaffRole,
} from '@onestop/shared';
import type { CommandOutcome } from '@onestop/shared/client';
import type { AdminClient } from './hub.js';
import { CombinedVisitsPanel } from './CombinedVisits.js';
import { useDevices } from './Monitor.js';
import { timeIn } from './labels.js';
import { deviceStatusText } from './device-status.js';
import { LangContext, useT, type StringKey } from './strings.js';
import { hubErrorText } from './hub-error.js';
import {
  AddForm,
  DepartmentOptions,
  Field,
  Grid,
  NameCells,
  Panel,
  SaveCell,
  type Save,
} from './config-parts.js';
import { StaffUnlockButton } from './StaffUnlock.js';
import { WindowServicesEditor } from './window-services.js';

/** Configuration changes (admins only): each applies live, as an event attributed to the admin. */
export function Config(props: { client: AdminClient; state: HallState; version: number }) {
  const t = useT();
  const lang = useContext(LangContext);
  const { client, state } = props;
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const save: Save = async (change) => {
    const ack = await client.command('change_config', { change });
    if (ack.ok) {
      setMessage({ ok: true, text: t('saved') });
      return null;
    }
    const text = hubErrorText(ack.error, lang);
    setMessage({ ok: false, text });
    return text;
  };

  return (
    <div className="config">
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <DepartmentsPanel state={state} save={save} />
      <Panel title="services">
        <Grid
          testId="config-services"
          headings={[
            'prefix',
            'nameZh',
            'nameEn',
            'department',
            'quota',
            'hours',
            'defaultMinutes',
            'enabled',
            null,
          ]}
        >
          {state.config.services.map((s) => (
            <ServiceRow
              key={`${s.id}-${JSON.stringify(s)}`}
              service={s}
              departments={state.config.departments}
              save={save}
            />
          ))}
        </Grid>
        <NewService state={state} save={save} />
      </Panel>
      <Panel title="windows">
        <Grid
          testId="config-windows"
          headings={['window', 'nameZh', 'nameEn', 'windowServices', null]}
        >
          {state.config.windows.map((w) => (
            <WindowRow key={`${w.id}-${JSON.stringify(w)}`} window={w} state={state} save={save} />
          ))}
        </Grid>
        <NewWindow state={state} save={save} />
      </Panel>
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
      <NameCells id={s.id} name={s.name} onChange={(name) => setS({ ...s, name })} />
      <td>
        <select
          className="dept"
          aria-label={`${s.id} ${t('department')}`}
          value={s.departmentId}
          onChange={(e) => setS({ ...s, departmentId: e.target.value })}
        >
          <DepartmentOptions departments={props.departments} />
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
      <SaveCell
        edited={s}
        saved={props.service}
        onSave={() => void props.save({ kind: 'service', service: s })}
      />
    </tr>
  );
}

function WindowRow(props: { window: HallWindow; state: HallState; save: Save }) {
  const t = useT();
  const [w, setW] = useState(props.window);
  const next = w;
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
      <NameCells id={w.id} name={w.name} onChange={(name) => setW({ ...w, name })} />
      <td>
        <WindowServicesEditor
          label={w.id}
          departments={props.state.config.departments}
          services={props.state.config.services}
          value={w.services}
          onChange={(services) => setW({ ...w, services })}
        />
      </td>
      <SaveCell
        edited={next}
        saved={props.window}
        onSave={() => void props.save({ kind: 'window', window: next })}
      />
    </tr>
  );
}

/** A department's names, editable, and a form to add one. */
function DepartmentsPanel(props: { state: HallState; save: Save }) {
  const t = useT();
  const blank = { id: '', name: { zh: '', en: '' } };
  const [draft, setDraft] = useState<Department>(blank);
  return (
    <Panel title="departments">
      <Grid testId="config-departments" headings={['itemId', 'nameZh', 'nameEn', null]}>
        {props.state.config.departments.map((d) => (
          <DepartmentRow key={`${d.id}-${JSON.stringify(d)}`} department={d} save={props.save} />
        ))}
      </Grid>
      <AddForm
        save={props.save}
        change={() => ({ kind: 'department', department: draft })}
        onAdded={() => setDraft(blank)}
      >
        <NameFields draft={draft} onChange={setDraft} />
        <button type="submit">{t('addDepartment')}</button>
      </AddForm>
    </Panel>
  );
}

function DepartmentRow(props: { department: Department; save: Save }) {
  const [d, setD] = useState(props.department);
  return (
    <tr data-department={d.id}>
      <td>
        <b>{d.id}</b>
      </td>
      <NameCells id={d.id} name={d.name} onChange={(name) => setD({ ...d, name })} />
      <SaveCell
        edited={d}
        saved={props.department}
        onSave={() => void props.save({ kind: 'department', department: d })}
      />
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
    <AddForm
      testId="new-service"
      save={props.save}
      change={() => ({ kind: 'service', service: draft })}
      onAdded={() => setDraft(blank)}
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
        <DepartmentOptions departments={props.state.config.departments} />
      </select>
      <button type="submit">{t('addService')}</button>
    </AddForm>
  );
}

/** A new window: id, number, names and its services, each in a tier. */
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
  return (
    <AddForm
      testId="new-window"
      save={props.save}
      change={() => ({ kind: 'window', window: draft })}
      onAdded={() => setDraft(blank)}
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
      <WindowServicesEditor
        label={t('newWindow')}
        departments={props.state.config.departments}
        services={props.state.config.services}
        value={draft.services}
        onChange={(services) => setDraft({ ...draft, services })}
      />
      <button type="submit">{t('addWindow')}</button>
    </AddForm>
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
    <Panel title="policy">
      <form className="stack" onSubmit={submit}>
        {POLICY_FIELDS.map((f) => (
          <Field key={f.key} label={f.label}>
            <input
              className="narrow"
              type="number"
              min={0}
              name={f.key}
              value={p[f.key]}
              onChange={(e) => setP({ ...p, [f.key]: Number(e.target.value) })}
            />
          </Field>
        ))}
        <button type="submit">{t('save')}</button>
      </form>
    </Panel>
  );
}

function NoticeForm(props: { state: HallState; save: Save }) {
  const t = useT();
  const [n, setN] = useState(props.state.config.hall.notice);
  return (
    <Panel title="notice">
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
    </Panel>
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
              />
            </Field>
          );
        })}
        <Field label="defaultLanguage">
          <select
            name="defaultLanguage"
            value={primary}
            onChange={(e) => setPrimary(e.target.value === 'en' ? 'en' : 'zh')}
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
        <Field label="timezone">
          <input
            name="timezone"
            list="known-timezones"
            value={timezone}
            maxLength={64}
            onChange={(e) => setTimezone(e.target.value)}
          />
        </Field>
        <datalist id="known-timezones">
          {knownTimezones().map((tz) => (
            <option key={tz} value={tz} />
          ))}
        </datalist>
        <p className="muted hint">{t('timezoneHint')}</p>
        <button type="submit">{t('save')}</button>
      </form>
    </Panel>
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
    </Panel>
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
  const lang = useContext(LangContext);
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
        : { ok: false, text: hubErrorText(ack.error, lang) },
    );
    if (ack.ok) setPins({ ...pins, [code]: '' });
  };
  return (
    <Panel title="staff">
      <Grid headings={['staffCode', 'name', 'role', 'active', 'resetPin']}>
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
              <StaffUnlockButton
                client={props.client}
                staffCode={s.code}
                onMessage={props.onMessage}
              />
            </td>
          </tr>
        ))}
      </Grid>
      <AddForm
        save={props.save}
        change={() => ({ kind: 'staff', staff: draft })}
        onAdded={() => setDraft({ code: '', name: '', role: 'clerk', active: true })}
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
      </AddForm>
    </Panel>
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
    } else props.onMessage({ ok: false, text: hubErrorText(ack.error, lang) });
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
    if (!ack.ok) {
      props.onMessage({ ok: false, text: hubErrorText(ack.error, lang) });
      return;
    }
    reload();
    // A retry of a lost answer brings a fresh code, or none when the device has paired since.
    setCode(ack.result.pairingCode);
    if (ack.result.pairingCode === null) props.onMessage({ ok: false, text: t('pairingCodeUsed') });
  };
  return (
    <Panel title="devices">
      <Grid headings={['deviceName', 'kind', 'window', 'lastSeen', 'reportedStatus', null]}>
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
      </Grid>
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
    </Panel>
  );
}
