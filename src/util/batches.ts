/**
 * Pieces encoded as UTF-8 into buffers of about `size` bytes, each made of whole pieces: large
 * output (the results JSON of thousands of cities) is written without one giant string, without
 * joining, and without a buffer per piece. Every batch is a fresh buffer, safe to hand to an
 * asynchronous writer.
 */
export function* encodeBatches(pieces: Iterable<string>, size = 1 << 20): Generator<Uint8Array> {
  let buf = Buffer.allocUnsafe(size);
  let off = 0;
  for (const p of pieces) {
    const need = p.length * 3;
    if (off > 0 && off + need > buf.length) {
      yield buf.subarray(0, off);
      buf = Buffer.allocUnsafe(Math.max(size, need));
      off = 0;
    } else if (off === 0 && need > buf.length) buf = Buffer.allocUnsafe(need);
    off += buf.write(p, off);
  }
  if (off > 0) yield buf.subarray(0, off);
}
