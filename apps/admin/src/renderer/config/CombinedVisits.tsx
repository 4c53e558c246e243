import { useState } from 'react';
import type { CombinedVisit, CombinedVisitStep, HallState } from '@onestop/shared';
import { useT, type StringKey } from '../strings.js';
import { FieldError, invalidProps, useRefusal, type Save } from './parts.js';

/*
 * 一件事一次办: the hall's combined visits, each one number through several services step by
 * step. Edited like the other items: put by id (`combined_visit`), or removed
 * (`combined_visit_remove`); the hub checks the whole configuration and names a wrong field.
 */

/** `biz-open > tax, social` → two steps; blank parts are dropped. */
export function parseSteps(text: string): CombinedVisitStep[] {
  return text
    .split(/[>＞→]/)
    .map((step) => ({ serviceIds: step.split(/[,，、\s]+/).filter((id) => id !== '') }))
    .filter((step) => step.serviceIds.length > 0);
}

export function formatSteps(steps: readonly CombinedVisitStep[]): string {
  return steps.map((step) => step.serviceIds.join(', ')).join(' > ');
}

interface Draft {
  id: string;
  departmentId: string;
  zh: string;
  en: string;
  descriptionZh: string;
  descriptionEn: string;
  steps: string;
}

function draftOf(v: CombinedVisit | null): Draft {
  return {
    id: v?.id ?? '',
    departmentId: v?.departmentId ?? '',
    zh: v?.name.zh ?? '',
    en: v?.name.en ?? '',
    descriptionZh: v?.description?.zh ?? '',
    descriptionEn: v?.description?.en ?? '',
    steps: v ? formatSteps(v.steps) : '',
  };
}

/** The path of a draft's field in the visit, as the hub names it in a refusal. */
const PATHS: Record<keyof Draft, string> = {
  id: 'id',
  departmentId: 'departmentId',
  zh: 'name.zh',
  en: 'name.en',
  descriptionZh: 'description.zh',
  descriptionEn: 'description.en',
  steps: 'steps',
};

/** The visit a draft describes; no description when both of its lines are blank. */
export function visitOf(d: Draft): CombinedVisit {
  const described = d.descriptionZh.trim() !== '' || d.descriptionEn.trim() !== '';
  return {
    id: d.id.trim(),
    departmentId: d.departmentId === '' ? null : d.departmentId,
    name: { zh: d.zh, en: d.en },
    description: described ? { zh: d.descriptionZh, en: d.descriptionEn } : null,
    steps: parseSteps(d.steps),
  };
}

export function CombinedVisitsPanel(props: { state: HallState; save: Save }) {
  const t = useT();
  const visits = props.state.config.combinedVisits ?? [];
  return (
    <section className="panel" data-testid="config-visits">
      <h2>{t('visitsTitle')}</h2>
      <p className="hint">{t('visitsHelp')}</p>
      {visits.length === 0 ? <p>{t('visitsEmpty')}</p> : null}
      {visits.map((v) => (
        <VisitForm
          key={`${v.id}-${JSON.stringify(v)}`}
          state={props.state}
          visit={v}
          save={props.save}
        />
      ))}
      <VisitForm key={`new-${visits.length}`} state={props.state} visit={null} save={props.save} />
    </section>
  );
}

/** One visit's fields with Save and Remove, or (visit null) the form that adds one. */
function VisitForm(props: { state: HallState; visit: CombinedVisit | null; save: Save }) {
  const t = useT();
  const { visit, state } = props;
  const [d, setD] = useState<Draft>(draftOf(visit));
  const { issues, setRefusal, errorId } = useRefusal();
  const next = visitOf(d);
  const label = (text: StringKey) => (visit ? `${visit.id} ${t(text)}` : t(text));
  const field = (
    key: keyof Draft,
    text: StringKey,
    size: 'id' | 'narrow' | 'half-start' | 'half' | 'full' = 'narrow',
  ) => (
    <label className={`visit-field ${size}`}>
      <span>{t(text)}</span>
      <input
        aria-label={label(text)}
        value={d[key]}
        onChange={(e) => setD({ ...d, [key]: e.target.value })}
        {...invalidProps(issues, PATHS[key], errorId)}
      />
    </label>
  );
  const names = new Map(state.config.services.map((s) => [s.id, s.name]));
  return (
    <form
      className="visit-form"
      data-visit={visit?.id ?? 'new'}
      onSubmit={(e) => {
        e.preventDefault();
        void props.save({ kind: 'combined_visit', visit: next }).then((err) => {
          setRefusal(err);
          if (err === null && visit === null) setD(draftOf(null));
        });
      }}
    >
      {visit ? <b className="visit-id">{visit.id}</b> : field('id', 'visitId', 'id')}
      {field('zh', 'visitNameZh')}
      {field('en', 'visitNameEn')}
      <label className="visit-field narrow">
        <span>{t('visitDepartment')}</span>
        <select
          aria-label={label('visitDepartment')}
          value={d.departmentId}
          onChange={(e) => setD({ ...d, departmentId: e.target.value })}
          {...invalidProps(issues, 'departmentId', errorId)}
        >
          <option value="">{t('visitNoDepartment')}</option>
          {state.config.departments.map((dep) => (
            <option key={dep.id} value={dep.id}>
              {t(dep.name)}
            </option>
          ))}
        </select>
      </label>
      {field('steps', 'visitSteps', 'full')}
      {field('descriptionZh', 'visitDescriptionZh', 'half-start')}
      {field('descriptionEn', 'visitDescriptionEn', 'half')}
      <ol className="visit-steps" aria-label={label('visitSteps')}>
        {next.steps.map((step, i) => (
          <li key={i}>
            {step.serviceIds
              .map((id) => (names.has(id) ? t(names.get(id) ?? 'visitNoDepartment') : `${id} ?`))
              .join(' + ')}
          </li>
        ))}
      </ol>
      <div className="visit-error">
        <FieldError issues={issues} id={errorId} />
      </div>
      <div className="visit-buttons">
        <button
          type="submit"
          disabled={visit !== null && JSON.stringify(next) === JSON.stringify(visit)}
        >
          {visit ? t('save') : t('visitAdd')}
        </button>
        {visit ? (
          <button
            type="button"
            className="danger"
            onClick={() =>
              void props.save({ kind: 'combined_visit_remove', visitId: visit.id }).then(setRefusal)
            }
          >
            {t('visitRemove')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
