import { describe, expect, it } from 'vitest';
import {
  badCount,
  BROADCAST,
  CMD,
  encodeFrame,
  frame68Protocol,
  KEY_CODES,
  lineProtocol,
  MAX_LINE,
} from './protocols.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const text = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const hex = (b: Uint8Array): string =>
  Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();

describe('line protocol', () => {
  it('frames what the LED shows as ASCII lines', () => {
    const show = (c: Parameters<typeof lineProtocol.encodeLed>[0]) =>
      Buffer.from(lineProtocol.encodeLed(c, 1)).toString('latin1');
    expect(show({ kind: 'call', number: 'A001' })).toBe('CALL A001\r\n');
    expect(show({ kind: 'paused' })).toBe('PAUSED\r\n');
    expect(show({ kind: 'closed' })).toBe('CLOSED\r\n');
    expect(show({ kind: 'idle' })).toBe('IDLE\r\n');
    // Nothing but letters and digits of a number ever reaches the device.
    expect(show({ kind: 'call', number: 'A1\r\nKEY X' })).toBe('CALL A1KEYX\r\n');
  });

  it('reads keys from lines, across chunks, with CRLF or LF', () => {
    const d = lineProtocol.createDecoder(1);
    expect(d.push(text('KEY NEXT\r\nKEY REC'))).toEqual(['next']);
    expect(d.push(text('ALL\nKEY RATE5\r\n'))).toEqual(['recall', 'rate5']);
    expect(d.push(text('OK\r\n'))).toEqual([]);
    expect(d.counters).toMatchObject({ ok: 3, garbageBytes: 0, partial: 0 });
  });

  it('ignores and counts garbage, overlong and cut-off lines', () => {
    const d = lineProtocol.createDecoder(1);
    expect(d.push(text('hello\r\n'))).toEqual([]);
    expect(d.push(bytes(0x4b, 0x45, 0x59, 0x20, 0xff, 0x0a))).toEqual([]);
    expect(d.push(text(`${'X'.repeat(MAX_LINE + 10)}\nKEY FINISH\n`))).toEqual(['finish']);
    expect(d.push(text('KEY DANCE\n'))).toEqual([]);
    d.push(text('KEY PAU'));
    d.flush();
    expect(d.push(text('SE\n'))).toEqual([]);
    expect(d.counters).toEqual({
      ok: 1,
      garbageBytes: 10 + 2,
      partial: 2,
      badChecksum: 0,
      ignored: 1,
    });
    expect(badCount(d.counters)).toBe(14);
  });
});

describe('frame68 protocol', () => {
  it('frames LED content: FF 68 addr cmd len data sum 16', () => {
    expect(hex(frame68Protocol.encodeLed({ kind: 'call', number: 'A001' }, 0x01))).toBe(
      'ff 68 01 01 04 41 30 30 31 d8 16',
    );
    expect(hex(frame68Protocol.encodeLed({ kind: 'paused' }, 0x02))).toBe('ff 68 02 02 00 04 16');
    expect(hex(frame68Protocol.encodeLed({ kind: 'closed' }, 0x02))).toBe('ff 68 02 03 00 05 16');
    expect(hex(frame68Protocol.encodeLed({ kind: 'idle' }, 0x03))).toBe('ff 68 03 04 00 07 16');
  });

  it('decodes key frames, split anywhere across chunks', () => {
    const frames = [
      encodeFrame(1, CMD.padKey, bytes(KEY_CODES.next)),
      encodeFrame(1, CMD.padKey, bytes(KEY_CODES.finish)),
      encodeFrame(BROADCAST, CMD.padKey, bytes(KEY_CODES.rate1)),
    ];
    const all = Uint8Array.from(frames.flatMap((f) => [...f]));
    for (let cut = 0; cut <= all.length; cut++) {
      const d = frame68Protocol.createDecoder(1);
      const keys = [...d.push(all.slice(0, cut)), ...d.push(all.slice(cut))];
      expect(keys).toEqual(['next', 'finish', 'rate1']);
      expect(badCount(d.counters)).toBe(0);
    }
  });

  it('skips garbage, drops partial frames and bad checksums, and counts each', () => {
    const d = frame68Protocol.createDecoder(1);
    const good = encodeFrame(1, CMD.padKey, bytes(KEY_CODES.recall));
    const badSum = Uint8Array.from(good);
    badSum[6] = (badSum[6] ?? 0) ^ 0x01;
    const partial = good.slice(0, 5);
    const keys = d.push(
      Uint8Array.from([
        0x00,
        0x13,
        0x37,
        ...badSum,
        ...partial,
        ...good,
        0x68,
        0xff,
        0x00,
        ...good,
      ]),
    );
    expect(keys).toEqual(['recall', 'recall']);
    expect(d.counters.badChecksum).toBe(1);
    expect(d.counters.partial).toBe(1);
    expect(d.counters.garbageBytes).toBeGreaterThanOrEqual(3 + 3);
    expect(d.counters.ok).toBe(2);
  });

  it('never acts on a frame for another address, another command or an unknown key', () => {
    const d = frame68Protocol.createDecoder(1);
    const keys = d.push(
      Uint8Array.from([
        ...encodeFrame(2, CMD.padKey, bytes(KEY_CODES.next)),
        ...encodeFrame(1, CMD.ledCall, text('A001')),
        ...encodeFrame(1, CMD.padKey, bytes(0x7f)),
      ]),
    );
    expect(keys).toEqual([]);
    expect(d.counters.ignored).toBe(3);
    expect(badCount(d.counters)).toBe(0);
  });

  it('drops a frame cut off by silence', () => {
    const d = frame68Protocol.createDecoder(1);
    expect(d.push(encodeFrame(1, CMD.padKey, bytes(KEY_CODES.pause)).slice(0, 6))).toEqual([]);
    d.flush();
    expect(d.counters.partial).toBe(1);
    expect(d.push(bytes(0x16))).toEqual([]);
    expect(d.counters.garbageBytes).toBe(1);
  });

  it('refuses an impossible length without waiting for it', () => {
    const d = frame68Protocol.createDecoder(1);
    const keys = d.push(
      Uint8Array.from([0xff, 0x68, 0x01, 0x10, 0xf0, ...encodeFrame(1, CMD.padKey, bytes(1))]),
    );
    expect(keys).toEqual(['next']);
    expect(d.counters.partial).toBe(1);
  });
});
