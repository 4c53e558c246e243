/**
 * The visitor at the kiosk with the staff's help (docs/VISITORS.md): a ticket without an ID card
 * once staff answered the kiosk's call for help.
 */
export const VISITOR_DESK_TEXTS = {
  'kiosk.card.staffIssue': {
    zh: '工作人员确认：无身份证取号',
    en: 'Staff: take a number without an ID card',
  },
  'assist.closeReason.visitor_left': { zh: '访客已离开', en: 'The visitor left' },
  'assist.closeReason.helped_at_kiosk': {
    zh: '已在取号机旁帮助，无需取号',
    en: 'Helped at the kiosk, no ticket needed',
  },
  'assist.closeReason.other': { zh: '其他原因', en: 'Other reason' },
  'assist.close': { zh: '关闭呼叫', en: 'Close the call' },
  'assist.closeAs': { zh: '关闭原因', en: 'Reason for closing' },
} as const;
