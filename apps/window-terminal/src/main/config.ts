import { z } from 'zod';
import { PROTOCOL_NAMES } from './serial/protocols.js';

/*
 * The terminal's local configuration (a JSON file beside the app's data): which hub to load
 * the page from, and the serial devices at this window. Parsed from `unknown`; a bad file is
 * refused with the zod issues, never half used.
 */

export const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;

const portSchema = z
  .object({
    /** `/dev/ttyUSB0`, `/dev/serial/by-id/...`, `COM3`, or a network controller `tcp://host:port`. */
    path: z
      .string()
      .min(1)
      .max(200)
      .refine((p) => !p.startsWith('tcp:') || /^tcp:\/\/[A-Za-z0-9.-]+:\d{1,5}$/.test(p), {
        message: 'a network controller is tcp://host:port',
      }),
    baudRate: z.union(BAUD_RATES.map((b) => z.literal(b))).default(9600),
    protocol: z.enum(PROTOCOL_NAMES).default('line'),
    /** The device's address on the line (frame68); 255 is broadcast and not a device's own. */
    address: z.number().int().min(0).max(254).default(1),
    /** An LED window screen is on this port. */
    led: z.boolean().default(false),
    /** A call pad is on this port (its keys are read). */
    pad: z.boolean().default(false),
    /** A screen that shows words (onbon-bx5k): its size, language and moving text. */
    screen: z
      .object({
        lang: z.enum(['zh', 'en']).default('zh'),
        width: z.number().int().min(16).max(4096).default(128),
        height: z.number().int().min(8).max(512).default(32),
        scroll: z.enum(['auto', 'always', 'never']).default('auto'),
        speed: z.number().int().min(0).max(15).default(4),
        /** 0 (dimmest) to 15; absent: the controller keeps its own (timed or sensor) brightness. */
        brightness: z.number().int().min(0).max(15).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((p) => p.led || p.pad, { message: 'a port needs an LED screen, a call pad, or both' });

export const terminalConfigSchema = z
  .object({
    /** The hub's address, e.g. `http://192.168.1.10:7800`; the page is `<hubUrl>/window/`. */
    hubUrl: z
      .string()
      .url()
      .refine((u) => /^https?:$/.test(new URL(u).protocol), { message: 'http or https only' }),
    /** `window`: the clerk's terminal; `rate`: the rating pad facing the visitor. */
    page: z.enum(['window', 'rate']).default('window'),
    serial: z.array(portSchema).max(4).default([]),
  })
  .strict()
  .refine((c) => new Set(c.serial.map((p) => p.path)).size === c.serial.length, {
    message: 'each serial port is listed once',
  });

export type PortConfig = z.infer<typeof portSchema>;
export type TerminalConfig = z.infer<typeof terminalConfigSchema>;

export type ConfigResult = { ok: true; config: TerminalConfig } | { ok: false; problems: string[] };

export function parseTerminalConfig(input: unknown): ConfigResult {
  const parsed = terminalConfigSchema.safeParse(input);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`),
  };
}

/** Parses the text of a config file (JSON). */
export function parseTerminalConfigText(text: string): ConfigResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      problems: [`not JSON: ${err instanceof Error ? err.message : String(err)}`],
    };
  }
  return parseTerminalConfig(json);
}
