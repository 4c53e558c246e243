import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import type { PrinterState } from '../apps/kiosk/src/shared/api.js';
import { deviceStatusOf } from '../apps/kiosk/src/shared/printer-status.js';
import { serialLink, tcpLink } from '../apps/kiosk/src/main/printer/link.js';
import { PrintService } from '../apps/kiosk/src/main/printer/service.js';
import { parseStatus } from '../apps/kiosk/src/main/printer/status.js';
import { buildTicket } from '../apps/kiosk/src/main/printer/ticket.js';
import { decode } from './kiosk-support/escpos.js';
import {
  LAYOUT,
  SHORT_TIMEOUTS as TIMEOUTS,
  STATE_CASES,
  TICKET,
} from './kiosk-support/print-fixtures.js';
import { FakePrinterEngine, FakeTcpPrinter } from './kiosk-support/fake-printer.js';
import type { PairResponse } from '@onestop/shared';
import { createDevice } from '@onestop/hub';
import { HubTestHall, waitFor } from './support/hall.js';

/** The print service against emulated printers: loopback TCP and a socat serial pair. */

describe('parseStatus', () => {
  it('reads the DLE EOT bytes, the worst state first', () => {
    const ok = { printer: 0x12, offlineCause: 0x12, paper: 0x12 };
    expect(parseStatus(ok)).toBe('ok');
    expect(parseStatus({ ...ok, paper: 0x1e })).toBe('paper_near_end');
    expect(parseStatus({ ...ok, paper: 0x72 })).toBe('paper_out');
    expect(parseStatus({ printer: 0x1a, offlineCause: 0x32, paper: 0x12 })).toBe('paper_out');
    expect(parseStatus({ printer: 0x1a, offlineCause: 0x16, paper: 0x1e })).toBe('cover_open');
    expect(parseStatus({ ...ok, printer: 0x1a })).toBe('offline');
    expect(parseStatus({ ...ok, printer: 0x00 })).toBe('not_responding');
    expect(parseStatus({ ...ok, paper: 0xff })).toBe('not_responding');
  });
});

describe('the print service over TCP', () => {
  let printer: FakeTcpPrinter;
  let service: PrintService;
  beforeEach(async () => {
    printer = await FakeTcpPrinter.start();
    service = new PrintService(tcpLink('127.0.0.1', printer.port), LAYOUT, TIMEOUTS);
  });
  afterEach(async () => {
    await printer.close();
  });

  it.each(STATE_CASES)(
    'a printer that is $state reads as $status',
    async ({ state, status, prints }) => {
      printer.state = state;
      expect(await service.status()).toBe(status);
      expect(printer.queries.slice(0, 1)).toEqual([1]);

      const result = await service.print(TICKET);
      if (prints) {
        expect(result).toEqual({ ok: true });
        expect(printer.printed.equals(buildTicket(TICKET, LAYOUT))).toBe(true);
        expect(decode(printer.printed, 'epson')).toContainEqual({ op: 'text', text: 'A001' });
      } else {
        expect(result).toMatchObject({ ok: false, state: status });
        // Nothing is sent to a printer that cannot print.
        expect(printer.printed.length).toBe(0);
      }
    },
  );

  it('reads a printer that does not listen as offline', async () => {
    await printer.close();
    expect(await service.status()).toBe('offline');
    expect(await service.print(TICKET)).toMatchObject({ ok: false, state: 'offline' });
  });

  it('sees the paper running out during the ticket', async () => {
    printer.paperOutAfterBytes = 100;
    const result = await service.print(TICKET);
    expect(result).toMatchObject({ ok: false, state: 'paper_out' });
    expect(printer.printed.length).toBeGreaterThanOrEqual(100);
  });

  it('prints one job at a time', async () => {
    const results = await Promise.all([
      service.print(TICKET),
      service.print({ ...TICKET, number: 'A002' }),
      service.status(),
    ]);
    expect(results).toEqual([{ ok: true }, { ok: true }, 'ok']);
    const numbers = decode(printer.printed, 'epson').filter(
      (op) => op.op === 'text' && /^A00\d$/.test(op.text),
    );
    expect(numbers).toEqual([
      { op: 'text', text: 'A001' },
      { op: 'text', text: 'A002' },
    ]);
  });

  it('recovers when the printer is fixed', async () => {
    printer.state = 'hung';
    expect(await service.status()).toBe('not_responding');
    printer.state = 'ok';
    expect(await service.status()).toBe('ok');
    expect(await service.print(TICKET)).toEqual({ ok: true });
  });
});

describe('the print service over a serial port', () => {
  let dir: string;
  let socat: ChildProcess;
  let fakeSide: SerialPort;
  const engine = new FakePrinterEngine();
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onestop-kiosk-serial-'));
    socat = spawn('socat', [
      `pty,raw,echo=0,link=${join(dir, 'kiosk')}`,
      `pty,raw,echo=0,link=${join(dir, 'printer')}`,
    ]);
    await waitFor(
      () => existsSync(join(dir, 'kiosk')) && existsSync(join(dir, 'printer')),
      5_000,
      'socat',
    );
    fakeSide = new SerialPort({ path: join(dir, 'printer'), baudRate: 115200 });
    await new Promise<void>((resolve) => fakeSide.once('open', () => resolve()));
    engine.attach(fakeSide);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => fakeSide.close(() => resolve()));
    socat.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints and reads the status through the port', async () => {
    const service = new PrintService(serialLink(join(dir, 'kiosk'), 115200), LAYOUT, TIMEOUTS);
    engine.state = 'paper_near_end';
    expect(await service.status()).toBe('paper_near_end');
    expect(await service.print(TICKET)).toEqual({ ok: true });
    await waitFor(() => engine.printed.length >= buildTicket(TICKET, LAYOUT).length, 5_000);
    expect(engine.printed.equals(buildTicket(TICKET, LAYOUT))).toBe(true);
    engine.state = 'cover_open';
    expect(await service.print(TICKET)).toMatchObject({ ok: false, state: 'cover_open' });
  });

  it('reads a missing port as offline', async () => {
    const service = new PrintService(serialLink(join(dir, 'nothing'), 115200), LAYOUT, TIMEOUTS);
    expect(await service.status()).toBe('offline');
  });
});

describe('the printer state at the hub', () => {
  let hall: HubTestHall;
  beforeAll(async () => {
    hall = await HubTestHall.start();
  });
  afterAll(async () => {
    await hall.close();
  });

  it.each<PrinterState>([
    'ok',
    'paper_near_end',
    'paper_out',
    'cover_open',
    'offline',
    'not_responding',
  ])('records a kiosk reporting %s', async (state) => {
    const { pairingCode } = createDevice(
      hall.hub.store,
      hall.hub.config,
      { kind: 'kiosk', name: `kiosk ${state}`, windowId: null },
      hall.hub.now(),
    );
    const paired = await hall.post<PairResponse>('/api/pair', { code: pairingCode });
    const kiosk = await hall.client('kiosk', paired.body.token);
    const sent = await kiosk.command('device_status', deviceStatusOf(state));
    expect(sent.ok).toBe(true);
    const device = hall.hub.store.device(paired.body.deviceId);
    expect(device?.status).toEqual(deviceStatusOf(state));
    expect(device?.kind).toBe('kiosk');
  });
});
