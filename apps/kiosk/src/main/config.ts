import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { KioskConfigView } from '../shared/api.js';

/*
 * The kiosk's config file (kiosk.json): where the hub is, which printer and how, the screen's
 * orientation. Every wrong field is named in the error, e.g. `printer.interface.port: ...`.
 */

const TcpInterface = z.strictObject({
  type: z.literal('tcp'),
  host: z.string().min(1, "the printer's host name or IP address"),
  port: z.number().int().min(1).max(65535).default(9100),
});
const SerialInterface = z.strictObject({
  type: z.literal('serial'),
  path: z.string().min(1, 'a serial device, e.g. /dev/ttyUSB0 or COM3'),
  baudRate: z
    .number()
    .int()
    .refine(
      (n) => [9600, 19200, 38400, 57600, 115200].includes(n),
      'one of 9600, 19200, 38400, 57600, 115200',
    )
    .default(9600),
});
const OsInterface = z.strictObject({
  type: z.literal('os'),
  name: z.string().min(1, "the printer's name in the operating system"),
});

const PrinterSchema = z.strictObject({
  commandSet: z.enum(['epson', 'star']).default('epson'),
  interface: z.discriminatedUnion('type', [TcpInterface, SerialInterface, OsInterface], {
    error: 'type must be "tcp", "serial" or "os"',
  }),
  paperWidthMm: z.union([z.literal(58), z.literal(80)], { error: '58 or 80' }).default(80),
  languages: z
    .array(z.enum(['zh', 'en']))
    .min(1)
    .refine((l) => new Set(l).size === l.length, 'each language once')
    .default(['zh', 'en']),
  timezone: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA timezone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
});

export const KioskConfigSchema = z.strictObject({
  hubUrl: z.string().refine((u) => {
    try {
      const url = new URL(u);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/';
    } catch {
      return false;
    }
  }, "the hub's address, e.g. http://192.168.1.10:7800"),
  orientation: z.enum(['portrait', 'landscape']).default('portrait'),
  /** null: no printer (the screen asks visitors to note their number). */
  printer: PrinterSchema.nullable().default(null),
  stopWhenPrinterFails: z.boolean().default(false),
  /** The resident ID card reader (docs/HARDWARE.md); null: none, the kiosk issues without cards. */
  idCardReader: z
    .strictObject({
      path: z.string().min(1, 'a serial device, e.g. /dev/ttyUSB1 or COM4'),
      baudRate: z
        .number()
        .int()
        .refine((n) => [9600, 115200].includes(n), '115200 (most readers) or 9600')
        .default(115200),
    })
    .nullable()
    .default(null),
  /** Developer tools, honoured only in an unpackaged (development) build. */
  devTools: z.boolean().default(false),
});

export type KioskConfig = z.infer<typeof KioskConfigSchema>;
export type PrinterConfig = NonNullable<KioskConfig['printer']>;

export type ConfigResult = { ok: true; config: KioskConfig } | { ok: false; problems: string[] };

export function parseKioskConfig(raw: unknown): ConfigResult {
  const parsed = KioskConfigSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`),
  };
}

export async function readKioskConfig(path: string): Promise<ConfigResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return {
      ok: false,
      problems: [`${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`],
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      problems: [`${path}: not valid JSON (${err instanceof Error ? err.message : String(err)})`],
    };
  }
  return parseKioskConfig(raw);
}

export function configView(config: KioskConfig): KioskConfigView {
  return {
    hubUrl: config.hubUrl,
    orientation: config.orientation,
    paperWidthMm: config.printer?.paperWidthMm ?? null,
    stopWhenPrinterFails: config.stopWhenPrinterFails,
    idCardReader: config.idCardReader !== null,
  };
}
