/**
 * Stable ascending sort order of doubles by LSD radix sort on their IEEE-754 bit patterns (six
 * 11-bit digits; passes whose digit is the same for every value are skipped). About twice as fast
 * as a comparator sort for a few thousand values, which matters when a sensitivity analysis ranks
 * thousands of cities thousands of times.
 */

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;
const SMALL = 64;

/**
 * Indices of the non-NaN entries of `values`, ordered by increasing value. Stable: equal values
 * keep the order they have in `initial` (default 0, 1, 2, …), so sorting by b and then by a with
 * `initial` = the first order gives the order by (a, b). −0 and +0 are adjacent, in either order;
 * compare with === to group ties.
 */
export function ascendingOrder(values: ArrayLike<number>, initial?: Uint32Array): Uint32Array {
  const n = values.length;
  const start = initial ?? identity(n);
  let k = 0;
  let idx = new Uint32Array(start.length);
  for (let p = 0; p < start.length; p++) {
    const j = start[p];
    if (!Number.isNaN(values[j])) idx[k++] = j;
  }
  idx = idx.subarray(0, k);
  if (k < SMALL) return insertionSort(values, idx);

  // Order-preserving unsigned keys: flip all bits of negatives, the sign bit of the others.
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let p = 0; p < k; p++) {
    const j = idx[p];
    F64[0] = values[j];
    const h = U32[HI];
    const l = U32[LO];
    if (h & 0x80000000) {
      hi[j] = ~h >>> 0;
      lo[j] = ~l >>> 0;
    } else {
      hi[j] = (h | 0x80000000) >>> 0;
      lo[j] = l;
    }
  }
  let tmp = new Uint32Array(k);
  const digit = new Uint16Array(n);
  const count = new Uint32Array(2048);
  for (let pass = 0; pass < 6; pass++) {
    const b = 11 * pass;
    for (let p = 0; p < k; p++) {
      const j = idx[p];
      let d: number;
      if (b + 11 <= 32) d = lo[j] >>> b;
      else if (b >= 32) d = hi[j] >>> (b - 32);
      else d = (lo[j] >>> b) | (hi[j] << (32 - b));
      digit[j] = d & 2047;
    }
    count.fill(0);
    for (let p = 0; p < k; p++) count[digit[idx[p]]]++;
    if (count[digit[idx[0]]] === k) continue; // every value has the same digit: nothing to do
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let p = 0; p < k; p++) {
      const j = idx[p];
      tmp[count[digit[j]]++] = j;
    }
    const t = idx;
    idx = tmp;
    tmp = t;
  }
  return idx;
}

function identity(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function insertionSort(values: ArrayLike<number>, idx: Uint32Array): Uint32Array {
  for (let p = 1; p < idx.length; p++) {
    const j = idx[p];
    const v = values[j];
    let q = p - 1;
    while (q >= 0 && values[idx[q]] > v) {
      idx[q + 1] = idx[q];
      q--;
    }
    idx[q + 1] = j;
  }
  return idx;
}
