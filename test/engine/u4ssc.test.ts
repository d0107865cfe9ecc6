/** U4SSC scoring (standards.md §6.1): 1–4 points by share of the target, unreported KPIs left out of the denominator. */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/model.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { PROJECT_ROOT } from '../helpers/oracles.js';
import { makeDataset } from './helpers/dataset.js';
import { loadOk } from './helpers/system.js';

const FILE = resolve(PROJECT_ROOT, 'indicators', 'international', 'u4ssc-kpi-example.yaml');

describe('u4ssc-kpi-example (bundled)', () => {
  it('reproduces the factsheet example: 1, 3, 4, 1 → 9/16 = 56.25%; 3, 4, 2 with one unreported → 9/12 = 75%', async () => {
    const sys = await loadOk(FILE);
    const model = compileModel(sys);
    const ds = makeDataset(sys, [
      // EDU1 20% → 1 point; EDU2 80% → 3; EDU3 30000 of 30000 → 4; EDU4 10% → 1.
      { name: 'Valencia', year: 2020, values: { student_ict_access: 20, school_enrollment: 80, higher_education_degrees: 30000, adult_literacy: 10 } },
      // 80% → 3; 100% → 4; 15000/30000 = 50% → 2; EDU4 unreported.
      { name: 'Pully', year: 2020, values: { student_ict_access: 80, school_enrollment: 100, higher_education_degrees: 15000, adult_literacy: null } },
      // On the cuts: 33% → 2 and 66% → 3 (boundary: upper), 95% → 4.
      { name: 'Ålesund', year: 2020, values: { student_ict_access: 33, school_enrollment: 66, higher_education_degrees: 28500, adult_literacy: 32.9 } },
    ]);
    const ev = evaluate(model, ds);
    const U = ev.ux.units.length;
    const edu = model.index.get('EDU')!;
    expect(ev.nodes.value[edu * U + 0]).toBe(56.25);
    expect(ev.nodes.value[edu * U + 1]).toBe(75);
    const pts = (u: number) => ['EDU1', 'EDU2', 'EDU3', 'EDU4'].map((id) => ev.nodes.value[model.index.get(id)! * U + u] / 25);
    expect(pts(0)).toEqual([1, 3, 4, 1]);
    expect(pts(1).slice(0, 3)).toEqual([3, 4, 2]);
    expect(pts(2)).toEqual([2, 3, 4, 1]);
    // The unreported KPI is excluded (not scored 0) and says so.
    expect(ev.nodes.state[model.index.get('EDU4')! * U + 1]).toBe(1);
    expect(ev.findings.find((d) => d.code === 'MISSING_VALUE' && d.message.startsWith('EDU4'))?.message).toMatch(
      /left out of EDU, its siblings' weights renormalised \(missing: exclude\)/,
    );
  });
});
