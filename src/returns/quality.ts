/**
 * Data quality: the findings that need the whole dataset, on top of those made while reading
 * (`dataset.findings`: unparseable values, unknown columns, cities, years, duplicates, source
 * conflicts, template mismatches, unapplied corrections). `checkDataset` returns both, sorted and
 * located, so that `check` prints them and `score` can reuse them.
 *
 *   MISSING_REQUIRED  a required field left blank (at the blank cell), or given by no input for a
 *                     city-year while other city-years have it (at the city's cell)
 *   MISSING_FIELD     a required field that no input has a column for, when the source expected to
 *                     deliver it is among the inputs (not when a misspelt column explains it)
 *   OUT_OF_RANGE      outside the field's range            PERCENT_ABOVE_100  a percentage above 100
 *   NOT_INTEGER       a count with a fraction              COVERAGE           below a coverage policy
 *   YOY_JUMP          a suspicious change from one year to the next (same city)
 *   NO_CITY_YEARS     the returns hold no city-year at all (an error: nothing can be scored)
 */
import type { Diagnostic, Location } from '../errors.js';
import type { ResolvedField, ResolvedSystem } from '../system/model.js';
import { NOT_APPLICABLE, PRESENT, MISSING, type Dataset, type Provenance, type Unit } from './dataset.js';
import { stripProv } from './table.js';
import { parseA1 } from './text.js';
import { byCodeUnit as cmp } from '../util/order.js';

/** Year-over-year thresholds: a ratio of 3 (or 1/3) for amounts, 30 points for percentages. */
export const YOY_RATIO = 3;
export const YOY_POINTS = 30;

export interface CheckOptions {
  /**
   * A MISSING_REQUIRED finding for each required value that is blank or given by no input
   * (default true). score leaves them out: its MISSING_VALUE findings give the same values per
   * indicator, with how each parent counts them.
   */
  blankCells?: boolean;
}

export function checkDataset(system: ResolvedSystem, ds: Dataset, opts: CheckOptions = {}): Diagnostic[] {
  const blankCells = opts.blankCells ?? true;
  const out: Diagnostic[] = [...ds.findings];
  if (ds.units.length === 0) {
    out.push({
      severity: 'error',
      code: 'NO_CITY_YEARS',
      message: 'the returns hold no city-year: there is nothing to check or score',
      location: ds.inputs[0] ? { file: ds.inputs[0].path } : undefined,
      hint: 'check that the file has data rows below its header, and that --year names a year it holds',
    });
  }
  const inputSources = new Set(ds.inputs.filter((i) => i.kind !== 'corrections').map((i) => i.source));
  const hasSelf = system.sources.some((s) => s.id === 'self');
  const explained = new Set((ds.unknownColumns ?? []).map((u) => u.suggestion).filter((s): s is string => s !== undefined));
  const expectedGiven = (f: ResolvedField) => {
    const src = f.source ?? (hasSelf ? 'self' : undefined);
    return src === undefined || inputSources.has(src) || (inputSources.has(undefined) && !f.source);
  };
  const label = (f: ResolvedField) => `${f.id} (${f.name})`;
  const fieldsById = new Map(system.fields.map((f) => [f.id, f]));
  const unitLabel = (u: Unit) => `${u.name}${u.year !== null ? ` ${u.year}` : ''}`;

  for (const f of system.fields) {
    const state = ds.state[f.id];
    if (!state) {
      if (f.required && ds.units.length && expectedGiven(f) && !explained.has(f.id)) {
        const src = f.source ? system.sources.find((s) => s.id === f.source) : undefined;
        out.push({
          severity: 'warning',
          code: 'MISSING_FIELD',
          message: `no input has a column for ${label(f)}${src ? `, expected from ${src.id} (${src.name})` : ''}`,
          location: firstInputOf(ds, f.source ?? (hasSelf ? 'self' : undefined)),
          hint: 'add the column (cityscore template writes a form with every field), or ignore this if the field is not reported',
        });
      }
      continue;
    }
    const values = ds.values[f.id];
    const prov = ds.provenance[f.id];
    let givenSomewhere = false;
    for (let u = 0; u < ds.units.length && !givenSomewhere; u++) givenSomewhere = prov.has(u);
    for (let u = 0; u < ds.units.length; u++) {
      const st = state[u];
      if (st === MISSING) {
        if (!f.required || !blankCells) continue;
        const p = prov.at(u);
        if (p) {
          out.push({
            severity: 'warning',
            code: 'MISSING_REQUIRED',
            message: `${unitLabel(ds.units[u])}: ${label(f)} is required but ${p.raw && p.raw.trim() ? `"${p.raw.trim()}" says it is missing` : 'blank'}`,
            location: stripProv(p),
            hint: 'fill it in, or write 不适用 when it does not apply to this city',
          });
        } else if (givenSomewhere && expectedGiven(f)) {
          out.push({
            severity: 'warning',
            code: 'MISSING_REQUIRED',
            message: `${unitLabel(ds.units[u])}: no input gives ${label(f)}`,
            location: ds.units[u].origin ? stripProv(ds.units[u].origin!) : undefined,
            hint: f.source ? `expected from source ${f.source}` : 'add it to the return',
          });
        }
        continue;
      }
      if (st !== PRESENT || !prov.has(u)) continue;
      const x = values[u];
      const p = () => prov.at(u)!;
      if (f.type === 'percent' && x > 100) {
        out.push({
          severity: 'error',
          code: 'PERCENT_ABOVE_100',
          message: `${unitLabel(ds.units[u])}: ${label(f)} is ${fmt(x)}%, above 100%`,
          location: stripProv(p()),
          hint: 'a percentage is at most 100: check the value and its scale (95 and 95% both mean 95%)',
        });
        continue;
      }
      if (f.range) {
        const [lo, hi] = f.range;
        if ((lo !== null && x < lo) || (hi !== null && x > hi)) {
          out.push({
            severity: 'error',
            code: 'OUT_OF_RANGE',
            message: `${unitLabel(ds.units[u])}: ${label(f)} is ${fmt(x)}, outside ${rangeText(f)}`,
            location: stripProv(p()),
            hint: f.unit ? `the value is read in ${f.unit}` : undefined,
          });
          continue;
        }
      }
      if (f.type === 'count' && !Number.isInteger(x)) {
        out.push({
          severity: 'warning',
          code: 'NOT_INTEGER',
          message: `${unitLabel(ds.units[u])}: ${label(f)} is a count but ${fmt(x)} has a fraction`,
          location: stripProv(p()),
        });
      }
    }
  }

  coverage(system, ds, out, (id) => expectedGiven(fieldsById.get(id)!));
  yearOverYear(system, ds, out);
  return sortFindings(
    dedupe(out),
    ds.inputs.map((i) => i.path),
  );
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(12)));
}

function rangeText(f: ResolvedField): string {
  const [lo, hi] = f.range!;
  const u = f.unit && f.unit !== '%' ? ` ${f.unit}` : f.unit === '%' ? '%' : '';
  if (lo !== null && hi !== null) return `${lo}–${hi}${u}`;
  if (lo !== null) return `≥ ${lo}${u}`;
  return `≤ ${hi}${u}`;
}

function firstInputOf(ds: Dataset, source: string | undefined): Location | undefined {
  const i = ds.inputs.find((x) => x.kind !== 'corrections' && (source === undefined || x.source === source)) ?? ds.inputs[0];
  return i ? { file: i.path } : undefined;
}

/**
 * Nodes with a coverage policy: the share of children with data must reach `min`. Children that
 * are not applicable, or whose data comes from a source that is not among the inputs, do not count.
 */
function coverage(system: ResolvedSystem, ds: Dataset, out: Diagnostic[], expected: (field: string) => boolean): void {
  const nodes = system.order
    .map((id) => system.nodes[id])
    .filter((n) => n.children.length > 0 && n.missing.policy === 'coverage' && n.missing.min !== undefined);
  if (!nodes.length) return;
  // leaf fields per node (a formula needs all its fields)
  const leafFields = (id: string): string[][] => {
    const n = system.nodes[id];
    if (n.leaf) return [n.leaf.field ? [n.leaf.field] : (n.leaf.formula?.fields ?? [])];
    return n.children.flatMap(leafFields);
  };
  const has = (fields: string[], u: number, st: number) => fields.length > 0 && fields.every((f) => ds.state[f]?.[u] === st);
  for (let u = 0; u < ds.units.length; u++) {
    for (const n of nodes) {
      let present = 0;
      let counted = 0;
      for (const c of n.children) {
        const groups = leafFields(c).filter((g) => g.length > 0 && g.every(expected));
        if (groups.length === 0 || groups.every((g) => has(g, u, NOT_APPLICABLE))) continue;
        counted++;
        if (groups.some((g) => has(g, u, PRESENT))) present++;
      }
      if (counted === 0) continue;
      const share = present / counted;
      if (share + 1e-12 < n.missing.min!) {
        const unit = ds.units[u];
        out.push({
          severity: 'warning',
          code: 'COVERAGE',
          message: `${unit.name}${unit.year !== null ? ` ${unit.year}` : ''}: ${present} of ${counted} indicators under ${n.id} (${n.name}) have data (${Math.round(share * 100)}%), below the ${Math.round(n.missing.min! * 100)}% that ${system.id} requires`,
          location: unit.origin ? stripProv(unit.origin) : undefined,
          hint: 'fill in more of the missing values, or the node is scored by its coverage policy',
        });
      }
    }
  }
}

/** Suspicious changes between consecutive years of the same city. */
function yearOverYear(system: ResolvedSystem, ds: Dataset, out: Diagnostic[]): void {
  const byCity = new Map<string, number[]>();
  ds.units.forEach((u, i) => {
    if (u.year === null) return;
    const k = u.code ?? u.name;
    const list = byCity.get(k);
    if (list) list.push(i);
    else byCity.set(k, [i]);
  });
  const fields = system.fields.filter((f) => ds.values[f.id] && (f.type === 'number' || f.type === 'count' || f.type === 'money' || f.type === 'percent'));
  for (const idx of byCity.values()) {
    if (idx.length < 2) continue;
    idx.sort((a, b) => ds.units[a].year! - ds.units[b].year!);
    for (let k = 1; k < idx.length; k++) {
      const a = idx[k - 1];
      const b = idx[k];
      for (const f of fields) {
        const st = ds.state[f.id];
        if (st[a] !== PRESENT || st[b] !== PRESENT) continue;
        const x = ds.values[f.id][a];
        const y = ds.values[f.id][b];
        let jump = false;
        let how = '';
        if (f.type === 'percent') {
          jump = Math.abs(y - x) > YOY_POINTS;
          how = `${y > x ? '+' : ''}${fmt(y - x)} points`;
        } else if (x > 0 && y > 0) {
          const r = y / x;
          jump = r >= YOY_RATIO || r <= 1 / YOY_RATIO;
          how = `×${fmt(Number(r.toPrecision(3)))}`;
        }
        if (!jump) continue;
        const pa = ds.provenance[f.id].at(a);
        const pb = ds.provenance[f.id].at(b);
        const ua = ds.units[a];
        const ub = ds.units[b];
        out.push({
          severity: 'warning',
          code: 'YOY_JUMP',
          message: `${ub.name} ${f.id} (${f.name}): ${fmt(x)} in ${ua.year}${pa ? ` (${where(pa)})` : ''} → ${fmt(y)} in ${ub.year} (${how})`,
          location: pb ? stripProv(pb) : undefined,
          hint: 'check both values and their units; a true change can stay',
        });
      }
    }
  }
}

function where(p: Provenance): string {
  return p.sheet !== undefined ? `${p.file} ${p.sheet}!${p.cell}` : `${p.file}:${p.line}:${p.col}`;
}

function dedupe(d: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return d.filter((x) => {
    const k = `${x.code}|${x.message}|${JSON.stringify(x.location ?? null)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Sort findings by file (in input order), sheet, row, column, then severity. */
export function sortFindings(d: Diagnostic[], files: readonly string[] = []): Diagnostic[] {
  const fileRank = (f: string | undefined) => {
    if (f === undefined) return -1;
    const i = files.indexOf(f);
    return i < 0 ? files.length : i;
  };
  const rc = (l: Location | undefined) => {
    if (!l) return [0, 0];
    if (l.cell) {
      const a = parseA1(l.cell);
      return a ? [a.row, a.col] : [0, 0];
    }
    return [l.line ?? 0, l.col ?? 0];
  };
  const sev = { error: 0, warning: 1, info: 2 };
  return d
    .map((x, i) => ({ x, i, r: rc(x.location) }))
    .sort(
      (a, b) =>
        fileRank(a.x.location?.file) - fileRank(b.x.location?.file) ||
        cmp(a.x.location?.file ?? '', b.x.location?.file ?? '') ||
        cmp(a.x.location?.sheet ?? '', b.x.location?.sheet ?? '') ||
        a.r[0] - b.r[0] ||
        a.r[1] - b.r[1] ||
        sev[a.x.severity] - sev[b.x.severity] ||
        a.i - b.i,
    )
    .map((e) => e.x);
}

