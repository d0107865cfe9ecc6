/** Replaced at build time by esbuild's define; read from package.json under tsx. */
declare const __CITYSCORE_VERSION__: string | undefined;

export const VERSION: string = typeof __CITYSCORE_VERSION__ === 'string' ? __CITYSCORE_VERSION__ : '0.0.0-dev';
