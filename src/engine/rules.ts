/**
 * Absolute scoring rules (the national standard's way): each maps one unit's value to an
 * achievement f ∈ [0, 100] without looking at other units. Leaf points are f/100 × maxPoints.
 *
 * Decisions (documented in docs of the engine, see README of src/engine/index.ts):
 * - ratio: f = clamp(value × scale, 0, cap). With direction negative: f = clamp(100 − value × scale, 0, cap).
 * - linear: full marks at `target`, zero at `floor`, linear between, clamped to [0, 100]; floor > target
 *   means lower is better. With direction negative the lower of the two ends is the best.
 * - tiers: the band with the largest min not above the value; below the first band: 0.
 * - boolean: any non-zero value is true.
 * - levels: by level label (via the field's `levels` order, or the label text).
 * - stars: stars / max × 100, clamped to [0, 100].
 * - bands (U4SSC): share = value / target (direction negative: target / value); the band index counts
 *   the cuts below the share (boundary "upper": a share equal to a cut falls in the upper band);
 *   f = points[band] / max(points) × 100.
 */
import type { RuleData } from '../system/schema.js';

export type AbsoluteRule = Exclude<RuleData, { type: 'normalise' }>;

export interface RuleContext {
  direction: 1 | -1;
  target?: number;
  /** Level labels of the leaf's field (levels rule), in order. */
  levels?: string[];
}

/** A compiled absolute rule: value → f (NaN when it cannot be scored). */
export type ScoreFn = (v: number) => number;

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x + 0);

export function compileRule(rule: AbsoluteRule, ctx: RuleContext): ScoreFn {
  switch (rule.type) {
    case 'ratio': {
      const { scale, cap } = rule;
      return ctx.direction === 1 ? (v) => clamp(v * scale, 0, cap) : (v) => clamp(100 - v * scale, 0, cap);
    }
    case 'linear': {
      const { best, worst } = linearEnds(rule, ctx);
      const span = best - worst;
      return (v) => clamp(((v - worst) / span) * 100, 0, 100);
    }
    case 'tiers': {
      const mins = rule.bands.map((b) => b.min);
      const scores = rule.bands.map((b) => b.score);
      return (v) => {
        let s = 0;
        for (let i = 0; i < mins.length; i++) if (v >= mins[i]) s = scores[i];
        return s;
      };
    }
    case 'boolean': {
      const t = rule.true;
      const f = rule.false;
      return (v) => (v !== 0 ? t : f);
    }
    case 'levels': {
      const levels = ctx.levels ?? [];
      const byIndex = levels.map((l) => rule.map[l] ?? NaN);
      return (v) => (Number.isInteger(v) && v >= 0 && v < byIndex.length ? byIndex[v] : NaN);
    }
    case 'stars': {
      const max = rule.max;
      return (v) => clamp((v / max) * 100, 0, 100);
    }
    case 'bands': {
      const target = ctx.target ?? NaN;
      const top = Math.max(...rule.points);
      const dir = ctx.direction;
      const band = bandIndexFn(rule);
      return (v) => {
        if (!(target > 0)) return NaN;
        const share = dir === 1 ? v / target : v <= 0 ? Infinity : target / v;
        return (rule.points[band(share)] / top) * 100;
      };
    }
  }
}

/**
 * The value that scores least (0 for the usual rules), or NaN when there is none to name (bands).
 * The target of a leaf under a deduction node, whose points are taken off: its best is no score.
 */
export function noMarksValue(rule: AbsoluteRule, ctx: RuleContext): number {
  switch (rule.type) {
    case 'ratio':
      return ctx.direction === 1 ? 0 : 100 / rule.scale;
    case 'linear':
      return linearEnds(rule, ctx).worst;
    case 'tiers': {
      // Below the first band's minimum a value scores 0.
      let worst = -1;
      for (let i = 0; i < rule.bands.length; i++) if (rule.bands[i].score < (worst < 0 ? 0 : rule.bands[worst].score)) worst = i;
      return worst < 0 ? Math.min(0, rule.bands[0].min - 1) : rule.bands[worst].min;
    }
    case 'boolean':
      return rule.true <= rule.false ? 1 : 0;
    case 'levels': {
      const levels = ctx.levels ?? [];
      let worst = -1;
      for (let i = 0; i < levels.length; i++) {
        const s = rule.map[levels[i]];
        if (s !== undefined && (worst < 0 || s < (rule.map[levels[worst]] ?? Infinity))) worst = i;
      }
      return worst < 0 ? NaN : worst;
    }
    case 'stars':
      return 0;
    case 'bands':
      return NaN;
  }
}

export function linearEnds(rule: Extract<RuleData, { type: 'linear' }>, ctx: RuleContext): { best: number; worst: number } {
  const target = rule.target ?? ctx.target ?? NaN;
  const floor = rule.floor;
  if (ctx.direction === -1 && floor < target) return { best: floor, worst: target };
  return { best: target, worst: floor };
}

export function bandIndexFn(rule: Extract<RuleData, { type: 'bands' }>): (share: number) => number {
  const cuts = rule.cuts;
  const upper = rule.boundary === 'upper';
  return (share) => {
    let i = 0;
    for (const c of cuts) if (upper ? share >= c : share > c) i++;
    return i;
  };
}

/**
 * The value that gives full marks under an absolute rule (for the improvement priorities):
 * ratio → cap/scale (0 with direction negative), linear → its best end, tiers → the min of the
 * best band, boolean → 1 or 0, levels → the index of the best level, stars → max, bands → a
 * value whose share falls in the best band (the target itself when it does). NaN when unknown.
 */
export function fullMarksValue(rule: AbsoluteRule, ctx: RuleContext): number {
  switch (rule.type) {
    case 'ratio':
      return ctx.direction === 1 ? rule.cap / rule.scale : 0;
    case 'linear':
      return linearEnds(rule, ctx).best;
    case 'tiers': {
      let best = 0;
      for (let i = 1; i < rule.bands.length; i++) if (rule.bands[i].score > rule.bands[best].score) best = i;
      return rule.bands[best].min;
    }
    case 'boolean':
      return rule.true >= rule.false ? 1 : 0;
    case 'levels': {
      const levels = ctx.levels ?? [];
      let best = -1;
      for (let i = 0; i < levels.length; i++) {
        const s = rule.map[levels[i]];
        if (s !== undefined && (best < 0 || s > (rule.map[levels[best]] ?? -Infinity))) best = i;
      }
      return best < 0 ? NaN : best;
    }
    case 'stars':
      return rule.max;
    case 'bands': {
      const target = ctx.target ?? NaN;
      if (!(target > 0)) return NaN;
      const band = bandIndexFn(rule);
      let bestBand = 0;
      for (let i = 1; i < rule.points.length; i++) if (rule.points[i] > rule.points[bestBand]) bestBand = i;
      const cuts = rule.cuts;
      const lo = bestBand > 0 ? cuts[bestBand - 1] : 0;
      const hi = bestBand < cuts.length ? cuts[bestBand] : Infinity;
      const candidates = [1, lo, lo * (1 + 1e-9) + 1e-12, Number.isFinite(hi) ? (lo + hi) / 2 : lo * 2 + 1];
      const share = candidates.find((s) => s >= 0 && band(s) === bestBand);
      if (share === undefined) return NaN;
      if (ctx.direction === 1) return share * target;
      return share === 0 ? Infinity : target / share;
    }
  }
}
