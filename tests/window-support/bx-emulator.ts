import { createServer, type Server, type Socket } from 'node:net';
import { decodeGb2312 } from '../../apps/window-terminal/src/main/serial/gb2312.js';

/*
 * An Onbon BX-5K/6K controller, emulated from the protocol's description (docs/HARDWARE.md),
 * not from the terminal's encoder: it finds each frame (A5 preamble … 5A), undoes the escapes,
 * checks the CRC-16 over header and data, and reads the dynamic area back into what the screen
 * would show. A frame with a bad CRC or a wrong length is counted, never shown.
 *
 * Frames with the 16-byte header of Onbon's F0 documents (protocol version F0 where the K-series
 * header has a reserved zero) carry the brightness command (A2 07): read back as the level set.
 */

export interface BxShown {
  address: number;
  text: string;
  displayMode: number;
  speed: number;
  stay: number;
  width: number;
  height: number;
}

const u16 = (b: Buffer, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);

function crcArc(bytes: Buffer): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

function unescape(bytes: Buffer): Buffer | null {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b === 0xa6 || b === 0x5b) {
      const next = bytes[++i];
      if (next === 0x01) out.push(b);
      else if (next === 0x02) out.push(b === 0xa6 ? 0xa5 : 0x5a);
      else return null;
    } else out.push(b);
  }
  return Buffer.from(out);
}

export interface BxBrightness {
  address: number;
  /** 0 (dimmest) to 15: the one level of all 48 half hours (manual mode). */
  level: number;
}

export class BxScreen {
  readonly shown: BxShown[] = [];
  readonly brightness: BxBrightness[] = [];
  bad = 0;
  private pending = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (;;) {
      const start = this.pending.indexOf(0xa5);
      if (start < 0) {
        this.pending = Buffer.alloc(0);
        return;
      }
      let body = start;
      while (this.pending[body] === 0xa5) body++;
      const end = this.pending.indexOf(0x5a, body);
      if (end < 0) {
        this.pending = this.pending.subarray(start);
        return;
      }
      this.frame(this.pending.subarray(body, end));
      this.pending = this.pending.subarray(end + 1);
    }
  }

  private frame(escaped: Buffer): void {
    const raw = unescape(escaped);
    if (raw === null || raw.length < 16) {
      this.bad++;
      return;
    }
    if (raw[4] === 0xf0) {
      this.frameF0(raw);
      return;
    }
    const dataLen = u16(raw, 12);
    if (
      raw.length !== 14 + dataLen + 2 ||
      crcArc(raw.subarray(0, -2)) !== u16(raw, raw.length - 2)
    ) {
      this.bad++;
      return;
    }
    const data = raw.subarray(14, 14 + dataLen);
    if (data[0] !== 0xa3 || data[1] !== 0x06 || data[6] !== 1) {
      this.bad++;
      return;
    }
    const area = data.subarray(9, 9 + u16(data, 7));
    const textLen = u16(area, 23);
    this.shown.push({
      address: u16(raw, 0),
      width: u16(area, 5),
      height: u16(area, 7),
      displayMode: area[19] ?? -1,
      speed: area[21] ?? -1,
      stay: area[22] ?? -1,
      text: decodeGb2312(area.subarray(27, 27 + textLen)),
    });
  }

  /** 16-byte header: destination, source, F0, reserved, device type, 4 reserved, length (4). */
  private frameF0(raw: Buffer): void {
    const dataLen = u16(raw, 12) + u16(raw, 14) * 0x10000;
    if (
      raw.length !== 16 + dataLen + 2 ||
      crcArc(raw.subarray(0, -2)) !== u16(raw, raw.length - 2)
    ) {
      this.bad++;
      return;
    }
    const data = raw.subarray(16, 16 + dataLen);
    const levels = [...data.subarray(6)];
    const level = levels[0] ?? -1;
    if (
      data[0] !== 0x01 ||
      data[1] !== 0xa2 ||
      data[2] !== 0x07 ||
      u16(data, 3) !== 49 ||
      data[5] !== 0x00 ||
      levels.length !== 48 ||
      levels.some((l) => l !== level || l > 15)
    ) {
      this.bad++;
      return;
    }
    this.brightness.push({ address: u16(raw, 0), level });
  }

  get last(): BxShown | undefined {
    return this.shown.at(-1);
  }
}

/** A network BX controller on 127.0.0.1: each connection's frames go to `screen`. */
export async function bxTcpController(
  screen: BxScreen,
): Promise<{ port: number; server: Server; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk: Buffer) => screen.push(chunk));
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, server, sockets };
}
