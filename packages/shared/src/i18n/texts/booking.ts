import type { I18nText } from '../../domain/types.js';

/** Booking from the phone: the public booking page at the region (/public/booking.html). */
export const BOOKING_TEXTS = {
  'booking.title': { zh: '网上预约', en: 'Book a visit' },
  'booking.intro': {
    zh: '选择大厅、事项、日期和时段，留下手机号，即可获得预约码。到大厅后在取号机输入预约码和手机号后四位取号。',
    en: 'Pick a hall, a service, a day and a time, leave your mobile number and get a booking code. At the hall, type the code and the last 4 digits of your number at the kiosk.',
  },
  'booking.otherLang': { zh: 'English', en: '中文' },
  'booking.loading': { zh: '正在读取…', en: 'Loading…' },
  'booking.failed': {
    zh: '暂时无法连接，请稍后再试。',
    en: 'Cannot connect right now; please try again later.',
  },
  'booking.noHalls': { zh: '目前没有可预约的大厅。', en: 'No hall takes bookings right now.' },
  'booking.hall': { zh: '大厅', en: 'Hall' },
  'booking.service': { zh: '事项', en: 'Service' },
  'booking.day': { zh: '日期', en: 'Day' },
  'booking.slot': { zh: '时段', en: 'Time' },
  'booking.slotLeft': { zh: '{time}（剩余 {n}）', en: '{time} ({n} left)' },
  'booking.slotFull': { zh: '{time}（已约满）', en: '{time} (full)' },
  'booking.noSlot': { zh: '这一天没有可预约的时段。', en: 'No time left to book on this day.' },
  'booking.phone': { zh: '手机号', en: 'Mobile number' },
  'booking.phoneHint': {
    zh: '仅用于到厅取号核对，只交给大厅，不在本网站保存。',
    en: 'Only for checking in at the hall; it goes to the hall only and is not kept on this site.',
  },
  'booking.challenge': { zh: '请计算：{question} = ?', en: 'Please work out: {question} = ?' },
  'booking.submit': { zh: '提交预约', en: 'Book' },
  'booking.pending': {
    zh: '已提交，正在等待大厅确认…',
    en: 'Sent; waiting for the hall to confirm…',
  },
  'booking.booked': { zh: '预约成功', en: 'Booked' },
  'booking.code': { zh: '预约码', en: 'Booking code' },
  'booking.when': { zh: '{day} {time}', en: '{day} {time}' },
  'booking.keepLink': {
    zh: '请保存本页链接，用它查看、改期或取消预约（任何拿到此链接的人都可以操作）。',
    en: 'Keep the link of this page: it shows, moves or cancels your booking (anyone who has the link can).',
  },
  'booking.cancel': { zh: '取消预约', en: 'Cancel the booking' },
  'booking.move': { zh: '改到所选时段', en: 'Move to the chosen time' },
  'booking.cancelled': { zh: '预约已取消', en: 'The booking is cancelled' },
  'booking.refused': { zh: '预约未成功', en: 'Not booked' },
  'booking.refusal.full': {
    zh: '该时段已约满，请另选时段。',
    en: 'That time is full; please choose another.',
  },
  'booking.refusal.closed': { zh: '该时段不可预约。', en: 'That time cannot be booked.' },
  'booking.refusal.phone_limit': {
    zh: '此手机号已有 2 个未到的预约。',
    en: 'This number already holds 2 bookings to come.',
  },
  'booking.refusal.unknown_booking': {
    zh: '大厅找不到这个预约。',
    en: 'The hall does not know this booking.',
  },
  'booking.refusal.checked_in': {
    zh: '已到厅取号，不能再改。',
    en: 'Already checked in at the hall.',
  },
  'booking.refusal.cancelled': { zh: '预约已取消。', en: 'The booking is cancelled.' },
  'booking.error.challenge_failed': {
    zh: '计算结果不对，请重新计算新的题目。',
    en: 'The sum is not right; please work out the new one.',
  },
  'booking.error.phone_pending': {
    zh: '此手机号已有一个预约在等待大厅确认，请稍候。',
    en: 'A booking of this number is waiting for the hall; please wait.',
  },
  'booking.error.no_such_slot': {
    zh: '该时段已没有名额，请另选。',
    en: 'No place left at that time; please choose another.',
  },
  'booking.error.invalid_message': {
    zh: '请检查填写的内容（手机号为 11 位）。',
    en: 'Please check what you typed (an 11-digit mobile number).',
  },
  'booking.error.rate_limited': {
    zh: '操作太频繁，请稍后再试。',
    en: 'Too many tries; please try again later.',
  },
  'booking.error.not_found': {
    zh: '找不到这个预约，或它现在不能更改。',
    en: 'No such booking, or it cannot be changed now.',
  },
  'booking.again': { zh: '重新预约', en: 'Book again' },
} as const satisfies Record<string, I18nText>;
