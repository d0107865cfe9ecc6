/**
 * Units that differ only by a Chinese magnitude: 人 and 万人, 万元 and 亿元, 人/万人 and 人/十万人.
 * A value stated in one converts exactly to the other; any other pair of units does not convert
 * (个 and 项, km² and 公顷): the caller warns and reads the value as it stands.
 */
import { key } from './text.js';

/** Magnitude prefixes, the longer first so that 十万 is one prefix. */
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

/** Magnitude prefixes, stacked (万千瓦 = 1e7 瓦); the base is what is left. 百分/千分 are not magnitudes. */
function part(s: string): Scaled | undefined {
  if (/^[百千]分/.test(s)) return { base: s, scale: 1 };
  let scale = 1;
  let rest = s;
  for (;;) {
    const hit = PREFIXES.find(([p]) => rest.startsWith(p) && rest.length > p.length);
    if (!hit) break;
    scale *= hit[1];
    rest = rest.slice(hit[0].length);
  }
  return rest ? { base: rest, scale } : undefined;
}

/** A bare magnitude (万, 亿): the column says how many of the field's units one stands for. */
function bareMagnitude(s: string): number | undefined {
  return PREFIXES.find(([p]) => p === s)?.[1];
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
 * 50 万人; 1 means the same unit written another way, 万 for 万人), or undefined when the two are
 * not the same unit at different magnitudes. A bare magnitude (万) stands for that many units of
 * the target's base.
 */
export function unitFactor(stated: string, target: string): number | undefined {
  const b = scaled(target);
  if (!b) return undefined;
  const bare = bareMagnitude(key(stated));
  const a = bare !== undefined && !b.base.includes('/') ? { base: b.base, scale: bare } : scaled(stated);
  if (!a || a.base !== b.base) return undefined;
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
