import { describe, expect, it } from 'vitest';
import { formatWindowServices, parseWindowServices } from './Config.js';

describe('window services text', () => {
  it('reads services with weights as typed, with Chinese or ASCII separators', () => {
    expect(parseWindowServices('biz-open:2, biz-change:1')).toEqual([
      { serviceId: 'biz-open', weight: 2 },
      { serviceId: 'biz-change', weight: 1 },
    ]);
    expect(parseWindowServices('tax：3，invoice')).toEqual([
      { serviceId: 'tax', weight: 3 },
      { serviceId: 'invoice', weight: 1 },
    ]);
    expect(
      formatWindowServices([
        { serviceId: 'fund', weight: 3 },
        { serviceId: 'social', weight: 1 },
      ]),
    ).toBe('fund:3, social:1');
  });
});
