/** Reading a results file for `report` and `verify`: exit 2 when it is missing, unreadable or not results. */
import { readFileSync } from 'node:fs';
import { CityscoreError } from '../errors.js';
import { isResults } from '../engine/baseline.js';
import type { Results } from '../engine/results.js';

export function readResultsFile(file: string): Results {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CityscoreError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'RESULTS_UNREADABLE',
      code === 'ENOENT' ? 'no such file' : `cannot read the results: ${(e as Error).message}`,
      { location: { file }, exitCode: 2 },
    );
  }
  if (!isResults(parsed)) {
    throw new CityscoreError('RESULTS_INVALID', 'not cityscore results JSON (written by cityscore score --json -o)', { location: { file }, exitCode: 2 });
  }
  return parsed;
}
