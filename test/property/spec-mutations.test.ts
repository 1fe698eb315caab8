/**
 * Property: whatever a user writes in an environment spec (a mutated dev or prod spec, its raw YAML
 * bent out of shape, or a spec generated from the registry's JSON Schema), it is either rejected
 * with a SpecError whose every line names the file and a field path (or a YAML problem), leaving
 * the previous output untouched, or it synthesizes, replacing only its own stacks, into stacks that
 * pass offline validation (`npm run validate`); policy findings count as the waiver it would need.
 *
 * This is a fixed-seed sample of `npm run fuzz` (cli/fuzz/), run in-process: a failure here
 * reproduces with `npm run fuzz -- --seed <SEED> --case <index>` (the message prints the command). The other tests pin failures the
 * fuzzer found in itself (its generators and oracle) and the regression found earlier in the modules;
 * what it found in the modules and the loader is pinned in fuzz-findings.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { defaultRegistry, inputJsonSchema, InternalError, SpecError } from '../../modules';
import { parseEnvironmentYaml } from '../../stacks/load';
import { CASE_KINDS, caseAt, kindAt, SCHEDULE } from '../../cli/fuzz/cases';
import { makeCoherent } from '../../cli/fuzz/coherence';
import { loadCorpus } from '../../cli/fuzz/corpus';
import { hintsFor } from '../../cli/fuzz/hints';
import { arbitraryOf, nonConformance, type JsonSchema } from '../../cli/fuzz/json-schema';
import { namesPlace, rejectionProblems, runCase, type CaseResult } from '../../cli/fuzz/oracle';
import { specSchema } from '../../cli/fuzz/schema-cases';
import { reproduce } from '../../cli/fuzz/tally';

/**
 * The sample: from one round of the kind schedule (its first SCHEDULE.length cases, which hold every
 * kind), the first PER_KIND cases of each kind; about 75 cases, some 6 s of CPU.
 */
const SEED = Number(process.env.FUZZ_SAMPLE_SEED ?? 4);
const PER_KIND = Number(process.env.FUZZ_SAMPLE_PER_KIND ?? 2);
const SAMPLE = (() => {
  const taken = new Map<string, number>();
  return Array.from({ length: SCHEDULE.length }, (_, index) => index).filter((index) => {
    const kind = kindAt(SEED, index).name;
    taken.set(kind, (taken.get(kind) ?? 0) + 1);
    return taken.get(kind)! <= PER_KIND;
  });
})();
const FILE = 'stacks/environments/dev.yaml';
const DEV = parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;

describe('fuzz sample', () => {
  let scratch: string;
  // cdktf records the stack trace of every token it creates, only to print it if the token later
  // fails to resolve (an error the sample reports anyway). Jest maps each frame through source
  // maps, which was two thirds of the sample's time, so the traces are left empty here. (cdktf is
  // loaded by test/setup.ts before jest.mock could apply; its modules read this export per call.)
  const stackTraces = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: () => string[] };
  const captureStackTrace = stackTraces.captureStackTrace;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'fuzz-sample-'));
    stackTraces.captureStackTrace = () => [];
  });
  afterAll(() => {
    stackTraces.captureStackTrace = captureStackTrace;
    rmSync(scratch, { recursive: true, force: true });
  });

  test(`${SAMPLE.length} cases of seed ${SEED}: each rejected properly or synthesized into valid stacks, every kind exercised`, async () => {
    const results: CaseResult[] = [];
    for (const index of SAMPLE) results.push(await runCase(caseAt(SEED, index), scratch));
    const failures = results.filter((r) => r.outcome === 'failed').map((r) => `case ${r.index} (${r.kind}): ${r.description}\n${r.failure}\nreproduce: ${reproduce(SEED, r.index)}`);
    expect(failures).toEqual([]);
    expect(new Set(results.map((r) => r.kind))).toEqual(new Set(CASE_KINDS.map((k) => k.name)));
    const count = (outcome: CaseResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
    // Both ways out are exercised, and a fair share goes all the way through synthesis.
    expect(count('rejected')).toBeGreaterThan(SAMPLE.length / 4);
    expect(count('synthesized') + count('findings')).toBeGreaterThan(SAMPLE.length / 6);
  });

  // Found by this test: a value its field rejects once reached a cross-field check and escaped as
  // a raw ipaddr.js Error. Cross-field checks now run only on field-valid inputs (withProblems).
  test('a prefixLength far out of range is a SpecError naming vpc.subnetGroups[1].prefixLength', () => {
    const spec = structuredClone(DEV) as { vpc: { subnetGroups: Record<string, unknown>[] } };
    spec.vpc.subnetGroups[1].prefixLength = 4998;
    expect(() => parseEnvironmentYaml(stringify(spec), FILE)).toThrow('stacks/environments/dev.yaml: vpc.subnetGroups[1].prefixLength: expected a number <= 28, got 4998');
  });
});

describe('the fuzzer itself', () => {
  const corpus = loadCorpus();

  test('case i of a seed is the same whichever cases were built before it (workers split index ranges)', () => {
    const inOrder = [0, 1, 2, 3, 4, 5].map((i) => caseAt(77, i).text);
    const reversed = [5, 4, 3, 2, 1, 0].map((i) => caseAt(77, i).text).reverse();
    expect(reversed).toEqual(inOrder);
    expect(new Set(inOrder).size).toBe(inOrder.length);
  });

  test('any SCHEDULE.length consecutive cases hold every kind', () => {
    for (const offset of [0, 17, SCHEDULE.length - 1]) {
      const kinds = new Set(Array.from({ length: SCHEDULE.length }, (_, i) => SCHEDULE[(i + offset) % SCHEDULE.length].name));
      expect(kinds.size).toBe(CASE_KINDS.length);
    }
  });

  // Found by the fuzzer: strings generated for a `pattern` were cut to 24 characters, so "valid"
  // KMS key ARNs were rejected as malformed.
  test('strings generated from a pattern match it, however long', () => {
    const pattern = '^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key|alias)\\/.+$';
    for (const value of fc.sample(arbitraryOf({ type: 'string', pattern }), { seed: 1, numRuns: 200 })) expect(value).toMatch(new RegExp(pattern));
  });

  test('values generated without hints conform to each module schema', () => {
    for (const definition of defaultRegistry.list()) {
      const schema = inputJsonSchema(definition) as JsonSchema;
      for (const value of fc.sample(arbitraryOf(schema), { seed: 2, numRuns: 30 })) expect(nonConformance(value, schema)).toBeUndefined();
    }
  });

  // Found by the fuzzer: the hint for lists of subnet group names (`…subnetGroups[]`) also matched
  // the items of vpc.subnetGroups, which are objects, so most generated VPCs were malformed.
  test("every usual value of the hint table conforms to the schema where it applies", () => {
    const root = specSchema();
    const checked: string[] = [];
    const walk = (schema: JsonSchema, path: string, hints: ReturnType<typeof hintsFor>) => {
      const hint = hints(path);
      if (hint) {
        const values = Array.isArray(hint.usual) ? (hint.usual as unknown[]) : fc.sample(hint.usual as fc.Arbitrary<unknown>, { seed: 3, numRuns: 20 });
        for (const value of values) expect({ path, problem: nonConformance(value, schema, path) }).toEqual({ path, problem: undefined });
        checked.push(path);
      }
      for (const [key, sub] of Object.entries(schema.properties ?? {})) walk(sub, path ? `${path}.${key}` : key, hints);
      for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) walk(branch, path, () => undefined);
      if (schema.items) walk(schema.items, `${path}[]`, hints);
      if (typeof schema.additionalProperties === 'object' && !schema.properties) walk(schema.additionalProperties, `${path}{}`, hints);
      if (schema.propertyNames) walk(schema.propertyNames, `${path}{key}`, hints);
    };
    for (const base of Object.values(corpus)) walk(root, '', hintsFor(base));
    expect(checked).toEqual(expect.arrayContaining(['vpc.subnetGroups', 'eks.nodeGroups[].subnetGroups[]', 'pod-identity.roles[].policy', 'karpenter.nodePools[].name']));
  });

  // Found by the fuzzer: the cross-field fixes added a cluster named after the environment to
  // vpc.clusters when the existing one had no name (which means exactly that cluster).
  test('making a valid spec coherent keeps it valid', () => {
    for (const base of Object.values(corpus)) {
      const spec = structuredClone(base.spec);
      makeCoherent(spec, base);
      expect(() => parseEnvironmentYaml(stringify(spec), base.file)).not.toThrow();
    }
  });

  test('the oracle accepts a field path through keys with dots and refuses one that names no place', () => {
    const document = { tags: { 'example.com/tier': 'x' }, eks: { nodeGroups: [{ name: 'a' }] } };
    const schema = specSchema();
    expect(namesPlace(document, schema, 'tags.example.com/tier', true)).toBe(true);
    expect(namesPlace(document, schema, 'eks.nodeGroups[0].name', true)).toBe(true);
    expect(namesPlace(document, schema, 'eks.nodeGroups[0].minSize', true)).toBe(true); // defaulted, in the schema
    expect(namesPlace(document, schema, 'eks.systemNodeGroup.minSize', true)).toBe(true);
    expect(namesPlace(document, schema, 'eks.unknownField', true)).toBe(true); // one unknown key is a place
    expect(namesPlace(document, schema, 'eks.no.such.place', true)).toBe(false);
    expect(namesPlace(document, schema, 'eks.nodeGroups.name', true)).toBe(false);
    // Odd keys are quoted in spec errors (joinPath): found by the 10,000-case run after quoting began.
    const odd = { karpenter: { nodePools: [{ labels: { '53.p v15': 'x' } }] }, eks: { 'spot\u0003Role': true } };
    expect(namesPlace(odd, schema, 'karpenter.nodePools[0].labels."53.p v15"', true)).toBe(true);
    expect(namesPlace(odd, schema, 'eks."spot\\u0003Role"', true)).toBe(true);
    expect(namesPlace(odd, schema, 'eks."a.b"', true)).toBe(true); // one unknown (quoted) key
    expect(namesPlace(odd, schema, 'eks."a".b', true)).toBe(false);
  });

  test('the oracle refuses other errors, multi-line issues and problems without a field path', () => {
    const fuzzCase = { file: FILE, text: 'vpc: {}\n' };
    expect(rejectionProblems(new Error('boom'), fuzzCase)).toEqual(['parsing threw Error: boom']);
    expect(rejectionProblems(new InternalError('building', new Error('x')), fuzzCase)[0]).toMatch(/^parsing threw InternalError/);
    expect(rejectionProblems(new SpecError(FILE, [{ path: 'vpc.cidr', message: 'bad' }]), fuzzCase)).toEqual([]);
    expect(rejectionProblems(new SpecError(FILE, [{ path: '', message: 'YAML syntax: bad' }]), fuzzCase)).toEqual([]);
    // SpecError itself escapes line breaks now (formatIssue), so a split message is made by hand.
    expect(rejectionProblems(new SpecError(FILE, [{ path: 'vpc.cidr', message: 'two\nlines' }]), fuzzCase)).toEqual([]);
    const split = Object.defineProperty(new SpecError(FILE, [{ path: 'vpc.cidr', message: 'x' }]), 'message', { value: `${FILE}: vpc.cidr: two\nlines` });
    expect(rejectionProblems(split, fuzzCase)).toEqual([expect.stringMatching(/spans lines/), expect.stringMatching(/does not start with the file/)]);
    expect(rejectionProblems(new SpecError(FILE, [{ path: '', message: 'something is wrong' }]), fuzzCase)).toEqual([expect.stringMatching(/^names no field path/)]);
    expect(rejectionProblems(new SpecError('other.yaml', [{ path: 'vpc', message: 'x' }]), fuzzCase)[0]).toMatch(/names the file "other.yaml"/);
  });
});
