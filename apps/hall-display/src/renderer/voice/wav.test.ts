import { describe, expect, it } from 'vitest';
import { durationMs, encodeWav, joinWavs, parseWav, WavError, type PcmFormat } from './wav.js';

const MONO16: PcmFormat = { sampleRate: 22050, channels: 1, bitsPerSample: 16 };

/** A clip of `samples` 16-bit samples counting up from `start`. */
function clip(samples: number, start = 0, format: PcmFormat = MONO16): Uint8Array {
  const data = new Uint8Array(samples * 2 * format.channels);
  const view = new DataView(data.buffer);
  for (let i = 0; i < samples * format.channels; i++) view.setInt16(i * 2, start + i, true);
  return encodeWav(format, data);
}

describe('WAV', () => {
  it('reads back what it writes', () => {
    const parsed = parseWav(clip(100));
    expect(parsed.format).toEqual(MONO16);
    expect(parsed.data.length).toBe(200);
    expect(new DataView(parsed.data.buffer, parsed.data.byteOffset).getInt16(198, true)).toBe(99);
  });

  it('skips chunks it does not know and takes what is there of a data chunk sized 0x7fffffff', () => {
    const plain = clip(10);
    const list = new Uint8Array(
      [...'LIST'].map((c) => c.charCodeAt(0)).concat([3, 0, 0, 0, 1, 2, 3, 0]),
    );
    const withList = new Uint8Array(plain.length + list.length);
    withList.set(plain.subarray(0, 36));
    withList.set(list, 36);
    withList.set(plain.subarray(36), 36 + list.length);
    expect(parseWav(withList).data).toEqual(parseWav(plain).data);

    const streamed = clip(10);
    new DataView(streamed.buffer).setUint32(40, 0x7fffffff, true);
    expect(parseWav(streamed).data.length).toBe(20);
  });

  it('refuses what is not PCM WAV: HTML (a missing file served as the page), float, no data', () => {
    expect(() => parseWav(new TextEncoder().encode('<!doctype html><html></html>'))).toThrow(
      WavError,
    );
    const float = clip(4);
    new DataView(float.buffer).setUint16(20, 3, true);
    expect(() => parseWav(float)).toThrow(/not PCM/);
    expect(() => parseWav(clip(4).subarray(0, 36))).toThrow(/no data/);
  });

  it('joins clips into one valid WAV whose length is the sum of its parts', () => {
    const parts = [clip(2205, 0), clip(4410, 1000), clip(1, 7)];
    const joined = joinWavs(parts);
    const parsed = parseWav(joined);
    expect(parsed.format).toEqual(MONO16);
    expect(parsed.data.length).toBe(parts.reduce((n, p) => n + parseWav(p).data.length, 0));
    expect(durationMs(parsed)).toBeCloseTo(
      parts.reduce((ms, p) => ms + durationMs(parseWav(p)), 0),
      6,
    );
    // RIFF size and data size agree with the bytes.
    const view = new DataView(joined.buffer);
    expect(view.getUint32(4, true)).toBe(joined.length - 8);
    expect(view.getUint32(40, true)).toBe(joined.length - 44);
    // The samples follow each other unchanged.
    expect(parsed.data.subarray(4410, 4414)).toEqual(
      parseWav(parts[1] ?? clip(0)).data.subarray(0, 4),
    );
  });

  it('refuses to join clips of different formats, or nothing', () => {
    const stereo = clip(10, 0, { sampleRate: 22050, channels: 2, bitsPerSample: 16 });
    expect(() => joinWavs([clip(10), stereo])).toThrow(/different formats/);
    expect(() => joinWavs([])).toThrow(WavError);
  });
});
