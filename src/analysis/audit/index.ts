/** The statistical coherence audit (JRC/COINr): `auditSystem(ev)` → a plain object; `renderAudit` for the terminal. */
export { auditSystem } from './audit.js';
export type { AuditResult, AuditOptions, NodeCorrelation, PairFlag, NodeAlpha, Influence } from './audit.js';
export { renderAudit } from './render.js';
