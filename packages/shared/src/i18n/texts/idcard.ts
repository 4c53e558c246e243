/**
 * The resident ID card at the kiosk (docs/VISITORS.md): the card screen, the reader's troubles in
 * plain words, the way without a card, and the holder's masked name on the ticket and at the
 * window.
 */
export const IDCARD_TEXTS = {
  'kiosk.card.title': { zh: '请将身份证放在读卡区', en: 'Place your ID card on the reader' },
  'kiosk.card.hint': {
    zh: '请将居民身份证平放在读卡区，读卡时不要移动',
    en: 'Lay your resident ID card flat on the reader and hold it still',
  },
  'kiosk.card.reading': { zh: '正在等待身份证……', en: 'Waiting for your ID card…' },
  'kiosk.card.noCard': { zh: '没有带身份证', en: 'I have no ID card' },
  'kiosk.card.read': { zh: '已读取 {name} 的身份证', en: 'ID card of {name} read' },
  'kiosk.card.error.no_answer': {
    zh: '读卡器没有响应，请稍候再试或找工作人员',
    en: 'The card reader does not respond: try again shortly, or ask our staff',
  },
  'kiosk.card.error.bad_checksum': {
    zh: '读卡不完整，请将身份证拿开后重新放好',
    en: 'The card was not read cleanly: take it away and lay it on the reader again',
  },
  'kiosk.card.error.card_removed': {
    zh: '读卡时身份证被移开了，请重新放好，读完前不要移动',
    en: 'The card moved during the read: lay it on the reader again and hold it still',
  },
  'kiosk.card.error.reader_error': {
    zh: '这张卡无法读取，请重新放好；仍不行请找工作人员',
    en: 'This card cannot be read: lay it on again, or ask our staff',
  },
  'kiosk.card.error.bad_data': {
    zh: '这张卡的信息无法识别，请找工作人员',
    en: 'The card’s data cannot be recognised: please ask our staff',
  },
  'kiosk.card.error.port_error': {
    zh: '读卡器未连接，请找工作人员',
    en: 'The card reader is not connected: please ask our staff',
  },
  'kiosk.card.error.no_reader': {
    zh: '本机没有读卡器，请找工作人员',
    en: 'This kiosk has no card reader: please ask our staff',
  },
  'kiosk.card.askStaffTitle': {
    zh: '没有身份证，请找工作人员取号',
    en: 'Without an ID card, our staff will give you a number',
  },
  'kiosk.card.askStaffBody': {
    zh: '请按下方按钮呼叫工作人员，或到服务台办理',
    en: 'Call our staff with the button below, or go to the service desk',
  },
  'kiosk.card.refused': { zh: '不能再取号', en: 'No further number' },
  'ticket.holder': { zh: '取号人：{name}', en: 'Holder: {name}' },
  'terminal.holder': { zh: '取号人', en: 'Holder' },
} as const;
