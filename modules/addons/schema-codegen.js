#!/usr/bin/env node
// Generates standalone Ajv validators for every vendored EKS add-on configuration schema
// (upstream/eks/configuration-schemas/<addon>-<version>.json) and every vendored chart
// values.schema.json (upstream/charts/<dir>/values.schema.json), compiled once, here: one CommonJS file
// per distinct schema in schema-validators/, and schema-validators.generated.ts, the lookup tables
// configuration-schema.ts and catalogue/values.ts use; and each chart's values.yaml as JSON
// (schema-validators/chart-defaults/, see chartDefaults). Run it after vendoring or refreshing a schema
// or a chart:
//
//   node modules/addons/schema-codegen.js            (writes the files)
//   node modules/addons/schema-codegen.js --check    (exits 1 when the committed files are stale)
//
// Why generated code rather than compiling at synth: Ajv's compilation of these schemas (cilium's and
// cert-manager's values.schema.json are 168 KB and 114 KB) was the largest single cost of a synth,
// ~310 ms of a ~1,250 ms `dev` synth on the 2-core machine. test/modules/addons/schema-validators.test.ts
// fails when the committed output is stale, and checks that the generated validators judge documents
// as a run-time Ajv compile does.
//
// Why the validators are files read at run time rather than bundled (as modules/karpenter's CRD
// validators are): Ajv's code for these schemas is ~2.2 MB (cilium's alone ~860 KB, allErrors code
// is verbose), and a bundled module is parsed by every process, whether or not it validates a chart:
// bundled, it cost 40-50 ms per process (2-core machine, loaded). Like the vendored schemas and
// values.yaml, which the modules already read from the project folder at synth, a validator file is
// read only when its schema is first used (a `dev` synth reads three small ones). The files require nothing: the Ajv runtime
// helpers their code needs are bundled with the lookup tables and handed to them.
//
// The Ajv options are those configuration-schema.ts and catalogue/values.ts used to compile with, so
// the validators and their error objects (instancePath, params, message) are the same:
// - configuration schemas: Ajv, Ajv2019 or Ajv2020 by the schema's `$schema` (EKS publishes drafts 06,
//   07 and 2019-09; draft-06 needs its meta-schema added), `strict: false, allErrors: true`, and the
//   formats `boolean` and `integer` EKS marks string values with (the VPC CNI's env). Those formats are
//   regular expressions, which Ajv inlines into standalone code (no `code.formats` module needed).
// - chart values schemas: Ajv, or Ajv2020 for a 2020-12 schema, `strict: false, allErrors: true,
//   logger: false` (chart schemas use keywords and formats Ajv does not know; they are annotations).
// One Ajv instance per schema, as at run time; schemas whose generated code is the same (the four
// kube-proxy builds 1.32-1.35, coredns 1.13 and 1.14) share one validator file.
'use strict';

const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, sep } = require('node:path');
const Ajv = require('ajv').default;
const Ajv2019 = require('ajv/dist/2019').default;
const Ajv2020 = require('ajv/dist/2020').default;
const draft06 = require('ajv/dist/refs/json-schema-draft-06.json');
const standaloneCode = require('ajv/dist/standalone').default;
const { isDeepStrictEqual } = require('node:util');
const { parse: parseYaml } = require('yaml');

const CONFIGURATION_DIR = join(__dirname, 'upstream', 'eks', 'configuration-schemas');
const CHARTS_DIR = join(__dirname, 'upstream', 'charts');
/** The lookup tables (bundled). */
const OUTPUT = join(__dirname, 'schema-validators.generated.ts');
/** The validator files (read at run time), one per distinct schema. */
const VALIDATORS_DIR = join(__dirname, 'schema-validators');
const COMMAND = 'node modules/addons/schema-codegen.js';

/** Code generation only: none of these change what a validator accepts or the errors it reports. */
const CODE = { source: true, esm: true, optimize: true, lines: true };

/** The Ajv configuration-schema.ts compiled a configuration schema with. */
function configurationAjv(schema) {
  const draft = String(schema.$schema ?? '');
  const options = { strict: false, allErrors: true, code: CODE };
  const ajv = draft.includes('2019-09') ? new Ajv2019(options) : draft.includes('2020-12') ? new Ajv2020(options) : new Ajv(options);
  if (draft.includes('draft-06')) ajv.addMetaSchema(draft06);
  ajv.addFormat('boolean', /^(true|false)$/);
  ajv.addFormat('integer', /^-?\d+$/);
  return ajv;
}

/** The Ajv catalogue/values.ts compiled a chart's values.schema.json with. */
function chartValuesAjv(schema) {
  const options = { strict: false, allErrors: true, logger: false, code: CODE };
  return String(schema.$schema ?? '').includes('2020-12') ? new Ajv2020(options) : new Ajv(options);
}

/** How the header names the Ajv a validator was compiled with. */
function describeAjv(table, ajv) {
  const name = ajv instanceof Ajv2019 ? 'Ajv2019' : ajv instanceof Ajv2020 ? 'Ajv2020' : 'Ajv';
  return table === 'configuration' ? `${name}, strict: false, allErrors: true, formats boolean and integer` : `${name}, strict: false, allErrors: true`;
}

/** Every vendored schema: table, key (as the run-time lookups spell it), file (relative to modules/addons) and text. */
function vendoredSchemas() {
  const out = [];
  for (const file of readdirSync(CONFIGURATION_DIR).sort()) {
    if (!file.endsWith('.json')) continue;
    const match = /^(.+)-(v\d+\.\d+\.\d+-eksbuild\.\d+)\.json$/.exec(file);
    if (!match) throw new Error(`schema-codegen: ${file}: not <addon>-<version>.json`);
    out.push({ table: 'configuration', key: `${match[1]}@${match[2]}`, file: `upstream/eks/configuration-schemas/${file}`, text: readFileSync(join(CONFIGURATION_DIR, file), 'utf8') });
  }
  for (const dir of readdirSync(CHARTS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    const schemaFile = join(CHARTS_DIR, dir, 'values.schema.json');
    if (!existsSync(schemaFile)) continue;
    const { version } = JSON.parse(readFileSync(join(CHARTS_DIR, dir, 'chart.json'), 'utf8'));
    out.push({ table: 'chartValues', key: `${dir}@${version}`, file: `upstream/charts/${dir}/values.schema.json`, text: readFileSync(schemaFile, 'utf8') });
  }
  return out;
}

/**
 * One schema's standalone code as the body of a function of `runtime` that returns its validator:
 * the declarations Ajv emits for a module (schema constants, the validate functions) become locals,
 * and its `require("ajv/dist/runtime/...")` calls become `runtime("ajv/dist/runtime/...")`. Returns
 * the body and the runtime modules it asks for.
 */
function validatorBody(ajv, schema, where) {
  const validate = ajv.compile(schema);
  const code = standaloneCode(ajv, validate);
  const head = /^"use strict";\nexport const validate = (validate\d+);\nexport default \1;\n/.exec(code);
  if (!head) throw new Error(`schema-codegen: ${where}: unexpected standalone code prologue: ${code.slice(0, 120)}`);
  const modules = new Set();
  const body = code.slice(head[0].length).replace(/\brequire\(("ajv\/dist\/runtime\/[\w-]+")\)/g, (_match, name) => {
    modules.add(JSON.parse(name));
    return `runtime(${name})`;
  });
  if (/^\s*(import|export)\b|\brequire\(/m.test(body)) throw new Error(`schema-codegen: ${where}: standalone code has an import, export or require the generator does not handle`);
  return { body: `${body}\nreturn ${head[1]};`, modules };
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/**
 * Every generated file's text, by path relative to modules/addons: schema-validators.generated.ts
 * and schema-validators/<table>/<key>.js (named after the first key of the schemas it serves).
 */
function generate() {
  const files = new Map(); // path -> { keys, body, ajv }
  const bodies = new Map(); // body -> path
  const tables = { configuration: [], chartValues: [] };
  const sources = [];
  const runtimeModules = new Set();
  for (const { table, key, file, text } of vendoredSchemas()) {
    const schema = JSON.parse(text);
    const ajv = table === 'configuration' ? configurationAjv(schema) : chartValuesAjv(schema);
    const { body, modules } = validatorBody(ajv, schema, file);
    for (const name of modules) runtimeModules.add(name);
    let path = bodies.get(body);
    if (!path) {
      path = `schema-validators/${table === 'configuration' ? 'configuration' : 'chart-values'}/${key}.js`;
      bodies.set(body, path);
      files.set(path, { sources: [], body, ajv: describeAjv(table, ajv) });
    }
    const source = `${table}[${JSON.stringify(key)}]: ${file} sha256 ${sha256(text)}`;
    files.get(path).sources.push(source);
    tables[table].push([key, path]);
    sources.push(`// ${source} -> ${path}`);
  }

  const out = new Map();
  for (const [path, { sources: served, body, ajv }] of files) {
    out.set(
      path,
      [
        `// GENERATED by modules/addons/schema-codegen.js: the standalone Ajv validator (${ajv}) of:`,
        ...served.map((source) => `// ${source}`),
        `// Do not edit: run \`${COMMAND}\` after vendoring or refreshing a schema.`,
        '/* eslint-disable */',
        "'use strict';",
        'module.exports = function makeValidator(runtime) {',
        body,
        '};',
        '',
      ].join('\n'),
    );
  }

  const paths = [...files.keys()];
  const table = (entries) => `{\n${entries.map(([key, path]) => ` ${JSON.stringify(key)}: v${paths.indexOf(path)},`).join('\n')}\n}`;
  const runtimeCases = [...runtimeModules].sort().map((name) => `  if (module === ${JSON.stringify(name)}) return require(${JSON.stringify(name)});`);
  out.set(
    'schema-validators.generated.ts',
    [
      '// @ts-nocheck',
      '// GENERATED by modules/addons/schema-codegen.js from the vendored schemas in modules/addons/upstream/:',
      "// lookup tables of the standalone Ajv validators of the EKS add-on configuration schemas and the charts'",
      '// values.schema.json, whose code is in modules/addons/schema-validators/ (read when first used).',
      `// Do not edit: run \`${COMMAND}\` after vendoring or refreshing a schema.`,
      ...sources,
      '/* eslint-disable */',
      "import { join } from 'node:path';",
      "import { projectRoot } from '../shared/project-root';",
      '',
      '/** The Ajv runtime helpers the validators\' code asks for, bundled here (the validator files require nothing). */',
      'function runtime(module) {',
      ...runtimeCases,
      '  throw new Error(`schema validators: no runtime module ${module}: run \\`' + COMMAND + '\\``);',
      '}',
      '',
      '/** A validator file, required (and its code run) when the validator is first asked for. */',
      'function load(file) {',
      '  let validate;',
      "  return () => (validate ??= require(join(projectRoot(), 'modules', 'addons', file))(runtime));",
      '}',
      '',
      ...paths.map((path, index) => `const v${index} = load(${JSON.stringify(path)});`),
      '',
      '/** Configuration schemas by `<addon>@<version>` (the vendored file\'s name): the validator, made on first call. */',
      `export const configuration = ${table(tables.configuration)};`,
      '',
      '/** Chart values.schema.json by `<folder>@<chart version>`: the validator, made on first call. */',
      `export const chartValues = ${table(tables.chartValues)};`,
      '',
    ].join('\n'),
  );
  for (const [path, text] of chartDefaults()) out.set(path, text);
  return out;
}

/**
 * Each vendored chart's values.yaml as JSON, with the hash of the values.yaml it was made from:
 * catalogue/charts.ts reads this instead of parsing the YAML at synth when the hash matches (cilium's
 * 188 KB values.yaml: ~95 ms to parse as YAML, ~6 ms as JSON; the full environment reads eleven).
 */
function chartDefaults() {
  const out = new Map();
  for (const dir of readdirSync(CHARTS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    const file = `upstream/charts/${dir}/values.yaml`;
    const text = readFileSync(join(__dirname, file), 'utf8');
    const values = parseYaml(text) ?? {};
    const json = `${JSON.stringify({ source: `${file} sha256 ${sha256(text)}`, values }, null, 1)}\n`;
    // Only what JSON holds as YAML parsed it (no NaN, Infinity, -0 or dates) may be cached.
    if (!isDeepStrictEqual(JSON.parse(json).values, values)) throw new Error(`schema-codegen: ${file}: its values do not survive JSON; charts.ts must parse it as YAML`);
    out.set(`schema-validators/chart-defaults/${dir}.json`, json);
  }
  return out;
}

/** The generated files as they are on disk (those generate() makes, and any other file in schema-validators/). */
function committed() {
  const out = new Map();
  if (existsSync(OUTPUT)) out.set('schema-validators.generated.ts', readFileSync(OUTPUT, 'utf8'));
  if (existsSync(VALIDATORS_DIR)) {
    for (const entry of readdirSync(VALIDATORS_DIR, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = relative(__dirname, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join('/');
      out.set(path, readFileSync(join(__dirname, path), 'utf8'));
    }
  }
  return out;
}

/** The generated files that differ from (or are missing from, or are stray in) the committed ones. */
function staleFiles(generated = generate(), onDisk = committed()) {
  return [...new Set([...generated.keys(), ...onDisk.keys()])].sort().filter((path) => generated.get(path) !== onDisk.get(path));
}

module.exports = { generate, committed, staleFiles, OUTPUT, VALIDATORS_DIR, COMMAND, configurationAjv, chartValuesAjv };

if (require.main === module) {
  const generated = generate();
  if (process.argv.includes('--check')) {
    const stale = staleFiles(generated);
    if (stale.length) {
      process.stderr.write(`stale generated schema validators (run \`${COMMAND}\`):\n${stale.map((path) => `  modules/addons/${path}\n`).join('')}`);
      process.exit(1);
    }
    process.stdout.write(`schema validators up to date (${generated.size} files)\n`);
  } else {
    rmSync(VALIDATORS_DIR, { recursive: true, force: true });
    let bytes = 0;
    for (const [path, text] of generated) {
      mkdirSync(dirname(join(__dirname, path)), { recursive: true });
      writeFileSync(join(__dirname, path), text);
      bytes += text.length;
    }
    process.stdout.write(`wrote ${generated.size} files under modules/addons/ (${bytes} bytes)\n`);
  }
}
