import { z, type ZodType } from 'zod';

/**
 * `schema.safeParse(raw)` for input from outside, that never throws. zod (4.x) runs a string's
 * length checks even on a value of another type that has a `length`, and when that `length` is
 * an object no primitive can be made of (`{"length":{"toString":""}}`, which JSON can carry) the
 * comparison throws a TypeError: one such handshake took the hub down (found by
 * tests/fuzz-config.test.ts; kept in tests/fuzz-regressions/). Such input is invalid, never a crash.
 */
export type InputParse<T> = { success: true; data: T } | { success: false; error: z.ZodError };

export function safeParseInput<T>(schema: ZodType<T>, raw: unknown): InputParse<T> {
  try {
    return schema.safeParse(raw);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return {
      success: false,
      error: new z.ZodError([
        { code: 'custom', path: [], message: `input the schema cannot read (${why})`, input: raw },
      ]),
    };
  }
}
