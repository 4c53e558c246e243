/**
 * The words of 好差评's closed loop for poor ratings (a complaint's case: call-back,
 * rectification, feedback) in the console and its live monitor.
 */
export const RATINGS_TEXTS = {
  'admin.ratingTags': { zh: '评价标签', en: 'Rating tags' },
  'admin.tagId': { zh: '标识', en: 'Id' },
  'admin.tagLevels': { zh: '适用评价', en: 'Offered with' },
  'admin.callbackDays': { zh: '回访核实期限（工作日）', en: 'Call-back deadline (working days)' },
  'admin.actionRectify': { zh: '记录整改', en: 'Record the rectification' },
  'admin.actionMistaken': { zh: '误评办结（填写原因）', en: 'Close as a mistaken rating' },
  'admin.textForRectify': { zh: '整改内容', en: 'What was changed' },
  'admin.textForMistaken': { zh: '误评原因', en: 'Why the rating was mistaken' },
  'admin.textForResult': { zh: '告知群众的处理结果', en: 'The result the visitor was told' },
  'admin.callbackBy': { zh: '回访人', en: 'Called by' },
  'admin.rectifyBy': { zh: '整改人', en: 'Changed by' },
  'admin.callbackTime': { zh: '回访时间', en: 'Visitor reached at' },
  'admin.callbackDue': { zh: '回访期限', en: 'Call-back due' },
  'admin.rectifyDue': { zh: '整改反馈期限', en: 'Rectification due' },
  'admin.rectification': { zh: '整改', en: 'Rectification' },
  'admin.visitorSaid': { zh: '群众意见', en: 'What the visitor said' },
  'admin.closedAs': { zh: '办结方式', en: 'Closed as' },
  'admin.closedAs.resolved': { zh: '整改反馈', en: 'Put right, visitor told' },
  'admin.closedAs.mistaken': { zh: '误评', en: 'Mistaken rating' },
  'admin.caseState.met': { zh: '按时完成', en: 'Done in time' },
  'admin.caseState.met_late': { zh: '逾期完成', en: 'Done late' },
  'admin.caseState.pending': { zh: '未到期', en: 'Not yet due' },
  'admin.caseState.due_soon': { zh: '今日到期', en: 'Due today' },
  'admin.caseState.overdue': { zh: '已逾期', en: 'Overdue' },
  'admin.caseState.waived': { zh: '无需整改', en: 'Not needed' },
  'admin.alertCallbackDue': { zh: '差评回访今日到期', en: 'Call-back due today' },
  'admin.alertCallbackOverdue': { zh: '差评回访逾期', en: 'Call-back overdue' },
  'admin.alertRectifyDue': { zh: '整改反馈今日到期', en: 'Rectification due today' },
  'admin.alertRectifyOverdue': { zh: '整改反馈逾期', en: 'Rectification overdue' },
} as const;

/** The default rating tags' names (评价标签): the hall may rename, add or remove them. */
export const RATING_TAG_TEXTS = {
  'terminal.rate.tags': { zh: '请选择评价标签（可选）', en: 'Anything to add? (optional)' },
  'rating_tag.warm': { zh: '服务热情', en: 'Warm and helpful' },
  'rating_tag.once': { zh: '一次办成', en: 'Done in one visit' },
  'rating_tag.errands': { zh: '多次跑腿', en: 'Sent back and forth' },
  'rating_tag.attitude': { zh: '态度生硬', en: 'Curt attitude' },
  'rating_tag.wait': { zh: '等候太久', en: 'Waited too long' },
  'rating_tag.slow': { zh: '办理太慢', en: 'Too slow' },
  'rating_tag.unclear': { zh: '解释不清楚', en: 'Unclear explanations' },
  'rating_tag.rules': { zh: '要求材料不合理', en: 'Unreasonable paperwork' },
} as const;
