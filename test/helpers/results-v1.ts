/**
 * Results as cityscore wrote them under schemaVersion 1 (a `scores` object per city, standings
 * with value, mean and sd, priorities with name, field, current and score), made from current
 * results: the fixture for reading earlier results.
 */
import type { Results } from '../../src/engine/results.js';
import { nodeScore, priorityDetails, standingDetails } from '../../src/engine/results-access.js';

export function toSchemaV1(v2: Results): Record<string, unknown> {
  const nameOf = (id: string) => v2.nodes.find((n) => n.id === id)!.name;
  const { peers: _p, ...top } = v2;
  return {
    ...top,
    schemaVersion: 1,
    cities: v2.cities.map((c) => {
      const { values: _v, inputs: _i, states: _s, ranks: _r, imputed: _m, treated: _t, factors: _f, diagnosis, change, ...rest } = c;
      const scores = Object.fromEntries(v2.nodes.map((n) => [n.id, nodeScore(v2, c, n.id)]));
      const standing = (s: { node: string; z: number; percentile: number }) => {
        const d = standingDetails(v2, c, s);
        return { node: d.node, name: nameOf(d.node), value: d.value, mean: d.mean, sd: d.sd, z: d.z, percentile: d.percentile };
      };
      return {
        ...rest,
        scores,
        diagnosis: diagnosis && {
          ...diagnosis,
          priorities: diagnosis.priorities.map((p) => priorityDetails(v2, c, p)),
          strengths: diagnosis.strengths.map(standing),
          weaknesses: diagnosis.weaknesses.map(standing),
          dimensions: [],
        },
        ...(change !== undefined ? { change } : {}),
      };
    }),
  };
}
