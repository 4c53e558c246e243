import type { LedContent, PadDisplay } from '../../shared/preload-api.js';
import { encodeGb2312 } from './gb2312.js';
import type { KeypadKey, PadPress } from './keypad.js';
import { onbonBx5kProtocol } from './onbon-bx5k.js';

/*
 * Framing adapters: what the LED window screen is sent and what a call pad's bytes mean, one per
 * device model family. docs/HARDWARE.md describes both byte for byte.
 *
 * - `line`: the default. ASCII lines ending in LF (CR before it is ignored).
 * - `frame68`: the binary frames common on hall hardware:
 *   FF 68 | address | command | length | data (length bytes) | checksum | 16
 *   where checksum = (address + command + length + data bytes) mod 256.
 *
 * Decoders never act on anything doubtful: garbage bytes, partial frames and bad checksums are
 * dropped and counted.
 */

export type ProtocolName = 'line' | 'frame68' | 'onbon-bx5k';
export const PROTOCOL_NAMES = [
  'line',
  'frame68',
  'onbon-bx5k',
] as const satisfies readonly ProtocolName[];

/** How a screen that shows words is set up (ignored by the number-only protocols). */
export interface LedOptions {
  lang: 'zh' | 'en';
  /** The screen's size in dots. */
  width: number;
  height: number;
  /** Move the text left: always, never, or when it is wider than the screen. */
  scroll: 'auto' | 'always' | 'never';
  /** The controller's speed level for moving text. */
  speed: number;
  /**
   * The screen's brightness, 0 (dimmest) to 15, sent after each connect by the protocols that
   * have a brightness command; absent: left to the controller (its own timed or sensor setting).
   */
  brightness?: number | undefined;
}

/** A 128 × 32 screen in Chinese, moving only what does not fit. */
export const DEFAULT_LED_OPTIONS: LedOptions = {
  lang: 'zh',
  width: 128,
  height: 32,
  scroll: 'auto',
  speed: 4,
};

/** What a decoder has seen since it was made. */
export interface DecodeCounters {
  /** Messages decoded and handed on. */
  ok: number;
  /** Bytes skipped while looking for the start of a message. */
  garbageBytes: number;
  /** Messages that started but were cut off, too long or malformed. */
  partial: number;
  /** Frames whose checksum did not match (frame68 only). */
  badChecksum: number;
  /** Well-formed messages that mean nothing to us (unknown key, another address). */
  ignored: number;
}

export interface Decoder {
  /** Feeds received bytes; returns the key presses they completed, in order. */
  push(chunk: Uint8Array): PadPress[];
  /** The line went quiet: whatever is half received is dropped (and counted). */
  flush(): void;
  readonly counters: DecodeCounters;
}

export interface Protocol {
  readonly name: ProtocolName;
  /** The bytes that make the LED screen show `content`. */
  encodeLed(content: LedContent, address: number, options?: LedOptions): Uint8Array;
  /** The bytes that set the screen's brightness (0–15), for controllers that take one. */
  encodeBrightness?(level: number, address: number): Uint8Array;
  /** The bytes that make the pad's own display show `display`. */
  encodePad(display: PadDisplay, address: number): Uint8Array;
  createDecoder(address: number): Decoder;
}

const newCounters = (): DecodeCounters => ({
  ok: 0,
  garbageBytes: 0,
  partial: 0,
  badChecksum: 0,
  ignored: 0,
});

/** Anything not acted on: what the status reports as bad. */
export function badCount(c: DecodeCounters): number {
  return c.garbageBytes + c.partial + c.badChecksum;
}

// ---- line ------------------------------------------------------------------------------------

/** Longest line a pad sends; anything longer is garbage. */
export const MAX_LINE = 64;

const LINE_KEYS: Record<string, PadPress> = {
  NEXT: 'next',
  RECALL: 'recall',
  PAUSE: 'pause',
  FINISH: 'finish',
  NOSHOW: 'noshow',
  TRANSFER: 'transfer',
  STAR: '*',
  HASH: '#',
  ...Object.fromEntries([...'0123456789'].map((d) => [d, d])),
  RATE1: 'rate1',
  RATE2: 'rate2',
  RATE3: 'rate3',
  RATE4: 'rate4',
  RATE5: 'rate5',
};

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0x7f);

/** Ticket numbers are capital letters and digits; anything else never reaches a device. */
const safeNumber = (number: string): string => number.replace(/[^A-Z0-9]/g, '').slice(0, 8);

export const lineProtocol: Protocol = {
  name: 'line',
  encodeLed(content) {
    switch (content.kind) {
      case 'call':
        return ascii(`CALL ${safeNumber(content.number)}\r\n`);
      case 'paused':
        return ascii('PAUSED\r\n');
      case 'closed':
        return ascii('CLOSED\r\n');
      case 'idle':
        return ascii('IDLE\r\n');
    }
  },
  encodePad(display) {
    // A line pad's display shows ASCII only: the refusal's code (`MSG NO_TICKET`); `MSG` clears.
    switch (display.kind) {
      case 'refused':
        return ascii(
          `MSG ${display.code
            .toUpperCase()
            .replace(/[^A-Z0-9_]/g, '')
            .slice(0, 40)}\r\n`,
        );
      case 'clear':
        return ascii('MSG\r\n');
    }
  },
  createDecoder() {
    const counters = newCounters();
    let line: number[] = [];
    let overlong = false;
    const finishLine = (): PadPress | null => {
      const bytes = line;
      line = [];
      if (overlong) {
        overlong = false;
        counters.partial++;
        return null;
      }
      if (bytes.length === 0) return null;
      if (bytes.some((b) => b < 0x20 || b > 0x7e)) {
        counters.garbageBytes += bytes.length;
        return null;
      }
      const text = String.fromCharCode(...bytes).trim();
      if (text === 'OK') return null;
      const match = /^KEY ([A-Z0-9]+)$/.exec(text);
      if (match === null) {
        counters.garbageBytes += bytes.length;
        return null;
      }
      const key = LINE_KEYS[match[1] ?? ''];
      if (key === undefined) {
        counters.ignored++;
        return null;
      }
      counters.ok++;
      return key;
    };
    return {
      counters,
      push(chunk) {
        const keys: PadPress[] = [];
        for (const byte of chunk) {
          if (byte === 0x0a) {
            const key = finishLine();
            if (key !== null) keys.push(key);
          } else if (byte === 0x0d) {
            continue;
          } else if (line.length >= MAX_LINE) {
            overlong = true;
          } else {
            line.push(byte);
          }
        }
        return keys;
      },
      flush() {
        if (line.length > 0 || overlong) counters.partial++;
        line = [];
        overlong = false;
      },
    };
  },
};

// ---- frame68 ---------------------------------------------------------------------------------

export const FRAME_HEAD = [0xff, 0x68] as const;
export const FRAME_TAIL = 0x16;
/** Longest data a frame carries; a longer length byte means we are not in a frame. */
export const MAX_FRAME_DATA = 32;
/** Frames to this address reach every device on the line. */
export const BROADCAST = 0xff;

/** Commands of frame68, both directions. */
export const CMD = {
  /** To the LED: show "请 {number} 号"; data: the number in ASCII. */
  ledCall: 0x01,
  /** To the LED: show the window paused (暂停服务). */
  ledPaused: 0x02,
  /** To the LED: show the window closed (暂停办理 / 未开放). */
  ledClosed: 0x03,
  /** To the LED: clear (the window's idle text). */
  ledIdle: 0x04,
  /** From the pad: a key; data: one key code. */
  padKey: 0x10,
  /** To the pad's display: GB2312 text (at most 32 bytes); no data clears it. */
  padShow: 0x20,
} as const;

/** Key codes: the actions, the rating keys, and the keypad as its ASCII (`0`–`9`, `*`, `#`). */
export const KEY_CODES: Record<PadPress, number> = {
  next: 0x01,
  recall: 0x02,
  pause: 0x03,
  finish: 0x04,
  noshow: 0x05,
  transfer: 0x06,
  ...(Object.fromEntries([...'0123456789*#'].map((k) => [k, k.charCodeAt(0)])) as Record<
    KeypadKey,
    number
  >),
  rate1: 0x11,
  rate2: 0x12,
  rate3: 0x13,
  rate4: 0x14,
  rate5: 0x15,
};
const KEY_BY_CODE = new Map<number, PadPress>(
  (Object.entries(KEY_CODES) as [PadPress, number][]).map(([k, c]) => [c, k]),
);

/** One frame: FF 68 addr cmd len data sum 16. */
export function encodeFrame(
  address: number,
  command: number,
  data: Uint8Array = new Uint8Array(),
): Uint8Array {
  if (data.length > MAX_FRAME_DATA) throw new RangeError(`frame data over ${MAX_FRAME_DATA} bytes`);
  const body = [address & 0xff, command & 0xff, data.length, ...data];
  const sum = body.reduce((a, b) => (a + b) & 0xff, 0);
  return Uint8Array.from([...FRAME_HEAD, ...body, sum, FRAME_TAIL]);
}

export const frame68Protocol: Protocol = {
  name: 'frame68',
  encodeLed(content, address) {
    switch (content.kind) {
      case 'call':
        return encodeFrame(address, CMD.ledCall, ascii(safeNumber(content.number)));
      case 'paused':
        return encodeFrame(address, CMD.ledPaused);
      case 'closed':
        return encodeFrame(address, CMD.ledClosed);
      case 'idle':
        return encodeFrame(address, CMD.ledIdle);
    }
  },
  encodePad(display, address) {
    switch (display.kind) {
      case 'refused':
        return encodeFrame(address, CMD.padShow, encodeGb2312(display.text, MAX_FRAME_DATA));
      case 'clear':
        return encodeFrame(address, CMD.padShow);
    }
  },
  createDecoder(address) {
    const counters = newCounters();
    let buf: number[] = [];

    /**
     * Decodes what it can from the front of `buf`; leaves an incomplete frame in it. Walks an
     * index and cuts `buf` once at the end: cutting it at every false header made a noisy line
     * (64 KiB of FF 68 …) cost seconds of the main process (found by tests/fuzz-devices.test.ts).
     */
    const drain = (keys: PadPress[]): void => {
      let pos = 0;
      for (;;) {
        // Find a header; what comes before it is garbage (a lone FF at the end may start one).
        let start = pos;
        while (start < buf.length) {
          if (
            buf[start] === FRAME_HEAD[0] &&
            (start + 1 >= buf.length || buf[start + 1] === FRAME_HEAD[1])
          )
            break;
          start++;
        }
        counters.garbageBytes += start - pos;
        pos = start;
        if (buf.length - pos < 5) break;
        const len = buf[pos + 4] ?? 0;
        if (len > MAX_FRAME_DATA) {
          counters.partial++;
          pos += 2;
          continue;
        }
        const total = 2 + 3 + len + 2;
        if (buf.length - pos < total) break;
        if (buf[pos + total - 1] !== FRAME_TAIL) {
          // Cut off and followed by something else: drop its header and look again.
          counters.partial++;
          pos += 2;
          continue;
        }
        let sum = 0;
        for (let i = pos + 2; i < pos + total - 2; i++) sum = (sum + (buf[i] ?? 0)) & 0xff;
        if (sum !== buf[pos + total - 2]) {
          counters.badChecksum++;
          pos += 2;
          continue;
        }
        const addr = buf[pos + 2];
        const cmd = buf[pos + 3];
        const key = len === 1 ? KEY_BY_CODE.get(buf[pos + 5] ?? -1) : undefined;
        pos += total;
        if ((addr !== address && addr !== BROADCAST) || cmd !== CMD.padKey || key === undefined) {
          counters.ignored++;
          continue;
        }
        counters.ok++;
        keys.push(key);
      }
      if (pos > 0) buf = buf.slice(pos);
    };

    return {
      counters,
      push(chunk) {
        const keys: PadPress[] = [];
        for (const byte of chunk) buf.push(byte); // no spread: a chunk may be larger than a call's arguments
        drain(keys);
        return keys;
      },
      flush() {
        if (buf.length > 0) counters.partial++;
        buf = [];
      },
    };
  },
};

/*
 * The protocols by name. A controller model is one file beside this one exporting a Protocol
 * (onbon-bx5k.ts is one), added here and to ProtocolName.
 */
export const PROTOCOLS: Record<ProtocolName, Protocol> = {
  line: lineProtocol,
  frame68: frame68Protocol,
  'onbon-bx5k': onbonBx5kProtocol,
};
