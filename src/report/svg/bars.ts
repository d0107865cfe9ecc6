/** Horizontal bar chart (the ranking; a city's lost points by dimension). */
import { c, esc, fit, GRID, MUTED, PALETTE, svgOpen, textWidth } from './common.js';

export interface Bar {
  label: string;
  value: number | null;
  /** The value as displayed (rounded by the system's rule). */
  text: string;
  colour?: string;
  /** Extra text for the tooltip. */
  note?: string;
}

export interface BarChart {
  title: string;
  bars: Bar[];
  /** Value at the right end of the axis. */
  max: number;
  legend?: { name: string; colour: string }[];
}

const ROW = 20;

export function barChart(o: BarChart): string {
  const labelW = Math.min(200, Math.max(40, ...o.bars.map((b) => textWidth(b.label, 12))) + 12);
  const plotW = 460;
  const valueW = 56;
  const legendH = o.legend?.length ? 24 : 0;
  const top = 8 + legendH;
  const width = labelW + plotW + valueW + 8;
  const height = top + o.bars.length * ROW + 28;
  const max = o.max > 0 ? o.max : 1;
  const x = (v: number) => labelW + (Math.max(0, Math.min(v, max)) / max) * plotW;
  const out = [svgOpen(width, height, o.title)];
  if (o.legend?.length) {
    let lx = labelW;
    for (const l of o.legend) {
      out.push(`<rect x="${c(lx)}" y="8" width="12" height="12" fill="${l.colour}"/><text x="${c(lx + 16)}" y="18" fill="${MUTED}">${esc(l.name)}</text>`);
      lx += 16 + textWidth(l.name, 12) + 16;
    }
  }
  const axisY = top + o.bars.length * ROW;
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    const gx = x(v);
    out.push(`<line x1="${c(gx)}" y1="${c(top)}" x2="${c(gx)}" y2="${c(axisY)}" stroke="${GRID}" stroke-width="1"/>`);
    out.push(`<text x="${c(gx)}" y="${c(axisY + 16)}" text-anchor="middle" fill="${MUTED}" font-size="11">${esc(trim(v))}</text>`);
  }
  o.bars.forEach((b, i) => {
    const y = top + i * ROW;
    const w = b.value === null ? 0 : x(b.value) - labelW;
    out.push(
      `<g class="bar"><title>${esc(`${b.label}: ${b.text}${b.note ? ` (${b.note})` : ''}`)}</title>` +
        `<text x="${c(labelW - 6)}" y="${c(y + 14)}" text-anchor="end">${esc(fit(b.label, 12, labelW - 10))}</text>` +
        `<rect x="${c(labelW)}" y="${c(y + 3)}" width="${c(w)}" height="14" fill="${b.colour ?? PALETTE[2]}"/>` +
        `<text x="${c(labelW + w + 4)}" y="${c(y + 14)}" font-size="11" data-value="${esc(b.text)}">${esc(b.text)}</text></g>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}

function trim(v: number): string {
  return String(Math.round(v * 100) / 100);
}
