import type { ConfigDiff, ConfigFieldChange, HallConfig, I18nText, Lang } from '@onestop/shared';

/* A configuration change as the audit log shows it: one line a change, fields named in both languages. */

const SECTIONS: Record<string, I18nText> = {
  hall: { zh: '大厅', en: 'Hall' },
  departments: { zh: '部门', en: 'Department' },
  services: { zh: '业务', en: 'Service' },
  windows: { zh: '窗口', en: 'Window' },
  staff: { zh: '人员', en: 'Staff' },
  combinedVisits: { zh: '一件事', en: 'Combined visit' },
};

const FIELDS: Record<string, I18nText> = {
  'name.zh': { zh: '中文名称', en: 'Chinese name' },
  'name.en': { zh: '英文名称', en: 'English name' },
  name: { zh: '名称', en: 'name' },
  prefix: { zh: '字头', en: 'prefix' },
  departmentId: { zh: '部门', en: 'department' },
  dailyQuota: { zh: '每日限额', en: 'daily quota' },
  hours: { zh: '取号时间', en: 'hours' },
  defaultMinutes: { zh: '默认办理分钟', en: 'default minutes' },
  enabled: { zh: '启用', en: 'enabled' },
  number: { zh: '窗口号', en: 'number' },
  services: { zh: '办理业务', en: 'services' },
  role: { zh: '角色', en: 'role' },
  active: { zh: '在岗', en: 'active' },
  holidays: { zh: '节假日', en: 'holidays' },
  extraWorkdays: { zh: '调休上班日', en: 'extra workdays' },
  languages: { zh: '语言', en: 'languages' },
  timezone: { zh: '时区', en: 'timezone' },
  'notice.zh': { zh: '中文提示', en: 'Chinese notice' },
  'notice.en': { zh: '英文提示', en: 'English notice' },
};

/** `name.zh` → 中文名称; `services.tax` → 办理业务 tax; unknown fields as they are. */
function fieldName(field: string, lang: Lang): string {
  const known = FIELDS[field]?.[lang];
  if (known !== undefined) return known;
  const dot = field.indexOf('.');
  const head = dot < 0 ? undefined : FIELDS[field.slice(0, dot)]?.[lang];
  return head === undefined ? field : `${head} ${field.slice(dot + 1)}`;
}

const value = (v: string | null) => (v === null || v === '' ? '—' : v);

/** `业务 biz-open 中文名称：企业开办 → 企业开办（新）`, `+ 窗口 w13（综合）`. */
export function changeLine(c: ConfigFieldChange, lang: Lang): string {
  const section = SECTIONS[c.section]?.[lang] ?? c.section;
  const what = c.item === null ? section : `${section} ${c.item}`;
  const [open, close] = lang === 'zh' ? ['（', '）'] : [' (', ')'];
  if (c.change === 'added') return `+ ${what}${open}${value(c.to)}${close}`;
  if (c.change === 'removed') return `− ${what}${open}${value(c.from)}${close}`;
  const field = fieldName(c.field, lang);
  return `${what} ${field}${lang === 'zh' ? '：' : ': '}${value(c.from)} → ${value(c.to)}`;
}

/** Every line of a change, and how many more the hub left out. */
export function diffLines(diff: ConfigDiff, lang: Lang): string[] {
  const lines = diff.changes.map((c) => changeLine(c, lang));
  if (diff.more > 0) lines.push(lang === 'zh' ? `另有 ${diff.more} 项` : `${diff.more} more`);
  if (lines.length === 0) lines.push(lang === 'zh' ? '无改动' : 'No change');
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
    return lang === 'zh'
      ? `首次记录的配置（业务 / 窗口：${counts}），无更早配置可比`
      : `First configuration in the log (services / windows: ${counts}); nothing earlier to compare`;
  }
  return diffLines(diff, lang).join(lang === 'zh' ? '；' : '; ');
}
