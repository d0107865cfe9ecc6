/**
 * cityscore score <system> <returns…>: the ranking (rank, city, total, tier, first-level scores,
 * change from a baseline), a banner for assumed or provisional weights, a data-quality summary,
 * and on request the results JSON, stage tables and one city's diagnosis.
 *
 * Output: the ranking, banner, --city diagnosis and data-quality summary on stdout; `--json` prints
 * the results JSON instead (or writes it to -o, printing nothing else); `-o` without --json writes
 * the JSON and still prints the text; `--stage` prints (or writes to -o) one stage table.
 *
 * Exit codes: 0 scored (findings are printed); 1 with --strict when the returns or the scoring
 * have data errors; 2 when nothing can be scored (a broken or unweighted system, no field of the
 * system in the returns, an unknown city or group) or for report options without --out.
 */
import { readFileSync } from 'node:fs';
import { CityscoreError, type Diagnostic } from '../../errors.js';
import { requireSystem } from '../../system/load.js';
import { systemFiles } from '../../system/yaml-source.js';
import type { ResolvedSystem } from '../../system/model.js';
import { checkDataset, loadReturns } from '../../returns/index.js';
import { readAnalyses } from '../../report/read-analysis.js';
import { readResultsFile } from '../../report/read.js';
import type { Dataset } from '../../returns/dataset.js';
import { compileModel, firstLevel } from '../../engine/model.js';
import { evaluate, priorityLimit, type Evaluation } from '../../engine/evaluate.js';
import { resultsJsonLines, resultsParts, type Results, type ResultsCity } from '../../engine/results.js';
import { nodeScore, priorityDetails } from '../../engine/results-access.js';
import { STAGE_NAMES, isStageName, stageTable, stageToCsv, stageToJson, type StageName } from '../../engine/stages.js';
import { matchesCity, shortCityName } from '../../engine/leaf-scores.js';
import { assertNotInput, writeFileAtomic } from '../../util/atomic-write.js';
import { encodeBatches } from '../../util/batches.js';
import { formatFixed } from '../../util/round.js';
import { didYouMean } from '../../util/suggest.js';
import { renderTable, type Column } from '../../util/text-width.js';
import { VERSION } from '../../version.js';
import { sha256 } from '../../util/hash.js';
import { printDiagnostics, type IO } from '../io.js';
import { returnsArgs, inputPaths } from '../returns-args.js';
import type { ReturnsCliOptions } from '../returns-args.js';

export interface ScoreOptions extends ReturnsCliOptions {
  json?: boolean;
  output?: string;
  out?: string;
  format?: string[];
  perCity?: boolean;
  lang?: string;
  stages?: string;
  stage?: string;
  stageFormat?: 'csv' | 'json';
  city?: string;
  groupBy?: string;
  baseline?: string;
  strict?: boolean;
  compareMethods?: boolean;
  /** Improvement priorities kept per city: a count or `all`. */
  priorities?: string;
  /** JSON of cityscore sensitivity / audit to put in the reports. */
  sensitivity?: string;
  audit?: string;
}

export async function run(systemRef: string, returns: string[], opts: ScoreOptions, io: IO): Promise<number> {
  const stages = parseStages(opts.stages);
  if (opts.stage !== undefined && !isStageName(opts.stage)) throw unknownStage(opts.stage);
  if (opts.stage !== undefined && opts.format && !opts.out) opts = { ...opts, stageFormat: stageFormatOf(opts.format), format: undefined };

  const system = await requireSystem(systemRef, { scorable: true });
  checkGroup(system, opts.groupBy);
  const baseline = opts.baseline ? readBaseline(opts.baseline) : undefined;
  const inputs = [
    ...systemFiles(system.chain),
    ...inputPaths(returns),
    ...[opts.baseline, opts.corrections, opts.sensitivity, opts.audit].filter((f): f is string => f !== undefined),
  ];
  if (opts.output) assertNotInput(opts.output, inputs);
  const formats = reportFormats(opts);
  const analyses = opts.out ? readAnalyses(opts) : {};

  const { files, options } = returnsArgs(returns, opts, io.errIsTTY && !io.quiet);
  const dataset = await loadReturns(system, files, options);
  checkScorable(system, dataset);
  // The findings `check` makes (ranges, percentages above 100, coverage, year-over-year jumps),
  // not only those made while reading: --strict fails on the same errors as check. Blank cells are
  // the engine's MISSING_VALUE findings, one per indicator.
  dataset.findings = checkDataset(system, dataset, { blankCells: false });
  const focus = opts.city ? cityUnits(dataset, opts.city) : [];

  const model = compileModel(system);
  const ev = evaluate(model, dataset, { groupBy: opts.groupBy, focus, maxPriorities: parsePriorities(opts.priorities) });
  // The MCDA methods load only when the system ranks by one or --compare-methods asks for them.
  const mcda = model.settings.ranking.method !== 'score' || opts.compareMethods ? await import('../../analysis/compare.js') : undefined;
  // The system ranks by an MCDA method: cities[].rank holds that method's rank (ties share a rank).
  const alt = mcda?.rankingBySettings(ev) ?? null;
  const parts = resultsParts(ev, {
    version: VERSION,
    sourceDateEpoch: io.env.SOURCE_DATE_EPOCH,
    options: recordedOptions(systemRef, returns, opts),
    stages,
    baseline: baseline ? { results: baseline.results, file: opts.baseline } : undefined,
    ranking: alt ?? undefined,
  });
  const results = parts.results;
  const comparison = opts.compareMethods ? mcda!.compareMethods(ev) : undefined;
  if (comparison) results.comparison = comparison;
  const cityAt = parts.city;
  // --json alone: every city is made, written and dropped in turn, never all held at once.
  const streaming = !!opts.json && !opts.out;
  const cityStream = function* (): Generator<ResultsCity> {
    for (let u = 0; u < ev.ux.units.length; u++) yield cityAt(u);
  };
  const cities = () => (streaming ? cityStream() : undefined);
  if (!streaming && opts.stage === undefined) results.cities = ev.ux.units.map((_, u) => cityAt(u));

  const errors = results.findings.filter((d) => d.severity === 'error').length;
  const code = opts.strict && errors > 0 ? 1 : 0;

  if (opts.stage !== undefined) {
    const t = stageTable(ev, opts.stage as StageName);
    // A CSV file as the reports write it (UTF-8 with BOM, CRLF), so Excel opens it right; plain lines on stdout.
    const text = opts.stageFormat === 'json' ? `${JSON.stringify(stageToJson(t), null, 2)}\n` : stageToCsv(t, dataset.units, { excel: !!opts.output });
    if (opts.output) writeFileAtomic(opts.output, text);
    else io.out(text.replace(/\n$/, ''));
    if (opts.output && !io.quiet) io.err(`stage ${t.name} written to ${opts.output}`);
    return code;
  }
  // The results JSON as lines, written in batches: 3,000 cities make some 15 MB of text.
  if (opts.output) writeFileAtomic(opts.output, resultsJsonLines(results, cities()));
  if (opts.out) {
    const { writeReports } = await import('../../report/index.js');
    const written = await writeReports(results, {
      out: opts.out,
      formats,
      perCity: opts.perCity,
      lang: opts.lang as 'zh-CN' | 'en' | undefined,
      inputs,
      dataset,
      ...analyses,
    });
    if (!io.quiet) io.err(`${written.length} report file(s) written to ${opts.out}`);
  }
  if (opts.json) {
    // --json: the results JSON is the output (to stdout, or to -o with nothing else printed).
    if (opts.output) {
      if (!io.quiet) io.err(`results written to ${opts.output}`);
    } else for (const batch of encodeBatches(resultsJsonLines(results, cities()))) io.write(batch);
    return code;
  }

  if (!io.quiet) {
    banner(io, system);
    for (const w of results.baseline?.warnings ?? []) io.out(io.color.yellow(`baseline: ${w}`));
    io.out(rankingText(ev, results, io));
    if (alt) io.out(io.color.yellow(`ranked by ${alt.variant} (settings.ranking); totals and tiers are the system's scores`));
    if (comparison) io.out(`\n${mcda!.renderCompare(comparison, { color: io.color, width: io.isTTY ? io.columns : undefined })}`);
    if (opts.city) for (const u of focusOf(ev, focus, opts.year)) io.out(`\n${diagnosisText(ev, results, results.cities[u], io)}`);
  }
  qualitySummary(io, dataset, ev.findings);
  if (opts.output && !io.quiet) io.out(`results written to ${opts.output}`);
  return code;
}

function unknownStage(name: string): CityscoreError {
  const sug = didYouMean(name, STAGE_NAMES);
  return new CityscoreError('USAGE', `unknown stage "${name}"`, {
    exitCode: 2,
    hint: `${sug ? `did you mean "${sug}"? ` : ''}stages: ${STAGE_NAMES.join(', ')}`,
  });
}

function parseStages(s: string | undefined): 'all' | StageName[] | undefined {
  if (s === undefined) return undefined;
  if (s === 'all') return 'all';
  const names = s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  for (const n of names) if (!isStageName(n)) throw unknownStage(n);
  return names as StageName[];
}

function checkGroup(system: ResolvedSystem, groupBy: string | undefined): void {
  if (groupBy === undefined) return;
  const ids = system.settings.groups.map((g) => g.id);
  if (ids.includes(groupBy)) return;
  const sug = didYouMean(groupBy, ids);
  throw new CityscoreError('USAGE', `--group-by ${groupBy}: not a group of ${system.id}`, {
    exitCode: 2,
    hint: ids.length ? `${sug ? `did you mean "${sug}"? ` : ''}groups: ${ids.join(', ')}` : `${system.id} declares no groups (settings.groups)`,
  });
}

function readBaseline(file: string): { results: Results } {
  return { results: readResultsFile(file, 'baseline') };
}

function checkScorable(system: ResolvedSystem, ds: Dataset): void {
  if (ds.units.length === 0)
    throw new CityscoreError('NOTHING_TO_SCORE', 'the returns hold no city', { exitCode: 2, details: ds.findings.filter((d) => d.severity === 'error') });
  const used = new Set<string>();
  for (const id of system.order) {
    const leaf = system.nodes[id].leaf;
    if (leaf?.field) used.add(leaf.field);
    for (const f of leaf?.formula?.fields ?? []) used.add(f);
  }
  if (![...used].some((f) => ds.values[f])) {
    throw new CityscoreError('NOTHING_TO_SCORE', `no field of ${system.id} is in the returns, so nothing can be scored`, {
      exitCode: 2,
      hint: 'check that the returns were written for this system (cityscore template makes a matching workbook)',
      details: ds.findings.filter((d) => d.severity === 'error').slice(0, 20),
    });
  }
}

/** Units of a city (by name, name without 市, or division code); throws exit 2 with a suggestion when none. */
export function cityUnits(ds: Dataset, city: string): number[] {
  const out: number[] = [];
  ds.units.forEach((u, i) => {
    if (matchesCity(u, city)) out.push(i);
  });
  if (!out.length) {
    // Compare without the 市/州/县/区 suffix too (南宇 → 南宁 → 南宁市).
    const byBase = new Map(ds.units.map((u) => [shortCityName(u.name), u.name]));
    const base = didYouMean(shortCityName(city), byBase.keys());
    const sug = base !== undefined ? byBase.get(base) : didYouMean(city, new Set(ds.units.map((u) => u.name)));
    throw new CityscoreError('UNKNOWN_CITY', `no city "${city}" in the returns`, {
      exitCode: 2,
      hint: sug ? `did you mean "${sug}"?` : `cities: ${[...new Set(ds.units.map((u) => u.name))].slice(0, 20).join(', ')}`,
    });
  }
  return out;
}

/** The units to show for --city: the given year, else the city's latest year. */
function focusOf(ev: Evaluation, units: number[], year: number | undefined): number[] {
  if (year !== undefined) return units.filter((u) => ev.ux.units[u].year === year);
  let best = units[0];
  for (const u of units) if ((ev.ux.units[u].year ?? -Infinity) > (ev.ux.units[best].year ?? -Infinity)) best = u;
  return [best];
}

/** The options as given, with the system and returns arguments, so that verify can re-run them. */
function recordedOptions(systemRef: string, returns: string[], opts: ScoreOptions): Record<string, unknown> {
  const keep: (keyof ScoreOptions)[] = ['year', 'groupBy', 'baseline', 'stages', 'strict', 'encoding', 'sheet', 'source', 'corrections', 'city', 'priorities'];
  const out: Record<string, unknown> = { system: systemRef, returns };
  for (const k of keep) if (opts[k] !== undefined) out[k] = opts[k];
  if (opts.baseline) out.baselineHash = sha256(readFileSync(opts.baseline));
  return out;
}

/** `--priorities 10` or `all` (every indicator where the city can gain); undefined: the engine's default. */
function parsePriorities(p: string | undefined): number | undefined {
  const limit = priorityLimit(p);
  if (limit === null) throw new CityscoreError('USAGE', `--priorities ${p}: give a positive whole number or all`, { exitCode: 2 });
  return limit;
}

const ALL_FORMATS = ['xlsx', 'md', 'html', 'json'] as const;
type ReportFormat = (typeof ALL_FORMATS)[number];

/** `--stage <name> --format csv|json`: the format of the stage table (also `--stage-format`). */
function stageFormatOf(format: string[]): 'csv' | 'json' {
  const f = format.join(',');
  if (f === 'csv' || f === 'json') return f;
  throw new CityscoreError('USAGE', `--format ${f} with --stage: use csv or json (or --out <dir> for reports)`, { exitCode: 2 });
}

function reportFormats(opts: ScoreOptions): ReportFormat[] {
  const needsOut = opts.perCity ? '--per-city' : opts.lang ? '--lang' : opts.sensitivity ? '--sensitivity' : opts.audit ? '--audit' : undefined;
  if (!opts.out && needsOut) throw new CityscoreError('USAGE', `${needsOut} needs --out <dir> (the folder the reports go to)`, { exitCode: 2 });
  if (!opts.format) return [...ALL_FORMATS];
  if (!opts.out) throw new CityscoreError('USAGE', '--format needs --out <dir> (the folder the reports go to)', { exitCode: 2 });
  const bad = opts.format.filter((f) => !(ALL_FORMATS as readonly string[]).includes(f));
  if (bad.length)
    throw new CityscoreError('USAGE', `unknown report format ${bad.map((b) => `"${b}"`).join(', ')}`, {
      exitCode: 2,
      hint: `formats: ${ALL_FORMATS.join(', ')}`,
    });
  return opts.format as ReportFormat[];
}

function banner(io: IO, sys: ResolvedSystem): void {
  const c = io.color;
  const list = (ids: string[]) => (ids.length <= 8 ? ids.join(', ') : `${ids.slice(0, 8).join(', ')} … (+${ids.length - 8})`);
  if (sys.provisional.length || sys.assumed.length) {
    const parts: string[] = [];
    if (sys.provisional.length) parts.push(`${sys.provisional.length} provisional (unconfirmed sources): ${list(sys.provisional)}`);
    if (sys.assumed.length) parts.push(`${sys.assumed.length} assumed (chosen by the system's authors): ${list(sys.assumed)}`);
    io.out(c.yellow(`⚠ weights not confirmed by the source — ${parts.join('; ')}. cityscore show ${sys.id} lists them.`));
  }
  if (sys.illustrative) io.out(c.yellow('⚠ illustrative system: not adopted by any authority'));
}

function fmt(x: number | null | undefined, ev: Evaluation): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return formatFixed(x, ev.model.settings.precision, ev.model.settings.rounding);
}

function signed(x: number | null | undefined, ev: Evaluation): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const s = fmt(x, ev);
  return x > 0 && Number(s) !== 0 ? `+${s}` : s;
}

export function rankingText(ev: Evaluation, res: Results, io: IO): string {
  const c = io.color;
  const sys = ev.model.system;
  const dims = firstLevel(ev.model).map((i) => ev.model.ids[i]);
  const multiYear = ev.ux.years.length > 1;
  const hasGroup = !!ev.groupBy;
  const hasBase = !!res.baseline;
  const cities = [...res.cities].sort(
    (a, b) => (a.year ?? 0) - (b.year ?? 0) || (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const maxWidth = io.isTTY ? io.columns : Infinity;
  let shown = dims.length;
  const build = () => {
    const cols: Column[] = [
      { header: 'rank', align: 'right' },
      { header: 'city', shrink: true },
    ];
    if (multiYear) cols.push({ header: 'year' });
    cols.push({ header: 'total', align: 'right' });
    if (hasBase) cols.push({ header: 'Δ total', align: 'right' }, { header: 'Δ rank', align: 'right' });
    if (hasGroup) cols.push({ header: `${ev.groupBy} rank`, align: 'right' });
    cols.push({ header: 'tier', shrink: true });
    for (const d of dims.slice(0, shown)) cols.push({ header: d, align: 'right' });
    const rows = cities.map((city) => {
      const r = [city.rank === null ? '—' : String(city.rank), city.name];
      if (multiYear) r.push(city.year === null ? '' : String(city.year));
      r.push(fmt(city.total, ev));
      if (hasBase) {
        const ch = city.change;
        r.push(ch ? signed(ch.total, ev) : 'new');
        r.push(ch && ch.rank !== null ? (ch.rank > 0 ? `↑${ch.rank}` : ch.rank < 0 ? `↓${-ch.rank}` : '=') : '—');
      }
      if (hasGroup) r.push(city.groupRank == null ? '—' : `${city.groupRank}/${city.groupOf}`);
      r.push(city.tier?.name ?? '—');
      for (const d of dims.slice(0, shown)) r.push(fmt(nodeScore(res, city, d)?.points, ev));
      return r;
    });
    return { cols, rows };
  };
  let t = build();
  const width = () => renderTable(t.cols, t.rows).split('\n')[0].length;
  while (shown > 0 && Number.isFinite(maxWidth) && width() > maxWidth) {
    shown--;
    t = build();
  }
  const lines: string[] = [];
  const scope = ev.model.hasRelative
    ? ` · relative scores normalised ${ev.scope === 'pooled' && multiYear ? `pooled across ${ev.ux.years.join('/')}` : ev.scope === 'per-year' && multiYear ? 'per year (ranks and changes compare positions within each year)' : 'across the cities scored'}`
    : '';
  lines.push(c.bold(`${sys.title.zh} (${sys.id} ${sys.version}) — ${res.summary.scored} of ${res.summary.cities} city-years scored${scope}`));
  lines.push(renderTable(t.cols, t.rows, maxWidth));
  const legend = dims.slice(0, shown).map((d) => `${d} ${sys.nodes[d].name} (${fmt(ev.nodes.effMax[ev.model.index.get(d)!], ev)})`);
  if (legend.length) lines.push(c.dim(`points: ${legend.join(' · ')}${shown < dims.length ? ` · ${dims.length - shown} more dimension(s) in --json` : ''}`));
  return lines.join('\n');
}

export function diagnosisText(ev: Evaluation, res: Results, city: ResultsCity, io: IO): string {
  const c = io.color;
  const sys = ev.model.system;
  const lines: string[] = [];
  const title = `${city.name}${city.year !== null ? ` ${city.year}` : ''}`;
  const d = city.diagnosis;
  lines.push(
    c.bold(`${title}: ${fmt(city.total, ev)} points${city.rank !== null ? `, rank ${city.rank} of ${city.of}` : ''}${city.tier ? `, ${city.tier.name}` : ''}`),
  );
  const self = (b: { key: string }) => b.key === city.key;
  if (d?.best)
    lines.push(
      self(d.best) ? `the best city of ${city.year ?? 'its year'}` : `gap to the best (${d.best.name} ${fmt(d.best.total, ev)}): ${fmt(d.gapToBest, ev)}`,
    );
  if (d?.groupBest)
    lines.push(
      self(d.groupBest)
        ? `the best of its ${ev.groupBy}`
        : `gap to the best of its ${ev.groupBy} (${d.groupBest.name} ${fmt(d.groupBest.total, ev)}): ${fmt(d.gapToGroupBest, ev)}`,
    );
  const dims = firstLevel(ev.model).map((i) => ev.model.ids[i]);
  lines.push('', c.bold('points lost by dimension'));
  lines.push(
    renderTable(
      [
        { header: 'dimension', shrink: true },
        { header: 'points', align: 'right' },
        { header: 'max', align: 'right' },
        { header: 'lost', align: 'right' },
        { header: 'rank', align: 'right' },
      ],
      dims.map((id) => {
        const s = nodeScore(res, city, id)!;
        return [
          `${id} ${sys.nodes[id].name}`,
          fmt(s.points, ev),
          fmt(ev.nodes.effMax[ev.model.index.get(id)!], ev),
          s.lost === null ? '—' : fmt(s.lost, ev),
          s.rank == null ? '—' : String(s.rank),
        ];
      }),
      io.isTTY ? io.columns : Infinity,
    ),
  );
  if (d) {
    lines.push('', c.bold('top priorities (points the total gains by reaching the target, re-scored)'));
    if (!d.priorities.length) lines.push('  none: every indicator is at its target');
    d.priorities.slice(0, 10).forEach((q, k) => {
      const p = priorityDetails(res, city, q);
      const from = p.current === null ? 'missing' : valueText(ev, p.node, p.current);
      const to = p.targetLabel ?? valueText(ev, p.node, p.target);
      lines.push(
        `  ${k + 1}. ${p.node} ${p.name}: ${from} → ${to}${p.basis === 'best-peer' ? ' (best city)' : p.basis === 'no-deduction' ? ' (no deduction)' : ''}  ${c.green(`+${fmt(p.gain, ev)}`)}`,
      );
    });
    const stand = (s: { node: string; z: number; percentile: number }) =>
      `${s.node} ${sys.nodes[s.node]?.name ?? ''} (${s.z >= 0 ? '+' : ''}${s.z.toFixed(1)} sd, ${Math.round(s.percentile)}th percentile)`;
    const peers = `the cities of ${city.year ?? 'the same year'}`;
    lines.push('', `${c.bold('strengths')} vs ${peers}: ${d.strengths.length ? d.strengths.map(stand).join('; ') : 'none above +0.5 sd'}`);
    lines.push(`${c.bold('weaknesses')} vs ${peers}: ${d.weaknesses.length ? d.weaknesses.map(stand).join('; ') : 'none below −0.5 sd'}`);
    for (const n of d.notes) lines.push(c.dim(`note: ${n}`));
  }
  if (city.change) {
    const ch = city.change;
    lines.push(
      '',
      `change since ${ch.baseline}: total ${signed(ch.total, ev)}, rank ${ch.rank === null ? '—' : ch.rank > 0 ? `up ${ch.rank}` : ch.rank < 0 ? `down ${-ch.rank}` : 'unchanged'}`,
    );
  }
  return lines.join('\n');
}

function valueText(ev: Evaluation, node: string, v: number): string {
  const spec = ev.model.leafSpecs[ev.model.leafOf[ev.model.index.get(node)!]];
  if (spec.levels && spec.rule.type === 'levels') return spec.levels[v] ?? String(v);
  const r = Number(v.toPrecision(6));
  return `${r}${spec.field ? (ev.model.fields.get(spec.field)?.type === 'percent' ? '%' : '') : ''}`;
}

function qualitySummary(io: IO, ds: Dataset, engine: Diagnostic[]): void {
  const all = [...ds.findings, ...engine];
  const n = (s: Diagnostic['severity']) => all.filter((d) => d.severity === s).length;
  if (!all.length) {
    if (!io.quiet) io.out('\ndata quality: no findings');
    return;
  }
  io.out(`\ndata quality: ${n('error')} error(s), ${n('warning')} warning(s), ${n('info')} note(s) (returns ${ds.findings.length}, scoring ${engine.length})`);
  const order = { error: 0, warning: 1, info: 2 };
  const first = [...all].sort((a, b) => order[a.severity] - order[b.severity]).slice(0, io.quiet ? all.length : 5);
  printDiagnostics(io, first, { to: 'out' });
  if (all.length > first.length) io.out(io.color.dim(`… ${all.length - first.length} more (cityscore check lists them; --json has them all)`));
}
