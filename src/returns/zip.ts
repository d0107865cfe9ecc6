/**
 * Just enough of the ZIP format for xlsx safety and housekeeping, without a dependency:
 * - read the central directory (names, compressed and uncompressed sizes) so that a workbook that
 *   would expand beyond a limit is refused before exceljs inflates anything;
 * - inflate one small entry (workbook.xml, the _meta sheet) or scan a large one chunk by chunk
 *   (merged cells of a streamed sheet);
 * - set every entry's timestamp to a fixed date, so that written workbooks are byte-identical
 *   from run to run (exceljs stamps entries with the current time).
 */
import { createInflateRaw, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
  /** Offset of this entry's record in the central directory. */
  centralOffset: number;
}

export class ZipFormatError extends Error {}

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_LOC64 = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

export function isZip(buf: Uint8Array): boolean {
  return buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && (buf[2] === 3 || buf[2] === 5) && (buf[3] === 4 || buf[3] === 6);
}

/** Compound File Binary (OLE2): legacy .xls, WPS .et, and password-protected .xlsx. */
export function isCfb(buf: Uint8Array): boolean {
  const sig = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return buf.length >= 8 && sig.every((b, i) => buf[i] === b);
}

/** A password-protected OOXML file is a CFB container with an `EncryptedPackage` stream. */
export function isEncryptedOoxml(buf: Uint8Array): boolean {
  if (!isCfb(buf)) return false;
  const needle = Buffer.from('EncryptedPackage', 'utf16le');
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).indexOf(needle) >= 0;
}

export function readZipDirectory(buf: Buffer): ZipEntry[] {
  if (buf.length < 22) throw new ZipFormatError('too short to be a zip file');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === SIG_EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end-of-central-directory record (truncated or not a zip file)');
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if ((count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) && eocd >= 20 && buf.readUInt32LE(eocd - 20) === SIG_LOC64) {
    const off64 = Number(buf.readBigUInt64LE(eocd - 20 + 8));
    if (off64 + 56 > buf.length || buf.readUInt32LE(off64) !== SIG_EOCD64) throw new ZipFormatError('broken zip64 directory');
    count = Number(buf.readBigUInt64LE(off64 + 32));
    cdSize = Number(buf.readBigUInt64LE(off64 + 40));
    cdOffset = Number(buf.readBigUInt64LE(off64 + 48));
  }
  if (cdOffset + cdSize > buf.length) throw new ZipFormatError('the central directory lies beyond the end of the file (truncated)');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== SIG_CENTRAL) throw new ZipFormatError('broken central directory');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let csize = buf.readUInt32LE(p + 20);
    let usize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    // zip64 extra field: the 0xFFFFFFFF values follow in order usize, csize, local offset
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = buf.readUInt16LE(e);
      const len = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (usize === 0xffffffff) {
          usize = Number(buf.readBigUInt64LE(q));
          q += 8;
        }
        if (csize === 0xffffffff) {
          csize = Number(buf.readBigUInt64LE(q));
          q += 8;
        }
        if (local === 0xffffffff) local = Number(buf.readBigUInt64LE(q));
      }
      e += 4 + len;
    }
    entries.push({ name, method, flags, compressedSize: csize, uncompressedSize: usize, localOffset: local, centralOffset: p });
    p = eEnd + commentLen;
  }
  return entries;
}

function dataStart(buf: Buffer, e: ZipEntry): number {
  if (e.localOffset + 30 > buf.length || buf.readUInt32LE(e.localOffset) !== SIG_LOCAL) throw new ZipFormatError(`broken local header of ${e.name}`);
  return e.localOffset + 30 + buf.readUInt16LE(e.localOffset + 26) + buf.readUInt16LE(e.localOffset + 28);
}

/** Inflate one entry whole; refuses to produce more than `limit` bytes. */
export function inflateEntry(buf: Buffer, e: ZipEntry, limit = 64 * 1024 * 1024): Buffer {
  const start = dataStart(buf, e);
  const data = buf.subarray(start, start + e.compressedSize);
  if (e.method === 0) return data;
  if (e.method !== 8) throw new ZipFormatError(`${e.name}: unsupported compression method ${e.method}`);
  return inflateRawSync(data, { maxOutputLength: Math.max(1, Math.min(limit, e.uncompressedSize + 1024)) });
}

/** Inflate one entry as a stream of text chunks (for scanning a large sheet with constant memory). */
export async function scanEntry(buf: Buffer, e: ZipEntry, onChunk: (text: string) => void): Promise<void> {
  const start = dataStart(buf, e);
  const data = buf.subarray(start, start + e.compressedSize);
  if (e.method === 0) {
    onChunk(data.toString('utf8'));
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const inf = createInflateRaw();
    inf.setEncoding('utf8');
    inf.on('data', (s: string) => onChunk(s));
    inf.on('end', () => resolve());
    inf.on('error', reject);
    inf.end(data);
  });
}

/** Set every entry's modification time to 1980-01-01 00:00 (the DOS epoch), in place. */
export function normaliseZipTimes(buf: Buffer): Buffer {
  const entries = readZipDirectory(buf);
  const DATE = (0 << 9) | (1 << 5) | 1;
  for (const e of entries) {
    buf.writeUInt16LE(0, e.centralOffset + 12);
    buf.writeUInt16LE(DATE, e.centralOffset + 14);
    if (buf.readUInt32LE(e.localOffset) === SIG_LOCAL) {
      buf.writeUInt16LE(0, e.localOffset + 10);
      buf.writeUInt16LE(DATE, e.localOffset + 12);
    }
  }
  return buf;
}
