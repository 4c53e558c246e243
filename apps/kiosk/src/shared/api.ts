/**
 * The kiosk's preload API, as the page sees it on `window.onestopKiosk`. Types only: the renderer,
 * the preload and the main process all import this file, and none of them import each other.
 */

/** What the printer is doing, as parsed from its status bytes (DLE EOT) or its silence. */
export type PrinterState =
  'ok' | 'paper_near_end' | 'paper_out' | 'cover_open' | 'offline' | 'not_responding';
export const PRINTER_STATES = [
  'ok',
  'paper_near_end',
  'paper_out',
  'cover_open',
  'offline',
  'not_responding',
] as const satisfies readonly PrinterState[];

/** What goes on the paper: everything the hub acknowledged, plus the kiosk's own texts. */
export interface PrintableTicket {
  /** The hall's name and notice line, as configured at the hub. */
  hall: { zh: string; en: string };
  notice: { zh: string; en: string };
  number: string;
  service: { zh: string; en: string };
  /**
   * A combined visit's steps (一件事一次办), each its services' names, in order; absent for a
   * single-service ticket. `service` is then the visit's name.
   */
  steps?: { zh: string; en: string }[][] | undefined;
  /**
   * 办事指南: the materials to bring and the fee, printed as a short checklist; absent when
   * the service has no guide.
   */
  guide?:
    { materials: { zh: string; en: string }[]; fee: { zh: string; en: string } | null } | undefined;
  /** Issued with a staff member's help (帮办代办): the ticket says so. */
  helped?: boolean | undefined;
  /** Green-channel tickets say so on the paper. */
  priority: boolean;
  peopleAhead: number;
  /** The estimated wait: 0 when there is none, null when no window serving it is open. */
  estimateMinutes: number | null;
  issuedAt: number;
  /** The ticket's status page, for the QR code. */
  statusUrl: string;
}

export type PrintResult = { ok: true } | { ok: false; state: PrinterState; message: string };

/** What the page may know of the kiosk's config file. */
export interface KioskConfigView {
  hubUrl: string;
  orientation: 'portrait' | 'landscape';
  /** null: the kiosk has no printer. */
  paperWidthMm: 58 | 80 | null;
  /** When true the kiosk stops offering tickets while its printer cannot print. */
  stopWhenPrinterFails: boolean;
}

/** The IPC channels behind the preload API (the preload spells them out: it cannot import). */
export const KIOSK_CHANNELS = {
  printTicket: 'kiosk:print-ticket',
  printerStatus: 'kiosk:printer-status',
  config: 'kiosk:config',
} as const;

export interface KioskApi {
  printTicket(ticket: PrintableTicket): Promise<PrintResult>;
  printerStatus(): Promise<PrinterState>;
  config(): Promise<KioskConfigView>;
}
