/**
 * The main report as a document: summary, ranking (with charts), a section per dimension, a
 * section per city (at most 50; beyond, they move to the per-city reports), data quality,
 * corrections, and method and provenance.
 */
import type { ResultsCity } from '../engine/results.js';
import { roundTo } from '../util/round.js';
import { VERSION } from '../version.js';
import { changeFigure, heatmapFigure, radarFigure, rankingFigure } from './charts.js';
import { cityBlocks } from './city.js';
import { num, type Block, type Cell, type Doc, type Inline } from './doc.js';
import { DASH, isNum, rankMove } from './format.js';
import type { ReportView } from './view.js';
import { provWhere } from './view.js';

/** The main report lists each city's section up to this many cities. */
export const CITY_SECTIONS_LIMIT = 50;
/** Findings listed in Markdown and HTML (all of them are in the workbook). */
export const FINDINGS_LIMIT = 200;

export interface MainDocOptions {
  perCity: boolean;
  /** Link to a city's own report (relative path), when per-city reports are written. */
  cityLink?: (c: ResultsCity) => string | undefined;
  /** Chart name of a city's radar. */
  radarName: (c: ResultsCity) => string;
  /** Sections from other analyses (uncertainty and sensitivity, audit), before the method. */
  analysis?: Block[];
}

export function yearText(v: ReportView): string {
  const ys = [...new Set(v.cities.map((c) => c.year))].filter((y): y is number => y !== null);
  if (!ys.length) return '';
  return v.multiYear ? `${ys[0]}–${ys[ys.length - 1]}` : v.s.yearLabel(ys[0]);
}

export function notices(v: ReportView, short = false): Block[] {
  const { s, r } = v;
  const out: Block[] = [];
  const a = r.system?.assumed?.length ?? 0;
  const p = r.system?.provisional?.length ?? 0;
  if (a || p) out.push({ t: 'notice', kind: 'warn', c: [short ? s.weightsNoticeCity : s.weightsNotice(a, p)] });
  if (r.system?.illustrative) out.push({ t: 'notice', kind: 'warn', c: [s.illustrativeNotice] });
  if (!short) for (const w of r.baseline?.warnings ?? []) out.push({ t: 'notice', kind: 'info', c: [s.baselineWarning(w)] });
  if (v.multiYear && v.focusYear !== null) out.push({ t: 'notice', kind: 'info', c: [s.latestYearNote(String(v.focusYear), yearText(v))] });
  return out;
}

export function generatedLine(v: ReportView): Block {
  const sys = `${v.r.system?.id ?? ''} ${v.r.system?.version ?? ''}`.trim();
  return { t: 'p', small: true, c: [`${v.s.system}${v.s.colon}${sys} · ${v.s.generated(`cityscore ${VERSION}`, v.date ?? '')}`] };
}

export function mainDoc(v: ReportView, o: MainDocOptions): Doc {
  const { s } = v;
  const blocks: Block[] = [{ t: 'h', level: 1, text: s.reportTitle(v.title, yearText(v)) }, generatedLine(v), ...notices(v)];
  blocks.push(...summary(v));
  blocks.push(...ranking(v));
  blocks.push(...dimensions(v));
  blocks.push(...citySections(v, o));
  blocks.push(...quality(v));
  blocks.push(...corrections(v));
  blocks.push(...(o.analysis ?? []));
  blocks.push(...method(v));
  return { lang: v.lang, title: s.reportTitle(v.title, yearText(v)), blocks };
}

function summary(v: ReportView): Block[] {
  const { s, f, r } = v;
  const scored = v.focus.filter((c) => isNum(c.total));
  const totals = scored.map((c) => c.total!);
  const mean = totals.length ? totals.reduce((a, b) => a + b, 0) / totals.length : null;
  const best = scored[0];
  const low = scored.reduce<ResultsCity | undefined>((m, c) => (!m || c.total! < m.total! ? c : m), undefined);
  const items: Inline[][] = [
    [`${s.system}${s.colon}${v.title}${s.paren(`${r.system?.id ?? ''} ${r.system?.version ?? ''}`)}`],
    [`${s.year}${s.colon}${yearText(v) || DASH}`],
    [`${s.citiesLabel}${s.colon}${s.citiesCount(v.focus.length, scored.length)}`],
  ];
  if (mean !== null) items.push([`${s.average}${s.colon}${f.score(mean)}`]);
  if (best) items.push([`${s.highest}${s.colon}${f.score(best.total)}${s.paren(best.name)}`]);
  if (low) items.push([`${s.lowest}${s.colon}${f.score(low.total)}${s.paren(low.name)}`]);
  const fc = r.summary?.findings;
  if (fc) items.push([`${s.dataQuality}${s.colon}${s.findingsCount(fc.error ?? 0, fc.warning ?? 0, fc.info ?? 0)}`]);
  if (r.baseline?.file) items.push([s.baseline(r.baseline.file)]);
  const counts = v.tierCounts();
  const n = v.focus.length || 1;
  const chart = rankingFigure(v);
  return [
    { t: 'h', level: 2, text: s.summary, id: 'summary' },
    { t: 'list', items },
    ...(chart ? [chart] : []),
    { t: 'h', level: 3, text: s.tierDistribution, id: 'tiers' },
    {
      t: 'table',
      id: 'tier-table',
      cols: [{ label: s.tier }, { label: s.tierMin, num: true }, { label: s.count, num: true }, { label: s.shareOfCities, num: true }],
      rows: counts.map((t) => [
        t.name,
        num(t.min === null ? DASH : f.score(t.min), t.min),
        num(String(t.count), t.count),
        num(f.percent(t.count / n), t.count / n),
      ]),
    },
  ];
}

/** Columns and rows of the ranking (every city-year). */
export function rankingTable(v: ReportView): Extract<Block, { t: 'table' }> {
  const { s, f } = v;
  const cols = [{ label: s.rank, num: true }, { label: s.city }];
  if (v.multiYear) cols.push({ label: s.yearCol, num: true });
  cols.push({ label: s.total, num: true }, { label: s.tier });
  if (v.hasChange) cols.push({ label: s.change, num: true }, { label: s.rankChange, num: true });
  if (v.groupName) cols.push({ label: s.groupRank(v.groupName), num: true });
  for (const d of v.dims) cols.push({ label: `${d.id} ${v.nodeName(d.id)}`, num: true });
  const rows: Cell[][] = v.cities.map((c) => {
    const row: Cell[] = [num(isNum(c.rank) ? String(c.rank) : DASH, c.rank), c.name];
    if (v.multiYear) row.push(num(c.year === null ? DASH : String(c.year), c.year));
    row.push({ text: f.score(c.total), v: isNum(c.total) ? c.total : null, b: true }, v.tierName(c.tier));
    if (v.hasChange) {
      const ch = c.change;
      row.push(ch ? num(f.signed(ch.total), ch.total) : num(s.newCity, null), num(ch ? rankMove(ch.rank) : DASH, ch?.rank ?? null));
    }
    if (v.groupName) row.push(num(isNum(c.groupRank) ? `${c.groupRank}/${c.groupOf ?? DASH}` : DASH, c.groupRank ?? null));
    for (const d of v.dims) {
      const p = v.score(c, d.id)?.points;
      row.push(num(f.score(p), p));
    }
    return row;
  });
  return { t: 'table', id: 'ranking-table', sortable: true, cols, rows, rowIds: v.cities.map((c) => c.key) };
}

function ranking(v: ReportView): Block[] {
  const { s, f } = v;
  const blocks: Block[] = [{ t: 'h', level: 2, text: s.ranking, id: 'ranking' }];
  if (v.totalMax !== null) blocks.push({ t: 'p', small: true, c: [s.rankingNote(f.score(v.totalMax))] });
  blocks.push(rankingTable(v));
  for (const fig of [heatmapFigure(v), changeFigure(v)]) if (fig) blocks.push(fig);
  return blocks;
}

function dimensions(v: ReportView): Block[] {
  const { s, f } = v;
  const blocks: Block[] = [{ t: 'h', level: 2, text: s.dimensions, id: 'dimensions' }];
  for (const d of v.dims) {
    blocks.push({ t: 'h', level: 3, text: s.dimHeading(d.id, v.nodeName(d.id), f.score(d.maxPoints)), id: `dim-${d.id.replace(/[^A-Za-z0-9_-]+/g, '_')}` });
    const st = v.dimStats(d.id, v.focus);
    if (st.bestCity && st.lowCity)
      blocks.push({ t: 'p', c: [s.dimStats(f.score(st.mean), f.score(st.best), st.bestCity.name, f.score(st.low), st.lowCity.name)] });
    const kids = v.children.get(d.id) ?? [];
    if (kids.length) {
      blocks.push({
        t: 'table',
        cols: [
          { label: s.subIndicator },
          { label: s.maxPoints, num: true },
          { label: s.averagePoints, num: true },
          { label: s.bestPoints, num: true },
          { label: s.averageRate, num: true },
        ],
        rows: kids.map((k) => {
          const ks = v.dimStats(k.id, v.focus);
          return [
            `${k.id} ${v.nodeName(k.id)}`,
            num(f.score(k.maxPoints), k.maxPoints),
            num(f.score(ks.mean), ks.mean),
            num(f.score(ks.best), ks.best),
            num(f.score(ks.meanValue), ks.meanValue),
          ];
        }),
      });
    }
    const ranked = v.focus
      .filter((c) => isNum(v.score(c, d.id)?.points))
      .sort((a, b) => v.score(b, d.id)!.points! - v.score(a, d.id)!.points! || (a.rank ?? 0) - (b.rank ?? 0));
    const shown = ranked.length <= 20 ? ranked : ranked.slice(0, 10);
    if (shown.length) {
      if (shown.length < ranked.length) blocks.push({ t: 'p', small: true, c: [s.dimTopCities(shown.length)] });
      blocks.push({
        t: 'table',
        cols: [{ label: s.rank, num: true }, { label: s.city }, { label: s.points, num: true }, { label: s.scoreRate, num: true }],
        rows: shown.map((c) => {
          const sc = v.score(c, d.id)!;
          return [num(isNum(sc.rank) ? String(sc.rank) : DASH, sc.rank), c.name, num(f.score(sc.points), sc.points), num(f.score(sc.value), sc.value)];
        }),
      });
    }
  }
  return blocks;
}

function citySections(v: ReportView, o: MainDocOptions): Block[] {
  const { s } = v;
  const blocks: Block[] = [{ t: 'h', level: 2, text: s.cities, id: 'cities' }];
  if (v.focus.length > CITY_SECTIONS_LIMIT) {
    blocks.push({ t: 'p', c: [o.perCity ? s.perCityMoved(v.focus.length) : s.perCityHint(v.focus.length)] });
    // The sections moved: a link to each city's own report, in ranking order.
    const links = o.perCity ? v.focus.flatMap((c) => (o.cityLink?.(c) ? [[{ a: `${c.rank ?? '—'}. ${c.name}${c.year !== null ? ` ${c.year}` : ''}`, href: o.cityLink(c)! }]] : [])) : [];
    if (links.length) blocks.push({ t: 'list', items: links });
    return blocks;
  }
  for (const c of v.focus) {
    const href = o.perCity ? o.cityLink?.(c) : undefined;
    blocks.push(
      ...cityBlocks(v, c, { level: 3, radar: radarFigure(v, c, o.radarName(c)), link: href ? { a: `${s.perCityLink}: ${c.name}`, href } : undefined }),
    );
  }
  return blocks;
}

export function findingsTable(v: ReportView, list: NonNullable<ReportView['r']['findings']>, limit = FINDINGS_LIMIT): Block[] {
  const { s } = v;
  const shown = list.slice(0, limit);
  const out: Block[] = [
    {
      t: 'table',
      cols: [{ label: s.severity }, { label: s.findingCode }, { label: s.location }, { label: s.message }],
      rows: shown.map((d) => [
        s.severityName(d.severity),
        d.code,
        d.location ? provWhere(d.location) : '',
        d.hint ? `${s.findingText(d.code, d.message)} (${s.hint}${s.colon}${d.hint})` : s.findingText(d.code, d.message),
      ]),
    },
  ];
  if (list.length > shown.length) out.push({ t: 'p', small: true, c: [s.moreRows(list.length - shown.length)] });
  return out;
}

function quality(v: ReportView): Block[] {
  const { s, r } = v;
  const list = r.findings ?? [];
  const fc = r.summary?.findings;
  const blocks: Block[] = [{ t: 'h', level: 2, text: s.quality, id: 'quality' }];
  if (fc) blocks.push({ t: 'p', c: [s.findingsCount(fc.error ?? 0, fc.warning ?? 0, fc.info ?? 0)] });
  if (!list.length) blocks.push({ t: 'p', c: [s.noFindings] });
  else blocks.push(...findingsTable(v, list));
  return blocks;
}

export function correctionsTable(v: ReportView, list: NonNullable<ReportView['r']['corrections']>): Block {
  const { s } = v;
  const show = (x: unknown) => (x === null || x === undefined ? DASH : String(x));
  return {
    t: 'table',
    cols: [
      { label: s.city },
      { label: s.yearCol, num: true },
      { label: s.field },
      { label: s.original, num: true },
      { label: s.corrected, num: true },
      { label: s.reason },
      { label: s.reviewer },
      { label: s.origin },
    ],
    rows: list.map((c) => [
      c.city,
      num(c.year === null ? DASH : String(c.year), c.year),
      c.field,
      show(c.original),
      show(c.corrected),
      c.reason ?? '',
      c.reviewer ?? '',
      c.origin ? provWhere(c.origin) : '',
    ]),
  };
}

function corrections(v: ReportView): Block[] {
  const { s, r } = v;
  const list = r.corrections ?? [];
  return [{ t: 'h', level: 2, text: s.corrections, id: 'corrections' }, list.length ? correctionsTable(v, list) : { t: 'p', c: [s.noCorrections] }];
}

/** Method and provenance: the system, its unconfirmed weights, inputs with hashes, options, versions. */
export function method(v: ReportView, opts: { short?: boolean } = {}): Block[] {
  const { s, r, f } = v;
  const sys = r.system;
  const m = sys?.method;
  const items: Inline[][] = [
    [`${s.systemId}${s.colon}`, { code: `${sys?.id ?? ''}` }, ` ${s.version} ${sys?.version ?? ''}`],
    [`${s.title}${s.colon}${v.title}`],
    [`${s.hash}${s.colon}`, { code: sys?.hash ?? '' }],
  ];
  if (sys?.source?.document) items.push([`${s.sourceDocument}${s.colon}${sys.source.document}`]);
  if (sys?.chain?.length)
    items.push([`${s.chain}${s.colon}`, ...sys.chain.flatMap((c, k): Inline[] => [...(k ? [' ← '] : []), { code: `${c.id} ${c.version}` }])]);
  if (m) {
    items.push([`${s.scoring}${s.colon}${s.scoringName(m.scoring)}${m.relative ? ` · ${s.scope}${s.colon}${m.scope}` : ''}`]);
    items.push([`${s.rules}${s.colon}${(m.rules ?? []).join(', ')}`]);
    items.push([`${s.aggregation}${s.colon}${(m.aggregation ?? []).join(', ')}`]);
    if (m.imputation) items.push([`${s.imputation}${s.colon}${JSON.stringify(m.imputation)}`]);
    if (m.outliers) items.push([`${s.outliers}${s.colon}${JSON.stringify(m.outliers)}`]);
  }
  items.push([`${s.precision}${s.colon}${f.precision} · ${s.rounding}${s.colon}${s.roundingName(f.rule)}`]);
  if (r.groupBy && v.groupName) items.push([`${s.groupBy}${s.colon}${v.groupName}`]);
  items.push([`${s.computedBy}${s.colon}${r.cityscore ?? s.notRecorded} · ${s.renderedBy}${s.colon}${VERSION}`]);
  items.push([`${s.date}${s.colon}${v.date ?? s.notRecorded}`]);
  const blocks: Block[] = [
    { t: 'h', level: 2, text: s.method, id: 'method' },
    { t: 'list', items },
  ];
  const weightList = (ids: string[], label: string) => {
    if (!ids.length) return;
    blocks.push({ t: 'h', level: 3, text: `${label}${s.paren(String(ids.length))}` });
    blocks.push({
      t: 'table',
      cols: [{ label: s.id }, { label: s.name }, { label: s.weightModeCol }, { label: s.weight, num: true }, { label: s.effShare, num: true }],
      rows: ids.map((id) => {
        const n = v.node.get(id);
        return [
          id,
          v.nodeName(id),
          n ? s.weightMode(n.weight.mode) : DASH,
          num(n && isNum(n.weight.value) ? String(roundTo(n.weight.value, 6)) : DASH, n?.weight.value),
          num(f.percent(n?.effShare), n?.effShare),
        ];
      }),
    });
  };
  weightList(sys?.assumed ?? [], s.assumedWeights);
  weightList(sys?.provisional ?? [], s.provisionalWeights);
  const inputs = r.inputs ?? [];
  if (inputs.length) {
    blocks.push({ t: 'h', level: 3, text: s.inputs });
    blocks.push({
      t: 'table',
      cols: [{ label: s.path }, { label: s.kind }, { label: s.source }, { label: 'SHA-256' }],
      rows: inputs.map((i) => [i.path, i.kind, i.source ?? '', (i.hash ?? '').replace(/^sha256:/, '')]),
    });
  }
  if (!opts.short && r.options && Object.keys(r.options).length) {
    blocks.push({ t: 'h', level: 3, text: s.options });
    blocks.push({ t: 'list', items: Object.keys(r.options).map((k) => [{ code: `${k} = ${JSON.stringify(r.options[k])}` }]) });
  }
  return blocks;
}
