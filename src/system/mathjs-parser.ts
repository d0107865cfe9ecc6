/**
 * mathjs's expression parser alone. Named imports let the bundler drop the rest of mathjs:
 * building the default instance costs ~300 ms at start-up, the parser alone a fraction of it.
 * Imported lazily (only systems with formulas need it).
 */
import { create, parseDependencies } from 'mathjs/number';

export const parse = create({ parseDependencies }).parse;
