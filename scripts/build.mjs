// Bundle the CLI with esbuild into one CommonJS script, dist/cli.cjs, and make its V8 code cache,
// dist/cli.cache (scripts/code-cache.mjs; bin/load-cli.js loads the two). Every command, and exceljs
// and mathjs inside the commands that need them, is still a module evaluated only when imported;
// with the cache, the code a run does not use is not even parsed.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const outdir = `dist.tmp-${process.pid}`;
const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  // NO_MINIFY=1 keeps names readable for profiling (node --cpu-prof bin/cityscore …).
  minify: process.env.NO_MINIFY !== '1',
  logLevel: 'warning',
};
// exceljs and mathjs's parser are scripts of their own (dist/vendor/), required when first imported:
// the CLI script, and its code cache, hold only what most runs use.
const VENDOR = { exceljs: 'exceljs', './mathjs-parser.js': 'mathjs-parser' };
const vendor = {
  name: 'vendor',
  setup(b) {
    b.onResolve({ filter: /^(exceljs|\.\/mathjs-parser\.js)$/ }, (a) => ({ path: `./vendor/${VENDOR[a.path]}.cjs`, external: true }));
  },
};
await build({
  ...common,
  entryPoints: ['src/cli/index.ts'],
  outfile: `${outdir}/cli.cjs`,
  // import() becomes require(), so that the script needs no module loader of its own.
  supported: { 'dynamic-import': false },
  plugins: [vendor],
  define: { __CITYSCORE_VERSION__: JSON.stringify(pkg.version), 'import.meta.url': '__csImportMetaUrl' },
  // The script runs in Node's CommonJS wrapper (require, __filename); import.meta.url is its file URL.
  banner: { js: 'var __csImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
});
// The first line names the build (the hash of the rest): its code cache carries the same line.
const cli = `${outdir}/cli.cjs`;
const body = readFileSync(cli, 'utf8');
writeFileSync(cli, `// cityscore-build ${createHash('sha256').update(body).digest('hex')}\n${body}`);
await build({
  ...common,
  entryPoints: { exceljs: createRequire(import.meta.url).resolve('exceljs'), 'mathjs-parser': 'src/system/mathjs-parser.ts' },
  outdir: `${outdir}/vendor`,
  outExtension: { '.js': '.cjs' },
});
try {
  execFileSync(process.execPath, ['scripts/code-cache.mjs', outdir, 'dist'], { stdio: ['ignore', 'ignore', 'inherit'] });
} catch (e) {
  rmSync(outdir, { recursive: true, force: true });
  throw e;
}
// Swap the new build in at once, so a concurrent run never sees a half-written dist/.
const old = `dist.old-${process.pid}`;
try {
  renameSync('dist', old);
} catch {
  /* no previous build */
}
renameSync(outdir, 'dist');
rmSync(old, { recursive: true, force: true });
