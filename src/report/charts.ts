/**
 * The report's charts, built from the view: ranking bars, heatmap, change since the baseline, and
 * for one city a radar against its peers and its lost points by dimension.
 */
import type { ResultsCity } from '../engine/results.js';
import type { Block } from './doc.js';
import { isNum } from './format.js';
import { barChart } from './svg/bars.js';
import { changeChart } from './svg/change.js';
import { ACCENT, MUTED, NEG, PALETTE } from './svg/common.js';
import { heatmap } from './svg/heatmap.js';
import { radarChart } from './svg/radar.js';
import type { ReportView } from './view.js';

export type Figure = Extract<Block, { t: 'figure' }>;

/** Charts list at most this many cities. */
export const CHART_LIMIT = 50;

function tierColours(v: ReportView): Map<string, string> {
  const tiers = [...(v.r.system?.settings?.tiers ?? [])].sort((a, b) => (a.min ?? 0) - (b.min ?? 0));
  const step = tiers.length > 1 ? Math.max(1, Math.floor((PALETTE.length - 1) / (tiers.length - 1))) : 1;
  return new Map(tiers.map((t, k) => [t.id, PALETTE[Math.min(PALETTE.length - 1, k * step)]]));
}

export function rankingFigure(v: ReportView): Figure | null {
  const ranked = v.focus.filter((c) => isNum(c.total));
  if (!ranked.length) return null;
  const shown = ranked.slice(0, CHART_LIMIT);
  const colours = tierColours(v);
  const used = new Set(shown.map((c) => c.tier?.id ?? ''));
  const legend = (v.r.system?.settings?.tiers ?? []).filter((t) => used.has(t.id)).map((t) => ({ name: v.tierName(t), colour: colours.get(t.id)! }));
  const caption = `${v.s.chartRanking}${ranked.length > shown.length ? v.s.chartTop(shown.length) : ''}`;
  const max = v.totalMax ?? Math.max(...shown.map((c) => c.total!));
  const svg = barChart({
    title: caption,
    max,
    legend,
    bars: shown.map((c) => ({
      label: `${c.rank ?? ''}. ${c.name}`,
      value: c.total,
      text: v.f.score(c.total),
      colour: c.tier ? colours.get(c.tier.id) : MUTED,
      note: v.tierName(c.tier),
    })),
  });
  return { t: 'figure', name: 'ranking', svg, caption };
}

export function heatmapFigure(v: ReportView): Figure | null {
  if (!v.chartDims.length || !v.focus.length) return null;
  const shown = v.focus.slice(0, CHART_LIMIT);
  const caption = `${v.s.chartHeatmap}${v.focus.length > shown.length ? v.s.chartTop(shown.length) : ''}`;
  const values = shown.map((c) => v.chartDims.map((d) => v.score(c, d.id)?.value ?? null));
  const svg = heatmap({
    title: caption,
    rows: shown.map((c) => c.name),
    cols: v.chartDims.map((d) => ({ id: d.id, name: v.nodeName(d.id) })),
    values: values.map((r) => r.map((x) => (isNum(x) ? x : null))),
    texts: values.map((r) => r.map((x) => v.f.rate(x))),
    format: (x) => v.f.rate(x),
  });
  return { t: 'figure', name: 'heatmap', svg, caption };
}

export function changeFigure(v: ReportView): Figure | null {
  const items = v.focus.filter((c) => isNum(c.change?.total));
  if (!items.length) return null;
  let shown = items;
  let caption = v.s.chartChange;
  if (items.length > CHART_LIMIT) {
    const byAbs = [...items].sort((a, b) => Math.abs(b.change!.total!) - Math.abs(a.change!.total!) || (a.rank ?? 0) - (b.rank ?? 0));
    const keep = new Set(byAbs.slice(0, CHART_LIMIT));
    shown = items.filter((c) => keep.has(c));
    caption += v.s.chartChangeSome(CHART_LIMIT);
  }
  shown = [...shown].sort((a, b) => b.change!.total! - a.change!.total! || (a.rank ?? 0) - (b.rank ?? 0));
  const svg = changeChart({
    title: caption,
    format: (x) => v.f.signed(x),
    items: shown.map((c) => ({ label: c.name, delta: c.change!.total!, text: v.f.signed(c.change!.total) })),
  });
  return { t: 'figure', name: 'change', svg, caption };
}

export function radarFigure(v: ReportView, city: ResultsCity, name: string): Figure | null {
  if (v.chartDims.length < 3) return null;
  const peers = v.peers(city);
  const caption = v.s.chartRadar(city.name);
  const svg = radarChart({
    title: caption,
    axes: v.chartDims.map((d) => v.nodeName(d.id)),
    series: [
      { name: v.s.seriesBest, values: v.chartDims.map((d) => v.dimStats(d.id, peers).bestValue), colour: '#1a7f37', dash: true },
      { name: v.s.seriesAverage, values: v.chartDims.map((d) => v.dimStats(d.id, peers).meanValue), colour: MUTED, dash: true },
      { name: city.name, values: v.chartDims.map((d) => num(v.score(city, d.id)?.value)), colour: ACCENT, fill: true },
    ],
  });
  return { t: 'figure', name, svg, caption };
}

export function lostFigure(v: ReportView, city: ResultsCity, name: string): Figure | null {
  const dims = v.dims.filter((d) => isNum(v.score(city, d.id)?.lost));
  if (!dims.length) return null;
  const caption = v.s.chartLost(city.name);
  // Scaled to the largest loss, so that the dimensions where the city loses most stand out.
  const max = Math.max(...dims.map((d) => v.score(city, d.id)!.lost!));
  const svg = barChart({
    title: caption,
    max,
    bars: dims.map((d) => ({ label: `${d.id} ${v.nodeName(d.id)}`, value: v.score(city, d.id)!.lost, text: v.f.score(v.score(city, d.id)!.lost), colour: NEG })),
  });
  return { t: 'figure', name, svg, caption };
}

const num = (x: unknown): number | null => (isNum(x) ? x : null);
