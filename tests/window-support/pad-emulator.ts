import {
  CMD,
  encodeFrame,
  FRAME_HEAD,
  FRAME_TAIL,
  KEY_CODES,
} from '../../apps/window-terminal/src/main/serial/protocols.js';
import { decodeGb2312 } from '../../apps/window-terminal/src/main/serial/gb2312.js';
import type { PadPress } from '../../apps/window-terminal/src/main/serial/keypad.js';
import type { FarEnd } from './serial-pair.js';

/*
 * A frame68 call pad with a display (and the LED on the same line), emulated on the far end of
 * a serial pair: it presses keys as frames and decodes what the terminal sends back, as
 * docs/HARDWARE.md describes the frames (written from the document, not from the encoder).
 */

export interface Frame68 {
  address: number;
  command: number;
  data: Buffer;
}

/** Every whole, well-formed frame in `bytes` (a test's own reading of the format). */
export function frames68(bytes: Buffer): Frame68[] {
  const out: Frame68[] = [];
  let i = 0;
  while (i + 6 < bytes.length + 1) {
    if (bytes[i] !== FRAME_HEAD[0] || bytes[i + 1] !== FRAME_HEAD[1]) {
      i++;
      continue;
    }
    const len = bytes[i + 4] ?? 0;
    const end = i + 7 + len;
    if (end > bytes.length) break;
    const body = bytes.subarray(i + 2, i + 5 + len);
    const sum = body.reduce((a, b) => (a + b) & 0xff, 0);
    if (bytes[end - 2] === sum && bytes[end - 1] === FRAME_TAIL) {
      out.push({
        address: body[0] ?? 0,
        command: body[1] ?? 0,
        data: Buffer.from(body.subarray(3)),
      });
      i = end;
    } else i++;
  }
  return out;
}

export class PadEmulator {
  constructor(
    private readonly line: FarEnd,
    private readonly address = 1,
  ) {}

  press(...keys: PadPress[]): Promise<void> {
    return this.line.write(
      Buffer.concat(
        keys.map((k) => encodeFrame(this.address, CMD.padKey, Uint8Array.of(KEY_CODES[k]))),
      ),
    );
  }

  /** `*`, the digits, `#`, one key frame each. */
  dial(digits: string): Promise<void> {
    return this.press('*', ...([...digits] as PadPress[]), '#');
  }

  /** What the pad's display was sent, in order ('' for a clear). */
  display(): string[] {
    return frames68(this.line.received())
      .filter((f) => f.command === CMD.padShow && f.address === this.address)
      .map((f) => decodeGb2312(f.data));
  }
}
