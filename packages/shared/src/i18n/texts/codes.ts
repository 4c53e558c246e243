import type {
  CallReason,
  DeviceKind,
  I18nText,
  PauseReason,
  RatingReason,
  RatingScore,
  StaffRole,
  TicketClass,
  TicketStatus,
  WindowStatus,
} from '../../domain/types.js';
import type { ClientErrorCode, ErrorCode } from '../../protocol/errors.js';
import type { ConnectionState } from '../../protocol/roles.js';

/** The words for every code of the hall; `Record` makes the table list every code. */
export type CodeKey =
  | `error.${ErrorCode | ClientErrorCode}`
  | `call_reason.${CallReason}`
  | `ticket_status.${TicketStatus}`
  | `ticket_class.${TicketClass}`
  | `pause_reason.${PauseReason}`
  | `window_status.${WindowStatus}`
  | `rating.${RatingScore}`
  | `rating_reason.${RatingReason}`
  | `connection.${ConnectionState}`
  | `staff_role.${StaffRole}`
  | `device_kind.${DeviceKind}`
  | 'announce.call'
  | 'list.separator';

export const CODE_TEXTS: Record<CodeKey, I18nText> = {
  'error.day_not_open': { zh: '今日尚未开始办理业务', en: 'The business day is not open' },
  'error.day_already_open': { zh: '今日业务已开始', en: 'The business day is already open' },
  'error.day_in_past': { zh: '不能开启已经过去的日期', en: 'That business day is in the past' },
  'error.service_unknown': { zh: '没有该业务', en: 'Unknown service' },
  'error.service_disabled': { zh: '该业务暂停办理', en: 'This service is suspended' },
  'error.service_closed_now': {
    zh: '该业务当前不在办理时间内',
    en: 'This service is not open at this time',
  },
  'error.quota_reached': {
    zh: '该业务今日号源已满',
    en: "Today's tickets for this service are all taken",
  },
  'error.itinerary_invalid': {
    zh: '所选事项无法一并办理',
    en: 'These services cannot be combined in one visit',
  },
  'error.appointment_missing': { zh: '缺少预约信息', en: 'The appointment is missing' },
  'error.window_unknown': { zh: '没有该窗口', en: 'Unknown window' },
  'error.window_closed': { zh: '窗口未开放', en: 'The window is closed' },
  'error.window_paused': { zh: '窗口暂停服务中', en: 'The window is paused' },
  'error.window_not_closed': { zh: '窗口尚未关闭', en: 'The window is not closed' },
  'error.window_busy': { zh: '窗口正在办理业务', en: 'The window is busy with a visitor' },
  'error.window_idle': { zh: '窗口当前没有已呼叫的号码', en: 'The window has no called number' },
  'error.staff_unknown': { zh: '工号不存在', en: 'Unknown staff code' },
  'error.staff_inactive': { zh: '该工号已停用', en: 'This staff code is inactive' },
  'error.staff_elsewhere': {
    zh: '该工作人员已在其他窗口登录',
    en: 'This staff member is logged in at another window',
  },
  'error.queue_empty': { zh: '当前没有等候的号码', en: 'No one is waiting' },
  'error.ticket_unknown': { zh: '没有该号码', en: 'Unknown ticket' },
  'error.ticket_not_waiting': { zh: '该号码不在等候中', en: 'This ticket is not waiting' },
  'error.ticket_not_here': { zh: '该号码不在本窗口', en: 'This ticket is not at this window' },
  'error.ticket_wrong_status': {
    zh: '该号码当前的状态不能进行此操作',
    en: "The ticket's status does not allow this",
  },
  'error.transfer_target_invalid': { zh: '转办对象无效', en: 'Invalid transfer target' },
  'error.transfer_window_closed': {
    zh: '该窗口已关闭，不能转给它',
    en: 'That window is closed: a ticket cannot be transferred to it',
  },
  'error.transfer_window_not_serving': {
    zh: '该窗口不办理这项业务，不能转给它',
    en: 'That window does not handle this service',
  },
  'error.park_time_invalid': { zh: '暂缓的返回时间无效', en: 'Invalid return time' },
  'error.already_rated': { zh: '已经评价过了', en: 'Already rated' },
  'error.case_number_invalid': {
    zh: '办件编号格式不符合该事项的要求',
    en: 'The case number does not have this service’s format',
  },
  'error.rating_not_allowed': { zh: '该号码现在不能评价', en: 'This ticket cannot be rated now' },
  'error.assist_unknown': {
    zh: '没有这条帮办呼叫，或已办结',
    en: 'No such call for help, or it was served',
  },
  'error.assist_answered': {
    zh: '已有工作人员响应了这条呼叫',
    en: 'Someone already answered this call for help',
  },
  'error.remote_unknown': {
    zh: '没有这个远程取号',
    en: 'No such number taken from a phone',
  },
  'error.remote_unconfirmed': {
    zh: '该远程取号尚未在取号机确认，暂不能呼叫',
    en: 'This remote number is not confirmed at a kiosk yet and cannot be called',
  },
  'error.remote_already_confirmed': {
    zh: '该号码已经确认过了',
    en: 'This number was confirmed already',
  },
  'error.remote_not_today': {
    zh: '这个确认码不是今天的远程取号，请在取号当天确认或重新取号',
    en: 'This code is not for a number taken today: confirm on the day you took it, or take a new one',
  },
  'error.remote_expired': {
    zh: '该号码已失效（未在规定时间内确认），请重新取号',
    en: 'This number has expired (not confirmed in time); please take a new one',
  },
  'error.invalid_message': { zh: '请求格式有误', en: 'The request is malformed' },
  'error.message_too_large': { zh: '请求内容过长', en: 'The request is too large' },
  'error.unauthorized': {
    zh: '设备或登录凭证无效，请重新配对或登录',
    en: 'Not authorized: pair this device or log in again',
  },
  'error.forbidden': { zh: '无权进行此操作', en: 'You may not do this' },
  'error.protocol_mismatch': {
    zh: '本机软件版本与服务器不一致，请更新',
    en: "This software's version does not match the hub's; please update",
  },
  'error.not_logged_in': { zh: '请先登录', en: 'Please log in first' },
  'error.login_failed': { zh: '工号或密码错误', en: 'Wrong staff code or PIN' },
  'error.locked_out': {
    zh: '尝试次数过多，请稍后再试',
    en: 'Too many attempts; please try again later',
  },
  'error.session_expired': {
    zh: '登录已超时，请重新登录',
    en: 'Your login has expired; please log in again',
  },
  'error.session_ended': {
    zh: '登录已结束，请重新登录',
    en: 'Your login has ended; please log in again',
  },
  'error.session_pin_changed': {
    zh: '密码已被修改，请用新密码重新登录',
    en: 'Your PIN was changed; please log in with the new PIN',
  },
  'error.session_staff_disabled': {
    zh: '该工号已被停用，请联系管理员',
    en: 'This staff code has been disabled; please ask an administrator',
  },
  'error.rate_limited': {
    zh: '操作过于频繁，请稍后再试',
    en: 'Too many requests; please try again shortly',
  },
  'error.replaced': {
    zh: '本设备已在另一个窗口或另一台机器上连接，此处已断开',
    en: 'This device connected again elsewhere (another tab or machine); this one was disconnected',
  },
  'error.store_failed': { zh: '数据保存失败，请重试', en: 'Could not save; please try again' },
  'error.internal': {
    zh: '系统内部错误，请联系管理员',
    en: 'Internal error; please call the administrator',
  },
  'error.appointment_unknown': {
    zh: '今天没有这个预约码，请核对预约短信',
    en: 'There is no appointment with this code today; check your booking message',
  },
  'error.appointment_phone_offer': {
    zh: '可留下手机号码，叫号前短信提醒您',
    en: 'You may leave a mobile number for a message before your turn',
  },
  'error.appointment_phone_required': {
    zh: '请输入预约时所留手机号码的后四位',
    en: 'Enter the last 4 digits of the phone number you booked with',
  },
  'error.appointment_phone_mismatch': {
    zh: '手机号码后四位与预约不符',
    en: 'The phone digits do not match the booking',
  },
  'error.appointment_checked_in': {
    zh: '该预约已经取过号了',
    en: 'This appointment has already been checked in',
  },
  'error.appointment_cancelled': { zh: '该预约已取消', en: 'This appointment was cancelled' },
  'error.appointment_too_early': {
    zh: '还没到取号时间：请在预约时段开始前60分钟内取号',
    en: 'Too early: check in within 60 minutes before your slot',
  },
  'error.appointment_too_late': {
    zh: '已超过预约时段，预约已失效，请取普通号',
    en: 'Your slot has passed and the appointment has expired; please take a normal ticket',
  },
  'error.appointment_code_taken': {
    zh: '该预约码当天已被使用',
    en: 'This code is already used on that day',
  },
  'error.appointment_locked': {
    zh: '手机号码后四位输错次数过多，此预约已暂时锁定。请到服务台找工作人员办理',
    en: 'Too many wrong phone digits: this appointment is locked for now. Please ask the staff at the service desk',
  },
  'error.id_limit_reached': {
    zh: '您今天已取过号，每人限取一个号。如有疑问请咨询工作人员',
    en: 'You already have a ticket today: one per person. Please ask the staff if you need help',
  },
  'error.id_card_required': {
    zh: '请刷身份证取号；没有带身份证请到服务台找工作人员',
    en: 'Please put your ID card on the reader; without one, please ask the staff at the service desk',
  },
  'error.store_busy': {
    zh: '数据库正被其他程序占用，请稍后重试',
    en: 'The database is held by another program; please try again shortly',
  },
  'error.store_lost': {
    zh: '数据库文件丢失，系统已停止办理，请联系管理员',
    en: 'The database file is gone; the hub has stopped taking changes. Call the administrator',
  },
  'error.timeout': {
    zh: '服务器没有响应，请检查网络后重试',
    en: 'The hub did not answer; check the network and try again',
  },
  'error.client_closed': { zh: '连接已关闭', en: 'The connection was closed' },
  'call_reason.specific': { zh: '指定呼叫', en: 'Chosen by the clerk' },
  'call_reason.appointment_due': { zh: '预约到时', en: 'Appointment due' },
  'call_reason.aged': { zh: '等候超时优先', en: 'Waited too long' },
  'call_reason.transfer_return': { zh: '转办续办优先', en: 'Transfer or next step' },
  'call_reason.priority_ratio': { zh: '绿色通道', en: 'Green channel' },
  'call_reason.tier': { zh: '协办业务', en: 'Helping another service' },
  'call_reason.fifo': { zh: '先到先办', en: 'First come, first served' },
  'ticket_status.waiting': { zh: '等候中', en: 'Waiting' },
  'ticket_status.called': { zh: '已呼叫', en: 'Called' },
  'ticket_status.serving': { zh: '办理中', en: 'Being served' },
  'ticket_status.parked': { zh: '暂缓办理', en: 'On hold' },
  'ticket_status.done': { zh: '已办结', en: 'Done' },
  'ticket_status.no_show': { zh: '已过号', en: 'Missed' },
  'ticket_status.cancelled': { zh: '已取消', en: 'Cancelled' },
  'ticket_status.expired': { zh: '已失效', en: 'Expired' },
  'ticket_class.normal': { zh: '普通', en: 'Normal' },
  'ticket_class.priority': { zh: '绿色通道', en: 'Green channel' },
  'ticket_class.appointment': { zh: '预约', en: 'Appointment' },
  'pause_reason.break': { zh: '暂停休息', en: 'On a break' },
  'pause_reason.meeting': { zh: '会议', en: 'In a meeting' },
  'pause_reason.system_problem': { zh: '系统故障', en: 'System problem' },
  'pause_reason.other': { zh: '其他', en: 'Other' },
  'window_status.closed': { zh: '未开放', en: 'Closed' },
  'window_status.open': { zh: '服务中', en: 'Open' },
  'window_status.paused': { zh: '暂停服务', en: 'Paused' },
  'rating.5': { zh: '非常满意', en: 'Very satisfied' },
  'rating.4': { zh: '满意', en: 'Satisfied' },
  'rating.3': { zh: '基本满意', en: 'Fairly satisfied' },
  'rating.2': { zh: '不满意', en: 'Dissatisfied' },
  'rating.1': { zh: '非常不满意', en: 'Very dissatisfied' },
  'connection.connecting': { zh: '正在连接', en: 'Connecting' },
  'connection.syncing': { zh: '正在同步', en: 'Catching up' },
  'connection.online': { zh: '已连接', en: 'Online' },
  'connection.offline': { zh: '连接中断，正在重连', en: 'Offline, reconnecting' },
  'connection.refused': { zh: '连接被拒绝', en: 'Connection refused' },
  'staff_role.clerk': { zh: '窗口工作人员', en: 'Clerk' },
  'staff_role.supervisor': { zh: '值班主管', en: 'Supervisor' },
  'staff_role.admin': { zh: '系统管理员', en: 'Administrator' },
  'device_kind.kiosk': { zh: '取号机', en: 'Ticket kiosk' },
  'device_kind.window_terminal': { zh: '窗口终端', en: 'Window terminal' },
  'device_kind.display': { zh: '大厅显示屏', en: 'Hall display' },
  'device_kind.rating_pad': { zh: '评价器', en: 'Rating pad' },
  'list.separator': { zh: '、', en: ', ' },
  'announce.call': {
    zh: '请 {number} 号到 {window} 号窗口办理',
    en: 'Number {number}, please go to window {window}',
  },
  'rating_reason.attitude': { zh: '服务态度差', en: 'Unfriendly attitude' },
  'rating_reason.slow': { zh: '办理太慢', en: 'Too slow' },
  'rating_reason.unclear': { zh: '解释不清楚', en: 'Unclear explanations' },
  'rating_reason.wait': { zh: '等候太久', en: 'Waited too long' },
  'rating_reason.rules': { zh: '要求材料不合理', en: 'Unreasonable paperwork' },
};
