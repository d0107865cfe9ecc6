/**
 * Reading the JSON files cityscore wrote (results, baselines, sensitivity and audit results):
 * exit 2 when a file is missing, unreadable or not the kind asked for.
 */
import { readFileSync } from 'node:fs';
import { CityscoreError } from '../errors.js';
import { isResults } from '../engine/baseline.js';
import type { Results } from '../engine/results.js';
import { upgradeResults } from '../engine/results-access.js';
import { lineCol } from '../util/text-position.js';

/**
 * A JSON file that `accept` recognises; `what` names it in messages and `code` prefixes the error
 * codes (`${code}_UNREADABLE`, `${code}_INVALID`; a missing file is FILE_NOT_FOUND).
 */
export function readJsonFile<T>(file: string, opts: { what: string; code: string; hint: string; accept: (x: unknown) => x is T }): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CityscoreError(
      missing ? 'FILE_NOT_FOUND' : `${opts.code}_UNREADABLE`,
      missing ? 'no such file' : `cannot read the ${opts.what}: ${(e as Error).message}`,
      {
        location: { file },
        exitCode: 2,
      },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    // V8 says where as a character offset: the message gives the line and column instead.
    const m = /^(.*?)(?: in JSON)? at position (\d+)/.exec((e as Error).message);
    const at = m ? lineCol(text, Number(m[2])) : undefined;
    throw new CityscoreError(`${opts.code}_UNREADABLE`, `not valid JSON (${opts.what} expected): ${m ? m[1] : (e as Error).message}`, {
      location: { file, ...at },
      exitCode: 2,
    });
  }
  if (!opts.accept(parsed)) throw new CityscoreError(`${opts.code}_INVALID`, `not ${opts.what} JSON`, { location: { file }, exitCode: 2, hint: opts.hint });
  return parsed;
}

/** Results written by `score --json -o` (`role` baseline: given with --baseline). */
export function readResultsFile(file: string, role: 'results' | 'baseline' = 'results'): Results {
  const json = readJsonFile(file, {
    what: 'cityscore results',
    code: role === 'baseline' ? 'BASELINE' : 'RESULTS',
    hint:
      role === 'baseline'
        ? 'the baseline is the results of an earlier evaluation, written by cityscore score --json -o <file>'
        : 'written by cityscore score --json -o <file>',
    accept: isResults,
  });
  return upgradeResults(json as unknown as Record<string, unknown>, file, role === 'baseline' ? 'BASELINE' : 'RESULTS');
}
