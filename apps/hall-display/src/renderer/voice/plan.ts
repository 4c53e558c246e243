import type { DisplayLang } from '../../shared/config.js';

/*
 * Which clips of the shipped set say a call: "请 A001 号到 3 号窗口办理",
 * "Number A001, please go to window 3". A clip id is a path under voice/ without `.wav`.
 * Ticket numbers are read sign by sign (A, 0, 0, 1); window numbers as numbers (十二, twelve).
 */

export const CHIME_CLIP = 'chime';

/** Each clip of the set and what it says (pinyin with tone numbers for Chinese). */
export interface ClipText {
  id: string;
  lang: DisplayLang;
  text: string;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const ZH_DIGITS = ['ling2', 'yi1', 'er4', 'san1', 'si4', 'wu3', 'liu4', 'qi1', 'ba1', 'jiu3'];
const EN_SMALL = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const EN_TENS = [
  '',
  '',
  'twenty',
  'thirty',
  'forty',
  'fifty',
  'sixty',
  'seventy',
  'eighty',
  'ninety',
];

/** Every clip the planner may ask for, with the text the build script speaks. */
export const CLIP_TEXTS: readonly ClipText[] = [
  { id: 'zh/qing', lang: 'zh', text: 'qing3' },
  { id: 'zh/hao-dao', lang: 'zh', text: 'hao4 dao4' },
  { id: 'zh/hao-chuangkou-banli', lang: 'zh', text: 'hao4 chuang1 kou3 ban4 li3' },
  { id: 'zh/shi', lang: 'zh', text: 'shi2' },
  { id: 'zh/bai', lang: 'zh', text: 'bai3' },
  ...ZH_DIGITS.map((text, d) => ({ id: `zh/digit-${d}`, lang: 'zh' as const, text })),
  // Letters are said by their English names in Chinese too.
  ...LETTERS.map((l) => ({ id: `zh/letter-${l}`, lang: 'zh' as const, text: l })),
  { id: 'en/number', lang: 'en', text: 'Number' },
  { id: 'en/please-go-to-window', lang: 'en', text: 'please go to window' },
  { id: 'en/hundred', lang: 'en', text: 'hundred' },
  ...EN_SMALL.map((text, n) => ({ id: `en/num-${n}`, lang: 'en' as const, text })),
  ...EN_TENS.flatMap((text, n) =>
    text === '' ? [] : [{ id: `en/num-${n * 10}`, lang: 'en' as const, text }],
  ),
  ...LETTERS.map((l) => ({ id: `en/letter-${l}`, lang: 'en' as const, text: l })),
];

export class PlanError extends Error {}

/** A ticket number sign by sign: letters and digits (A001 → A, 0, 0, 1). */
function ticketSigns(number: string, lang: DisplayLang): string[] {
  if (!/^[A-Z]{1,2}\d{1,6}$/.test(number)) throw new PlanError(`not a ticket number: ${number}`);
  return number
    .split('')
    .map((c) =>
      /\d/.test(c) ? (lang === 'zh' ? `zh/digit-${c}` : `en/num-${c}`) : `${lang}/letter-${c}`,
    );
}

/** 1 to 999 in Chinese: 三, 十二, 二十, 一百零五 (a window's number). */
function zhNumber(n: number): string[] {
  const d = (x: number): string => `zh/digit-${x}`;
  if (n < 10) return [d(n)];
  if (n < 20) return n === 10 ? ['zh/shi'] : ['zh/shi', d(n - 10)];
  if (n < 100) {
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    return ones === 0 ? [d(tens), 'zh/shi'] : [d(tens), 'zh/shi', d(ones)];
  }
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (rest === 0) return [d(hundreds), 'zh/bai'];
  if (rest < 10) return [d(hundreds), 'zh/bai', d(0), d(rest)];
  // 一百一十二: the ten keeps its 一 after a hundred.
  const tail = rest < 20 ? [d(1), ...zhNumber(rest)] : zhNumber(rest);
  return [d(hundreds), 'zh/bai', ...tail];
}

/** 1 to 999 in English: three, twelve, forty two, one hundred five. */
function enNumber(n: number): string[] {
  if (n < 20) return [`en/num-${n}`];
  if (n < 100) {
    const ones = n % 10;
    return ones === 0 ? [`en/num-${n}`] : [`en/num-${n - ones}`, `en/num-${ones}`];
  }
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  return [`en/num-${hundreds}`, 'en/hundred', ...(rest === 0 ? [] : enNumber(rest))];
}

/** The clips of one call's sentence in `lang` (no chime). */
export function planClips(number: string, windowNumber: number, lang: DisplayLang): string[] {
  if (!Number.isInteger(windowNumber) || windowNumber < 1 || windowNumber > 999) {
    throw new PlanError(`window number out of range: ${windowNumber}`);
  }
  switch (lang) {
    case 'zh':
      return [
        'zh/qing',
        ...ticketSigns(number, 'zh'),
        'zh/hao-dao',
        ...zhNumber(windowNumber),
        'zh/hao-chuangkou-banli',
      ];
    case 'en':
      return [
        'en/number',
        ...ticketSigns(number, 'en'),
        'en/please-go-to-window',
        ...enNumber(windowNumber),
      ];
  }
}
