import type { I18nText } from '../../domain/types.js';

/** The ticket's status and rating on the public edge (the region's `/public/t/<hall>/<token>`). */
export const EDGE_TEXTS = {
  'edge.ahead': { zh: '前面还有 {count} 人', en: '{count} ahead of you' },
  'edge.next': { zh: '下一位就是您', en: 'You are next' },
  'edge.window': { zh: '请到 {window} 号窗口', en: 'Please go to window {window}' },
  'edge.refresh': {
    zh: '本页每 15 秒自动刷新',
    en: 'This page refreshes itself every 15 seconds',
  },
  'edge.pending': {
    zh: '您的评价已收到，正在转交大厅',
    en: 'Your rating is received and on its way to the hall',
  },
  'edge.accepted': { zh: '大厅已收到您的评价，谢谢！', en: 'The hall has your rating. Thank you!' },
  'edge.followUpAccepted': {
    zh: '大厅已收到您的追评，谢谢！',
    en: 'The hall has your follow-up. Thank you!',
  },
  'edge.badRating': {
    zh: '评价未提交：请选择满意度，意见不超过 300 字',
    en: 'Not sent: pick a level; a comment is at most 300 characters',
  },
  'edge.badFollowUp': {
    zh: '追评未提交：请填写追评内容（不超过 300 字）',
    en: 'Not sent: write your follow-up (at most 300 characters)',
  },
  'edge.waitForHall': {
    zh: '上一条评价还在转交大厅，请稍后再试',
    en: 'Your last rating is still on its way to the hall; please try again shortly',
  },
  'edge.refused.not_found': {
    zh: '大厅已找不到这张号票',
    en: 'The hall no longer knows this ticket',
  },
  'edge.refused.rated_on_pad': {
    zh: '这一步服务已在窗口评价器上评价过，不能再扫码评价',
    en: 'This step was already rated on the window’s rating pad and cannot be rated again here',
  },
  'edge.refused.rated_by_phone': {
    zh: '这一步服务已扫码评价过，每一步只能评价一次',
    en: 'This step was already rated by QR code; each step is rated once',
  },
  'edge.refused.not_rateable': {
    zh: '现在没有可评价的已办结服务',
    en: 'There is no finished service to rate now',
  },
  'edge.refused.unknown_tag': {
    zh: '所选评价标签不适用于该满意度',
    en: 'A tag picked is not offered with this level',
  },
  'edge.refused.not_rated': {
    zh: '这次服务还没有评价，不能追评',
    en: 'This service has not been rated: there is nothing to follow up',
  },
  'edge.refused.already_followed_up': {
    zh: '这次评价已经追评过，每次评价只能追评一次',
    en: 'This rating already has its follow-up: one per rating',
  },
  'edge.refused.follow_up_expired': { zh: '追评期已过', en: 'The follow-up period is over' },
  'edge.refused.hall_busy': {
    zh: '大厅暂时无法处理，请重新提交',
    en: 'The hall could not take it just now; please send it again',
  },
  'edge.relayTitle': { zh: 'OneStop 公共中转', en: 'OneStop public relay' },
} as const satisfies Record<string, I18nText>;
