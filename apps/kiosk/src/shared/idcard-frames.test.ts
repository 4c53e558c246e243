import { describe, expect, it } from 'vitest';
import {
  SamFrameReader,
  encodeReadData,
  encodeSamAnswer,
  encodeSamCommand,
  parseReadData,
  parseSamAnswer,
  parseTextBlock,
  type IdCardText,
} from './idcard-frames.js';

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

describe('the security module frames', () => {
  it('writes the three commands as every reader takes them (checksum: XOR from the length on)', () => {
    expect(hex(encodeSamCommand('findCard'))).toBe('aa aa aa 96 69 00 03 20 01 22');
    expect(hex(encodeSamCommand('selectCard'))).toBe('aa aa aa 96 69 00 03 20 02 21');
    expect(hex(encodeSamCommand('readText'))).toBe('aa aa aa 96 69 00 03 30 01 32');
  });

  it('reads the module’s refusal of a failed read (00 00 41) as it comes on the wire', () => {
    const reader = new SamFrameReader();
    const frames = reader.push(
      Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x04, 0, 0, 0x41, 0x45),
    );
    expect(frames).toHaveLength(1);
    const [frame] = frames;
    if (!frame?.ok) throw new Error('not a frame');
    expect(parseSamAnswer(frame.body)?.status).toBe('read_failed');
  });

  it('finds a frame split across chunks after noise, and reports a wrong checksum', () => {
    const reader = new SamFrameReader();
    const answer = encodeSamAnswer([0, 0, 0x9f], Uint8Array.of(0, 0, 0, 0));
    expect(reader.push(Uint8Array.of(0x13, 0x37, ...answer.subarray(0, 6)))).toEqual([]);
    const [frame] = reader.push(answer.subarray(6));
    if (!frame?.ok) throw new Error('not a frame');
    expect(parseSamAnswer(frame.body)?.status).toBe('card_found');
    expect(reader.skipped).toBe(2);
    const bad = encodeSamAnswer([0, 0, 0x90]);
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0xff;
    expect(reader.push(bad)).toEqual([{ ok: false, reason: 'checksum' }]);
  });

  it('reads the text block field by field (UCS-2 LE, 30/2/4/16/70/36/30/16/16 bytes)', () => {
    const text: IdCardText = {
      name: '王美娜',
      sex: '2',
      ethnicity: '01',
      birthDate: '19860911',
      address: '河北省石家庄市长安区建设大街20号',
      idNumber: '130323198609114467',
      issuedBy: '石家庄市公安局长安分局',
      validFrom: '20110303',
      validTo: '20210303',
    };
    const data = encodeReadData(text, new Uint8Array(1024).fill(0x55));
    expect(data.length).toBe(4 + 256 + 1024);
    expect(hex(data.subarray(0, 4))).toBe('01 00 04 00');
    // 王 is U+738B: little-endian 8B 73, as the public dumps show it.
    expect(hex(data.subarray(4, 8))).toBe('8b 73 8e 7f');
    // The sex code starts at byte 30 of the block, the ID number at 30+2+4+16+70 = 122.
    expect(data[4 + 30]).toBe(0x32);
    expect(String.fromCharCode(data[4 + 122] ?? 0)).toBe('1');
    expect(parseReadData(data)).toEqual({ text, photoBytes: 1024 });
    expect(parseTextBlock(data.subarray(4, 260)).validTo).toBe('20210303');
    expect(parseReadData(data.subarray(0, 100))).toBeNull();
  });
});
