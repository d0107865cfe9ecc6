/**
 * The workbook's sheets, in the report language. Human-facing sheets hold values rounded by the
 * system's rule (Excel shows and sums what the report says); the full-precision sheet holds the
 * unrounded points and indicator values.
 */
import type { ResultsCity, ResultsNode } from '../../engine/results.js';
import { VERSION } from '../../version.js';
import { correctionsOf, findingsOf } from '../city.js';
import { isNum } from '../format.js';
import { roundTo, type RoundingRule } from '../../util/round.js';
import type { ReportView } from '../view.js';
import { levelLabel, provWhere } from '../view.js';
import type { Book, ColSpec, XValue } from './book.js';

export interface SheetScope {
  /** The city-years to list (every one for the main workbook; one for a city's workbook). */
  cities: ResultsCity[];
  /** Improvement priorities per city (all when undefined). */
  priorities?: number;
  /** A city's own workbook: findings and corrections about it only. */
  city?: ResultsCity;
}

const n = (x: number | null | undefined): number | null => (isNum(x) ? x : null);

export async function overviewSheet(b: Book, v: ReportView, sc: SheetScope): Promise<void> {
  const { s, f } = v;
  const cols: ColSpec[] = [
    { header: s.rank, kind: 'int' },
    { header: s.city, kind: 'text' },
    { header: s.code, kind: 'text' },
  ];
  if (v.multiYear) cols.push({ header: s.yearCol, kind: 'int' });
  cols.push({ header: s.total, kind: 'score', scale: true }, { header: s.tier, kind: 'text' });
  if (v.hasChange) cols.push({ header: s.change, kind: 'signed' }, { header: s.rankChange, kind: 'signedInt' });
  if (v.groupName) cols.push({ header: s.groupRank(v.groupName), kind: 'int' });
  for (const d of v.dims) cols.push({ header: `${d.id} ${v.nodeName(d.id)}`, kind: 'score', scale: true });
  const ws = b.sheet(s.sheets.overview, cols, { freezeCols: 2 });
  for (const c of sc.cities) {
    const row: XValue[] = [n(c.rank), c.name, c.code ?? ''];
    if (v.multiYear) row.push(n(c.year));
    row.push(f.round(c.total), v.tierName(c.tier));
    if (v.hasChange) row.push(f.round(c.change?.total), n(c.change?.rank));
    if (v.groupName) row.push(n(c.groupRank));
    for (const d of v.dims) row.push(f.round(v.score(c, d.id)?.points));
    ws.row(row);
    const t = ws.tick();
    if (t) await t;
  }
  ws.end();
}

export async function dimensionsSheet(b: Book, v: ReportView, sc: SheetScope): Promise<void> {
  const { s, f } = v;
  const second = v.dims.flatMap((d) => v.children.get(d.id) ?? []);
  const cols: ColSpec[] = [
    { header: s.city, kind: 'text' },
    { header: s.code, kind: 'text' },
    { header: s.yearCol, kind: 'int' },
  ];
  for (const d of v.dims) {
    cols.push(
      { header: `${d.id} ${s.points}`, kind: 'score', scale: true },
      { header: `${d.id} ${s.scoreRate}`, kind: 'score' },
      { header: `${d.id} ${s.rank}`, kind: 'int' },
    );
  }
  for (const k of second) cols.push({ header: `${k.id} ${v.nodeName(k.id)}`, kind: 'score', scale: true });
  const ws = b.sheet(s.sheets.dimensions, cols, { freezeCols: 1 });
  for (const c of sc.cities) {
    const row: XValue[] = [c.name, c.code ?? '', n(c.year)];
    for (const d of v.dims) {
      const x = v.score(c, d.id);
      row.push(f.round(x?.points), f.round(x?.value), n(x?.rank));
    }
    for (const k of second) row.push(f.round(v.score(c, k.id)?.points));
    ws.row(row);
    const t = ws.tick();
    if (t) await t;
  }
  ws.end();
}

/** Every city × leaf: raw value and its cell, corrected value, indicator value, score, maximum, points lost. */
export async function detailsSheet(b: Book, v: ReportView, sc: SheetScope): Promise<void> {
  const { s, f } = v;
  const cols: ColSpec[] = [
    { header: s.city, kind: 'text' },
    { header: s.yearCol, kind: 'int' },
    { header: s.id, kind: 'text' },
    { header: s.indicator, kind: 'text' },
    { header: s.raw, kind: 'value' },
    { header: s.rawSource, kind: 'text' },
    { header: s.correctedValue, kind: 'value' },
    { header: s.indicatorValue, kind: 'value' },
    { header: s.scoreRate, kind: 'score', scale: true },
    { header: s.points, kind: 'score' },
    { header: s.maxPoints, kind: 'score' },
    { header: s.lost, kind: 'score' },
    { header: s.state, kind: 'text' },
  ];
  const ws = b.sheet(s.sheets.details, cols, { freezeCols: 1 });
  const leafNames = v.leaves.map((l) => v.nodeName(l.id));
  const leafMax = v.leaves.map((l) => f.round(l.maxPoints));
  const leveled = v.leaves.map((l) => levelLabel(l, 0) !== undefined);
  const corrections = correctionIndex(v);
  const withRaw = v.hasRaw || corrections.size > 0;
  for (const c of sc.cities) {
    for (let k = 0; k < v.leaves.length; k++) {
      const l = v.leaves[k];
      const x = v.score(c, l.id);
      const [raw, where, corrected] = withRaw ? rawColumns(v, c, l, corrections) : NO_RAW;
      const state = !x
        ? ''
        : x.state === 'present' && !x.imputed && !x.treated
          ? ''
          : [s.stateName(x.state), x.imputed ? s.imputed : '', x.treated ?? ''].filter(Boolean).join(' ');
      ws.row([
        c.name,
        n(c.year),
        l.id,
        leafNames[k],
        raw,
        where,
        corrected,
        (leveled[k] && levelLabel(l, x?.input)) || f.valueNum(x?.input),
        f.round(x?.value),
        f.round(x?.points),
        leafMax[k],
        f.round(x?.lost),
        state,
      ]);
    }
    const t = ws.tick();
    if (t) await t;
  }
  ws.end();
}

const NO_RAW: [XValue, XValue, XValue] = [null, null, null];

type CorrectionIndex = Map<string, NonNullable<ReportView['r']['corrections']>[number]>;

function correctionIndex(v: ReportView): CorrectionIndex {
  const m: CorrectionIndex = new Map();
  for (const c of v.r.corrections ?? []) {
    m.set(`${c.code ?? ''}\u0000${c.year}\u0000${c.field}`, c);
    m.set(`${c.city}\u0000${c.year}\u0000${c.field}`, c);
  }
  return m;
}

function rawColumns(v: ReportView, c: ResultsCity, l: ResultsNode, cor: CorrectionIndex): [XValue, XValue, XValue] {
  const cells = v.rawCells(c, l);
  if (cells.length === 1) {
    const x = cells[0];
    return [x.value, x.where, x.corrected ?? null];
  }
  if (cells.length > 1) {
    const fmt = (y: number | string | null | undefined) => (y === null || y === undefined ? '' : String(y));
    const any = cells.some((x) => x.corrected !== undefined);
    return [
      cells.map((x) => `${x.field}=${fmt(x.value)}`).join('; '),
      cells
        .map((x) => x.where)
        .filter(Boolean)
        .join('; '),
      any ? cells.map((x) => `${x.field}=${fmt(x.corrected === undefined ? x.value : x.corrected)}`).join('; ') : null,
    ];
  }
  // Saved results: the corrections record the original value and its cell.
  const field = l.leaf?.field;
  if (!field || !cor.size) return [null, null, null];
  const k = cor.get(`${c.code ?? ''}\u0000${c.year}\u0000${field}`) ?? cor.get(`${c.name}\u0000${c.year}\u0000${field}`);
  if (!k) return [null, null, null];
  return [cellValue(k.original), k.originalProvenance ? provWhere(k.originalProvenance) : null, cellValue(k.corrected)];
}

function cellValue(x: unknown): XValue {
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  if (typeof x === 'string') return x;
  return null;
}

export async function prioritiesSheet(b: Book, v: ReportView, sc: SheetScope): Promise<void> {
  const { s, f } = v;
  const cols: ColSpec[] = [
    { header: s.city, kind: 'text' },
    { header: s.yearCol, kind: 'int' },
    { header: s.priorityNo, kind: 'int' },
    { header: s.id, kind: 'text' },
    { header: s.indicator, kind: 'text' },
    { header: s.current, kind: 'value' },
    { header: s.target, kind: 'value' },
    { header: s.currentRate, kind: 'score' },
    { header: s.targetRate, kind: 'score' },
    { header: s.gain, kind: 'score', scale: true },
    { header: s.basis, kind: 'text' },
  ];
  const ws = b.sheet(s.sheets.priorities, cols, { freezeCols: 1 });
  for (const c of sc.cities) {
    const list = (c.diagnosis?.priorities ?? []).filter((p) => isNum(p.gain) && p.gain > 0);
    const shown = sc.priorities === undefined ? list : list.slice(0, sc.priorities);
    for (let k = 0; k < shown.length; k++) {
      const p = v.priority(c, shown[k]);
      ws.row([
        c.name,
        n(c.year),
        k + 1,
        p.node,
        v.nodeName(p.node),
        levelLabel(v.node.get(p.node), p.current, (p as { currentLabel?: unknown }).currentLabel) ?? f.valueNum(p.current),
        p.targetLabel ?? f.valueNum(p.target),
        f.round(p.score),
        f.round(p.targetScore),
        f.round(p.gain),
        p.basis === 'best-peer' ? s.basisBestPeer : p.basis === 'no-deduction' ? s.basisNoDeduction : s.basisFullMarks,
      ]);
    }
    const t = ws.tick();
    if (t) await t;
  }
  ws.end();
}

export async function findingsSheet(b: Book, v: ReportView, sc: SheetScope): Promise<void> {
  const { s } = v;
  const cols: ColSpec[] = [
    { header: s.severity, kind: 'text' },
    { header: s.findingCode, kind: 'text' },
    { header: s.path, kind: 'text' },
    { header: s.line, kind: 'int' },
    { header: s.column, kind: 'int' },
    { header: s.sheet, kind: 'text' },
    { header: s.cell, kind: 'text' },
    { header: s.message, kind: 'text' },
    { header: s.hint, kind: 'text' },
  ];
  const ws = b.sheet(s.sheets.findings, cols);
  const list = sc.city ? findingsOf(v, sc.city) : (v.r.findings ?? []);
  for (const d of list) {
    const l = d.location;
    ws.row([
      s.severityName(d.severity),
      d.code,
      l?.file ?? '',
      n(l?.line),
      n(l?.col),
      l?.sheet ?? '',
      l?.cell ?? '',
      s.findingText(d.code, d.message),
      d.hint ?? '',
    ]);
  }
  ws.end();
}

export async function correctionsSheet(b: Book, v: ReportView, sc: SheetScope): Promise<void> {
  const { s } = v;
  const cols: ColSpec[] = [
    { header: s.city, kind: 'text' },
    { header: s.code, kind: 'text' },
    { header: s.yearCol, kind: 'int' },
    { header: s.field, kind: 'text' },
    { header: s.original, kind: 'value' },
    { header: s.corrected, kind: 'value' },
    { header: s.rawSource, kind: 'text' },
    { header: s.reason, kind: 'text' },
    { header: s.reviewer, kind: 'text' },
    { header: s.origin, kind: 'text' },
  ];
  const ws = b.sheet(s.sheets.corrections, cols);
  const list = sc.city ? correctionsOf(v, sc.city) : (v.r.corrections ?? []);
  for (const c of list) {
    ws.row([
      c.city,
      c.code ?? '',
      n(c.year),
      c.field,
      cellValue(c.original),
      cellValue(c.corrected),
      c.originalProvenance ? provWhere(c.originalProvenance) : '',
      c.reason ?? '',
      c.reviewer ?? '',
      c.origin ? provWhere(c.origin) : '',
    ]);
  }
  ws.end();
}

/** The indicator tree: names indented by level, weights, shares, status marks, rules. */
export async function systemSheet(b: Book, v: ReportView): Promise<void> {
  const { s, f } = v;
  const cols: ColSpec[] = [
    { header: s.id, kind: 'text' },
    { header: s.name, kind: 'text' },
    { header: s.level, kind: 'int' },
    { header: s.parent, kind: 'text' },
    { header: s.kindCol, kind: 'text' },
    { header: s.maxPoints, kind: 'score' },
    { header: s.weightModeCol, kind: 'text' },
    { header: s.weight, kind: 'value' },
    { header: s.share, kind: 'pct' },
    { header: s.effShare, kind: 'pct' },
    { header: s.status, kind: 'text' },
    { header: s.fieldOrFormula, kind: 'text' },
    { header: s.rule, kind: 'text' },
    { header: s.direction, kind: 'text' },
    { header: s.missingPolicy, kind: 'text' },
  ];
  const ws = b.sheet(s.sheets.system, cols, { freezeCols: 2, indentCol: 1 });
  for (const nd of v.r.nodes ?? []) {
    const leaf = nd.leaf;
    ws.row(
      [
        nd.id,
        v.nodeName(nd.id),
        nd.depth,
        nd.parent ?? '',
        s.nodeKind(nd.kind),
        f.round(nd.maxPoints),
        s.weightMode(nd.weight?.mode ?? ''),
        f.valueNum(nd.weight?.value),
        // Shown as 0.00%: held as shown (four decimals), so the sheet sums what it displays.
        pct(nd.share, v.r.system?.settings?.rounding),
        pct(nd.effShare, v.r.system?.settings?.rounding),
        s.statusName(nd.weight?.status ?? ''),
        leaf ? (leaf.field ?? leaf.formula ?? '') : '',
        leaf
          ? ruleText(leaf.rule)
          : nd.aggregate
            ? `${s.aggregation}: ${nd.aggregate.method}${nd.aggregate.p !== undefined ? ` p=${nd.aggregate.p}` : ''}`
            : '',
        leaf ? s.directionName(leaf.direction) : '',
        nd.missing ?? '',
      ],
      { indent: Math.max(0, nd.depth - 1), bold: nd.depth <= 1 },
    );
  }
  ws.end();
}

/** A rule as compact text: `ratio cap=100 scale=1`. */
export function ruleText(rule: unknown): string {
  if (!rule || typeof rule !== 'object') return '';
  const { type, ...rest } = rule as Record<string, unknown>;
  const parts = Object.keys(rest)
    .sort()
    .map((k) => `${k}=${typeof rest[k] === 'object' ? JSON.stringify(rest[k]) : String(rest[k])}`);
  return [String(type ?? ''), ...parts].join(' ');
}

/** Method and provenance as label/value rows. */
export async function methodSheet(b: Book, v: ReportView, sc?: SheetScope): Promise<void> {
  const { s, r, f } = v;
  const cols: ColSpec[] = [
    { header: s.item, kind: 'text' },
    { header: s.value, kind: 'text', min: 30 },
    { header: '', kind: 'text' },
    { header: '', kind: 'text' },
    { header: '', kind: 'text' },
  ];
  const ws = b.sheet(s.sheets.method, cols, { filter: false });
  const sys = r.system;
  const m = sys?.method;
  const kv = (k: string, ...vals: XValue[]) => ws.row([k, ...vals]);
  kv(s.systemId, sys?.id ?? '');
  kv(s.version, sys?.version ?? '');
  kv(s.hash, sys?.hash ?? '');
  kv(s.title, v.title);
  if (sys?.source?.document) kv(s.sourceDocument, sys.source.document);
  for (const c of sys?.chain ?? []) kv(s.chain, `${c.id} ${c.version}`, c.file ?? '', c.fileHash ?? '');
  if (m) {
    kv(s.scoring, s.scoringName(m.scoring ?? ''), m.relative ? `${s.scope}: ${m.scope}` : '');
    kv(s.rules, (m.rules ?? []).join(', '));
    kv(s.aggregation, (m.aggregation ?? []).join(', '));
    if (m.imputation) kv(s.imputation, JSON.stringify(m.imputation));
    if (m.outliers) kv(s.outliers, JSON.stringify(m.outliers));
  }
  kv(s.precision, f.precision);
  kv(s.rounding, s.roundingName(f.rule));
  if (r.groupBy) kv(s.groupBy, v.groupName ?? r.groupBy);
  const named = (ids: string[]) => ids.map((id) => `${id} ${v.nodeName(id)}`).join('; ');
  kv(s.assumedWeights, sys?.assumed?.length ?? 0, named(sys?.assumed ?? []));
  kv(s.provisionalWeights, sys?.provisional?.length ?? 0, named(sys?.provisional ?? []));
  for (const i of r.inputs ?? []) kv(s.inputs, i.path, [i.kind, i.source].filter(Boolean).join(' '), i.hash ?? '', isNum(i.bytes) ? i.bytes : null);
  for (const c of r.corrections ?? [])
    kv(s.corrections, `${c.city} ${c.year ?? ''} ${c.field}`, `${c.original ?? ''} → ${c.corrected ?? ''}`, c.reason ?? '', c.reviewer ?? '');
  for (const k of Object.keys(r.options ?? {})) kv(s.options, k, JSON.stringify(r.options[k]));
  if (r.baseline?.file) kv(s.baselineLabel, r.baseline.file);
  kv(s.computedBy, r.cityscore ?? s.notRecorded);
  kv(s.renderedBy, VERSION);
  kv(s.date, v.date ?? s.notRecorded);
  kv(s.sheets.full, s.fullNote);
  if (sc?.priorities !== undefined) kv(s.sheets.priorities, s.prioritiesLimited(sc.priorities));
  ws.end();
}

/** Full precision: every node's points and every leaf's indicator value, unrounded. */
export async function fullSheet(b: Book, v: ReportView, sc: SheetScope): Promise<void> {
  const { s } = v;
  const nodes = (v.r.nodes ?? []).filter((x) => x.depth > 0);
  const cols: ColSpec[] = [
    { header: s.key, kind: 'text' },
    { header: s.city, kind: 'text' },
    { header: s.yearCol, kind: 'int' },
    { header: s.total, kind: 'full' },
  ];
  for (const x of nodes) cols.push({ header: `${x.id} ${s.points}`, kind: 'full' });
  for (const l of v.leaves) cols.push({ header: `${l.id} ${s.indicatorValue}`, kind: 'full' });
  const ws = b.sheet(s.sheets.full, cols, { freezeCols: 2 });
  for (const c of sc.cities) {
    const row: XValue[] = [c.key, c.name, n(c.year), n(c.total)];
    for (const x of nodes) row.push(n(v.score(c, x.id)?.points));
    for (const l of v.leaves) row.push(n(v.score(c, l.id)?.input));
    ws.row(row);
    const t = ws.tick();
    if (t) await t;
  }
  ws.end();
}

/** A share as the 0.00% format shows it, rounded by the system's rule. */
function pct(x: number | null | undefined, rule: RoundingRule | undefined): number | null {
  return isNum(x) ? roundTo(x, 4, rule) : null;
}
