import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CityscoreError } from '../../errors.js';
import { findBundled } from '../../system/bundled.js';
import { requireSystem, resolveSystemRef } from '../../system/load.js';
import { indicatorsDir } from '../../system/bundled.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { NODE_ID } from '../../system/schema.js';
// The id as YAML reads it back as the same string (012, 1e3, true are quoted).
import { stringify } from 'yaml';
import type { IO } from '../io.js';

export interface InitOptions {
  extends: string;
  id?: string;
  force?: boolean;
}

/** Scaffold an overlay that validates as written: every change is a commented example. */
export async function run(dir: string, opts: InitOptions, io: IO): Promise<number> {
  const parent = await requireSystem(opts.extends);
  const id = opts.id ?? `${parent.id}-local`;
  // The id names the file too: a system id's characters only, so the file stays in `dir`.
  if (!NODE_ID.test(id)) {
    throw new CityscoreError('USAGE', `--id "${id}" is not a system id`, {
      exitCode: 2,
      hint: 'an id uses letters, digits, _, . and - and starts with a letter, digit or _ (e.g. guangxi-2023)',
    });
  }
  const file = join(dir, `${id}.yaml`);
  if (existsSync(file) && !opts.force) throw new CityscoreError('FILE_EXISTS', `${file} exists; use --force to overwrite it`, { location: { file } });
  const bundled = findBundled(opts.extends) !== undefined && !existsSync(opts.extends);
  const schemaPath = relative(dir, join(indicatorsDir(), '..', 'schema', 'indicator-system.schema.json'))
    .split('\\')
    .join('/');
  const ext = bundled
    ? `extends:\n  id: ${parent.id}\n  version: "${parent.version}"\n  # Pin the parent's content so a later change to it cannot silently change your results:\n  # hash: ${parent.hash}`
    : `extends:\n  path: ${relative(dir, resolveSystemRef(opts.extends)).split('\\').join('/')}\n  # hash: ${parent.hash}`;
  const firstTop = parent.nodes[parent.root].children[0];
  const firstLeaf = parent.order.find((n) => parent.nodes[n].leaf) ?? firstTop;
  const text = `# yaml-language-server: $schema=${schemaPath}
# A regional overlay of ${parent.id} ${parent.version} (${parent.title.zh}).
# Uncomment and edit the examples under changes:, then run: cityscore validate ${file}
format: 1
id: ${stringify(id).trimEnd()}
version: "1"
title:
  zh: ${parent.title.zh}（地方版）
  en: ${parent.title.en ?? parent.id} (regional overlay)
source:
  document: 地方评价方案（请填写文件名称与文号）
  text: overlay of ${parent.id} ${parent.version}
${ext}

# New reported fields for local indicators:
# fields:
#   - { id: base_stations_5g, name: 5G基站数, unit: 个, type: count, range: [0, null] }

changes:
  # Add a local indicator under a parent (points for a 二级 indicator, share for a 分项):
  # add:
  #   - parent: ${firstTop}
  #     nodes:
  #       - id: ${firstTop}P90
  #         name: 地方特色指标
  #         points: 2
  #         status: assumed
  #         basis: 地方规划要求
  #         value: base_stations_5g
  #         rule: { type: linear, floor: 0, target: 30 }
  # Re-weight a node (say why, and whether the new weight is confirmed, provisional or assumed):
  # override:
  #   ${firstLeaf}:
  #     status: assumed
  #     basis: 地方评价方案
  # Make a parent's children add up again after adding or re-weighting:
  # rebalance:
  #   - { parent: ${firstTop}, method: proportional }
  # Drop indicators that do not apply here:
  # remove: [${firstLeaf}]
  remove: []
`;
  writeFileAtomic(file, text);
  io.out(`wrote ${file}`);
  return 0;
}
