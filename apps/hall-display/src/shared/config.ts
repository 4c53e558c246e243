/*
 * The display's own configuration: what this screen shows and how it speaks. Pure TypeScript,
 * read by the Electron main process (from display.json in the config folder) and by the page
 * (from the preload API, or from the address's query in a plain browser).
 */

export type DisplayLang = 'zh' | 'en';
export type VoiceMode = 'auto' | 'system' | 'clips' | 'off';
export const VOICE_MODES = [
  'auto',
  'system',
  'clips',
  'off',
] as const satisfies readonly VoiceMode[];

/** A daily span of local clock times, `HH:MM`; `from` > `to` spans midnight. */
export interface QuietHours {
  from: string;
  to: string;
}

export interface DisplayConfig {
  /** The hub's base URL (Electron only; a page in a browser talks to the hub that served it). */
  hubUrl: string | null;
  /** Languages shown and announced, in order; null: the hall's own `languages`. */
  languages: DisplayLang[] | null;
  /** Show only these departments' services and windows (one display per floor); null: all. */
  departments: string[] | null;
  /** Show only these windows (by id); null: all (of the departments, when those are set). */
  windows: string[] | null;
  /** How many times each call's sentences are spoken, 1 to 5. */
  repeats: number;
  /** 0 to 1. */
  volume: number;
  /** No sound in these spans (the board still shows every call). */
  quietHours: QuietHours[];
  voice: VoiceMode;
  /** How long a new call stays highlighted. */
  highlightSeconds: number;
  /** Electron: which screen (index of the system's displays) to fill; 0 is the primary. */
  screen: number;
  /** The audio output device's id (`HTMLMediaElement.setSinkId`); null: the system default. */
  audioOutput: string | null;
}

export const DEFAULT_DISPLAY_CONFIG: DisplayConfig = {
  hubUrl: null,
  languages: null,
  departments: null,
  windows: null,
  repeats: 2,
  volume: 1,
  quietHours: [],
  voice: 'auto',
  highlightSeconds: 8,
  screen: 0,
  audioOutput: null,
};

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** What is wrong with a config, one line per field; empty when it is right. */
export type ConfigProblems = string[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idList(value: unknown, field: string, problems: ConfigProblems): string[] | null {
  if (value === null || value === undefined) return null;
  if (
    !Array.isArray(value) ||
    !value.every((v): v is string => typeof v === 'string' && ID.test(v))
  ) {
    problems.push(`${field}: a list of ids (letters, digits, _ and -), or null`);
    return null;
  }
  return value.length === 0 ? null : value;
}

function intIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Parses a config from `unknown` (a JSON file, the preload's answer). Missing fields take their
 * defaults; a wrong field is named in `problems` and takes its default.
 */
export function parseDisplayConfig(raw: unknown): {
  config: DisplayConfig;
  problems: ConfigProblems;
} {
  const problems: ConfigProblems = [];
  const config: DisplayConfig = { ...DEFAULT_DISPLAY_CONFIG };
  if (raw === undefined || raw === null) return { config, problems };
  if (!isRecord(raw)) return { config, problems: ['(root): an object'] };
  const known = new Set(Object.keys(DEFAULT_DISPLAY_CONFIG));
  for (const key of Object.keys(raw)) if (!known.has(key)) problems.push(`${key}: unknown field`);

  const {
    hubUrl,
    languages,
    repeats,
    volume,
    quietHours,
    voice,
    highlightSeconds,
    screen,
    audioOutput,
  } = raw;
  if (hubUrl !== undefined && hubUrl !== null) {
    if (typeof hubUrl === 'string' && /^https?:\/\/[^\s]+$/.test(hubUrl)) config.hubUrl = hubUrl;
    else problems.push('hubUrl: an http(s) URL, or null');
  }
  if (languages !== undefined && languages !== null) {
    if (
      Array.isArray(languages) &&
      languages.length > 0 &&
      languages.every((l): l is DisplayLang => l === 'zh' || l === 'en') &&
      new Set(languages).size === languages.length
    ) {
      config.languages = languages;
    } else problems.push('languages: a list of "zh" and "en", or null');
  }
  config.departments = idList(raw.departments, 'departments', problems);
  config.windows = idList(raw.windows, 'windows', problems);
  if (repeats !== undefined) {
    if (intIn(repeats, 1, 5)) config.repeats = repeats;
    else problems.push('repeats: a whole number from 1 to 5');
  }
  if (volume !== undefined) {
    if (typeof volume === 'number' && volume >= 0 && volume <= 1) config.volume = volume;
    else problems.push('volume: a number from 0 to 1');
  }
  if (quietHours !== undefined) {
    if (
      Array.isArray(quietHours) &&
      quietHours.every(
        (q): q is QuietHours =>
          isRecord(q) &&
          typeof q.from === 'string' &&
          typeof q.to === 'string' &&
          HHMM.test(q.from) &&
          HHMM.test(q.to) &&
          Object.keys(q).length === 2,
      )
    ) {
      config.quietHours = quietHours.map((q) => ({ from: q.from, to: q.to }));
    } else problems.push('quietHours: a list of { "from": "HH:MM", "to": "HH:MM" }');
  }
  if (voice !== undefined) {
    const mode = VOICE_MODES.find((m) => m === voice);
    if (mode) config.voice = mode;
    else problems.push(`voice: one of ${VOICE_MODES.join(', ')}`);
  }
  if (highlightSeconds !== undefined) {
    if (intIn(highlightSeconds, 1, 120)) config.highlightSeconds = highlightSeconds;
    else problems.push('highlightSeconds: a whole number from 1 to 120');
  }
  if (screen !== undefined) {
    if (intIn(screen, 0, 15)) config.screen = screen;
    else problems.push('screen: a whole number from 0 to 15');
  }
  if (audioOutput !== undefined && audioOutput !== null) {
    if (typeof audioOutput === 'string' && audioOutput.length > 0 && audioOutput.length <= 256) {
      config.audioOutput = audioOutput;
    } else problems.push('audioOutput: a device id, or null');
  }
  return { config, problems };
}

/** Reads the page address's query: `?windows=w1,w2&departments=d1&lang=zh,en&repeats=1&voice=clips`. */
export function configFromQuery(
  search: string,
  base: DisplayConfig = DEFAULT_DISPLAY_CONFIG,
): DisplayConfig {
  const q = new URLSearchParams(search);
  const list = (name: string): string[] | undefined => {
    const v = q.get(name);
    return v === null
      ? undefined
      : v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
  };
  const num = (name: string): number | undefined => {
    const v = q.get(name);
    return v === null || v.trim() === '' ? undefined : Number(v);
  };
  const raw: Record<string, unknown> = {};
  const departments = list('departments');
  if (departments) raw.departments = departments;
  const windows = list('windows');
  if (windows) raw.windows = windows;
  const languages = list('lang');
  if (languages) raw.languages = languages;
  const repeats = num('repeats');
  if (repeats !== undefined) raw.repeats = repeats;
  const volume = num('volume');
  if (volume !== undefined) raw.volume = volume;
  const voice = q.get('voice');
  if (voice !== null) raw.voice = voice;
  const { config, problems } = parseDisplayConfig(raw);
  // Only what the query named, and named right, overrides the base.
  const ok = (field: keyof DisplayConfig): boolean =>
    field in raw && !problems.some((p) => p.startsWith(`${field}:`));
  const out: DisplayConfig = { ...base };
  if (ok('departments')) out.departments = config.departments;
  if (ok('windows')) out.windows = config.windows;
  if (ok('languages')) out.languages = config.languages;
  if (ok('repeats')) out.repeats = config.repeats;
  if (ok('volume')) out.volume = config.volume;
  if (ok('voice')) out.voice = config.voice;
  return out;
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Whether the local clock time `hhmm` falls in one of the quiet spans (from inclusive, to exclusive). */
export function isQuiet(quietHours: readonly QuietHours[], hhmm: string): boolean {
  const m = minutesOf(hhmm);
  return quietHours.some(({ from, to }) => {
    const a = minutesOf(from);
    const b = minutesOf(to);
    return a <= b ? m >= a && m < b : m >= a || m < b;
  });
}
