/**
 * What `npm run fuzz` found outside itself, each pinned as the error a user now gets: one line per
 * problem, each naming the file and a field path, and nothing raw (a RangeError, a DataCloneError,
 * a TypeError or an internal error halfway through synthesis).
 */
import { SpecError } from '../../modules';
import { parseEnvironmentYaml } from '../../stacks/load';
import { synthParsed } from '../support/synth';

const FILE = 'stacks/environments/fuzz.yaml';
const BASE = 'region: eu-west-1\naccountId: "123456789012"\n';
const CLUSTER = `${BASE}vpc: {}\neks: { admins: [arn:aws:iam::123456789012:role/admin] }\neks-pod-identity-agent: {}\n`;

/** The lines of the SpecError parsing (and, if that passes, synthesizing) `yaml` throws. */
function problemLines(yaml: string): string[] {
  let error: unknown;
  try {
    synthParsed(parseEnvironmentYaml(yaml, FILE));
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(SpecError);
  const lines = (error as SpecError).message.split('\n');
  for (const line of lines) expect(line.startsWith(`${FILE}: `)).toBe(true);
  return lines;
}

describe('found by the fuzzer: a spec error, one line per problem, never a raw error', () => {
  test('thousands of nesting levels overflow the YAML parser: a YAML problem, not a RangeError', () => {
    expect(problemLines(`${'- '.repeat(5000)}x\n  y: 1\n`)).toEqual([`${FILE}: YAML: nested too deeply to read (thousands of levels); a spec needs a handful`]);
  });

  test('a `!!merge` tag on a plain value (the symbol <<) is refused where it is, not cloned', () => {
    expect(problemLines(`${BASE}vpc: {}\neks: { deletionProtection: !!merge false }\n`)).toEqual([
      `${FILE}: eks.deletionProtection: YAML: a \`!!merge\` (\`<<\`) tag on a value; merge keys take a mapping or an alias to one`,
    ]);
  });

  test('an alias inside the node it names (a circular structure) is refused, not printed or walked forever', () => {
    expect(problemLines(`${BASE}vpc: {}\neks: &a { kubernetesVersion: *a }\n`)).toEqual([
      `${FILE}: eks.kubernetesVersion: YAML: an alias inside the node its anchor names (a circular structure); a spec must be a tree`,
    ]);
  });

  test('an empty module key is shown quoted as its path', () => {
    const [line] = problemLines(`${BASE}vpc: {}\n"": {}\n`);
    expect(line).toMatch(new RegExp(`^${FILE}: "": unknown module; registered modules: `));
  });

  test('a key with a line break is quoted and escaped in the path, keeping the problem on one line', () => {
    expect(problemLines(`${BASE}vpc: { "line\\nbreak": 1 }\n`)[0]).toMatch(/^stacks\/environments\/fuzz\.yaml: vpc\."line\\nbreak": unknown field/);
  });

  test('an odd pinned module name is quoted in the path like every other key', () => {
    expect(problemLines(`${CLUSTER}moduleVersions: { "\u{f9afd}v.": 1 }\n`)[0]).toMatch(/^stacks\/environments\/fuzz\.yaml: moduleVersions\."\u{f9afd}v\.": pins a module this environment does not use/u);
  });

  test('a value with a line break is escaped in the message', () => {
    expect(problemLines(`${BASE}vpc: { cidr: "10.0.0.0/16\\nx" }\n`)).toEqual([`${FILE}: vpc.cidr: "10.0.0.0/16\\nx" is not a valid IPv4 CIDR (expected a.b.c.d/n, e.g. "10.0.0.0/16")`]);
  });

  test('a megabyte scalar is cut in the message, not printed whole', () => {
    const [line] = problemLines(`${BASE}vpc: { cidr: "${'x'.repeat(1_000_000)}" }\n`);
    expect(line.length).toBeLessThan(300);
    expect(line).toContain('(1000000 characters)');
  });

  test('an interface endpoint listed twice is refused at the repeat (it would be two resources named "logs")', () => {
    expect(problemLines(`${BASE}vpc: { endpoints: { interface: [logs, sts, logs] } }\n`)).toEqual([`${FILE}: vpc.endpoints.interface[2]: "logs" is listed twice (also at [0]); list each once`]);
  });

  test('a catalogue add-on\'s policy options are judged with its inputs, at the input that gave them', () => {
    expect(problemLines(`${CLUSTER}velero: { bucketName: acme-velero-backups, kmsKeyArns: [not-an-arn] }\n`)).toEqual([
      expect.stringMatching(/^stacks\/environments\/fuzz\.yaml: velero\.kmsKeyArns\[0\]: expected .*KMS key ARN.*, got "not-an-arn"$/),
    ]);
    expect(problemLines(`${CLUSTER}external-secrets: { parameterPathPrefixes: [/] }\n`)).toEqual([expect.stringMatching(/^stacks\/environments\/fuzz\.yaml: external-secrets\.parameterPathPrefixes\[0\]: expected .*, got "\/"$/)]);
  });

  test('a managed policy listed twice on a Pod Identity role is refused (its migration would move one address to two)', () => {
    const arn = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
    expect(problemLines(`${CLUSTER}pod-identity: { roles: [{ policy: efs-csi-driver, managedPolicyArns: [${arn}, ${arn}] }] }\n`)).toEqual([
      `${FILE}: pod-identity.roles[0].managedPolicyArns[1]: "${arn}" is listed twice (also at [0]); list each once`,
    ]);
  });
});
