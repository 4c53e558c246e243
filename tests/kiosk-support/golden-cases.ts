import type { PrintableTicket } from '../../apps/kiosk/src/shared/api.js';
import type { TicketLayout } from '../../apps/kiosk/src/main/printer/ticket.js';

/* The tickets of the golden files (tests/kiosk-golden/), shared by the tests that read them. */

export const TICKET: PrintableTicket = {
  hall: { zh: '示范市政务服务中心', en: 'Demo City Government Service Center' },
  notice: {
    zh: '请携带身份证件，留意叫号。',
    en: 'Please bring your ID card and listen for your number.',
  },
  number: 'A001',
  service: { zh: '企业开办', en: 'Business start-up' },
  priority: false,
  peopleAhead: 3,
  estimateMinutes: 12,
  issuedAt: Date.UTC(2026, 10, 26, 2, 5), // 10:05 in Shanghai
  statusUrl: 'http://192.168.1.10:7800/t/3q2-x7VbN0kJ5mYh8sLwP1cRtZ9aQeUoIfGdHjKlMnB',
};

export const LONG: PrintableTicket = {
  ...TICKET,
  hall: {
    zh: '示范市经济技术开发区管理委员会政务服务中心（东区分中心）',
    en: 'Administrative Service Center of the Demo City Economic and Technological Development Zone (East)',
  },
  service: {
    zh: '不动产登记（抵押权首次登记、变更登记、注销登记）',
    en: 'Real estate registration: first registration, change and cancellation of a mortgage',
  },
  number: 'GB1024',
  priority: true,
  peopleAhead: 1023,
  estimateMinutes: 480,
};

/** A combined visit (一件事一次办): one number, its steps listed; the second step in any order. */
export const COMBINED: PrintableTicket = {
  ...TICKET,
  service: { zh: '开办企业一件事', en: 'Starting a business' },
  steps: [
    [{ zh: '企业开办', en: 'Business start-up' }],
    [
      { zh: '税务综合', en: 'Tax services' },
      { zh: '社保办理', en: 'Social insurance' },
    ],
  ],
};

/** A service with its guide (办事指南), issued with a staff member's help (帮办代办). */
export const GUIDED: PrintableTicket = {
  ...TICKET,
  helped: true,
  guide: {
    materials: [
      { zh: '本人居民身份证原件', en: 'Your resident ID card (original)' },
      { zh: '户口簿原件及复印件一份', en: 'Household register, original and one copy' },
      { zh: '近期一寸免冠彩色照片两张', en: 'Two recent one-inch colour photos' },
    ],
    fee: { zh: '免费', en: 'Free' },
  },
};

export const CASES: { name: string; ticket: PrintableTicket; layout: TicketLayout }[] = [
  { name: 'epson-80-zh-en', ticket: TICKET, layout: layout('epson', 80, ['zh', 'en']) },
  {
    name: 'epson-58-zh',
    ticket: { ...TICKET, priority: true },
    layout: layout('epson', 58, ['zh']),
  },
  { name: 'epson-58-long-four-digit', ticket: LONG, layout: layout('epson', 58, ['zh', 'en']) },
  {
    name: 'star-80-en',
    ticket: { ...TICKET, number: 'K1000' },
    layout: layout('star', 80, ['en']),
  },
  { name: 'star-58-long-four-digit', ticket: LONG, layout: layout('star', 58, ['zh', 'en']) },
  { name: 'epson-80-combined-visit', ticket: COMBINED, layout: layout('epson', 80, ['zh', 'en']) },
  { name: 'star-58-combined-visit', ticket: COMBINED, layout: layout('star', 58, ['zh', 'en']) },
  { name: 'epson-80-guide', ticket: GUIDED, layout: layout('epson', 80, ['zh', 'en']) },
  { name: 'star-58-guide', ticket: GUIDED, layout: layout('star', 58, ['zh']) },
];

export function layout(
  commandSet: TicketLayout['commandSet'],
  paperWidthMm: TicketLayout['paperWidthMm'],
  languages: TicketLayout['languages'],
): TicketLayout {
  return { commandSet, paperWidthMm, languages, timezone: 'Asia/Shanghai' };
}
