import fc from 'fast-check';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROADCAST,
  CMD,
  encodeFrame,
  KEY_CODES,
  PROTOCOLS,
  type DecodeCounters,
  type ProtocolName,
} from '../apps/window-terminal/src/main/serial/protocols.js';
import type { PadPress } from '../apps/window-terminal/src/main/serial/keypad.js';
import { PRINTER_STATES, type PrinterState } from '../apps/kiosk/src/shared/api.js';
import { printerBlocks } from '../apps/kiosk/src/shared/printer-status.js';
import { tcpLink } from '../apps/kiosk/src/main/printer/link.js';
import { PrintService, type PrintTimeouts } from '../apps/kiosk/src/main/printer/service.js';
import { isStatusByte, parseStatus } from '../apps/kiosk/src/main/printer/status.js';
import { LAYOUT, TICKET } from './kiosk-support/print-fixtures.js';
import { fuzzBudgetMs, fuzzParameters, fuzzTimeoutMs, replayHint } from './support/fuzz.js';
import { scaled } from './support/mode.js';

/*
 * What comes back from the hall's hardware, fuzzed: the call pads' serial lines (both framings)
 * and the printers' status replies. Nothing a device sends may throw, hang or make a decoder act
 * on a doubtful message.
 */

const PAD_KEYS = Object.keys(KEY_CODES) as PadPress[];
const ADDRESS = 3;

function run<T>(label: string, arbitrary: fc.Arbitrary<T>, runs: number, check: (v: T) => void) {
  try {
    fc.assert(fc.property(arbitrary, check), fuzzParameters(label, runs, fuzzBudgetMs(20_000)));
  } catch (err) {
    throw new Error(`${replayHint(label)}\n${String(err)}`);
  }
}

/** Every key and counter after feeding `chunks` to a fresh decoder. */
function decodeAll(
  protocol: ProtocolName,
  chunks: readonly Uint8Array[],
): { keys: PadPress[]; counters: DecodeCounters } {
  const decoder = PROTOCOLS[protocol].createDecoder(ADDRESS);
  const keys = chunks.flatMap((c) => decoder.push(c));
  return { keys, counters: { ...decoder.counters } };
}

/** Splits bytes at the given cut points (a serial port delivers bytes in arbitrary chunks). */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

/** Bytes a noisy line might carry: random, or heavy in the framings' own bytes. */
const noise = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc
    .array(fc.constantFrom(0xff, 0x68, 0x16, 0x0a, 0x0d, 0x00, 0x10, 0x20, 0x41, 0x4b, 0x21), {
      maxLength: 300,
    })
    .map((a) => Uint8Array.from(a)),
);

const SERIAL_RUNS = scaled(3_000, 200_000);

describe('serial frames from a call pad', () => {
  for (const protocol of ['line', 'frame68'] as const) {
    it(
      `${protocol}: never throws, only decodes known keys, and chunking changes nothing`,
      () => {
        run(
          `serial ${protocol} chunks`,
          fc.tuple(noise, fc.array(fc.nat(), { maxLength: 20 })),
          SERIAL_RUNS,
          ([bytes, cuts]) => {
            const whole = decodeAll(protocol, [bytes]);
            const pieces = decodeAll(protocol, split(bytes, cuts));
            expect(pieces).toEqual(whole);
            for (const key of whole.keys) expect(PAD_KEYS).toContain(key);
            for (const n of Object.values(whole.counters))
              expect(Number.isInteger(n) && n >= 0).toBe(true);
            expect(whole.counters.ok).toBe(whole.keys.length);
            expect(whole.counters.garbageBytes).toBeLessThanOrEqual(bytes.length);
          },
        );
      },
      fuzzTimeoutMs(60_000),
    );
  }

  it(
    'frame68: finds every frame for this pad among noise without frame heads',
    () => {
      const frame = fc
        .tuple(fc.constantFrom(...PAD_KEYS), fc.constantFrom(ADDRESS, BROADCAST))
        .map(([key, address]) => ({
          key,
          bytes: encodeFrame(address, CMD.padKey, Uint8Array.of(KEY_CODES[key])),
        }));
      const quiet = fc.uint8Array({ maxLength: 40 }).map((b) => b.filter((x) => x !== 0xff));
      run(
        'serial frame68 among noise',
        fc.tuple(
          fc.array(fc.tuple(quiet, frame), { maxLength: 12 }),
          quiet,
          fc.array(fc.nat(), { maxLength: 10 }),
        ),
        SERIAL_RUNS,
        ([parts, tail, cuts]) => {
          const bytes = Buffer.concat([...parts.flatMap(([q, f]) => [q, f.bytes]), tail]);
          const { keys } = decodeAll('frame68', split(bytes, cuts));
          expect(keys).toEqual(parts.map(([, f]) => f.key));
        },
      );
    },
    fuzzTimeoutMs(60_000),
  );

  it(
    'line: finds every key line among lines of noise',
    () => {
      const LINE: Record<PadPress, string> = {
        next: 'NEXT',
        recall: 'RECALL',
        pause: 'PAUSE',
        finish: 'FINISH',
        noshow: 'NOSHOW',
        transfer: 'TRANSFER',
        ...(Object.fromEntries([...'0123456789'].map((d) => [d, d])) as Record<
          '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9',
          string
        >),
        '*': 'STAR',
        '#': 'HASH',
        rate1: 'RATE1',
        rate2: 'RATE2',
        rate3: 'RATE3',
        rate4: 'RATE4',
        rate5: 'RATE5',
      };
      const keyLine = fc
        .constantFrom(...PAD_KEYS)
        .map((key) => ({ key, bytes: Buffer.from(`KEY ${LINE[key]}\r\n`) }));
      const noiseLine = fc
        .uint8Array({ maxLength: 100 })
        .map((b) => Buffer.concat([Buffer.from(b.filter((x) => x !== 0x0a)), Buffer.from('\n')]))
        .filter((b) => !/KEY/.test(b.toString('latin1')));
      run(
        'serial line among noise',
        fc.tuple(
          fc.array(fc.tuple(noiseLine, keyLine), { maxLength: 12 }),
          fc.array(fc.nat(), { maxLength: 10 }),
        ),
        SERIAL_RUNS,
        ([parts, cuts]) => {
          const bytes = Buffer.concat(parts.flatMap(([n, k]) => [n, k.bytes]));
          const { keys } = decodeAll('line', split(bytes, cuts));
          expect(keys).toEqual(parts.map(([, k]) => k.key));
        },
      );
    },
    fuzzTimeoutMs(60_000),
  );

  it('decodes a whole 64 KiB read of noise in one go (a serial read can be that large)', () => {
    for (const fill of [[0xff, 0x68], [0xff], [0x41], [0xff, 0x68, 0x03, 0x10, 0x21]]) {
      const bytes = new Uint8Array(256 * 1024).map((_, i) => fill[i % fill.length] ?? 0);
      for (const protocol of ['line', 'frame68'] as const) {
        const decoder = PROTOCOLS[protocol].createDecoder(ADDRESS);
        expect(decoder.push(bytes)).toEqual([]);
        decoder.flush();
      }
    }
  });
});

// ---- printer status replies ------------------------------------------------------------------

describe('status replies from a printer', () => {
  const STATES: ReadonlySet<string> = new Set(PRINTER_STATES);

  it(
    'parseStatus: any three bytes give a known state, noise gives not_responding',
    () => {
      run(
        'printer parseStatus',
        fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)),
        scaled(20_000, 1_000_000),
        ([printer, offlineCause, paper]) => {
          const state = parseStatus({ printer, offlineCause, paper });
          expect(STATES.has(state)).toBe(true);
          const noisy = ![printer, offlineCause, paper].every(isStatusByte);
          expect(state === 'not_responding').toBe(noisy);
        },
      );
    },
    fuzzTimeoutMs(60_000),
  );

  /**
   * A printer on loopback TCP that answers each DLE EOT query with the next scripted reply
   * (one byte, several, or any byte at all) and counts every other byte as ticket data.
   */
  class ScriptedPrinter {
    script: Uint8Array[] = [];
    ticketBytes = 0;
    private constructor(
      private readonly server: Server,
      readonly port: number,
    ) {}

    static async start(): Promise<ScriptedPrinter> {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const printer = new ScriptedPrinter(server, (server.address() as AddressInfo).port);
      server.on('connection', (socket) => printer.serve(socket));
      return printer;
    }

    private serve(socket: Socket): void {
      let pending: number[] = [];
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        pending.push(...chunk);
        for (;;) {
          const at = pending.findIndex((b, i) => b === 0x10 && pending[i + 1] === 0x04);
          if (at < 0 || at + 2 >= pending.length) break;
          this.ticketBytes += at;
          pending = pending.slice(at + 3);
          const reply = this.script.shift();
          if (reply && reply.length > 0) socket.write(reply);
        }
        if (!pending.includes(0x10)) {
          this.ticketBytes += pending.length;
          pending = [];
        }
      });
    }

    close(): Promise<void> {
      return new Promise((resolve) => this.server.close(() => resolve()));
    }
  }

  // Fuzzed replies always carry a byte, so no query waits: a slow machine cannot change a result.
  const TIMEOUTS: PrintTimeouts = { connectMs: 5_000, statusMs: 5_000, writeMs: 5_000 };
  let printer: ScriptedPrinter;
  beforeAll(async () => {
    printer = await ScriptedPrinter.start();
  });
  afterAll(async () => {
    await printer.close();
  });

  const statusByte = fc.oneof(
    fc.nat(255).map((b) => (b & ~0x93) | 0x12), // a well-formed status byte
    fc.nat(255),
  );
  const reply = fc.oneof(
    { weight: 4, arbitrary: statusByte.map((b) => Uint8Array.of(b)) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 2, maxLength: 4 }) },
  );

  it(
    'the print service reads any reply as a known state and prints only when it may',
    async () => {
      const service = new PrintService(tcpLink('127.0.0.1', printer.port), LAYOUT, TIMEOUTS);
      const label = 'printer replies over TCP';
      const ticket = {
        ...TICKET,
        hall: { zh: '大厅', en: 'Hall' },
        notice: { zh: '', en: '' },
        peopleAhead: 0,
        estimateMinutes: 0,
      };
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.array(reply, { minLength: 6, maxLength: 6 }),
            fc.boolean(),
            async (replies, print) => {
              printer.script = replies.map((r) => r.slice());
              printer.ticketBytes = 0;
              const single = replies.slice(0, 3).every((r) => r.length === 1);
              if (!print) {
                const state: PrinterState = await service.status();
                expect(STATES.has(state)).toBe(true);
                if (single) {
                  const [p, o, q] = replies.map((r) => r[0] ?? 0);
                  expect(state).toBe(
                    parseStatus({ printer: p ?? 0, offlineCause: o ?? 0, paper: q ?? 0 }),
                  );
                }
                return;
              }
              const result = await service.print(ticket);
              if (!result.ok) expect(STATES.has(result.state)).toBe(true);
              if (single) {
                const [p, o, q] = replies.map((r) => r[0] ?? 0);
                const before = parseStatus({
                  printer: p ?? 0,
                  offlineCause: o ?? 0,
                  paper: q ?? 0,
                });
                // A printer that says it cannot print gets no ticket.
                if (printerBlocks(before))
                  expect([result.ok, printer.ticketBytes]).toEqual([false, 0]);
              }
            },
          ),
          fuzzParameters(label, scaled(150, 5_000), fuzzBudgetMs(30_000)),
        );
      } catch (err) {
        throw new Error(`${replayHint(label)}\n${String(err)}`);
      }
    },
    fuzzTimeoutMs(120_000),
  );

  it('a printer that answers nothing, or half, is not_responding and gets no ticket', async () => {
    const service = new PrintService(tcpLink('127.0.0.1', printer.port), LAYOUT, {
      ...TIMEOUTS,
      statusMs: 200,
    });
    for (const script of [[], [Uint8Array.of(0x12)], [Uint8Array.of(0x12), Uint8Array.of(0x12)]]) {
      printer.script = script;
      printer.ticketBytes = 0;
      expect(await service.status()).toBe('not_responding');
    }
  });
});
