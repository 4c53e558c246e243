import type { HallConfig, HoursRule, Weekday } from '@onestop/shared';
import { DEFAULT_POLICY } from '@onestop/shared';

/**
 * A sample hall for trials and tests: six departments, ten services, twelve windows and two
 * combined visits (一件事一次办).
 */

const ALL_DAYS: Weekday[] = [1, 2, 3, 4, 5, 6, 7];
/** The demo is open all day every day, so a trial works whenever it is started. */
const ALWAYS: HoursRule[] = [{ days: ALL_DAYS, open: '00:00', close: '24:00' }];

export interface DemoStaff {
  code: string;
  name: string;
  role: 'clerk' | 'supervisor' | 'admin';
  pin: string;
}

export const DEMO_STAFF: DemoStaff[] = [
  ...Array.from({ length: 12 }, (_, i): DemoStaff => {
    const n = String(i + 1).padStart(2, '0');
    return { code: `C${n}`, name: `窗口员${n}`, role: 'clerk', pin: `1${n}0` };
  }),
  { code: 'S01', name: '值班主任', role: 'supervisor', pin: '2468' },
  { code: 'ADMIN', name: '系统管理员', role: 'admin', pin: '8642' },
];

const svc = (
  id: string,
  departmentId: string,
  prefix: string,
  zh: string,
  en: string,
  defaultMinutes: number,
  dailyQuota: number | null = null,
) => ({
  id,
  departmentId,
  prefix,
  name: { zh, en },
  dailyQuota,
  hours: ALWAYS,
  defaultMinutes,
  enabled: true,
});

const win = (number: number, zh: string, en: string, services: [string, number][]) => ({
  id: `w${number}`,
  number,
  name: { zh, en },
  services: services.map(([serviceId, weight]) => ({ serviceId, weight })),
});

export const DEMO_HALL: HallConfig = {
  hall: {
    name: { zh: '示范市政务服务中心', en: 'Demo City Government Service Center' },
    timezone: 'Asia/Shanghai',
    languages: ['zh', 'en'],
    policy: { ...DEFAULT_POLICY },
    notice: {
      zh: '请携带身份证件，留意叫号。',
      en: 'Please bring your ID card and listen for your number.',
    },
    holidays: [],
    extraWorkdays: [],
  },
  departments: [
    { id: 'market', name: { zh: '市场监管局', en: 'Market Regulation' } },
    { id: 'hrss', name: { zh: '人力资源和社会保障局', en: 'Human Resources and Social Security' } },
    { id: 'police', name: { zh: '公安局', en: 'Public Security' } },
    { id: 'estate', name: { zh: '不动产登记中心', en: 'Real Estate Registration' } },
    { id: 'tax', name: { zh: '税务局', en: 'Taxation' } },
    { id: 'fund', name: { zh: '住房公积金中心', en: 'Housing Provident Fund' } },
  ],
  services: [
    svc('biz-open', 'market', 'A', '企业开办', 'Business start-up', 15),
    svc('biz-change', 'market', 'B', '变更登记', 'Business changes', 10),
    svc('social', 'hrss', 'C', '社保办理', 'Social insurance', 8),
    svc('medical', 'hrss', 'D', '医保办理', 'Medical insurance', 8),
    svc('hukou', 'police', 'E', '户籍办理', 'Household registration', 12),
    svc('exit-entry', 'police', 'F', '出入境', 'Exit and entry', 10, 200),
    svc('estate-reg', 'estate', 'G', '不动产登记', 'Property registration', 20),
    svc('tax', 'tax', 'H', '税务综合', 'Tax services', 10),
    svc('invoice', 'tax', 'J', '发票办理', 'Invoices', 5),
    svc('fund', 'fund', 'K', '公积金业务', 'Provident fund', 10),
  ],
  windows: [
    win(1, '企业开办', 'Business start-up', [
      ['biz-open', 2],
      ['biz-change', 1],
    ]),
    win(2, '企业开办', 'Business start-up', [
      ['biz-open', 2],
      ['biz-change', 1],
    ]),
    win(3, '变更登记', 'Business changes', [
      ['biz-change', 2],
      ['biz-open', 1],
    ]),
    win(4, '社保', 'Social insurance', [
      ['social', 2],
      ['medical', 1],
    ]),
    win(5, '医保', 'Medical insurance', [
      ['medical', 2],
      ['social', 1],
    ]),
    win(6, '户籍', 'Household registration', [['hukou', 1]]),
    win(7, '出入境', 'Exit and entry', [
      ['exit-entry', 2],
      ['hukou', 1],
    ]),
    win(8, '不动产登记', 'Property registration', [['estate-reg', 1]]),
    win(9, '不动产登记', 'Property registration', [['estate-reg', 1]]),
    win(10, '税务', 'Tax services', [
      ['tax', 2],
      ['invoice', 1],
    ]),
    win(11, '发票', 'Invoices', [
      ['invoice', 2],
      ['tax', 1],
    ]),
    win(12, '公积金及综合', 'Provident fund and general', [
      ['fund', 3],
      ['social', 1],
      ['medical', 1],
      ['invoice', 1],
    ]),
  ],
  staff: DEMO_STAFF.map(({ code, name, role }) => ({ code, name, role, active: true })),
  combinedVisits: [
    {
      id: 'start-business',
      departmentId: 'market',
      name: { zh: '开办企业一件事', en: 'Starting a business' },
      description: {
        zh: '先领营业执照，再同时办理税务与社保登记',
        en: 'Business licence first, then tax and social insurance together',
      },
      steps: [{ serviceIds: ['biz-open'] }, { serviceIds: ['tax', 'social'] }],
    },
    {
      id: 'buy-home',
      departmentId: 'estate',
      name: { zh: '二手房过户一件事', en: 'Buying a second-hand home' },
      description: {
        zh: '过户登记后缴契税，再办公积金与户口迁移',
        en: 'Transfer, deed tax, then provident fund and household move',
      },
      steps: [
        { serviceIds: ['estate-reg'] },
        { serviceIds: ['tax'] },
        { serviceIds: ['fund', 'hukou'] },
      ],
    },
  ],
};
