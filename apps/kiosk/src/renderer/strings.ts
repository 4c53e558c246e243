import type { Lang } from '@onestop/shared';

/** The kiosk's own texts; codes of the hall (errors, connection states) come from @onestop/shared. */
const zh = {
  title: '自助取号',
  chooseDepartment: '请选择办理部门',
  chooseService: '请选择办理事项',
  services: '{count} 项业务',
  servicesOne: '{count} 项业务',
  waiting: '等候 {count} 人',
  estimate: '约 {minutes} 分钟',
  back: '返回',
  home: '首页',
  switchLang: 'English',
  greenChannel: '绿色通道',
  greenChannelWho: '老年人 · 残疾人 · 孕妇 · 军人',
  greenConfirmTitle: '绿色通道取号',
  greenConfirmBody:
    '绿色通道为老年人、残疾人、孕妇及现役军人、退役军人等优先办理。请在窗口出示相关证件。',
  greenConfirm: '确认，取绿色通道号',
  cancel: '取消',
  greenActive: '绿色通道取号中',
  issuing: '正在取号，请稍候…',
  yourNumber: '您的号码',
  ahead: '前面还有 {count} 人',
  estimateLong: '预计等候约 {minutes} 分钟',
  scan: '扫码查看排队进度',
  done: '完成',
  printing: '正在打印…',
  printed: '请取走您的号票',
  printFailed: '号票打印失败，请记下您的号码',
  noPrinter: '本机未连接打印机，请记下号码或扫码',
  failed: '未能取号',
  retryLater: '请稍后再试，或咨询大厅工作人员',
  pausedTitle: '暂停取号',
  pausedBody: '请稍候，恢复后即可取号；如需帮助请咨询工作人员',
  dayClosed: '今日业务已结束',
  unpaired: '本机尚未配对',
  pairPrompt: '请输入管理员提供的配对码',
  pairButton: '配对',
  pairFailed: '配对码无效或已过期',
  pairNetwork: '无法连接服务器',
  pairWrongKind: '此配对码不是取号机的',
  notAvailable: '暂不可取号',
};

const en: Record<keyof typeof zh, string> = {
  title: 'Take a number',
  chooseDepartment: 'Choose a department',
  chooseService: 'Choose a service',
  services: '{count} services',
  servicesOne: '{count} service',
  waiting: '{count} waiting',
  estimate: 'about {minutes} min',
  back: 'Back',
  home: 'Home',
  switchLang: '中文',
  greenChannel: 'Green channel',
  greenChannelWho: 'Elderly · Disabled · Pregnant · Veterans',
  greenConfirmTitle: 'Green channel ticket',
  greenConfirmBody:
    'The green channel serves the elderly, people with disabilities, pregnant women, service members and veterans first. Please show your certificate at the window.',
  greenConfirm: 'Confirm: green channel ticket',
  cancel: 'Cancel',
  greenActive: 'Green channel',
  issuing: 'Issuing your number…',
  yourNumber: 'Your number',
  ahead: '{count} ahead of you',
  estimateLong: 'Estimated wait: about {minutes} min',
  scan: 'Scan to follow your place',
  done: 'Done',
  printing: 'Printing…',
  printed: 'Please take your ticket',
  printFailed: 'The ticket could not be printed: please note your number',
  noPrinter: 'No printer here: please note your number or scan the code',
  failed: 'No number was issued',
  retryLater: 'Please try again shortly, or ask the hall staff',
  pausedTitle: 'Ticketing paused',
  pausedBody: 'Please wait: tickets are offered again as soon as possible. Staff can help.',
  dayClosed: 'Service has ended for today',
  unpaired: 'This kiosk is not paired',
  pairPrompt: 'Enter the pairing code from the administrator',
  pairButton: 'Pair',
  pairFailed: 'The code is unknown or expired',
  pairNetwork: 'Cannot reach the hub',
  pairWrongKind: 'This code is not for a kiosk',
  notAvailable: 'Not available',
};

export const STRINGS: Record<Lang, Record<keyof typeof zh, string>> = { zh, en };
export type KioskKey = keyof typeof zh;

export function k(
  key: KioskKey,
  lang: Lang,
  params?: Readonly<Record<string, string | number>>,
): string {
  const template = STRINGS[lang][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
