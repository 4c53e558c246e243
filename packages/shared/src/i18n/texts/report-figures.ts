/** 好差评's figures: the report's columns, its grouping by tag and the front page's tiles. */
export const REPORT_FIGURE_TEXTS = {
  'admin.byTag': { zh: '按评价标签', en: 'By rating tag' },
  'admin.ratingRate': { zh: '评价率', en: 'Rating rate' },
  'admin.poorRatings': { zh: '差评数', en: 'Poor ratings' },
  'admin.cases': { zh: '差评及投诉件', en: 'Cases' },
  'admin.callbacks': { zh: '已回访', en: 'Called back' },
  'admin.callbackRate': { zh: '回访率', en: 'Call-back rate' },
  'admin.callbackOnTimeRate': { zh: '回访及时率', en: 'Call-backs on time' },
  'admin.rectified': { zh: '已整改', en: 'Rectified' },
  'admin.rectificationRate': { zh: '整改率', en: 'Rectification rate' },
  'admin.rectificationOnTimeRate': { zh: '整改及时率', en: 'Rectified on time' },
  'admin.todayRatings': { zh: '今日好差评', en: 'Ratings today' },
  'admin.reportHelpFigures': {
    zh: '评价率＝评价数÷办结数；差评为“不满意”“非常不满意”。差评及投诉件按其所属日期统计（差评为号票当日，手工投诉为登记当日），回访率＝已回访件÷件数，整改率＝已办结件（含误评办结）÷件数；两项及时率的分母为已到期的件（按时、逾期完成或已逾期），误评办结不计入整改及时率。按评价标签统计时，一条评价带几个标签就在几行中各计一次，评价率和件数不适用。',
    en: 'Rating rate = rated ÷ served; a poor rating is 1 or 2. Cases count on their day (the ticket’s day for a poor rating, the day entered for a complaint by hand); call-back rate = cases called back ÷ cases; rectification rate = cases closed (mistaken ones too) ÷ cases. Both on-time rates are over the cases that fell due (done in time, done late or overdue); a mistaken rating is not in the rectification on-time rate. By rating tag a rating counts once under each tag it carried; rating rate and cases do not apply.',
  },
};
