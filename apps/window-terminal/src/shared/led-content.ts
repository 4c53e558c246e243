import { z } from 'zod';
import type { LedContent } from './preload-api.js';

/*
 * What the page may ask the LED to show, checked in the main process (IPC input is untrusted)
 * and by the page when it reads back its own key. The window's number and name go with it: a
 * Chinese LED controller shows "请 A001 号 到 3 号窗口" and the window's name when idle.
 */

const ledWindowSchema = z
  .object({
    number: z.number().int().min(1).max(999),
    name: z.object({ zh: z.string().max(40), en: z.string().max(80) }).strict(),
  })
  .strict();

export const ledContentSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('call'),
      number: z.string().regex(/^[A-Z]{1,2}[0-9]{1,6}$/),
      window: ledWindowSchema.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('paused'), window: ledWindowSchema.optional() }).strict(),
  z.object({ kind: z.literal('closed'), window: ledWindowSchema.optional() }).strict(),
  z.object({ kind: z.literal('idle'), window: ledWindowSchema.optional() }).strict(),
]);

export function parseLedContent(input: unknown): LedContent | null {
  const parsed = ledContentSchema.safeParse(input);
  return parsed.success ? parsed.data : null;
}
