/**
 * 叫号提醒 (turn-near messages): the messages themselves, the kiosk's phone step and the
 * console's section. `{number}`: the ticket's number, `{window}`: the window's number.
 */
export const NOTIFY_TEXTS = {
  'notify.near': {
    zh: '{number} 号前面还有 {count} 人，请回到大厅等候叫号',
    en: 'Ticket {number}: {count} ahead of you. Please come back to the hall.',
  },
  'notify.called': {
    zh: '请 {number} 号到 {window} 号窗口办理',
    en: 'Ticket {number}, please go to window {window}.',
  },
  'kiosk.phoneOffer': { zh: '叫号前短信提醒我', en: 'Text me before my turn' },
  'kiosk.phoneTitle': { zh: '输入手机号码', en: 'Enter your mobile number' },
  'kiosk.phoneHint': {
    zh: '号码只用于本次提醒，当天办结后删除',
    en: 'Used only for these messages, deleted when the day closes',
  },
  'kiosk.phoneInvalid': {
    zh: '请输入 11 位手机号码',
    en: 'Enter an 11-digit mobile number',
  },
  'kiosk.phoneConfirm': { zh: '确定', en: 'OK' },
  'kiosk.phoneCancel': { zh: '不需要', en: 'No, thanks' },
  'kiosk.phoneGiven': { zh: '将提醒 {phone}', en: 'Messages to {phone}' },
  'admin.notify': { zh: '叫号提醒', en: 'Turn-near messages' },
  'admin.notifyKioskAsks': { zh: '取号机询问手机号', en: 'Kiosk offers the phone step' },
  'admin.notifyAheadDefault': {
    zh: '前面还有几人时提醒（0 为不提醒）',
    en: 'Message when this many are ahead (0: none)',
  },
  'admin.notifySmsUrl': { zh: '短信网关地址', en: 'SMS gateway URL' },
  'admin.notifyWechatUrl': { zh: '微信接口地址', en: 'WeChat API base URL' },
  'admin.notifyWechatAppId': { zh: '公众号 AppID', en: 'Official account AppID' },
  'admin.notifyTemplateNear': { zh: '“快到了”模板', en: '"Turn near" template' },
  'admin.notifyTemplateCalled': { zh: '“叫号”模板', en: '"Called" template' },
  'admin.notifySecretsNote': {
    zh: '密钥（短信 API Key、公众号 AppSecret）只在大厅服务器的环境变量中设置，从不发到任何终端。',
    en: "Secrets (the SMS API key, the AppSecret) are set only in the hub's environment and never sent to any screen.",
  },
} as const;
