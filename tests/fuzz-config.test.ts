import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HallConfigSchema, parseHallFile } from '@onestop/shared';
import { ConfigFileError, readHallFile } from '@onestop/hub';
import { fuzzBudgetMs, fuzzParameters, fuzzTimeoutMs, replayHint } from './support/fuzz.js';
import { applyMutation, hostileValue, mutationOf } from './support/hostile-payloads.js';
import { scaled } from './support/mode.js';

/*
 * Hall configuration files, fuzzed from docs/hall.example.json: a mutated file is either a valid
 * hall (which then passes the hub's own check again) or refused with a ConfigFileError naming
 * what is wrong — never another exception, never a half-read hall.
 */

const EXAMPLE_TEXT = readFileSync(new URL('../docs/hall.example.json', import.meta.url), 'utf8');
const EXAMPLE = JSON.parse(EXAMPLE_TEXT) as Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), 'onestop-fuzz-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run<T>(label: string, arbitrary: fc.Arbitrary<T>, runs: number, check: (v: T) => void) {
  try {
    fc.assert(fc.property(arbitrary, check), fuzzParameters(label, runs, fuzzBudgetMs(20_000)));
  } catch (err) {
    throw new Error(`${replayHint(label)}\n${String(err)}`);
  }
}

/** Reads `text` as a hall file the way the hub does at start; the result or the refusal. */
function readText(text: string | Buffer): { ok: true } | { ok: false; errors: string[] } {
  const file = join(dir, 'hall.json');
  writeFileSync(file, text);
  try {
    const { config } = readHallFile(file);
    // What passed is a whole hall: it passes the stored configuration's own schema again.
    expect(HallConfigSchema.safeParse(JSON.parse(JSON.stringify(config))).success).toBe(true);
    return { ok: true };
  } catch (err) {
    if (!(err instanceof ConfigFileError)) throw err;
    expect(err.errors.length).toBeGreaterThan(0);
    expect(err.message).toContain(file);
    return { ok: false, errors: err.errors };
  }
}

describe('fuzzed hall configuration files', () => {
  it('the example itself is valid', () => {
    expect(readText(EXAMPLE_TEXT)).toEqual({ ok: true });
  });

  it(
    'a field made wrong, missing or added is refused with the errors named, or is a valid hall',
    () => {
      let refused = 0;
      run('config mutated fields', mutationOf(EXAMPLE), scaled(1_000, 100_000), (m) => {
        const value = applyMutation(EXAMPLE, m).payload;
        const parsed = parseHallFile(JSON.parse(JSON.stringify(value) ?? 'null'));
        if (!parsed.ok) {
          refused++;
          expect(parsed.errors.every((e) => typeof e === 'string' && e.length > 0)).toBe(true);
        }
      });
      expect(refused).toBeGreaterThan(100);
    },
    fuzzTimeoutMs(60_000),
  );

  it(
    'a file cut short, with bytes changed, in another encoding or not JSON is refused clearly',
    () => {
      const bytes = Buffer.from(EXAMPLE_TEXT, 'utf8');
      const damaged = fc.oneof(
        fc.nat(bytes.length).map((n) => bytes.subarray(0, n)),
        fc
          .array(fc.tuple(fc.nat(bytes.length - 1), fc.nat(255)), { minLength: 1, maxLength: 8 })
          .map((flips) => {
            const copy = Buffer.from(bytes);
            for (const [at, b] of flips) copy[at] = b;
            return copy;
          }),
        fc.constantFrom(
          Buffer.from(`\ufeff${EXAMPLE_TEXT}`, 'utf8'),
          Buffer.from(EXAMPLE_TEXT, 'utf16le'),
          Buffer.from(''),
          Buffer.from('null'),
          Buffer.from('[]'),
          Buffer.from('{"__proto__":{"hall":1}}'),
          Buffer.from(`${'['.repeat(100_000)}`),
        ),
        hostileValue.map((v) => Buffer.from(JSON.stringify(v) ?? '')),
      );
      run('config damaged bytes', damaged, scaled(400, 20_000), (text) => {
        readText(text);
      });
    },
    fuzzTimeoutMs(60_000),
  );
});
