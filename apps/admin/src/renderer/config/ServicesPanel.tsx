import { useContext, useState } from 'react';
import type { Department, HallState, Service } from '@onestop/shared';
import { LangContext, useT } from '../strings.js';
import {
  AddForm,
  DepartmentOptions,
  Grid,
  NameCells,
  Panel,
  RowError,
  SaveCell,
  invalidProps,
  useRefusal,
  type Save,
} from './parts.js';
import { NameFields } from './NameFields.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { waitingFor } from './waiting.js';
import { hoursSummary } from './week-hours.js';

/** 部门与事项: the departments, then the services, each saved by its row. */
export function ServicesPanel(props: { state: HallState; save: Save }) {
  const { state, save } = props;
  return (
    <>
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
              waiting={waitingFor(state, s.id)}
              save={save}
            />
          ))}
        </Grid>
        <NewService state={state} save={save} />
      </Panel>
    </>
  );
}

const SERVICE_COLUMNS = 9;

/**
 * A service's row. Its hours are edited on the hours page (a row per weekday); here their
 * summary links there. Disabling a service people wait for asks first, with their number now.
 */
function ServiceRow(props: {
  service: Service;
  departments: readonly Department[];
  waiting: number;
  save: Save;
}) {
  const t = useT();
  const lang = useContext(LangContext);
  const [s, setS] = useState(props.service);
  const [confirming, setConfirming] = useState(false);
  const { issues, setRefusal, errorId } = useRefusal();
  const invalid = (field: string) => invalidProps(issues, field, errorId);
  const send = () => {
    setConfirming(false);
    void props.save({ kind: 'service', service: s }).then(setRefusal);
  };
  const disabling = props.service.enabled && !s.enabled;
  return (
    <>
      <tr data-service={s.id} className={issues.length > 0 ? 'refused' : undefined}>
        <td>
          <input
            className="prefix"
            aria-label={`${s.id} ${t('prefix')}`}
            value={s.prefix}
            maxLength={2}
            onChange={(e) => setS({ ...s, prefix: e.target.value.toUpperCase().trim() })}
            {...invalid('prefix')}
          />
        </td>
        <NameCells
          id={s.id}
          name={s.name}
          onChange={(name) => setS({ ...s, name })}
          issues={issues}
          errorId={errorId}
        />
        <td>
          <select
            className="dept"
            aria-label={`${s.id} ${t('department')}`}
            value={s.departmentId}
            onChange={(e) => setS({ ...s, departmentId: e.target.value })}
            {...invalid('departmentId')}
          >
            <DepartmentOptions departments={props.departments} />
          </select>
        </td>
        <td>
          <input
            className="narrow"
            type="number"
            min={1}
            aria-label={`${s.id} ${t('quota')}`}
            value={s.dailyQuota ?? ''}
            onChange={(e) =>
              setS({ ...s, dailyQuota: e.target.value === '' ? null : Number(e.target.value) })
            }
            {...invalid('dailyQuota')}
          />
        </td>
        <td className="hours-summary">
          {/* Named by what it shows, then whose hours they are (the same hours recur). */}
          <a
            href={`#/config/hours/${s.id}`}
            aria-label={`${hoursSummary(s.hours, lang)} (${s.id} ${t('hours')})`}
          >
            {hoursSummary(s.hours, lang)}
          </a>
        </td>
        <td>
          <input
            className="narrow"
            type="number"
            min={1}
            aria-label={`${s.id} ${t('defaultMinutes')}`}
            value={s.defaultMinutes}
            onChange={(e) => setS({ ...s, defaultMinutes: Number(e.target.value) })}
            {...invalid('defaultMinutes')}
          />
        </td>
        <td>
          <input
            type="checkbox"
            aria-label={`${s.id} ${t('enabled')}`}
            checked={s.enabled}
            onChange={(e) => setS({ ...s, enabled: e.target.checked })}
          />
        </td>
        <SaveCell
          edited={s}
          saved={props.service}
          onSave={() => (disabling && props.waiting > 0 ? setConfirming(true) : send())}
        />
      </tr>
      <RowError issues={issues} colSpan={SERVICE_COLUMNS} id={errorId} />
      {confirming && (
        <ConfirmDialog
          title={t('disableTitle', { name: s.name[lang] })}
          confirm={t('confirmDisable')}
          onConfirm={send}
          onCancel={() => setConfirming(false)}
        >
          <p data-testid="disable-waiting">
            {t('disableWaiting', { count: String(props.waiting) })}
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

/** A department's names, editable, and a form to add one. */
function DepartmentsPanel(props: { state: HallState; save: Save }) {
  const t = useT();
  return (
    <Panel title="departments">
      <Grid testId="config-departments" headings={['itemId', 'nameZh', 'nameEn', null]}>
        {props.state.config.departments.map((d) => (
          <DepartmentRow key={`${d.id}-${JSON.stringify(d)}`} department={d} save={props.save} />
        ))}
      </Grid>
      <AddForm<Department>
        testId="new-department"
        blank={{ id: '', name: { zh: '', en: '' } }}
        save={props.save}
        change={(department) => ({ kind: 'department', department })}
        submit={t('addDepartment')}
      >
        {(f) => (
          <NameFields draft={f.draft} onChange={f.setDraft} issues={f.issues} errorId={f.errorId} />
        )}
      </AddForm>
    </Panel>
  );
}

function DepartmentRow(props: { department: Department; save: Save }) {
  const [d, setD] = useState(props.department);
  const { issues, setRefusal, errorId } = useRefusal();
  return (
    <>
      <tr data-department={d.id}>
        <td>
          <b>{d.id}</b>
        </td>
        <NameCells
          id={d.id}
          name={d.name}
          onChange={(name) => setD({ ...d, name })}
          issues={issues}
          errorId={errorId}
        />
        <SaveCell
          edited={d}
          saved={props.department}
          onSave={() => void props.save({ kind: 'department', department: d }).then(setRefusal)}
        />
      </tr>
      <RowError issues={issues} colSpan={4} id={errorId} />
    </>
  );
}

/**
 * A new service: id, prefix, names and department; it starts enabled, open Monday to Friday
 * 09:00–17:00 with 10 minutes a visit, edited in its row and on the hours page once added.
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
  return (
    <AddForm
      testId="new-service"
      blank={blank}
      save={props.save}
      change={(service) => ({ kind: 'service', service })}
      submit={t('addService')}
    >
      {({ draft, setDraft, ...f }) => (
        <>
          <input
            className="narrow"
            aria-label={t('prefix')}
            placeholder={t('prefix')}
            value={draft.prefix}
            required
            onChange={(e) => setDraft({ ...draft, prefix: e.target.value.toUpperCase().trim() })}
            {...f.invalid('prefix')}
          />
          <NameFields draft={draft} onChange={setDraft} issues={f.issues} errorId={f.errorId} />
          <select
            aria-label={t('department')}
            value={draft.departmentId}
            onChange={(e) => setDraft({ ...draft, departmentId: e.target.value })}
          >
            <DepartmentOptions departments={props.state.config.departments} />
          </select>
        </>
      )}
    </AddForm>
  );
}
