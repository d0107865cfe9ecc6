/**
 * A rank-interval chart as a self-contained SVG string, for reports to embed: one row per city,
 * the 5th–95th percentile interval of its rank as a bar, the median as a dot and the nominal rank
 * as a tick. Rank 1 is on the left. No external fonts, scripts or styles.
 */
import type { SensitivityResult } from './result.js';

export interface IntervalRow {
  label: string;
  nominal: number | null;
  median: number | null;
  q5: number | null;
  q95: number | null;
}

export interface ChartOptions {
  title?: string;
  /** The worst rank on the axis (default: the largest rank in the rows). */
  maxRank?: number;
  /** Total width in pixels (default 640). */
  width?: number;
  rowHeight?: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (x: number) => Number(x.toFixed(2)).toString();

/** The rows of one year (or the only year), ordered by nominal rank. */
export function rankIntervalRows(result: SensitivityResult, year?: number | null): IntervalRow[] {
  const y = year === undefined ? result.years[result.years.length - 1] : year;
  return result.uncertainty.cities
    .filter((c) => c.year === y)
    .sort((a, b) => (a.nominal.rank ?? Infinity) - (b.nominal.rank ?? Infinity) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((c) => ({ label: c.name, nominal: c.nominal.rank, median: c.rank.median, q5: c.rank.q5, q95: c.rank.q95 }));
}

export function rankIntervalSvg(rows: readonly IntervalRow[], opts: ChartOptions = {}): string {
  const width = opts.width ?? 640;
  const rowH = opts.rowHeight ?? 18;
  const labelW = Math.min(200, 24 + 13 * Math.max(2, ...rows.map((r) => [...r.label].length)));
  const top = opts.title ? 40 : 16;
  const bottom = 36;
  const right = 16;
  const maxRank = Math.max(2, opts.maxRank ?? Math.max(1, ...rows.flatMap((r) => [r.q95 ?? 0, r.nominal ?? 0, r.median ?? 0])));
  const plotW = width - labelW - right;
  const x = (rank: number) => labelW + ((rank - 1) / (maxRank - 1)) * plotW;
  const height = top + rows.length * rowH + bottom;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img">`,
  );
  if (opts.title) out.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(opts.title)}</text>`);
  const ticks = niceTicks(maxRank);
  for (const t of ticks) {
    out.push(`<line x1="${n(x(t))}" y1="${top - 4}" x2="${n(x(t))}" y2="${top + rows.length * rowH}" stroke="#e3e3e3"/>`);
    out.push(`<text x="${n(x(t))}" y="${top + rows.length * rowH + 16}" text-anchor="middle" fill="#555">${t}</text>`);
  }
  out.push(`<text x="${n(labelW + plotW / 2)}" y="${height - 4}" text-anchor="middle" fill="#555">rank (1 = best): 5–95% interval, ● median, | nominal</text>`);
  rows.forEach((r, i) => {
    const cy = top + i * rowH + rowH / 2;
    out.push(`<text x="${labelW - 8}" y="${n(cy + 4)}" text-anchor="end">${esc(r.label)}</text>`);
    if (r.q5 !== null && r.q95 !== null)
      out.push(`<line x1="${n(x(r.q5))}" y1="${n(cy)}" x2="${n(x(r.q95))}" y2="${n(cy)}" stroke="#4a7ab5" stroke-width="5" stroke-linecap="round"/>`);
    if (r.median !== null) out.push(`<circle cx="${n(x(r.median))}" cy="${n(cy)}" r="4" fill="#1d3f6e"/>`);
    if (r.nominal !== null)
      out.push(`<line x1="${n(x(r.nominal))}" y1="${n(cy - 6)}" x2="${n(x(r.nominal))}" y2="${n(cy + 6)}" stroke="#c0392b" stroke-width="2"/>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function niceTicks(max: number): number[] {
  const step =
    max <= 10
      ? 1
      : max <= 20
        ? 2
        : max <= 50
          ? 5
          : 10 ** Math.floor(Math.log10(max / 5)) * ([1, 2, 5].find((m) => max / 5 / 10 ** Math.floor(Math.log10(max / 5)) <= m) ?? 10);
  const out = [1];
  for (let t = step; t <= max; t += step) if (t > 1) out.push(t);
  return out;
}
