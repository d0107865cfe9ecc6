import { describe, expect, it } from 'vitest';
import { encodeBatches } from '../../src/util/batches.js';

const decode = (bs: Iterable<Uint8Array>) => [...bs].map((b) => Buffer.from(b).toString('utf8'));

describe('encodeBatches', () => {
  it('encodes whole pieces, in order, into batches of about the given size', () => {
    const pieces = Array.from({ length: 100 }, (_, i) => `城市${i},\n`);
    const out = decode(encodeBatches(pieces, 64));
    expect(out.join('')).toBe(pieces.join(''));
    expect(out.length).toBeGreaterThan(10);
    // Every batch ends at a piece boundary.
    for (const b of out) expect(b.endsWith(',\n')).toBe(true);
  });

  it('gives a piece larger than the batch size a buffer of its own', () => {
    const big = '南'.repeat(1000);
    const out = decode(encodeBatches(['a', big, 'b'], 16));
    expect(out).toEqual(['a', big, 'b']);
  });

  it('hands out fresh buffers (safe for asynchronous writers) and nothing for no pieces', () => {
    // Collected first and read afterwards: a later batch never overwrites an earlier one.
    const bs = [...encodeBatches(['x'.repeat(10), 'y'.repeat(10), 'z'.repeat(10)], 10)];
    expect(decode(bs)).toEqual(['x'.repeat(10), 'y'.repeat(10), 'z'.repeat(10)]);
    expect([...encodeBatches([])]).toEqual([]);
  });
});
