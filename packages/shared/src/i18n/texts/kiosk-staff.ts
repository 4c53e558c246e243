/**
 * Issue 17 (docs/VISITORS.md): a staff member's code and PIN at the kiosk for a visitor without
 * an ID card, a phone number at an appointment's check-in, and the window terminal's preview of
 * the next call with the remote numbers it passes over.
 */
export const KIOSK_STAFF_TEXTS = {
  'terminal.queue.next': { zh: '下一位', en: 'Next' },
  'terminal.queue.awaitingConfirmation': { zh: '待确认', en: 'Awaiting confirmation' },
  'audit.detail.allowedBy': {
    zh: '无身份证，{staff} 凭工号密码确认',
    en: 'no ID card: allowed by {staff} with staff code and PIN',
  },
  'kiosk.staffPin.open': { zh: '工作人员输入工号密码取号', en: 'Staff: enter code and PIN' },
  'kiosk.staffPin.title': {
    zh: '工作人员确认：无身份证取号',
    en: 'Staff: a number without an ID card',
  },
  'kiosk.staffPin.hint': {
    zh: '请工作人员输入本人工号和密码，确认为无身份证的访客取号',
    en: 'Staff: enter your staff code and PIN to give this visitor a number without an ID card',
  },
  'kiosk.staffPin.code': { zh: '工号', en: 'Staff code' },
  'kiosk.staffPin.pin': { zh: '密码', en: 'PIN' },
  'kiosk.staffPin.submit': { zh: '确认取号', en: 'Confirm and take a number' },
  'kiosk.staffPin.clear': { zh: '清除', en: 'Clear' },
  'kiosk.staffPin.back': { zh: '返回', en: 'Back' },
} as const;
