import { describe, expect, it } from 'vitest';
import { t, TEXTS, type TextKey } from '@onestop/shared';
import { LED_TEXTS, ledText, type LedTextKey } from './main-texts.js';

describe('the window terminal main process’s words', () => {
  it.each(Object.keys(LED_TEXTS) as LedTextKey[])('%s is the shared table’s', (key) => {
    expect(LED_TEXTS[key]).toEqual(TEXTS[key as TextKey]);
  });

  it('fills in the number and the window as the shared lookup does', () => {
    for (const lang of ['zh', 'en'] as const) {
      const params = { number: 'A001', window: 3 };
      expect(ledText('terminal.led.call', lang, params)).toBe(t('terminal.led.call', lang, params));
    }
    expect(ledText('terminal.led.call', 'zh', { number: 'A001', window: 3 })).toBe(
      '请 A001 号 到 3 号窗口',
    );
  });
});
