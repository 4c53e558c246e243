import { readFileSync } from 'node:fs';
import { parseHallFile, type HallConfig } from '@onestop/shared';

/** A configuration file that cannot be used, with every wrong field named. */
export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly errors: string[],
  ) {
    super(
      `${file} is not a valid hall configuration:\n${errors.map((e) => `  - ${e}`).join('\n')}`,
    );
  }
}

/** Reads and checks a hall file in full; nothing is written anywhere before it passes. */
export function readHallFile(file: string): { config: HallConfig; pins: Map<string, string> } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigFileError(file, [
      `cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigFileError(file, [
      `is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    ]);
  }
  const parsed = parseHallFile(raw);
  if (!parsed.ok) throw new ConfigFileError(file, parsed.errors);
  return { config: parsed.config, pins: parsed.pins };
}
