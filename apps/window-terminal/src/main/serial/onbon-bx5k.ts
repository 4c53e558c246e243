import type { LedContent } from '../../shared/preload-api.js';
import { ledText, type LedLang } from '../../shared/main-texts.js';
import { encodeGb2312 } from './gb2312.js';
import { DEFAULT_LED_OPTIONS, type Protocol } from './protocols.js';

/*
 * Onbon (仰邦) BX-5K / BX-6K LED controllers, the cards in most Chinese single- and two-colour
 * window screens: their "send real-time display information" command (dynamic area, command
 * group A3, command 06), as Onbon's published protocol (BX-5K/6K 通讯协议用户版本) lays it out
 * and as the worked example of that command shows byte for byte (docs/HARDWARE.md). The same
 * frames go over RS-232/RS-485 and over the network cards' TCP port.
 *
 *   A5 ×8 | header (14 bytes) | data | CRC16 (LE) | 5A
 *   header: destination address (2, LE) · source address 8000 · 3 reserved · option ·
 *           check mode · display mode · device type FE (any) · protocol version 02 · data length (2, LE)
 *
 * Between the preamble and the end byte, A5 A6 5A 5B are escaped: A5→A6 02, A6→A6 01,
 * 5A→5B 02, 5B→5B 01. The CRC covers the header and the data, before escaping.
 */

export const BX_PREAMBLE = 0xa5;
export const BX_END = 0x5a;
export const BX_SOURCE = 0x8000;
export const BX_DEVICE_ANY = 0xfe;
export const BX_PROTOCOL_VERSION = 0x02;

/** Display modes (显示方式) used here: shown at once, or moving left (the example's 03). */
export const BX_SHOW_STATIC = 0x01;
export const BX_SHOW_MOVE_LEFT = 0x03;

/**
 * CRC-16/ARC (polynomial 8005 reflected, initial 0) over the unescaped header and data, low byte
 * first on the line: as Onbon's own frame analysis tool checks it (docs/HARDWARE.md).
 */
export function crc16(bytes: Iterable<number>): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

const ESCAPES = new Map<number, [number, number]>([
  [0xa5, [0xa6, 0x02]],
  [0xa6, [0xa6, 0x01]],
  [0x5a, [0x5b, 0x02]],
  [0x5b, [0x5b, 0x01]],
]);

const le16 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff];

/** One whole frame to the controller at `address` carrying `data` (a command and its fields). */
export function bxFrame(address: number, data: readonly number[]): Uint8Array {
  const header = [
    ...le16(address),
    ...le16(BX_SOURCE),
    0x00,
    0x00,
    0x00, // reserved
    0x00, // option
    0x00, // check mode: CRC16
    0x00, // display mode
    BX_DEVICE_ANY,
    BX_PROTOCOL_VERSION,
    ...le16(data.length),
  ];
  const body = [...header, ...data];
  const out: number[] = Array<number>(8).fill(BX_PREAMBLE);
  for (const byte of [...body, ...le16(crc16(body))]) out.push(...(ESCAPES.get(byte) ?? [byte]));
  out.push(BX_END);
  return Uint8Array.from(out);
}

/** The fields of one dynamic area (区域数据格式), in the order the protocol gives them. */
export interface BxArea {
  x: number;
  y: number;
  width: number;
  height: number;
  areaId: number;
  lineSpace: number;
  runMode: number;
  timeoutSeconds: number;
  singleLine: number;
  newline: number;
  displayMode: number;
  exitMode: number;
  speed: number;
  stay: number;
  text: Uint8Array;
}

/** "Send real-time display information" (A3 06) with one dynamic area. */
export function bxDynamicArea(area: BxArea): number[] {
  const fields = [
    0x00, // area type: dynamic
    ...le16(area.x),
    ...le16(area.y),
    ...le16(area.width),
    ...le16(area.height),
    area.areaId,
    area.lineSpace,
    area.runMode,
    ...le16(area.timeoutSeconds),
    0x00,
    0x00,
    0x00, // reserved
    area.singleLine,
    area.newline,
    area.displayMode,
    area.exitMode,
    area.speed,
    area.stay,
    ...le16(area.text.length),
    0x00,
    0x00, // the text's length is four bytes
    ...area.text,
  ];
  // Group A3, command 06; reply wanted (01); two reserved bytes (the worked example's 2D 00);
  // no area to delete (00, so no area ids follow); one area updated, its length, the area.
  return [0xa3, 0x06, 0x01, 0x2d, 0x00, 0x00, 0x01, ...le16(fields.length), ...fields];
}

/** The words for the LED: the call, the window's state, or its name when idle. */
export function ledWords(content: LedContent, lang: LedLang): string {
  const window = content.window;
  switch (content.kind) {
    case 'call':
      return window
        ? ledText('terminal.led.call', lang, { number: content.number, window: window.number })
        : content.number;
    case 'paused':
      return ledText('terminal.led.paused', lang);
    case 'closed':
      return ledText('terminal.led.closed', lang);
    case 'idle':
      return window ? window.name[lang] : '';
  }
}

/** Dots a line of text takes in the controller's 16-dot font: 8 per byte. */
const widthOf = (text: Uint8Array): number => text.length * 8;

export const onbonBx5kProtocol: Protocol = {
  name: 'onbon-bx5k',
  encodeLed(content, address, options = DEFAULT_LED_OPTIONS) {
    const text = encodeGb2312(ledWords(content, options.lang), 480);
    const scroll =
      options.scroll === 'always' || (options.scroll === 'auto' && widthOf(text) > options.width);
    return bxFrame(
      address,
      bxDynamicArea({
        x: 0,
        y: 0,
        width: options.width,
        height: options.height,
        areaId: 0,
        lineSpace: 0,
        runMode: 0, // keep showing
        timeoutSeconds: 0,
        singleLine: 0x02,
        newline: 0x02,
        displayMode: scroll ? BX_SHOW_MOVE_LEFT : BX_SHOW_STATIC,
        exitMode: 0x00,
        speed: options.speed,
        stay: scroll ? 0 : 10,
        text,
      }),
    );
  },
  encodePad() {
    // A BX controller drives a screen only: no pad, no pad display.
    return new Uint8Array();
  },
  createDecoder() {
    // The controller answers each frame; nothing it sends is a key. Counted, never acted on.
    const counters = { ok: 0, garbageBytes: 0, partial: 0, badChecksum: 0, ignored: 0 };
    return {
      counters,
      push(chunk) {
        if (chunk.length > 0) counters.ignored++;
        return [];
      },
      flush() {
        return undefined;
      },
    };
  },
};
