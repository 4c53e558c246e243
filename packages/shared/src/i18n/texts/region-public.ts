import type { I18nText } from '../../domain/types.js';

/** 阳光政务: the region's public page of every hall now (nothing personal). */
export const REGION_PUBLIC_TEXTS = {
  'public.title': { zh: '阳光政务 · 各大厅实时情况', en: 'Service halls now' },
  'public.intro': {
    zh: '各政务服务大厅此刻的等候人数、开放窗口，以及今天的平均等候时间和满意度。',
    en: "Each service hall now: people waiting, windows open, and today's average wait and satisfaction.",
  },
  'public.otherLang': { zh: 'English', en: '中文' },
  'public.loading': { zh: '正在读取…', en: 'Loading…' },
  'public.failed': {
    zh: '暂时无法读取，稍后自动重试。',
    en: 'Cannot load the figures right now; trying again shortly.',
  },
  'public.noHalls': { zh: '还没有接入的大厅。', en: 'No hall is linked yet.' },
  'public.updated': { zh: '更新于 {time}', en: 'Updated at {time}' },
  'public.day': { zh: '营业日 {day}', en: 'Business day {day}' },
  'public.noDay': { zh: '尚无今日数据', en: 'No figures yet' },
  'public.waiting': { zh: '等候人数', en: 'Waiting' },
  'public.windowsOpen': { zh: '开放窗口', en: 'Windows open' },
  'public.averageWait': { zh: '今日平均等候', en: 'Average wait today' },
  'public.satisfaction': { zh: '今日满意度', en: 'Satisfaction today' },
  'public.minutes': { zh: '{n} 分钟', en: '{n} min' },
  'public.percent': { zh: '{n}%（{rated} 条评价）', en: '{n}% ({rated} ratings)' },
  'public.none': { zh: '—', en: '—' },
  'public.service': { zh: '事项', en: 'Service' },
  'public.serviceWaiting': { zh: '等候', en: 'Waiting' },
  'public.notBuilt': {
    zh: '页面尚未构建：请在代码目录运行 npm run build:pages。',
    en: 'The page is not built yet: run npm run build:pages in the checkout.',
  },
  'public.noServices': { zh: '暂无等候事项', en: 'No service queues yet' },
} as const satisfies Record<string, I18nText>;
