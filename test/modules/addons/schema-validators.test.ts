// The generated schema validators (modules/addons/schema-codegen.js): that the committed files are
// what the generator makes of the vendored schemas today, and that they judge documents exactly as an
// Ajv compile at run time did before them (same verdicts, same error objects), so the add-on
// configuration and chart values checks did not change when compilation moved out of synth.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { chartFacts, chartValueProblems } from '../../../modules/addons/catalogue';
import { configurationProblems, configurationSchemaFor } from '../../../modules/addons/configuration-schema';
import { chartValues, configuration } from '../../../modules/addons/schema-validators.generated';

const ADDONS = join(__dirname, '../../../modules/addons');
const CONFIGURATION_DIR = join(ADDONS, 'upstream/eks/configuration-schemas');
const CHARTS_DIR = join(ADDONS, 'upstream/charts');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const codegen = require(join(ADDONS, 'schema-codegen.js')) as { generate(): Map<string, string>; staleFiles(): string[]; COMMAND: string };

type Json = Record<string, unknown>;
interface Validator {
  (data: unknown): boolean;
  errors?: unknown[] | null;
}
const tables = { configuration, chartValues } as unknown as Record<'configuration' | 'chartValues', Record<string, () => Validator>>;

/** The Ajv configuration-schema.ts compiled a configuration schema with before the validators were generated. */
function runtimeConfigurationValidator(schema: Json): Validator {
  const draft = String(schema.$schema ?? '');
  const ajv = draft.includes('2019-09') ? new Ajv2019({ strict: false, allErrors: true }) : draft.includes('2020-12') ? new Ajv2020({ strict: false, allErrors: true }) : new Ajv({ strict: false, allErrors: true });
  if (draft.includes('draft-06')) ajv.addMetaSchema(draft06);
  ajv.addFormat('boolean', /^(true|false)$/);
  ajv.addFormat('integer', /^-?\d+$/);
  return ajv.compile(schema);
}

/** The Ajv catalogue/values.ts compiled a chart's values.schema.json with before. */
function runtimeChartValidator(schema: Json): Validator {
  const ajv = String(schema.$schema ?? '').includes('2020-12') ? new Ajv2020({ strict: false, allErrors: true, logger: false }) : new Ajv({ strict: false, allErrors: true, logger: false });
  return ajv.compile(schema);
}

const vendoredConfigurations = () =>
  readdirSync(CONFIGURATION_DIR)
    .map((file) => /^(.+)-(v\d+\.\d+\.\d+-eksbuild\.\d+)\.json$/.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, addon, version]) => ({ addon: addon!, version: version! }));
const chartsWithSchema = () => readdirSync(CHARTS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory() && chartFacts(e.name).schema).map((e) => e.name);

/** A node's properties, through a local `$ref` (EKS's draft-06 schemas are `{"$ref": "#/definitions/X"}`). */
function propertiesOf(root: Json, node: Json): Json {
  if (typeof node.$ref === 'string') node = (node.$ref as string).slice(2).split('/').reduce<Json>((n, part) => n[part] as Json, root);
  return (node.properties as Json | undefined) ?? {};
}

/**
 * Documents that exercise a schema: valid ones (`base`: {} or the chart's defaults), and ones breaking
 * it in the ways the modules report: an unknown key, at the root and one level down, and each
 * top-level property given a value of each JSON type, which breaks its type, enum, format or range
 * where it has one.
 */
function documents(schema: Json, base: Json): unknown[] {
  const out: unknown[] = [base, { ...base, 'not-a-key': true }, {}, null, 'text', []];
  for (const [key, property] of Object.entries(propertiesOf(schema, schema))) {
    for (const value of [12.5, -3, 'x', 'true', true, null, [1, 'a'], { 'not-a-key': 1 }]) out.push({ [key]: value });
    for (const name of Object.keys(propertiesOf(schema, property as Json)).slice(0, 5)) out.push({ [key]: { [name]: 'x' } }, { [key]: { [name]: 7 } });
  }
  return out;
}

// Neither validator changes the document (no useDefaults, removeAdditional or coerceTypes).
const verdict = (validate: Validator, document: unknown) => {
  const valid = validate(document);
  return { valid, errors: valid ? null : validate.errors };
};

describe('the generated schema validators are the vendored schemas', () => {
  test(`the committed schema-validators.generated.ts and schema-validators/ are what schema-codegen.js makes of upstream/ today (run \`${codegen.COMMAND}\` after vendoring a schema)`, () => {
    expect(codegen.staleFiles()).toEqual([]);
  });

  test('every vendored configuration schema and chart values.schema.json has a validator, and nothing else has', () => {
    expect(Object.keys(configuration).sort()).toEqual(vendoredConfigurations().map(({ addon, version }) => `${addon}@${version}`).sort());
    expect(Object.keys(chartValues).sort()).toEqual(chartsWithSchema().map((dir) => `${dir}@${chartFacts(dir).version}`).sort());
    expect(chartsWithSchema()).toEqual(expect.arrayContaining(['cert-manager', 'cilium', 'external-dns', 'external-secrets', 'velero']));
  });
});

describe('the generated validators judge documents as a run-time Ajv compile does', () => {
  test.each(vendoredConfigurations().map(({ addon, version }) => [addon, version]))('configuration schema %s %s', (addon, version) => {
    const { schema } = configurationSchemaFor(addon!, version!)!;
    const runtime = runtimeConfigurationValidator(schema);
    const generated = tables.configuration[`${addon}@${version}`]!();
    const cases = documents(schema, {});
    expect(cases.filter((document) => !runtime(document)).length).toBeGreaterThan(0);
    for (const document of cases) expect(verdict(generated, document)).toEqual(verdict(runtime, document));
  });

  test.each(chartsWithSchema())('chart %s values.schema.json', (dir) => {
    const facts = chartFacts(dir);
    const runtime = runtimeChartValidator(facts.schema!);
    const generated = tables.chartValues[`${dir}@${facts.version}`]!();
    const cases = documents(facts.schema!, facts.values);
    expect(verdict(runtime, facts.values)).toEqual({ valid: true, errors: null });
    expect(cases.filter((document) => !runtime(document)).length).toBeGreaterThan(0);
    for (const document of cases) expect(verdict(generated, document)).toEqual(verdict(runtime, document));
  });

  test('the formats EKS marks string values with (the VPC CNI\'s env) are enforced, with Ajv\'s message', () => {
    const validate = tables.configuration['vpc-cni@v1.22.3-eksbuild.1']!();
    expect(validate({ env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' } })).toBe(true);
    expect(validate({ env: { ENABLE_PREFIX_DELEGATION: 'yes', WARM_PREFIX_TARGET: 'one' } })).toBe(false);
    expect(validate.errors).toEqual([
      expect.objectContaining({ instancePath: '/env/ENABLE_PREFIX_DELEGATION', keyword: 'format', params: { format: 'boolean' }, message: 'must match format "boolean"' }),
      expect.objectContaining({ instancePath: '/env/WARM_PREFIX_TARGET', keyword: 'format', params: { format: 'integer' }, message: 'must match format "integer"' }),
    ]);
  });
});

describe('the checks that use them', () => {
  test('an unknown key in the VPC CNI configuration', () => {
    expect(configurationProblems('vpc-cni', 'v1.22.3-eksbuild.1', { env: { ENABLE_PREFIX_DELEGATION: 'true', NOT_A_VARIABLE: '1' } })).toEqual([
      { path: ['env', 'NOT_A_VARIABLE'], message: 'configuration key "env.NOT_A_VARIABLE" is not in the vpc-cni v1.22.3-eksbuild.1 configuration schema (EKS would refuse the add-on)' },
    ]);
  });

  test('a value of the wrong type in cert-manager\'s values', () => {
    expect(chartValueProblems(chartFacts('cert-manager'), {}, { replicaCount: 'two' })).toEqual([
      { path: ['values', 'replicaCount'], message: 'replicaCount must be number (chart cert-manager v1.21.1 values.schema.json)' },
    ]);
  });

  test('a vendored schema without a generated validator is a programming error, not a pass', () => {
    jest.isolateModules(() => {
      jest.doMock('../../../modules/addons/schema-validators.generated', () => ({ configuration: {}, chartValues: {} }));
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { configurationProblems: problems } = require('../../../modules/addons/configuration-schema') as typeof import('../../../modules/addons/configuration-schema');
      const { chartValueProblems: valueProblems } = require('../../../modules/addons/catalogue/values') as typeof import('../../../modules/addons/catalogue/values');
      /* eslint-enable @typescript-eslint/no-require-imports */
      expect(() => problems('vpc-cni', 'v1.22.3-eksbuild.1', {})).toThrow(/no generated validator for the vendored configuration schema vpc-cni-v1\.22\.3-eksbuild\.1\.json: run `node modules\/addons\/schema-codegen\.js`/);
      expect(() => valueProblems(chartFacts('velero'), {}, {})).toThrow(/no generated validator for the vendored values\.schema\.json of chart velero 12\.1\.0 .*: run `node modules\/addons\/schema-codegen\.js`/);
      // No vendored schema for the build: nothing to check, as before.
      expect(problems('no-such-addon', 'v1.0.0-eksbuild.1', { anything: true })).toEqual([]);
    });
    jest.dontMock('../../../modules/addons/schema-validators.generated');
  });
});
