/**
 * Decoding CSV bytes: a BOM decides; otherwise strict UTF-8 first, then GB18030 (a superset of
 * GBK and GB2312), unless `--encoding` says otherwise. Node's TextDecoder does the work (full ICU).
 * Also an encoder for GB18030 (TextEncoder only does UTF-8), used to write GB18030 samples and tests.
 */
import { CityscoreError } from '../errors.js';

export type Encoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

const ALIASES: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-8-sig': 'utf-8',
  'utf-8-bom': 'utf-8',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  cp936: 'gb18030',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

export function normaliseEncoding(name: string): Encoding {
  const e = ALIASES[name.trim().toLowerCase()];
  if (!e) {
    throw new CityscoreError('USAGE', `unknown encoding "${name}"`, { hint: 'use utf-8 or gb18030 (gbk and gb2312 are read as gb18030)' });
  }
  return e;
}

export interface Decoded {
  text: string;
  /** What was used, as recorded in dataset.inputs: utf-8, utf-8-bom, gb18030, utf-16le… */
  encoding: string;
}

/** Decode a text file. Throws a located CityscoreError (file:line) on bytes invalid in the chosen encoding. */
export function decodeText(bytes: Uint8Array, file: string, override?: string): Decoded {
  const bomUtf8 = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const bom16le = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
  const bom16be = bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff;
  if (override) {
    const enc = normaliseEncoding(override);
    return { text: strictDecode(bytes, enc, file), encoding: enc === 'utf-8' && bomUtf8 ? 'utf-8-bom' : enc };
  }
  if (bomUtf8) return { text: strictDecode(bytes, 'utf-8', file), encoding: 'utf-8-bom' };
  if (bom16le) return { text: strictDecode(bytes, 'utf-16le', file), encoding: 'utf-16le' };
  if (bom16be) return { text: strictDecode(bytes, 'utf-16be', file), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8: try GB18030 below
  }
  const text = strictDecode(bytes, 'gb18030', file, 'the file is neither UTF-8 nor GB18030 text');
  return { text, encoding: 'gb18030' };
}

function strictDecode(bytes: Uint8Array, enc: Encoding, file: string, message = `the file is not valid ${enc}`): string {
  try {
    return new TextDecoder(enc, { fatal: true }).decode(bytes);
  } catch {
    // Find roughly where: decode growing prefixes is too slow; bisect on line starts instead.
    let lo = 0;
    let hi = bytes.length;
    while (hi - lo > 64) {
      const mid = (lo + hi) >> 1;
      let cut = mid;
      while (cut > lo && bytes[cut - 1] !== 0x0a) cut--;
      if (cut === lo) break;
      try {
        new TextDecoder(enc, { fatal: true }).decode(bytes.subarray(0, cut));
        lo = cut;
      } catch {
        hi = cut;
      }
    }
    throw new CityscoreError('ENCODING', message, {
      location: { file, line: lineAt(bytes, lo) },
      hint:
        enc === 'utf-8'
          ? 'it may be GB18030/GBK: try --encoding gb18030, or omit --encoding to detect it'
          : 'save it as CSV UTF-8 (Excel: 另存为 → CSV UTF-8), or name the encoding with --encoding',
    });
  }
}

/** 1-based line of a byte offset. */
export function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

// ---------------------------------------------------------------------------------------------
// GB18030 encoding (for writing samples and test files).

let table: Map<number, number> | undefined;

/** Build the two-byte GBK table by decoding every lead/trail pair once (about 24,000 entries). */
function gbkTable(): Map<number, number> {
  if (table) return table;
  table = new Map();
  const dec = new TextDecoder('gb18030');
  const buf = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      buf[0] = lead;
      buf[1] = trail;
      const s = dec.decode(buf);
      if (s.length === 1 && s !== '\ufffd' && !table.has(s.charCodeAt(0))) table.set(s.charCodeAt(0), (lead << 8) | trail);
    }
  }
  return table;
}

/** Encode text as GB18030 (ASCII and the two-byte GBK range; other characters are an error). */
export function encodeGb18030(text: string): Uint8Array {
  const t = gbkTable();
  const out = new Uint8Array(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    const g = t.get(c);
    if (g === undefined) throw new Error(`cannot encode U+${c.toString(16).toUpperCase()} (${text[i]}) in GB18030's two-byte range`);
    out[n++] = g >> 8;
    out[n++] = g & 0xff;
  }
  return out.subarray(0, n);
}
