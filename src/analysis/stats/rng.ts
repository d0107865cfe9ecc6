/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna 2018), state seeded by splitmix32.
 * Deterministic across platforms (32-bit integer arithmetic only), so a seed reproduces a
 * sensitivity analysis exactly.
 */
import { inputError } from './errors.js';

/** A generator of uniform numbers in [0, 1). */
export type Rng = () => number;

function splitmix32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    t ^= t >>> 15;
    return t >>> 0;
  };
}

/**
 * Raw 32-bit outputs of xoshiro128** for an integer seed. Seeds 0 … 2^32 − 1 give distinct
 * streams; negative and larger safe integers are folded into 32 bits.
 */
export function createUint32Rng(seed: number): () => number {
  if (!Number.isSafeInteger(seed)) throw inputError(`createRng: seed must be a safe integer, got ${seed}`);
  const whole = Math.floor(Math.abs(seed));
  const lo = whole % 4294967296;
  const hi = Math.floor(whole / 4294967296) ^ (seed < 0 ? 0x5bd1e995 : 0);
  const sm = splitmix32((lo ^ Math.imul(hi | 0, 0x27d4eb2d)) >>> 0);
  return xoshiro128ss(sm(), sm(), sm(), sm());
}

/** xoshiro128** from an explicit 128-bit state (not all zero), returning unsigned 32-bit integers. */
export function xoshiro128ss(a: number, b: number, c: number, d: number): () => number {
  let s0 = a | 0;
  let s1 = b | 0;
  let s2 = c | 0;
  let s3 = d | 0;
  if ((s0 | s1 | s2 | s3) === 0) throw inputError('xoshiro128ss: the state must not be all zero');
  return () => {
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result >>> 0;
  };
}

/** Uniform numbers in [0, 1) with 53 random bits each (two xoshiro128** outputs per number). */
export function createRng(seed: number): Rng {
  const next = createUint32Rng(seed);
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
}
