/**
 * The Monte Carlo driver (COINr get_sensitivity, methods.md §2.10): noisy weight sets, the
 * Saltelli design (A, B, AB_1 … AB_d; N(d + 2) runs for sa, N for ua), one re-aggregation and one
 * ranking per run, the output y = mean absolute rank shift from the nominal ranking, the rank
 * statistics, tier probabilities and Sobol' indices. Seeded: one xoshiro128** stream draws the
 * weight sets, then the design's shift, then the bootstrap, so a seed reproduces every number.
 *
 * Compile once; the leaf tables of the normalisation and imputation alternatives are computed once
 * each; a run only sets shares, methods, policies and removals, re-aggregates what changed
 * (./reaggregate.ts) and re-ranks by counting (./rank.ts).
 */
import { CityscoreError } from '../../errors.js';
import type { Evaluation } from '../../engine/evaluate.js';
import { S_PRESENT } from '../../engine/types.js';
import { createRng, type Rng } from '../stats/rng.js';
import { SOBOL_MAX_DIM } from '../stats/sobol-sequence.js';
import { noisyWeights, saltelliDesign } from '../stats/sobol.js';
import { pick, weightsDescription, type UncertainInput, type WeightsInput } from './inputs.js';
import { LeafTables } from './leaf-tables.js';
import { RunRanker } from './rank.js';
import { Reaggregator } from './reaggregate.js';
import type { FailureExample, RunRecord, SensitivityResult } from './result.js';
import { summarise, type RunStore } from './summary.js';

export interface SensitivityOptions {
  /** Base sample size N (> 2). */
  N: number;
  seed: number;
  /** Default sobol; sobol needs d ≤ 20 (falls back to pseudo-random with a note unless `sequenceExplicit`). */
  sequence?: 'sobol' | 'pseudo-random';
  sequenceExplicit?: boolean;
  /** Bootstrap resamples for the Sobol' confidence bounds (default 1000). */
  nboot?: number;
  /** Default sa when d ≥ 2, ua otherwise. */
  analysis?: 'ua' | 'sa';
  /** Also Sobol' indices of every city's total (stores N(d + 2) × cities totals). */
  perCity?: boolean;
  /** Where each input is written, for the pre-run checks. */
  locate?: (input: UncertainInput) => { file: string; line?: number; col?: number };
  onProgress?: (done: number, total: number) => void;
  tool?: string;
}

export const MAX_PER_CITY_BYTES = 512 * 1024 * 1024;

/** Draw `count` noisy share sets for a weights input (renormalised within each sibling group). */
export function drawWeightSets(inp: WeightsInput, base: Float64Array, count: number, rng: Rng): void {
  const m = inp.nodes.length;
  inp.count = count;
  inp.description = weightsDescription(inp);
  inp.labels = Array.from({ length: count }, (_, s) => `set ${s}`);
  inp.sets = new Float64Array(count * m);
  for (let s = 0; s < count; s++) {
    for (const g of inp.groups) {
      const w = noisyWeights(
        Array.from(g, (j) => base[inp.nodes[j]]),
        inp.noise,
        rng,
      );
      let sum = 0;
      for (const x of w) sum += x;
      g.forEach((j, k) => (inp.sets[s * m + j] = sum > 0 ? w[k] / sum : NaN));
    }
  }
}

/** One configuration per run: apply the alternatives `alts` (one per input) to the re-aggregator; returns the leaf table. */
class Configurator {
  private readonly norm: number;
  private readonly miss: number;

  constructor(
    private readonly ev: Evaluation,
    private readonly inputs: UncertainInput[],
    private readonly reag: Reaggregator,
    readonly tables: LeafTables,
  ) {
    this.norm = inputs.findIndex((i) => i.kind === 'normalisation');
    this.miss = inputs.findIndex((i) => i.kind === 'missing');
  }

  apply(alts: Int32Array | readonly number[]) {
    const r = this.reag;
    r.reset(this.ev.model);
    this.inputs.forEach((inp, k) => {
      const a = alts[k];
      if (a < 0) return;
      switch (inp.kind) {
        case 'weights': {
          const m = inp.nodes.length;
          for (let j = 0; j < m; j++) r.shares[inp.nodes[j]] = inp.sets[a * m + j];
          break;
        }
        case 'aggregation': {
          const alt = inp.alts[a];
          if (alt.method >= 0)
            for (const i of inp.nodes) {
              r.method[i] = alt.method;
              r.p[i] = alt.p;
            }
          break;
        }
        case 'missing': {
          const alt = inp.alts[a];
          if (alt.policy >= 0) for (const i of inp.nodes) r.missing[i] = alt.policy;
          break;
        }
        case 'remove':
          if (a > 0) r.removed[inp.nodes[a - 1]] = 1;
          break;
        case 'normalisation':
          break;
      }
    });
    return this.tables.get(this.norm >= 0 ? alts[this.norm] : -1, this.miss >= 0 ? alts[this.miss] : -1);
  }

  /** Whether the run keeps the system's own scale (its normalisation), so tiers apply. */
  systemScale(alts: Int32Array | readonly number[]): boolean {
    if (this.norm < 0) return true;
    const inp = this.inputs[this.norm];
    return inp.kind === 'normalisation' && inp.alts[alts[this.norm]].system;
  }
}

function sameTotals(a: Float64Array, b: Float64Array): number {
  for (let u = 0; u < a.length; u++) if (!(a[u] === b[u] || (a[u] !== a[u] && b[u] !== b[u]))) return u;
  return -1;
}

export function runSensitivity(ev: Evaluation, inputs: UncertainInput[], opts: SensitivityOptions): SensitivityResult {
  const d = inputs.length;
  const N = opts.N;
  if (!Number.isInteger(N) || N < 3)
    throw new CityscoreError('USAGE', `--runs must be a whole number of at least 3 (the base sample N), got ${N}`, { exitCode: 2 });
  if (d === 0) throw new CityscoreError('USAGE', 'no uncertain input to sample', { exitCode: 2 });
  const analysis = opts.analysis ?? (d >= 2 ? 'sa' : 'ua');
  if (analysis === 'sa' && d < 2) throw new CityscoreError('USAGE', 'a sensitivity analysis (sa) needs at least two uncertain inputs', { exitCode: 2 });
  let sequence = opts.sequence ?? 'sobol';
  let seqNote = '';
  if (sequence === 'sobol' && 2 * d > SOBOL_MAX_DIM) {
    if (opts.sequenceExplicit)
      throw new CityscoreError('USAGE', `the Sobol' sequence supports at most ${SOBOL_MAX_DIM / 2} inputs, the spec has ${d}`, {
        exitCode: 2,
        hint: 'use sequence: pseudo-random',
      });
    sequence = 'pseudo-random';
    seqNote = ` (sobol supports at most ${SOBOL_MAX_DIM / 2} inputs)`;
  }
  const U = ev.ux.units.length;
  const totalRuns = analysis === 'sa' ? N * (d + 2) : N;
  const uaRuns = analysis === 'sa' ? 2 * N : N;
  if (opts.perCity && totalRuns * U * 8 > MAX_PER_CITY_BYTES) {
    throw new CityscoreError('USAGE', `per-city indices would store ${totalRuns} runs × ${U} cities (${Math.round((totalRuns * U * 8) / 2 ** 20)} MB)`, {
      exitCode: 2,
      hint: 'lower runs, or drop per_city',
    });
  }

  const rng = createRng(opts.seed);
  for (const inp of inputs) if (inp.kind === 'weights') drawWeightSets(inp, ev.model.shares, inp.count > 0 ? inp.count : N, rng);
  const design = saltelliDesign(N, d, rng, { sequence });

  const reag = new Reaggregator(ev.model, U);
  const norm = inputs.find((i) => i.kind === 'normalisation');
  const miss = inputs.find((i) => i.kind === 'missing');
  const conf = new Configurator(
    ev,
    inputs,
    reag,
    new LeafTables(ev, norm?.kind === 'normalisation' ? norm : undefined, miss?.kind === 'missing' ? miss : undefined),
  );
  const s = ev.model.settings;
  const ranker = new RunRanker(ev.ux, s.precision, s.rounding);
  const totals = new Float64Array(U);
  const ranks = new Int32Array(U);
  const rounded = new Float64Array(U);

  // The nominal run must reproduce the engine exactly: the re-aggregation is the engine's arithmetic.
  const nominalAlts = inputs.map(() => -1);
  reag.evaluate(conf.apply(nominalAlts), totals);
  const bad = sameTotals(totals, ev.total);
  if (bad >= 0) {
    throw new CityscoreError('INTERNAL', `sensitivity re-aggregation disagrees with the engine for ${ev.ux.keys[bad]} (${totals[bad]} vs ${ev.total[bad]})`, {
      exitCode: 2,
      hint: 'please report this with the cityscore version',
    });
  }
  const nominalRank = new Int32Array(U);
  for (let u = 0; u < U; u++) nominalRank[u] = ev.ranking.rank[u] === ev.ranking.rank[u] ? ev.ranking.rank[u] : 0;
  let nominalScored = 0;
  for (let u = 0; u < U; u++) if (ev.nodes.state[u] === S_PRESENT) nominalScored++;

  const checks = preChecks(ev, inputs, conf, reag, totals, opts.locate);

  const store: RunStore = {
    y: new Float64Array(totalRuns).fill(NaN),
    alts: new Int32Array(totalRuns * d),
    ranks: U < 65535 ? new Uint16Array(uaRuns * U) : new Uint32Array(uaRuns * U),
    tierCounts: s.tiers.length ? new Int32Array(U * (s.tiers.length + 1)) : null,
    tierRuns: 0,
    unranked: new Int32Array(U),
    perCity: opts.perCity ? new Float64Array(totalRuns * U) : null,
    unscored: new Int32Array(totalRuns),
    errors: new Map(),
  };
  const examples: FailureExample[] = [];
  let failedRuns = 0;
  let partialRuns = 0;
  const blockOf = (q: number): { block: 'A' | 'B' | 'AB'; row: number; input?: number } =>
    q < N ? { block: 'A', row: q } : q < 2 * N ? { block: 'B', row: q - N } : { block: 'AB', row: q % N, input: Math.floor(q / N) - 2 };
  const labelsOf = (q: number) => inputs.map((inp, k) => inp.labels[store.alts[q * d + k]]);

  const order: number[] = [];
  for (let r = 0; r < N; r++) {
    if (analysis === 'sa') {
      order.push(N + r, r);
      for (let i = 0; i < d; i++) order.push((2 + i) * N + r);
    } else order.push(r);
  }
  const step = Math.max(1, Math.floor(totalRuns / 200));
  let done = 0;
  const alts = new Int32Array(d);
  for (const q of order) {
    const u = design.runs[q];
    for (let k = 0; k < d; k++) {
      alts[k] = pick(u[k], inputs[k].count);
      store.alts[q * d + k] = alts[k];
    }
    const where = blockOf(q);
    try {
      reag.evaluate(conf.apply(alts), totals);
      ranker.rank(totals, ranks, q < uaRuns && store.tierCounts ? rounded : null);
      const { y, n, lost } = meanRankShift(ranks, nominalRank);
      store.y[q] = y;
      store.unscored[q] = lost;
      if (lost > 0) {
        partialRuns++;
        if (examples.length < 5)
          examples.push(example(q, where, inputs, labelsOf(q), `${lost} of ${nominalScored} cities got no total: ${unscoredNames(ev, ranks, nominalRank)}`));
      }
      if (n === 0) failedRuns++;
      if (q < uaRuns) record(store, q, ranks, rounded, conf.systemScale(alts), ev);
      if (store.perCity) store.perCity.set(totals, q * U);
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      failedRuns++;
      store.errors.set(q, e.message);
      if (examples.length < 5) examples.push(example(q, where, inputs, labelsOf(q), e.message));
      if (q < uaRuns) for (let v = 0; v < U; v++) store.unranked[v]++;
      if (store.perCity) store.perCity.fill(NaN, q * U, (q + 1) * U);
    }
    done++;
    if (opts.onProgress && (done % step === 0 || done === totalRuns)) opts.onProgress(done, totalRuns);
  }

  const runs: RunRecord[] = [];
  for (let q = 0; q < totalRuns; q++) {
    const w = blockOf(q);
    const rec: RunRecord = {
      run: q,
      block: w.block,
      row: w.row,
      parameters: labelsOf(q),
      y: Number.isFinite(store.y[q]) ? store.y[q] : null,
      unscored: store.unscored[q],
    };
    if (w.input !== undefined) rec.input = inputs[w.input].name;
    const err = store.errors.get(q);
    if (err) rec.error = err;
    runs.push(rec);
  }

  const summary = summarise(ev, inputs, store, { N, d, analysis, uaRuns, nboot: opts.nboot ?? 1000, rng, perCity: !!opts.perCity });
  return {
    tool: opts.tool ?? 'cityscore sensitivity',
    system: { id: ev.model.system.id, version: ev.model.system.version, hash: ev.model.system.hash },
    cities: U,
    years: ev.ux.years,
    seed: opts.seed,
    design: {
      analysis,
      sequence: `${design.sequence}${seqNote}`,
      N,
      d,
      runs: totalRuns,
      uncertaintyRuns: uaRuns,
      discrete: 'a sample u in [0, 1) picks alternative floor(u·k) of k (equal-width intervals, as COINr)',
      ranking: `competition ranks (1224) of totals rounded to ${s.precision} decimals (${s.rounding}), within each year, as the system ranks`,
    },
    inputs: inputs.map((inp) => {
      const o: SensitivityResult['inputs'][number] = {
        name: inp.name,
        type: inp.kind,
        description: inp.description,
        count: inp.count,
        alternatives: inp.kind === 'weights' ? [] : inp.labels,
      };
      if (inp.kind === 'weights') {
        const m = inp.nodes.length;
        o.sets = {
          nodes: Array.from(inp.nodes, (i) => ev.model.ids[i]),
          shares: Array.from({ length: inp.count }, (_, k) => Array.from(inp.sets.subarray(k * m, (k + 1) * m))),
        };
      }
      return o;
    }),
    checks,
    failures: { failedRuns, partialRuns, examples },
    uncertainty: summary.uncertainty,
    ...(summary.sensitivity ? { sensitivity: summary.sensitivity } : {}),
    ...(summary.perCity ? { perCity: summary.perCity } : {}),
    runs,
  };
}

/** COINr's output: the mean absolute rank shift over the cities ranked in both; `lost`: ranked nominally, not in this run. */
export function meanRankShift(ranks: Int32Array, nominal: Int32Array): { y: number; n: number; lost: number } {
  let sum = 0;
  let n = 0;
  let lost = 0;
  for (let v = 0; v < ranks.length; v++) {
    const a = ranks[v];
    const b = nominal[v];
    if (a > 0 && b > 0) {
      sum += Math.abs(a - b);
      n++;
    } else if (b > 0) lost++;
  }
  return { y: n > 0 ? sum / n : NaN, n, lost };
}

function example(q: number, where: { block: string; row: number }, inputs: UncertainInput[], labels: string[], message: string): FailureExample {
  const parameters: Record<string, string> = {};
  inputs.forEach((inp, k) => (parameters[inp.name] = labels[k]));
  return { run: q, block: where.block, row: where.row, parameters, message };
}

function unscoredNames(ev: Evaluation, ranks: Int32Array, nominal: Int32Array): string {
  const names: string[] = [];
  let more = 0;
  for (let u = 0; u < ranks.length; u++) {
    if (ranks[u] > 0 || nominal[u] === 0) continue;
    const unit = ev.ux.units[u];
    if (names.length < 5) names.push(unit.year === null ? unit.name : `${unit.name} ${unit.year}`);
    else more++;
  }
  return names.join(', ') + (more ? ` … (+${more})` : '');
}

function record(store: RunStore, q: number, ranks: Int32Array, rounded: Float64Array, systemScale: boolean, ev: Evaluation): void {
  const U = ranks.length;
  store.ranks.set(ranks, q * U);
  for (let u = 0; u < U; u++) if (ranks[u] === 0) store.unranked[u]++;
  const tiers = ev.model.settings.tiers;
  if (!store.tierCounts || !systemScale) return;
  store.tierRuns++;
  const T = tiers.length + 1;
  for (let u = 0; u < U; u++) {
    const r = rounded[u];
    if (r !== r) continue;
    let t = -1;
    for (let k = 0; k < tiers.length; k++) if (r >= tiers[k].min) t = k;
    store.tierCounts[u * T + (t + 1)]++;
  }
}

export const MAX_CHECK_COMBINATIONS = 200;

/**
 * Problems found before sampling: every combination of the normalisation, aggregation and
 * missing-data alternatives (geometric means meet the zeros of min-max, COINr #47) when there are
 * at most MAX_CHECK_COMBINATIONS, else each alternative alone; then each removal alone.
 */
function preChecks(
  ev: Evaluation,
  inputs: UncertainInput[],
  conf: Configurator,
  reag: Reaggregator,
  totals: Float64Array,
  locate?: SensitivityOptions['locate'],
): SensitivityResult['checks'] {
  const out: SensitivityResult['checks'] = [];
  const seen = new Set<string>();
  const U = ev.ux.units.length;
  const structural = inputs
    .map((inp, k) => k)
    .filter((k) => inputs[k].kind === 'normalisation' || inputs[k].kind === 'aggregation' || inputs[k].kind === 'missing');
  const combos: number[][] = [];
  const product = structural.reduce((a, k) => a * inputs[k].count, 1);
  if (product <= MAX_CHECK_COMBINATIONS) {
    for (let c = 0; c < product; c++) {
      const alts = inputs.map(() => -1);
      let rest = c;
      for (const k of structural) {
        alts[k] = rest % inputs[k].count;
        rest = Math.floor(rest / inputs[k].count);
      }
      combos.push(alts);
    }
  } else for (const k of structural) for (let a = 0; a < inputs[k].count; a++) combos.push(inputs.map((_, j) => (j === k ? a : -1)));
  inputs.forEach((inp, k) => {
    if (inp.kind === 'remove') for (let a = 1; a < inp.count; a++) combos.push(inputs.map((_, j) => (j === k ? a : -1)));
  });
  for (const alts of combos) {
    const varied = alts.map((a, k) => (a >= 0 ? k : -1)).filter((k) => k >= 0);
    const parameters: Record<string, string> = {};
    for (const k of varied) parameters[inputs[k].name] = inputs[k].labels[alts[k]];
    const where = varied.length ? locate?.(inputs[varied[0]]) : undefined;
    const push = (message: string) => {
      const key = `${JSON.stringify(parameters)}|${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ parameters, message, ...(where ? { location: where } : {}) });
    };
    try {
      const before = conf.tables.findings.size;
      reag.evaluate(conf.apply(alts), totals);
      if (conf.tables.findings.size > before) {
        const found = [...conf.tables.findings.values()].pop() ?? [];
        let n = 0;
        for (const f of found) if (f.severity !== 'info' && n++ < 3) push(f.message);
      }
      const lost: string[] = [];
      for (let u = 0; u < U; u++) {
        if (!(totals[u] === totals[u]) && ev.nodes.state[u] === S_PRESENT) {
          const unit = ev.ux.units[u];
          lost.push(unit.year === null ? unit.name : `${unit.name} ${unit.year}`);
        }
      }
      if (lost.length)
        push(
          `${lost.length} ${lost.length === 1 ? 'city gets' : 'cities get'} no total (e.g. a geometric or harmonic mean meets a score of 0 or below): ${lost.slice(0, 5).join(', ')}${lost.length > 5 ? ` … (+${lost.length - 5})` : ''}`,
        );
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      push(`fails: ${e.message}`);
    }
  }
  return out;
}
