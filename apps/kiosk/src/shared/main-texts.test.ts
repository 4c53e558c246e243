import { describe, expect, it } from 'vitest';
import { t, TEXTS, type TextKey } from '@onestop/shared';
import { MAIN_TEXTS, mainText, type MainTextKey } from './main-texts.js';

const keys = Object.keys(MAIN_TEXTS) as MainTextKey[];

describe("the kiosk main process's words", () => {
  it.each(keys)('%s is the shared table’s, in both languages', (key) => {
    expect(Object.hasOwn(TEXTS, key)).toBe(true);
    expect(MAIN_TEXTS[key]).toEqual(TEXTS[key as TextKey]);
  });

  it('fills in parameters as the shared lookup does', () => {
    for (const lang of ['zh', 'en'] as const) {
      expect(mainText('ticket.ahead', lang, { count: 7 })).toBe(
        t('ticket.ahead', lang, { count: 7 }),
      );
      expect(mainText('ticket.estimate', lang, { minutes: 12 })).toBe(
        t('ticket.estimate', lang, { minutes: 12 }),
      );
      expect(mainText('ticket.ahead', lang, {})).toBe(t('ticket.ahead', lang, {}));
    }
  });
});
