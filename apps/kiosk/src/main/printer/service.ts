import type { PrintableTicket, PrinterState, PrintResult } from '../../shared/api.js';
import { printerBlocks, printerText } from '../../shared/printer-status.js';
import { LinkError, type PrinterConnection, type PrinterLink } from './link.js';
import { modelFor } from './model.js';
import { buildTicket, type TicketLayout } from './ticket.js';

export interface PrintTimeouts {
  /** To reach the printer. */
  connectMs: number;
  /** For each status byte: a printer that says nothing in this time is hung. */
  statusMs: number;
  /** To hand over a ticket's bytes. */
  writeMs: number;
}

export const DEFAULT_PRINT_TIMEOUTS: PrintTimeouts = {
  connectMs: 3_000,
  statusMs: 1_500,
  writeMs: 10_000,
};

/** What the kiosk's window needs of a printer, whichever way it is reached. */
export interface TicketPrinter {
  status(): Promise<PrinterState>;
  print(ticket: PrintableTicket): Promise<PrintResult>;
}

/**
 * Prints tickets on a thermal printer reached by a link (TCP, serial) and reads its state. A ticket is sent only to a printer that says it
 * can print; the state is read again afterwards, so paper running out during the ticket is seen.
 * One job at a time: a second waits for the first.
 */
export class PrintService implements TicketPrinter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly link: PrinterLink,
    private readonly layout: TicketLayout,
    private readonly timeouts: PrintTimeouts = DEFAULT_PRINT_TIMEOUTS,
  ) {}

  status(): Promise<PrinterState> {
    return this.serial(async () => {
      const opened = await this.open();
      if (!opened.ok) return opened.state;
      try {
        return await this.query(opened.connection);
      } finally {
        await opened.connection.close().catch(() => undefined);
      }
    });
  }

  print(ticket: PrintableTicket): Promise<PrintResult> {
    const bytes = buildTicket(ticket, this.layout);
    return this.serial(async () => {
      const opened = await this.open();
      if (!opened.ok) return failure(opened.state);
      const { connection } = opened;
      try {
        const before = await this.query(connection);
        if (printerBlocks(before)) return failure(before);
        await connection.write(bytes, this.timeouts.writeMs);
        const after = await this.query(connection);
        return printerBlocks(after) ? failure(after) : { ok: true as const };
      } catch (err) {
        return failure('not_responding', err instanceof Error ? err.message : String(err));
      } finally {
        await connection.close().catch(() => undefined);
      }
    });
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async open(): Promise<
    { ok: true; connection: PrinterConnection } | { ok: false; state: PrinterState }
  > {
    try {
      return { ok: true, connection: await this.link.open(this.timeouts.connectMs) };
    } catch (err) {
      if (err instanceof LinkError) return { ok: false, state: 'offline' };
      throw err;
    }
  }

  private async query(connection: PrinterConnection): Promise<PrinterState> {
    if (!this.link.readsStatus) return 'ok';
    return modelFor(this.layout.commandSet).readStatus(connection, this.timeouts.statusMs);
  }
}

export function failure(state: PrinterState, message = printerText(state, 'en')): PrintResult {
  return { ok: false, state, message };
}
