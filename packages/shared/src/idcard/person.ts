/*
 * What the hall keeps of a card's holder: the masked name (张*三) for the day, so the clerk calls
 * the right person; the ID number only to be checked and hashed by the hub, never kept.
 */

/**
 * The name as a ticket and a window show it: the first and last character kept for three or
 * more (张*三, 欧**娜), the first and a star for two (张*), a star for one.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0] ?? ''}*`;
  return `${chars[0] ?? ''}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1] ?? ''}`;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

/** A citizen ID number (公民身份号码, GB 11643): 17 digits and its check character (0-9 or X). */
export function isIdNumber(number: string): boolean {
  if (!/^\d{17}[\dX]$/u.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(number[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] === number[17];
}

/** The ID number's check character for its first 17 digits (tests and the emulator). */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] ?? '';
}

/** How many tickets a person may take, as the hall sets it (`hall.idLimit`). */
export type IdLimit = 'none' | 'perServicePerDay' | 'perDay';
export const ID_LIMITS = [
  'none',
  'perServicePerDay',
  'perDay',
] as const satisfies readonly IdLimit[];

/** A visitor without a card at the kiosk (`hall.withoutIdCard`): a ticket anyway, or ask staff. */
export type WithoutIdCard = 'issue' | 'askStaff';
export const WITHOUT_ID_CARD = ['issue', 'askStaff'] as const satisfies readonly WithoutIdCard[];
