import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * An emulated thermal printer: it records what it is sent and answers the real-time status
 * queries (DLE EOT n) as a printer in the chosen state would, or not at all when hung.
 */
export type FakeState = 'ok' | 'paper_near_end' | 'paper_out' | 'cover_open' | 'offline' | 'hung';

export class FakePrinterEngine {
  state: FakeState = 'ok';
  /** Bytes received other than status queries: what would be on the paper. */
  printed: Buffer = Buffer.alloc(0);
  queries: number[] = [];
  /** When set, the paper runs out once this many bytes have been printed. */
  paperOutAfterBytes: number | null = null;
  private pending = Buffer.alloc(0);

  /** Serves one connection or port: reads what comes, answers status queries. */
  attach(stream: Duplex): void {
    stream.on('data', (chunk: Buffer) =>
      this.receive(chunk, (byte) => stream.write(Buffer.from([byte]))),
    );
    stream.on('error', () => undefined);
  }

  statusByte(n: number): number {
    const s = this.state;
    const offline = s === 'offline' || s === 'paper_out' || s === 'cover_open';
    switch (n) {
      case 1:
        return 0x12 | (offline ? 0x08 : 0);
      case 2:
        return 0x12 | (s === 'cover_open' ? 0x04 : 0) | (s === 'paper_out' ? 0x20 : 0);
      case 4:
        return 0x12 | (s === 'paper_near_end' ? 0x0c : 0) | (s === 'paper_out' ? 0x60 : 0);
      default:
        return 0x12;
    }
  }

  private receive(chunk: Buffer, answer: (byte: number) => void): void {
    let data = Buffer.concat([this.pending, chunk]);
    this.pending = Buffer.alloc(0);
    const out: number[] = [];
    for (let i = 0; i < data.length; i++) {
      const b = data[i] ?? 0;
      if (b === 0x10 && data[i + 1] === 0x04) {
        const n = data[i + 2];
        if (n === undefined) {
          // A query split across two chunks: wait for its end.
          this.pending = data.subarray(i);
          break;
        }
        this.queries.push(n);
        if (this.state !== 'hung') answer(this.statusByte(n));
        i += 2;
        continue;
      }
      out.push(b);
    }
    data = Buffer.from(out);
    this.printed = Buffer.concat([this.printed, data]);
    if (this.paperOutAfterBytes !== null && this.printed.length >= this.paperOutAfterBytes) {
      this.state = 'paper_out';
    }
  }
}

/** The emulated printer on a loopback TCP port, like a network printer on 9100. */
export class FakeTcpPrinter extends FakePrinterEngine {
  private readonly sockets = new Set<Socket>();
  private constructor(private readonly server: Server) {
    super();
  }

  static async start(): Promise<FakeTcpPrinter> {
    const server = createServer();
    const printer = new FakeTcpPrinter(server);
    server.on('connection', (socket) => {
      printer.sockets.add(socket);
      socket.on('close', () => printer.sockets.delete(socket));
      printer.attach(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return printer;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
