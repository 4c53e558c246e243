/*
 * PCM WAV bytes: read the format and samples of a clip, and join clips of one format into one
 * sound. Pure TypeScript over Uint8Array, for the page and the tests alike.
 */

export interface PcmFormat {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
}

export interface PcmClip {
  format: PcmFormat;
  /** The samples (the `data` chunk's body). */
  data: Uint8Array;
}

export class WavError extends Error {}

const ascii = (bytes: Uint8Array, at: number): string =>
  String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);

/** Reads a RIFF/WAVE file of PCM samples (format 1); anything else is a `WavError`. */
export function parseWav(bytes: Uint8Array): PcmClip {
  if (bytes.length < 12 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') {
    throw new WavError('not a RIFF/WAVE file');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: PcmFormat | null = null;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = ascii(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new WavError('short fmt chunk');
      const audioFormat = view.getUint16(body, true);
      if (audioFormat !== 1) throw new WavError(`not PCM (format ${audioFormat})`);
      format = {
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (format === null) throw new WavError('data before fmt');
      // espeak-ng writing to a pipe leaves the size at 0x7fffffff: take what is there.
      const end = Math.min(bytes.length, body + size);
      const frame = (format.channels * format.bitsPerSample) / 8;
      const length = end - body - ((end - body) % Math.max(1, frame));
      return { format, data: bytes.slice(body, body + length) };
    }
    offset = body + size + (size % 2);
  }
  throw new WavError('no data chunk');
}

/** A canonical 44-byte-header WAV of `data`. */
export function encodeWav(format: PcmFormat, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(44 + data.length);
  const view = new DataView(out.buffer);
  const write = (at: number, text: string): void => {
    for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
  };
  const blockAlign = (format.channels * format.bitsPerSample) / 8;
  write(0, 'RIFF');
  view.setUint32(4, 36 + data.length, true);
  write(8, 'WAVE');
  write(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, format.channels, true);
  view.setUint32(24, format.sampleRate, true);
  view.setUint32(28, format.sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, format.bitsPerSample, true);
  write(36, 'data');
  view.setUint32(40, data.length, true);
  out.set(data, 44);
  return out;
}

export function sameFormat(a: PcmFormat, b: PcmFormat): boolean {
  return (
    a.sampleRate === b.sampleRate &&
    a.channels === b.channels &&
    a.bitsPerSample === b.bitsPerSample
  );
}

/** Playing time of a clip in milliseconds. */
export function durationMs(clip: PcmClip): number {
  const { sampleRate, channels, bitsPerSample } = clip.format;
  return (clip.data.length / ((channels * bitsPerSample) / 8) / sampleRate) * 1000;
}

/**
 * Joins clips into one WAV: their samples one after the other, so its length is the sum of
 * theirs. The clips must share one format (the shipped set does); a `WavError` says otherwise.
 */
export function joinWavs(clips: readonly Uint8Array[]): Uint8Array {
  const parsed = clips.map(parseWav);
  const first = parsed[0];
  if (first === undefined) throw new WavError('nothing to join');
  const other = parsed.find((c) => !sameFormat(c.format, first.format));
  if (other) {
    const f = (p: PcmFormat): string =>
      `${p.sampleRate} Hz ${p.channels} ch ${p.bitsPerSample} bit`;
    throw new WavError(`clips of different formats: ${f(first.format)} and ${f(other.format)}`);
  }
  const data = new Uint8Array(parsed.reduce((n, c) => n + c.data.length, 0));
  let at = 0;
  for (const clip of parsed) {
    data.set(clip.data, at);
    at += clip.data.length;
  }
  return encodeWav(first.format, data);
}
