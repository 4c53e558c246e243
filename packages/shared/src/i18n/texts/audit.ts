import type { ExpiryReason, I18nText, PassOverReason } from '../../domain/types.js';
import type { NoShowReason, RequeueReason, SequencedEvent } from '../../domain/events.js';

type EventOf<T extends SequencedEvent['type']> = Extract<SequencedEvent, { type: T }>;

/** The audit's words for the codes its events carry; `Record` makes the table list every code. */
type AuditCodeKey =
  | `audit.event.${SequencedEvent['type']}`
  | `audit.no_show.${NoShowReason}`
  | `audit.requeue.${RequeueReason}`
  | `audit.expiry.${ExpiryReason}`
  | `audit.pass_over.${PassOverReason}`
  | `audit.cancelled_by.${EventOf<'ticket_cancelled'>['by']}`
  | `audit.follow_up.${EventOf<'complaint_followed_up'>['action']}`;

const AUDIT_CODE_TEXTS: Record<AuditCodeKey, I18nText> = {
  'audit.event.day_opened': { zh: '开始营业日', en: 'Day opened' },
  'audit.event.day_closed': { zh: '结束营业日', en: 'Day closed' },
  'audit.event.ticket_issued': { zh: '取号', en: 'Ticket issued' },
  'audit.event.ticket_called': { zh: '叫号', en: 'Ticket called' },
  'audit.event.ticket_recalled': { zh: '重呼', en: 'Ticket recalled' },
  'audit.event.service_started': { zh: '开始办理', en: 'Service started' },
  'audit.event.service_finished': { zh: '办结', en: 'Service finished' },
  'audit.event.ticket_no_show': { zh: '过号', en: 'No-show' },
  'audit.event.ticket_requeued': { zh: '放回队列', en: 'Put back in the queue' },
  'audit.event.ticket_transferred': { zh: '转办', en: 'Transferred' },
  'audit.event.ticket_parked': { zh: '暂缓', en: 'Parked' },
  'audit.event.ticket_unparked': { zh: '恢复排队', en: 'Returned to the queue' },
  'audit.event.ticket_cancelled': { zh: '取消', en: 'Cancelled' },
  'audit.event.remote_confirmed': { zh: '远程取号已确认', en: 'Remote number confirmed' },
  'audit.event.remote_at_head': {
    zh: '远程取号排到队首（待确认）',
    en: 'Remote number first in line (not confirmed)',
  },
  'audit.event.ticket_expired': { zh: '号票失效', en: 'Ticket expired' },
  'audit.event.window_opened': { zh: '开窗', en: 'Window opened' },
  'audit.event.window_paused': { zh: '窗口暂停', en: 'Window paused' },
  'audit.event.window_resumed': { zh: '窗口恢复', en: 'Window resumed' },
  'audit.event.window_closed': { zh: '关窗', en: 'Window closed' },
  'audit.event.rating_recorded': { zh: '评价', en: 'Rating' },
  'audit.event.assist_requested': { zh: '帮办代办呼叫', en: 'Assistance called' },
  'audit.event.assist_answered': { zh: '帮办代办响应', en: 'Assistance answered' },
  'audit.event.assist_closed': { zh: '帮办代办关闭', en: 'Assistance closed' },
  'audit.event.complaint_opened': { zh: '差评转投诉', en: 'Complaint from a rating' },
  'audit.event.config_changed': { zh: '配置变更', en: 'Configuration changed' },
  'audit.event.device_renamed': { zh: '设备改名', en: 'Device renamed' },
  'audit.event.device_unpaired': { zh: '设备解除配对', en: 'Device unpaired' },
  'audit.event.staff_pin_reset': { zh: '重置密码', en: 'PIN reset' },
  'audit.event.complaint_entered': { zh: '登记投诉', en: 'Complaint entered' },
  'audit.event.complaint_followed_up': { zh: '投诉跟进', en: 'Complaint followed up' },
  'audit.event.staff_unlocked': { zh: '解除登录锁定', en: 'Login lock lifted' },
  'audit.event.instruction_received': {
    zh: '收到区域督办',
    en: 'Supervision instruction received',
  },
  'audit.event.instruction_answered': {
    zh: '回复区域督办',
    en: 'Supervision instruction answered',
  },
  'audit.event.platform_upload_resent': {
    zh: '重新上报好差评记录',
    en: 'Rating record sent to the platform again',
  },
  'audit.event.rating_followed_up': { zh: '群众追评', en: 'Follow-up rating' },
  'audit.event.booking_changed': { zh: '预约变更', en: 'Booking changed' },
  'audit.event.outbox_resent': { zh: '重新发送通知', en: 'Message sent again' },
  'audit.no_show.marked': { zh: '工作人员标记过号', en: 'marked missed by the clerk' },
  'audit.no_show.recall_limit': { zh: '重呼次数已用完', en: 'recalls used up' },
  'audit.requeue.put_back': { zh: '放回队列', en: 'put back in the queue' },
  'audit.requeue.window_closed': {
    zh: '窗口关闭，退回队列',
    en: 'window closed, back in the queue',
  },
  'audit.requeue.target_window_closed': {
    zh: '转入的窗口已关闭，回到事项队列',
    en: 'the window it was transferred to closed: back in its service queue',
  },
  'audit.expiry.remote_unconfirmed': {
    zh: '远程取号排到队首后未在规定时间内确认',
    en: 'a remote number not confirmed in time at the head of its queue',
  },
  'audit.pass_over.remote_unconfirmed': {
    zh: '远程取号未确认',
    en: 'remote number not confirmed',
  },
  'audit.cancelled_by.visitor': { zh: '访客取消', en: 'cancelled by the visitor' },
  'audit.cancelled_by.staff': { zh: '工作人员取消', en: 'cancelled by staff' },
  'audit.follow_up.assign': { zh: '指派责任人', en: 'assigned' },
  'audit.follow_up.note': { zh: '记录跟进', en: 'note added' },
  'audit.follow_up.callback': { zh: '已回访', en: 'called back' },
  'audit.follow_up.close': { zh: '办结', en: 'closed' },
  'audit.follow_up.rectify': { zh: '记录整改', en: 'rectification recorded' },
  'audit.follow_up.mistaken': { zh: '误评办结', en: 'closed as a mistaken rating' },
};

/** The admin console's audit log: event names, their details, a configuration change line by line. */
export const AUDIT_TEXTS = {
  ...AUDIT_CODE_TEXTS,
  'audit.detail.businessDay': { zh: '营业日 {day}', en: 'Business day {day}' },
  'audit.detail.expired': { zh: '{n} 张号票失效', en: '{n} ticket(s) expired' },
  'audit.detail.passedOver': { zh: '越过 {list}', en: 'passed over {list}' },
  'audit.detail.recall': { zh: '第 {n} 次重呼', en: 'recall {n}' },
  'audit.detail.finished': { zh: '已办结', en: 'done' },
  'audit.detail.next': { zh: '下一步：{services}', en: 'next: {services}' },
  'audit.detail.note': { zh: '备注：{note}', en: 'note: {note}' },
  'audit.detail.until': { zh: '暂缓至 {time}', en: 'on hold until {time}' },
  'audit.detail.notRated': { zh: '未评价', en: 'not rated' },
  'audit.detail.window': { zh: '{n} 号窗口', en: 'Window {n}' },
  'audit.detail.transfer': { zh: '转至 {to}', en: 'to {to}' },
  'audit.detail.configSize': {
    zh: '业务 {services} 项，窗口 {windows} 个',
    en: '{services} services, {windows} windows',
  },
  'audit.detail.lockedAddresses': {
    zh: '曾被锁定的地址 {n} 个',
    en: 'locked from {n} address(es)',
  },
  'audit.linesInAll': { zh: '……共 {n} 行', en: '… {n} lines in all' },
  'audit.section.hall': { zh: '大厅', en: 'Hall' },
  'audit.section.departments': { zh: '部门', en: 'Department' },
  'audit.section.services': { zh: '业务', en: 'Service' },
  'audit.section.windows': { zh: '窗口', en: 'Window' },
  'audit.section.staff': { zh: '人员', en: 'Staff' },
  'audit.section.combinedVisits': { zh: '一件事', en: 'Combined visit' },
  'audit.field.nameZh': { zh: '中文名称', en: 'Chinese name' },
  'audit.field.nameEn': { zh: '英文名称', en: 'English name' },
  'audit.field.name': { zh: '名称', en: 'name' },
  'audit.field.prefix': { zh: '字头', en: 'prefix' },
  'audit.field.departmentId': { zh: '部门', en: 'department' },
  'audit.field.dailyQuota': { zh: '每日限额', en: 'daily quota' },
  'audit.field.hours': { zh: '取号时间', en: 'hours' },
  'audit.field.defaultMinutes': { zh: '默认办理分钟', en: 'default minutes' },
  'audit.field.enabled': { zh: '启用', en: 'enabled' },
  'audit.field.number': { zh: '窗口号', en: 'number' },
  'audit.field.services': { zh: '办理业务', en: 'services' },
  'audit.field.role': { zh: '角色', en: 'role' },
  'audit.field.active': { zh: '在岗', en: 'active' },
  'audit.field.holidays': { zh: '节假日', en: 'holidays' },
  'audit.field.extraWorkdays': { zh: '调休上班日', en: 'extra workdays' },
  'audit.field.languages': { zh: '语言', en: 'languages' },
  'audit.field.timezone': { zh: '时区', en: 'timezone' },
  'audit.field.noticeZh': { zh: '中文提示', en: 'Chinese notice' },
  'audit.field.noticeEn': { zh: '英文提示', en: 'English notice' },
  'audit.diff.added': { zh: '+ {what}（{value}）', en: '+ {what} ({value})' },
  'audit.diff.removed': { zh: '− {what}（{value}）', en: '− {what} ({value})' },
  'audit.diff.changed': {
    zh: '{what} {field}：{from} → {to}',
    en: '{what} {field}: {from} → {to}',
  },
  'audit.diff.more': { zh: '另有 {n} 项', en: '{n} more' },
  'audit.diff.none': { zh: '无改动', en: 'No change' },
  'audit.diff.first': {
    zh: '首次记录的配置（业务 / 窗口：{counts}），无更早配置可比',
    en: 'First configuration in the log (services / windows: {counts}); nothing earlier to compare',
  },
} as const satisfies Record<string, I18nText>;
