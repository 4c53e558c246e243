import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * An emulated thermal printer: it records what it is sent and answers status requests as a
 * printer in the chosen state would, or not at all when hung. Its personality is the command set
 * it understands: `epson` answers ESC/POS real-time status (`DLE EOT n`, one byte each); `star`
 * answers only Star Line Mode's `ESC ACK SOH` with a 9-byte automatic status, as Star's "STAR
 * Line Mode Command Specifications" lays it out, and takes `DLE EOT` as data like a Star does.
 */
export type FakeState = 'ok' | 'paper_near_end' | 'paper_out' | 'cover_open' | 'offline' | 'hung';
export type Personality = 'epson' | 'star';

export class FakePrinterEngine {
  state: FakeState = 'ok';
  personality: Personality = 'epson';
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

  /**
   * Star's automatic status: header 1 (`0x23`: 9 bytes), header 2 (version), printer status
   * (bit 5 cover open, bit 3 offline), two bytes of error information, sensor information (bit 3
   * paper end, bit 2 near end), a second sensor byte, the ETB counter and the presenter byte.
   */
  starStatus(): number[] {
    const s = this.state;
    const offline = s === 'offline' || s === 'paper_out' || s === 'cover_open';
    const printer = (s === 'cover_open' ? 0x20 : 0) | (offline ? 0x08 : 0);
    const sensor = s === 'paper_out' ? 0x0c : s === 'paper_near_end' ? 0x04 : 0;
    return [0x23, 0x06, printer, 0x00, 0x00, sensor, 0x00, 0x00, 0x00];
  }

  private receive(chunk: Buffer, answer: (byte: number) => void): void {
    if (this.personality === 'star') {
      this.receiveStar(chunk, answer);
      return;
    }
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
    this.take(data);
  }

  /** Star: `ESC ACK SOH` is answered at once; every other byte (`DLE EOT` too) is data. */
  private receiveStar(chunk: Buffer, answer: (byte: number) => void): void {
    const data = Buffer.concat([this.pending, chunk]);
    this.pending = Buffer.alloc(0);
    const out: number[] = [];
    for (let i = 0; i < data.length; i++) {
      const b = data[i] ?? 0;
      if (b === 0x1b && (data[i + 1] === undefined || data[i + 1] === 0x06)) {
        const third = data[i + 2];
        if (third === undefined) {
          // Possibly a request split across two chunks: wait for its end.
          this.pending = data.subarray(i);
          break;
        }
        if (data[i + 1] === 0x06 && third === 0x01) {
          this.queries.push(0x01);
          if (this.state !== 'hung') for (const byte of this.starStatus()) answer(byte);
          i += 2;
          continue;
        }
      }
      out.push(b);
    }
    this.take(Buffer.from(out));
  }

  private take(data: Buffer): void {
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

  static async start(personality: Personality = 'epson'): Promise<FakeTcpPrinter> {
    const server = createServer();
    const printer = new FakeTcpPrinter(server);
    printer.personality = personality;
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
