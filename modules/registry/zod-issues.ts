import type { z } from 'zod';
import { describeValue, joinPath, type SpecIssue } from './errors';
import { didYouMean } from './suggest';

type ZodIssue = z.core.$ZodIssue;

/** Zod's own wording for the checks it runs itself; anything else is a message our schemas wrote. */
const ZOD_DEFAULT_MESSAGE = /^(Invalid input|Invalid option|Invalid string|Invalid discriminator|Too small|Too big|Unrecognized key|Invalid number|Invalid element|Invalid key)/;

/**
 * Turns Zod's issues into spec issues a person can act on: the field path from the spec's root,
 * what was expected and what was given (read from the raw input, so the message shows the value
 * exactly as the user wrote it).
 */
export function toSpecIssues(issues: readonly ZodIssue[], input: unknown, schema: z.ZodType, prefix: readonly PropertyKey[] = []): SpecIssue[] {
  const out: SpecIssue[] = [];
  for (const issue of issues) {
    const segments = [...prefix, ...issue.path];
    const given = valueAt(input, issue.path);
    if (issue.code === 'unrecognized_keys') {
      const allowed = objectKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        out.push({ path: joinPath([...segments, key]), message: `unknown field${didYouMean(key, allowed)}${allowed.length ? `; allowed: ${allowed.join(', ')}` : ''}` });
      }
      continue;
    }
    if (issue.code === 'invalid_key' && issue.issues.length > 0) {
      // A record key its own schema refused: that schema's message, at the key.
      out.push({ path: joinPath(segments), message: messageFor(issue.issues[0] as ZodIssue, String(issue.path[issue.path.length - 1])) });
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // A plain union: report the branch that got furthest (fewest issues) instead of "invalid input".
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0];
      out.push(...toSpecIssues(best, given, schemaAt(schema, issue.path) ?? schema, segments));
      continue;
    }
    out.push({ path: joinPath(segments), message: messageFor(issue, given) });
  }
  return out;
}

function messageFor(issue: ZodIssue, given: unknown): string {
  if (!ZOD_DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return given === undefined ? `is required (expected ${issue.expected})` : `expected ${issue.expected}, got ${typeName(given)} ${describeValue(given)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(given)}`;
    case 'too_small':
      return `expected ${sizeWord(issue.origin)} ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}, got ${describeValue(given)}`;
    case 'too_big':
      return `expected ${sizeWord(issue.origin)} ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}, got ${describeValue(given)}`;
    case 'invalid_format':
      return `expected a string matching ${issue.format === 'regex' ? (issue as { pattern?: string }).pattern : issue.format}, got ${describeValue(given)}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      return options ? `expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${describeValue(given)}` : `got ${describeValue(given)}, which matches none of the allowed forms`;
    }
    default:
      return `${issue.message}, got ${describeValue(given)}`;
  }
}

function sizeWord(origin: string): string {
  if (origin === 'array' || origin === 'set') return 'a list with item count';
  if (origin === 'string') return 'a string with length';
  return 'a number';
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/** Unwraps optional/default/pipe wrappers down to the schema that holds the shape. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}

/** The sub-schema at a path, following object fields, list items and record values. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const key of path) {
    if (!current) return undefined;
    const def = defOf(unwrap(current));
    if (def.shape) current = def.shape[String(key)];
    else if (def.element) current = def.element;
    else if (def.valueType) current = def.valueType;
    else return undefined;
  }
  return current;
}

/** The field names an object schema allows at a path (all branches of a union), for hints. */
function objectKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const target = schemaAt(schema, path);
  if (!target) return [];
  const def = defOf(unwrap(target));
  const shapes = def.options ? def.options.map((option) => defOf(unwrap(option)).shape ?? {}) : [def.shape ?? {}];
  return [...new Set(shapes.flatMap((shape) => Object.keys(shape)))].sort();
}
