import {
  t,
  type ConfigDiff,
  type ConfigFieldChange,
  type HallConfig,
  type Lang,
  type TextKey,
} from '@onestop/shared';

/* A configuration change as the audit log shows it: one line a change, fields named in both languages. */

const SECTIONS: Readonly<Record<string, TextKey>> = {
  hall: 'audit.section.hall',
  departments: 'audit.section.departments',
  services: 'audit.section.services',
  windows: 'audit.section.windows',
  staff: 'audit.section.staff',
  combinedVisits: 'audit.section.combinedVisits',
};

const FIELDS: Readonly<Record<string, TextKey>> = {
  'name.zh': 'audit.field.nameZh',
  'name.en': 'audit.field.nameEn',
  name: 'audit.field.name',
  prefix: 'audit.field.prefix',
  departmentId: 'audit.field.departmentId',
  dailyQuota: 'audit.field.dailyQuota',
  hours: 'audit.field.hours',
  defaultMinutes: 'audit.field.defaultMinutes',
  enabled: 'audit.field.enabled',
  number: 'audit.field.number',
  services: 'audit.field.services',
  role: 'audit.field.role',
  active: 'audit.field.active',
  holidays: 'audit.field.holidays',
  extraWorkdays: 'audit.field.extraWorkdays',
  languages: 'audit.field.languages',
  timezone: 'audit.field.timezone',
  'notice.zh': 'audit.field.noticeZh',
  'notice.en': 'audit.field.noticeEn',
};

/** The words of `key` in `table`, or undefined when the table does not name it. */
function named(table: Readonly<Record<string, TextKey>>, key: string, lang: Lang) {
  const text = Object.hasOwn(table, key) ? table[key] : undefined;
  return text === undefined ? undefined : t(text, lang);
}

/** `name.zh` → 中文名称; `services.tax` → 办理业务 tax; unknown fields as they are. */
function fieldName(field: string, lang: Lang): string {
  const known = named(FIELDS, field, lang);
  if (known !== undefined) return known;
  const dot = field.indexOf('.');
  const head = dot < 0 ? undefined : named(FIELDS, field.slice(0, dot), lang);
  return head === undefined ? field : `${head} ${field.slice(dot + 1)}`;
}

const value = (v: string | null) => (v === null || v === '' ? '—' : v);

/** `业务 biz-open 中文名称：企业开办 → 企业开办（新）`, `+ 窗口 w13（综合）`. */
export function changeLine(c: ConfigFieldChange, lang: Lang): string {
  const section = named(SECTIONS, c.section, lang) ?? c.section;
  const what = c.item === null ? section : `${section} ${c.item}`;
  if (c.change === 'added') return t('audit.diff.added', lang, { what, value: value(c.to) });
  if (c.change === 'removed') return t('audit.diff.removed', lang, { what, value: value(c.from) });
  const field = fieldName(c.field, lang);
  return t('audit.diff.changed', lang, { what, field, from: value(c.from), to: value(c.to) });
}

/** Every line of a change, and how many more the hub left out. */
export function diffLines(diff: ConfigDiff, lang: Lang): string[] {
  const lines = diff.changes.map((c) => changeLine(c, lang));
  if (diff.more > 0) lines.push(t('audit.diff.more', lang, { n: diff.more }));
  if (lines.length === 0) lines.push(t('audit.diff.none', lang));
  return lines;
}

/** The details of a `config_changed` row; without an earlier configuration, its counts. */
export function configChangeText(
  config: HallConfig,
  diff: ConfigDiff | null | undefined,
  lang: Lang,
): string {
  if (diff === null || diff === undefined) {
    const counts = `${config.services.length} / ${config.windows.length}`;
    return t('audit.diff.first', lang, { counts });
  }
  return diffLines(diff, lang).join(lang === 'zh' ? '；' : '; ');
}
