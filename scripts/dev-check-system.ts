/** Developer aid: load systems and print findings and a weight summary (the CLI's validate/show do this for users). */
import { loadSystem, describeDiagnostics } from '../src/system/load.js';

for (const f of process.argv.slice(2)) {
  const r = await loadSystem(f);
  console.log(`${f}: ${r.system ? `OK ${r.system.hash}` : 'INVALID'}`);
  if (r.diagnostics.length) console.log(describeDiagnostics(r.diagnostics));
  if (r.system) {
    const s = r.system;
    for (const id of s.order) {
      const n = s.nodes[id];
      const eff = n.effShare === null ? 'null' : (n.effShare * 100).toFixed(4) + '%';
      console.log(`${'  '.repeat(n.depth)}${id} ${n.name} [${n.kind}] w=${n.weight.mode}:${n.weight.value} ${n.weight.status} eff=${eff}${n.leaf ? ` rule=${n.leaf.rule.type}` : ''}`);
    }
    const leafSum = s.order.filter((id) => s.nodes[id].leaf && s.nodes[id].kind === 'standard').reduce((a, id) => a + (s.nodes[id].effShare ?? NaN), 0);
    console.log(`sum of leaf effective shares: ${(leafSum * 100).toFixed(9)}%`);
  }
}
