#!/usr/bin/env node
// Generates crd-schemas.generated.ts from the vendored Karpenter CRDs in
// upstream/crds/: the v1 openAPIV3Schema of the NodePool and the EC2NodeClass, compiled once, here,
// into standalone Ajv validators, plus the CEL rules (x-kubernetes-validations), parsed here by
// @bufbuild/cel into ASTs, with the structure the rule evaluator walks. Run it after refreshing the
// CRDs (see upstream/SOURCE.md):
//
//   node modules/karpenter/crd-codegen.js
//
// Why generated code rather than reading the YAML at synth: parsing the two CRDs (~1,500 lines) with
// `yaml` and compiling them with Ajv took 200-500 ms per process on the 2-core machine, more than a
// whole `dev` synth; the generated module loads in a few milliseconds and esbuild bundles it like any
// other source file (nothing is read from disk at run time, so dist/ needs no copy of the CRDs).
// test/modules/karpenter/crd-validation.test.ts fails when the committed output is stale.
//
// The translation from a Kubernetes structural schema to JSON Schema for Ajv:
// - `status` is dropped (the module never writes it; the API server ignores it on create).
// - Objects with `properties` and no `additionalProperties` get `additionalProperties: false`: the API
//   server would prune an unknown field (Helm's and kubectl's strict field validation reject it), so
//   a field we write that the CRD does not know is a bug either way.
// - `format: int32`/`int64` become the range they imply (`minimum`/`maximum`, kept when the CRD's own
//   bound is tighter); `format: date-time` occurs only on taints' `timeAdded`, which nothing here sets,
//   and is dropped.
// - `x-kubernetes-list-type: set` becomes `uniqueItems: true` (the API server rejects duplicates);
//   `x-kubernetes-list-type: map` occurs only under `status` and is refused here if that changes.
// - `x-kubernetes-int-or-string` is already spelled out by controller-gen as `anyOf: [integer, string]`.
// - `x-kubernetes-map-type` and `atomic` list types only say how server-side apply merges.
// - Any other keyword stops the generator, so a CRD refresh that brings one is noticed, and so do
//   a rule that does not parse and rule fields the evaluator ignores (messageExpression, reason,
//   fieldPath, optionalOldSelf).
//
// Pattern semantics: Kubernetes evaluates `pattern` with Go's RE2, Ajv with ECMAScript's engine and
// the `u` flag; every pattern in these CRDs (anchors, classes, groups, alternations, counted
// repetition, \d and \s) means the same in both.
'use strict';

const { createHash } = require('node:crypto');
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { parse } = require('yaml');
const Ajv = require('ajv').default;
const standaloneCode = require('ajv/dist/standalone').default;
const { parse: parseCel } = require('@bufbuild/cel');

const CRD_DIR = join(__dirname, 'upstream', 'crds');
const OUTPUT = join(__dirname, 'crd-schemas.generated.ts');

/** The kinds the module generates, and the vendored CRD file of each. */
const KINDS = {
  NodePool: 'karpenter.sh_nodepools.yaml',
  EC2NodeClass: 'karpenter.k8s.aws_ec2nodeclasses.yaml',
};

const VERSION = 'v1';

/** Schema keywords the translation understands. */
const KNOWN = new Set([
  'description', 'type', 'properties', 'required', 'items', 'additionalProperties', 'enum', 'pattern', 'minLength', 'maxLength',
  'minimum', 'maximum', 'minItems', 'maxItems', 'maxProperties', 'default', 'format', 'anyOf',
  'x-kubernetes-int-or-string', 'x-kubernetes-validations', 'x-kubernetes-list-type', 'x-kubernetes-map-type',
]);
/** Keys of one x-kubernetes-validations entry the rule evaluator supports (no messageExpression, reason or fieldPath). */
const KNOWN_RULE_KEYS = new Set(['rule', 'message']);

const INT_RANGES = { int32: [-2147483648, 2147483647], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] };

function fail(path, message) {
  throw new Error(`crd-codegen: ${path || '<root>'}: ${message}`);
}

/** The JSON Schema Ajv compiles: no descriptions, no x-kubernetes-* annotations, formats as ranges. */
function toAjv(schema, path) {
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!KNOWN.has(key)) fail(path, `unsupported schema keyword "${key}"`);
    switch (key) {
      case 'description':
      case 'x-kubernetes-validations':
      case 'x-kubernetes-int-or-string':
      case 'x-kubernetes-map-type':
        break;
      case 'properties':
        out.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, toAjv(child, `${path}.${name}`)]));
        break;
      case 'items':
        out.items = toAjv(value, `${path}[]`);
        break;
      case 'additionalProperties':
        out.additionalProperties = typeof value === 'boolean' ? value : toAjv(value, `${path}.*`);
        break;
      case 'anyOf':
        // crd-validation.ts words an anyOf failure as int-or-string's; no other anyOf is expected.
        if (!schema['x-kubernetes-int-or-string']) fail(path, 'anyOf without x-kubernetes-int-or-string');
        out.anyOf = value.map((branch, index) => toAjv(branch, `${path}.anyOf[${index}]`));
        break;
      case 'format':
        if (INT_RANGES[value]) {
          const [min, max] = INT_RANGES[value];
          out.minimum = Math.max(schema.minimum ?? min, min);
          out.maximum = Math.min(schema.maximum ?? max, max);
        } else if (value !== 'date-time') {
          fail(path, `unsupported format "${value}"`);
        }
        break;
      case 'minimum':
      case 'maximum':
        if (!INT_RANGES[schema.format]) out[key] = value;
        break;
      case 'x-kubernetes-list-type':
        if (value === 'set') out.uniqueItems = true;
        else if (value !== 'atomic') fail(path, `unsupported x-kubernetes-list-type "${value}"`);
        break;
      default:
        out[key] = value;
    }
  }
  if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** Message type names of the ASTs, declared once in the generated module as T0, T1, ... */
const typeNames = [];

/** A value as a JavaScript expression: bigint as a bigint literal, message type names as T<n>. */
function jsLiteral(value) {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Uint8Array) return `new Uint8Array([${[...value].join(',')}])`;
  if (Array.isArray(value)) return `[${value.map(jsLiteral).join(',')}]`;
  if (value && typeof value === 'object') {
    const fields = Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .map(([key, field]) => {
        if (key === '$typeName') {
          let index = typeNames.indexOf(field);
          if (index === -1) index = typeNames.push(field) - 1;
          return `$typeName:T${index}`;
        }
        return `${JSON.stringify(key)}:${jsLiteral(field)}`;
      });
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A rule's parsed AST (the cel.expr.Expr @bufbuild/cel's parser returns) as a function returning
 * it: parsing the rules at synth was most of the validation's cost (~70 ms for the EC2NodeClass's 54
 * rules on the 2-core machine, the generated parser still cold), and a function V8 compiles only when
 * a document first reaches the rule's node costs next to nothing.
 */
function astFunction(rule, path) {
  let parsed;
  try {
    parsed = parseCel(rule);
  } catch (error) {
    fail(path, `rule "${rule}" does not parse: ${error.message}`);
  }
  return { $ast: `() => (${jsLiteral(parsed.expr)})` };
}

/** A rule that reads `oldSelf` compares with the stored object: it only runs on update (same test as crd-validation.ts). */
const isTransitionRule = (rule) => /\boldSelf\b/.test(rule);

/**
 * What the CEL rule evaluator walks: the tree down to every node with rules, and below a node with
 * rules whatever it needs to turn the value into CEL values (integers become CEL ints). Paths with no
 * rule at or below them are left out. Each create-time rule carries its parsed AST.
 */
function toCel(schema, path, underRule) {
  const rules = (schema['x-kubernetes-validations'] ?? []).map((entry) => {
    for (const key of Object.keys(entry)) if (!KNOWN_RULE_KEYS.has(key)) fail(path, `unsupported x-kubernetes-validations key "${key}"`);
    if (typeof entry.message !== 'string') fail(path, `rule "${entry.rule}" has no message`);
    return isTransitionRule(entry.rule) ? { rule: entry.rule, message: entry.message } : { rule: entry.rule, message: entry.message, ast: astFunction(entry.rule, path) };
  });
  const keep = underRule || rules.length > 0;
  const out = {};
  if (keep && schema.type) out.type = schema.type;
  if (keep && schema['x-kubernetes-int-or-string']) out.intOrString = true;
  if (rules.length) out.rules = rules;
  if (schema.properties) {
    const properties = {};
    for (const [name, child] of Object.entries(schema.properties)) {
      const converted = toCel(child, `${path}.${name}`, keep);
      if (converted) properties[name] = converted;
    }
    if (Object.keys(properties).length) out.properties = properties;
  }
  if (schema.items) {
    const items = toCel(schema.items, `${path}[]`, keep);
    if (items) out.items = items;
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    const values = toCel(schema.additionalProperties, `${path}.*`, keep);
    if (values) out.additionalProperties = values;
  }
  return Object.keys(out).length ? out : undefined;
}

function loadCrd(file) {
  const text = readFileSync(join(CRD_DIR, file), 'utf8');
  const crd = parse(text);
  const version = crd.spec.versions.find((v) => v.name === VERSION);
  if (!version) fail(file, `no version ${VERSION}`);
  const schema = structuredClone(version.schema.openAPIV3Schema);
  delete schema.properties.status;
  return { crd, schema, sha256: createHash('sha256').update(text).digest('hex') };
}

/**
 * The generated module's text: TypeScript only in name (`@ts-nocheck`, typed where it is required in
 * crd-validation.ts), so that esbuild, Jest's transform and the build's input hash treat it like the
 * module's other sources.
 */
function generate() {
  typeNames.length = 0;
  const ajv = new Ajv({
    allErrors: true,
    // Applies the CRDs' defaults to the (copied) document before the CEL rules see it, as the API
    // server does before validating.
    useDefaults: true,
    strict: true,
    strictTypes: false,
    code: { source: true, esm: true, optimize: true, lines: true },
  });
  const sources = {};
  const celSchemas = {};
  for (const [kind, file] of Object.entries(KINDS)) {
    const { crd, schema, sha256 } = loadCrd(file);
    if (crd.spec.names.kind !== kind) fail(file, `declares kind ${crd.spec.names.kind}, expected ${kind}`);
    ajv.addSchema(toAjv(schema, ''), kind);
    celSchemas[kind] = toCel(schema, '', false);
    sources[kind] = { file: `upstream/crds/${file}`, apiVersion: `${crd.spec.group}/${VERSION}`, sha256 };
  }
  const validators = standaloneCode(ajv, Object.fromEntries(Object.keys(KINDS).map((kind) => [kind, kind])));
  const header = [
    '// @ts-nocheck',
    '// GENERATED by modules/karpenter/crd-codegen.js from the vendored CRDs in modules/karpenter/upstream/crds/',
    '// (Karpenter v1.14.1, see upstream/SOURCE.md). Do not edit: run `node modules/karpenter/crd-codegen.js`.',
    ...Object.entries(sources).map(([kind, s]) => `// ${kind}: ${s.file} sha256 ${s.sha256}`),
    '/* eslint-disable */',
  ].join('\n');
  // celSchemas as JSON, one rule's AST function per line in place of its {"$ast": ...} placeholder.
  const celText = JSON.stringify(celSchemas, null, 1).replace(/\{\n\s*"\$ast": ("(?:[^"\\]|\\.)*")\n\s*\}/g, (_match, code) => JSON.parse(code));
  return [
    header,
    validators,
    ...typeNames.map((name, index) => `const T${index} = ${JSON.stringify(name)};`),
    `export const celSchemas = ${celText};`,
    `export const sources = ${JSON.stringify(sources, null, 1)};`,
    '',
  ].join('\n');
}

module.exports = { generate, OUTPUT };

if (require.main === module) {
  const text = generate();
  writeFileSync(OUTPUT, text);
  process.stdout.write(`wrote ${OUTPUT} (${text.length} bytes)\n`);
}
