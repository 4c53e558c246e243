import iconv from 'iconv-lite';

/*
 * GB2312 text for hall hardware (LED controllers, pad displays). iconv-lite's GB2312 is really
 * GBK: a character outside GB2312's own rows (lead byte A1–F7, trail byte A1–FE) would reach a
 * device that cannot show it, so it is sent as `?` instead. Text is cut at a whole character.
 */

const isGb2312Pair = (lead: number, trail: number): boolean =>
  lead >= 0xa1 && lead <= 0xf7 && trail >= 0xa1 && trail <= 0xfe;

/** `text` in GB2312, at most `maxBytes` long (never half a character); control characters dropped. */
export function encodeGb2312(text: string, maxBytes = Infinity): Uint8Array {
  const out: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) continue;
    let bytes: number[];
    if (code < 0x80) bytes = [code];
    else {
      const encoded = [...iconv.encode(char, 'gb2312')];
      const [lead = 0, trail = 0] = encoded;
      bytes = encoded.length === 2 && isGb2312Pair(lead, trail) ? encoded : [0x3f];
    }
    if (out.length + bytes.length > maxBytes) break;
    out.push(...bytes);
  }
  return Uint8Array.from(out);
}

/** GB2312 bytes back to text (what an emulated device shows). */
export function decodeGb2312(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes), 'gb2312');
}
