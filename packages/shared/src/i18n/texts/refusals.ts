import type { I18nText } from '../../domain/types.js';
import type { IssueCode } from '../../protocol/issues.js';

/** Why a field of a refused message is wrong, by the issue's code (`RefusalIssue`). */
export const REFUSAL_TEXTS: Record<`issue.${IssueCode}`, I18nText> = {
  'issue.number_max': { zh: '不能大于 {limit}', en: 'must be at most {limit}' },
  'issue.number_below': { zh: '须小于 {limit}', en: 'must be less than {limit}' },
  'issue.number_min': { zh: '不能小于 {limit}', en: 'must be at least {limit}' },
  'issue.number_above': { zh: '须大于 {limit}', en: 'must be more than {limit}' },
  'issue.empty': { zh: '不能为空', en: 'must not be empty' },
  'issue.string_min': { zh: '至少 {limit} 个字符', en: 'at least {limit} characters' },
  'issue.string_max': { zh: '最多 {limit} 个字符', en: 'at most {limit} characters' },
  'issue.array_min': { zh: '至少 {limit} 项', en: 'at least {limit}' },
  'issue.array_max': { zh: '最多 {limit} 项', en: 'at most {limit}' },
  'issue.not_integer': { zh: '须为整数', en: 'must be a whole number' },
  'issue.not_number': { zh: '须为数字', en: 'must be a number' },
  'issue.id_format': {
    zh: '只能包含字母、数字、“_”和“-”',
    en: 'letters, digits, "_" or "-" only',
  },
  'issue.ticket_id_format': {
    zh: '只能包含字母、数字、“_”、“-”和“/”',
    en: 'letters, digits, "_", "-" or "/" only',
  },
  'issue.letters_digits': { zh: '只能包含字母和数字', en: 'letters and digits only' },
  'issue.digits_only': { zh: '只能包含数字', en: 'digits only' },
  'issue.prefix_format': { zh: '须为一到两个大写字母', en: 'one or two capital letters' },
  'issue.staff_code_format': {
    zh: '须为 2 到 16 个字母或数字',
    en: '2 to 16 letters or digits',
  },
  'issue.phone_format': {
    zh: '只能包含数字、空格、“-”和开头的“+”',
    en: 'digits, spaces, "-" and a leading "+" only',
  },
  'issue.mobile_format': {
    zh: '须为 11 位手机号码（以 13 至 19 开头）',
    en: 'a mobile number: 11 digits beginning 13 to 19',
  },
  'issue.digits': { zh: '须为 {min} 到 {max} 位数字', en: '{min} to {max} digits' },
  'issue.time_format': { zh: '须为 HH:MM 格式的时间', en: 'a time as HH:MM' },
  'issue.date_format': { zh: '须为 YYYY-MM-DD 格式的日期', en: 'a date as YYYY-MM-DD' },
  'issue.real_date': { zh: '不是有效日期', en: 'not a real date' },
  'issue.date_twice': { zh: '日期重复', en: 'each date once' },
  'issue.open_before_close': {
    zh: '开始时间须早于结束时间',
    en: 'opening must be before closing',
  },
  'issue.from_after_to': { zh: '不能早于开始日期', en: 'must not be before the start date' },
  'issue.timezone_name': {
    zh: '须为 IANA 名称，如 Asia/Shanghai',
    en: 'an IANA name such as Asia/Shanghai',
  },
  'issue.complaint_summary_missing': {
    zh: '请填写投诉内容',
    en: 'say what the visitor complains about',
  },
  'issue.complaint_action_missing': {
    zh: '请填写责任人工号、跟进记录或处理结果',
    en: 'say what was done (an assignee, a note or an outcome)',
  },
  'issue.case_by_missing': {
    zh: '请填写回访人或整改人',
    en: 'say who called the visitor back or made the change',
  },
  'issue.case_time_invalid': {
    zh: '回访时间须在投诉登记之后、现在之前',
    en: 'the call-back time must be after the complaint was opened and not in the future',
  },
  'issue.case_closed': { zh: '该投诉已办结', en: 'this complaint is closed' },
  'issue.case_callback_missing': {
    zh: '尚无回访记录（回访人、时间、群众意见），不能办结',
    en: 'no call-back record yet (who, when, what the visitor said): it cannot be closed',
  },
  'issue.case_rectification_missing': {
    zh: '尚无整改记录（整改内容、整改人），不能办结',
    en: 'no rectification record yet (what was changed, by whom): it cannot be closed',
  },
  'issue.duplicate': { zh: '“{value}”已被使用', en: '"{value}" is already used' },
  'issue.no_department': { zh: '没有部门“{id}”', en: 'no department "{id}"' },
  'issue.no_service': { zh: '没有业务“{id}”', en: 'no service "{id}"' },
  'issue.service_disabled': { zh: '业务“{id}”已停用', en: 'service "{id}" is disabled' },
  'issue.service_twice': {
    zh: '业务“{id}”在同一组合中出现两次',
    en: 'service "{id}" appears twice in the visit',
  },
  'issue.no_combined_visit': { zh: '没有组合办理“{id}”', en: 'no combined visit "{id}"' },
  'issue.also_holiday': { zh: '{day} 已是闭厅日', en: '{day} is also a closed day' },
  'issue.not_weekend': { zh: '{day} 不是周六或周日', en: '{day} is not a Saturday or a Sunday' },
  'issue.timezone_busy': {
    zh: '还有 {tickets} 张号票在等候、叫号、办理或暂缓中，{windows} 个窗口开放，此时不能修改（请在大厅空闲时修改）',
    en: 'cannot change while {tickets} ticket(s) are waiting, called, being served or parked and {windows} window(s) are open (change it when the hall is idle)',
  },
  'issue.own_account': {
    zh: '不能停用自己的账号或取消自己的管理员角色',
    en: 'You cannot disable your own account or remove your own admin role',
  },
  'issue.id_number': {
    zh: '不是有效的公民身份号码',
    en: 'not a valid citizen ID number',
  },
  'issue.id_limit_per_day': {
    zh: '本人今天已取号 {ticket}，每人每天限取一个号',
    en: 'this person already took {ticket} today: one ticket per person per day',
  },
  'issue.id_limit_per_service': {
    zh: '本人今天已取过此事项的号 {ticket}，每人每项每天限取一个号',
    en: 'this person already took {ticket} for this service today: one per person per service per day',
  },
  'issue.assist_not_answered': {
    zh: '工作人员尚未响应帮办呼叫，请稍候',
    en: 'no staff member has answered the call for help yet: please wait',
  },
  'issue.already_answered': {
    zh: '该督办已回复',
    en: 'this instruction has been answered already',
  },
  'issue.upload_not_refused': {
    zh: '只有被省级平台退回的记录才能重新上报',
    en: 'only a record the provincial platform refused can be sent again',
  },
  'issue.slot_full': { zh: '该时段已约满', en: 'this slot is full' },
  'issue.slot_closed': {
    zh: '该时段不开放预约（节假日、不办公或未设置容量）',
    en: 'this slot is not open for booking (a holiday, closed, or no capacity)',
  },
  'issue.slot_past': { zh: '该时段已过', en: 'this slot is past' },
  'issue.booking_not_booked': {
    zh: '该预约已签到或已取消，不能再更改',
    en: 'this booking was checked in or cancelled: it cannot be changed',
  },
  'issue.outbox_not_failed': {
    zh: '只有发送失败的通知才能重新发送（已发送的不会再发）',
    en: 'only a failed message can be sent again (a sent one never goes twice)',
  },
  'issue.other': { zh: '{message}', en: '{message}' },
};
