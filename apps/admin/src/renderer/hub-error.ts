import { errorMessage, type ClientErrorCode, type ErrorCode, type Lang } from '@onestop/shared';
import { S, type StringKey } from './strings.js';

/**
 * A refusal of the hub in the console's language. The hub names each wrong field by its path
 * and says why in English (`invalid change_config: change.policy.maxWaitMinutes: Too big:
 * expected number to be <=1440`, `services.10.prefix: duplicate prefix "A"`): the console
 * shows each as the field's label on the page and the reason in the page's language
 * (最长等候（分钟）：不能大于 1440). A reason it does not know is kept as the hub said it.
 */
export interface HubError {
  code: ErrorCode | ClientErrorCode;
  message: string;
}

export function hubErrorText(error: HubError, lang: Lang): string {
  return hubIssues(error, lang)
    .map((issue) => issue.text)
    .join(lang === 'zh' ? '；' : '; ');
}

/** One wrong field of a refusal: the hub's path to it, and the field and reason in words. */
export interface HubIssue {
  /** `change.service.prefix`, `services.3.hours.1.close`; empty when the hub names no field. */
  path: string;
  text: string;
}

/** Each wrong field of a refusal on its own, so that a page can show it at the field. */
export function hubIssues(error: HubError, lang: Lang): HubIssue[] {
  if (error.code !== 'invalid_message') {
    if (error.code === 'forbidden' && error.message.includes('their own account'))
      return [{ path: 'staff', text: TEXT.ownAccount[lang] }];
    return [{ path: '', text: errorMessage(error.code, lang) }];
  }
  const body = error.message.replace(/^invalid [a-z_]+: /, '').replace(/; and \d+ more$/, '');
  return body.split('; ').map((issue) => {
    const at = issue.indexOf(': ');
    if (at < 0) return { path: '', text: reasonText(issue, lang) };
    const path = issue.slice(0, at);
    return {
      path,
      text: `${fieldText(path, lang)}${lang === 'zh' ? '：' : ': '}${reasonText(issue.slice(at + 2), lang)}`,
    };
  });
}

const TEXT = {
  ownAccount: {
    zh: '不能停用自己的账号或取消自己的管理员角色',
    en: 'You cannot disable your own account or remove your own admin role',
  },
} as const;

/** The last named part of a path, as the page labels it. */
const FIELDS: Readonly<Record<string, StringKey>> = {
  prefix: 'prefix',
  dailyQuota: 'quota',
  hours: 'hours',
  days: 'hours',
  open: 'hours',
  close: 'hours',
  defaultMinutes: 'defaultMinutes',
  enabled: 'enabled',
  priorityRatio: 'priorityRatio',
  maxWaitMinutes: 'maxWaitMinutes',
  recallLimit: 'recallLimit',
  appointmentGraceMinutes: 'appointmentGrace',
  complaintDeadlineDays: 'complaintDays',
  departmentId: 'department',
  number: 'windowNumber',
  services: 'windowServices',
  code: 'staffCode',
  staffCode: 'staffCode',
  ticketId: 'ticket',
  windowId: 'window',
  role: 'role',
  active: 'active',
  pin: 'newPin',
  timezone: 'timezone',
  holidays: 'holidays',
  extraWorkdays: 'extraWorkdays',
  notice: 'notice',
  id: 'itemId',
  from: 'from',
  to: 'to',
  contact: 'contactPhone',
  summary: 'complaintSummary',
  text: 'followUpText',
};

function fieldText(path: string, lang: Lang): string {
  const names = path.split('.').filter((p) => !/^\d+$/.test(p));
  const last = names.at(-1) ?? path;
  const before = names.at(-2);
  if ((last === 'zh' || last === 'en') && before !== undefined) {
    if (before === 'name' && names.includes('hall'))
      return S[last === 'zh' ? 'hallNameZh' : 'hallNameEn'][lang];
    if (before === 'name') return S[last === 'zh' ? 'nameZh' : 'nameEn'][lang];
    const field = FIELDS[before];
    if (field !== undefined) return `${S[field][lang]} (${last})`;
  }
  if (last === 'name') return S.name[lang];
  const field = FIELDS[last];
  return field === undefined ? path : S[field][lang];
}

type Reason = [RegExp, { zh: string; en: string }];
/** The hub's reasons (zod's and the hall schema's own), `$1` … standing for what they matched. */
const REASONS: Reason[] = [
  [/^Too big: expected number to be <=(\S+)$/, { zh: '不能大于 $1', en: 'must be at most $1' }],
  [/^Too big: expected number to be <(\S+)$/, { zh: '须小于 $1', en: 'must be less than $1' }],
  [/^Too small: expected number to be >=(\S+)$/, { zh: '不能小于 $1', en: 'must be at least $1' }],
  [/^Too small: expected number to be >(\S+)$/, { zh: '须大于 $1', en: 'must be more than $1' }],
  [
    /^Too small: expected string to have >=1 characters$/,
    { zh: '不能为空', en: 'must not be empty' },
  ],
  [
    /^Too small: expected string to have >=(\d+) characters$/,
    { zh: '至少 $1 个字符', en: 'at least $1 characters' },
  ],
  [
    /^Too big: expected string to have <=(\d+) characters$/,
    { zh: '最多 $1 个字符', en: 'at most $1 characters' },
  ],
  [/^Too small: expected array to have >=(\d+) items?$/, { zh: '至少 $1 项', en: 'at least $1' }],
  [/^Too big: expected array to have <=(\d+) items?$/, { zh: '最多 $1 项', en: 'at most $1' }],
  [/^Invalid input: expected int\b.*$/, { zh: '须为整数', en: 'must be a whole number' }],
  [/^Invalid input: expected number\b.*$/, { zh: '须为数字', en: 'must be a number' }],
  [
    /^one or two capital letters$/,
    { zh: '须为一到两个大写字母', en: 'one or two capital letters' },
  ],
  [
    /^2 to 16 letters or digits$/,
    { zh: '须为 2 到 16 个字母或数字', en: '2 to 16 letters or digits' },
  ],
  [/^(\d+) to (\d+) digits$/, { zh: '须为 $1 到 $2 位数字', en: '$1 to $2 digits' }],
  [
    /^a phone number: digits, spaces, "-" and a leading "\+"$/,
    { zh: '只能包含数字、空格、“-”和开头的“+”', en: 'digits, spaces, "-" and a leading "+" only' },
  ],
  [
    /^say what the visitor complains about$/,
    { zh: '请填写投诉内容', en: 'say what the visitor complains about' },
  ],
  [
    /^say what was done \(an assignee, a note or an outcome\)$/,
    {
      zh: '请填写责任人工号、跟进记录或处理结果',
      en: 'say what was done (an assignee, a note or an outcome)',
    },
  ],
  [
    /^letters, digits, "_", "-" or "\/" only$/,
    { zh: '只能包含字母、数字、“_”、“-”和“/”', en: 'letters, digits, "_", "-" or "/" only' },
  ],
  [/^letters and digits only$/, { zh: '只能包含字母和数字', en: 'letters and digits only' }],
  [
    /^letters, digits, "_" or "-" only$/,
    { zh: '只能包含字母、数字、“_”和“-”', en: 'letters, digits, "_" or "-" only' },
  ],
  [/^a time as HH:MM$/, { zh: '须为 HH:MM 格式的时间', en: 'a time as HH:MM' }],
  [/^a date as YYYY-MM-DD$/, { zh: '须为 YYYY-MM-DD 格式的日期', en: 'a date as YYYY-MM-DD' }],
  [/^a real date$/, { zh: '不是有效日期', en: 'not a real date' }],
  [/^each date once$/, { zh: '日期重复', en: 'each date once' }],
  [
    /^open must be before close$/,
    { zh: '开始时间须早于结束时间', en: 'opening must be before closing' },
  ],
  [
    /^from must not be after to$/,
    { zh: '不能早于开始日期', en: 'must not be before the start date' },
  ],
  [
    /^an IANA timezone such as Asia\/Shanghai$/,
    { zh: '须为 IANA 名称，如 Asia/Shanghai', en: 'an IANA name such as Asia/Shanghai' },
  ],
  [/^duplicate \w+ "(.*)"$/, { zh: '“$1”已被使用', en: '"$1" is already used' }],
  [/^no department "(.*)"$/, { zh: '没有部门“$1”', en: 'no department "$1"' }],
  [/^no service "(.*)"$/, { zh: '没有业务“$1”', en: 'no service "$1"' }],
  [/^service "(.*)" is disabled$/, { zh: '业务“$1”已停用', en: 'service "$1" is disabled' }],
  [
    /^cannot change while (\d+) ticket\(s\) are waiting, called, being served or parked and (\d+) window\(s\) are open \(change it when the hall is idle\)$/,
    {
      zh: '还有 $1 张号票在等候、叫号、办理或暂缓中，$2 个窗口开放，此时不能修改（请在大厅空闲时修改）',
      en: 'cannot change while $1 ticket(s) are waiting, called, being served or parked and $2 window(s) are open (change it when the hall is idle)',
    },
  ],
  [/^(\S+) is also a holiday$/, { zh: '$1 已是闭厅日', en: '$1 is also a closed day' }],
  [
    /^(\S+) is not a Saturday or a Sunday$/,
    { zh: '$1 不是周六或周日', en: '$1 is not a Saturday or a Sunday' },
  ],
];

function reasonText(reason: string, lang: Lang): string {
  for (const [pattern, text] of REASONS) {
    const m = pattern.exec(reason);
    if (m) return text[lang].replace(/\$(\d)/g, (_, i: string) => m[Number(i)] ?? '');
  }
  return reason;
}
