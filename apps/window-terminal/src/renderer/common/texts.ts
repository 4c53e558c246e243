import type { Lang } from '@onestop/shared';

/*
 * The window terminal's and the rating pad's own texts, in Chinese and English. Codes of the
 * hall (errors, call reasons, statuses, ratings) come from @onestop/shared's `t()`.
 */
const TEXTS = {
  'app.window': { zh: '窗口终端', en: 'Window terminal' },
  'app.rate': { zh: '评价器', en: 'Rating pad' },
  'login.title': { zh: '工作人员登录', en: 'Staff login' },
  'login.code': { zh: '工号', en: 'Staff code' },
  'login.pin': { zh: '密码', en: 'PIN' },
  'login.submit': { zh: '登录', en: 'Log in' },
  'login.disabled': {
    zh: '您的工号已被管理员停用，已退出登录',
    en: 'Your staff code was disabled by an admin: you are logged out',
  },
  logout: { zh: '退出登录', en: 'Log out' },
  'lang.switch': { zh: 'English', en: '中文' },
  'window.label': { zh: '{window} 号窗口', en: 'Window {window}' },
  'window.unbound': {
    zh: '本终端未绑定窗口，请重新配对',
    en: 'This terminal is bound to no window; pair it again',
  },
  'day.not_open': { zh: '今日尚未开始办理业务', en: 'The business day is not open' },
  'day.closed': { zh: '今日业务已结束', en: 'The business day has ended' },
  'current.none': { zh: '当前没有呼叫的号码', en: 'No number called' },
  'current.service': { zh: '业务', en: 'Service' },
  'current.class': { zh: '类别', en: 'Class' },
  'current.waited': { zh: '等候时长', en: 'Waited' },
  'current.reason': { zh: '呼叫原因', en: 'Why this number' },
  'current.recalls': { zh: '已重呼 {count} 次', en: 'recalls: {count}' },
  'why.start_first': { zh: '请先开始办理（S）', en: 'Start serving first (S)' },
  'current.transfers': { zh: '转办记录', en: 'Transfer notes' },
  'current.transfer_line': { zh: '{from} → {to}', en: '{from} → {to}' },
  'current.itinerary': { zh: '办事环节', en: 'Steps of the visit' },
  'step.done': { zh: '已办', en: 'done' },
  'step.now': { zh: '当前', en: 'now' },
  'step.next': { zh: '待办', en: 'to come' },
  'action.call_next': { zh: '呼叫下一位', en: 'Call next' },
  'action.recall': { zh: '重呼', en: 'Recall' },
  'action.start_serving': { zh: '开始办理', en: 'Start serving' },
  'action.finish': { zh: '办结', en: 'Finish' },
  'action.no_show': { zh: '过号', en: 'No-show' },
  'action.put_back': { zh: '放回队列', en: 'Put back' },
  'action.transfer': { zh: '转办', en: 'Transfer' },
  'action.park': { zh: '暂缓', en: 'Park' },
  'action.pause': { zh: '暂停服务', en: 'Pause' },
  'action.resume': { zh: '恢复服务', en: 'Resume' },
  'action.open': { zh: '开窗', en: 'Open window' },
  'action.close': { zh: '关窗', en: 'Close window' },
  'action.call_this': { zh: '呼叫', en: 'Call' },
  'action.unpark': { zh: '恢复排队', en: 'Return to queue' },
  'action.cancel': { zh: '取消', en: 'Cancel' },
  'action.confirm': { zh: '确定', en: 'Confirm' },
  'transfer.title': { zh: '转办 {number}', en: 'Transfer {number}' },
  'transfer.to_service': { zh: '转到业务', en: 'To a service' },
  'transfer.to_window': { zh: '转到窗口', en: 'To a window' },
  'transfer.choose': { zh: '请选择转到的业务或窗口', en: 'Choose a service or a window' },
  'transfer.note': { zh: '转办说明', en: 'Note' },
  'transfer.serves': { zh: '办理：{services}', en: 'Serves: {services}' },
  'transfer.window_closed': { zh: '窗口已关闭，不能转入', en: 'Closed: cannot take it' },
  'transfer.not_serving': {
    zh: '不办理{service}，不能转入',
    en: 'Does not serve {service}: cannot take it',
  },
  'transfer.next': { zh: '下一步', en: 'Next' },
  'transfer.back': { zh: '返回修改', en: 'Back' },
  'transfer.confirm_title': { zh: '确认转办', en: 'Confirm the transfer' },
  'transfer.confirm_line': {
    zh: '将 {number} 号转到 {target}？',
    en: 'Transfer number {number} to {target}?',
  },
  'transfer.do': { zh: '确认转办', en: 'Transfer' },
  'park.title': { zh: '暂缓 {number}', en: 'Park {number}' },
  'park.until': { zh: '返回时间', en: 'Returns' },
  'park.manual': { zh: '由我恢复', en: 'When I return it' },
  'park.minutes': { zh: '{minutes} 分钟后', en: 'In {minutes} min' },
  'park.note': { zh: '说明（如：补材料）', en: 'Note (e.g. fetching a document)' },
  'pause.title': { zh: '暂停原因', en: 'Reason for the pause' },
  'queue.title': { zh: '本窗口等候队列', en: "This window's queue" },
  'queue.empty': { zh: '没有等候的号码', en: 'No one is waiting' },
  'queue.count': { zh: '{count} 人', en: '{count} waiting' },
  'queue.number': { zh: '号码', en: 'Number' },
  'queue.service': { zh: '业务', en: 'Service' },
  'queue.waited': { zh: '已等候', en: 'Waited' },
  'queue.marks': { zh: '标记', en: 'Marks' },
  'mark.returned': { zh: '转办/续办', en: 'transfer/next step' },
  'mark.targeted': { zh: '指定本窗口', en: 'for this window' },
  'parked.title': { zh: '本窗口暂缓的号码', en: 'Parked at this window' },
  'parked.until': { zh: '{time} 返回', en: 'returns {time}' },
  'parked.manual': { zh: '待恢复', en: 'until returned' },
  'stats.title': { zh: '今日工作', en: 'My day' },
  'stats.window': { zh: '本窗口', en: 'Window' },
  'stats.transfers': { zh: '转办', en: 'Transferred' },
  'stats.satisfaction': { zh: '满意率', en: 'Satisfied' },
  'stats.unavailable': {
    zh: '暂时无法从服务器获取统计，稍后自动重试',
    en: 'The figures could not be fetched from the hub; they are asked for again shortly',
  },
  'stats.served': { zh: '已办结', en: 'Served' },
  'stats.average': { zh: '平均办理时长', en: 'Average service' },
  'stats.no_shows': { zh: '过号', en: 'No-shows' },
  'stats.ratings': { zh: '评价', en: 'Ratings' },
  'stats.ratings_value': { zh: '{count} 次，均分 {average}', en: '{count}, average {average}' },
  'stats.none': { zh: '—', en: '—' },
  'minutes.seconds': { zh: '{m} 分 {s} 秒', en: '{m} min {s} s' },
  'status.window': { zh: '窗口状态', en: 'Window' },
  'rate.ask': { zh: '请对本次服务进行评价', en: 'Please rate this service' },
  'rate.ticket': { zh: '{number} 号 · {window} 号窗口', en: 'Number {number} · window {window}' },
  'rate.reasons': { zh: '请选择不满意的原因（可选）', en: 'What went wrong? (optional)' },
  'rate.submit': { zh: '提交评价', en: 'Submit' },
  'rate.thanks': { zh: '感谢您的评价', en: 'Thank you for your rating' },
  'rate.idle': { zh: '欢迎办理业务', en: 'Welcome' },
  'rate.idle_hint': {
    zh: '办结后请在此为我们的服务评价',
    en: 'After your visit, please rate our service here',
  },
  'reason.attitude': { zh: '服务态度差', en: 'Unfriendly attitude' },
  'reason.slow': { zh: '办理太慢', en: 'Too slow' },
  'reason.unclear': { zh: '解释不清楚', en: 'Unclear explanations' },
  'reason.wait': { zh: '等候太久', en: 'Waited too long' },
  'reason.rules': { zh: '要求材料不合理', en: 'Unreasonable paperwork' },
} as const satisfies Record<string, Record<Lang, string>>;

export type TextKey = keyof typeof TEXTS;

/** The app's text of `key` in `lang`, with `{name}` placeholders filled. */
export function tx(key: TextKey, lang: Lang, params: Record<string, string | number> = {}): string {
  return TEXTS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** Reasons the rating pad offers for the two poor scores (stored as these codes). */
export const POOR_REASONS = ['attitude', 'slow', 'unclear', 'wait', 'rules'] as const;
export type PoorReason = (typeof POOR_REASONS)[number];
export const reasonKey = (r: PoorReason): TextKey => `reason.${r}`;

/** "3 分 05 秒" / "3 min 05 s"; negative durations count as zero. */
export function duration(ms: number, lang: Lang): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(total / 60);
  const s = String(total % 60).padStart(2, '0');
  return tx('minutes.seconds', lang, { m, s });
}
