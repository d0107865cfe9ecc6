/**
 * Public API of the returns stage: files → typed Dataset (see dataset.ts).
 *
 *   loadReturns(system, files, opts)  read, merge and correct returns (CSV, xlsx)
 *   checkDataset(system, dataset)     every data-quality finding, located (quality.ts)
 *
 * Flow: each file → Grid(s) (csv.ts / xlsx.ts) → TableResult (table.ts: header, layout, values,
 * provenance) → rows not read (row-filter.ts: --year, years no return is for) → one Dataset
 * (merge.ts: cities, order, sources) → corrections (corrections.ts).
 */
import { CityscoreError, type Diagnostic } from '../errors.js';
import type { ResolvedSystem } from '../system/model.js';
import { sha256 } from '../util/hash.js';
import { applyCorrections, readCorrections } from './corrections.js';
import { readCsv } from './csv.js';
import type { Dataset, InputFile } from './dataset.js';
import { defaultSource, parseFileArg, readInput, sniff, stemOf } from './files.js';
import type { Grid } from './grid.js';
import { HeaderMatcher } from './headers.js';
import { mergeTables } from './merge.js';
import { dropUnreturnedYears, keepYear, returnedYears } from './row-filter.js';
import { readTable, stripProv, type TableResult, type TemplateMeta } from './table.js';
import { cellText } from './values.js';
import { readXlsx, type XlsxLimits } from './xlsx.js';

export { checkDataset, sortFindings } from './quality.js';
export * from './dataset.js';

export interface ReturnsOptions {
  /** CSV encoding override (utf-8, gb18030, gbk); detected when omitted. */
  encoding?: string;
  /** Excel sheet name, or '*' for every sheet. */
  sheet?: string;
  /** Default data-source id for files given without a `source=` prefix. */
  source?: string;
  /** Corrections file (CSV or YAML). */
  corrections?: string;
  /** Keep only this year. */
  year?: number;
  /** Show a progress bar on stderr (only when it is a terminal). */
  progress?: boolean;
  /** Limits for xlsx input (zip expansion, streaming threshold); defaults in xlsx.ts. */
  limits?: Partial<XlsxLimits>;
}

/**
 * Read returns. Each file argument is a path, optionally prefixed with a data-source id:
 * `survey=samples/survey-2023.csv`. Unreadable files throw CityscoreError (exit 2); located
 * defects become `dataset.findings`.
 */
export async function loadReturns(system: ResolvedSystem, files: readonly string[], opts: ReturnsOptions = {}): Promise<Dataset> {
  if (files.length === 0) throw new CityscoreError('USAGE', 'no returns files given');
  const matcher = new HeaderMatcher(system);
  const dflt = defaultSource(system, opts.source);
  const tables: TableResult[] = [];
  const inputs: InputFile[] = [];
  const extra: Diagnostic[] = [];
  for (const arg of files) {
    const { path, source } = parseFileArg(arg, system, dflt);
    const bytes = readInput(path);
    const kind = sniff(bytes, path);
    const input: InputFile = { path, hash: sha256(bytes), kind, bytes: bytes.length, ...(source !== undefined ? { source } : {}) };
    const before = tables.length;
    if (kind === 'csv') {
      const { grid, encoding, delimiter } = readCsv(bytes, path, opts.encoding);
      grid.context = [stemOf(path)];
      const meta = csvMeta(grid);
      input.encoding = encoding;
      input.delimiter = delimiter;
      if (meta) input.template = { system: meta.system, version: meta.version, year: meta.year };
      const t = readTable(grid, system, matcher, { source, meta, defaultYear: opts.year, requireHeader: true })!;
      tables.push(t);
    } else {
      const x = await readXlsx(bytes, path, { sheet: opts.sheet, progress: opts.progress, limits: opts.limits, stem: stemOf(path) });
      input.streamed = x.streamed;
      if (x.meta) input.template = { system: x.meta.system, version: x.meta.version, year: x.meta.year };
      const explicit = opts.sheet !== undefined && opts.sheet !== '*';
      const read: string[] = [];
      for (const g of x.grids) {
        const t = readTable(g, system, matcher, {
          source,
          meta: x.meta?.dataSheet === g.sheet ? x.meta : x.meta ? { ...x.meta, headerRow: undefined, dataRow: undefined } : undefined,
          defaultYear: opts.year,
          requireHeader: explicit,
        });
        if (t) {
          tables.push(t);
          read.push(g.sheet!);
        }
      }
      if (read.length === 0) {
        throw new CityscoreError('NO_HEADER', `no sheet has a header row that matches the fields of ${system.id}`, {
          location: { file: path },
          hint: `sheets: ${x.sheets.filter((s) => s !== '_meta').join(', ')}. Headers must be field ids, names or aliases (cityscore show ${system.id}; cityscore template writes a ready form)`,
        });
      }
      input.sheets = read;
    }
    const mine = tables.slice(before);
    const layouts = new Set(mine.map((t) => t.layout));
    input.layout = layouts.size > 1 ? 'mixed' : [...layouts][0];
    if (input.template) extra.push(...templateFindings(system, input, mine));
    inputs.push(input);
  }
  const returned = returnedYears(system, tables);
  if (opts.year !== undefined) {
    for (const t of tables) keepYear(t, opts.year);
  }
  const notRead = returned ? dropUnreturnedYears(system, tables, returned) : undefined;
  const merged = mergeTables(system, tables);
  const ds = merged.dataset;
  ds.inputs = inputs;
  ds.findings.push(...extra);
  ds.unknownColumns = tables.flatMap((t) => t.unknown);
  if (opts.corrections) {
    const { rows, input } = await readCorrections(opts.corrections, opts.encoding, opts.limits);
    inputs.push(input);
    applyCorrections(system, merged, matcher, rows, opts.year, notRead);
  }
  return ds;
}

/** A CSV template's first line: `# cityscore-template system=… version=… year=…`. */
function csvMeta(grid: Grid): TemplateMeta | undefined {
  const first = grid.rows[0]?.[0];
  if (typeof first !== 'string' || !/^#\s*cityscore-template\b/.test(first)) return undefined;
  const line = grid.rows[0].map((v) => cellText(v)).join(',');
  const kv = new Map([...line.matchAll(/(\w+)=([^\s,]+)/g)].map((m) => [m[1], m[2]]));
  const year = Number(kv.get('year'));
  return { system: kv.get('system'), version: kv.get('version'), year: Number.isInteger(year) ? year : undefined, layout: kv.get('layout') };
}

function templateFindings(system: ResolvedSystem, input: InputFile, tables: TableResult[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const t = input.template!;
  const where = { file: input.path };
  if (t.system !== undefined && (t.system !== system.id || (t.version !== undefined && t.version !== system.version))) {
    out.push({
      severity: 'warning',
      code: 'TEMPLATE_SYSTEM',
      message: `this return was made from the template of ${t.system} ${t.version ?? ''}, not ${system.id} ${system.version}`.replace(/\s+,/g, ','),
      location: where,
      hint: 'columns are matched by field id, so it is read anyway; fields that differ between the versions are missing or unknown',
    });
  }
  if (t.year !== undefined) {
    const other = tables.flatMap((tb) => tb.units).find((u) => u.year !== null && u.year !== t.year);
    if (other) {
      out.push({
        severity: 'warning',
        code: 'TEMPLATE_YEAR',
        message: `this return was made from the ${t.year} template but reports ${other.year}`,
        location: stripProv(other.origin),
        hint: `write a fresh template for ${other.year} (cityscore template ${system.id} --year ${other.year}), or check the year`,
      });
    }
  }
  return out;
}
