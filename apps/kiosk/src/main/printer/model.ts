import type { PrinterState } from '../../shared/api.js';
import { epsonModel } from './epson.js';
import type { PrinterConnection } from './link.js';
import { starModel } from './star.js';

/** The printer's command set: EPSON ESC/POS (most Chinese 58/80 mm printers) or Star Line Mode. */
export type CommandSet = 'epson' | 'star';

/**
 * What differs between printer makers beyond node-thermal-printer's layout commands: how the
 * printer is asked for its state, and how Chinese text is sent. One file per command set
 * (`epson.ts`, `star.ts`); a further make is one more file and one more case below.
 */
export interface PrinterModel {
  readonly commandSet: CommandSet;
  /** Sent right after `ESC @` at the start of each ticket. */
  readonly start: Buffer;
  /** One line's text (no line feed) as the printer's bytes, Chinese included. */
  text(line: string): Buffer;
  /**
   * Asks the printer for its state over an open connection: `not_responding` when it says
   * nothing within the time, or answers with something that is not a status.
   */
  readStatus(connection: PrinterConnection, timeoutMs: number): Promise<PrinterState>;
}

export function modelFor(commandSet: CommandSet): PrinterModel {
  switch (commandSet) {
    case 'epson':
      return epsonModel;
    case 'star':
      return starModel;
  }
}
