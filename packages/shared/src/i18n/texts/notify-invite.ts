/**
 * 邀请评价 (the invitation to rate): the one message a visitor who left unrated may get.
 * `{hall}`: the hall's name, `{number}`: the ticket's number, `{link}`: its status page.
 */
export const NOTIFY_INVITE_TEXTS = {
  'notify.invite': {
    zh: '您在{hall}办理的业务（{number} 号）已完成，欢迎评价：{link}',
    en: 'Your visit to {hall} (ticket {number}) is done. Please rate our service: {link}',
  },
} as const;
