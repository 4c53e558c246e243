/** 阳光运行 on the region's public page: each window of a hall this month. */
export const PUBLIC_SUNSHINE_TEXTS = {
  'public.windowsMonth': { zh: '本月各窗口满意度', en: 'Windows this month' },
  'public.window': { zh: '窗口', en: 'Window' },
  'public.windowNumber': { zh: '{n} 号窗口', en: 'Window {n}' },
  'public.clerk': { zh: '当前工作人员', en: 'Clerk on duty' },
  'public.noClerk': { zh: '暂无人员', en: 'Nobody' },
  'public.windowSatisfaction': { zh: '满意度', en: 'Satisfaction' },
  'public.noRatings': { zh: '暂无评价', en: 'No ratings yet' },
} as const;
