/**
 * The one error type of cityscore. Every error a user can cause carries a stable code, a message,
 * an optional location (file, line, column, or sheet and cell) and the exit code it maps to.
 *
 * Exit-code contract (README, `--help`):
 *   0  the command did its job and found nothing at error level
 *   1  the command did its job and reports findings at error level in what it was asked to check
 *   2  the command could not do its job (usage, missing path, unreadable input, internal error)
 */
export interface Location {
  file?: string;
  line?: number;
  col?: number;
  sheet?: string;
  cell?: string;
  /** A dotted path inside a structured document, e.g. `indicators.0.children.2.weight`. */
  path?: string;
}

export type ExitCode = 0 | 1 | 2;

export class CityscoreError extends Error {
  readonly code: string;
  readonly location: Location | undefined;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  /** Further located messages (e.g. every finding of an invalid system). */
  readonly details: readonly Diagnostic[];

  constructor(
    code: string,
    message: string,
    opts: { location?: Location; exitCode?: ExitCode; hint?: string; details?: readonly Diagnostic[]; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CityscoreError';
    this.code = code;
    this.location = opts.location;
    this.exitCode = opts.exitCode ?? 2;
    this.hint = opts.hint;
    this.details = opts.details ?? [];
  }
}

/** A finding: a located message at a severity. Used by validate, check, diff and the engine. */
export interface Diagnostic {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  location?: Location;
  hint?: string;
}

export function formatLocation(loc: Location | undefined): string {
  if (!loc) return '';
  let s = loc.file ?? '';
  if (loc.sheet !== undefined) s += `${s ? ' ' : ''}${quoteSheet(loc.sheet)}!${loc.cell ?? ''}`;
  else if (loc.line !== undefined) s += `:${loc.line}${loc.col !== undefined ? `:${loc.col}` : ''}`;
  return s;
}

function quoteSheet(name: string): string {
  return /^[A-Za-z0-9_\u4e00-\u9fff]+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = formatLocation(d.location);
  const head = `${where ? `${where}: ` : ''}${d.severity} ${d.code}: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

export const usageError = (message: string, hint?: string): CityscoreError =>
  new CityscoreError('USAGE', message, { exitCode: 2, hint });
