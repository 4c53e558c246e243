import { describe, expect, it } from 'vitest';
import { voiceHealth, voiceSources } from './health.js';

describe('voice health', () => {
  const onlyEnglish = (lang: string) => lang === 'en';

  it('uses a system voice where there is one and the clip set otherwise', () => {
    const sources = voiceSources(['zh', 'en'], 'auto', onlyEnglish, true);
    expect([...sources]).toEqual([
      ['zh', 'clips'],
      ['en', 'system'],
    ]);
    expect(voiceHealth(sources, 'auto')).toEqual({
      state: 'ok',
      detail: 'Chinese: clip set; English: system voice',
    });
  });

  it('warns when a language cannot be spoken, and errs when none can', () => {
    const some = voiceSources(['zh', 'en'], 'system', onlyEnglish, true);
    expect(voiceHealth(some, 'system')).toEqual({
      state: 'warning',
      detail: 'no Chinese voice; English: system voice',
    });
    const none = voiceSources(['zh', 'en'], 'auto', () => false, false);
    expect(voiceHealth(none, 'auto').state).toBe('error');
    expect(
      voiceHealth(
        voiceSources(['zh'], 'clips', () => true, true),
        'clips',
      ).detail,
    ).toBe('Chinese: clip set');
    expect(voiceHealth(none, 'off')).toEqual({ state: 'ok', detail: 'voice off' });
  });
});
