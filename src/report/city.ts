/**
 * The content about one city, shared by the main report's city sections and the per-city reports:
 * standing, dimensions against its peers, strengths and weaknesses, improvement priorities with the
 * points each would gain (以评促建), data-quality notes and corrections.
 */
import type { Diagnostic } from '../errors.js';
import type { ResultsCity, ResultsStanding } from '../engine/results.js';
import { num, type Block, type Cell, type Inline } from './doc.js';
import { DASH, isNum, rankMove } from './format.js';
import { levelLabel, type ReportView } from './view.js';

export function cityStanding(v: ReportView, c: ResultsCity): Inline[][] {
  const { s, f } = v;
  const lines: Inline[][] = [];
  lines.push([
    c.rank !== null && c.rank !== undefined
      ? s.cityLine(f.score(c.total), String(c.rank), String(c.of), v.tierName(c.tier))
      : s.cityLineUnranked(f.score(c.total)),
  ]);
  if (c.groupRank !== undefined && c.groupRank !== null && v.groupName)
    lines.push([`${s.groupRank(v.groupName)}${s.colon}${c.groupRank} / ${c.groupOf ?? DASH}`]);
  const ch = c.change;
  if (ch) lines.push([s.changeLine(f.signed(ch.total), rankMove(ch.rank), ch.year === null ? ch.baseline : String(ch.year))]);
  else if (v.hasChange) lines.push([`${s.change}${s.colon}${s.newCity}`]);
  const d = c.diagnosis;
  if (d?.best && isNum(d.gapToBest) && d.best.key !== c.key) lines.push([s.gapToBest(d.best.name, f.score(d.best.total), f.score(d.gapToBest))]);
  if (d?.groupBest && isNum(d.gapToGroupBest) && d.groupBest.key !== c.key && d.groupBest.key !== d.best?.key && v.groupName)
    lines.push([s.gapToGroupBest(v.groupName, d.groupBest.name, f.score(d.groupBest.total), f.score(d.gapToGroupBest))]);
  return lines;
}

export function peersNote(v: ReportView, c: ResultsCity): string {
  const g = v.r.groupBy;
  return g && v.groupName ? v.s.peersGroup(v.groupName, c.attrs?.[g] ?? DASH) : v.s.peersAll;
}

/** First-level indicators: points, maximum, lost, rank, peers' average and best; the change since the baseline when there is one. */
export function dimensionTable(v: ReportView, c: ResultsCity): Block {
  const { s, f } = v;
  const peers = v.peers(c);
  const change = c.change?.dimensions;
  return {
    t: 'table',
    cols: [
      { label: s.dimension },
      { label: s.points, num: true },
      { label: s.maxPoints, num: true },
      { label: s.lost, num: true },
      { label: s.rank, num: true },
      { label: s.peerAverage, num: true },
      { label: s.peerBest, num: true },
      ...(change ? [{ label: s.change, num: true }] : []),
    ],
    rows: v.dims.map((d) => {
      const sc = v.score(c, d.id);
      const st = v.dimStats(d.id, peers);
      const delta = change?.[d.id];
      return [
        `${d.id} ${v.nodeName(d.id)}`,
        num(f.score(sc?.points), sc?.points),
        num(f.score(d.maxPoints), d.maxPoints),
        num(f.score(sc?.lost), sc?.lost),
        num(isNum(sc?.rank) ? String(sc!.rank) : DASH, sc?.rank),
        num(f.score(st.mean), st.mean),
        num(f.score(st.best), st.best),
        ...(change ? [num(isNum(delta) ? f.signed(delta) : DASH, delta)] : []),
      ];
    }),
  };
}

export function standings(v: ReportView, c: ResultsCity): { strengths: Inline[][]; weaknesses: Inline[][] } {
  const d = c.diagnosis;
  const item = (st: ResultsStanding): Inline[] => {
    const x = v.standing(c, st);
    return [v.s.standingItem(`${x.node} ${v.nodeName(x.node)}`, v.f.score(x.value), v.f.score(x.mean))];
  };
  return { strengths: (d?.strengths ?? []).map(item), weaknesses: (d?.weaknesses ?? []).map(item) };
}

/** Improvement priorities: the first `limit` (all when undefined). */
export function prioritiesBlocks(v: ReportView, c: ResultsCity, limit?: number): Block[] {
  const { s, f } = v;
  const all = (c.diagnosis?.priorities ?? []).filter((p) => isNum(p.gain) && p.gain > 0);
  if (!all.length) return [{ t: 'p', c: [s.noPriorities] }];
  const shown = limit === undefined ? all : all.slice(0, limit);
  const rows: Cell[][] = shown.map((q, k) => {
    const p = v.priority(c, q);
    return [
      num(String(k + 1), k + 1),
      `${p.node} ${v.nodeName(p.node)}`,
      num(levelLabel(v.node.get(p.node), p.current, (p as { currentLabel?: unknown }).currentLabel) ?? f.value(p.current), p.current),
      num(p.targetLabel ?? f.value(p.target), p.target),
      num(`+${f.score(p.gain)}`, p.gain),
      p.basis === 'best-peer' ? s.basisBestPeer : p.basis === 'no-deduction' ? s.basisNoDeduction : s.basisFullMarks,
    ];
  });
  const out: Block[] = [
    { t: 'p', c: [s.prioritiesIntro] },
    {
      t: 'table',
      cols: [
        { label: s.priorityNo, num: true },
        { label: s.indicator },
        { label: s.current, num: true },
        { label: s.target, num: true },
        { label: s.gain, num: true },
        { label: s.basis },
      ],
      rows,
    },
  ];
  if (all.length > shown.length) out.push({ t: 'p', small: true, c: [s.prioritiesMore(all.length - shown.length)] });
  return out;
}

/** Missing, not-applicable, imputed and treated leaves, the corrections and findings about the city. */
export function qualityItems(v: ReportView, c: ResultsCity): Inline[][] {
  const { s } = v;
  const missing: string[] = [];
  const na: string[] = [];
  const imputed: string[] = [];
  const treated: string[] = [];
  for (const l of v.leaves) {
    const sc = v.score(c, l.id);
    if (!sc) continue;
    const label = `${l.id} ${v.nodeName(l.id)}`;
    if (sc.state === 'missing') missing.push(label);
    else if (sc.state === 'not-applicable') na.push(label);
    if (sc.imputed) imputed.push(label);
    if (sc.treated) treated.push(`${label} (${sc.treated})`);
  }
  const out: Inline[][] = [];
  if (missing.length) out.push([s.missingLeaves(missing.join(s.sep))]);
  if (na.length) out.push([s.notApplicableLeaves(na.join(s.sep))]);
  if (imputed.length) out.push([s.imputedLeaves(imputed.join(s.sep))]);
  if (treated.length) out.push([s.treatedLeaves(treated.join(s.sep))]);
  for (const cor of correctionsOf(v, c)) out.push([s.correctionItem(cor.field, show(cor.original), show(cor.corrected), cor.reason ?? '', cor.reviewer ?? '')]);
  for (const n of c.diagnosis?.notes ?? []) out.push([n]);
  for (const d of findingsOf(v, c)) {
    const label = s.findingLabel(d.code);
    out.push([`${s.severityName(d.severity)} ${d.code}${label ? `（${label}）` : ''}${s.colon}${d.message}`]);
  }
  return out;
}

export function correctionsOf(v: ReportView, c: ResultsCity): NonNullable<ReportView['r']['corrections']> {
  return (v.r.corrections ?? []).filter(
    (x) => (x.year === null || x.year === undefined || x.year === c.year) && ((!!c.code && x.code === c.code) || x.city === c.name),
  );
}

/** Findings whose message names the city (and its year, when the results hold several). */
export function findingsOf(v: ReportView, c: ResultsCity): Diagnostic[] {
  return (v.r.findings ?? []).filter(
    (d) => typeof d.message === 'string' && d.message.includes(c.name) && (!v.multiYear || c.year === null || d.message.includes(String(c.year))),
  );
}

function show(x: unknown): string {
  if (x === null || x === undefined) return DASH;
  if (typeof x === 'number') return Number.isFinite(x) ? String(x) : DASH;
  return String(x);
}

/** The blocks of one city: used in the main report (heading level 3) and the per-city report. */
export function cityBlocks(v: ReportView, c: ResultsCity, o: { level: 3; radar: Block | null; link?: Inline }): Block[] {
  const { s } = v;
  const blocks: Block[] = [];
  const title = `${c.rank !== null && c.rank !== undefined ? `${c.rank}. ` : ''}${v.cityLabel(c)}`;
  blocks.push({ t: 'h', level: o.level, text: title, id: `city-${c.key.replace(/[^A-Za-z0-9_-]+/g, '_')}` });
  for (const line of cityStanding(v, c)) blocks.push({ t: 'p', c: line });
  if (o.link) blocks.push({ t: 'p', c: [o.link] });
  if (o.radar) blocks.push(o.radar);
  blocks.push({ t: 'p', small: true, c: [peersNote(v, c)] });
  blocks.push(dimensionTable(v, c));
  const st = standings(v, c);
  blocks.push({ t: 'p', c: [{ b: s.strengths }] });
  blocks.push(st.strengths.length ? { t: 'list', items: st.strengths } : { t: 'p', c: [s.none] });
  blocks.push({ t: 'p', c: [{ b: s.weaknesses }] });
  blocks.push(st.weaknesses.length ? { t: 'list', items: st.weaknesses } : { t: 'p', c: [s.none] });
  blocks.push({ t: 'p', c: [{ b: s.priorities }] });
  blocks.push(...prioritiesBlocks(v, c, 5));
  blocks.push({ t: 'p', c: [{ b: s.qualityNotes }] });
  const q = qualityItems(v, c);
  blocks.push(q.length ? { t: 'list', items: q } : { t: 'p', c: [s.noQualityNotes] });
  return blocks;
}
