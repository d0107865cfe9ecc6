/**
 * A tiny JSON Schema (draft-07 subset) validator for tests: type (incl. integer and null, or a
 * list), const, enum, required, properties, additionalProperties (boolean or schema), items and
 * local $ref (#/definitions/…). Enough for schema/results.schema.json; no dependency.
 */
type Schema = Record<string, unknown>;

export function validate(schema: Schema, value: unknown, root: Schema = schema, path = '$', errors: string[] = []): string[] {
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    if (!ref.startsWith('#/definitions/')) throw new Error(`unsupported $ref ${ref}`);
    const target = (root.definitions as Record<string, Schema>)[ref.slice('#/definitions/'.length)];
    if (!target) throw new Error(`unknown $ref ${ref}`);
    return validate(target, value, root, path, errors);
  }
  if (schema.const !== undefined && value !== schema.const) errors.push(`${path}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value as never))
    errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => hasType(value, t))) {
      errors.push(`${path}: expected ${types.join(' | ')}, got ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`);
      return errors;
    }
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const k of (schema.required as string[] | undefined) ?? []) if (!(k in obj)) errors.push(`${path}: missing required "${k}"`);
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) validate(props[k], v, root, `${path}.${k}`, errors);
      else if (schema.additionalProperties === false) errors.push(`${path}: unexpected property "${k}"`);
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
        validate(schema.additionalProperties as Schema, v, root, `${path}.${k}`, errors);
    }
  }
  if (Array.isArray(value) && schema.items && typeof schema.items === 'object')
    value.forEach((v, i) => validate(schema.items as Schema, v, root, `${path}[${i}]`, errors));
  return errors;
}

function hasType(v: unknown, t: string): boolean {
  switch (t) {
    case 'null':
      return v === null;
    case 'array':
      return Array.isArray(v);
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    default:
      return typeof v === t;
  }
}
