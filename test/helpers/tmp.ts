import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A fresh temporary folder with the given files written into it. */
export function tmpFiles(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cityscore-test-'));
  for (const [name, content] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

/** A small valid system; `patch` edits the YAML text. */
export const BASE_SYSTEM = `format: 1
id: demo
version: "1"
title: { zh: 演示体系, en: Demo }
source: { document: test fixture }
settings:
  tiers:
    - { id: t1, name: 起步期, min: 0 }
    - { id: t2, name: 成长期, min: 60 }
fields:
  - { id: done, name: 已办事项数, type: count }
  - { id: total, name: 事项总数, type: count }
  - { id: rate2, name: 一站式办理率, type: percent, range: [0, 100] }
indicators:
  - id: L1
    name: 惠民服务
    points: 60
    children:
      - id: L1P1
        name: 政务服务
        points: 60
        children:
          - { id: L1P1-A1, name: 电子证照使用率, share: 0.3, formula: "done / total * 100", rule: { type: ratio } }
          - { id: L1P1-A2, name: 一站式办理率, share: 0.7, value: rate2, rule: { type: ratio } }
  - id: L2
    name: 精准治理
    points: 40
    children:
      - { id: L2P1, name: 城市管理, points: 40, value: rate2, rule: { type: ratio } }
`;
