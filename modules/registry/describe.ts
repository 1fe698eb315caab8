import { z } from 'zod';
import type { AnyModuleDefinition } from './module';

export interface InputDescription {
  /** Dotted path from the module's root, `[]` marking list items: `subnetGroups[].prefixLength`. */
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  /** JSON of the default, or undefined when the field has none. */
  readonly defaultValue?: string;
  readonly description: string;
}

/** The JSON Schema subset zod emits for module inputs (read here for docs, by the fuzzer and the day-two matrix for values). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  description?: string;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

/** The JSON Schema of a module's inputs as a user writes them (defaults not yet applied). */
export function inputJsonSchema(definition: AnyModuleDefinition): JsonSchema {
  return z.toJSONSchema(definition.inputs, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** Every input of a module, flattened, with type, default and description, for docs and the CLI. */
export function describeInputs(definition: AnyModuleDefinition): InputDescription[] {
  const out: InputDescription[] = [];
  walk(inputJsonSchema(definition), '', true, out);
  return out;
}

function walk(schema: JsonSchema, path: string, required: boolean, out: InputDescription[]): void {
  if (path) {
    out.push({
      path,
      type: typeOf(schema),
      required,
      defaultValue: schema.default === undefined ? undefined : JSON.stringify(schema.default),
      description: (schema.description ?? '').replace(/\s*@default .*$/, '').trim(),
    });
  }
  const objectSchema = schema.properties ? schema : schema.items?.properties ? schema.items : undefined;
  if (!objectSchema?.properties) return;
  const prefix = schema.items ? `${path}[]` : path;
  for (const [key, child] of Object.entries(objectSchema.properties)) {
    walk(child, prefix ? `${prefix}.${key}` : key, (objectSchema.required ?? []).includes(key) && child.default === undefined, out);
  }
}

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map(typeOf).join(' | ');
  if (schema.type === 'array') return `${schema.items ? typeOf(schema.items) : 'any'}[]`;
  if (schema.type === 'object' && !schema.properties && typeof schema.additionalProperties === 'object') return `map of ${typeOf(schema.additionalProperties)}`;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  return schema.type ?? 'any';
}
