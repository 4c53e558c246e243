import type { I18nText } from '../../domain/types.js';

/** The pairing screen every device's page shows until it is paired (both languages at once). */
export const PAIR_TEXTS = {
  'pair.title': { zh: '配对本设备', en: 'Pair this device' },
  'pair.needsCode': {
    zh: '{device}需要管理员提供的配对码。',
    en: 'The {device} needs a pairing code from the administrator.',
  },
  'pair.code': { zh: '配对码', en: 'Pairing code' },
  'pair.submit': { zh: '配对', en: 'Pair' },
  'pair.failure.network': {
    zh: '无法连接服务器，请检查网络',
    en: 'Cannot reach the hub; check the network',
  },
  'pair.failure.bad_code': {
    zh: '配对码无效或已过期',
    en: 'The pairing code is invalid or has expired',
  },
  'pair.failure.wrong_kind': {
    zh: '该配对码不是用于本设备类型的',
    en: 'This pairing code is for another kind of device',
  },
} as const satisfies Record<string, I18nText>;
