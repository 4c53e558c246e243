import { useState } from 'react';
import type { CombinedVisit, CombinedVisitStep, HallState, I18nText } from '@onestop/shared';
import { useT } from '../strings.js';
import { FieldError, invalidProps, useRefusal, type Save } from './parts.js';

/*
 * 一件事一次办: the hall's combined visits, each one number through several services step by
 * step. Edited like the other items: put by id (`combined_visit`), or removed
 * (`combined_visit_remove`); the hub checks the whole configuration and names a wrong field.
 */

const V = {
  title: { zh: '一件事一次办（组合事项）', en: 'Combined visits (one number, several services)' },
  help: {
    zh: '步骤用 > 分隔，同一步骤内的事项用逗号分隔（不分先后）。例如：biz-open > tax, social',
    en: 'Separate steps with >, and the services of one step (any order) with commas. E.g. biz-open > tax, social',
  },
  id: { zh: '编号', en: 'Id' },
  nameZh: { zh: '中文名称', en: 'Chinese name' },
  nameEn: { zh: '英文名称', en: 'English name' },
  descriptionZh: { zh: '中文说明', en: 'Chinese description' },
  descriptionEn: { zh: '英文说明', en: 'English description' },
  department: { zh: '所属部门', en: 'Department' },
  none: { zh: '（仅首页）', en: '(home screen only)' },
  steps: { zh: '步骤', en: 'Steps' },
  save: { zh: '保存', en: 'Save' },
  remove: { zh: '删除', en: 'Remove' },
  add: { zh: '添加组合事项', en: 'Add a combined visit' },
  empty: { zh: '尚未设置组合事项', en: 'No combined visits yet' },
} satisfies Record<string, I18nText>;

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
      <h2>{t(V.title)}</h2>
      <p className="hint">{t(V.help)}</p>
      {visits.length === 0 ? <p>{t(V.empty)}</p> : null}
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
  const label = (text: I18nText) => (visit ? `${visit.id} ${t(text)}` : t(text));
  const field = (
    key: keyof Draft,
    text: I18nText,
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
      {visit ? <b className="visit-id">{visit.id}</b> : field('id', V.id, 'id')}
      {field('zh', V.nameZh)}
      {field('en', V.nameEn)}
      <label className="visit-field narrow">
        <span>{t(V.department)}</span>
        <select
          aria-label={label(V.department)}
          value={d.departmentId}
          onChange={(e) => setD({ ...d, departmentId: e.target.value })}
          {...invalidProps(issues, 'departmentId', errorId)}
        >
          <option value="">{t(V.none)}</option>
          {state.config.departments.map((dep) => (
            <option key={dep.id} value={dep.id}>
              {t(dep.name)}
            </option>
          ))}
        </select>
      </label>
      {field('steps', V.steps, 'full')}
      {field('descriptionZh', V.descriptionZh, 'half-start')}
      {field('descriptionEn', V.descriptionEn, 'half')}
      <ol className="visit-steps" aria-label={label(V.steps)}>
        {next.steps.map((step, i) => (
          <li key={i}>
            {step.serviceIds
              .map((id) => (names.has(id) ? t(names.get(id) ?? V.none) : `${id} ?`))
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
          {visit ? t(V.save) : t(V.add)}
        </button>
        {visit ? (
          <button
            type="button"
            className="danger"
            onClick={() =>
              void props.save({ kind: 'combined_visit_remove', visitId: visit.id }).then(setRefusal)
            }
          >
            {t(V.remove)}
          </button>
        ) : null}
      </div>
    </form>
  );
}
