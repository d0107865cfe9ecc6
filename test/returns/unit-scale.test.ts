import { describe, expect, it } from 'vitest';
import { convertValue, describeFactor, unitFactor } from '../../src/returns/unit-scale.js';

describe('units at another magnitude', () => {
  it('convert between the same unit at different Chinese magnitudes, ratios included', () => {
    expect(unitFactor('人', '万人')).toBe(1e-4);
    expect(unitFactor('亿元', '万元')).toBe(1e4);
    expect(unitFactor('元', '亿元')).toBe(1e-8);
    expect(unitFactor('人/万人', '人/十万人')).toBe(10);
    expect(unitFactor('户/千人', '户/百人')).toBe(0.1);
    expect(unitFactor('千米', '米')).toBe(1000);
    expect(unitFactor(' 万 人 ', '人')).toBe(1e4); // width and spaces do not matter
    expect(unitFactor('万千瓦', '千瓦')).toBe(1e4); // stacked magnitudes
    expect(unitFactor('十亿元', '元')).toBe(1e9);
    // a bare magnitude is that many of the target's unit; the same unit written another way is 1
    expect(unitFactor('万', '人')).toBe(1e4);
    expect(unitFactor('万', '万人')).toBe(1);
    expect(unitFactor('万人', '万人')).toBe(1);
    expect(convertValue(8741600, 1e-4)).toBe(874.16);
    expect(convertValue(3.3, 1e4)).toBe(33000);
    expect(describeFactor(1e-4)).toBe('÷10000');
    expect(describeFactor(10)).toBe('×10');
  });

  it('do not convert other units, or the same unit', () => {
    expect(unitFactor('个', '项')).toBeUndefined();
    expect(unitFactor('百分比', '%')).toBeUndefined();
    expect(unitFactor('百分', '分')).toBeUndefined();
    expect(unitFactor('人/万人', '人')).toBeUndefined();
    expect(unitFactor('a/b/c', 'a/b/c')).toBeUndefined();
  });
});
