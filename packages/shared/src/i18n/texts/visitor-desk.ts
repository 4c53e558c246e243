/**
 * The visitor at the kiosk with the staff's help (docs/VISITORS.md): a ticket without an ID card
 * once staff answered the kiosk's call for help.
 */
export const VISITOR_DESK_TEXTS = {
  'kiosk.card.staffIssue': {
    zh: '工作人员确认：无身份证取号',
    en: 'Staff: take a number without an ID card',
  },
} as const;
