import { defaultRegistry } from '../../modules';
import { describeModule, listModules, registryCommand, WIDTH } from '../../cli/registry';
import { EXIT } from '../../cli/program';
import { runCli } from '../support/cli';

describe('npm run registry', () => {
  test('list shows every module with version, stack and description', () => {
    const lines = listModules(defaultRegistry).split('\n');
    expect(lines[0]).toMatch(/^MODULE\s+VERSION\s+STACK\s+DESCRIPTION$/);
    expect(lines).toContainEqual(expect.stringMatching(/^vpc\s+1\.0\.0\s+network\s+Multi-AZ VPC/));
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(WIDTH);
  });

  test('list --kind addon shows the catalogue: how each add-on is installed, version, namespace, IAM, within 100 columns', async () => {
    const run = await runCli(registryCommand(), ['list', '--kind', 'addon']);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ADD-ON\s+KIND\s+VERSION\s+NAMESPACE\s+POD IDENTITY POLICY$/);
    expect(lines).toContainEqual(expect.stringMatching(/^external-dns\s+helm\s+1\.21\.1\s+external-dns\s+external-dns$/));
    expect(lines).toContainEqual(expect.stringMatching(/^kube-proxy\s+eks\s+per minor\s+kube-system\s+-$/));
    expect(lines.some((line) => line.startsWith('vpc '))).toBe(false);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(WIDTH);
  });

  test('describe shows each input with its type, default and description, one block per input', () => {
    const text = describeModule(defaultRegistry, 'vpc');
    expect(text).toContain('vpc 1.0.0 (network stack)');
    expect(text).toMatch(/^ {2}cidr: string\n {6}default: "10\.0\.0\.0\/16"\n {6}VPC IPv4 CIDR/m);
    expect(text).toMatch(/^ {2}natGateways: "none" \| "single" \| "one-per-az"\n {6}default: "one-per-az"/m);
    expect(text).toMatch(/^ {2}subnetGroups\[\]\.type: "private" \| "public" \| "intra"\n {6}required/m);
    expect(text).toMatch(/^ {2}flowLogs\.retentionDays: number\n {6}default: 365/m);
    expect(text).toMatch(/^OUTPUTS\n[\s\S]*^ {2}vpcId\n {6}VPC id$/m);
  });

  test.each(defaultRegistry.names())('describe %s fits %d columns and keeps every default whole', (name) => {
    const text = describeModule(defaultRegistry, name);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(WIDTH);
    // Defaults are never clipped: each one appears, possibly wrapped at spaces, in full.
    const flat = text.replace(/\n {6}/g, ' ').replace(/\s+/g, ' ');
    for (const input of JSON.parse(JSON.stringify(require('../../cli/registry').moduleDescription(defaultRegistry.get(name)).inputs)) as { defaultValue?: string }[]) {
      if (input.defaultValue && !input.defaultValue.includes(' ') && input.defaultValue.length < WIDTH - 20) expect(flat).toContain(input.defaultValue);
    }
  });

  test('describe --json gives the inputs and outputs as data', async () => {
    const run = await runCli(registryCommand(), ['describe', 'vpc', '--json']);
    expect(run.code).toBe(EXIT.ok);
    const parsed = JSON.parse(run.stdout) as { name: string; inputs: { path: string; defaultValue?: string }[]; outputs: Record<string, string> };
    expect(parsed.name).toBe('vpc');
    expect(parsed.inputs).toContainEqual(expect.objectContaining({ path: 'cidr', defaultValue: '"10.0.0.0/16"' }));
    expect(parsed.outputs.vpcId).toBe('VPC id');
  });

  test('describe of an unknown module is a usage error suggesting the closest', async () => {
    const run = await runCli(registryCommand(), ['describe', 'vcp']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/^error: unknown module "vcp" \(did you mean "vpc"\?\); modules: /);
  });

  test('an unknown subcommand suggests the closest', async () => {
    const run = await runCli(registryCommand(), ['lsit']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain("error: unknown command 'lsit'\n(Did you mean list?)");
  });

  test('schema --check passes on the committed file', async () => {
    const run = await runCli(registryCommand(), ['schema', '--check']);
    expect(run).toEqual({ code: EXIT.ok, stdout: 'stacks/environments/schema.json is up to date\n', stderr: '' });
  });
});
