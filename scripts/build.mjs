// Bundle the CLI with esbuild: one entry, code splitting so that every command (and exceljs and
// mathjs inside the commands that need them) is a lazily loaded chunk.
import { build } from 'esbuild';
import { readFileSync, renameSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const outdir = `dist.tmp-${process.pid}`;
await build({
  entryPoints: { cli: 'src/cli/index.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  // NO_MINIFY=1 keeps names readable for profiling (node --cpu-prof bin/cityscore …).
  minify: process.env.NO_MINIFY !== '1',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __CITYSCORE_VERSION__: JSON.stringify(pkg.version) },
  banner: {
    // Some bundled CommonJS dependencies (exceljs) use require/__dirname.
    js: "import { createRequire as __csCreateRequire } from 'node:module'; import { fileURLToPath as __csFileURLToPath } from 'node:url'; import { dirname as __csDirname } from 'node:path'; const require = __csCreateRequire(import.meta.url); const __filename = __csFileURLToPath(import.meta.url); const __dirname = __csDirname(__filename);",
  },
  logLevel: 'warning',
});
// Swap the new build in at once, so a concurrent run never sees a half-written dist/.
const old = `dist.old-${process.pid}`;
try {
  renameSync('dist', old);
} catch {
  /* no previous build */
}
renameSync(outdir, 'dist');
rmSync(old, { recursive: true, force: true });
