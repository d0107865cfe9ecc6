/**
 * The trace of one score (`cityscore explain`): from each input cell (file, sheet/cell or line,
 * the text as written, and any correction) through the formula, imputation, treatment and rule
 * to each leaf's score and points, then every aggregation step up to the node asked for, and the
 * node's share of the total. Plain data; the CLI renders it.
 */
import { INVALID, MISSING, NOT_APPLICABLE, PRESENT, type Correction, type Provenance, type Unit } from '../returns/dataset.js';
import { ruleSummary } from '../system/describe.js';
import { roundTo } from '../util/round.js';
import type { Evaluation } from './evaluate.js';
import { KIND_STANDARD, METHOD_NAMES, leavesUnder } from './model.js';
import { TREAT_FLAG_NAMES } from './treat.js';
import { S_PRESENT, STATE_NAMES, unitIdentity, type StateName } from './types.js';

export interface TraceInput {
  field: string;
  name: string;
  value: number | null;
  text: string | null;
  state: 'present' | 'missing' | 'not-applicable' | 'invalid';
  provenance: Provenance | null;
  correction: Correction | null;
}

export interface TraceLeaf {
  node: string;
  name: string;
  field?: string;
  formula?: string;
  inputs: TraceInput[];
  /** The value after the formula (derived), and after imputation and treatment. */
  value: number | null;
  valueState: StateName;
  imputed: { method: string; value: number; from?: string } | null;
  treated: { flag: string; value: number } | null;
  rule: string;
  relative: boolean;
  direction: 'positive' | 'negative';
  score: number | null;
  state: StateName;
  share: number | null;
  maxPoints: number | null;
  points: number | null;
}

export interface TraceChild {
  id: string;
  name: string;
  kind: string;
  share: number | null;
  value: number | null;
  points: number | null;
  state: StateName;
}

export interface TraceStep {
  node: string;
  name: string;
  method: string;
  p?: number;
  missing: string;
  children: TraceChild[];
  value: number | null;
  points: number | null;
  maxPoints: number | null;
  state: StateName;
}

export interface Trace {
  unit: { key: string; name: string; year: number | null };
  node: { id: string; name: string };
  value: number | null;
  points: number | null;
  maxPoints: number | null;
  /** Points as displayed (the system's precision and rounding). */
  display: number | null;
  leaves: TraceLeaf[];
  /** Aggregation steps below and at the node, children before parents. */
  steps: TraceStep[];
  /** From the node up to the total: share of the parent, share of the total, points. */
  path: { id: string; name: string; share: number | null; effShare: number | null; points: number | null; maxPoints: number | null }[];
  total: number | null;
  totalDisplay: number | null;
  rank: number | null;
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function traceScore(ev: Evaluation, u: number, nodeId: string): Trace {
  const { model, dataset, nodes } = ev;
  const i = model.index.get(nodeId);
  if (i === undefined) throw new RangeError(`no node ${nodeId}`);
  const U = ev.ux.units.length;
  const unit = ev.ux.units[u];
  const sys = model.system;
  const s = model.settings;
  const at = (n: number) => ({
    value: nodes.state[n * U + u] === S_PRESENT ? num(nodes.value[n * U + u]) : null,
    points: nodes.state[n * U + u] === S_PRESENT ? num(nodes.points[n * U + u]) : null,
    state: STATE_NAMES[nodes.state[n * U + u]],
  });

  const leaves: TraceLeaf[] = leavesUnder(model, i).map((ln) => {
    const spec = model.leafSpecs[model.leafOf[ln]];
    const l = spec.leaf;
    const inputs: TraceInput[] = spec.inputs.map((f) => {
      const v = dataset.values[f];
      const st = dataset.state[f];
      const prov = dataset.provenance[f]?.at(u) ?? null;
      const c = st ? st[u] : MISSING;
      return {
        field: f,
        name: model.fields.get(f)?.name ?? f,
        value: v && c === PRESENT ? num(v[u]) : null,
        text: dataset.text[f]?.[u] ?? null,
        state: c === PRESENT ? 'present' : c === NOT_APPLICABLE ? 'not-applicable' : c === INVALID ? 'invalid' : 'missing',
        provenance: prov,
        correction: findCorrection(dataset.corrections, prov, unit, f),
      };
    });
    const imp = ev.imputed.imputed[l][u] ? { method: spec.imputation?.method ?? 'imputed', value: ev.imputed.values[l][u], ...fromKey(ev, l, u) } : null;
    const tf = ev.treated.flags[l]?.[u] ?? 0;
    const a = at(ln);
    const tl: TraceLeaf = {
      node: spec.id,
      name: sys.nodes[spec.id].name,
      inputs,
      value: ev.derived.state[l][u] === S_PRESENT ? num(ev.derived.values[l][u]) : null,
      valueState: STATE_NAMES[ev.derived.state[l][u]],
      imputed: imp,
      treated: tf ? { flag: TREAT_FLAG_NAMES[tf], value: ev.treated.values[l][u] } : null,
      rule: ruleSummary(spec.rule, sys.nodes[spec.id]),
      relative: spec.relative,
      direction: spec.direction === 1 ? 'positive' : 'negative',
      score: a.value,
      state: a.state,
      share: num(nodes.shares[ln]),
      maxPoints: num(nodes.effMax[ln]),
      points: a.points,
    };
    if (spec.field) tl.field = spec.field;
    if (spec.formula) tl.formula = spec.formula.source;
    return tl;
  });

  const steps: TraceStep[] = [];
  const visit = (n: number) => {
    if (model.leafOf[n] >= 0) return;
    for (let k = model.childStart[n]; k < model.childStart[n + 1]; k++) visit(model.childList[k]);
    const node = sys.nodes[model.ids[n]];
    const children: TraceChild[] = [];
    for (let k = model.childStart[n]; k < model.childStart[n + 1]; k++) {
      const c = model.childList[k];
      const a = at(c);
      children.push({
        id: model.ids[c],
        name: sys.nodes[model.ids[c]].name,
        kind: sys.nodes[model.ids[c]].kind,
        share: model.kind[c] === KIND_STANDARD ? num(nodes.shares[c]) : null,
        value: a.value,
        points: a.points,
        state: a.state,
      });
    }
    const a = at(n);
    const step: TraceStep = {
      node: node.id,
      name: node.name,
      method: METHOD_NAMES[model.method[n]],
      missing: node.missing.policy,
      children,
      value: a.value,
      points: a.points,
      maxPoints: num(nodes.effMax[n]),
      state: a.state,
    };
    if (node.aggregate.p !== undefined) step.p = node.aggregate.p;
    steps.push(step);
  };
  visit(i);

  const path: Trace['path'] = [];
  for (let n = i; n >= 0; n = model.parent[n]) {
    const node = sys.nodes[model.ids[n]];
    path.push({ id: node.id, name: node.name, share: num(nodes.shares[n]), effShare: node.effShare, points: at(n).points, maxPoints: num(nodes.effMax[n]) });
  }
  const a = at(i);
  return {
    unit: { key: unit.key, name: unit.name, year: unit.year },
    node: { id: nodeId, name: sys.nodes[nodeId].name },
    value: a.value,
    points: a.points,
    maxPoints: num(nodes.effMax[i]),
    display: a.points === null ? null : roundTo(a.points, s.precision, s.rounding),
    leaves,
    steps,
    path,
    total: nodes.state[u] === S_PRESENT ? num(ev.total[u]) : null,
    totalDisplay: num(ev.ranking.rounded[u]),
    rank: num(ev.ranking.rank[u]),
  };
}

function fromKey(ev: Evaluation, l: number, u: number): { from?: string } {
  const f = ev.imputed.from[l]?.[u];
  return f !== undefined && f >= 0 ? { from: ev.ux.units[f].key } : {};
}

function findCorrection(all: Correction[], prov: Provenance | null, unit: Unit, field: string): Correction | null {
  if (prov?.correction !== undefined) return all[prov.correction] ?? null;
  const id = unitIdentity(unit);
  return (
    all.find((c) => c.field === field && (c.year === unit.year || c.year === null) && (c.city === unit.name || c.city === unit.code || c.city === id)) ?? null
  );
}
