/**
 * What a command may touch of the outside world, passed in so that commands are testable
 * in-process and never call process.exit.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { CityscoreError, formatDiagnostic, formatLocation, type Diagnostic } from '../errors.js';

export interface IO {
  out(text: string): void;
  /** Raw UTF-8 bytes to stdout, as they are (large output, written in batches). */
  write(bytes: Uint8Array): void;
  err(text: string): void;
  /** stdout is a terminal (progress bars, fitted tables). */
  isTTY: boolean;
  /** stderr is a terminal (progress bars go there). */
  errIsTTY: boolean;
  columns: number;
  color: ChalkInstance;
  cwd: string;
  env: NodeJS.ProcessEnv;
  debug: boolean;
  quiet: boolean;
}

export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

export function processIO(): IO {
  const isTTY = Boolean(process.stdout.isTTY);
  return {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    write: (b) => process.stdout.write(b),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    isTTY,
    errIsTTY: Boolean(process.stderr.isTTY),
    columns: process.stdout.columns || 100,
    color: new Chalk({ level: colorEnabled(process.env, isTTY) ? 1 : 0 }),
    cwd: process.cwd(),
    env: process.env,
    debug: false,
    quiet: false,
  };
}

/** An IO that records output, for tests. */
export function memoryIO(opts: Partial<Pick<IO, 'isTTY' | 'columns' | 'cwd' | 'env'>> = {}): IO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => stdout.push(t.endsWith('\n') ? t : `${t}\n`),
    write: (b) => stdout.push(Buffer.from(b).toString('utf8')),
    err: (t) => stderr.push(t.endsWith('\n') ? t : `${t}\n`),
    isTTY: opts.isTTY ?? false,
    errIsTTY: false,
    columns: opts.columns ?? 100,
    color: new Chalk({ level: 0 }),
    cwd: opts.cwd ?? process.cwd(),
    env: opts.env ?? {},
    debug: false,
    quiet: false,
  };
}

export function printDiagnostics(io: IO, diags: readonly Diagnostic[], opts: { to?: 'out' | 'err' } = {}): void {
  const c = io.color;
  for (const d of diags) {
    const where = formatLocation(d.location);
    const sev = d.severity === 'error' ? c.red('error') : d.severity === 'warning' ? c.yellow('warning') : c.cyan('info');
    let line = `${where ? `${c.bold(where)}: ` : ''}${sev} ${c.dim(d.code)}: ${d.message}`;
    if (d.hint) line += `\n  ${c.dim('hint:')} ${d.hint}`;
    (opts.to === 'out' ? io.out : io.err)(line);
  }
}

export function printError(io: IO, e: CityscoreError): void {
  const c = io.color;
  const where = formatLocation(e.location);
  let text = `${c.red('cityscore:')} ${where ? `${where}: ` : ''}${e.message}`;
  if (e.hint) text += `\n  ${c.dim('hint:')} ${e.hint}`;
  io.err(text);
  const shown = e.details.slice(0, 20);
  for (const d of shown) io.err(`  ${formatDiagnostic(d).replace(/\n/g, '\n  ')}`);
  if (e.details.length > shown.length) io.err(`  … and ${e.details.length - shown.length} more`);
}
