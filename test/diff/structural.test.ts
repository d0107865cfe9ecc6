import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../helpers/oracles.js';
import { requireSystem } from '../../src/system/load.js';
import { classAtLeast, diffSystems, type Change } from '../../src/analysis/diff/structural.js';
import { BASE_SYSTEM, tmpFiles } from '../helpers/tmp.js';

async function pair(newYaml: string, oldYaml = BASE_SYSTEM) {
  const dir = tmpFiles({ 'old.yaml': oldYaml, 'new.yaml': newYaml });
  const a = await requireSystem(join(dir, 'old.yaml'));
  const b = await requireSystem(join(dir, 'new.yaml'));
  return diffSystems(a, b);
}

const only = (changes: Change[]) => changes.map((c) => `${c.class}:${c.check}:${c.subject}`).sort();

describe('structural diff on constructed pairs', () => {
  it('identical systems: no changes', async () => {
    expect(await pair(BASE_SYSTEM)).toEqual([]);
  });

  it('reordering siblings is an order change, not remove + add', async () => {
    const swapped = BASE_SYSTEM.replace(
      /( {10}- \{ id: L1P1-A1.*\n)( {10}- \{ id: L1P1-A2.*\n)/,
      (_m, a1: string, a2: string) => a2 + a1,
    );
    expect(only(await pair(swapped))).toEqual(['cosmetic:node-order:L1P1-A1', 'cosmetic:node-order:L1P1-A2']);
  });

  it('weight change shows written weight and effective share', async () => {
    const c = await pair(BASE_SYSTEM.replace('share: 0.3', 'share: 0.4').replace('share: 0.7', 'share: 0.6'));
    expect(only(c)).toEqual(['scoring:weight-changed:L1P1-A1', 'scoring:weight-changed:L1P1-A2']);
    const a1 = c.find((x) => x.subject === 'L1P1-A1')!;
    expect(a1.message).toBe('L1P1-A1 电子证照使用率: weight 30% → 40%; share of total 18% → 24%');
    expect(a1.oldAt?.line).toBe(23);
    expect(a1.newAt?.line).toBe(23);
    expect(a1.fingerprint).toMatch(/^[0-9a-f]{12}$/);
  });

  it('names are cosmetic, rules/targets/direction/aggregation/missing are scoring', async () => {
    const next = BASE_SYSTEM.replace('name: 城市管理', 'name: 城市治理')
      .replace('{ id: L2P1, name: 城市治理, points: 40, value: rate2, rule: { type: ratio } }', '{ id: L2P1, name: 城市治理, points: 40, value: rate2, direction: negative, target: 90, rule: { type: linear, floor: 0 } }')
      .replace('    name: 惠民服务\n    points: 60\n', '    name: 惠民服务\n    points: 60\n    missing: renormalise\n    aggregate: amean\n');
    expect(only(await pair(next))).toEqual([
      'cosmetic:node-renamed:L2P1',
      'scoring:aggregation-changed:L1',
      'scoring:direction-changed:L2P1',
      'scoring:missing-policy-changed:L1',
      'scoring:rule-changed:L2P1',
      'scoring:target-changed:L2P1',
    ]);
  });

  it('formula meaning changes are breaking; a respelling is cosmetic', async () => {
    expect(only(await pair(BASE_SYSTEM.replace('"done / total * 100"', '"done / total * 10"')))).toEqual(['breaking:formula-changed:L1P1-A1']);
    expect(only(await pair(BASE_SYSTEM.replace('"done / total * 100"', '"(done / total) * 100"')))).toEqual(['cosmetic:formula-respelled:L1P1-A1']);
  });

  it('field removed, retyped and unit changes are breaking; added is scoring', async () => {
    const next = BASE_SYSTEM.replace("  - { id: rate2, name: 一站式办理率, type: percent, range: [0, 100] }\n", "  - { id: rate2, name: 一站式办理率, type: number, unit: 件, range: [0, 100] }\n  - { id: extra, name: 新增字段, type: count }\n");
    expect(only(await pair(next))).toEqual(['breaking:field-type-changed:rate2', 'breaking:field-unit-changed:rate2', 'scoring:field-added:extra']);
  });

  it('nodes added and removed, moves and likely renames', async () => {
    const moved = BASE_SYSTEM.replace(
      "          - { id: L1P1-A2, name: 一站式办理率, share: 0.7, value: rate2, rule: { type: ratio } }\n",
      "          - { id: L1P1-A2, name: 一站式办理率, share: 0.7, value: rate2, rule: { type: ratio } }\n      - { id: L1P2, name: 交通服务, points: 0, value: rate2, rule: { type: ratio } }\n",
    );
    expect(only(await pair(moved))).toEqual(['scoring:node-added:L1P2']);
    const renamedId = BASE_SYSTEM.replace('id: L2P1, name: 城市管理', 'id: L2P9, name: 城市管理');
    const c = await pair(renamedId);
    expect(only(c)).toEqual(['scoring:node-id-renamed:L2P9']);
    expect(c[0].message).toContain('L2P1 → L2P9');
    const moveBase = BASE_SYSTEM.replace('      - { id: L2P1, name: 城市管理, points: 40, value: rate2, rule: { type: ratio } }', '      - id: L2P1\n        name: 城市管理\n        points: 40\n        children:\n          - { id: L2P1-A1, name: x, share: 1, value: rate2, rule: { type: ratio } }');
    const moveNew = moveBase.replace("          - { id: L2P1-A1, name: x, share: 1, value: rate2, rule: { type: ratio } }", "          - { id: L2P1-A1, name: x, share: 1, value: rate2, rule: { type: ratio } }\n      - { id: L2P2, name: y, points: 0, value: done, rule: { type: ratio } }");
    const moveNew2 = moveNew.replace('children:\n          - { id: L2P1-A1, name: x, share: 1, value: rate2, rule: { type: ratio } }', "value: rate2\n        rule: { type: ratio }");
    const mv = await pair(moveNew2.replace("      - { id: L2P2, name: y, points: 0, value: done, rule: { type: ratio } }", "      - id: L2P2\n        name: y\n        points: 0\n        children:\n          - { id: L2P1-A1, name: x, share: 1, value: rate2, rule: { type: ratio } }"), moveBase);
    expect(only(mv)).toContain('scoring:node-moved:L2P1-A1');
  });

  it('status changes and kind changes', async () => {
    const next = BASE_SYSTEM.replace('share: 0.3,', 'share: 0.3, status: assumed, basis: test,');
    expect(only(await pair(next))).toEqual(['cosmetic:status-changed:L1P1-A1', 'cosmetic:weight-basis-changed:L1P1-A1']);
    // A standard item becomes a deduction: a kind change (scoring), not a removal and an addition.
    const withL3 = BASE_SYSTEM.replace('indicators:\n', 'indicators:\n  - { id: L3, name: 安全, points: 0, value: rate2, rule: { type: ratio } }\n');
    const deduction = withL3.replace('{ id: L3, name: 安全, points: 0, value: rate2', '{ id: L3, name: 安全, kind: deduction, max: 5, value: rate2');
    const kc = await pair(deduction, withL3);
    expect(only(kc)).toContain('scoring:kind-changed:L3');
    expect(only(kc).filter((x) => /node-(added|removed)/.test(x))).toEqual([]);
  });

  it('every other check id on constructed pairs: removals, ranges, value fields, AHP, settings, system texts, renames by value', async () => {
    // A leaf and a field removed (breaking field, scoring node); a field's range changed.
    const base = BASE_SYSTEM.replace("  - { id: total, name: 事项总数, type: count }\n", "  - { id: total, name: 事项总数, type: count }\n  - { id: spare, name: 备用, type: count, range: [0, 10] }\n")
      .replace('      - { id: L2P1, name: 城市管理, points: 40, value: rate2, rule: { type: ratio } }', '      - { id: L2P1, name: 城市管理, points: 30, value: rate2, rule: { type: ratio } }\n      - { id: L2P2, name: 备用项, points: 10, value: spare, rule: { type: ratio } }');
    const removed = base.replace("  - { id: spare, name: 备用, type: count, range: [0, 10] }\n", '').replace('      - { id: L2P1, name: 城市管理, points: 30, value: rate2, rule: { type: ratio } }\n      - { id: L2P2, name: 备用项, points: 10, value: spare, rule: { type: ratio } }', '      - { id: L2P1, name: 城市管理, points: 40, value: rate2, rule: { type: ratio } }');
    const r = only(await pair(removed, base));
    expect(r).toContain('breaking:field-removed:spare');
    expect(r).toContain('scoring:node-removed:L2P2');
    expect(only(await pair(base.replace('range: [0, 10]', 'range: [0, 20]'), base))).toEqual(['scoring:field-range-changed:spare']);
    // A leaf reads another field: breaking.
    expect(only(await pair(base.replace('points: 10, value: spare', 'points: 10, value: done'), base))).toEqual(['breaking:value-field-changed:L2P2']);
    // AHP judgements (cosmetic: they are an input of `cityscore weights`, not of scoring).
    const ahp = base.replace('    name: 精准治理\n', '    name: 精准治理\n    ahp: { order: [L2P1, L2P2], matrix: [[1, 3], [0.333333, 1]] }\n');
    expect(only(await pair(ahp.replace('[[1, 3], [0.333333, 1]]', '[[1, 2], [0.5, 1]]'), ahp))).toEqual(['cosmetic:ahp-changed:L2']);
    // Other settings; the system's texts; a field's English name; how a field is read.
    const settings = base.replace('settings:\n', 'settings:\n  rounding: half-even\n  scope: per-year\n');
    expect(only(await pair(settings, base))).toEqual(['scoring:precision-changed:settings.rounding', 'scoring:settings-changed:settings.scope']);
    const texts = base.replace('title: { zh: 演示体系, en: Demo }', 'title: { zh: 演示体系（修订）, en: Demo }\ndescription: 修订说明').replace('source: { document: test fixture }', 'source: { document: test fixture v2 }');
    expect(only(await pair(texts, base))).toEqual(['cosmetic:system-description:system', 'cosmetic:system-source:system', 'cosmetic:system-title:system']);
    const field = base.replace('{ id: spare, name: 备用, type: count, range: [0, 10] }', '{ id: spare, name: 备用, name_en: Spare, type: count, range: [0, 10], aliases: [备用数] }');
    // How a field is read: a new role or allowed magnitudes (万/亿).
    const reading = base.replace('{ id: spare, name: 备用, type: count, range: [0, 10] }', '{ id: spare, name: 备用, type: count, range: [0, 10], magnitudes: [万] }');
    const rc = await pair(reading, base);
    expect(only(rc)).toEqual(['scoring:field-reading-changed:spare']);
    expect(rc[0].message).toBe('field spare: role indicator → indicator, magnitudes - → 万');
    const fc = await pair(field, base);
    expect(only(fc)).toEqual(['cosmetic:field-description:spare', 'cosmetic:field-label-changed:spare']);
    expect(fc.find((c) => c.check === 'field-label-changed')!.message).toBe('field spare: aliases [] → [备用数]');
    // A likely rename by the same value and rule (the name changed too), and a parent renamed with its children unmoved.
    const byValue = await pair(base.replace('{ id: L2P2, name: 备用项,', '{ id: L2P9, name: 其他项,'), base);
    expect(only(byValue)).toEqual(['cosmetic:node-renamed:L2P9', 'scoring:node-id-renamed:L2P9']);
    expect(byValue.find((c) => c.check === 'node-id-renamed')!.message).toBe('L2P2 → L2P9 (likely rename: same value and rule)');
    const parentRenamed = await pair(BASE_SYSTEM.replace('      - id: L1P1\n        name: 政务服务', '      - id: L1P9\n        name: 政务服务'));
    expect(only(parentRenamed)).toEqual(['scoring:node-id-renamed:L1P9']);
  });

  it('precision and tiers are scoring changes of the settings', async () => {
    const next = BASE_SYSTEM.replace('settings:\n', 'settings:\n  precision: 1\n').replace('min: 60 }', 'min: 65 }');
    expect(only(await pair(next))).toEqual(['scoring:precision-changed:settings.precision', 'scoring:tiers-changed:settings.tiers']);
  });

  it('fingerprints are stable across runs and differ between changes', async () => {
    const next = BASE_SYSTEM.replace('share: 0.3', 'share: 0.4').replace('share: 0.7', 'share: 0.6');
    const x = await pair(next);
    const y = await pair(next);
    expect(x.map((c) => c.fingerprint)).toEqual(y.map((c) => c.fingerprint));
    expect(new Set(x.map((c) => c.fingerprint)).size).toBe(x.length);
  });

  it('--fail-on levels', () => {
    expect(classAtLeast('breaking', 'breaking')).toBe(true);
    expect(classAtLeast('scoring', 'breaking')).toBe(false);
    expect(classAtLeast('scoring', 'scoring')).toBe(true);
    expect(classAtLeast('cosmetic', 'scoring')).toBe(false);
    expect(classAtLeast('cosmetic', 'any')).toBe(true);
    expect(classAtLeast('breaking', 'none')).toBe(false);
  });
});

describe('bundled editions', () => {
  it('2016 → 2018: first-level weights, the rename of 市民体验 → 市民评价, the deduction and the three new 二级', async () => {
    const a = await requireSystem('gbt-33356-2016');
    const b = await requireSystem('ndrc-2018');
    const c = diffSystems(a, b);
    const find = (check: string, subject: string) => c.find((x) => x.check === check && x.subject === subject);
    expect(find('node-renamed', 'L8')?.message).toBe('L8 renamed 市民体验 → 市民评价');
    expect(find('weight-changed', 'L8')?.message).toContain('weight 20 pt → 40 pt; share of total 20% → 40%');
    expect(find('weight-changed', 'L1')?.message).toContain('37 pt → 26 pt');
    expect(find('kind-changed', 'L6')?.message).toContain('standard → deduction');
    for (const id of ['L1P10', 'L1P11', 'L2P3']) expect(find('node-added', id)?.class).toBe('scoring');
  });

  it('the Guangxi overlay against its parent shows exactly the overlay changes', async () => {
    const a = await requireSystem('gbt-33356-2016-completed');
    const b = await requireSystem('guangxi-2023');
    const c = diffSystems(a, b).filter((x) => x.subjectKind === 'node');
    const changedNodes = Object.values(b.nodes).filter((n) => n.changed?.file === b.chain[0].file).map((n) => n.id).sort();
    const reported = [...new Set(c.filter((x) => x.check !== 'status-changed').map((x) => x.subject))].sort();
    expect(reported).toEqual(changedNodes);
    // A weight set by a rebalance entry is located at that entry of the overlay.
    const w = c.find((x) => x.check === 'weight-changed' && x.subject === 'L1P7-A1')!;
    expect(w.oldAt?.file).toBe('indicators/national/gbt-33356-2016.yaml');
    expect(w.newAt?.file).toBe('indicators/regional/guangxi-2023.yaml');
    const line = readFileSync(join(PROJECT_ROOT, w.newAt!.file), 'utf8').split('\n')[w.newAt!.line - 1];
    expect(line).toMatch(/parent: "L1P7", method: equal/);
  });
});

describe('structural diff: the remaining check ids', () => {
  it('field levels, required, labels; not-applicable; leaf ↔ node; descriptions; sources and groups', async () => {
    const base = BASE_SYSTEM.replace('settings:\n', 'settings:\n  groups: [{ id: province, name: 省份 }]\n')
      .replace("  - { id: done, name: 已办事项数, type: count }\n", "  - { id: done, name: 已办事项数, type: count }\n  - { id: lvl, name: 等级, type: level, levels: [低, 高] }\n")
      .replace('      - { id: L2P1, name: 城市管理, points: 40, value: rate2, rule: { type: ratio } }', '      - { id: L2P1, name: 城市管理, points: 30, value: rate2, rule: { type: ratio } }\n      - { id: L2P2, name: 等级, points: 10, value: lvl, rule: { type: levels, map: { 低: 0, 高: 100 } } }');
    const next = base
      .replace('{ id: lvl, name: 等级, type: level, levels: [低, 高] }', '{ id: lvl, name: 等级评定, type: level, levels: [低, 中, 高], required: false }')
      .replace('rule: { type: levels, map: { 低: 0, 高: 100 } } }', 'rule: { type: levels, map: { 低: 0, 中: 50, 高: 100 } }, not_applicable: full }')
      .replace('      - { id: L2P1, name: 城市管理, points: 30, value: rate2, rule: { type: ratio } }', '      - id: L2P1\n        name: 城市管理\n        description: 新增说明\n        points: 30\n        children:\n          - { id: L2P1-A1, name: 子项, share: 1, value: rate2, rule: { type: ratio } }')
      .replace('  groups: [{ id: province, name: 省份 }]', '  groups: [{ id: province, name: 省份 }, { id: tier, name: 城市等级 }]')
      .replace('source: { document: test fixture }', 'source: { document: test fixture }\nsources: [{ id: self, name: 自报 }]');
    const c = only(await pair(next, base));
    for (const id of [
      'breaking:field-levels-changed:lvl',
      'scoring:field-required-changed:lvl',
      'cosmetic:field-label-changed:lvl',
      'scoring:not-applicable-changed:L2P2',
      'scoring:rule-parameters-changed:L2P2',
      'scoring:leaf-structure-changed:L2P1',
      'scoring:node-added:L2P1-A1',
      'cosmetic:node-description:L2P1',
      'cosmetic:groups-changed:settings.groups',
      'scoring:sources-changed:sources',
    ]) expect(c).toContain(id);
  });
});
