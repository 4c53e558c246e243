import type { PrintableTicket, PrinterState, PrintResult } from '../../shared/api.js';
import { printerBlocks } from '../../shared/printer-status.js';
import type { ContentOptions } from './content.js';
import { ticketPage } from './page.js';
import { failure, type TicketPrinter } from './service.js';

/*
 * A printer installed in the operating system (most kiosks: Windows with the vendor's driver).
 * The ticket goes to it as a page (`page.ts`) printed silently through the OS driver, which draws
 * the Chinese itself; its state is what the OS reports about it.
 */

/** A printer as the OS lists it (Electron's `PrinterInfo`: name and platform options). */
export interface OsPrinterInfo {
  name: string;
  options?: Record<string, string>;
}

/** What printing through the OS needs; `os-electron.ts` gives it with Electron. */
export interface OsPrinting {
  printers(): Promise<OsPrinterInfo[]>;
  /** Prints one page; rejects with the OS's reason when the job is not taken. */
  printPage(html: string, job: { deviceName: string; widthMm: number }): Promise<void>;
}

/**
 * The printer's state from what the OS says. Not installed: `offline`. CUPS (Linux, macOS)
 * passes `printer-state` (5 = stopped) and `printer-state-reasons` (IPP keywords, with an
 * optional `-error`, `-warning` or `-report` suffix); Windows passes Electron no state at all,
 * so there an installed printer reads as `ok` and only the job's outcome tells more.
 */
export function osPrinterState(info: OsPrinterInfo | undefined): PrinterState {
  if (!info) return 'offline';
  const options = info.options ?? {};
  const reasons = new Set(
    (options['printer-state-reasons'] ?? '')
      .split(',')
      .map((r) => r.trim().replace(/-(error|warning|report)$/, ''))
      .filter((r) => r !== '' && r !== 'none'),
  );
  const any = (...names: string[]) => names.some((n) => reasons.has(n));
  if (any('media-empty', 'media-needed')) return 'paper_out';
  if (any('cover-open', 'door-open', 'interlock-open')) return 'cover_open';
  if (any('offline', 'shutdown', 'paused', 'stopped') || options['printer-state'] === '5') {
    return 'offline';
  }
  if (any('media-low')) return 'paper_near_end';
  return 'ok';
}

export class OsPrintService implements TicketPrinter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly name: string,
    private readonly layout: ContentOptions,
    private readonly printing: OsPrinting,
  ) {}

  status(): Promise<PrinterState> {
    return this.serial(() => this.read());
  }

  print(ticket: PrintableTicket): Promise<PrintResult> {
    const html = ticketPage(ticket, this.layout);
    return this.serial(async () => {
      const before = await this.read();
      if (printerBlocks(before)) return failure(before);
      try {
        await this.printing.printPage(html, {
          deviceName: this.name,
          widthMm: this.layout.paperWidthMm,
        });
      } catch (err) {
        return failure('not_responding', err instanceof Error ? err.message : String(err));
      }
      const after = await this.read();
      return printerBlocks(after) ? failure(after) : { ok: true as const };
    });
  }

  private async read(): Promise<PrinterState> {
    try {
      const printers = await this.printing.printers();
      return osPrinterState(printers.find((p) => p.name === this.name));
    } catch {
      return 'not_responding';
    }
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
