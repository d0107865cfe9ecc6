/** File names for per-city reports and charts: readable, safe on every file system, unique. */
import type { ResultsCity } from '../engine/results.js';

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

function safe(s: string): string {
  const t = s
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}_-]+/gu, '_')
    .replace(/_+/g, '_')
    .replace(/^[_.-]+|[_.-]+$/g, '');
  const cut = [...t].slice(0, 40).join('');
  return RESERVED.test(cut) ? `_${cut}` : cut;
}

/** `450100-南宁市-2023` (code, name, year); a suffix keeps stems unique. */
export function cityStems(cities: readonly ResultsCity[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const c of cities) {
    const parts = [c.code ? safe(c.code) : '', safe(c.name) || 'city', c.year !== null && c.year !== undefined ? String(c.year) : ''].filter(Boolean);
    const base = parts.join('-');
    let stem = base;
    for (let k = 2; used.has(stem.toLowerCase()); k++) stem = `${base}-${k}`;
    used.add(stem.toLowerCase());
    out.set(c.key, stem);
  }
  return out;
}
