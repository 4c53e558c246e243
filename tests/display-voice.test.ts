import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHIME_CLIP, CLIP_TEXTS, planClips } from '../apps/hall-display/src/renderer/voice/plan.js';
import {
  durationMs,
  encodeWav,
  joinWavs,
  parseWav,
} from '../apps/hall-display/src/renderer/voice/wav.js';
import { ROOT } from './support/build.js';

/*
 * The display's default clip set, made by build/voice/make-clips.ts with the real espeak-ng
 * and sox: every clip the planner may ask for exists, in one format, and a sentence joins.
 */

let out: string;
const clipPath = (id: string) => join(out, 'voice', `${id}.wav`);
const make = (env: Record<string, string> = {}) =>
  execFileSync(
    join(ROOT, 'node_modules/.bin/tsx'),
    [join(ROOT, 'build/voice/make-clips.ts'), out],
    {
      encoding: 'utf8',
      env: { ...process.env, ONESTOP_VOICE_CUSTOM: join(out, '..', 'no-custom'), ...env },
    },
  );

beforeAll(() => {
  out = join(mkdtempSync(join(tmpdir(), 'onestop-voice-test-')), 'set');
  make();
}, 120_000);
afterAll(() => rmSync(join(out, '..'), { recursive: true, force: true }));

describe('the voice clip set', () => {
  it('has every clip the planner asks for, and a chime, all 22 050 Hz mono 16-bit PCM', () => {
    for (const id of [CHIME_CLIP, ...CLIP_TEXTS.map((c) => c.id)]) {
      const clip = parseWav(readFileSync(clipPath(id)));
      expect(clip.format, id).toEqual({ sampleRate: 22050, channels: 1, bitsPerSample: 16 });
      expect(durationMs(clip), id).toBeGreaterThan(50);
    }
  });

  it('joins the clips of "请 A001 号到 12 号窗口办理" into one sound as long as its parts', () => {
    for (const lang of ['zh', 'en'] as const) {
      const parts = planClips('A001', 12, lang).map((id) => readFileSync(clipPath(id)));
      const joined = parseWav(joinWavs(parts));
      const sum = parts.reduce((ms, p) => ms + durationMs(parseWav(p)), 0);
      expect(durationMs(joined)).toBeCloseTo(sum, 6);
    }
  });

  it('is not remade while nothing changed, and takes a hall’s own recording in its format', () => {
    const before = statSync(clipPath('zh/qing')).mtimeMs;
    expect(make()).toContain('up to date');
    expect(statSync(clipPath('zh/qing')).mtimeMs).toBe(before);

    // A recording at 44.1 kHz stereo, half a second long, replaces 请.
    const custom = join(out, '..', 'custom');
    mkdirSync(join(custom, 'zh'), { recursive: true });
    const format = { sampleRate: 44100, channels: 2, bitsPerSample: 16 };
    writeFileSync(
      join(custom, 'zh', 'qing.wav'),
      encodeWav(format, new Uint8Array(44100 * 2 * 2 * 0.5)),
    );
    expect(make({ ONESTOP_VOICE_CUSTOM: custom })).toContain(
      "zh/qing.wav is the hall's own recording",
    );
    const replaced = parseWav(readFileSync(clipPath('zh/qing')));
    expect(replaced.format).toEqual({ sampleRate: 22050, channels: 1, bitsPerSample: 16 });
    expect(durationMs(replaced)).toBeCloseTo(500, 0);
    expect(existsSync(clipPath('zh/hao-dao'))).toBe(true);
  });
});
