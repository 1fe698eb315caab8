import type { InputProblem } from '../../registry/errors';
import { closest } from '../../registry/suggest';
import { generatedValidator, type GeneratedValidator } from '../generated-validator';
import type { ChartFacts } from './charts';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Helm's merge of values: maps merge key by key, anything else (lists too) is replaced. */
export function mergeValues(...layers: readonly Json[]): Json {
  const out: Json = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) out[key] = isObject(value) && isObject(out[key]) ? mergeValues(out[key] as Json, value) : value;
  }
  return out;
}

/**
 * The chart's values.schema.json validator was generated with the Ajv of its draft (2020-12 or
 * earlier) and `strict: false` (chart schemas use keywords Ajv does not know, e.g. "form", "title"
 * extensions; unknown formats are annotations).
 */
function schemaValidator(facts: ChartFacts): GeneratedValidator {
  return generatedValidator('chartValues', `${facts.dir}@${facts.version}`, `the vendored values.schema.json of chart ${facts.chart} ${facts.version} (modules/addons/upstream/charts/${facts.dir})`);
}

/** The schema's errors for `values` (none when valid). */
function schemaErrors(facts: ChartFacts, values: unknown): { instancePath: string; message?: string; params: Record<string, unknown> }[] {
  const validate = schemaValidator(facts);
  return validate(values) ? [] : (validate.errors ?? []).map((e) => ({ instancePath: e.instancePath, message: e.message, params: e.params }));
}

/** `/controller/replicas` → ['controller', 'replicas'] (JSON Pointer, unescaped). */
function pointerPath(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Whether a values path was written by the user (then the problem is theirs, at `values.<path>`). */
function given(overrides: Json, path: readonly (string | number)[]): boolean {
  let current: unknown = overrides;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return false;
    current = (current as Record<string | number, unknown>)[key];
    if (current === undefined) return false;
  }
  return true;
}

/**
 * Checks the values a release gets (ours, then the spec's `values` overrides) against the chart at its
 * pinned version, as Helm would not: with the chart's values.schema.json when it publishes one (over
 * the merged values, as Helm validates them), otherwise key by key against the chart's values.yaml, so
 * a misspelt key is an error instead of a value Helm silently ignores. Problems are at
 * `values.<path>` when the spec wrote the key.
 */
export function chartValueProblems(facts: ChartFacts, ours: Json, overrides: Json): InputProblem[] {
  const problems: InputProblem[] = [];
  const merged = mergeValues(facts.values, ours, overrides);
  if (facts.schema) {
    for (const error of schemaErrors(facts, merged)) {
      const path = pointerPath(error.instancePath);
      const property = error.params.additionalProperty as string | undefined;
      const at = property !== undefined ? [...path, property] : path;
      const shown = at.length ? at.join('.') : '(values)';
      const message =
        property !== undefined
          ? `unknown value "${shown}" for chart ${facts.chart} ${facts.version}${hint(facts.values, path, property)} (its values.schema.json allows no such key)`
          : `${shown} ${error.message ?? 'is not valid'} (chart ${facts.chart} ${facts.version} values.schema.json)`;
      problems.push({ path: given(overrides, at) ? ['values', ...at] : [], message });
    }
    if (problems.length) return dedupe(problems);
    // Most chart schemas allow keys they do not list (additionalProperties), so a typo passes them:
    // keys are also checked against values.yaml, as for charts without a schema.
  }
  for (const [source, layer] of [['ours', ours], ['overrides', overrides]] as const) {
    for (const path of unknownKeys(facts.values, facts.schema, facts.schema, layer, [])) {
      const parent = path.slice(0, -1);
      problems.push({
        path: source === 'overrides' ? ['values', ...path] : [],
        message: `unknown value "${path.join('.')}" for chart ${facts.chart} ${facts.version}${hint(facts.values, parent, String(path[path.length - 1]))} (not in its values.yaml${facts.schema ? ' nor required by its values.schema.json' : ''}, so Helm would ignore it)`,
      });
    }
  }
  return problems;
}

function hint(defaults: Json, parent: readonly (string | number)[], key: string): string {
  let node: unknown = defaults;
  for (const part of parent) node = isObject(node) ? node[String(part)] : undefined;
  const suggestion = isObject(node) ? closest(key, Object.keys(node)) : undefined;
  return suggestion ? ` (did you mean "${[...parent, suggestion].join('.')}"?)` : '';
}

/**
 * Values that hold a Kubernetes API object (a container's `resources`, `affinity`, a security
 * context): the chart passes them through to the manifest whatever keys its values.yaml shows as an
 * example, so their keys are the API's to check, not the chart's.
 */
const KUBERNETES_OBJECT_VALUES = new Set(['resources', 'affinity', 'securityContext', 'podSecurityContext', 'containerSecurityContext', 'nodeSelector', 'tolerations', 'topologySpreadConstraints']);

type Schema = Record<string, unknown>;

/** Follows a local $ref ("#/$defs/x", "#/definitions/x") within the chart's schema. */
function resolve(root: Schema | undefined, node: unknown): Schema | undefined {
  let current = node as Schema | undefined;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 20; hops++) {
    const ref = current.$ref as string;
    current = ref.startsWith('#/') ? (ref.slice(2).split('/').reduce<unknown>((n, part) => (n as Schema | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], root) as Schema | undefined) : undefined;
  }
  return current;
}

/** The properties a schema node lists (its anyOf/oneOf/allOf branches' too). */
function schemaProperties(root: Schema | undefined, node: Schema | undefined): Record<string, unknown> {
  const resolved = resolve(root, node);
  if (!resolved) return {};
  const branches = ['anyOf', 'oneOf', 'allOf'].flatMap((key) => (Array.isArray(resolved[key]) ? (resolved[key] as Schema[]) : []));
  return Object.assign({}, ...branches.map((branch) => schemaProperties(root, branch)), (resolved.properties as Record<string, unknown>) ?? {});
}

/**
 * Keys of `values` that neither the chart's values.yaml nor its values.schema.json knows. A map the
 * chart leaves open (`podAnnotations: {}`, no schema properties) takes any key; lists are not entered.
 */
function unknownKeys(defaults: unknown, root: Schema | undefined, schema: Schema | undefined, values: Json, path: string[]): string[][] {
  const out: string[][] = [];
  const listed = schemaProperties(root, schema);
  const open = (!isObject(defaults) || Object.keys(defaults).length === 0) && Object.keys(listed).length === 0;
  if (open) return out;
  for (const [key, value] of Object.entries(values)) {
    const inDefaults = isObject(defaults) && key in defaults;
    if (!inDefaults && !(key in listed)) {
      out.push([...path, key]);
      continue;
    }
    if (KUBERNETES_OBJECT_VALUES.has(key) || !isObject(value)) continue;
    out.push(...unknownKeys(isObject(defaults) ? defaults[key] : undefined, root, listed[key] as Schema | undefined, value, [...path, key]));
  }
  return out;
}

function dedupe(problems: InputProblem[]): InputProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path.join('.')}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
