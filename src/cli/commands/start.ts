/**
 * cityscore start (npm start): the main job on the bundled samples. Scores the 14 Guangxi sample
 * cities under the completed national system for 2022, then for 2023 against 2022 as the
 * baseline, prints the 2023 ranking (with the assumed-weights banner) and writes every report to
 * the output folder.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CityscoreError } from '../../errors.js';
import { indicatorsDir } from '../../system/bundled.js';
import type { IO } from '../io.js';
import { run as score } from './score.js';

export const START_SYSTEM = 'gbt-33356-2016-completed';

export function sampleArgs(year: number): { returns: string[]; corrections: string } {
  const dir = join(indicatorsDir(), '..', 'samples', START_SYSTEM);
  if (!existsSync(dir)) throw new CityscoreError('SAMPLES_MISSING', `the bundled samples are missing (${dir})`);
  return {
    returns: [join(dir, `returns-${year}.xlsx`), `survey=${join(dir, 'survey-2022-2023.csv')}`, `central=${join(dir, 'central-2022-2023.csv')}`],
    corrections: join(dir, 'corrections.csv'),
  };
}

export async function run(opts: { out: string }, io: IO): Promise<number> {
  const out = opts.out;
  const silent: IO = { ...io, out: () => {}, write: () => {} };
  const y2022 = sampleArgs(2022);
  const baseline = join(out, 'results-2022.json');
  const first = await score(START_SYSTEM, y2022.returns, { year: 2022, corrections: y2022.corrections, json: true, output: baseline }, silent);
  if (first === 2) return 2;
  const y2023 = sampleArgs(2023);
  const code = await score(
    START_SYSTEM,
    y2023.returns,
    { year: 2023, corrections: y2023.corrections, baseline, out, format: ['xlsx', 'md', 'html', 'json'], perCity: true },
    io,
  );
  if (!io.quiet) io.out(`\nreports for 2023 (baseline 2022) in ${out}/`);
  return code;
}
