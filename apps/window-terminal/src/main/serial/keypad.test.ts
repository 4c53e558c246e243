import { describe, expect, it } from 'vitest';
import { decodeGb2312, encodeGb2312 } from './gb2312.js';
import { Keypad, type PadPress } from './keypad.js';
import { CMD, encodeFrame, frame68Protocol, KEY_CODES, lineProtocol } from './protocols.js';

const pressAll = (presses: PadPress[]) => {
  const keypad = new Keypad();
  return presses.map((p) => keypad.press(p)).filter((x) => x !== null);
};

describe('the call pad’s keypad', () => {
  it('dials `*` 0 1 5 `#` as one number, and passes action keys on', () => {
    expect(pressAll(['*', '0', '1', '5', '#', 'next'])).toEqual([
      { kind: 'dial', digits: '015' },
      'next',
    ]);
    // Digits without `*` count; `*` starts again; `#` alone dials nothing.
    expect(pressAll(['4', '2', '#', '7', '*', '9', '#', '#'])).toEqual([
      { kind: 'dial', digits: '42' },
      { kind: 'dial', digits: '9' },
    ]);
  });

  it('drops a half-keyed number at an action key, and a number of seven digits', () => {
    expect(pressAll(['*', '0', '0', 'recall', '#'])).toEqual(['recall']);
    expect(pressAll(['*', '1', '2', '3', '4', '5', '6', '7', '#', '*', '8', '#'])).toEqual([
      { kind: 'dial', digits: '8' },
    ]);
  });

  it('reads every new key in both protocols', () => {
    const pressed = ['noshow', 'transfer', '*', '0', '9', '#'] as const;
    const frames = Buffer.concat(
      pressed.map((k) => encodeFrame(1, CMD.padKey, Uint8Array.of(KEY_CODES[k]))),
    );
    expect(frame68Protocol.createDecoder(1).push(frames)).toEqual(pressed);
    // The keypad's codes are the keys' ASCII: `*` is 2A, `#` is 23, digits 30–39.
    expect(hex(encodeFrame(1, CMD.padKey, Uint8Array.of(KEY_CODES['*'])))).toBe(
      'ff 68 01 10 01 2a 3c 16',
    );
    const line = Buffer.from('KEY NOSHOW\nKEY TRANSFER\nKEY STAR\nKEY 0\nKEY 9\nKEY HASH\n');
    expect(lineProtocol.createDecoder(1).push(line)).toEqual(pressed);
  });
});

const hex = (b: Uint8Array): string =>
  Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();

describe('the pad’s display', () => {
  it('frame68: a refusal in GB2312, cut at a whole character within 32 bytes; no data clears', () => {
    const text = '请先开始办理';
    const frame = frame68Protocol.encodePad(
      { kind: 'refused', code: 'ticket_wrong_status', text },
      1,
    );
    expect(hex(frame.subarray(0, 5))).toBe('ff 68 01 20 0c');
    expect(decodeGb2312(frame.subarray(5, 17))).toBe(text);
    const long = frame68Protocol.encodePad(
      { kind: 'refused', code: 'window_paused', text: '窗口已暂停服务，请先恢复服务后再叫号' },
      1,
    );
    expect(long[4]).toBe(32);
    expect(decodeGb2312(long.subarray(5, 37))).toBe('窗口已暂停服务，请先恢复服务后再');
    expect(hex(frame68Protocol.encodePad({ kind: 'clear' }, 1))).toBe('ff 68 01 20 00 21 16');
  });

  it('line: the refusal’s code in ASCII', () => {
    const show = (d: Parameters<typeof lineProtocol.encodePad>[0]) =>
      Buffer.from(lineProtocol.encodePad(d, 1)).toString('latin1');
    expect(show({ kind: 'refused', code: 'window_paused', text: '窗口已暂停' })).toBe(
      'MSG WINDOW_PAUSED\r\n',
    );
    expect(show({ kind: 'clear' })).toBe('MSG\r\n');
  });

  it('GB2312 only: a character outside it is sent as `?`, control characters never', () => {
    expect(decodeGb2312(encodeGb2312('号\u0007A𠀀'))).toBe('号A?');
    expect(Buffer.from(encodeGb2312('暂停服务')).toString('hex')).toBe('d4ddcda3b7fecef1');
  });
});
