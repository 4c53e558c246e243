import { z } from 'zod';
import type { PrintableTicket } from '../shared/api.js';
import { serialLink, tcpLink } from './printer/link.js';
import { electronOsPrinting } from './printer/os-electron.js';
import { OsPrintService, type OsPrinting } from './printer/os-printer.js';
import { PrintService, type TicketPrinter } from './printer/service.js';
import type { PrinterConfig } from './config.js';

const text = (max: number) => z.string().max(max);
const both = (max: number) => z.strictObject({ zh: text(max), en: text(max) });

/** What the page asks to print, parsed from `unknown` like every message from a page. */
export const PrintableTicketSchema: z.ZodType<PrintableTicket> = z.strictObject({
  hall: both(120),
  notice: both(200),
  number: z.string().regex(/^[A-Z]{1,2}\d{3,6}$/),
  service: both(120),
  steps: z
    .array(z.array(both(120)).min(1).max(6))
    .min(1)
    .max(6)
    .optional(),
  guide: z
    .strictObject({ materials: z.array(both(100)).max(10), fee: both(100).nullable() })
    .optional(),
  helped: z.boolean().optional(),
  priority: z.boolean(),
  peopleAhead: z.number().int().min(0).max(100_000),
  estimateMinutes: z.number().int().min(0).max(100_000).nullable(),
  issuedAt: z.number().int().min(0),
  statusUrl: z
    .string()
    .max(300)
    .regex(/^https?:\/\/[^\s]+\/t\/[A-Za-z0-9_-]+$/),
});

/**
 * The printer the config names: a thermal printer on TCP or serial, driven with printer commands;
 * or a printer installed in the OS, sent the ticket as a page through its driver.
 */
export function printServiceFor(
  printer: PrinterConfig,
  osPrinting: () => OsPrinting = electronOsPrinting,
): TicketPrinter {
  const layout = {
    commandSet: printer.commandSet,
    paperWidthMm: printer.paperWidthMm,
    languages: printer.languages,
    timezone: printer.timezone,
  };
  const i = printer.interface;
  switch (i.type) {
    case 'tcp':
      return new PrintService(tcpLink(i.host, i.port), layout);
    case 'serial':
      return new PrintService(serialLink(i.path, i.baudRate), layout);
    case 'os':
      return new OsPrintService(i.name, layout, osPrinting());
  }
}
