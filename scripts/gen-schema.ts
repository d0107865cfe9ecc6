/**
 * Generate schema/indicator-system.schema.json (draft-07) from the zod definitions.
 * `--check` fails when the committed file differs (run by npm test).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { SystemFile } from '../src/system/schema.js';

const target = fileURLToPath(new URL('../schema/indicator-system.schema.json', import.meta.url));
const schema = z.toJSONSchema(SystemFile, { target: 'draft-07', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
const doc = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://cityscore.invalid/schema/indicator-system.schema.json',
  ...schema,
};
const text = `${JSON.stringify(doc, null, 2)}\n`;
if (process.argv.includes('--check')) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error('schema/indicator-system.schema.json is out of date: run `npm run schema` and commit it');
    process.exit(1);
  }
  console.log('schema/indicator-system.schema.json is current');
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
