/** MCDA weighting and ranking methods. Every output names its variant (methods.md naming rule). */
export * from './types.js';
export * from './weights.js';
export * from './ahp.js';
export * from './topsis.js';
export * from './vikor.js';
export * from './promethee.js';
export * from './waspas.js';
export * from './copeland.js';
