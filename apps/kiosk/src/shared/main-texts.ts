import type { PrinterState } from './api.js';

export type MainLang = 'zh' | 'en';

/**
 * The words the kiosk's main process prints and reports: the ticket's fixed lines, the printer's
 * states and the config error. The hall's texts live in one table (`TEXTS` in @onestop/shared);
 * the installed kiosk ships its main process without that package (see
 * build/installers/kiosk.yml), so these entries are an extract of it, and main-texts.test.ts
 * holds every one equal to the table's: change a word there, never here alone.
 */
export const MAIN_TEXTS = {
  'ticket.yourNumber': { zh: '您的号码', en: 'Your number' },
  'ticket.ahead': { zh: '前面还有 {count} 人', en: '{count} ahead of you' },
  'ticket.estimate': { zh: '预计等候约 {minutes} 分钟', en: 'Estimated wait: about {minutes} min' },
  'ticket.noWait': { zh: '无需等候，请留意叫号', en: 'No wait: please listen for your number' },
  'ticket.noWindow': {
    zh: '暂无窗口办理此业务，窗口开放后按号叫号',
    en: 'No window serves this yet: numbers are called once one opens',
  },
  'ticket.scan': { zh: '扫码查看排队进度', en: 'Scan to follow your place' },
  'ticket.anyOrder': { zh: '（不分先后）', en: ' (any order)' },
  'ticket.steps': { zh: '办理步骤（凭此号依次办理）：', en: 'Your steps, with this number:' },
  'ticket.guideBring': { zh: '请带好以下材料：', en: 'Please bring:' },
  'ticket.guideFee': { zh: '收费：{fee}', en: 'Fee: {fee}' },
  'ticket.helped': { zh: '工作人员帮办', en: 'Issued with staff help' },
  'ticket_class.priority': { zh: '绿色通道', en: 'Green channel' },
  'list.separator': { zh: '、', en: ', ' },
  'kiosk.configWrong': { zh: '取号机配置有误', en: 'The kiosk config is wrong' },
  'kiosk.printer.ok': { zh: '打印机正常', en: 'Printer ready' },
  'kiosk.printer.paper_near_end': { zh: '打印纸即将用完', en: 'Printer paper is running low' },
  'kiosk.printer.paper_out': { zh: '打印机缺纸', en: 'The printer is out of paper' },
  'kiosk.printer.cover_open': { zh: '打印机盖未关好', en: "The printer's cover is open" },
  'kiosk.printer.offline': { zh: '打印机离线', en: 'The printer is offline' },
  'kiosk.printer.not_responding': { zh: '打印机无响应', en: 'The printer does not respond' },
} as const satisfies Record<string, Record<MainLang, string>> &
  Record<`kiosk.printer.${PrinterState}`, Record<MainLang, string>>;

export type MainTextKey = keyof typeof MAIN_TEXTS;

/** `MAIN_TEXTS[key][lang]` with each `{name}` replaced by `params.name`, as the shared `t` does. */
export function mainText(
  key: MainTextKey,
  lang: MainLang,
  params?: Readonly<Record<string, string | number>>,
): string {
  const template: string = MAIN_TEXTS[key][lang];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
