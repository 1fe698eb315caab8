/**
 * Property: whatever a user does to the shipped dev spec, synthesis either succeeds and writes a
 * full output, or fails with our SpecError/PlatformError whose every line names the file and a
 * field path, leaving the previous output untouched (atomic synth, no staging folder left behind).
 * Seeded, so a failure reproduces: fast-check prints the seed and the shrunk counterexample.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { PlatformError, SpecError } from '../../modules';
import { parseEnvironmentYaml } from '../../stacks/load';
import { synthEnvironments } from '../../stacks/synth';

const FILE = 'stacks/environments/dev.yaml';
const DEV = parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
const RUNS = Number(process.env.SPEC_MUTATION_RUNS ?? 200);
const SEED = Number(process.env.SPEC_MUTATION_SEED ?? 20261127);

type Spec = Record<string, unknown>;
type Path = (string | number)[];
interface Mutation {
  readonly kind: string;
  readonly describe: string;
  apply(spec: Spec): void;
}

/** Every path into the spec, leaves and containers, e.g. ['vpc', 'subnetGroups', 1, 'prefixLength']. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [...(prefix.length ? [prefix] : []), ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}
const PATHS = pathsOf(DEV);
const NUMBER_PATHS = PATHS.filter((p) => typeof at(DEV, p) === 'number');
const MODULES = Object.keys(DEV).filter((k) => !['description', 'region', 'accountId', 'tags', 'backend'].includes(k));

function at(spec: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), spec);
}
function setAt(spec: Spec, path: Path, value: unknown): void {
  const parent = at(spec, path.slice(0, -1));
  if (parent && typeof parent === 'object') (parent as Record<string | number, unknown>)[path[path.length - 1]] = value;
}
function deleteAt(spec: Spec, path: Path): void {
  const parent = at(spec, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else if (parent && typeof parent === 'object') delete (parent as Record<string | number, unknown>)[key];
}
const show = (path: Path) => path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('').slice(1);

const wrongType = fc.record({ path: fc.constantFrom(...PATHS), value: fc.constantFrom<unknown>('text', 42, -1.5, true, null, [], ['x'], {}, { a: 1 }) }).map(
  ({ path, value }): Mutation => ({ kind: 'wrong type', describe: `${show(path)} = ${JSON.stringify(value)}`, apply: (s) => setAt(s, path, value) }),
);
const outOfRange = fc.record({ path: fc.constantFrom(...NUMBER_PATHS), value: fc.oneof(fc.constantFrom(0, -1, 1.5, 1e9, 65536, 737, 738, 2, 29), fc.integer({ min: -100, max: 10_000 })) }).map(
  ({ path, value }): Mutation => ({ kind: 'out-of-range number', describe: `${show(path)} = ${value}`, apply: (s) => setAt(s, path, value) }),
);
const badCidr = fc.constantFrom('10.0.0.0/33', '300.1.2.3/16', '10.0.0.0', 'ten.0.0.0/16', '10.0.0.1/16', '10.0.0.0/8', '10.0.0.0/28', '0.0.0.0/0', '').map(
  (cidr): Mutation => ({ kind: 'malformed or unusable CIDR', describe: `vpc.cidr = ${JSON.stringify(cidr)}`, apply: (s) => setAt(s, ['vpc', 'cidr'], cidr) }),
);
const overlappingCidrs = fc
  .record({ group: fc.constantFrom(0, 1, 2), cidrs: fc.constantFrom(['10.0.0.0/19', '10.0.0.0/19', '10.0.32.0/19'], ['10.0.0.0/19', '10.0.16.0/20', '10.0.64.0/19'], ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'], ['10.1.0.0/24', '10.1.1.0/24', '10.1.2.0/24'], ['10.0.0.0/19', '10.0.32.0/19']) })
  .map(({ group, cidrs }): Mutation => ({
    kind: 'overlapping or misplaced subnet CIDRs',
    describe: `vpc.subnetGroups[${group}].cidrs = ${JSON.stringify(cidrs)}`,
    apply: (s) => {
      const g = at(s, ['vpc', 'subnetGroups', group]) as Record<string, unknown> | undefined;
      if (!g || typeof g !== 'object') return; // an earlier mutation removed or replaced the group
      delete g.prefixLength;
      g.cidrs = cidrs;
    },
  }));
const unknownModule = fc.constantFrom('vcp', 'ekss', 'karpentr', 'coredns-x', 'my-module').map((name): Mutation => ({ kind: 'unknown module', describe: `${name}: {}`, apply: (s) => void (s[name] = {}) }));
const unknownField = fc.record({ path: fc.constantFrom<Path>([], ['vpc'], ['eks'], ['eks', 'systemNodeGroup'], ['vpc', 'flowLogs'], ['backend'], ['vpc', 'subnetGroups', 0]), key: fc.constantFrom('cdir', 'regoin', 'extra', 'minsize', 'retentionDay') }).map(
  ({ path, key }): Mutation => ({ kind: 'unknown field', describe: `${show([...path, key])} = 1`, apply: (s) => setAt(s, [...path, key], 1) }),
);
const removedModule = fc.constantFrom(...MODULES).map((name): Mutation => ({ kind: 'removed module (dependency)', describe: `delete ${name}`, apply: (s) => void delete s[name] }));
const deletedField = fc.constantFrom(...PATHS.filter((p) => p.length <= 3)).map((path): Mutation => ({ kind: 'deleted field', describe: `delete ${show(path)}`, apply: (s) => deleteAt(s, path) }));
const harmless = fc.constantFrom<[string, unknown]>(['description', 'changed'], ['tags', { team: 'x' }], ['kubernetesAuth', 'token']).map(([key, value]): Mutation => ({ kind: 'valid change', describe: `${key} = ${JSON.stringify(value)}`, apply: (s) => void (s[key] = value) }));

const mutation = fc.oneof(wrongType, outOfRange, badCidr, overlappingCidrs, unknownModule, unknownField, removedModule, deletedField, harmless);

/** An error line: the file, then a field path (`vpc.subnetGroups[1].cidrs[0]`), then the problem. */
const ISSUE_LINE = /^stacks\/environments\/dev\.yaml: [A-Za-z$][\w$-]*(\.[\w$-]+|\[\d+\])*: \S/;

describe('mutations of the shipped dev spec', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'spec-mutations-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test(`synthesize fully or fail with a spec error naming file and field, output untouched (${RUNS} seeded cases)`, async () => {
    const kinds = new Map<string, number>();
    const outcomes = { synthesized: 0, rejected: 0 };
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 2 }), async (mutations) => {
        const spec = structuredClone(DEV);
        for (const m of mutations) m.apply(spec);
        const outdir = join(scratch, String(++n), 'cdktf.out');
        mkdirSync(outdir, { recursive: true });
        writeFileSync(join(outdir, 'previous-output.txt'), 'the previous synth');
        try {
          const parsed = parseEnvironmentYaml(stringify(spec), FILE);
          const result = await synthEnvironments([parsed], outdir);
          outcomes.synthesized++;
          expect(existsSync(join(outdir, 'previous-output.txt'))).toBe(true); // other content of the folder is left alone
          const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
          expect(Object.keys(manifest.stacks).sort()).toEqual([...result.stackNames].sort());
          for (const stack of result.stackNames) expect(JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'))).toHaveProperty('terraform');
        } catch (error) {
          if (!(error instanceof PlatformError)) throw new Error(`${mutations.map((m) => m.describe).join('; ')}: threw ${(error as Error).constructor.name}: ${(error as Error).message}`);
          else {
            outcomes.rejected++;
            expect(error).toBeInstanceOf(SpecError);
            for (const line of error.message.split('\n')) expect(line).toMatch(ISSUE_LINE);
          }
          expect(readdirSync(outdir)).toEqual(['previous-output.txt']);
          expect(readFileSync(join(outdir, 'previous-output.txt'), 'utf8')).toBe('the previous synth');
        }
        expect(readdirSync(dirname(outdir)).filter((f) => f !== basename(outdir))).toEqual([]);
        for (const m of mutations) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
        rmSync(dirname(outdir), { recursive: true, force: true });
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    console.log(
      `spec mutations: ${n} cases (seed ${SEED}): ${outcomes.synthesized} synthesized, ${outcomes.rejected} rejected; classes: ${[...kinds]
        .sort()
        .map(([k, c]) => `${k} ${c}`)
        .join(', ')}`,
    );
    expect(kinds.size).toBe(9);
  });

  // Found by this test: a value its field rejects once reached a cross-field check and escaped as
  // a raw ipaddr.js Error. Cross-field checks now run only on field-valid inputs (withProblems).
  test('a prefixLength far out of range is a SpecError naming vpc.subnetGroups[1].prefixLength', () => {
    const spec = structuredClone(DEV);
    setAt(spec, ['vpc', 'subnetGroups', 1, 'prefixLength'], 4998);
    expect(() => parseEnvironmentYaml(stringify(spec), FILE)).toThrow('stacks/environments/dev.yaml: vpc.subnetGroups[1].prefixLength: expected a number <= 28, got 4998');
  });
});
