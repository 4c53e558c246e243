/** 差评工单提醒 (issue 16): due-today and overdue poor-rating cases sent to the duty supervisors. */
export {
  CASE_ALERT_CHECK_MS,
  CaseAlertSender,
  caseAlertsDue,
  type CaseAlertSenderOptions,
} from './case-alerts.js';
