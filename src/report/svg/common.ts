/**
 * Shared pieces of the SVG charts: deterministic coordinates (one decimal), escaping, text width
 * (CJK characters count double), fonts that need no download, and the colour scales.
 */
import { displayWidth } from '../../util/text-width.js';
import { escHtml } from '../format.js';

export const FONT = `font-family="'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"`;
export const MUTED = '#59636e';
export const GRID = '#d1d9e0';
export const ACCENT = '#0969da';
export const POS = '#1a7f37';
export const NEG = '#cf222e';

/** A coordinate with at most one decimal, never "-0". */
export function c(x: number): string {
  const r = Math.round(x * 10) / 10;
  return r === 0 ? '0' : String(r);
}

export const esc = escHtml;

/** Approximate rendered width of a label at a font size (px). */
export function textWidth(s: string, size: number): number {
  return displayWidth(s) * size * 0.56;
}

/** Cut a label to a pixel width (with an ellipsis). */
export function fit(s: string, size: number, width: number): string {
  if (textWidth(s, size) <= width) return s;
  let out = '';
  for (const ch of s) {
    if (textWidth(`${out}${ch}…`, size) > width) break;
    out += ch;
  }
  return `${out}…`;
}

export function svgOpen(width: number, height: number, label: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${c(width)}" height="${c(height)}" viewBox="0 0 ${c(width)} ${c(height)}" role="img" aria-label="${esc(label)}" ${FONT} font-size="12">\n<title>${esc(label)}</title>\n<rect width="100%" height="100%" fill="#ffffff"/>`;
}

const STOPS: [number, [number, number, number]][] = [
  [0, [0xf8, 0x69, 0x6b]],
  [0.5, [0xff, 0xeb, 0x84]],
  [1, [0x63, 0xbe, 0x7b]],
];

/** Red–yellow–green (Excel's three-colour scale) at t in 0–1. */
export function scaleColour(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  let k = 0;
  while (k < STOPS.length - 2 && x > STOPS[k + 1][0]) k++;
  const [t0, a] = STOPS[k];
  const [t1, b] = STOPS[k + 1];
  const u = (x - t0) / (t1 - t0);
  const ch = (i: number) =>
    Math.round(a[i] + (b[i] - a[i]) * u)
      .toString(16)
      .padStart(2, '0');
  return `#${ch(0)}${ch(1)}${ch(2)}`;
}

/** Distinct colours for tiers (lowest first) and series. */
export const PALETTE = ['#8c959f', '#bf8700', '#0969da', '#1a7f37', '#8250df', '#cf222e', '#1b7c83', '#953800'];
