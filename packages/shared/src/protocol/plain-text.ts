import type { z } from 'zod';

/**
 * Characters no configured or typed text of the hall may hold: control characters (C0 such as
 * ESC, NUL and the line breaks, DEL, C1), invisible format characters (bidi overrides and
 * isolates, zero-width spaces and joiners, the byte-order mark, the soft hyphen), the line and
 * paragraph separators, and halves of a surrogate pair. A name reaches the kiosk's printer, the
 * hall display and the voice: `ESC p NUL` in a service name opened the cash drawer of a kiosk's
 * printer, `GS V` cut its paper, and a bidi override shows a name other than the one stored.
 */
export const UNSAFE_TEXT_CHAR = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

/** `U+001B at 4` for the first unsafe character of `text` (1-based), or null when there is none. */
export function unsafeCharIn(text: string): string | null {
  const match = UNSAFE_TEXT_CHAR.exec(text);
  if (match === null) return null;
  const code = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return `U+${code} at ${[...text.slice(0, match.index)].length + 1}`;
}

export const UNSAFE_TEXT_MESSAGE =
  'no control characters, line breaks or invisible formatting characters';

/** The same string schema, refusing any unsafe character with its code point and position. */
export function plainText(schema: z.ZodString): z.ZodString {
  return schema.superRefine((value, ctx) => {
    const found = unsafeCharIn(value);
    if (found !== null) {
      ctx.addIssue({ code: 'custom', message: `${UNSAFE_TEXT_MESSAGE} (found ${found})` });
    }
  });
}
