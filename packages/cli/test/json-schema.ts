/**
 * A small JSON Schema (draft-04) validator, enough for the SARIF 2.1.0 schema in
 * fixtures/sarif-schema-2.1.0.json: no validator package is installed in the workspace. It
 * supports type, enum, properties, additionalProperties, required, items, minItems, uniqueItems,
 * minimum, maximum, pattern, format (uri, uri-reference, date-time), anyOf, oneOf, allOf and
 * local `#/definitions/…` $refs, and throws on any other keyword so that a schema using more
 * cannot pass silently. `format` is checked the way GitHub's SARIF upload checks it: a `uri` must
 * be absolute (have a scheme), a `uri-reference` must not contain spaces or other characters
 * that need percent-encoding.
 */
type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(['$schema', '$comment', 'id', 'title', 'description', 'default', 'definitions']);
const KEYWORDS = new Set([
  'type', 'enum', 'properties', 'additionalProperties', 'required', 'items', 'minItems', 'uniqueItems', 'minimum', 'maximum',
  'pattern', 'format', 'anyOf', 'oneOf', 'allOf', '$ref',
]);

/** Every violation of `schema` by `value`, as `path: problem` strings; empty when valid. */
export function validateJsonSchema(schema: Schema, value: unknown): string[] {
  const errors: string[] = [];
  check(schema, value, '$', schema, errors);
  return errors;
}

function check(schema: Schema, value: unknown, at: string, root: Schema, errors: string[]): void {
  for (const key of Object.keys(schema)) {
    if (!KEYWORDS.has(key) && !ANNOTATIONS.has(key)) throw new Error(`json-schema.ts does not support the keyword "${key}" (at ${at})`);
  }
  if (typeof schema['$ref'] === 'string') {
    const ref = schema['$ref'];
    const match = /^#\/definitions\/([^/]+)$/.exec(ref);
    const target = match ? (root['definitions'] as Record<string, Schema> | undefined)?.[match[1]!] : undefined;
    if (!target) throw new Error(`unresolvable $ref ${ref}`);
    check(target, value, at, root, errors);
    return;
  }
  if (schema['type'] !== undefined) {
    const types = Array.isArray(schema['type']) ? (schema['type'] as string[]) : [schema['type'] as string];
    if (!types.some((t) => hasType(value, t))) {
      errors.push(`${at}: expected ${types.join(' or ')}, found ${describe(value)}`);
      return;
    }
  }
  if (Array.isArray(schema['enum']) && !schema['enum'].some((e) => deepEqual(e, value))) {
    errors.push(`${at}: expected one of ${JSON.stringify(schema['enum'])}, found ${JSON.stringify(value)}`);
  }
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < schema['minimum']) errors.push(`${at}: ${value} < minimum ${schema['minimum']}`);
    if (typeof schema['maximum'] === 'number' && value > schema['maximum']) errors.push(`${at}: ${value} > maximum ${schema['maximum']}`);
  }
  if (typeof value === 'string') {
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value)) {
      errors.push(`${at}: "${value}" does not match ${schema['pattern']}`);
    }
    if (typeof schema['format'] === 'string' && !matchesFormat(schema['format'], value)) {
      errors.push(`${at}: "${value}" does not conform to the "${schema['format']}" format`);
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema['minItems'] === 'number' && value.length < schema['minItems']) errors.push(`${at}: fewer than ${schema['minItems']} items`);
    if (schema['uniqueItems'] === true) {
      const seen = value.map((v) => canonical(v));
      if (new Set(seen).size !== seen.length) errors.push(`${at}: items are not unique`);
    }
    if (isObject(schema['items'])) value.forEach((item, i) => check(schema['items'] as Schema, item, `${at}[${i}]`, root, errors));
  }
  if (isObject(value)) {
    for (const name of (schema['required'] as string[] | undefined) ?? []) {
      if (!(name in value)) errors.push(`${at}: missing required property "${name}"`);
    }
    const properties = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
    for (const [key, item] of Object.entries(value)) {
      const own = properties[key];
      if (own) check(own, item, `${at}.${key}`, root, errors);
      else if (schema['additionalProperties'] === false) errors.push(`${at}: unexpected property "${key}"`);
      else if (isObject(schema['additionalProperties'])) check(schema['additionalProperties'] as Schema, item, `${at}.${key}`, root, errors);
    }
  }
  for (const sub of (schema['allOf'] as Schema[] | undefined) ?? []) check(sub, value, at, root, errors);
  if (Array.isArray(schema['anyOf'])) {
    const passing = (schema['anyOf'] as Schema[]).filter((sub) => validates(sub, value, at, root));
    if (passing.length === 0) errors.push(`${at}: matches none of anyOf ${JSON.stringify(schema['anyOf'])}`);
  }
  if (Array.isArray(schema['oneOf'])) {
    const passing = (schema['oneOf'] as Schema[]).filter((sub) => validates(sub, value, at, root));
    if (passing.length !== 1) errors.push(`${at}: matches ${passing.length} of oneOf ${JSON.stringify(schema['oneOf'])}, expected exactly 1`);
  }
}

function validates(schema: Schema, value: unknown, at: string, root: Schema): boolean {
  const errors: string[] = [];
  check(schema, value, at, root, errors);
  return errors.length === 0;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      throw new Error(`unknown type ${type}`);
  }
}

// RFC 3986 characters: unreserved, reserved and percent-encodings.
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

function matchesFormat(format: string, value: string): boolean {
  switch (format) {
    case 'uri':
      return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) && URI_CHARS.test(value);
    case 'uri-reference':
      return URI_CHARS.test(value);
    case 'date-time':
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/.test(value);
    default:
      throw new Error(`unknown format ${format}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}
