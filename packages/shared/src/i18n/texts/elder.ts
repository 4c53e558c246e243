/**
 * The kiosk for the elderly (适老化): the large mode and its reading aloud, the assisted service
 * (帮办代办) and its alert for the hall's staff, and the service guide (办事指南) at the kiosk,
 * on the ticket and in the console.
 */
export const ELDER_TEXTS = {
  'kiosk.large.enter': { zh: '长辈模式', en: 'Large mode' },
  'kiosk.large.enterWho': { zh: '大字 · 语音播报', en: 'Large text · read aloud' },
  'kiosk.large.leave': { zh: '退出长辈模式', en: 'Normal mode' },
  'kiosk.large.replay': { zh: '再听一遍', en: 'Hear again' },
  'kiosk.large.previous': { zh: '上一页', en: 'Previous' },
  'kiosk.large.next': { zh: '下一页', en: 'Next' },
  'kiosk.large.page': { zh: '第 {page} 页，共 {pages} 页', en: 'Page {page} of {pages}' },
  'kiosk.large.sayHome': {
    zh: '您好，请选择办理部门。{choices}。如需工作人员帮助，请点帮办代办。',
    en: 'Hello. Choose a department: {choices}. For help from our staff, touch Assisted service.',
  },
  'kiosk.large.sayDepartment': {
    zh: '{department}。请选择办理事项。{choices}。',
    en: '{department}. Choose a service: {choices}.',
  },
  'kiosk.large.sayMore': { zh: '下一页还有更多选项', en: 'More on the next page' },
  'kiosk.large.sayGuide': {
    zh: '{service}。请带好以下材料：{materials}。{fee}请确认后取号。',
    en: '{service}. Please bring: {materials}. {fee}Confirm to take your number.',
  },
  'kiosk.large.sayTicket': {
    zh: '您的号码是 {number}。前面还有 {count} 人。请取走号票，留意叫号。',
    en: 'Your number is {number}. {count} ahead of you. Please take your ticket and listen for your number.',
  },
  'kiosk.assist.button': { zh: '帮办代办', en: 'Assisted service' },
  'kiosk.assist.buttonWho': { zh: '呼叫工作人员帮您取号', en: 'Call our staff to help you' },
  'kiosk.assist.calling': {
    zh: '已呼叫工作人员，请在此稍候',
    en: 'Our staff have been called: please wait here',
  },
  'kiosk.assist.coming': {
    zh: '工作人员 {staff} 正在赶来',
    en: 'Staff member {staff} is on the way',
  },
  'kiosk.assist.failed': {
    zh: '未能呼叫工作人员，请到服务台求助',
    en: 'Staff could not be called: please ask at the help desk',
  },
  'kiosk.assist.helped': { zh: '工作人员帮办', en: 'Issued with staff help' },
  'kiosk.guide.title': { zh: '办事指南', en: 'Service guide' },
  'kiosk.guide.materials': { zh: '请带好以下材料', en: 'Please bring' },
  'kiosk.guide.noMaterials': { zh: '无需准备材料', en: 'Nothing to bring' },
  'kiosk.guide.fee': { zh: '收费：{fee}', en: 'Fee: {fee}' },
  'kiosk.guide.confirm': { zh: '我已了解，取号', en: 'Got it: take a number' },
  'ticket.guideBring': { zh: '请带好以下材料：', en: 'Please bring:' },
  'ticket.guideFee': { zh: '收费：{fee}', en: 'Fee: {fee}' },
  'ticket.helped': { zh: '工作人员帮办', en: 'Issued with staff help' },
  'admin.pageGuide': { zh: '办事指南', en: 'Service guide' },
  'admin.guideHint': {
    zh: '每项业务的所需材料（每行一项）和收费标准：取号时在取号机上显示，并打印在号票上。留空则不显示。',
    en: 'For each service, the materials to bring (one a line) and the fee: shown at the kiosk before the ticket and printed on it. Empty: none shown.',
  },
  'admin.guideMaterialsZh': {
    zh: '所需材料（中文，每行一项）',
    en: 'Materials (Chinese, one a line)',
  },
  'admin.guideMaterialsEn': {
    zh: '所需材料（英文，每行一项）',
    en: 'Materials (English, one a line)',
  },
  'admin.guideFeeZh': { zh: '收费（中文）', en: 'Fee (Chinese)' },
  'admin.guideFeeEn': { zh: '收费（英文）', en: 'Fee (English)' },
  'admin.guideSave': { zh: '保存指南', en: 'Save the guide' },
  'admin.alertAssist': { zh: '帮办代办呼叫', en: 'Assistance called' },
  'admin.alertAssistComing': { zh: '已响应', en: 'answered by' },
  'admin.assistAck': { zh: '我去处理', en: "I'm going" },
  'terminal.assistTitle': { zh: '帮办代办呼叫', en: 'Assistance called' },
  'terminal.assistAt': { zh: '{kiosk} 的访客需要帮助', en: 'A visitor at {kiosk} needs help' },
  'terminal.assistAck': { zh: '我去处理', en: "I'm going" },
  'terminal.assistComing': { zh: '{staff} 已响应', en: 'Answered by {staff}' },
  'terminal.helped': { zh: '帮办', en: 'Helped' },
  'terminal.helpedBy': { zh: '由 {staff} 帮办取号', en: 'Number taken with help from {staff}' },
} as const;
