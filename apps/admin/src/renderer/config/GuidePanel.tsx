import { useState } from 'react';
import type { HallState, I18nText, Service, ServiceGuide } from '@onestop/shared';
import { useT } from '../strings.js';
import { FieldError, Panel, useRefusal, type Save } from './parts.js';

/** Lines of a text area: trimmed, the empty ones dropped. */
const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/**
 * The guide typed in the form: the materials one a line in each language (paired by line; a
 * line missing in English takes the Chinese), the fee in both (empty: none). Nothing at all: null.
 */
export function guideFrom(form: GuideForm): ServiceGuide | null {
  const zh = lines(form.materialsZh);
  const en = lines(form.materialsEn);
  const materials: I18nText[] = zh.map((m, i) => ({ zh: m, en: en[i] ?? m }));
  const feeZh = form.feeZh.trim();
  const feeEn = form.feeEn.trim();
  const fee = feeZh === '' && feeEn === '' ? null : { zh: feeZh || feeEn, en: feeEn || feeZh };
  return materials.length === 0 && fee === null ? null : { materials, fee };
}

export interface GuideForm {
  materialsZh: string;
  materialsEn: string;
  feeZh: string;
  feeEn: string;
}

export function formOf(service: Service): GuideForm {
  const guide = service.guide ?? null;
  return {
    materialsZh: guide?.materials.map((m) => m.zh).join('\n') ?? '',
    materialsEn: guide?.materials.map((m) => m.en).join('\n') ?? '',
    feeZh: guide?.fee?.zh ?? '',
    feeEn: guide?.fee?.en ?? '',
  };
}

/** 办事指南: each service's materials and fee, saved with the service. */
export function GuidePanel(props: { state: HallState; save: Save }) {
  const t = useT();
  return (
    <Panel title="pageGuide" testId="config-guide">
      <p className="muted">{t('guideHint')}</p>
      {props.state.config.services.map((s) => (
        <GuideRow
          key={`${s.id}-${JSON.stringify(s.guide ?? null)}`}
          service={s}
          save={props.save}
        />
      ))}
    </Panel>
  );
}

function GuideRow(props: { service: Service; save: Save }) {
  const t = useT();
  const { service } = props;
  const [form, setForm] = useState(() => formOf(service));
  const { issues, setRefusal, errorId } = useRefusal();
  const field = (
    key: keyof GuideForm,
    label: 'guideMaterialsZh' | 'guideMaterialsEn' | 'guideFeeZh' | 'guideFeeEn',
    area: boolean,
  ) => {
    const id = `guide-${service.id}-${key}`;
    return (
      <label htmlFor={id}>
        {t(label)}
        {area ? (
          <textarea
            id={id}
            rows={4}
            value={form[key]}
            onChange={(e) => setForm({ ...form, [key]: e.target.value })}
          />
        ) : (
          <input
            id={id}
            value={form[key]}
            onChange={(e) => setForm({ ...form, [key]: e.target.value })}
          />
        )}
      </label>
    );
  };
  return (
    <form
      className="guide-row"
      data-service={service.id}
      onSubmit={(e) => {
        e.preventDefault();
        void props
          .save({ kind: 'service', service: { ...service, guide: guideFrom(form) } })
          .then(setRefusal);
      }}
    >
      <h3>
        {service.prefix} · {t(service.name)}
      </h3>
      <div className="guide-fields">
        {field('materialsZh', 'guideMaterialsZh', true)}
        {field('materialsEn', 'guideMaterialsEn', true)}
        {field('feeZh', 'guideFeeZh', false)}
        {field('feeEn', 'guideFeeEn', false)}
      </div>
      <FieldError issues={issues} id={errorId} />
      <button type="submit" className="button">
        {t('guideSave')}
      </button>
    </form>
  );
}
