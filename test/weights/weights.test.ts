/**
 * cityscore weights through the command path: the literature cases of ../shared/oracles/mcda
 * (entropy, AHP) at their stated decimals, warnings and refusals, and the overlay: accepted by
 * validate, scorable, and a structural diff against its parent that shows the derived weights.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/commands/weights.js';
import { memoryIO } from '../../src/cli/io.js';
import { loadSystem } from '../../src/system/load.js';
import { diffSystems } from '../../src/analysis/diff/structural.js';
import { CityscoreError } from '../../src/errors.js';
import { haveOracles, readOracleJson } from '../helpers/oracles.js';
import { runCli } from '../helpers/cli.js';
import { GUANGXI_RETURNS, writeTmp, yamlSystem } from '../sensitivity/helpers.js';

interface Case {
  id: string;
  matrix?: number[][];
  pairwise_matrix?: number[][];
  expected: number[];
  decimals: number;
}

/** A flat system whose leaves score their raw values (normalise: none), so leaf scores = the oracle matrix. */
function flatSystem(k: number, extra = ''): string {
  const fields = Array.from({ length: k }, (_, j) => `  - {id: c${j + 1}, name: 准则${j + 1}, type: number}`).join('\n');
  const leaves = Array.from(
    { length: k },
    (_, j) => `      - {id: C${j + 1}, name: 准则${j + 1}, weight: 1, value: c${j + 1}, rule: {type: normalise, method: none}}`,
  ).join('\n');
  return writeTmp(
    'oracle.yaml',
    yamlSystem({
      id: 'oracle',
      settings: '  scoring: relative\n  aggregate: amean',
      fields,
      indicators: `  - id: G\n    name: 组\n    weight: 1\n${extra}    children:\n${leaves}`,
    }),
  );
}

function csvOf(matrix: number[][]): string {
  const k = matrix[0].length;
  const lines = [['城市', '年份', ...Array.from({ length: k }, (_, j) => `c${j + 1}`)].join(',')];
  matrix.forEach((row, i) => lines.push([`城市${String(i + 1).padStart(2, '0')}`, 2023, ...row].join(',')));
  return writeTmp('oracle.csv', `${lines.join('\n')}\n`);
}

async function weightsJson(system: string, returns: string[], opts: Record<string, unknown>) {
  const io = memoryIO();
  const code = await run(system, returns, { method: 'entropy', json: true, ...opts } as Parameters<typeof run>[2], io);
  return { code, json: JSON.parse(io.stdout.join('')), stderr: io.stderr.join('') };
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

describe.runIf(haveOracles())('weights command: literature cases (../shared/oracles/mcda)', () => {
  const entropy = readOracleJson<{ cases: Case[] }>('mcda', 'weights_entropy.json').cases;
  it.each(entropy.map((c) => [c.id, c] as const))('entropy %s at its stated decimals', async (_id, c) => {
    const m = c.matrix!;
    const { code, json } = await weightsJson(flatSystem(m[0].length), [csvOf(m)], { method: 'entropy', level: 2 });
    expect(code).toBe(0);
    expect(json.method).toBe('entropy(zeros=plogp0: 0·ln0 := 0)');
    expect(json.criteria).toMatch(/^leaf achievement scores/);
    const g = json.groups[0];
    expect(g.parent).toBe('G');
    expect(g.cities).toBe(m.length);
    expect(g.children.map((ch: { derived: number }) => round(ch.derived, c.decimals))).toEqual(c.expected.map((x) => round(x, c.decimals)));
    if (m.length < 10) expect(g.warnings.join(' ')).toMatch(/unstable with fewer than 10/);
  });

  it('AHP (Wang & Chin 2011) from the matrix in the system: eigenvector weights at 4 d.p., CR with the named Saaty table, a warning naming the worst judgements', async () => {
    const c = readOracleJson<{ cases: Case[] }>('mcda', 'weights_ahp_and_waspas.json').cases.find((x) => x.id === 'ahp_wang_chin2011_eigenvector')!;
    const A = c.pairwise_matrix!;
    const sys = flatSystem(6, `    ahp:\n      matrix: ${JSON.stringify(A)}\n`);
    const { code, json } = await weightsJson(sys, [], { method: 'ahp' });
    expect(code).toBe(0);
    const g = json.groups[0];
    expect(g.variant).toBe('ahp(method=eigenvector, ri=saaty)');
    expect(g.children.map((ch: { derived: number }) => round(ch.derived, 4))).toEqual(c.expected);
    expect(g.ahp.lambdaMax).toBeCloseTo(7.41987, 5);
    expect(g.ahp.ri).toBe(1.24);
    expect(g.ahp.riTable).toMatch(/Saaty/);
    expect(round(g.ahp.cr, 3)).toBe(0.229);
    expect(g.ahp.consistent).toBe(false);
    expect(g.warnings[0]).toMatch(/CR = 0\.2290 > 0\.1 .*RI = 1\.24, saaty table.*"C\d" vs "C\d": judged/);
    expect(json.inconsistent).toBe(true);

    // --strict: the inconsistency is an error (exit 1) and no overlay is written.
    const out = writeTmp('ahp-overlay.yaml', '');
    const io = memoryIO();
    expect(await run(sys, [], { method: 'ahp', strict: true, output: out }, io)).toBe(1);
    expect(io.stderr.join('')).toMatch(/--strict: an AHP matrix is inconsistent \(CR > 0\.1\); .* was not written/);
    expect(readFileSync(out, 'utf8')).toBe('');
  });
});

describe('weights command: checks', () => {
  it('refuses an undefined result, naming the indicator (a constant indicator under CRITIC)', async () => {
    const m = [
      [1, 5, 3],
      [2, 5, 9],
      [3, 5, 4],
      [4, 5, 1],
    ];
    await expect(weightsJson(flatSystem(3), [csvOf(m)], { method: 'critic', level: 2 })).rejects.toThrow(
      /critic weights of the children of G are undefined for these data: C2 is constant \(5\)/,
    );
    await expect(weightsJson(flatSystem(3), [csvOf(m)], { method: 'pca', level: 2 })).rejects.toThrow(CityscoreError);
  });

  it('needs returns for data-driven methods and knows its method names', async () => {
    await expect(weightsJson(flatSystem(3), [], { method: 'entropy' })).rejects.toThrow(/derives weights from data: give the returns/);
    await expect(weightsJson(flatSystem(3), [], { method: 'entropie' })).rejects.toMatchObject({ hint: expect.stringMatching(/did you mean "entropy"\?/) });
    await expect(weightsJson(flatSystem(3), [], { method: 'equal', alpha: '0.3' })).rejects.toThrow(/--alpha applies to --method combined only/);
  });

  it('names both parts of a combined weighting', async () => {
    const m = [
      [1, 5, 3],
      [2, 6, 9],
      [3, 5, 4],
      [4, 7, 1],
    ];
    const { json } = await weightsJson(flatSystem(3), [csvOf(m)], { method: 'combined', alpha: '0.25', level: 2 });
    expect(json.method).toBe('combined(alpha=0.25: 0.25 × subjective = the system weights + 0.75 × objective = entropy(zeros=plogp0: 0·ln0 := 0))');
    const w = json.groups[0].children.map((c: { derived: number }) => c.derived);
    expect(w.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('weights overlay (Guangxi samples)', () => {
  it('writes an overlay that validate accepts, that scores, and that diffs against its parent as derived weight changes', async () => {
    const out = writeTmp('w.yaml', '');
    const io = memoryIO();
    const code = await run('guangxi-2023', GUANGXI_RETURNS, { method: 'entropy', level: 2, output: out, year: 2023 }, io);
    expect(code).toBe(0);
    const text = io.stdout.join('');
    expect(text).toMatch(/entropy\(zeros=plogp0: 0·ln0 := 0\) weights of level 2 \(the children of every node at level 1\)/);
    expect(text).toMatch(/criteria: .*node scores/);
    expect(text).toContain(`overlay written to ${out}`);

    const v = runCli(['validate', out]);
    expect(v.stdout).toMatch(/0 errors/);
    expect(v.status).toBe(0);
    const s = runCli(['score', out, ...GUANGXI_RETURNS, '--year', '2023']);
    expect(s.status).toBe(0);
    expect(s.stdout).toMatch(/南宁市/);

    const parent = (await loadSystem('guangxi-2023')).system!;
    const child = (await loadSystem(out)).system!;
    const changes = diffSystems(parent, child);
    const weightChanges = changes.filter((c) => c.check === 'weight-changed');
    expect(weightChanges.length).toBeGreaterThan(10);
    // Level 2 only: no first-level node changes weight; the derived nodes are now assumed, with their method as basis.
    expect(weightChanges.every((c) => parent.nodes[c.subject].depth >= 2)).toBe(true);
    const l1p1 = child.nodes.L1P1;
    expect(l1p1.weight.status).toBe('assumed');
    expect(l1p1.weight.basis).toMatch(
      /^entropy\(zeros=plogp0: 0·ln0 := 0\) weights of the children of L1 \(from 14 city-years, criteria = node scores\); derived by cityscore weights --method entropy --level 2/,
    );
    expect(changes.filter((c) => c.class === 'breaking')).toEqual([]);
    const d = runCli(['diff', 'guangxi-2023', out, '--fail-on', 'scoring']);
    expect(d.status).toBe(1);
    expect(d.stdout).toMatch(/weight-changed {2}L1P1 /);
  });

  it('at level 3 too, where a child weighted 0 sits last: the rounding leftover never makes a share negative', async () => {
    const out = writeTmp('w3.yaml', '');
    const code = await run('guangxi-2023', GUANGXI_RETURNS, { method: 'entropy', level: 3, output: out, year: 2023 }, memoryIO());
    expect(code).toBe(0);
    const shares = [...readFileSync(out, 'utf8').matchAll(/share: (\S+)/g)].map((m) => Number(m[1]));
    expect(shares.length).toBeGreaterThan(5);
    expect(Math.min(...shares)).toBeGreaterThanOrEqual(0);
    const v = runCli(['validate', out]);
    expect(v.stdout).toMatch(/0 errors/);
    expect(v.status).toBe(0);
  });

  it('rescales points-weighted descendants when a first-level weight changes, so the overlay adds up', async () => {
    const out = writeTmp('w1.yaml', '');
    const code = await run('guangxi-2023', GUANGXI_RETURNS, { method: 'critic', level: 1, output: out, year: 2023 }, memoryIO());
    expect(code).toBe(0);
    const r = await loadSystem(out);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const sys = r.system!;
    // L1's children are weighted in points of the total: they follow L1's new points.
    const l1 = sys.nodes.L1;
    const sum = l1.children.reduce((a, c) => a + (sys.nodes[c].weight.value as number), 0);
    expect(sum).toBeCloseTo(l1.weight.value as number, 9);
    expect(sys.nodes.L1P1.weight.basis).toMatch(/^points rescaled with L1/);
  });
});
