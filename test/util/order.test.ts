import { describe, expect, it } from 'vitest';
import { byCodeUnit } from '../../src/util/order.js';

describe('byCodeUnit', () => {
  it('orders by UTF-16 code unit, not by any locale', () => {
    // A locale collation puts "a" before "B" and sorts Chinese by pinyin or stroke; code units do neither.
    expect(['b', 'a', 'B', 'A', '市', '城', 'L10', 'L2'].sort(byCodeUnit)).toEqual(['A', 'B', 'L10', 'L2', 'a', 'b', '城', '市']);
    expect(byCodeUnit('x', 'x')).toBe(0);
    expect(byCodeUnit('城市', '城')).toBe(1);
  });
});
