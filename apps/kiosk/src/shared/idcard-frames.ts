/*
 * The frames of the resident ID card reader's security module (the SAM every second-generation
 * ID card reader carries), over a serial line. Pure: bytes in, bytes and fields out.
 *
 * A request:  AA AA AA 96 69 | LEN (2, big-endian) | CMD | PARA | DATA... | CHK
 * An answer:  AA AA AA 96 69 | LEN (2, big-endian) | SW1 | SW2 | SW3 | DATA... | CHK
 * LEN counts every byte after itself (CMD..CHK, or SW1..CHK); CHK is the XOR of the LEN bytes
 * and every byte after them up to CHK. The first three bytes synchronise, `96 69` starts a frame.
 */

export const SAM_PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);

/** The commands a kiosk sends: command and parameter bytes. */
export const SAM_COMMANDS = {
  /** 寻找证/卡: is a card on the reader? */
  findCard: [0x20, 0x01],
  /** 选取证/卡: select the card found. */
  selectCard: [0x20, 0x02],
  /** 读基本信息: the 256-byte text block and the 1024-byte photo. */
  readText: [0x30, 0x01],
  /** 状态检测: is the module there and well. */
  status: [0x11, 0xff],
} as const satisfies Record<string, readonly [number, number]>;
export type SamCommand = keyof typeof SAM_COMMANDS;

/**
 * The module's status (SW3, with SW1 SW2 00 00 for those that say so): what each means to the
 * kiosk. Codes not listed here are `unknown`.
 */
export type SamStatus =
  | 'ok' // 00 00 90
  | 'card_found' // 00 00 9F
  | 'no_card' // 00 00 80: finding a card failed
  | 'select_failed' // xx xx 81
  | 'read_failed' // xx xx 41
  | 'checksum_error' // 00 00 10: the module got a frame with a wrong checksum
  | 'length_error' // 00 00 11
  | 'command_error' // 00 00 21
  | 'auth_failed' // 31, 32, 33: the card and the module did not authenticate each other
  | 'wrong_card' // 00 00 40
  | 'self_test_failed' // 00 00 60
  | 'not_authorised' // 00 00 66
  | 'unknown';

export function samStatusOf(sw3: number): SamStatus {
  switch (sw3) {
    case 0x90:
      return 'ok';
    case 0x9f:
      return 'card_found';
    case 0x80:
      return 'no_card';
    case 0x81:
      return 'select_failed';
    case 0x41:
      return 'read_failed';
    case 0x10:
      return 'checksum_error';
    case 0x11:
      return 'length_error';
    case 0x21:
      return 'command_error';
    case 0x31:
    case 0x32:
    case 0x33:
      return 'auth_failed';
    case 0x40:
      return 'wrong_card';
    case 0x60:
      return 'self_test_failed';
    case 0x66:
      return 'not_authorised';
    default:
      return 'unknown';
  }
}

function xor(bytes: Uint8Array): number {
  let sum = 0;
  for (const b of bytes) sum ^= b;
  return sum;
}

/** One frame: the preamble, the length, `body` (command and parameter, or the status bytes, and the data) and the checksum. */
export function encodeSamFrame(body: Uint8Array): Uint8Array {
  const len = body.length + 1;
  if (len > 0xffff) throw new RangeError(`a frame's body of ${body.length} bytes is too long`);
  const out = new Uint8Array(SAM_PREAMBLE.length + 2 + len);
  out.set(SAM_PREAMBLE, 0);
  out[5] = len >> 8;
  out[6] = len & 0xff;
  out.set(body, 7);
  out[out.length - 1] = xor(out.subarray(5, out.length - 1));
  return out;
}

/** A request to the module. */
export function encodeSamCommand(
  command: SamCommand,
  data: Uint8Array = new Uint8Array(),
): Uint8Array {
  const [cmd, para] = SAM_COMMANDS[command];
  const body = new Uint8Array(2 + data.length);
  body[0] = cmd;
  body[1] = para;
  body.set(data, 2);
  return encodeSamFrame(body);
}

/** An answer of the module (the emulator's side). */
export function encodeSamAnswer(
  sw: readonly [number, number, number],
  data: Uint8Array = new Uint8Array(),
): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body.set(sw, 0);
  body.set(data, 3);
  return encodeSamFrame(body);
}

/** A whole frame, checked: its body (after the length, before the checksum). */
export type SamFrame = { ok: true; body: Uint8Array } | { ok: false; reason: 'checksum' };

/**
 * Reads frames out of a byte stream as it comes, a chunk at a time: bytes before a preamble
 * are skipped, a frame with a wrong checksum is reported as such (and dropped).
 */
export class SamFrameReader {
  private buffer = new Uint8Array();
  /** Bytes skipped while looking for a preamble. */
  skipped = 0;

  push(chunk: Uint8Array): SamFrame[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    this.buffer = joined;
    const out: SamFrame[] = [];
    for (;;) {
      const start = findPreamble(this.buffer);
      if (start < 0) {
        // Keep what could still be the start of a preamble.
        const keep = Math.min(this.buffer.length, SAM_PREAMBLE.length - 1);
        this.skipped += this.buffer.length - keep;
        this.buffer = this.buffer.slice(this.buffer.length - keep);
        return out;
      }
      this.skipped += start;
      this.buffer = this.buffer.slice(start);
      if (this.buffer.length < 7) return out;
      const len = ((this.buffer[5] ?? 0) << 8) | (this.buffer[6] ?? 0);
      if (len < 2) {
        // Not a frame: look for the next preamble after this one.
        this.skipped += 1;
        this.buffer = this.buffer.slice(1);
        continue;
      }
      if (this.buffer.length < 7 + len) return out;
      const frame = this.buffer.subarray(0, 7 + len);
      const sum = xor(frame.subarray(5, frame.length - 1));
      out.push(
        sum === frame[frame.length - 1]
          ? { ok: true, body: frame.slice(7, frame.length - 1) }
          : { ok: false, reason: 'checksum' },
      );
      this.buffer = this.buffer.slice(7 + len);
    }
  }

  /** Forgets a half-received frame (a new exchange starts). */
  reset(): void {
    this.buffer = new Uint8Array();
  }
}

function findPreamble(bytes: Uint8Array): number {
  outer: for (let i = 0; i + SAM_PREAMBLE.length <= bytes.length; i++) {
    for (let j = 0; j < SAM_PREAMBLE.length; j++)
      if (bytes[i + j] !== SAM_PREAMBLE[j]) continue outer;
    return i;
  }
  return -1;
}

/** An answer's body: the status bytes and the data. */
export interface SamAnswer {
  sw1: number;
  sw2: number;
  sw3: number;
  status: SamStatus;
  data: Uint8Array;
}

export function parseSamAnswer(body: Uint8Array): SamAnswer | null {
  if (body.length < 3) return null;
  const [sw1 = 0, sw2 = 0, sw3 = 0] = body;
  return { sw1, sw2, sw3, status: samStatusOf(sw3), data: body.slice(3) };
}

// ---- the card's data ---------------------------------------------------------------------------

/** The text block: 256 bytes of UCS-2 little-endian, fixed fields padded with spaces. */
export const TEXT_BLOCK_BYTES = 256;
/** The photo: 1024 bytes, compressed (WLT): never decoded, never kept. */
export const PHOTO_BYTES = 1024;

/** The text block's fields in order, with their lengths in bytes (GA/T 490's 机读文字信息). */
export const TEXT_FIELDS = [
  ['name', 30],
  ['sex', 2],
  ['ethnicity', 4],
  ['birthDate', 16],
  ['address', 70],
  ['idNumber', 36],
  ['issuedBy', 30],
  ['validFrom', 16],
  ['validTo', 16],
  ['reserved', 36],
] as const satisfies readonly (readonly [string, number])[];

type FieldName = Exclude<(typeof TEXT_FIELDS)[number][0], 'reserved'>;

/** What the card's text says. The kiosk uses the ID number and the name; the rest is dropped. */
export type IdCardText = Record<FieldName, string>;

/** UCS-2 little-endian text, its padding (spaces, NULs) trimmed at the end. */
export function decodeUcs2le(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    s += String.fromCharCode((bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8));
  }
  let end = s.length;
  while (end > 0 && (s[end - 1] === ' ' || s.charCodeAt(end - 1) === 0)) end--;
  return s.slice(0, end);
}

/** The emulator's side: `text` as UCS-2 little-endian, padded with spaces to `bytes`. */
export function encodeUcs2le(text: string, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i + 1 < bytes; i += 2) {
    const code = i / 2 < text.length ? text.charCodeAt(i / 2) : 0x20;
    out[i] = code & 0xff;
    out[i + 1] = code >> 8;
  }
  return out;
}

export function parseTextBlock(block: Uint8Array): IdCardText {
  const fields: Partial<Record<string, string>> = {};
  let at = 0;
  for (const [name, size] of TEXT_FIELDS) {
    fields[name] = decodeUcs2le(block.subarray(at, at + size));
    at += size;
  }
  return {
    name: fields.name ?? '',
    sex: fields.sex ?? '',
    ethnicity: fields.ethnicity ?? '',
    birthDate: fields.birthDate ?? '',
    address: fields.address ?? '',
    idNumber: fields.idNumber ?? '',
    issuedBy: fields.issuedBy ?? '',
    validFrom: fields.validFrom ?? '',
    validTo: fields.validTo ?? '',
  };
}

export function encodeTextBlock(text: IdCardText): Uint8Array {
  const out = new Uint8Array(TEXT_BLOCK_BYTES);
  let at = 0;
  for (const [name, size] of TEXT_FIELDS) {
    out.set(encodeUcs2le(name === 'reserved' ? '' : text[name], size), at);
    at += size;
  }
  return out;
}

/**
 * The data of a read (30 01) answer: the text's length and the photo's (2 bytes each,
 * big-endian), the text, the photo. Null when the lengths do not add up.
 */
export function parseReadData(data: Uint8Array): { text: IdCardText; photoBytes: number } | null {
  if (data.length < 4) return null;
  const textLen = ((data[0] ?? 0) << 8) | (data[1] ?? 0);
  const photoLen = ((data[2] ?? 0) << 8) | (data[3] ?? 0);
  if (textLen !== TEXT_BLOCK_BYTES || data.length !== 4 + textLen + photoLen) return null;
  return { text: parseTextBlock(data.subarray(4, 4 + textLen)), photoBytes: photoLen };
}

export function encodeReadData(text: IdCardText, photo: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + TEXT_BLOCK_BYTES + photo.length);
  out[0] = TEXT_BLOCK_BYTES >> 8;
  out[1] = TEXT_BLOCK_BYTES & 0xff;
  out[2] = photo.length >> 8;
  out[3] = photo.length & 0xff;
  out.set(encodeTextBlock(text), 4);
  out.set(photo, 4 + TEXT_BLOCK_BYTES);
  return out;
}
