import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserSink, fetchedClips, type ClipSource } from './browser-sink.js';
import { planClips } from './plan.js';
import type { Segment } from './queue.js';
import { durationMs, encodeWav, parseWav } from './wav.js';

/* The browser's speakers faked: Audio, object URLs, fetch and speechSynthesis. */

const FORMAT = { sampleRate: 8000, channels: 1, bitsPerSample: 16 };
const wavOf = (samples: number) => encodeWav(FORMAT, new Uint8Array(samples * 2).fill(1));

/** jsdom's Blob has no arrayBuffer(); its FileReader reads it. */
function readBlob(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(new Error('unreadable blob'));
    reader.readAsArrayBuffer(blob);
  });
}

interface Played {
  bytes: Uint8Array;
  volume: number;
}

let played: Played[];
let spoken: { text: string; lang: string; volume: number }[];
let voices: { lang: string; name: string }[];
let blobs: Map<string, Blob>;

beforeEach(() => {
  played = [];
  spoken = [];
  voices = [];
  blobs = new Map();
  let n = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:fake/${++n}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  class FakeAudio {
    volume = 1;
    onended: (() => void) | null = null;
    onerror: (() => void) | null = null;
    constructor(private readonly src: string) {}
    async play(): Promise<void> {
      const blob = blobs.get(this.src);
      if (!blob) throw new Error('no such blob');
      played.push({ bytes: await readBlob(blob), volume: this.volume });
      queueMicrotask(() => this.onended?.());
    }
  }
  class FakeUtterance {
    voice: unknown = null;
    lang = '';
    volume = 1;
    onend: (() => void) | null = null;
    onerror: (() => void) | null = null;
    constructor(readonly text: string) {}
  }
  vi.stubGlobal('Audio', FakeAudio);
  vi.stubGlobal('SpeechSynthesisUtterance', FakeUtterance);
  vi.stubGlobal('speechSynthesis', {
    getVoices: () => voices,
    speak: (u: FakeUtterance) => {
      spoken.push({ text: u.text, lang: u.lang, volume: u.volume });
      queueMicrotask(() => u.onend?.());
    },
    cancel: () => undefined,
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** Every clip is a WAV of a length of its own, so a joined sound shows which went in. */
function clipSet(missing: string[] = []): ClipSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    load: (id) => {
      asked.push(id);
      return Promise.resolve(missing.includes(id) ? null : wavOf(10 + id.length));
    },
  };
}

const zh: Segment = {
  kind: 'speech',
  lang: 'zh',
  text: '请 A001 号到 12 号窗口办理',
  clips: planClips('A001', 12, 'zh'),
};

function sink(clips: ClipSource, mode: 'auto' | 'system' | 'clips' = 'auto') {
  return new BrowserSink({ clips, mode: () => mode, volume: () => 0.7, audioOutput: () => null });
}

describe('BrowserSink', () => {
  it('joins a sentence’s clips into one sound and plays it at the configured volume', async () => {
    const clips = clipSet();
    await sink(clips).play(zh);
    expect(clips.asked).toEqual(zh.kind === 'speech' ? zh.clips : []);
    expect(played).toHaveLength(1);
    const sound = parseWav(played[0]?.bytes ?? new Uint8Array());
    const parts = clips.asked.map((id) => durationMs(parseWav(wavOf(10 + id.length))));
    expect(durationMs(sound)).toBeCloseTo(
      parts.reduce((a, b) => a + b, 0),
      6,
    );
    expect(played[0]?.volume).toBe(0.7);
  });

  it('plays the chime clip', async () => {
    const clips = clipSet();
    await sink(clips).play({ kind: 'chime' });
    expect(clips.asked).toEqual(['chime']);
    expect(played).toHaveLength(1);
  });

  it('uses the system voice of the language where there is one', async () => {
    voices = [
      { lang: 'en-US', name: 'English' },
      { lang: 'zh-CN', name: 'Chinese' },
    ];
    const clips = clipSet();
    await sink(clips).play(zh);
    expect(spoken).toEqual([{ text: '请 A001 号到 12 号窗口办理', lang: 'zh-CN', volume: 0.7 }]);
    expect(played).toEqual([]);
    // …unless the config says clips.
    await sink(clips, 'clips').play(zh);
    expect(played).toHaveLength(1);
  });

  it('fails a sentence with a missing clip, or without a system voice in `system` mode', async () => {
    await expect(sink(clipSet(['zh/shi'])).play(zh)).rejects.toThrow(/missing clips/);
    await expect(sink(clipSet(), 'system').play(zh)).rejects.toThrow(/no system voice/);
    expect(played).toEqual([]);
  });

  it('plays clips of different formats (a hall’s own recording) one after another', async () => {
    const odd = encodeWav(
      { sampleRate: 44100, channels: 2, bitsPerSample: 16 },
      new Uint8Array(400),
    );
    const clips: ClipSource = { load: (id) => Promise.resolve(id === 'zh/qing' ? odd : wavOf(20)) };
    await sink(clips).play(zh);
    expect(played).toHaveLength(zh.kind === 'speech' ? zh.clips.length : 0);
  });
});

describe('fetchedClips', () => {
  it('prefers the hall’s own recording, fetches the shipped clip otherwise, and refuses non-WAV', async () => {
    const own = wavOf(5);
    const shipped = wavOf(7);
    const fetched: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string) => {
        fetched.push(url);
        const body = url.endsWith('/en/number.wav')
          ? shipped
          : new TextEncoder().encode('<!doctype html>');
        return Promise.resolve(new Response(body.slice(), { status: 200 }));
      }),
    );
    const source = fetchedClips('/display/', (id) =>
      Promise.resolve(id === 'zh/qing' ? own : null),
    );
    expect(await source.load('zh/qing')).toEqual(own);
    expect(await source.load('en/number')).toEqual(shipped);
    // The hub answers a missing file with the page: that is no clip.
    expect(await source.load('zh/shi')).toBeNull();
    expect(fetched).toEqual(['/display/voice/en/number.wav', '/display/voice/zh/shi.wav']);
    await source.load('en/number');
    expect(fetched).toHaveLength(2); // kept once loaded
  });
});
