import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync, realpathSync, existsSync } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import { CityscoreError } from '../errors.js';
import { encodeBatches } from './batches.js';

/**
 * Write a file atomically: a temporary file beside it, then rename. Creates the folder. Data given
 * as pieces (lines of a large JSON, say) is written in batches, never joined into one string.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array | Iterable<string>): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    if (typeof data === 'string' || data instanceof Uint8Array) writeFileSync(tmp, data);
    else writePieces(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* nothing was created (the folder could not be made) */
    }
    // An error of the file system is this file's; any other (from the pieces' generator) is passed on as it is.
    if ((e as NodeJS.ErrnoException).syscall === undefined) throw e;
    throw new CityscoreError('WRITE_FAILED', `cannot write ${path}: ${(e as Error).message}`, { location: { file: path }, cause: e });
  }
}

/** Refuse an output path that is one of the inputs. */
export function assertNotInput(output: string, inputs: readonly string[]): void {
  const canon = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  const out = canon(output);
  for (const i of inputs) {
    if (canon(i) === out) {
      throw new CityscoreError('OUTPUT_IS_INPUT', `refusing to write ${output}: it is one of the inputs`, { location: { file: output } });
    }
  }
}

function writePieces(file: string, pieces: Iterable<string>): void {
  const fd = openSync(file, 'w');
  try {
    for (const batch of encodeBatches(pieces)) writeSync(fd, batch);
  } finally {
    closeSync(fd);
  }
}
