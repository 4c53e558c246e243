import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLIP_ID } from '../shared/api.js';
import { parseDisplayConfig, type DisplayConfig } from '../shared/config.js';

/*
 * The display's config folder: display.json (what the screen shows, how it speaks) and voice/,
 * where a hall puts its own recordings to replace shipped clips (voice/zh/qing.wav ...).
 */

export const DEFAULT_HUB_URL = 'http://127.0.0.1:7800';

/** Reads display.json; a missing file is the defaults, a wrong field is named in `problems`. */
export async function readDisplayConfig(
  dir: string,
): Promise<{ config: DisplayConfig; problems: string[] }> {
  let raw: unknown = null;
  try {
    raw = JSON.parse(await readFile(join(dir, 'display.json'), 'utf8'));
  } catch (err) {
    const missing = err instanceof Error && 'code' in err && err.code === 'ENOENT';
    if (!missing)
      return { ...parseDisplayConfig(null), problems: [`display.json: ${String(err)}`] };
  }
  const parsed = parseDisplayConfig(raw);
  return {
    config: { ...parsed.config, hubUrl: parsed.config.hubUrl ?? DEFAULT_HUB_URL },
    problems: parsed.problems,
  };
}

/** The hall's own recording of a clip, or null; only `voice/<id>.wav` for a well-formed id. */
export async function readClip(dir: string, id: unknown): Promise<Uint8Array | null> {
  if (typeof id !== 'string' || !CLIP_ID.test(id)) return null;
  try {
    return new Uint8Array(await readFile(join(dir, 'voice', `${id}.wav`)));
  } catch {
    return null;
  }
}
