// Makes the V8 code cache of the bundled CLI: loads <dir>/cli.cjs as bin/cityscore does, runs the
// commonest commands on the bundled samples (their output discarded by the caller), and writes the
// code of every function they compiled to <dir>/cli.cache, after the bundle's build line. Run by
// scripts/build.mjs in a process of its own: node scripts/code-cache.mjs <dir> [<final dir>]
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUILD_LINE, loadCli } from '../bin/load-cli.js';

const dir = resolve(process.argv[2]);
// The script is named as it will be once the build is in place (dist/), in the cache and its stack traces.
const { exports, script } = loadCli(join(dir, 'cli.cjs'), null, resolve(process.argv[3] ?? dir, 'cli.cjs'));
const samples = 'samples/guangxi-2023';
const runs = [
  ['--help'],
  ['validate', 'gbt-33356-2016'],
  ['validate', 'guangxi-2023'],
  ['check', 'guangxi-2023', `${samples}/returns-2022-2023.gb18030.csv`],
  ['score', 'guangxi-2023', `${samples}/returns-2022-2023.gb18030.csv`, '--json'],
  ['score', 'guangxi-2023', `${samples}/returns-2022-2023.gb18030.csv`],
];
for (const argv of runs) {
  await exports.main(argv);
  if (process.exitCode) throw new Error(`cityscore ${argv.join(' ')} exited with ${process.exitCode}`);
}
// The cache starts with the bundle's build line: bin/load-cli.js uses it only with that bundle.
const [line] = BUILD_LINE.exec(readFileSync(join(dir, 'cli.cjs'), 'utf8'));
writeFileSync(join(dir, 'cli.cache'), Buffer.concat([Buffer.from(line, 'latin1'), script.createCachedData()]));
