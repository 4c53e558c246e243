import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from './csv.js';

describe('toCsv', () => {
  it('quotes what needs it, keeps Chinese text with a BOM, and parses back', () => {
    const text = toCsv(
      ['业务 Service', 'n'],
      [
        ['企业开办, "A"', 3],
        ['line\nbreak', null],
        ['=SUM(A1)', -1],
      ],
    );
    expect(text.startsWith('\uFEFF业务 Service,n\r\n')).toBe(true);
    expect(text).toContain('"企业开办, ""A""",3');
    expect(parseCsv(text)).toEqual([
      ['业务 Service', 'n'],
      ['企业开办, "A"', '3'],
      ['line\nbreak', ''],
      ["'=SUM(A1)", '-1'],
    ]);
  });
});
