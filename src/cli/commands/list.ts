import { bundledSystems } from '../../system/bundled.js';
import type { IO } from '../io.js';

export async function run(opts: { json?: boolean }, io: IO): Promise<number> {
  const list = bundledSystems().map((e) => ({ id: e.id, version: e.version, title: e.title, file: `indicators/${e.rel}` }));
  if (opts.json) {
    io.out(JSON.stringify(list, null, 2));
    return 0;
  }
  const w = Math.max(...list.map((e) => e.id.length), 2);
  for (const e of list) io.out(`${e.id.padEnd(w)}  ${e.version.padEnd(6)}  ${e.title}  ${io.color.dim(e.file)}`);
  return 0;
}
