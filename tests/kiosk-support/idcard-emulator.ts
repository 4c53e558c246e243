import { SerialPort } from 'serialport';
import {
  SamFrameReader,
  SAM_COMMANDS,
  encodeReadData,
  encodeSamAnswer,
  type IdCardText,
} from '../../apps/kiosk/src/shared/idcard-frames.js';

/*
 * A resident ID card reader's security module, emulated on the far end of a socat serial pair:
 * it answers find (20 01), select (20 02) and read (30 01) as the public description of the
 * frames says, for a card on it, none, a card taken away before the read, a read whose checksum
 * is wrong, or a reader that answers nothing at all.
 */

export type ReaderMode =
  | { kind: 'card'; text: IdCardText }
  | { kind: 'empty' }
  | { kind: 'removed_mid_read'; text: IdCardText }
  | { kind: 'bad_checksum'; text: IdCardText }
  | { kind: 'silent' };

const SW_OK = [0x00, 0x00, 0x90] as const;
const SW_FOUND = [0x00, 0x00, 0x9f] as const;
const SW_NO_CARD = [0x00, 0x00, 0x80] as const;
const SW_READ_FAILED = [0x00, 0x00, 0x41] as const;

export class IdCardEmulator {
  mode: ReaderMode = { kind: 'empty' };
  /** The commands received, as `20 01`…, in order. */
  readonly commands: string[] = [];
  private readonly frames = new SamFrameReader();

  private constructor(private readonly port: SerialPort) {
    port.on('data', (chunk: Buffer) => {
      for (const frame of this.frames.push(chunk)) {
        if (!frame.ok) {
          void this.send(encodeSamAnswer([0x00, 0x00, 0x10]));
          continue;
        }
        this.answer(frame.body[0] ?? 0, frame.body[1] ?? 0);
      }
    });
    port.on('error', () => undefined);
  }

  static async open(path: string, baudRate = 115200): Promise<IdCardEmulator> {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      port.open((err) => (err ? reject(err) : resolve())),
    );
    return new IdCardEmulator(port);
  }

  private answer(cmd: number, para: number): void {
    const hex = [cmd, para].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    this.commands.push(hex);
    const mode = this.mode;
    if (mode.kind === 'silent') return;
    const is = (c: readonly [number, number]): boolean => c[0] === cmd && c[1] === para;
    if (is(SAM_COMMANDS.findCard)) {
      void this.send(
        encodeSamAnswer(mode.kind === 'empty' ? SW_NO_CARD : SW_FOUND, new Uint8Array(8)),
      );
    } else if (is(SAM_COMMANDS.selectCard)) {
      void this.send(
        encodeSamAnswer(mode.kind === 'empty' ? SW_NO_CARD : SW_OK, new Uint8Array(8)),
      );
    } else if (is(SAM_COMMANDS.readText)) {
      switch (mode.kind) {
        case 'empty':
          void this.send(encodeSamAnswer(SW_NO_CARD));
          return;
        case 'removed_mid_read':
          void this.send(encodeSamAnswer(SW_READ_FAILED));
          return;
        case 'card':
        case 'bad_checksum': {
          const frame = encodeSamAnswer(
            SW_OK,
            encodeReadData(mode.text, new Uint8Array(1024).fill(0x5a)),
          );
          if (mode.kind === 'bad_checksum')
            frame[frame.length - 1] = (frame[frame.length - 1] ?? 0) ^ 0x01;
          void this.send(frame);
          return;
        }
      }
    } else {
      void this.send(encodeSamAnswer([0x00, 0x00, 0x21]));
    }
  }

  private send(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve) => this.port.write(bytes, () => this.port.drain(() => resolve())));
  }

  close(): Promise<void> {
    return new Promise((resolve) =>
      this.port.isOpen ? this.port.close(() => resolve()) : resolve(),
    );
  }
}
