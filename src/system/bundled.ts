/**
 * The systems shipped in `indicators/`, found by id (optionally `id@version`). Only the `id:` and
 * `version:` lines are read to build the index, so listing is cheap.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BundledEntry {
  id: string;
  version: string;
  title: string;
  file: string;
  /** Path relative to the indicators folder. */
  rel: string;
}

let root: string | undefined;
let index: BundledEntry[] | undefined;

/** The project's `indicators/` folder (works from src/ under tsx and from dist/ when bundled). */
export function indicatorsDir(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const cand = join(dir, 'indicators');
    if (existsSync(join(dir, 'package.json')) && existsSync(cand)) return (root = cand);
    dir = dirname(dir);
  }
  return (root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'indicators'));
}

function scan(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) scan(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
}

const unquote = (s: string) => s.trim().replace(/^["']|["']$/g, '');

export function bundledSystems(): BundledEntry[] {
  if (index) return index;
  const files: string[] = [];
  const dir = indicatorsDir();
  scan(dir, files);
  index = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const id = /^id:\s*(.+)$/m.exec(text)?.[1];
    const version = /^version:\s*(.+)$/m.exec(text)?.[1];
    const title = /^\s+zh:\s*(.+)$/m.exec(text)?.[1];
    if (id) index.push({ id: unquote(id), version: version ? unquote(version) : '', title: title ? unquote(title) : '', file, rel: relative(dir, file) });
  }
  return index;
}

export function bundledIds(): string[] {
  return bundledSystems().map((e) => e.id);
}

/** File of a bundled system by `id` or `id@version`, or undefined. */
export function findBundled(ref: string): string | undefined {
  const [id, version] = ref.split('@');
  const hit = bundledSystems().find((e) => e.id === id && (version === undefined || e.version === version));
  return hit?.file;
}
