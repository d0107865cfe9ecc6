/**
 * Derived weights written as an overlay system: it `extends` the input (pinned to its hash) and
 * overrides the weights of each weighted node's children, marked `assumed` with the method as the
 * basis, so the result is reviewable, diffable (`cityscore diff`) and scorable.
 *
 * Weights are written in the siblings' own mode (points of the total, share of the parent, or
 * relative weight). Points are absolute, so when a node's maximum points change, the points of
 * its descendants weighted in points change with it: they are rescaled (their shares of the parent
 * kept) and written too, marked `assumed` with that as the basis; otherwise the overlay would not
 * add up.
 */
import { stringify } from 'yaml';
import type { ResolvedSystem } from '../../system/model.js';

export interface DerivedWeights {
  /** The parent whose children were weighted. */
  parent: string;
  /** Child ids, in the order of `weights`. */
  children: string[];
  /** Weights summing to 1. */
  weights: number[];
  /** The exact method variant, e.g. `entropy(zeros=plogp0)`. */
  variant: string;
  /** Extra facts for the basis (consistency ratio, cities used, …). */
  note?: string;
}

const sig = (x: number) => Number(x.toPrecision(15));
type Key = 'points' | 'share' | 'weight';

/**
 * Adjust the largest value (the first of equals) so written shares or points add up exactly
 * despite rounding: the largest absorbs the rounding leftover without going negative, which the
 * last one, possibly weighted 0, would not.
 */
function balance(values: number[], target: number): void {
  if (values.length === 0) return;
  const sum = values.reduce((a, v) => a + v, 0);
  let k = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[k]) k = i;
  values[k] = sig(values[k] + (target - sum));
}

/**
 * `command` is recorded in the file's header; `basis` (default: the command) ends every node's basis,
 * so keep it short (e.g. `cityscore weights --method entropy --level 2`).
 */
export function weightsOverlay(
  sys: ResolvedSystem,
  derived: DerivedWeights[],
  opts: { id?: string; bundled: boolean; parentPath?: string; command: string; basis?: string },
): string {
  const by = opts.basis ?? opts.command;
  const override: Record<string, Record<string, unknown>> = {};
  const byParent = new Map(derived.map((d) => [d.parent, d]));
  /** New maximum points of nodes whose maximum changed. */
  const newMax = new Map<string, number>();
  const maxOf = (id: string) => newMax.get(id) ?? sys.nodes[id].maxPoints ?? sys.settings.total;
  const write = (parent: string, children: string[], shares: number[], basis: (c: string) => string) => {
    const mode = sys.nodes[children[0]].weight.mode;
    const key: Key = mode === 'points' ? 'points' : mode === 'share' ? 'share' : 'weight';
    const pMax = maxOf(parent);
    const values = shares.map((w) => sig(key === 'points' ? w * pMax : w));
    if (key === 'points') balance(values, pMax);
    else if (key === 'share') balance(values, 1);
    children.forEach((c, i) => {
      override[c] = { [key]: values[i], status: 'assumed', basis: basis(c) };
    });
  };
  // Pre-order: a parent's new maximum is known before its children are written.
  for (const id of sys.order) {
    const node = sys.nodes[id];
    const d = byParent.get(id);
    const pMax = maxOf(id);
    if (d) {
      const where = id === sys.root ? 'the system' : id;
      write(id, d.children, d.weights, () => `${d.variant} weights of the children of ${where}${d.note ? ` (${d.note})` : ''}; derived by ${by}`);
      d.children.forEach((c, i) => newMax.set(c, pMax * d.weights[i]));
      continue;
    }
    if (!newMax.has(id)) continue;
    const kids = node.children.filter((c) => sys.nodes[c].kind === 'standard');
    if (!kids.length) continue;
    const shares = kids.map((c) => sys.nodes[c].share ?? NaN);
    kids.forEach((c, i) => newMax.set(c, pMax * shares[i]));
    if (sys.nodes[kids[0]].weight.mode === 'points') {
      write(id, kids, shares, () => `points rescaled with ${id} (its derived maximum ${sig(pMax)}), share of ${id} unchanged; derived by ${by}`);
    }
  }
  const variants = [...new Set(derived.map((d) => d.variant))];
  const doc = {
    format: 1,
    id: opts.id ?? `${sys.id}-${derived[0]?.variant.replace(/\(.*$/, '') ?? 'weights'}`,
    version: sys.version,
    title: { zh: `${sys.title.zh}（${variants.join('、') || '派生'}权重）`, en: `${sys.title.en ?? sys.id} (${variants.join(', ') || 'derived'} weights)` },
    source: {
      document: `weights derived by cityscore from ${sys.id} ${sys.version}`,
      text: `${variants.join(', ')} weights of the children of ${derived.map((d) => d.parent).join(', ')}`,
    },
    extends: opts.bundled ? { id: sys.id, version: sys.version, hash: sys.hash } : { path: opts.parentPath ?? '', hash: sys.hash },
    changes: { override },
  };
  const header = `# yaml-language-server: $schema=https://cityscore.invalid/schema/indicator-system.schema.json\n# Derived weights (${variants.join(', ')}), written by: ${opts.command}\n`;
  return header + stringify(doc, { lineWidth: 0, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' });
}
