import type { DisplayLang, VoiceMode } from '../../shared/config.js';

/*
 * What the display tells the hub about its voice (`device_status`, shown in the admin monitor):
 * for each language, whether a system voice or the clip set will say the calls.
 */

export type VoiceSource = 'system' | 'clips' | 'none';

export interface VoiceHealth {
  state: 'ok' | 'warning' | 'error';
  detail: string;
}

/** How each language will be spoken, given what this browser has. */
export function voiceSources(
  langs: readonly DisplayLang[],
  mode: VoiceMode,
  hasSystemVoice: (lang: DisplayLang) => boolean,
  clipsAvailable: boolean,
): Map<DisplayLang, VoiceSource> {
  const sources = new Map<DisplayLang, VoiceSource>();
  for (const lang of langs) {
    const system = mode !== 'clips' && hasSystemVoice(lang);
    const clips = mode !== 'system' && clipsAvailable;
    sources.set(lang, system ? 'system' : clips ? 'clips' : 'none');
  }
  return sources;
}

const LANG_NAME: Record<DisplayLang, string> = { zh: 'Chinese', en: 'English' };

/** `ok` when every language can be spoken; `warning` when some cannot, `error` when none can. */
export function voiceHealth(
  sources: ReadonlyMap<DisplayLang, VoiceSource>,
  mode: VoiceMode,
): VoiceHealth {
  if (mode === 'off') return { state: 'ok', detail: 'voice off' };
  const parts = [...sources].map(([lang, source]) =>
    source === 'none'
      ? `no ${LANG_NAME[lang]} voice`
      : `${LANG_NAME[lang]}: ${source === 'system' ? 'system voice' : 'clip set'}`,
  );
  const silent = [...sources.values()].filter((s) => s === 'none').length;
  const state = silent === 0 ? 'ok' : silent === sources.size ? 'error' : 'warning';
  return { state, detail: parts.join('; ') };
}
