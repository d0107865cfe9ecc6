/**
 * Sobol' low-discrepancy sequence (base 2, Gray-code order, 32-bit) with the Joe & Kuo (2008)
 * direction numbers `new-joe-kuo-6.21201` for the first 40 dimensions, optionally randomised by
 * a digital shift (XOR with one random 32-bit integer per dimension, which keeps the (t, s)-net
 * structure).
 *
 * Direction numbers: S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better
 * two-dimensional projections", SIAM J. Sci. Comput. 30 (2008) 2635-2654;
 * https://web.maths.unsw.edu.au/~fkuo/sobol/ (BSD-style licence). Point 0 is the origin (or the
 * shift); as with scipy.stats.qmc.Sobol(scramble=False), the unshifted sequence starts
 * 0, 0.5, 0.75, 0.25, … in every dimension's first coordinate.
 */
import { inputError } from './errors.js';
import type { Rng } from './rng.js';

/**
 * Dimensions 2 … 40: [s, a, m_1 … m_s] with s the degree of the primitive polynomial, a its inner
 * coefficients as bits, m the initial direction integers. Dimension 1 is van der Corput (all m = 1).
 */
const JOE_KUO: readonly (readonly number[])[] = [
  [1, 0, 1],
  [2, 1, 1, 3],
  [3, 1, 1, 3, 1],
  [3, 2, 1, 1, 1],
  [4, 1, 1, 1, 3, 3],
  [4, 4, 1, 3, 5, 13],
  [5, 2, 1, 1, 5, 5, 17],
  [5, 4, 1, 1, 5, 5, 5],
  [5, 7, 1, 1, 7, 11, 19],
  [5, 11, 1, 1, 5, 1, 1],
  [5, 13, 1, 1, 1, 3, 11],
  [5, 14, 1, 3, 5, 5, 31],
  [6, 1, 1, 3, 3, 9, 7, 49],
  [6, 13, 1, 1, 1, 15, 21, 21],
  [6, 16, 1, 3, 1, 13, 27, 49],
  [6, 19, 1, 1, 1, 15, 7, 5],
  [6, 22, 1, 3, 1, 15, 13, 25],
  [6, 25, 1, 1, 5, 5, 19, 61],
  [7, 1, 1, 3, 7, 11, 23, 15, 103],
  [7, 4, 1, 3, 7, 13, 13, 15, 69],
  [7, 7, 1, 1, 3, 13, 7, 35, 63],
  [7, 8, 1, 3, 5, 9, 1, 25, 53],
  [7, 14, 1, 3, 1, 13, 9, 35, 107],
  [7, 19, 1, 3, 1, 5, 27, 61, 31],
  [7, 21, 1, 1, 5, 11, 19, 41, 61],
  [7, 28, 1, 3, 5, 3, 3, 13, 69],
  [7, 31, 1, 1, 7, 13, 1, 19, 1],
  [7, 32, 1, 3, 7, 5, 13, 19, 59],
  [7, 37, 1, 1, 3, 9, 25, 29, 41],
  [7, 41, 1, 3, 5, 13, 23, 1, 55],
  [7, 42, 1, 3, 7, 3, 13, 59, 17],
  [7, 50, 1, 3, 1, 3, 5, 53, 69],
  [7, 55, 1, 1, 5, 5, 23, 33, 13],
  [7, 56, 1, 1, 7, 7, 1, 61, 123],
  [7, 59, 1, 1, 7, 9, 13, 61, 49],
  [7, 62, 1, 3, 3, 5, 3, 55, 33],
  [8, 14, 1, 3, 1, 15, 31, 13, 49, 245],
  [8, 21, 1, 3, 5, 15, 31, 59, 63, 97],
  [8, 22, 1, 3, 1, 11, 11, 11, 77, 249],
];

export const SOBOL_MAX_DIM = JOE_KUO.length + 1;
const BITS = 32;

/** Direction numbers V[dim][k] (k = 0 … 31), as unsigned 32-bit integers. */
function directions(d: number): Uint32Array[] {
  const out: Uint32Array[] = [];
  for (let dim = 0; dim < d; dim++) {
    const v = new Uint32Array(BITS);
    if (dim === 0) {
      for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    } else {
      const row = JOE_KUO[dim - 1];
      const s = row[0];
      const a = row[1];
      for (let k = 0; k < s; k++) v[k] = row[2 + k] * 2 ** (BITS - 1 - k);
      for (let k = s; k < BITS; k++) {
        let x = (v[k - s] ^ (v[k - s] >>> s)) >>> 0;
        for (let l = 1; l < s; l++) if ((a >>> (s - 1 - l)) & 1) x = (x ^ v[k - l]) >>> 0;
        v[k] = x;
      }
    }
    out.push(v);
  }
  return out;
}

export interface SobolOptions {
  /** `digital`: XOR every coordinate with a random 32-bit integer per dimension drawn from `rng`. Default `none`. */
  shift?: 'none' | 'digital';
  /** Required for the digital shift. */
  rng?: Rng;
}

/** A Sobol' sequence in d dimensions (1 … SOBOL_MAX_DIM). `next()` returns points 0, 1, 2, … */
export class SobolSequence {
  readonly d: number;
  private readonly v: Uint32Array[];
  private readonly x: Uint32Array;
  private readonly shift: Uint32Array;
  private index = 0;

  constructor(d: number, opts: SobolOptions = {}) {
    if (!Number.isInteger(d) || d < 1 || d > SOBOL_MAX_DIM) {
      throw inputError(`SobolSequence: dimension must be an integer in 1..${SOBOL_MAX_DIM}, got ${d}`);
    }
    this.d = d;
    this.v = directions(d);
    this.x = new Uint32Array(d);
    this.shift = new Uint32Array(d);
    if ((opts.shift ?? 'none') === 'digital') {
      const rng = opts.rng;
      if (!rng) throw inputError('SobolSequence: the digital shift needs an rng');
      for (let j = 0; j < d; j++) this.shift[j] = Math.floor(rng() * 4294967296) >>> 0;
    }
  }

  /** The next point, each coordinate in [0, 1). */
  next(): number[] {
    if (this.index >= 4294967295) throw inputError('SobolSequence: exhausted (2^32 - 1 points)');
    const out = new Array<number>(this.d);
    for (let j = 0; j < this.d; j++) out[j] = ((this.x[j] ^ this.shift[j]) >>> 0) / 4294967296;
    // Gray-code step: flip the direction number of the lowest zero bit of the current index.
    let c = 0;
    let i = this.index;
    while (i & 1) {
      i >>>= 1;
      c++;
    }
    for (let j = 0; j < this.d; j++) this.x[j] = (this.x[j] ^ this.v[j][c]) >>> 0;
    this.index++;
    return out;
  }

  /** Discard the next k points. */
  skip(k: number): void {
    for (let i = 0; i < k; i++) this.next();
  }
}

/** n points of a d-dimensional Sobol' sequence, after skipping `skip` points (default 0). */
export function sobolPoints(n: number, d: number, opts: SobolOptions & { skip?: number } = {}): number[][] {
  if (!Number.isInteger(n) || n < 0) throw inputError(`sobolPoints: n must be a non-negative integer, got ${n}`);
  const seq = new SobolSequence(d, opts);
  seq.skip(opts.skip ?? 0);
  const out: number[][] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = seq.next();
  return out;
}
