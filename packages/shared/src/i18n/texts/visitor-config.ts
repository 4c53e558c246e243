/**
 * The console's page for the visitor beyond the hall: online booking (slots, days ahead,
 * capacity per service) and 远程取号 (numbers from the phone).
 */
export const VISITOR_CONFIG_TEXTS = {
  'admin.pageOnline': { zh: '预约与远程取号', en: 'Booking and remote numbers' },
  'admin.bookingTitle': { zh: '网上预约', en: 'Online booking' },
  'admin.bookingEnabled': { zh: '开放网上预约', en: 'Booking online is open' },
  'admin.bookingSlotMinutes': { zh: '每个时段（分钟，5–240）', en: 'Slot length (minutes, 5–240)' },
  'admin.bookingDaysAhead': {
    zh: '可提前预约天数（1–60，当天不可预约）',
    en: 'Days ahead that may be booked (1–60, never today)',
  },
  'admin.bookingCapacity': { zh: '每个时段可约人数', en: 'Visitors per slot' },
  'admin.bookingCapacityHint': {
    zh: '每个事项填 1–1000；留空为不可预约。',
    en: 'For each service 1–1000; empty: not bookable.',
  },
  'admin.bookingService': { zh: '事项', en: 'Service' },
  'admin.remoteTitle': { zh: '远程取号', en: 'Numbers from the phone' },
  'admin.remoteEnabled': { zh: '开放远程取号', en: 'Numbers from the phone are open' },
  'admin.remoteConfirmMinutes': {
    zh: '排到后须在几分钟内到取号机确认（1–240）',
    en: 'Minutes to confirm at a kiosk once first in line (1–240)',
  },
  'admin.remotePerPhone': {
    zh: '每个手机号每天可取号数（1–10）',
    en: 'Numbers per phone per day (1–10)',
  },
  'admin.remoteServices': { zh: '可远程取号的事项', en: 'Services offered from the phone' },
  'admin.onlinePushNote': {
    zh: '保存后，公众页面在下次同步时显示新的设置。',
    en: 'The public pages show the new settings at the next push.',
  },
} as const;
