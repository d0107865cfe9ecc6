// Loads the bundled CLI (dist/cli.cjs) as a script compiled with V8's code cache (dist/cli.cache,
// made by the build: scripts/code-cache.mjs), so that a run neither parses nor compiles the code it
// has in the cache. The cache is used only with the build it was made from (both carry the
// bundle's hash); V8 itself rejects one made by another Node version or with other flags. Without a
// usable cache the script is compiled as usual: the cache only ever makes start-up faster.
// CommonJS (bin/package.json), like the bundle: the start of a run needs no ES module loader.
'use strict';
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const vm = require('node:vm');

/** The first line of dist/cli.cjs, and of dist/cli.cache: `// cityscore-build <sha-256 of the rest of cli.cjs>`. */
const BUILD_LINE = /^\/\/ cityscore-build ([0-9a-f]{64})\n/;

/** The V8 data of a cache file made for this build (undefined when absent or made for another). */
function cacheFor(source, cacheFile) {
  const id = BUILD_LINE.exec(source)?.[0];
  if (!id || !cacheFile) return undefined;
  let buf;
  try {
    buf = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  return buf.length > id.length && buf.toString('latin1', 0, id.length) === id ? buf.subarray(id.length) : undefined;
}

/**
 * The CLI's exports ({ main }) and its script (createCachedData, cachedDataRejected), compiled with
 * the code cache in `cacheFile` when it is this build's (null: none). `name`: the script's name in
 * stack traces, when it is not yet where it will run from (a cache keeps the name it was made with).
 */
function loadCli(file, cacheFile, name = file) {
  const source = readFileSync(file, 'utf8');
  const cachedData = cacheFor(source, cacheFile);
  const script = new vm.Script(Module.wrap(source), { filename: name, cachedData });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  return { exports: mod.exports, script, cached: cachedData !== undefined && !script.cachedDataRejected };
}

module.exports = { BUILD_LINE, cacheFor, loadCli };
