/**
 * The changes users of the existing EKS Terraform modules suffer most, each made to the shipped dev
 * spec as a user would, and what the next apply does: synthesized before and after, diffed with the
 * provider's own forcing attributes (verify/upstream/replacement-attributes.json).
 */
import { diffOutputs } from '../../verify/diff';
import { stacksByName, synthSpec } from '../support/synth';
import { changesOf, dayTwo, devSpec, summary } from './support';

describe('day-two hazards of the shipped dev environment', () => {
  test('clusterCreatorAdmin true on an existing cluster: ignored, the cluster is not replaced', () => {
    const diff = dayTwo(devSpec(), (spec) => (spec.eks.clusterCreatorAdmin = true));
    // The attribute forces a new cluster in the provider schema, but lifecycle.ignore_changes holds it.
    expect(changesOf(diff, 'aws_eks_cluster')).toEqual([]);
    expect(diff.blocked).toEqual([]);
  });

  test('system node group instance types: a rolling replacement (new group first), not every node at once', () => {
    const diff = dayTwo(devSpec(), (spec) => (spec.eks.systemNodeGroup.instanceTypes = ['m7i.xlarge']));
    const [group] = changesOf(diff, 'aws_eks_node_group');
    expect(group).toMatchObject({ action: 'replace', rolling: true, stateful: true });
    expect(group.changes.filter((c) => c.forces).map((c) => c.path)).toEqual(['instance_types[0]', 'instance_types[1]']);
    expect(summary(diff)).toEqual(['dev-cluster replace (rolling) aws_eks_node_group']);
    expect(diff.blocked).toEqual([]);
  });

  test('security groups are named by prefix and created before destroyed: a forced replacement is rolling', () => {
    // No spec input edits a description alone, so the edit is made in the output: the description forces a new group.
    const before = stacksByName(synthSpec(devSpec(), 'dev'));
    const after = structuredClone(before);
    for (const group of Object.values(after['dev-cluster'].resource!.aws_security_group)) group.description = `${String(group.description)} (edited)`;
    const edited = diffOutputs(before, after);
    expect(edited.stacks.flatMap((s) => s.changes).filter((c) => c.type === 'aws_security_group').map((c) => [c.action, c.rolling])).toEqual([
      ['replace', true],
      ['replace', true],
    ]);
    expect(edited.blocked).toEqual([]);
  });

  test('a pod-identity role moved to another namespace keeps its role; only the association is replaced', () => {
    const base = { ...devSpec(), 'pod-identity': { roles: [{ policy: 'external-dns', options: { hostedZoneIds: ['Z0123456789ABC'] } }] } };
    const diff = dayTwo(base, (spec) => (spec['pod-identity'].roles[0].namespace = 'dns'));
    expect(summary(diff)).toEqual(['dev-cluster replace aws_eks_pod_identity_association', 'dev-cluster update aws_iam_role']);
    // Trust policy and description name the service account; both update in place.
    expect(changesOf(diff, 'aws_iam_role')[0].changes.map((c) => [c.path, c.forces])).toEqual([
      ['assume_role_policy', false],
      ['description', false],
    ]);
    expect(diff.blocked).toEqual([]);
  });

  test('azCount 3 → 2 moves the later subnet groups: the guard blocks it, names the cause, the NAT gateway and the fix', () => {
    const diff = dayTwo(devSpec(), (spec) => (spec.vpc.azCount = 2));
    const subnets = changesOf(diff, 'aws_subnet');
    expect(subnets.filter((s) => s.action === 'replace').map((s) => s.constructPath)).toEqual(
      expect.arrayContaining(['dev-network/vpc/vpc/subnet-public-0', 'dev-network/vpc/vpc/subnet-public-1', 'dev-network/vpc/vpc/subnet-intra-0', 'dev-network/vpc/vpc/subnet-intra-1']),
    );
    const nat = changesOf(diff, 'aws_nat_gateway');
    expect(nat).toEqual([expect.objectContaining({ action: 'replace', cause: expect.stringMatching(/^subnet_id refers to aws_subnet\.vpc_subnet-public-0_[0-9A-F]{8}, which is replaced$/) })]);
    const blockedTypes = diff.blocked.map((b) => b.address.split('.')[0]);
    expect(blockedTypes).toEqual(expect.arrayContaining(['aws_subnet', 'aws_nat_gateway']));
    expect(diff.blocked.find((b) => b.address.startsWith('aws_subnet.'))!.fix).toMatch(/pin each existing group's current ranges with `cidrs:`/);
  });

  test("an earlier group's prefixLength moves every later group: blocked", () => {
    const diff = dayTwo(devSpec(), (spec) => (spec.vpc.subnetGroups[0].prefixLength = 20));
    expect(diff.blocked.filter((b) => b.address.startsWith('aws_subnet.')).length).toBeGreaterThanOrEqual(6);
  });

  test('an in-place change (log retention) passes the guard', () => {
    const diff = dayTwo(devSpec(), (spec) => (spec.eks.logRetentionDays = 90));
    expect(summary(diff)).toEqual(['dev-cluster update aws_cloudwatch_log_group']);
    expect(diff.blocked).toEqual([]);
  });
});
