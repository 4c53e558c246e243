import type { I18nText } from '../../domain/types.js';

/**
 * The regional console's reports across halls (issue 15): its Reports tab, the columns of its
 * table and of the CSV and XLSX exports the region serves (`region.report.*`), and the console's
 * tabs (`region.tab.*`).
 */
export const REGION_REPORT_TEXTS = {
  'region.tab.board': { zh: '实时看板', en: 'Live board' },
  'region.tab.reports': { zh: '统计报表', en: 'Reports' },
  'region.tab.supervision': { zh: '督办', en: 'Supervision' },
  'region.report.title': { zh: '跨大厅统计报表', en: 'Reports across halls' },
  'region.report.halls': { zh: '大厅', en: 'Halls' },
  'region.report.from': { zh: '开始日期', en: 'From' },
  'region.report.to': { zh: '结束日期', en: 'To' },
  'region.report.groupBy': { zh: '分组', en: 'Group by' },
  'region.report.by.hall': { zh: '按大厅', en: 'By hall' },
  'region.report.by.department': { zh: '按部门', en: 'By department' },
  'region.report.by.service': { zh: '按事项', en: 'By service' },
  'region.report.by.day': { zh: '按日', en: 'By day' },
  'region.report.by.hour': { zh: '按时段', en: 'By hour' },
  'region.report.by.window': { zh: '按窗口', en: 'By window' },
  'region.report.by.clerk': { zh: '按工作人员', en: 'By clerk' },
  'region.report.show': { zh: '查询', en: 'Show' },
  'region.report.csv': { zh: '下载 CSV', en: 'Download CSV' },
  'region.report.xlsx': { zh: '下载 Excel', en: 'Download Excel' },
  'region.report.empty': { zh: '所选范围内没有数据', en: 'Nothing in this range' },
  'region.report.pickHall': { zh: '请至少选择一个大厅', en: 'Choose at least one hall' },
  'region.report.failed': { zh: '查询失败：{message}', en: 'Not shown: {message}' },
  'region.report.chartServed': { zh: '办结人次', en: 'Served' },
  'region.report.chartWait': { zh: '平均等候（分钟）', en: 'Average wait (minutes)' },
  'region.report.group': { zh: '分组', en: 'Group' },
  'region.report.total': { zh: '合计', en: 'Total' },
  'region.report.none': { zh: '（未指定）', en: '(none)' },
  'region.report.issued': { zh: '取号', en: 'Issued' },
  'region.report.served': { zh: '办结', en: 'Served' },
  'region.report.noShow': { zh: '过号', en: 'No-shows' },
  'region.report.cancelled': { zh: '取消', en: 'Cancelled' },
  'region.report.expired': { zh: '作废', en: 'Expired' },
  'region.report.avgWait': { zh: '平均等候（分钟）', en: 'Average wait (min)' },
  'region.report.p90Wait': { zh: '90% 等候（分钟）', en: '90th percentile wait (min)' },
  'region.report.avgService': { zh: '平均办理（分钟）', en: 'Average service (min)' },
  'region.report.transfers': { zh: '转办', en: 'Transfers' },
  'region.report.rated': { zh: '评价数', en: 'Ratings' },
  'region.report.avgScore': { zh: '平均评分', en: 'Average score' },
  'region.report.satisfaction': { zh: '满意率', en: 'Satisfaction' },
  'region.report.complaints': { zh: '投诉', en: 'Complaints' },
  'region.report.sheet': { zh: '统计报表', en: 'Report' },
} as const satisfies Record<string, I18nText>;
