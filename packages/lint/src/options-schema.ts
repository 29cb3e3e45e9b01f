import { didYouMean } from '@tb-refs/core';

/**
 * A small subset of JSON Schema for rule options: enough to reject typos and wrong types with a
 * clear message, without a validator dependency. Objects never allow unknown properties.
 */
export type OptionsSchema =
  | { readonly type: 'boolean'; readonly description?: string }
  | { readonly type: 'string'; readonly enum?: readonly string[]; readonly description?: string }
  | { readonly type: 'number' | 'integer'; readonly minimum?: number; readonly description?: string }
  | { readonly type: 'array'; readonly items: OptionsSchema; readonly description?: string }
  | { readonly type: 'object'; readonly properties: Readonly<Record<string, OptionsSchema>>; readonly description?: string };

/**
 * Problems of `value` against `schema`, each as `<path>: expected …, found …`; empty when valid.
 *
 * @example
 * validateOptions({ type: 'object', properties: { max: { type: 'integer' } } }, { max: 'x' }, 'options');
 * // ['options.max: expected an integer, found "x"']
 */
export function validateOptions(schema: OptionsSchema, value: unknown, path: string): string[] {
  switch (schema.type) {
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected true or false, found ${show(value)}`];
    case 'string':
      if (typeof value !== 'string') return [`${path}: expected a string, found ${show(value)}`];
      if (schema.enum && !schema.enum.includes(value)) {
        return [`${path}: expected one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}, found ${show(value)}`];
      }
      return [];
    case 'number':
    case 'integer': {
      const kind = schema.type === 'integer' ? 'an integer' : 'a number';
      if (typeof value !== 'number' || !Number.isFinite(value) || (schema.type === 'integer' && !Number.isInteger(value))) {
        return [`${path}: expected ${kind}, found ${show(value)}`];
      }
      if (schema.minimum !== undefined && value < schema.minimum) return [`${path}: expected ${kind} ≥ ${schema.minimum}, found ${value}`];
      return [];
    }
    case 'array':
      if (!Array.isArray(value)) return [`${path}: expected an array, found ${show(value)}`];
      return value.flatMap((item, i) => validateOptions(schema.items, item, `${path}[${i}]`));
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: expected an object, found ${show(value)}`];
      const problems: string[] = [];
      const known = Object.keys(schema.properties);
      for (const [key, v] of Object.entries(value)) {
        const sub = schema.properties[key];
        if (sub) {
          problems.push(...validateOptions(sub, v, `${path}.${key}`));
          continue;
        }
        const hint = didYouMean(key, known);
        const allowed = known.length > 0 ? `known options: ${known.join(', ')}` : 'this rule takes no options';
        problems.push(`${path}: unknown option "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; ${allowed}`);
      }
      return problems;
    }
  }
}

/** A short rendering of a config value for error messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}
