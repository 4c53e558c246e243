/*
 * Makes the hall display's default voice clip set with espeak-ng (the `cmn-latn-pinyin` voice
 * for Chinese, `en` for English) and sox: every clip the announcement planner may ask for, and
 * a two-tone chime, all as 22 050 Hz mono 16-bit PCM so the page can join them into one sound.
 *
 *   tsx build/voice/make-clips.ts [OUT]      (default OUT: dist/display-voice)
 *
 * writes OUT/voice/chime.wav, OUT/voice/zh/*.wav and OUT/voice/en/*.wav; the display's page
 * build copies OUT into dist/pages/display/. A hall's own recordings in build/voice/custom/
 * (same paths: custom/zh/qing.wav ...) replace the made ones, converted to the same format.
 * Nothing is remade while the clip texts, the custom files and this script are unchanged.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CHIME_CLIP,
  CLIP_TEXTS,
  type ClipText,
} from '../../apps/hall-display/src/renderer/voice/plan.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const out = resolve(process.argv[2] ?? join(root, 'dist/display-voice'));
const voiceDir = join(out, 'voice');
/** A hall's own recordings; ONESTOP_VOICE_CUSTOM names another folder. */
const customDir = resolve(process.env.ONESTOP_VOICE_CUSTOM ?? join(here, 'custom'));

const FORMAT = ['-r', '22050', '-c', '1', '-b', '16', '-e', 'signed-integer'];
/** espeak-ng voice and words per minute, per clip language. */
const VOICES = {
  zh: { voice: 'cmn-latn-pinyin', speed: '140' },
  en: { voice: 'en', speed: '150' },
} as const;

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function tool(cmd: string, versionArg: string): string {
  try {
    return run(cmd, [versionArg]).trim().split('\n')[0] ?? cmd;
  } catch {
    throw new Error(
      `${cmd} is needed to make the display's voice clips (apt-get install espeak-ng sox); ` +
        'set ONESTOP_VOICE=skip to build the page without them (it then speaks only with a system voice).',
    );
  }
}

function customFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? customFiles(path) : path.endsWith('.wav') ? [path] : [];
  });
}

/** Trims the silence espeak puts around a word and leaves a short pause after it. */
function speak(clip: ClipText, target: string, tmp: string): void {
  const raw = join(tmp, 'raw.wav');
  // Letters are said by their English names in Chinese too.
  const { voice, speed } = /\/letter-/.test(clip.id) ? VOICES.en : VOICES[clip.lang];
  run('espeak-ng', ['-v', voice, '-s', speed, '-w', raw, clip.text]);
  run('sox', [
    raw,
    ...FORMAT,
    target,
    'silence',
    '1',
    '0.01',
    '-45d',
    'reverse',
    'silence',
    '1',
    '0.01',
    '-45d',
    'reverse',
    'pad',
    '0',
    '0.06',
  ]);
}

function chime(target: string, tmp: string): void {
  const high = join(tmp, 'high.wav');
  const low = join(tmp, 'low.wav');
  const tone = (file: string, hz: string, seconds: string): void => {
    run('sox', [
      '-n',
      ...FORMAT,
      file,
      'synth',
      seconds,
      'sine',
      hz,
      'fade',
      'q',
      '0.01',
      seconds,
      '0.3',
      'vol',
      '0.45',
    ]);
  };
  tone(high, '1046.5', '0.45');
  tone(low, '784', '0.7');
  run('sox', [high, low, ...FORMAT, target, 'pad', '0', '0.25']);
}

function main(): void {
  if (process.env.ONESTOP_VOICE === 'skip') {
    console.log('voice clips: skipped (ONESTOP_VOICE=skip)');
    return;
  }
  let versions: string[];
  try {
    versions = [tool('espeak-ng', '--version'), tool('sox', '--version')];
  } catch (err) {
    // A newcomer's demo should not fail for want of a speech synthesizer; CI requires the clips.
    if (process.env.ONESTOP_VOICE === 'require') throw err;
    console.warn(`voice clips: skipped: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  const customs = customFiles(customDir).sort();
  const stamp = createHash('sha256')
    .update(JSON.stringify({ CLIP_TEXTS, CHIME_CLIP, versions, FORMAT, VOICES }))
    .update(readFileSync(fileURLToPath(import.meta.url)));
  for (const file of customs) stamp.update(relative(customDir, file)).update(readFileSync(file));
  const digest = stamp.digest('hex');
  // Beside OUT, not in it: OUT is copied into the page as it is.
  const stampFile = `${out}.stamp`;
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === digest) {
    console.log(`voice clips: up to date in ${relative(root, voiceDir)}`);
    return;
  }

  rmSync(voiceDir, { recursive: true, force: true });
  mkdirSync(join(voiceDir, 'zh'), { recursive: true });
  mkdirSync(join(voiceDir, 'en'), { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'onestop-voice-'));
  try {
    chime(join(voiceDir, `${CHIME_CLIP}.wav`), tmp);
    for (const clip of CLIP_TEXTS) speak(clip, join(voiceDir, `${clip.id}.wav`), tmp);
    for (const file of customs) {
      const target = join(voiceDir, relative(customDir, file));
      mkdirSync(dirname(target), { recursive: true });
      run('sox', [file, ...FORMAT, target]);
      console.log(`voice clips: ${relative(customDir, file)} is the hall's own recording`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  writeFileSync(stampFile, digest);
  console.log(`voice clips: ${CLIP_TEXTS.length + 1} made in ${relative(root, voiceDir)}`);
}

main();
