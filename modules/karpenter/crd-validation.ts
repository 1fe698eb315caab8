/**
 * Validates generated Karpenter documents against the vendored v1.14.1 CRDs (upstream/crds/) the
 * way the API server does on create: the OpenAPI v3 structural schema (types, required, enums,
 * patterns, lengths, bounds, unknown fields, defaults), then the CEL rules of
 * `x-kubernetes-validations` on the defaulted object.
 *
 * - The schema part runs Ajv validators generated from the CRDs by crd-codegen.js
 *   (crd-schemas.generated.ts); nothing is parsed or compiled at synth.
 * - The CEL part evaluates each rule with @bufbuild/cel (Buf's CEL implementation, conformance-tested)
 *   plus its strings extension (`split`), and Kubernetes' `find` from its regex library, registered
 *   here with `matches` (see celRuntime for why both use ECMAScript regular expressions). crd-codegen.js parsed the rules;
 *   each is planned once per process, when a document first reaches its node.
 * - Transition rules (those that read `oldSelf`) only run when an object is updated; this validates
 *   what a create sends, so they are skipped (Kubernetes skips them on create too).
 *
 * Both halves are loaded on first use (`require` inside the functions, which esbuild keeps lazy), so
 * environments without Karpenter pay nothing. Nothing here knows the module's inputs: violations carry
 * document paths, and crd-problems.ts maps them to the inputs that produced them.
 */
import type { CelResult } from '@bufbuild/cel';
import { describeValue, joinPath } from '../registry/errors';
import { KARPENTER_VERSION } from './controller-policy';

export type CrdKind = 'NodePool' | 'EC2NodeClass';
export const CRD_KINDS: readonly CrdKind[] = ['NodePool', 'EC2NodeClass'];

/** One `x-kubernetes-validations` entry (the CRDs use no messageExpression, reason or fieldPath; crd-codegen.js refuses them). */
export interface CelRule {
  readonly rule: string;
  readonly message: string;
  /** The rule's AST (a cel.expr.Expr) as crd-codegen.js parsed it; absent for transition rules. */
  readonly ast?: () => unknown;
}

/** The part of a CRD schema the CEL evaluator walks (see crd-codegen.js). */
export interface CelSchema {
  readonly type?: string;
  readonly intOrString?: boolean;
  readonly rules?: readonly CelRule[];
  readonly properties?: Readonly<Record<string, CelSchema>>;
  readonly items?: CelSchema;
  readonly additionalProperties?: CelSchema;
}

export interface CrdSource {
  readonly file: string;
  readonly apiVersion: string;
  readonly sha256: string;
}

/** An Ajv error, as the standalone validators report them. */
export interface StructuralError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

export interface StructuralValidator {
  (data: unknown): boolean;
  errors?: StructuralError[] | null;
}

export type DocumentPath = readonly (string | number)[];

/** The document shape validated: apiVersion, kind, metadata.name and spec. */
export interface CrdDocument {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly spec: unknown;
}

/** One reason the API server would refuse a document. */
export interface CrdViolation {
  readonly kind: CrdKind;
  /** Where in the document, e.g. ['spec', 'template', 'spec', 'taints', 0, 'value']. */
  readonly path: DocumentPath;
  /**
   * The API server's reason: a CEL rule's own message, or for the schema what Kubernetes says
   * (`should match '<pattern>'`, `Too long: may not be longer than 30`, `Required value`, ...).
   */
  readonly message: string;
  /** The value at `path`; for a list or map rule narrowed to one entry, that entry. */
  readonly value: unknown;
  /** The CEL rule, for violations of one. */
  readonly rule?: string;
  /** Where that rule is declared: `path`, or for a list or map rule narrowed to an entry, the list or map. */
  readonly rulePath?: DocumentPath;
}

/** The generated module, required on first use. */
interface GeneratedSchemas {
  readonly NodePool: StructuralValidator;
  readonly EC2NodeClass: StructuralValidator;
  readonly celSchemas: Record<CrdKind, CelSchema>;
  readonly sources: Record<CrdKind, CrdSource>;
}

let generated: GeneratedSchemas | undefined;
function schemas(): GeneratedSchemas {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  generated ??= require('./crd-schemas.generated') as GeneratedSchemas;
  return generated;
}

/** Where each kind's CRD comes from (file, apiVersion, sha256 of the vendored YAML). */
export function crdSources(): Record<CrdKind, CrdSource> {
  return schemas().sources;
}

/** The CEL rules of a kind, with the document path (`[]` for list items, `*` for map values) of the node each applies to. */
export function crdRules(kind: CrdKind): { path: string; rule: CelRule; transition: boolean }[] {
  const out: { path: string; rule: CelRule; transition: boolean }[] = [];
  const walk = (schema: CelSchema, path: string) => {
    for (const rule of schema.rules ?? []) out.push({ path, rule, transition: isTransitionRule(rule.rule) });
    for (const [name, child] of Object.entries(schema.properties ?? {})) walk(child, path ? `${path}.${name}` : name);
    if (schema.items) walk(schema.items, `${path}[]`);
    if (schema.additionalProperties) walk(schema.additionalProperties, `${path}.*`);
  };
  walk(schemas().celSchemas[kind], '');
  return out;
}

/** Every reason the API server would refuse `document` on create; empty when it would accept it. */
export function crdViolations(document: CrdDocument): CrdViolation[] {
  if (!(CRD_KINDS as readonly string[]).includes(document.kind)) throw new Error(`no vendored CRD for kind ${document.kind}`);
  const kind = document.kind as CrdKind;
  const generatedSchemas = schemas();
  const violations: CrdViolation[] = [];
  const { apiVersion } = generatedSchemas.sources[kind];
  if (document.apiVersion !== apiVersion) violations.push({ kind, path: ['apiVersion'], message: `supported values: "${apiVersion}"`, value: document.apiVersion });
  violations.push(...metadataViolations(kind, document.metadata));

  // The API server defaults, then validates; defaults go into a copy (the documents are plain JSON).
  const object = JSON.parse(JSON.stringify({ apiVersion: document.apiVersion, kind: document.kind, metadata: document.metadata, spec: document.spec })) as unknown;
  const validate = generatedSchemas[kind];
  const structural = validate(object) ? [] : structuralViolations(kind, object, validate.errors ?? []);
  violations.push(...structural.map((s) => s.violation));

  // A rule over a value of the wrong shape fails in its own way; those nodes' schema errors say why.
  const broken = structural.filter((s) => SHAPE_KEYWORDS.has(s.keyword)).map((s) => s.violation.path);
  const skip = (path: DocumentPath) => broken.some((b) => startsWith(b, path));
  walkRules(kind, generatedSchemas.celSchemas[kind], object, [], skip, violations);
  return violations;
}

/** One line for a violation: `the NodePool CRD (Karpenter 1.14.1) rejects "" at spec.x: <message>`. */
export function describeViolation(violation: CrdViolation): string {
  return `the ${violation.kind} CRD (Karpenter ${KARPENTER_VERSION}) rejects ${describeValue(violation.value)} at ${joinPath(violation.path)}: ${violation.message}`;
}

function startsWith(path: DocumentPath, prefix: DocumentPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

// --- metadata ----------------------------------------------------------------------------------

/** The CRDs say only `metadata: {type: object}`; the API server checks ObjectMeta itself. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function metadataViolations(kind: CrdKind, metadata: { name?: unknown } | undefined): CrdViolation[] {
  const name = metadata?.name;
  if (typeof name !== 'string' || name === '') return [{ kind, path: ['metadata', 'name'], message: 'Required value: name or generateName is required', value: name }];
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    return [{ kind, path: ['metadata', 'name'], message: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", value: name }];
  }
  return [];
}

// --- OpenAPI schema ----------------------------------------------------------------------------

/** A JSON pointer as a path: list indexes as numbers, map keys (even "1") as strings. */
function pointerToPath(pointer: string, root: unknown): (string | number)[] {
  if (!pointer) return [];
  const path: (string | number)[] = [];
  let current = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key = Array.isArray(current) ? Number(segment) : segment;
    path.push(key);
    current = current !== null && typeof current === 'object' ? (current as Record<string | number, unknown>)[key] : undefined;
  }
  return path;
}

function valueAt(root: unknown, path: DocumentPath): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** Schema errors after which a CEL rule over the node would see a value of the wrong shape. */
const SHAPE_KEYWORDS = new Set(['type', 'required', 'anyOf']);

/** Ajv's errors as the API server words them. */
function structuralViolations(kind: CrdKind, object: unknown, errors: readonly StructuralError[]): { keyword: string; violation: CrdViolation }[] {
  // int-or-string fields fail both anyOf branches and then anyOf itself: keep the last.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath));
  const relevant = errors.filter((e) => ![...anyOfPaths].some((p) => e.schemaPath.startsWith(`${p.slice(0, -'/anyOf'.length)}/anyOf/`)));
  return relevant.map((error) => {
    let path = pointerToPath(error.instancePath, object);
    const limit = error.params.limit;
    let message: string;
    switch (error.keyword) {
      case 'required':
        path = [...path, String(error.params.missingProperty)];
        message = 'Required value';
        break;
      case 'additionalProperties':
        path = [...path, String(error.params.additionalProperty)];
        message = `unknown field "${joinPath(path)}" (not in the CRD's schema)`;
        break;
      case 'type':
        message = `must be of type ${String(error.params.type)}`;
        break;
      case 'anyOf':
        message = 'must be an integer or a string';
        break;
      case 'enum':
        message = `supported values: ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'pattern':
        message = `should match '${String(error.params.pattern)}'`;
        break;
      case 'maxLength':
        message = `Too long: may not be longer than ${limit}`;
        break;
      case 'minLength':
        message = `should be at least ${limit} chars long`;
        break;
      case 'maximum':
        message = `should be less than or equal to ${limit}`;
        break;
      case 'minimum':
        message = `should be greater than or equal to ${limit}`;
        break;
      case 'maxItems':
      case 'maxProperties':
        message = `Too many: must have at most ${limit} items`;
        break;
      case 'minItems':
        message = `should have at least ${limit} items`;
        break;
      case 'uniqueItems':
        // Ajv names the pair (i < j); the API server reports the second occurrence.
        path = [...path, Math.max(Number(error.params.i), Number(error.params.j))];
        message = 'Duplicate value';
        break;
      default:
        message = `${error.keyword}: ${error.message ?? 'invalid'}`;
    }
    return { keyword: error.keyword, violation: { kind, path, message, value: valueAt(object, path) } };
  });
}

// --- CEL ---------------------------------------------------------------------------------------

/** A rule that reads `oldSelf` compares with the stored object: it only runs on update. */
export function isTransitionRule(rule: string): boolean {
  return /\boldSelf\b/.test(rule);
}

type Planned = (bindings: { self: unknown }) => CelResult;

interface CelRuntime {
  readonly isCelError: (value: unknown) => boolean;
  /** The rule's evaluation function, planned on first use from the AST crd-codegen.js parsed. */
  readonly plan: (rule: CelRule) => Planned;
}

let runtime: CelRuntime | undefined;

function celRuntime(): CelRuntime {
  if (runtime) return runtime;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cel = require('./cel-runtime') as typeof import('./cel-runtime');
  const { strings } = cel;
  // Regular expressions: Kubernetes runs CEL's `matches` and its regex library's `find` with Go's RE2.
  // Here both use ECMAScript's engine with the `u` flag, compiled once per pattern: the CRDs' patterns
  // (`^[a-zA-Z0-9]+@.+$`, `^([^/]+)`, `^[^@]+`) are plain anchors, classes and repetitions, which the
  // two engines read alike (both leftmost-first), and a pattern ECMAScript refuses (RE2-only syntax
  // such as `(?i)` or `\z`) fails its rule with the syntax error rather than passing it. @bufbuild/cel's
  // own `matches` (an RE2 port) costs ~10 ms to compile its first pattern, a fifth of the validation.
  const expressions = new Map<string, RegExp>();
  const regexp = (pattern: string) => {
    let expression = expressions.get(pattern);
    if (!expression) {
      expression = new RegExp(pattern, 'u');
      expressions.set(pattern, expression);
    }
    return expression;
  };
  const { STRING, BOOL } = cel.CelScalar;
  // `<string>.find(<regex>)`: the first match, or "" when there is none (k8s.io/apiserver/pkg/cel/library/regex.go).
  const find = cel.celMethod('find', STRING, [STRING], STRING, function (this: string, pattern: string) {
    return regexp(pattern).exec(this)?.[0] ?? '';
  });
  // `<string>.matches(<regex>)`: whether the regex matches any part of the string (CEL's standard definition).
  const matches = cel.celMethod('matches', STRING, [STRING], BOOL, function (this: string, pattern: string) {
    return regexp(pattern).test(this);
  });
  const env = cel.celEnv({ funcs: [...strings, find, matches] });
  const planned = new Map<string, Planned>();
  runtime = {
    isCelError: cel.isCelError,
    plan: (rule) => {
      let fn = planned.get(rule.rule);
      if (!fn) {
        // A rule without a pre-parsed AST (none today) is parsed here.
        const expr = rule.ast ? rule.ast() : cel.parse(rule.rule);
        fn = cel.plan(env, expr as Parameters<typeof cel.plan>[1]) as Planned;
        planned.set(rule.rule, fn);
      }
      return fn;
    },
  };
  return runtime;
}

/** The value as the API server hands it to CEL: integers as CEL ints (bigint), the rest as is. */
function celValue(value: unknown, schema: CelSchema | undefined): unknown {
  if (typeof value === 'number') return Number.isInteger(value) && (schema?.type === 'integer' || schema?.intOrString) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map((item) => celValue(item, schema?.items));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, celValue(child, schema?.properties?.[key] ?? schema?.additionalProperties)]));
  }
  return value;
}

type Outcome = { ok: true } | { ok: false; error?: string };

function evaluate(rule: CelRule, self: unknown): Outcome {
  const cel = celRuntime();
  let result: CelResult;
  try {
    result = cel.plan(rule)({ self });
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  if (cel.isCelError(result)) return { ok: false, error: (result as { message: string }).message };
  if (result === true) return { ok: true };
  if (result === false) return { ok: false };
  return { ok: false, error: `the rule returned ${String(result)}, not a bool` };
}

function walkRules(kind: CrdKind, schema: CelSchema, value: unknown, path: (string | number)[], skip: (path: DocumentPath) => boolean, out: CrdViolation[]): void {
  if (value === undefined || value === null) return;
  if (schema.rules && !skip(path)) {
    const self = celValue(value, schema);
    for (const rule of schema.rules) {
      if (isTransitionRule(rule.rule)) continue;
      const outcome = evaluate(rule, self);
      if (outcome.ok) continue;
      out.push(...narrow(kind, schema, rule, value, path, outcome));
    }
  }
  if (typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((item, index) => walkRules(kind, schema.items!, item, [...path, index], skip, out));
    return;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childSchema = schema.properties?.[key] ?? schema.additionalProperties;
    if (childSchema) walkRules(kind, childSchema, child, [...path, key], skip, out);
  }
}

/**
 * A rule over a list or a map (`self.all(x, ...)`, `!self.exists(x, ...)`) fails for some entries:
 * the rule is run again on each entry alone, and the entries it fails for are the ones reported,
 * each at its own path. A rule that fails on the whole only (a count, a pair of entries) is reported
 * on the list or map.
 */
function narrow(kind: CrdKind, schema: CelSchema, celRule: CelRule, value: unknown, path: (string | number)[], outcome: { error?: string }): CrdViolation[] {
  const { rule, message } = celRule;
  const why = (o: { error?: string }) => (o.error ? `${message} (the rule could not be evaluated: ${o.error})` : message);
  const entries: [string | number, unknown, unknown][] = [];
  if (Array.isArray(value) && schema.items) value.forEach((item, index) => entries.push([index, item, [item]]));
  else if (value !== null && typeof value === 'object' && !Array.isArray(value) && schema.additionalProperties && !schema.properties) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) entries.push([key, { [key]: item }, { [key]: item }]);
  }
  if (entries.length > 1) {
    const culprits: CrdViolation[] = [];
    for (const [key, shown, alone] of entries) {
      const single = evaluate(celRule, celValue(alone, schema));
      if (!single.ok) culprits.push({ kind, path: [...path, key], message: why(single), value: shown, rule, rulePath: path });
    }
    if (culprits.length) return culprits;
  } else if (entries.length === 1) {
    const [key, shown] = entries[0];
    return [{ kind, path: [...path, key], message: why(outcome), value: shown, rule, rulePath: path }];
  }
  return [{ kind, path, message: why(outcome), value, rule, rulePath: path }];
}
