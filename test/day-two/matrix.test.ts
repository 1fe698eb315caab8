/**
 * docs/day-two.md against the code, cheaply: it lists every input of every registered module (the
 * registry is the list), and a handful of representative rows, recomputed end to end, are the rows
 * the document has. The whole matrix (a synthesis per input) is `npm run day-two -- --check`.
 */
import { readFileSync } from 'node:fs';
import { defaultRegistry } from '../../modules';
import { DayTwoMatrix, matrixInputs, type MatrixRow } from '../../cli/day-two/matrix';
import { DOC_PATH, documentedInputs, renderRow } from '../../cli/day-two/render';

const document = readFileSync(DOC_PATH, 'utf8');

describe(`${DOC_PATH}`, () => {
  test('lists every input of every module, in registry order (regenerate with npm run day-two -- --write)', () => {
    expect(documentedInputs(document)).toEqual(matrixInputs(defaultRegistry).map((input) => `${input.module}.${input.path}`));
  });

  test("names each module's current version", () => {
    const headings = [...document.matchAll(/^### (\S+) (\S+)$/gm)].map(([, name, version]) => [name, version]);
    expect(headings).toEqual(defaultRegistry.list().map((definition) => [definition.name, definition.version]));
  });
});

describe('representative rows, recomputed', () => {
  const matrix = new DayTwoMatrix({ registry: defaultRegistry });
  afterAll(() => matrix.dispose());
  const rows = new Map<string, MatrixRow>();
  const row = async (module: string, path: string) => {
    const key = `${module}.${path}`;
    if (!rows.has(key)) rows.set(key, await matrix.row(module, path));
    return rows.get(key)!;
  };

  test.each([
    ['eks', 'logRetentionDays', 'in place'],
    ['eks', 'systemNodeGroup.instanceTypes', 'rolling replacement'],
    ['vpc', 'cidr', 'replaces stateful (blocked by npm run diff)'],
    ['vpc', 'subnetGroups[].type', 'refused at synth'],
  ])('%s.%s: %s, as the document says', async (module, path, outcome) => {
    const computed = await row(module, path);
    expect(computed.outcome).toBe(outcome);
    expect(document.split('\n')).toContain(renderRow(computed));
  });

  test('the rows say what a reader needs: the change, the resources and, when blocked, the reason and fix', async () => {
    expect(await row('eks', 'logRetentionDays')).toMatchObject({ environment: 'full', change: 'logRetentionDays: 365 → 1', resources: ['cluster: update aws_cloudwatch_log_group (retention_in_days)'], notes: [] });
    expect((await row('eks', 'systemNodeGroup.instanceTypes')).resources).toEqual(['cluster: replace (rolling) aws_eks_node_group (instance_types)']);
    const cidr = await row('vpc', 'cidr');
    expect(cidr.resources).toEqual(expect.arrayContaining(['network: replace STATEFUL aws_vpc (cidr_block)', 'network: replace STATEFUL aws_subnet ×9 (cidr_block)']));
    expect(cidr.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_vpc: replaced \(cidr_block forces replacement\); fix: a VPC's primary CIDR cannot change/)]));
    expect((await row('vpc', 'subnetGroups[].type')).notes).toEqual(['vpc.subnetGroups: expected at least one group of type "private": EKS nodes run in private subnets']);
  });
});
