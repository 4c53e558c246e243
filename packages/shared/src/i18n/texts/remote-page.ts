import type { I18nText } from '../../domain/types.js';

/** Numbers from the phone (远程取号): the public page at the region (/public/remote.html). */
export const REMOTE_PAGE_TEXTS = {
  'remotePage.title': { zh: '远程取号', en: 'Take a number from your phone' },
  'remotePage.intro': {
    zh: '在办事时间内，选择大厅和事项，留下手机号，即可远程取号。取号后，请在轮到您之前到大厅取号机输入确认码。',
    en: 'During opening hours, pick a hall and a service and leave your mobile number to take a number. Then, before your turn, type the confirmation code at a kiosk in the hall.',
  },
  'remotePage.noHalls': {
    zh: '目前没有可远程取号的大厅。',
    en: 'No hall gives numbers to phones right now.',
  },
  'remotePage.hours': { zh: '办事时间：{hours}', en: 'Opening hours: {hours}' },
  'remotePage.allDay': { zh: '大厅开门时间内', en: 'while the hall is open' },
  'remotePage.hoursLine': { zh: '{days} {open}–{close}', en: '{days} {open}–{close}' },
  'remotePage.dayRange': { zh: '{from}至{to}', en: '{from}–{to}' },
  'remotePage.day.1': { zh: '周一', en: 'Mon' },
  'remotePage.day.2': { zh: '周二', en: 'Tue' },
  'remotePage.day.3': { zh: '周三', en: 'Wed' },
  'remotePage.day.4': { zh: '周四', en: 'Thu' },
  'remotePage.day.5': { zh: '周五', en: 'Fri' },
  'remotePage.day.6': { zh: '周六', en: 'Sat' },
  'remotePage.day.7': { zh: '周日', en: 'Sun' },
  'remotePage.phoneHint': {
    zh: '用于限制每人取号数量，只交给大厅，大厅答复后本网站即删除。',
    en: 'Used to limit the numbers per person; it goes to the hall only and this site deletes it once the hall has answered.',
  },
  'remotePage.submit': { zh: '取号', en: 'Take a number' },
  'remotePage.pending': {
    zh: '已提交，正在等待大厅答复…',
    en: 'Sent; waiting for the hall to answer…',
  },
  'remotePage.issued': { zh: '取号成功', en: 'Your number' },
  'remotePage.number': { zh: '您的号码', en: 'Your number' },
  'remotePage.code': { zh: '确认码', en: 'Confirmation code' },
  'remotePage.ahead': {
    zh: '取号时前面有 {count} 人',
    en: '{count} ahead of you when the number was taken',
  },
  'remotePage.rules': {
    zh: '请在轮到您之前到大厅，在取号机上输入确认码确认：确认后才会叫到您的号。如果排到第一位后 {minutes} 分钟内仍未确认，此号将被跳过并作废。',
    en: 'Before your turn, come to the hall and type the confirmation code at a kiosk: the number is called only once confirmed. If it is still not confirmed {minutes} minutes after reaching the head of the line, it is passed over and expires.',
  },
  'remotePage.keepLink': {
    zh: '请保存本页链接或记下号码和确认码（任何拿到此链接的人都能看到它们）。',
    en: 'Keep the link of this page or note the number and the code (anyone who has the link can see them).',
  },
  'remotePage.statusLink': { zh: '查看排队进度', en: 'See your place in line' },
  'remotePage.refused': { zh: '未能取号', en: 'No number taken' },
  'remotePage.refusal.not_offered': {
    zh: '该事项不能远程取号，请到大厅取号。',
    en: 'This service does not give numbers to phones; please take one at the hall.',
  },
  'remotePage.refusal.closed': {
    zh: '现在不在该事项的办事时间内。',
    en: 'The service is not open now.',
  },
  'remotePage.refusal.quota': {
    zh: '该事项今天的号已发完。',
    en: 'The service has given all its numbers for today.',
  },
  'remotePage.refusal.phone_limit': {
    zh: '此手机号今天已取过号。',
    en: 'This mobile number has taken its numbers for today.',
  },
  'remotePage.refusal.id_limit': {
    zh: '此身份证号今天已取过号，不能再取。',
    en: 'This ID card number has already taken the numbers allowed for today.',
  },
  'remotePage.idNumber': {
    zh: '身份证号（可选，用于在取号机刷身份证确认）',
    en: 'ID card number (optional, to confirm with your ID card at the kiosk)',
  },
  'remotePage.bookingIdNumber': {
    zh: '身份证号（可选，用于在取号机刷身份证签到）',
    en: 'ID card number (optional, to check in with your ID card at the kiosk)',
  },
  'remotePage.idNumberHint': {
    zh: '18 位，末位可为 X。只交给大厅，大厅只保存其加密摘要；大厅答复后本网站即删除。',
    en: '18 characters, the last may be X. It goes to the hall only, which keeps only a keyed hash of it; this site deletes it once the hall has answered.',
  },
  'remotePage.idNumberInvalid': {
    zh: '身份证号不正确，请检查（18 位，末位校验码）。',
    en: 'The ID card number is not right; please check it (18 characters, the last is the check character).',
  },
  'remotePage.confirmWithCard': {
    zh: '您填写了身份证号：也可以在取号机上刷身份证确认，无需输入确认码。',
    en: 'You gave your ID card number: you can also confirm by reading your ID card at a kiosk instead of typing the code.',
  },
  'remotePage.again': { zh: '返回取号', en: 'Back to the form' },
  'remotePage.error.challenge_failed': {
    zh: '计算结果不对，请重新计算新的题目。',
    en: 'The sum is not right; please work out the new one.',
  },
  'remotePage.error.phone_pending': {
    zh: '此手机号已有一个请求在等待大厅答复，请稍候。',
    en: 'A request of this number is waiting for the hall; please wait.',
  },
  'remotePage.error.not_offered': {
    zh: '该大厅现在不为此事项远程取号。',
    en: 'The hall does not give numbers to phones for this service now.',
  },
  'remotePage.error.invalid_message': {
    zh: '请检查填写的内容（手机号为 11 位）。',
    en: 'Please check what you typed (an 11-digit mobile number).',
  },
  'remotePage.error.rate_limited': {
    zh: '请求太频繁，请稍后再试。',
    en: 'Too many requests; please try again later.',
  },
} as const satisfies Record<string, I18nText>;
