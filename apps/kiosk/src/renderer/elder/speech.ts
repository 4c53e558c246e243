import type { Lang } from '@onestop/shared';

/**
 * Reading the screen aloud in the large mode (适老化). The hall display's voice is a set of
 * recorded clips for calls only ("请 A001 号到 3 号窗口办理") kept in the display's own config
 * folder on another PC: it cannot say a service's name or a guide's materials, and the kiosk
 * cannot reach it. So the kiosk speaks with the system's voice (the Web Speech API's
 * `speechSynthesis`, a Chinese voice when the system has one) through this one interface, which
 * tests replace with a recorder.
 */
export interface Speaker {
  /** Says `text` in `lang`, cutting off whatever was being said. */
  say(text: string, lang: Lang): void;
  /** Stops speaking (leaving the large mode). */
  stop(): void;
}

/** The subset of the Web Speech API the kiosk uses. */
interface SpeechApi {
  speak(utterance: SpeechSynthesisUtterance): void;
  cancel(): void;
  getVoices(): SpeechSynthesisVoice[];
}

const BCP47: Record<Lang, string> = { zh: 'zh-CN', en: 'en-US' };

/** The system's voice, or null where the page has none (the large mode then only shows). */
export function systemSpeaker(): Speaker | null {
  const g = globalThis as { speechSynthesis?: SpeechApi };
  const api = g.speechSynthesis;
  if (api === undefined || typeof SpeechSynthesisUtterance === 'undefined') return null;
  return {
    say(text, lang) {
      api.cancel();
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = BCP47[lang];
      const voice = api.getVoices().find((v) => v.lang.replace('_', '-').startsWith(BCP47[lang]));
      if (voice) utterance.voice = voice;
      // A little slower than the default, for older ears.
      utterance.rate = 0.85;
      api.speak(utterance);
    },
    stop() {
      api.cancel();
    },
  };
}
