import type { PrintableTicket, PrinterState } from '../../apps/kiosk/src/shared/api.js';
import type { FakeState } from './fake-printer.js';
import type { PrintTimeouts } from '../../apps/kiosk/src/main/printer/service.js';
import type { TicketLayout } from '../../apps/kiosk/src/main/printer/ticket.js';

/* The ticket layout, timeouts and ticket the printer tests print with. */

/** An 80 mm Epson printer, tickets in Chinese and English, the hall in Shanghai. */
export const LAYOUT: TicketLayout = {
  commandSet: 'epson',
  paperWidthMm: 80,
  languages: ['zh', 'en'],
  timezone: 'Asia/Shanghai',
};

/**
 * Short, so a hung printer is given up on quickly; nothing here measures time. A status byte
 * gets 1 s: the emulated printer answers at once, but on a loaded machine the test process (or
 * socat, between the two ends of a serial pair) may not run for a few hundred milliseconds, and
 * a late answer would read as a printer not responding.
 */
export const SHORT_TIMEOUTS: PrintTimeouts = { connectMs: 2_000, statusMs: 1_000, writeMs: 2_000 };

export const TICKET: PrintableTicket = {
  hall: { zh: '示范市政务服务中心', en: 'Demo City Government Service Center' },
  notice: { zh: '请携带身份证件', en: 'Please bring your ID card' },
  number: 'A001',
  service: { zh: '企业开办', en: 'Business start-up' },
  priority: false,
  peopleAhead: 2,
  estimateMinutes: 30,
  issuedAt: Date.UTC(2026, 10, 26, 2, 5),
  statusUrl: 'http://127.0.0.1:7800/t/abcdefghijklmnopqrstuvwxyz012345',
};

/** Each state of the emulated printer, what the kiosk must read it as, and whether it prints. */
export const STATE_CASES: { state: FakeState; status: PrinterState; prints: boolean }[] = [
  { state: 'ok', status: 'ok', prints: true },
  { state: 'paper_near_end', status: 'paper_near_end', prints: true },
  { state: 'paper_out', status: 'paper_out', prints: false },
  { state: 'cover_open', status: 'cover_open', prints: false },
  { state: 'offline', status: 'offline', prints: false },
  { state: 'hung', status: 'not_responding', prints: false },
];
