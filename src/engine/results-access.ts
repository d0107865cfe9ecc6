/**
 * Reading the results: one node's scores for one city, a standing with its peers' statistics, and
 * the upgrade of results written under schemaVersion 1 (a `scores` object per city) to the current
 * node-aligned arrays. Pure functions over the JSON shape; reports, verify and baselines use them.
 */
import { CityscoreError } from '../errors.js';
import type { NodeScore, Results, ResultsCity, ResultsNode, ResultsPeers, ResultsPriority, ResultsStanding } from './results.js';
import type { StateName } from './types.js';

const INDEX = new WeakMap<readonly ResultsNode[], Map<string, number>>();

/** Position of every node id in `nodes` (the index of the cities' arrays). */
export function nodeIndex(nodes: readonly ResultsNode[]): Map<string, number> {
  let m = INDEX.get(nodes);
  if (!m) {
    m = new Map(nodes.map((n, k) => [n.id, k]));
    INDEX.set(nodes, m);
  }
  return m;
}

/**
 * Node `id`'s scores for `city`: value, points, lost (maximum − points for standard nodes, the
 * whole maximum when missing; −points for deductions), state, and rank, input, imputed, treated,
 * factor where they apply. Undefined for an id the results do not have.
 */
export function nodeScore(res: Pick<Results, 'nodes'>, city: ResultsCity, id: string): NodeScore | undefined {
  // Read defensively: reports render whatever results they are given.
  const k = nodeIndex(res.nodes).get(id);
  if (k === undefined) return undefined;
  const node = res.nodes[k];
  const state: StateName = city.states?.[id] ?? 'present';
  const value = numAt(city.values, k);
  const points = pointsOf(node, value);
  const sc: NodeScore = { value, points, lost: lostOf(node, state, points), state };
  if (node.kind === 'coefficient') sc.factor = city.factors?.[id] ?? null;
  if (city.ranks && id in city.ranks) sc.rank = city.ranks[id];
  if (node.leaf) {
    sc.input = numAt(city.inputs, k);
    if (city.imputed && imputedSet(city).has(id)) sc.imputed = true;
    const t = city.treated?.[id];
    if (t) sc.treated = t;
  }
  return sc;
}

/** Element k of a node-aligned array: null when missing (null in JSON, NaN in memory). */
function numAt(a: readonly (number | null)[] | undefined, k: number): number | null {
  const x = a?.[k];
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

const IMPUTED = new WeakMap<ResultsCity, Set<string>>();

function imputedSet(city: ResultsCity): Set<string> {
  let s = IMPUTED.get(city);
  if (!s) IMPUTED.set(city, (s = new Set(city.imputed)));
  return s;
}

export interface PriorityDetails extends ResultsPriority {
  name: string;
  field?: string;
  /** The leaf's value now (after imputation) and its score, from the city's arrays. */
  current: number | null;
  score: number | null;
}

/** A priority with the leaf's name and field and the city's current value and score. */
export function priorityDetails(res: Pick<Results, 'nodes'>, city: ResultsCity, p: ResultsPriority): PriorityDetails {
  const k = nodeIndex(res.nodes).get(p.node);
  const node = k === undefined ? undefined : res.nodes[k];
  const out: PriorityDetails = {
    ...p,
    name: node?.name ?? p.node,
    current: k === undefined ? null : numAt(city.inputs, k),
    score: k === undefined ? null : numAt(city.values, k),
  };
  if (node?.leaf?.field) out.field = node.leaf.field;
  return out;
}

/** Points from the 0–100 value, as the engine computes them (aggregate.ts computePoints). */
function pointsOf(node: ResultsNode, value: number | null): number | null {
  const m = node.maxPoints;
  if (value === null || m === null || node.kind === 'coefficient') return null;
  return node.kind === 'deduction' ? (value * -m) / 100 : (value * m) / 100;
}

function lostOf(node: ResultsNode, state: StateName, points: number | null): number | null {
  const max = node.maxPoints;
  if (node.kind === 'standard') {
    if (state === 'present') return max === null || points === null ? null : max - points;
    return state === 'missing' ? max : null;
  }
  if (node.kind === 'deduction') return state === 'present' && points !== null ? -points : 0;
  return null;
}

export interface StandingDetails extends ResultsStanding {
  /** The city's own 0–100 value of the node. */
  value: number | null;
  /** Mean and sd of the node among the city's peers (the cities of its year). */
  mean: number | null;
  sd: number | null;
}

const PEERS = new WeakMap<readonly ResultsPeers[], Map<string, ResultsPeers>>();

/** A standing with the city's own value and its peers' mean and sd. */
export function standingDetails(res: Pick<Results, 'nodes' | 'peers'>, city: ResultsCity, s: ResultsStanding): StandingDetails {
  const peers = res.peers ?? [];
  let m = PEERS.get(peers);
  if (!m) {
    m = new Map(peers.map((p) => [`${p.node}\u0000${p.year}`, p]));
    PEERS.set(peers, m);
  }
  const p = m.get(`${s.node}\u0000${city.year}`);
  const k = nodeIndex(res.nodes).get(s.node);
  return { ...s, value: k === undefined ? null : numAt(city.values, k), mean: p?.mean ?? null, sd: p?.sd ?? null };
}

function withoutDimensions<T extends { dimensions?: unknown }>(d: T): Omit<T, 'dimensions'> {
  const { dimensions: _d, ...rest } = d;
  return rest;
}

/** Marks results that upgradeResults converted (not written to JSON). */
const UPGRADED = Symbol('upgradedFrom');

/** schemaVersion 1 city: a NodeScore object per node id. */
interface CityV1 extends Omit<ResultsCity, 'values' | 'inputs' | 'ranks'> {
  scores: Record<string, NodeScore>;
  diagnosis: (Omit<NonNullable<ResultsCity['diagnosis']>, 'strengths' | 'weaknesses'> & Record<'strengths' | 'weaknesses' | 'dimensions', StandingV1[]>) | null;
}
interface StandingV1 extends ResultsStanding {
  mean: number;
  sd: number;
}

/**
 * Results JSON as read from a file, in the current schema: version 2 as it is, version 1 (before
 * the node-aligned arrays) converted; any other version is an input error (exit 2).
 */
export function upgradeResults(json: Record<string, unknown>, file: string, code = 'RESULTS'): Results {
  const v = json.schemaVersion;
  if (v === 2) return json as unknown as Results;
  if (v !== 1) {
    throw new CityscoreError(`${code}_VERSION`, `results schemaVersion ${String(v)} is not one this cityscore reads (1 or 2)`, {
      exitCode: 2,
      location: { file },
      hint: 'score the returns again with this cityscore version',
    });
  }
  const nodes = json.nodes as ResultsNode[];
  const peers = new Map<string, ResultsPeers>();
  const cities = (json.cities as CityV1[]).map((c) => {
    const { scores, diagnosis, change, ...rest } = c;
    const at = (id: string) => scores[id] ?? null;
    const states: Record<string, StateName> = {};
    const ranks: Record<string, number | null> = {};
    const imputed: string[] = [];
    const treated: Record<string, string> = {};
    const factors: Record<string, number | null> = {};
    for (const n of nodes) {
      const s = at(n.id);
      if (!s) continue;
      if (s.state !== 'present') states[n.id] = s.state;
      if (s.rank !== undefined) ranks[n.id] = s.rank;
      if (s.imputed) imputed.push(n.id);
      if (s.treated) treated[n.id] = s.treated;
      if (s.factor !== undefined) factors[n.id] = s.factor;
    }
    // Version 1 also gave each first-level node's standing: their mean and sd go to `peers`.
    for (const s of diagnosis?.dimensions ?? []) peers.set(`${s.node}\u0000${c.year}`, { year: c.year, node: s.node, n: null, mean: s.mean, sd: s.sd });
    const standings = (xs: StandingV1[]): ResultsStanding[] =>
      xs.map((s) => {
        peers.set(`${s.node}\u0000${c.year}`, { year: c.year, node: s.node, n: null, mean: s.mean, sd: s.sd });
        return { node: s.node, z: s.z, percentile: s.percentile };
      });
    const city: ResultsCity = {
      ...rest,
      values: nodes.map((n) => at(n.id)?.value ?? null),
      inputs: nodes.map((n) => at(n.id)?.input ?? null),
      ...(Object.keys(states).length ? { states } : {}),
      ranks,
      ...(imputed.length ? { imputed } : {}),
      ...(Object.keys(treated).length ? { treated } : {}),
      ...(Object.keys(factors).length ? { factors } : {}),
      diagnosis: diagnosis
        ? {
            ...withoutDimensions(diagnosis),
            priorities: diagnosis.priorities.map((p) => {
              const { name: _n, field: _f, current: _c, score: _s, ...rest } = p as ResultsPriority & Record<'name' | 'field' | 'current' | 'score', unknown>;
              return rest;
            }),
            strengths: standings(diagnosis.strengths),
            weaknesses: standings(diagnosis.weaknesses),
          }
        : null,
    };
    if (change !== undefined) city.change = change;
    return city;
  });
  // The members in the order buildResults writes them: peers right after cities.
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(json)) {
    out[k] = k === 'schemaVersion' ? 2 : k === 'cities' ? cities : x;
    if (k === 'cities') out.peers = [...peers.values()];
  }
  Object.defineProperty(out, UPGRADED, { value: 1, enumerable: false });
  return out as unknown as Results;
}

/** The schemaVersion results were written under when upgradeResults converted them (undefined: read as they are). */
export function upgradedFrom(res: Results): number | undefined {
  return (res as unknown as Record<symbol, number | undefined>)[UPGRADED];
}
