/**
 * cityscore explain <system> <returns…> --city 南宁 --node L1P1: the trace of one score, from each
 * input cell (file, sheet and cell or line, the text as written, the original and corrected value)
 * through formula, imputation, treatment, rule and weights to the number shown. Text, or --json.
 * With several years of that city, every year is traced (or only --year).
 */
import { CityscoreError } from '../../errors.js';
import { requireSystem } from '../../system/load.js';
import { loadReturns } from '../../returns/index.js';
import type { Provenance } from '../../returns/dataset.js';
import { compileModel } from '../../engine/model.js';
import { evaluate, type Evaluation } from '../../engine/evaluate.js';
import { traceScore, type Trace } from '../../engine/trace.js';
import { formatFixed } from '../../util/round.js';
import { didYouMean } from '../../util/suggest.js';
import type { IO } from '../io.js';
import { returnsArgs } from '../returns-args.js';
import type { ReturnsCliOptions } from '../returns-args.js';
import { cityUnits } from './score.js';

export interface ExplainOptions extends ReturnsCliOptions {
  city: string;
  node: string;
  json?: boolean;
}

export async function run(systemRef: string, returns: string[], opts: ExplainOptions, io: IO): Promise<number> {
  const system = await requireSystem(systemRef, { scorable: true });
  if (!system.nodes[opts.node]) {
    const sug = didYouMean(opts.node, system.order);
    throw new CityscoreError('UNKNOWN_NODE', `${system.id} has no indicator "${opts.node}"`, {
      exitCode: 2,
      hint: sug ? `did you mean "${sug}"?` : 'cityscore show lists the indicators',
    });
  }
  const { files, options } = returnsArgs(returns, opts, io.errIsTTY && !io.quiet);
  const dataset = await loadReturns(system, files, options);
  const units = cityUnits(dataset, opts.city);
  const ev = evaluate(compileModel(system), dataset, { diagnose: false });
  const traces = units.map((u) => traceScore(ev, u, opts.node));
  if (opts.json) io.out(JSON.stringify(traces.length === 1 ? traces[0] : traces, null, 2));
  else io.out(traces.map((t) => traceText(ev, t, io)).join('\n\n'));
  return 0;
}

function where(p: Provenance | null): string {
  if (!p) return '';
  const at =
    p.sheet !== undefined
      ? `${p.file} ${p.sheet}!${p.cell ?? ''}`
      : `${p.file}${p.line !== undefined ? `:${p.line}${p.col !== undefined ? `:${p.col}` : ''}` : ''}`;
  return `${at}${p.raw !== undefined ? ` ("${p.raw}")` : ''}`;
}

export function traceText(ev: Evaluation, t: Trace, io: IO): string {
  const c = io.color;
  const s = ev.model.settings;
  const f = (x: number | null) => (x === null ? '—' : formatFixed(x, s.precision, s.rounding));
  const full = (x: number | null) => (x === null ? '—' : String(Number(x.toPrecision(12))));
  const pct = (x: number | null) => (x === null ? '—' : `${Number((x * 100).toPrecision(10))}%`);
  const lines: string[] = [];
  lines.push(
    c.bold(
      `${t.unit.name}${t.unit.year !== null ? ` ${t.unit.year}` : ''} · ${t.node.id} ${t.node.name}: ${f(t.points)} points of ${f(t.maxPoints)} (value ${full(t.value)} on its scale)`,
    ),
  );
  lines.push('', c.bold('indicators'));
  for (const l of t.leaves) {
    lines.push(`  ${l.node} ${l.name}`);
    for (const i of l.inputs) {
      const val = i.state === 'present' ? (i.text ?? full(i.value)) : i.state;
      let line = `    ${i.field} ${i.name} = ${val}   ${c.dim(where(i.provenance))}`;
      if (i.correction) {
        const k = i.correction;
        const shown = (x: number | string | null) => (x === null || (typeof x === 'number' && Number.isNaN(x)) ? 'missing' : String(x));
        const cell = k.originalProvenance ? ` (${where(k.originalProvenance)})` : '';
        line += `\n      corrected from ${shown(k.original)}${cell} to ${shown(k.corrected)}: ${k.reason} (${k.reviewer}; ${where(k.origin)})`;
      }
      lines.push(line);
    }
    if (l.formula) lines.push(`    formula ${l.formula} = ${l.valueState === 'present' ? full(l.value) : l.valueState}`);
    if (l.imputed) lines.push(`    imputed by ${l.imputed.method}: ${full(l.imputed.value)}${l.imputed.from ? ` (from ${l.imputed.from})` : ''}`);
    if (l.treated) lines.push(`    outlier treatment ${l.treated.flag}: ${full(l.treated.value)}`);
    const dir = l.direction === 'negative' ? ', lower is better' : '';
    lines.push(`    rule ${l.rule}${dir} → score ${l.state === 'present' ? full(l.score) : l.state}${l.relative ? ' (relative to the other cities)' : ''}`);
    lines.push(`    weight ${pct(l.share)} of its parent → ${l.state === 'present' ? f(l.points) : '—'} of ${f(l.maxPoints)} points`);
  }
  if (t.steps.length) {
    lines.push('', c.bold('aggregation'));
    for (const st of t.steps) {
      const terms = st.children
        .map((ch) =>
          ch.state === 'present' ? `${ch.id} ${full(ch.value)}${ch.share !== null ? ` × ${pct(ch.share)}` : ` (${ch.kind})`}` : `${ch.id} ${ch.state}`,
        )
        .join(' + ');
      lines.push(`  ${st.node} ${st.name} (${st.method}${st.p !== undefined ? `, p = ${st.p}` : ''}; missing: ${st.missing}): ${terms}`);
      lines.push(`    = ${full(st.value)} → ${f(st.points)} of ${f(st.maxPoints)} points`);
    }
  }
  lines.push('', c.bold('to the total'));
  lines.push(
    `  ${t.path
      .map(
        (p) =>
          `${p.id}${p.id === t.node.id ? '' : ` ${p.name}`} ${f(p.points)}/${f(p.maxPoints)}${p.effShare !== null && p.id !== 'TOTAL' ? ` (${pct(p.effShare)} of the total)` : ''}`,
      )
      .join(' → ')}`,
  );
  lines.push(`  total ${f(t.totalDisplay)}${t.rank !== null ? `, rank ${t.rank}` : ''} (shown with ${s.precision} decimals, ${s.rounding})`);
  return lines.join('\n');
}
