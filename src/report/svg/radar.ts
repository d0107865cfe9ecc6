/** Radar of first-level achievement (0–100) for one city against the average and the best. */
import { c, esc, fit, GRID, MUTED, svgOpen, textWidth } from './common.js';

export interface RadarSeries {
  name: string;
  values: (number | null)[];
  colour: string;
  fill?: boolean;
  dash?: boolean;
}

export interface RadarChart {
  title: string;
  axes: string[];
  series: RadarSeries[];
}

export function radarChart(o: RadarChart): string {
  const R = 120;
  const cx = 230;
  const cy = 170;
  const width = 460;
  const height = 360;
  const n = Math.max(o.axes.length, 1);
  const angle = (k: number) => -Math.PI / 2 + (2 * Math.PI * k) / n;
  const pt = (k: number, v: number) => {
    const r = (Math.max(0, Math.min(100, v)) / 100) * R;
    return [cx + r * Math.cos(angle(k)), cy + r * Math.sin(angle(k))];
  };
  const out = [svgOpen(width, height, o.title)];
  for (const ring of [20, 40, 60, 80, 100]) {
    const pts = o.axes.map((_, k) => pt(k, ring).map(c).join(',')).join(' ');
    out.push(`<polygon points="${pts}" fill="none" stroke="${GRID}" stroke-width="1"/>`);
    const [, ly] = pt(0, ring);
    out.push(`<text x="${c(cx + 3)}" y="${c(ly + 10)}" font-size="9" fill="${MUTED}">${ring}</text>`);
  }
  o.axes.forEach((a, k) => {
    const [ex, ey] = pt(k, 100);
    out.push(`<line x1="${c(cx)}" y1="${c(cy)}" x2="${c(ex)}" y2="${c(ey)}" stroke="${GRID}" stroke-width="1"/>`);
    const lx = cx + (R + 12) * Math.cos(angle(k));
    const ly = cy + (R + 12) * Math.sin(angle(k));
    const cos = Math.cos(angle(k));
    const anchor = Math.abs(cos) < 0.2 ? 'middle' : cos > 0 ? 'start' : 'end';
    const dy = Math.sin(angle(k)) > 0.5 ? 10 : Math.sin(angle(k)) < -0.5 ? -2 : 4;
    out.push(`<text x="${c(lx)}" y="${c(ly + dy)}" text-anchor="${anchor}" font-size="11">${esc(fit(a, 11, 100))}</text>`);
  });
  for (const s of o.series) {
    const pts = s.values
      .map((v, k) =>
        pt(k, v ?? 0)
          .map(c)
          .join(','),
      )
      .join(' ');
    out.push(
      `<polygon class="series" data-series="${esc(s.name)}" points="${pts}" fill="${s.fill ? s.colour : 'none'}" fill-opacity="${s.fill ? '0.18' : '0'}" stroke="${s.colour}" stroke-width="${s.fill ? 2 : 1.5}"${s.dash ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
  }
  let lx = 20;
  const ly = height - 14;
  for (const s of o.series) {
    out.push(
      `<line x1="${c(lx)}" y1="${c(ly - 4)}" x2="${c(lx + 18)}" y2="${c(ly - 4)}" stroke="${s.colour}" stroke-width="2"${s.dash ? ' stroke-dasharray="4 3"' : ''}/><text x="${c(lx + 22)}" y="${c(ly)}" fill="${MUTED}">${esc(s.name)}</text>`,
    );
    lx += 22 + textWidth(s.name, 12) + 18;
  }
  out.push('</svg>');
  return out.join('\n');
}
