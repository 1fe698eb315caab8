/**
 * fast-check arbitraries built from the JSON Schema the registry generates (`inputJsonSchema`,
 * `environmentJsonSchema`): objects with optional keys, arrays with their bounds, enums, consts,
 * unions, strings with `pattern` (fc.stringMatching), numbers with their range, maps
 * (`additionalProperties`). Generation is valid-biased: every value conforms to the schema, and
 * where the schema cannot say what a field means (a CIDR, a role ARN, a subnet group another module
 * names) a hint table supplies realistic values most of the time. `invalidate` then breaks exactly
 * one place of a generated value, chosen from the schema at that place.
 */
import fc from 'fast-check';

import type { JsonSchema } from '../../modules/registry/describe';

export type { JsonSchema };

/**
 * A place in a generated value, written like the paths in spec errors but with `[]` for any list
 * item, `{}` for any map value and `{key}` for a map's keys: `eks.nodeGroups[].labels{key}`.
 */
export type SchemaPath = string;

/**
 * Realistic values for a place the schema describes only loosely: values that should work
 * (`usual`, or an arbitrary of them) and values that are plausible but wrong (`odd`).
 */
export interface Hint {
  readonly usual: readonly unknown[] | fc.Arbitrary<unknown>;
  readonly odd?: readonly unknown[];
}
export type Hints = (path: SchemaPath) => Hint | undefined;

const noHints: Hints = () => undefined;
/** Lists stay short: synthesis time grows with every node group and NodePool. */
const EXTRA_ITEMS = 3;
const INT32_MAX = 2 ** 31 - 1;

/** Mostly the usual values (30 in 32); now and then an odd one or whatever the schema allows. */
const hinted = (path: SchemaPath, hints: Hints, generic: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> => {
  const hint = hints(path);
  if (!hint) return generic;
  const usual = Array.isArray(hint.usual) ? fc.constantFrom(...(hint.usual as unknown[])) : (hint.usual as fc.Arbitrary<unknown>);
  const choices = [{ weight: 30, arbitrary: usual }, { weight: 1, arbitrary: generic }];
  if (hint.odd?.length) choices.push({ weight: 1, arbitrary: fc.constantFrom(...hint.odd) });
  return fc.oneof(...choices);
};

const child = (path: SchemaPath, key: string) => (path ? `${path}.${key}` : key);

/** Arbitraries already built, per schema node, hint table and path (sections share subtrees). */
const built = new WeakMap<JsonSchema, WeakMap<Hints, Map<SchemaPath, fc.Arbitrary<unknown>>>>();

/** A schema-conforming value of `schema` at `path`. */
export function arbitraryOf(schema: JsonSchema, path: SchemaPath = '', hints: Hints = noHints): fc.Arbitrary<unknown> {
  let byHints = built.get(schema);
  if (!byHints) built.set(schema, (byHints = new WeakMap()));
  let byPath = byHints.get(hints);
  if (!byPath) byHints.set(hints, (byPath = new Map()));
  let arbitrary = byPath.get(path);
  if (!arbitrary) byPath.set(path, (arbitrary = hinted(path, hints, generic(schema, path, hints))));
  return arbitrary;
}

function generic(schema: JsonSchema, path: SchemaPath, hints: Hints): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((branch) => generic(branch, path, hints)));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => generic({ ...schema, type }, path, hints)));
  switch (types[0]) {
    case 'string':
      return stringOf(schema);
    case 'integer':
    case 'number':
      return numberOf(schema, types[0] === 'integer');
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return arrayOf(schema, path, hints);
    case 'object':
      return objectOf(schema, path, hints);
    default:
      // `{}` (any value): zod's `unrepresentable: 'any'` and free-form options.
      return fc.jsonValue({ maxDepth: 2, noUnicodeString: false }).map((value) => value);
  }
}

/** fc.stringMatching per pattern: building one costs milliseconds, and patterns repeat across modules. */
const matching = new Map<string, fc.Arbitrary<string>>();

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? Number.MAX_SAFE_INTEGER;
  if (schema.format === 'uri' && !schema.pattern) return fc.webUrl().filter((s) => s.length >= minLength && s.length <= maxLength);
  if (schema.format === 'email' && !schema.pattern) return fc.emailAddress().filter((s) => s.length >= minLength && s.length <= maxLength);
  if (schema.pattern) {
    const fits = (s: string) => s.length >= minLength && s.length <= maxLength;
    let arbitrary = matching.get(schema.pattern);
    if (!arbitrary) matching.set(schema.pattern, (arbitrary = fc.stringMatching(new RegExp(schema.pattern))));
    return arbitrary.filter(fits);
  }
  const unit = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-._/'.split('')) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) });
  return fc.string({ minLength, maxLength: Math.min(maxLength, Math.max(minLength, 24)), unit });
}

function numberOf(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 10_000);
  const low = Math.max(min, -INT32_MAX);
  const high = Math.min(max, INT32_MAX);
  const edges = [min, max].filter((v) => Number.isSafeInteger(v));
  const whole = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: Math.ceil(low), max: Math.floor(Math.max(low, high)) }) }, { weight: 1, arbitrary: fc.constantFrom(...edges) });
  if (integer) return whole;
  return fc.oneof({ weight: 5, arbitrary: whole }, { weight: 1, arbitrary: fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true }) });
}

function arrayOf(schema: JsonSchema, path: SchemaPath, hints: Hints): fc.Arbitrary<unknown[]> {
  const minLength = schema.minItems ?? 0;
  const maxLength = Math.min(schema.maxItems ?? Number.MAX_SAFE_INTEGER, minLength + EXTRA_ITEMS);
  const itemPath = `${path}[]`;
  const item = schema.items ? arbitraryOf(schema.items, itemPath, hints) : fc.jsonValue({ maxDepth: 1 });
  // Lists of named things (node groups, NodePools, subnet groups) are mostly unique by name, and
  // lists of strings (ARNs, instance types) mostly without repeats: a repeat is one rejection, not
  // the depth of synthesis this generator is for.
  if (schema.items?.properties?.name) {
    return fc.oneof(
      { weight: 6, arbitrary: fc.uniqueArray(item, { minLength, maxLength, selector: (v) => (v as { name?: unknown }).name }) },
      { weight: 1, arbitrary: fc.array(item, { minLength, maxLength }) },
    );
  }
  if (schema.items?.type === 'string') {
    return fc.oneof({ weight: 6, arbitrary: fc.uniqueArray(item, { minLength, maxLength }) }, { weight: 1, arbitrary: fc.array(item, { minLength, maxLength }) });
  }
  return fc.array(item, { minLength, maxLength });
}

function objectOf(schema: JsonSchema, path: SchemaPath, hints: Hints): fc.Arbitrary<Record<string, unknown>> {
  if (schema.properties && Object.keys(schema.properties).length) {
    const model = Object.fromEntries(Object.entries(schema.properties).map(([key, sub]) => [key, arbitraryOf(sub, child(path, key), hints)]));
    const requiredKeys = (schema.required ?? []).filter((key) => key in model);
    return fc.record(model, { requiredKeys, noNullPrototype: true }) as fc.Arbitrary<Record<string, unknown>>;
  }
  const values = schema.additionalProperties;
  if (values === false) return fc.constant({});
  const valueArb = values && typeof values === 'object' ? arbitraryOf(values, `${path}{}`, hints) : arbitraryOf({}, `${path}{}`, hints);
  const keyArb = arbitraryOf(schema.propertyNames ?? { type: 'string', minLength: 1, maxLength: 20 }, `${path}{key}`, hints).filter((k): k is string => typeof k === 'string' && k !== '__proto__');
  return fc.dictionary(keyArb as fc.Arbitrary<string>, valueArb, { maxKeys: 3, noNullPrototype: true });
}

/* ------------------------------------------------------------------------------------------------ */
/* One invalid value, placed by the schema.                                                          */
/* ------------------------------------------------------------------------------------------------ */

export interface Location {
  /** Segments into the value (strings for object keys, numbers for list items). */
  readonly segments: readonly (string | number)[];
  readonly schema: JsonSchema;
  /** The schema of the object holding this location, when it is an object property. */
  readonly parent?: JsonSchema;
}

/** Every location of `value` together with the (union branch of the) schema describing it. */
export function locations(value: unknown, schema: JsonSchema, segments: (string | number)[] = [], parent?: JsonSchema): Location[] {
  const here = branchFor(value, schema);
  const out: Location[] = [{ segments, schema: here, parent }];
  if (Array.isArray(value)) {
    value.forEach((item, i) => out.push(...locations(item, here.items ?? {}, [...segments, i])));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const sub = here.properties?.[key] ?? (typeof here.additionalProperties === 'object' ? here.additionalProperties : {});
      out.push(...locations(item, sub, [...segments, key], here));
    }
  }
  return out;
}

/** For a union, the branch a value was generated from (the first whose type fits). */
function branchFor(value: unknown, schema: JsonSchema): JsonSchema {
  const union = schema.anyOf ?? schema.oneOf;
  if (!union) return schema;
  const fits = union.find((branch) => {
    if (branch.const !== undefined) return branch.const === value;
    if (branch.properties?.type?.const !== undefined) return (value as { type?: unknown } | undefined)?.type === branch.properties.type.const;
    const type = Array.isArray(branch.type) ? branch.type : [branch.type];
    return type.includes(jsonType(value));
  });
  return fits ? branchFor(value, fits) : union[0];
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

export interface Invalidation {
  readonly describe: string;
  /** A replacement value; `undefined` with `remove` deletes the location instead. */
  readonly value?: unknown;
  readonly remove?: boolean;
}

/** Ways to make a value at this location wrong, all derived from its schema. */
export function invalidationsOf(location: Location, current: unknown): Invalidation[] {
  const { schema } = location;
  const out: Invalidation[] = [];
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const wrongTypes: [string, unknown][] = [
    ['string', 'not-a-valid-value'],
    ['number', 42],
    ['boolean', true],
    ['array', ['x']],
    ['object', { unexpected: 1 }],
    ['null', null],
  ];
  for (const [type, value] of wrongTypes) {
    const accepted = types.includes(type) || (type === 'number' && types.includes('integer'));
    if (!accepted && types.length) out.push({ describe: `wrong type (${type})`, value });
  }
  if (schema.enum) out.push({ describe: 'not one of the enum', value: `${String(schema.enum[0])}-x` }, { describe: 'enum value in another case', value: String(schema.enum[0]).toUpperCase() === String(schema.enum[0]) ? String(schema.enum[0]).toLowerCase() : String(schema.enum[0]).toUpperCase() });
  if (schema.const !== undefined) out.push({ describe: 'not the const', value: typeof schema.const === 'number' ? schema.const + 7 : `${String(schema.const)}x` });
  if (types.includes('integer') || types.includes('number')) {
    if (schema.maximum !== undefined) out.push({ describe: 'above maximum', value: schema.maximum + 1 });
    if (schema.minimum !== undefined) out.push({ describe: 'below minimum', value: schema.minimum - 1 });
    if (schema.exclusiveMinimum !== undefined) out.push({ describe: 'at exclusive minimum', value: schema.exclusiveMinimum });
    if (types.includes('integer')) out.push({ describe: 'fraction for an integer', value: (typeof current === 'number' ? current : 1) + 0.5 });
    out.push({ describe: 'huge number', value: 1e308 }, { describe: 'negative number', value: -1 });
  }
  if (types.includes('string')) {
    if (schema.pattern) out.push({ describe: 'not matching the pattern', value: 'Not Valid!' });
    if (schema.minLength) out.push({ describe: 'empty string', value: '' });
    if (schema.maxLength !== undefined) out.push({ describe: 'longer than maxLength', value: 'x'.repeat(schema.maxLength + 1) });
    out.push({ describe: 'string with control characters', value: 'a\u0007b\u001b[31m\u2028' });
  }
  if (types.includes('array')) {
    if (schema.minItems) out.push({ describe: 'fewer items than minItems', value: [] });
    if (schema.maxItems !== undefined && schema.maxItems < 100) out.push({ describe: 'more items than maxItems', value: Array.from({ length: schema.maxItems + 1 }, (_, i) => (Array.isArray(current) && current.length ? current[i % current.length] : i)) });
  }
  if (types.includes('object') || schema.properties) {
    if (schema.additionalProperties === false) out.push({ describe: 'unknown field', value: { ...(current as object), unknownField: 1 } });
    for (const key of schema.required ?? []) {
      if (current && typeof current === 'object' && key in current) {
        const { [key]: _dropped, ...rest } = current as Record<string, unknown>;
        out.push({ describe: `required field ${key} removed`, value: rest });
      }
    }
  }
  if (location.parent && location.segments.length && !(location.parent.required ?? []).includes(String(location.segments[location.segments.length - 1]))) {
    out.push({ describe: 'optional field removed', remove: true });
  }
  if (!out.length) out.push({ describe: 'replaced by a list', value: [current] });
  return out;
}

/** Applies an invalidation to a deep copy of `value` (the root itself may be replaced). */
export function applyAt(value: unknown, segments: readonly (string | number)[], change: Invalidation): unknown {
  if (!segments.length) return change.remove ? undefined : change.value;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const segment of segments.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  const last = segments[segments.length - 1];
  if (change.remove) {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else delete parent[last];
  } else parent[last] = change.value;
  return copy;
}

/** `eks.nodeGroups[1].minSize`, as spec errors write it. */
export function showPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

/** Why `value` does not conform to `schema` (the subset the registry's schemas use), or undefined. */
export function nonConformance(value: unknown, schema: JsonSchema, path = ''): string | undefined {
  const at = path || '(root)';
  if (schema.const !== undefined) return value === schema.const ? undefined : `${at}: not the const ${JSON.stringify(schema.const)}`;
  if (schema.enum) return schema.enum.includes(value) ? undefined : `${at}: ${JSON.stringify(value)} is not in the enum`;
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.some((branch) => nonConformance(value, branch, path) === undefined) ? undefined : `${at}: matches no branch of the union`;
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (!types.length) return undefined;
  const type = jsonType(value);
  if (!types.includes(type) && !(type === 'integer' && types.includes('number'))) return `${at}: a ${type}, expected ${types.join(' or ')}`;
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) return `${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`;
    if (value.length < (schema.minLength ?? 0) || value.length > (schema.maxLength ?? Infinity)) return `${at}: length ${value.length} out of bounds`;
  }
  if (typeof value === 'number') {
    if (value < (schema.minimum ?? -Infinity) || value > (schema.maximum ?? Infinity)) return `${at}: ${value} out of range`;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return `${at}: ${value} not above ${schema.exclusiveMinimum}`;
  }
  if (Array.isArray(value)) {
    if (value.length < (schema.minItems ?? 0) || value.length > (schema.maxItems ?? Infinity)) return `${at}: ${value.length} items out of bounds`;
    for (const [i, item] of value.entries()) {
      const problem = schema.items && nonConformance(item, schema.items, `${path}[${i}]`);
      if (problem) return problem;
    }
  } else if (value && typeof value === 'object') {
    for (const key of schema.required ?? []) if (!(key in value)) return `${at}: required ${key} missing`;
    for (const [key, item] of Object.entries(value)) {
      const sub = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (!sub && schema.additionalProperties === false) return `${at}: unknown key ${JSON.stringify(key)}`;
      if (schema.propertyNames) {
        const problem = nonConformance(key, schema.propertyNames, `${path}{${key}}`);
        if (problem) return problem;
      }
      const problem = sub && nonConformance(item, sub, path ? `${path}.${key}` : key);
      if (problem) return problem;
    }
  }
  return undefined;
}
