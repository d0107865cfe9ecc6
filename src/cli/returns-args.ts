/** The returns options every command shares (--encoding, --sheet, --source, --corrections, --year). */
import { usageError } from '../errors.js';
import type { ReturnsOptions } from '../returns/index.js';
import { splitFileArg } from '../returns/files.js';

export interface ReturnsCliOptions {
  encoding?: string;
  sheet?: string;
  source?: string[] | string;
  corrections?: string;
  year?: number;
}

/** --source: one id for every file, or one per file in order (a file's own `id=` prefix wins). */
export function withSources(returns: readonly string[], source: string[] | string | undefined): { args: string[]; source?: string } {
  const list = source === undefined ? [] : Array.isArray(source) ? source : [source];
  if (list.length <= 1) return { args: [...returns], source: list[0] };
  if (list.length !== returns.length)
    throw usageError(
      `--source was given ${list.length} times for ${returns.length} files`,
      'give one --source for all files, one per file, or prefix files with their source: survey=FILE',
    );
  return { args: returns.map((r, i) => (/^[A-Za-z_]\w*=/.test(r) ? r : `${list[i]}=${r}`)) };
}

/** Files (with source prefixes) and loadReturns options from the command line. */
export function returnsArgs(returns: readonly string[], opts: ReturnsCliOptions, progress: boolean): { files: string[]; options: ReturnsOptions } {
  const s = withSources(returns, opts.source);
  return {
    files: s.args,
    options: { encoding: opts.encoding, sheet: opts.sheet, source: s.source, corrections: opts.corrections, year: opts.year, progress },
  };
}

/** The paths behind `source=path` arguments, for refusing to write over an input. */
export function inputPaths(returns: readonly string[]): string[] {
  return returns.map((r) => splitFileArg(r).path);
}

/** returnsArgs as the argument list of loadReturns. */
export function returnsArgsList(returns: readonly string[], opts: ReturnsCliOptions, progress: boolean): [string[], ReturnsOptions] {
  const r = returnsArgs(returns, opts, progress);
  return [r.files, r.options];
}
