/** Replaced at build time by esbuild's define (and by vitest's, from package.json); 0.0.0-dev under plain tsx. */
declare const __CITYSCORE_VERSION__: string | undefined;

export const VERSION: string = typeof __CITYSCORE_VERSION__ === 'string' ? __CITYSCORE_VERSION__ : '0.0.0-dev';
