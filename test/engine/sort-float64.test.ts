import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sortFloat64 } from '../../src/engine/stats.js';

const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

describe('sortFloat64 (radix sort of the peer values)', () => {
  it('sorts exactly as TypedArray#sort: negatives, −0 and +0, ties, infinities, subnormals', () => {
    const value = fc.oneof(
      fc.double({ noNaN: true }),
      fc.constantFrom(0, -0, 100, 5e-324, -5e-324, Infinity, -Infinity, 66.66666666666667),
      fc.integer({ min: -5, max: 5 }).map((k) => k / 4),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 0, maxLength: 400 }), (xs) => {
        const want = Float64Array.from(xs).sort();
        const got = sortFloat64(Float64Array.from(xs));
        expect(same(got, want)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('sorts in place a view into a larger buffer without touching the rest', () => {
    const buf = new Float64Array(300).map((_, i) => (i * 7919) % 301);
    const view = buf.subarray(100, 250);
    const want = view.slice().sort();
    const before = [...buf.subarray(0, 100), ...buf.subarray(250)];
    expect(sortFloat64(view)).toBe(view);
    expect(same(view, want)).toBe(true);
    expect([...buf.subarray(0, 100), ...buf.subarray(250)]).toEqual(before);
  });
});
