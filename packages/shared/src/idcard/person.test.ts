import { describe, expect, it } from 'vitest';
import { idCheckChar, isIdNumber, maskName } from './person.js';

describe('the holder', () => {
  it('masks a name: first and last kept for three or more, first and a star for two', () => {
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张')).toBe('*');
    expect(maskName('  ')).toBe('');
  });

  it('checks the ID number’s check character (GB 11643)', () => {
    expect(isIdNumber('11010519491231002X')).toBe(true);
    expect(isIdNumber('110105194912310021')).toBe(false);
    expect(isIdNumber('11010519491231002')).toBe(false);
    expect(idCheckChar('11010519491231002')).toBe('X');
  });
});
