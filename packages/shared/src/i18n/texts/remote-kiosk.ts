/**
 * 远程取号确认 at the kiosk (docs/VISITORS.md, "Confirming at the kiosk"): the entry on the home
 * screen, the code's keypad and the card, the refusals' frame, and what the result screen says
 * when the ID card found the visitor's own number.
 */
export const REMOTE_KIOSK_TEXTS = {
  'kiosk.remote.entry': { zh: '远程取号确认', en: 'Confirm a phone number' },
  'kiosk.remote.entryWho': {
    zh: '在手机上取了号？到这里确认',
    en: 'Took a number on your phone? Confirm it here',
  },
  'kiosk.remote.title': { zh: '远程取号确认', en: 'Confirm the number from your phone' },
  'kiosk.remote.codePrompt': {
    zh: '请输入手机上显示的 6 位确认码',
    en: 'Enter the 6-digit confirmation code shown on your phone',
  },
  'kiosk.remote.codeLabel': { zh: '确认码', en: 'Confirmation code' },
  'kiosk.remote.cardHint': {
    zh: '取号时填写了身份证号？也可以把身份证放在读卡区',
    en: 'Gave your ID number when taking it? You can also lay your ID card on the reader',
  },
  'kiosk.remote.rule': {
    zh: '确认后才会叫到您；排到时 {minutes} 分钟内仍未确认，号码将失效',
    en: 'You are called only once confirmed; unconfirmed {minutes} minutes after reaching the front, the number expires',
  },
  'kiosk.remote.cardAgain': { zh: '重新读取身份证', en: 'Read my ID card again' },
  'kiosk.remote.submit': { zh: '确认', en: 'Confirm' },
  'kiosk.remote.checking': { zh: '正在确认……', en: 'Confirming…' },
  'kiosk.remote.problem': { zh: '未能确认', en: 'Not confirmed' },
  'kiosk.remote.help': {
    zh: '请核对确认码后重试，或找工作人员',
    en: 'Check the code and try again, or ask our staff',
  },
  'kiosk.found.remote': {
    zh: '已确认您在手机上取的号，请等候叫号',
    en: 'The number you took on your phone is confirmed: please wait to be called',
  },
  'kiosk.found.appointment': {
    zh: '已凭身份证为您的预约签到',
    en: 'Your appointment is checked in with your ID card',
  },
} as const;
