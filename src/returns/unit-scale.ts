/**
 * Units that differ only by a Chinese magnitude: 人 and 万人, 万元 and 亿元, 人/万人 and 人/十万人.
 * A value stated in one converts exactly to the other; any other pair of units does not convert
 * (个 and 项, km² and 公顷): the caller warns and reads the value as it stands.
 */
import { key } from './text.js';

/** Magnitude prefixes, longest first so that 十万 is not read as 十 + 万. */
const PREFIXES: [string, number][] = [
  ['十万', 1e5],
  ['百万', 1e6],
  ['千万', 1e7],
  ['十', 10],
  ['百', 100],
  ['千', 1e3],
  ['万', 1e4],
  ['亿', 1e8],
];

interface Scaled {
  base: string;
  scale: number;
}

function part(s: string): Scaled | undefined {
  for (const [p, m] of PREFIXES) {
    if (s.startsWith(p) && s.length > p.length) return { base: s.slice(p.length), scale: m };
  }
  return s ? { base: s, scale: 1 } : undefined;
}

/** A unit as a base and a scale: 万人 = 1e4 人; 人/十万人 = 1e-5 人/人. */
function scaled(unit: string): Scaled | undefined {
  const parts = key(unit).split('/');
  if (parts.length > 2) return undefined;
  const num = part(parts[0]);
  if (!num) return undefined;
  if (parts.length === 1) return num;
  const den = part(parts[1]);
  if (!den) return undefined;
  return { base: `${num.base}/${den.base}`, scale: num.scale / den.scale };
}

/**
 * The factor that turns a value in `stated` into the same quantity in `target` (500000 人 × 1e-4 =
 * 50 万人), or undefined when the two units are not the same unit at different magnitudes.
 */
export function unitFactor(stated: string, target: string): number | undefined {
  const a = scaled(stated);
  const b = scaled(target);
  if (!a || !b || a.base !== b.base || a.scale === b.scale) return undefined;
  return a.scale / b.scale;
}

/** A value converted by a factor, without the binary noise of the multiplication (15 digits). */
export function convertValue(x: number, factor: number): number {
  return Number((x * factor).toPrecision(15));
}

/** The factor as people read it: ×10, ÷10000. */
export function describeFactor(factor: number): string {
  return factor >= 1 ? `×${factor}` : `÷${Number((1 / factor).toPrecision(15))}`;
}
