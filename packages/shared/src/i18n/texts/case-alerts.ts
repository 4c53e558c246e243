/**
 * 差评工单提醒: the SMS a duty supervisor gets for a poor-rating case. `{case}`: the case's
 * number, `{deadline}`: the deadline's name (below), `{due}`: when it falls due (HH:MM, or the
 * date and time when overdue).
 */
export const CASE_ALERT_TEXTS = {
  'caseAlert.dueSoon': {
    zh: '【OneStop】差评工单 {case} {deadline}今日到期（截止 {due}）',
    en: '[OneStop] Poor-rating case {case}: {deadline} due today (by {due})',
  },
  'caseAlert.overdue': {
    zh: '【OneStop】差评工单 {case} {deadline}已逾期（截止 {due}）',
    en: '[OneStop] Poor-rating case {case}: {deadline} overdue (was due {due})',
  },
  'caseAlert.deadline.callback': { zh: '回访', en: 'call-back' },
  'caseAlert.deadline.rectify': { zh: '整改反馈', en: 'rectification' },
} as const;
