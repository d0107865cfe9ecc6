/** Diverging bars: change in the total since the baseline, per city (the axis spans only the signs present). */
import { c, esc, fit, GRID, MUTED, NEG, POS, svgOpen, textWidth } from './common.js';

export interface ChangeItem {
  label: string;
  delta: number;
  /** The change as displayed (signed, rounded by the system's rule). */
  text: string;
}

const ROW = 20;
const PLOT = 440;

export function changeChart(o: { title: string; items: ChangeItem[]; format: (x: number) => string }): string {
  const labelW = Math.min(200, Math.max(40, ...o.items.map((i) => textWidth(i.label, 12))) + 12);
  const lo = Math.min(0, ...o.items.map((i) => i.delta));
  const hi = Math.max(0, ...o.items.map((i) => i.delta));
  const span = hi - lo > 1e-12 ? hi - lo : 1;
  const pad = 56;
  const left = labelW + (lo < 0 ? pad : 0);
  const width = left + PLOT + pad;
  const top = 8;
  const height = top + o.items.length * ROW + 26;
  const x = (v: number) => left + ((v - lo) / span) * PLOT;
  const zero = x(0);
  const out = [svgOpen(width, height, o.title)];
  const axisY = top + o.items.length * ROW;
  const ticks = [...new Set([lo, lo / 2, hi / 2, hi].filter((t) => Math.abs(t) > 1e-12))];
  for (const t of ticks) {
    out.push(`<line x1="${c(x(t))}" y1="${c(top)}" x2="${c(x(t))}" y2="${c(axisY)}" stroke="${GRID}" stroke-width="1"/>`);
    out.push(`<text x="${c(x(t))}" y="${c(axisY + 16)}" text-anchor="middle" font-size="11" fill="${MUTED}">${esc(o.format(t))}</text>`);
  }
  out.push(`<line x1="${c(zero)}" y1="${c(top)}" x2="${c(zero)}" y2="${c(axisY)}" stroke="${MUTED}" stroke-width="1"/>`);
  out.push(`<text x="${c(zero)}" y="${c(axisY + 16)}" text-anchor="middle" font-size="11" fill="${MUTED}">0</text>`);
  o.items.forEach((it, i) => {
    const y = top + i * ROW;
    const w = Math.abs(x(it.delta) - zero);
    const pos = it.delta >= 0;
    const bx = pos ? zero : zero - w;
    const tx = pos ? zero + w + 4 : zero - w - 4;
    out.push(
      `<g class="change"><title>${esc(`${it.label}: ${it.text}`)}</title>` +
        `<text x="${c(labelW - 6)}" y="${c(y + 14)}" text-anchor="end">${esc(fit(it.label, 12, labelW - 10))}</text>` +
        `<rect x="${c(bx)}" y="${c(y + 3)}" width="${c(w)}" height="14" fill="${pos ? POS : NEG}"/>` +
        `<text x="${c(tx)}" y="${c(y + 14)}" font-size="11" text-anchor="${pos ? 'start' : 'end'}">${esc(it.text)}</text></g>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}
