/** Heatmap of cities × first-level indicators, coloured by achievement (0–100). */
import { c, esc, fit, MUTED, scaleColour, svgOpen, textWidth } from './common.js';

export interface Heatmap {
  title: string;
  rows: string[];
  cols: { id: string; name: string }[];
  /** Achievement 0–100 (colour), per row and column. */
  values: (number | null)[][];
  /** Text shown in each cell. */
  texts: string[][];
  /** Formats the legend's low and high ends. */
  format: (x: number) => string;
}

const CELL_W = 64;
const CELL_H = 20;

export function heatmap(o: Heatmap): string {
  const labelW = Math.min(180, Math.max(40, ...o.rows.map((r) => textWidth(r, 12))) + 12);
  const top = 40;
  const width = labelW + o.cols.length * CELL_W + 10;
  const height = top + o.rows.length * CELL_H + 40;
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of o.values) {
    for (const v of r) {
      if (v === null || !Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!Number.isFinite(lo)) {
    lo = 0;
    hi = 100;
  }
  if (hi - lo < 1e-9) {
    lo -= 1;
    hi += 1;
  }
  const out = [svgOpen(width, height, o.title)];
  o.cols.forEach((col, j) => {
    const x = labelW + j * CELL_W + CELL_W / 2;
    out.push(
      `<text x="${c(x)}" y="16" text-anchor="middle" font-weight="bold" font-size="11"><title>${esc(`${col.id} ${col.name}`)}</title>${esc(col.id)}</text>`,
    );
    out.push(`<text x="${c(x)}" y="32" text-anchor="middle" font-size="10" fill="${MUTED}">${esc(fit(col.name, 10, CELL_W - 4))}</text>`);
  });
  o.rows.forEach((row, i) => {
    const y = top + i * CELL_H;
    out.push(`<text x="${c(labelW - 6)}" y="${c(y + 14)}" text-anchor="end">${esc(fit(row, 12, labelW - 10))}</text>`);
    o.cols.forEach((col, j) => {
      const v = o.values[i]?.[j] ?? null;
      const x = labelW + j * CELL_W;
      const fill = v === null ? '#eeeeee' : scaleColour((v - lo) / (hi - lo));
      const t = o.texts[i]?.[j] ?? '';
      out.push(
        `<g class="cell"><title>${esc(`${row} · ${col.id} ${col.name}: ${t}`)}</title><rect x="${c(x)}" y="${c(y)}" width="${CELL_W - 1}" height="${CELL_H - 1}" fill="${fill}"/><text x="${c(x + CELL_W / 2)}" y="${c(y + 14)}" text-anchor="middle" font-size="11">${esc(t)}</text></g>`,
      );
    });
  });
  const ly = top + o.rows.length * CELL_H + 14;
  const steps = 10;
  for (let k = 0; k < steps; k++) out.push(`<rect x="${c(labelW + k * 12)}" y="${c(ly)}" width="12" height="10" fill="${scaleColour(k / (steps - 1))}"/>`);
  out.push(`<text x="${c(labelW - 4)}" y="${c(ly + 9)}" text-anchor="end" font-size="10" fill="${MUTED}">${esc(o.format(lo))}</text>`);
  out.push(`<text x="${c(labelW + steps * 12 + 4)}" y="${c(ly + 9)}" font-size="10" fill="${MUTED}">${esc(o.format(hi))}</text>`);
  out.push('</svg>');
  return out.join('\n');
}
