/**
 * 好差评's "who is rated" and "how it went on": the clerk's photo and staff number on the rating
 * pad, the case number (办件编号) entered at finish, and the visitor's follow-up rating (追评).
 */
export const PAD_TEXTS = {
  'terminal.caseNumber': { zh: '办件编号（选填）', en: 'Case number (optional)' },
  'terminal.rate.clerk': { zh: '工号 {code}', en: 'Staff no. {code}' },
  'terminal.rate.photo': { zh: '{name}的照片', en: 'Photo of {name}' },
  'admin.staffPhoto': { zh: '照片', en: 'Photo' },
  'admin.photoUpload': { zh: '上传照片', en: 'Upload a photo' },
  'admin.photoRemove': { zh: '删除照片', en: 'Remove the photo' },
  'admin.photoNone': { zh: '无照片', en: 'No photo' },
  'admin.photoHint': {
    zh: 'JPEG 或 PNG，将缩小保存（不超过 200 KB）',
    en: 'JPEG or PNG, kept small (at most 200 KB)',
  },
  'photo.wrong_type': {
    zh: '只接受 JPEG 或 PNG 格式的照片',
    en: 'Only JPEG or PNG photos are accepted',
  },
  'photo.too_large': {
    zh: '照片太大：保存的照片不能超过 200 KB',
    en: 'The photo is too large: a stored photo is at most 200 KB',
  },
  'photo.unknown_staff': { zh: '没有这个工号的工作人员', en: 'No staff member has this code' },
  'admin.followUps': { zh: '追评', en: 'Follow-ups' },
  'admin.followUpDays': { zh: '追评期限（天）', en: 'Follow-up period (days)' },
  'status.clerk': {
    zh: '办理人员：{name}（工号 {code}）',
    en: 'Served by {name} (staff no. {code})',
  },
  'status.followUp.title': { zh: '追加评价', en: 'Follow-up rating' },
  'status.followUp.hint': {
    zh: '评价后 {days} 天内可追评一次',
    en: 'You may add one follow-up within {days} days of rating',
  },
  'status.followUp.text': { zh: '追评内容', en: 'Your follow-up' },
  'status.followUp.level': { zh: '重新选择满意度（选填）', en: 'A new level (optional)' },
  'status.followUp.keep': { zh: '不变', en: 'Unchanged' },
  'status.followUp.submit': { zh: '提交追评', en: 'Send the follow-up' },
  'status.followUp.thanks': {
    zh: '已收到您的追评，谢谢！',
    en: 'Your follow-up was received. Thank you!',
  },
  'status.followUp.empty': { zh: '请填写追评内容', en: 'Please write your follow-up' },
  'ratings.followUp.twice': {
    zh: '这次评价已经追评过，每次评价只能追评一次',
    en: 'This rating already has its follow-up: one per rating',
  },
  'ratings.followUp.expired': {
    zh: '追评期已过（评价后 {days} 天内可追评）',
    en: 'The follow-up period is over (within {days} days of the rating)',
  },
  'ratings.followUp.notRated': {
    zh: '这次服务还没有评价，不能追评',
    en: 'This service has not been rated: there is nothing to follow up',
  },
} as const;
