import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PrinterConfig } from '../apps/kiosk/src/main/config.js';
import { TICKET } from './kiosk-support/print-fixtures.js';

/*
 * A printer installed in the OS (`interface: "os"`): the ticket printed as a page through
 * Electron's silent webContents.print in a hidden window, its state from getPrintersAsync.
 * Electron is faked: its binary cannot be downloaded here.
 */

type PrintCallback = (success: boolean, failureReason: string) => void;

const fake = vi.hoisted(() => {
  const state = {
    windows: [] as { options: unknown; destroyed: boolean; loaded: string[] }[],
    printed: [] as { options: Record<string, unknown>; html: string }[],
    printers: [] as {
      name: string;
      displayName: string;
      description: string;
      options: Record<string, unknown>;
    }[],
    failWith: null as string | null,
  };
  class BrowserWindow {
    private readonly record: { options: unknown; destroyed: boolean; loaded: string[] };
    webContents: {
      getPrintersAsync: () => Promise<typeof state.printers>;
      executeJavaScript: (code: string) => Promise<unknown>;
      print: (options: Record<string, unknown>, callback: PrintCallback) => void;
    };
    constructor(options: unknown) {
      const record = { options, destroyed: false, loaded: [] as string[] };
      this.record = record;
      state.windows.push(record);
      this.webContents = {
        getPrintersAsync: () => Promise.resolve(state.printers),
        executeJavaScript: (code: string) =>
          Promise.resolve(code === 'document.documentElement.scrollHeight' ? 1_200 : undefined),
        print: (printOptions, callback) => {
          const html = decodeURIComponent(
            (record.loaded.at(-1) ?? '').replace(/^data:text\/html;charset=utf-8,/, ''),
          );
          if (state.failWith !== null) {
            callback(false, state.failWith);
            return;
          }
          state.printed.push({ options: printOptions, html });
          callback(true, '');
        },
      };
    }
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
    destroy() {
      this.record.destroyed = true;
    }
  }
  return { electron: { BrowserWindow }, state };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { printServiceFor } = await import('../apps/kiosk/src/main/printing.js');
const { osPrinterState } = await import('../apps/kiosk/src/main/printer/os-printer.js');

const CONFIG: PrinterConfig = {
  commandSet: 'epson',
  interface: { type: 'os', name: 'XP-80C' },
  paperWidthMm: 80,
  languages: ['zh', 'en'],
  timezone: 'Asia/Shanghai',
};

const installed = (options: Record<string, unknown> = {}) => [
  { name: 'Microsoft Print to PDF', displayName: 'PDF', description: '', options: {} },
  { name: 'XP-80C', displayName: 'XP-80C', description: 'Xprinter', options },
];

beforeEach(() => {
  fake.state.windows = [];
  fake.state.printed = [];
  fake.state.printers = installed();
  fake.state.failWith = null;
});

describe('a ticket printed through the OS driver', () => {
  it('prints the page silently on the named printer, as wide as the paper, in a hidden window', async () => {
    const printer = printServiceFor(CONFIG);
    expect(await printer.print(TICKET)).toEqual({ ok: true });
    expect(fake.state.printed).toHaveLength(1);
    const [job] = fake.state.printed;
    expect(job?.options).toMatchObject({
      silent: true,
      deviceName: 'XP-80C',
      margins: { marginType: 'none' },
      pageSize: { width: 80_000, height: Math.ceil((1_200 * 25_400) / 96) },
    });
    expect(job?.html).toContain('A001');
    expect(job?.html).toContain('企业开办');
    expect(job?.html).toContain('前面还有 2 人');
    expect(job?.html).toContain(`data-url="${TICKET.statusUrl}"`);
    // Every window it opened was hidden, and is gone.
    expect(fake.state.windows.length).toBeGreaterThan(0);
    for (const w of fake.state.windows) {
      expect(w.options).toMatchObject({ show: false });
      expect(w.destroyed).toBe(true);
    }
  });

  it('prints nothing on a printer that is not installed, and says it is offline', async () => {
    fake.state.printers = installed().slice(0, 1);
    const printer = printServiceFor(CONFIG);
    expect(await printer.status()).toBe('offline');
    expect(await printer.print(TICKET)).toMatchObject({ ok: false, state: 'offline' });
    expect(fake.state.printed).toHaveLength(0);
  });

  it('prints nothing on a printer the OS reports out of paper', async () => {
    fake.state.printers = installed({
      'printer-state': '5',
      'printer-state-reasons': 'media-empty-error',
    });
    const printer = printServiceFor({ ...CONFIG, paperWidthMm: 58 });
    expect(await printer.print(TICKET)).toMatchObject({ ok: false, state: 'paper_out' });
    expect(fake.state.printed).toHaveLength(0);
  });

  it('reports a job the driver refused as not printed, with the reason', async () => {
    fake.state.failWith = 'Print job failed';
    const printer = printServiceFor(CONFIG);
    expect(await printer.print(TICKET)).toEqual({
      ok: false,
      state: 'not_responding',
      message: 'Print job failed',
    });
  });
});

describe('the state the OS reports', () => {
  it('reads CUPS printer-state and printer-state-reasons; a bare listing is ok', () => {
    const of = (options: Record<string, string>) => osPrinterState({ name: 'P', options });
    expect(osPrinterState(undefined)).toBe('offline');
    expect(osPrinterState({ name: 'P' })).toBe('ok'); // Windows: no state passed
    expect(of({ 'printer-state': '3', 'printer-state-reasons': 'none' })).toBe('ok');
    expect(of({ 'printer-state-reasons': 'media-low-report' })).toBe('paper_near_end');
    expect(of({ 'printer-state-reasons': 'media-empty-error,media-low-report' })).toBe('paper_out');
    expect(of({ 'printer-state-reasons': 'cover-open' })).toBe('cover_open');
    expect(of({ 'printer-state-reasons': 'offline-report' })).toBe('offline');
    expect(of({ 'printer-state': '5' })).toBe('offline');
  });
});
