import type { I18nText } from '../../domain/types.js';

/** The visitor's ticket: the kiosk's result screen, the printed ticket and the status page. */
export const TICKET_TEXTS = {
  'ticket.yourNumber': { zh: '您的号码', en: 'Your number' },
  'ticket.ahead': { zh: '前面还有 {count} 人', en: '{count} ahead of you' },
  'ticket.estimate': {
    zh: '预计等候约 {minutes} 分钟',
    en: 'Estimated wait: about {minutes} min',
  },
  'ticket.noWait': { zh: '无需等候，请留意叫号', en: 'No wait: please listen for your number' },
  'ticket.noWindow': {
    zh: '暂无窗口办理此业务，窗口开放后按号叫号',
    en: 'No window serves this yet: numbers are called once one opens',
  },
  'ticket.scan': { zh: '扫码查看排队进度', en: 'Scan to follow your place' },
  'ticket.anyOrder': { zh: '（不分先后）', en: ' (any order)' },
  'ticket.steps': { zh: '办理步骤（凭此号依次办理）：', en: 'Your steps, with this number:' },
} as const satisfies Record<string, I18nText>;
