import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PrintableTicket } from '../apps/kiosk/src/shared/api.js';
import { serialLink, tcpLink } from '../apps/kiosk/src/main/printer/link.js';
import { PrintService } from '../apps/kiosk/src/main/printer/service.js';
import { buildTicket } from '../apps/kiosk/src/main/printer/ticket.js';
import { decode } from './kiosk-support/escpos.js';
import { LAYOUT, SHORT_TIMEOUTS as TIMEOUTS } from './kiosk-support/print-fixtures.js';
import { FakePrinterEngine } from './kiosk-support/fake-printer.js';
import { HubTestHall, waitFor } from './support/hall.js';

/*
 * Printer faults during a print, against emulated printers (loopback TCP, a socat serial
 * pair): a printer that hangs, drops the connection or goes offline in the middle of a ticket,
 * and a serial printer unplugged and plugged in again. The ticket was acknowledged by the hub
 * before it was printed: a failed print loses nothing, and it prints again once the printer is
 * back. (tests/kiosk-printer.test.ts has the states before a print and paper out during one;
 * the kiosk's screens for a failed print are in apps/kiosk/src/renderer/Kiosk.test.tsx.)
 */

type Fault = 'hang' | 'disconnect' | 'offline';

/** An emulated TCP printer that fails in `fault`'s way once `afterBytes` of a ticket came. */
class FaultyTcpPrinter extends FakePrinterEngine {
  fault: Fault | null = null;
  afterBytes = 100;
  private readonly sockets = new Set<Socket>();
  private constructor(private readonly server: Server) {
    super();
  }

  static async start(): Promise<FaultyTcpPrinter> {
    const server = createServer();
    const printer = new FaultyTcpPrinter(server);
    server.on('connection', (socket) => {
      printer.sockets.add(socket);
      socket.on('close', () => printer.sockets.delete(socket));
      printer.attach(socket);
      // After the engine has taken the chunk in: fail once enough of the ticket came.
      socket.on('data', () => {
        if (printer.fault === null || printer.printed.length < printer.afterBytes) return;
        if (printer.fault === 'hang') printer.state = 'hung';
        else if (printer.fault === 'offline') printer.state = 'offline';
        else socket.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return printer;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Fixed: prints again from a clean slate. */
  repair(): void {
    this.fault = null;
    this.state = 'ok';
    this.printed = Buffer.alloc(0);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let hall: HubTestHall;
beforeAll(async () => {
  hall = await HubTestHall.start();
});
afterAll(async () => {
  await hall.close();
});

/** Issues a ticket at the hub, as the kiosk does before it prints; what the printer gets. */
async function issued(serviceId: string): Promise<{ id: string; printable: PrintableTicket }> {
  const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
  const r = await kiosk.command('issue_ticket', {
    itinerary: [{ serviceIds: [serviceId] }],
    class: 'normal',
  });
  if (!r.ok) throw new Error(`issue_ticket: ${r.error.code}`);
  const { ticket } = r.result;
  const service = hall.hub.config.services.find((s) => s.id === serviceId);
  if (!service) throw new Error(`no service ${serviceId}`);
  return {
    id: ticket.id,
    printable: {
      hall: hall.hub.config.hall.name,
      notice: { zh: '请携带身份证件', en: 'Please bring your ID card' },
      number: ticket.number,
      service: service.name,
      priority: false,
      peopleAhead: 0,
      estimateMinutes: 5,
      issuedAt: ticket.issuedAt,
      statusUrl: `${hall.url}/t/${ticket.accessToken}`,
    },
  };
}

function numbersPrinted(bytes: Buffer): string[] {
  return decode(bytes, 'epson').flatMap((op) =>
    op.op === 'text' && /^[A-Z]\d{3}$/.test(op.text) ? [op.text] : [],
  );
}

describe('a TCP printer failing during a ticket', () => {
  let printer: FaultyTcpPrinter;
  afterEach(async () => {
    await printer.close();
  });

  it.each<{ fault: Fault; state: string }>([
    { fault: 'hang', state: 'not_responding' },
    { fault: 'disconnect', state: 'not_responding' },
    { fault: 'offline', state: 'offline' },
  ])(
    '$fault: the print fails as $state, the acknowledged ticket stays at the hub and prints once the printer is fixed',
    async ({ fault, state }) => {
      printer = await FaultyTcpPrinter.start();
      const service = new PrintService(tcpLink('127.0.0.1', printer.port), LAYOUT, TIMEOUTS);
      const { id, printable } = await issued('tax');
      printer.fault = fault;
      const failed = await service.print(printable);
      expect(failed).toMatchObject({ ok: false, state });
      if (!failed.ok) expect(failed.message.length).toBeGreaterThan(0);
      // The ticket (or its start) reached the printer before the fault.
      expect(printer.printed.length).toBeGreaterThanOrEqual(printer.afterBytes);
      // The kiosk reads the printer as unable to print until it is fixed.
      if (fault !== 'disconnect') expect(await service.status()).toBe(state);
      // Nothing is lost: the hub still holds the ticket, waiting.
      expect(hall.hub.current.tickets.get(id)?.status).toBe('waiting');

      printer.repair();
      expect(await service.status()).toBe('ok');
      expect(await service.print(printable)).toEqual({ ok: true });
      expect(printer.printed.equals(buildTicket(printable, LAYOUT))).toBe(true);
      expect(numbersPrinted(printer.printed)).toEqual([printable.number]);
    },
  );
});

describe('a serial printer unplugged and plugged in again', () => {
  let dir: string;
  let socat: ChildProcess | null = null;
  let fakeSide: SerialPort | null = null;
  const engine = new FakePrinterEngine();

  /** Plugs the printer in: a socat pty pair, the printer answering on its side. */
  async function plug(): Promise<void> {
    const kioskPath = join(dir, 'kiosk');
    const printerPath = join(dir, 'printer');
    const child = spawn('socat', [
      `pty,raw,echo=0,link=${kioskPath}`,
      `pty,raw,echo=0,link=${printerPath}`,
    ]);
    socat = child;
    await waitFor(() => existsSync(kioskPath) && existsSync(printerPath), 5_000, 'socat');
    const port = new SerialPort({ path: printerPath, baudRate: 115200 });
    await new Promise<void>((resolve, reject) => {
      port.once('open', () => resolve());
      port.once('error', reject);
    });
    fakeSide = port;
    engine.attach(port);
  }

  /** Pulls the cable: the pty pair is gone. */
  async function unplug(): Promise<void> {
    const port = fakeSide;
    fakeSide = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    const child = socat;
    socat = null;
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      });
    }
    await waitFor(() => !existsSync(join(dir, 'kiosk')), 5_000, 'the port to go');
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'onestop-faults-printer-'));
  });
  afterAll(async () => {
    await unplug();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails as offline while unplugged and prints again once plugged back', async () => {
    await plug();
    const service = new PrintService(serialLink(join(dir, 'kiosk'), 115200), LAYOUT, TIMEOUTS);
    const first = await issued('fund');
    expect(await service.print(first.printable)).toEqual({ ok: true });
    await waitFor(() => numbersPrinted(engine.printed).length === 1, 5_000, 'the first ticket');

    await unplug();
    const second = await issued('fund');
    expect(await service.status()).toBe('offline');
    expect(await service.print(second.printable)).toMatchObject({ ok: false, state: 'offline' });
    expect(hall.hub.current.tickets.get(second.id)?.status).toBe('waiting');

    await plug();
    expect(await service.status()).toBe('ok');
    expect(await service.print(second.printable)).toEqual({ ok: true });
    await waitFor(() => numbersPrinted(engine.printed).length === 2, 5_000, 'the reprint');
    expect(numbersPrinted(engine.printed)).toEqual([
      first.printable.number,
      second.printable.number,
    ]);
  });
});
