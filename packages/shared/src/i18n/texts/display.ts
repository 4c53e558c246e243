import type { I18nText } from '../../domain/types.js';

/** The hall display's texts. */
export const DISPLAY_TEXTS = {
  'display.nowCalling': { zh: '正在呼叫', en: 'Now calling' },
  'display.recentCalls': { zh: '最近呼叫', en: 'Recent calls' },
  'display.windows': { zh: '窗口状态', en: 'Windows' },
  'display.services': { zh: '排队情况', en: 'Queues' },
  'display.suspended': { zh: '暂停', en: 'Suspended' },
  'display.waiting': { zh: '等候人数', en: 'Waiting' },
  'display.averageWait': { zh: '平均等候', en: 'Avg. wait' },
  'display.minutes': { zh: '分钟', en: 'min' },
  'display.noCalls': { zh: '暂无呼叫', en: 'Nobody is being called' },
  'display.dayClosed': { zh: '今日办理已结束', en: 'The hall is closed for today' },
  'display.reconnecting': { zh: '正在重新连接', en: 'Reconnecting' },
  'display.connecting': { zh: '正在连接服务器', en: 'Connecting to the hub' },
  'display.refused': {
    zh: '服务器拒绝了本设备，请重新配对',
    en: 'The hub refused this device; pair it again',
  },
  'display.replaced': {
    zh: '本设备已在别处连接（另一个窗口或另一台机器），此处已停止；刷新页面可重新连接',
    en: 'This device connected again elsewhere (another tab or machine); this one stopped. Reload to take over',
  },
  'display.windowLabel': { zh: '{n} 号窗口', en: 'Window {n}' },
  'display.toWindow': { zh: '请到 {n} 号窗口', en: 'Please go to window {n}' },
  'display.deviceName': { zh: '大厅显示屏', en: 'Hall display' },
  'display.windowCaption': { zh: '号窗口', en: 'Window' },
  'display.activity.calling': { zh: '呼叫中', en: 'Calling' },
  'display.activity.serving': { zh: '办理中', en: 'Serving' },
  'display.activity.idle': { zh: '空闲', en: 'Available' },
  'display.activity.paused': { zh: '暂停服务', en: 'Paused' },
  'display.activity.closed': { zh: '未开放', en: 'Closed' },
  'display.pause.break': { zh: '休息', en: 'Break' },
  'display.pause.meeting': { zh: '会议', en: 'Meeting' },
  'display.pause.system_problem': { zh: '系统维护', en: 'System problem' },
  'display.pause.other': { zh: '暂停', en: 'Paused' },
} as const satisfies Record<string, I18nText>;
