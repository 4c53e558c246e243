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
  'status.title': { zh: '排队进度', en: 'Ticket status' },
  'status.steps': { zh: '办理步骤', en: 'Your steps' },
  'status.atWindow': { zh: '{window} 号窗口', en: 'window {window}' },
  'status.serviceDone': { zh: '（已办）', en: ' (done)' },
  'status.step.done': { zh: '已办', en: 'done' },
  'status.step.current': { zh: '当前', en: 'now' },
  'status.step.next': { zh: '待办', en: 'next' },
  'status.noWindow': {
    zh: '暂无窗口办理，窗口开放后按号叫号',
    en: 'no window serves this yet: numbers are called once one opens',
  },
  'status.estimate': { zh: '预计约 {minutes} 分钟', en: 'about {minutes} min' },
  'status.next': { zh: '前面没有人，您是下一位', en: 'Nobody ahead: you are next' },
  'status.updated': { zh: '更新于 {time}', en: 'Updated at {time}' },
  'status.live': {
    zh: '本页自动更新，请留意大厅叫号。',
    en: 'This page updates by itself; please also listen for your number.',
  },
  'status.final': {
    zh: '本次办理已结束，本页不再更新。',
    en: 'This visit is over; this page no longer updates.',
  },
  'status.lost': { zh: '与大厅的连接已断开，正在重试', en: 'Lost the hall, retrying' },
  'status.gone': {
    zh: '该号码已不是今天的，本页不再更新。',
    en: 'This ticket is no longer from today; this page no longer updates.',
  },
  'status.notFound': {
    zh: '未找到该号码，或号码已不是今天的',
    en: 'This ticket is unknown or is not from today',
  },
} as const satisfies Record<string, I18nText>;
