import type { PauseReason } from '@onestop/shared';
import type { DisplayLang } from '../shared/config.js';
import type { WindowActivity } from './board/model.js';

/** The board's own texts, in Chinese and English. */
export const TEXT = {
  nowCalling: { zh: '正在呼叫', en: 'Now calling' },
  recentCalls: { zh: '最近呼叫', en: 'Recent calls' },
  windows: { zh: '窗口状态', en: 'Windows' },
  services: { zh: '排队情况', en: 'Queues' },
  suspended: { zh: '暂停', en: 'Suspended' },
  waiting: { zh: '等候人数', en: 'Waiting' },
  averageWait: { zh: '平均等候', en: 'Avg. wait' },
  minutes: { zh: '分钟', en: 'min' },
  noCalls: { zh: '暂无呼叫', en: 'Nobody is being called' },
  dayClosed: { zh: '今日办理已结束', en: 'The hall is closed for today' },
  reconnecting: { zh: '正在重新连接', en: 'Reconnecting' },
  connecting: { zh: '正在连接服务器', en: 'Connecting to the hub' },
  refused: {
    zh: '服务器拒绝了本设备，请重新配对',
    en: 'The hub refused this device; pair it again',
  },
  replaced: {
    zh: '本设备已在别处连接（另一个窗口或另一台机器），此处已停止；刷新页面可重新连接',
    en: 'This device connected again elsewhere (another tab or machine); this one stopped. Reload to take over',
  },
  windowLabel: { zh: '{n} 号窗口', en: 'Window {n}' },
  toWindow: { zh: '请到 {n} 号窗口', en: 'Please go to window {n}' },
  deviceName: { zh: '大厅显示屏', en: 'Hall display' },
} as const satisfies Record<string, Record<DisplayLang, string>>;

export const ACTIVITY: Record<WindowActivity, Record<DisplayLang, string>> = {
  calling: { zh: '呼叫中', en: 'Calling' },
  serving: { zh: '办理中', en: 'Serving' },
  idle: { zh: '空闲', en: 'Available' },
  paused: { zh: '暂停服务', en: 'Paused' },
  closed: { zh: '未开放', en: 'Closed' },
};

export const PAUSE: Record<PauseReason, Record<DisplayLang, string>> = {
  break: { zh: '休息', en: 'Break' },
  meeting: { zh: '会议', en: 'Meeting' },
  system_problem: { zh: '系统维护', en: 'System problem' },
  other: { zh: '暂停', en: 'Paused' },
};

export function fill(text: string, n: number | string): string {
  return text.replace('{n}', String(n));
}
