import type { DisplayLang, VoiceMode } from '../../shared/config.js';
import { CHIME_CLIP } from './plan.js';
import type { AudioSink, Segment } from './queue.js';
import { durationMs, joinWavs, parseWav, WavError } from './wav.js';

/*
 * The page's speakers: the browser's speech where it has a voice for the language, otherwise
 * the clip set joined into one sound. A hall's own recording of a clip (from the display's
 * config folder, through the preload API) replaces the shipped one.
 */

export interface ClipSource {
  /** The clip's WAV bytes, or null when there is none. */
  load(id: string): Promise<Uint8Array | null>;
}

export interface BrowserSinkOptions {
  clips: ClipSource;
  mode: () => VoiceMode;
  volume: () => number;
  audioOutput: () => string | null;
}

const SPEECH_LANG: Record<DisplayLang, string> = { zh: 'zh-CN', en: 'en-US' };
/** A sound that never reports its end must not hold the queue for ever. */
const GRACE_MS = 3_000;
const SPEECH_LIMIT_MS = 20_000;

/** Fetches `voice/<id>.wav` beside the page; the hub answers a missing file with the page. */
export function fetchedClips(
  base: string,
  override?: (id: string) => Promise<Uint8Array | null>,
): ClipSource {
  const cache = new Map<string, Promise<Uint8Array | null>>();
  const fetchOne = async (id: string): Promise<Uint8Array | null> => {
    const own = override ? await override(id).catch(() => null) : null;
    if (own && isWav(own)) return own;
    try {
      const res = await fetch(`${base}voice/${id}.wav`);
      if (!res.ok) return null;
      const bytes = new Uint8Array(await res.arrayBuffer());
      return isWav(bytes) ? bytes : null;
    } catch {
      return null;
    }
  };
  return {
    load(id) {
      let hit = cache.get(id);
      if (!hit) {
        hit = fetchOne(id);
        cache.set(id, hit);
        // A failure is not kept: the hub may be back next time.
        void hit.then((bytes) => bytes ?? cache.delete(id));
      }
      return hit;
    },
  };
}

function isWav(bytes: Uint8Array): boolean {
  try {
    parseWav(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The system voice for `lang`, if the browser has one. */
export function systemVoice(lang: DisplayLang): SpeechSynthesisVoice | null {
  if (typeof speechSynthesis === 'undefined') return null;
  const want = SPEECH_LANG[lang].toLowerCase();
  const voices = speechSynthesis.getVoices();
  return (
    voices.find((v) => v.lang.toLowerCase().replace('_', '-') === want) ??
    voices.find((v) => v.lang.toLowerCase().startsWith(lang)) ??
    null
  );
}

export class BrowserSink implements AudioSink {
  constructor(private readonly options: BrowserSinkOptions) {}

  async play(segment: Segment): Promise<void> {
    if (segment.kind === 'chime') {
      const chime = await this.options.clips.load(CHIME_CLIP);
      if (chime) await this.playWav(chime);
      return;
    }
    const mode = this.options.mode();
    const voice = mode === 'clips' ? null : systemVoice(segment.lang);
    if (voice) {
      await this.speak(segment.text, voice);
      return;
    }
    if (mode === 'system') throw new Error(`no system voice for ${segment.lang}`);
    const clips = await Promise.all(segment.clips.map((id) => this.options.clips.load(id)));
    const present = clips.filter((c): c is Uint8Array => c !== null);
    if (present.length !== clips.length) throw new Error(`missing clips for "${segment.text}"`);
    try {
      await this.playWav(joinWavs(present));
    } catch (err) {
      if (!(err instanceof WavError)) throw err;
      // A hall's own recording in another format: play the clips one by one.
      for (const clip of present) await this.playWav(clip);
    }
  }

  private speak(text: string, voice: SpeechSynthesisVoice): Promise<void> {
    return new Promise((resolve, reject) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.volume = this.options.volume();
      const timer = setTimeout(() => {
        speechSynthesis.cancel();
        resolve();
      }, SPEECH_LIMIT_MS);
      utterance.onend = () => {
        clearTimeout(timer);
        resolve();
      };
      utterance.onerror = (e) => {
        clearTimeout(timer);
        reject(new Error(`speech failed: ${e.error}`));
      };
      speechSynthesis.speak(utterance);
    });
  }

  private async playWav(bytes: Uint8Array): Promise<void> {
    const limit = durationMs(parseWav(bytes)) + GRACE_MS;
    const url = URL.createObjectURL(new Blob([bytes.slice().buffer], { type: 'audio/wav' }));
    const audio = new Audio(url);
    audio.volume = this.options.volume();
    const output = this.options.audioOutput();
    try {
      if (output !== null && 'setSinkId' in audio) await audio.setSinkId(output);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, limit);
        audio.onended = () => {
          clearTimeout(timer);
          resolve();
        };
        audio.onerror = () => {
          clearTimeout(timer);
          reject(new Error('the sound could not be played'));
        };
        audio.play().catch((err: unknown) => {
          clearTimeout(timer);
          reject(err instanceof Error ? err : new Error(String(err)));
        });
      });
    } finally {
      URL.revokeObjectURL(url);
    }
  }
}
