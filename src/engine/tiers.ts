/**
 * Tiers (stages such as 准备期 … 领军期) from settings.tiers, on the ROUNDED total: the tier with
 * the largest `min` not above it. A total below every tier's min, or a missing total, has none.
 */
import type { SettingsData } from '../system/schema.js';

export type Tier = SettingsData['tiers'][number];

export function tierOf(tiers: readonly Tier[], roundedTotal: number): number {
  if (!Number.isFinite(roundedTotal)) return -1;
  let t = -1;
  for (let i = 0; i < tiers.length; i++) if (roundedTotal >= tiers[i].min) t = i;
  return t;
}

export function assignTiers(tiers: readonly Tier[], rounded: Float64Array): Int32Array {
  const out = new Int32Array(rounded.length);
  for (let u = 0; u < rounded.length; u++) out[u] = tierOf(tiers, rounded[u]);
  return out;
}
