import { describe, expect, it } from 'vitest';
import { decodeGb2312 } from './gb2312.js';
import {
  bxBrightness,
  bxDynamicArea,
  bxFrame,
  bxFrameF0,
  BX_SHOW_MOVE_LEFT,
  BX_SHOW_STATIC,
  crc16,
  onbonBx5kProtocol,
} from './onbon-bx5k.js';

const hex = (b: Iterable<number>): string =>
  Buffer.from([...b])
    .toString('hex')
    .replace(/(..)/g, '$1 ')
    .trim();

/** The public worked example of A3 06 (a 128 × 32 screen, 14 ASCII characters), up to its CRC. */
const EXAMPLE =
  'a5 a5 a5 a5 a5 a5 a5 a5 01 00 00 80 00 00 00 00 00 00 fe 02 32 00 a3 06 01 2d 00 00 ' +
  '01 29 00 00 00 00 00 00 80 00 20 00 00 00 00 02 00 00 00 00 02 02 03 00 04 05 0e ' +
  '00 00 00 30 31 32 33 34 35 51 52 53 54 54 56 27 42';

const window3 = { number: 3, name: { zh: '企业开办', en: 'Business start-up' } };

describe('Onbon BX-5K/6K dynamic area frames', () => {
  it('lays out header, command and area byte for byte as the worked example', () => {
    const data = bxDynamicArea({
      x: 0,
      y: 0,
      width: 128,
      height: 32,
      areaId: 0,
      lineSpace: 0,
      runMode: 0,
      timeoutSeconds: 2,
      singleLine: 2,
      newline: 2,
      displayMode: 3,
      exitMode: 0,
      speed: 4,
      stay: 5,
      text: Buffer.from("012345QRSTTV'B", 'latin1'),
    });
    const frame = bxFrame(1, data);
    // Everything but the CRC (the example's does not follow from its bytes: see HARDWARE.md).
    expect(hex(frame.subarray(0, -3))).toBe(EXAMPLE);
    const body = frame.subarray(8, -3);
    expect(frame.at(-3)! | (frame.at(-2)! << 8)).toBe(crc16(body));
    expect(frame.at(-1)).toBe(0x5a);
  });

  it('computes CRC-16/ARC ("123456789" → BB3D)', () => {
    expect(crc16(Buffer.from('123456789')).toString(16)).toBe('bb3d');
  });

  it('escapes A5, A6, 5A and 5B between the preamble and the end', () => {
    const frame = bxFrame(0x5aa5, [0xa6, 0x5b]);
    expect(hex(frame.subarray(8, 12))).toBe('a6 02 5b 02');
    expect(hex(frame.subarray(24, 28))).toBe('a6 01 5b 01');
    expect(frame.subarray(8, -1).includes(0xa5)).toBe(false);
    expect(frame.subarray(8, -1).includes(0x5a)).toBe(false);
  });

  it('shows the call in GB2312, still when it fits and moving when it does not', () => {
    const text = (f: Uint8Array) => {
      const area = Buffer.from(f.subarray(8 + 14 + 9));
      return decodeGb2312(area.subarray(27, 27 + (area[23] ?? 0)));
    };
    const call = onbonBx5kProtocol.encodeLed({ kind: 'call', number: 'A001', window: window3 }, 1, {
      lang: 'zh',
      width: 256,
      height: 32,
      scroll: 'auto',
      speed: 4,
    });
    expect(text(call)).toBe('请 A001 号 到 3 号窗口');
    expect(call[8 + 14 + 9 + 19]).toBe(BX_SHOW_STATIC);
    const narrow = onbonBx5kProtocol.encodeLed(
      { kind: 'call', number: 'A001', window: window3 },
      1,
    );
    expect(narrow[8 + 14 + 9 + 19]).toBe(BX_SHOW_MOVE_LEFT);
    expect(text(onbonBx5kProtocol.encodeLed({ kind: 'paused' }, 1))).toBe('暂停服务');
    expect(text(onbonBx5kProtocol.encodeLed({ kind: 'idle', window: window3 }, 1))).toBe(
      '企业开办',
    );
    const en = onbonBx5kProtocol.encodeLed({ kind: 'closed', window: window3 }, 1, {
      lang: 'en',
      width: 128,
      height: 16,
      scroll: 'never',
      speed: 1,
    });
    expect(text(en)).toBe('Closed');
  });

  it('rebuilds the F0 manual’s ping example byte for byte, its checksum included', () => {
    // 5th/6th 动态区域用户手册 §5.5.1: wildcard destination and device type, 01 A2 00 00 00.
    expect(hex(bxFrameF0(0xfffe, [0x01, 0xa2, 0x00, 0x00, 0x00]))).toBe(
      'a5 a5 a5 a5 a5 a5 a5 a5 fe ff 00 80 f0 00 fe ff 00 00 00 00 05 00 00 00 ' +
        '01 a2 00 00 00 c6 86 5a',
    );
  });

  it('sets the brightness (A2 07, manual): one level for the 48 half hours', () => {
    const data = bxBrightness(9);
    expect(hex(data.slice(0, 6))).toBe('01 a2 07 31 00 00');
    expect(data.slice(6)).toEqual(Array<number>(48).fill(9));
    const frame = onbonBx5kProtocol.encodeBrightness?.(9, 2);
    expect(frame && hex(frame.subarray(8, 24))).toBe(
      '02 00 00 80 f0 00 fe ff 00 00 00 00 36 00 00 00',
    );
    expect(() => bxBrightness(16)).toThrow(RangeError);
    expect(() => bxBrightness(-1)).toThrow(RangeError);
    expect(() => bxBrightness(2.5)).toThrow(RangeError);
  });
});
