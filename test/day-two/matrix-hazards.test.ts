/**
 * The hazards the day-two matrix (npm run day-two, docs/day-two.md) found, each made to the shipped
 * dev spec as a user would and diffed as `npm run diff` does: fixed ones come out rolling or kept,
 * inherent ones are blocked with the reason and a fix.
 */
import { diffOutputs, type EnvironmentDiff } from '../../verify/diff';
import type { TerraformJson } from '../matchers';
import { stacksByName, synthSpec } from '../support/synth';
import { changesOf, devSpec, summary } from './support';

/** Dev with interface endpoints (their security group) and a second node group: every fixed resource is there. */
function baseSpec(): Record<string, any> {
  const spec = devSpec();
  spec.vpc.endpoints = { interface: ['sts'] };
  spec.eks.nodeGroups = [{ name: 'workers', instanceTypes: ['m7i.xlarge'], minSize: 1, maxSize: 3, desiredSize: 1 }];
  return spec;
}

describe('day-two hazards found by the matrix', () => {
  const base = baseSpec();
  const before = stacksByName(synthSpec(base, 'dev'));
  const afterOf = (edit: (spec: Record<string, any>) => void): Record<string, TerraformJson> => {
    const spec = structuredClone(base);
    edit(spec);
    return stacksByName(synthSpec(spec, 'dev'));
  };
  const diffOf = (edit: (spec: Record<string, any>) => void): EnvironmentDiff => diffOutputs(before, afterOf(edit));
  const forcing = (diff: EnvironmentDiff, type: string) => changesOf(diff, type).map((c) => c.changes.filter((a) => a.forces).map((a) => a.path));

  test("an add-on's podIdentityRoleName: its role is replaced create-before-destroy (new name first), the add-on moves to it in place", () => {
    const diff = diffOf((spec) => (spec['vpc-cni'] = { podIdentityRoleName: 'dev-aws-node' }));
    // The inline policy reads the role's name: replaced with it, onto the new role first. The add-on
    // reads its ARN, which forces nothing: updated in place once the new role exists, before the old goes.
    expect(summary(diff)).toEqual(['dev-cluster replace (rolling) aws_iam_role', 'dev-cluster replace (rolling) aws_iam_role_policy']);
    const [role] = changesOf(diff, 'aws_iam_role');
    expect(role).toMatchObject({ address: expect.stringMatching(/^aws_iam_role\.vpc-cni_addon_pod-identity-role_[0-9A-F]{8}$/), action: 'replace', rolling: true, stateful: true });
    expect(forcing(diff, 'aws_iam_role')).toEqual([['name']]);
    expect(changesOf(diff, 'aws_iam_role_policy')[0].cause).toMatch(/^role refers to aws_iam_role\.vpc-cni_addon_pod-identity-role_[0-9A-F]{8}\.name, which changes$/);
    const addon = Object.values(afterOf((spec) => (spec['vpc-cni'] = { podIdentityRoleName: 'dev-aws-node' }))['dev-cluster'].resource!.aws_eks_addon).find((a) => a.addon_name === 'vpc-cni')!;
    expect(addon.pod_identity_association).toEqual([expect.objectContaining({ role_arn: `\${${role.address}.arn}` })]);
    expect(diff.blocked).toEqual([]);
  });

  test('vpc.name: the flow-log role and the endpoint security group roll; the flow-log group is blocked, saying its events would go', () => {
    const diff = diffOf((spec) => (spec.vpc.name = 'platform-net'));
    const network = diff.stacks.find((s) => s.stack === 'dev-network')!.changes.filter((c) => c.action === 'replace');
    expect(network.map((c) => [c.type, c.rolling])).toEqual(
      expect.arrayContaining([
        ['aws_iam_role', true],
        ['aws_security_group', true],
        ['aws_cloudwatch_log_group', false],
      ]),
    );
    expect(forcing(diff, 'aws_security_group')).toEqual([['name']]);
    expect(diff.blocked.map((b) => b.address.split('.')[0])).toEqual(['aws_cloudwatch_log_group']);
    expect(diff.blocked[0]).toMatchObject({ reason: 'replaced (name forces replacement)', fix: expect.stringContaining('a log group cannot be renamed') });
  });

  test('karpenter.namespace: only the controller release moves; the CRD and NodePool releases keep their namespace (no NodePool is deleted)', () => {
    const after = afterOf((spec) => (spec.karpenter.namespace = 'karpenter'));
    const diff = diffOutputs(before, after);
    const releases = changesOf(diff, 'helm_release');
    expect(releases.map((c) => [c.constructPath?.split('/').slice(-1)[0], c.action])).toEqual([['controller', 'replace']]);
    expect(summary(diff)).toEqual(['dev-platform replace aws_eks_pod_identity_association', 'dev-platform replace helm_release', 'dev-platform update aws_iam_role']);
    expect(forcing(diff, 'helm_release')).toEqual([['namespace']]);
    const byName = Object.fromEntries(Object.values(after['dev-platform'].resource!.helm_release).map((r) => [String(r.name), r]));
    for (const name of ['karpenter-crd', 'karpenter-nodepools']) expect(byName[name]).toMatchObject({ namespace: 'karpenter', lifecycle: { ignore_changes: expect.arrayContaining(['namespace']) } });
    // The CRD release stays where it was, so the controller creates its namespace itself.
    expect(byName.karpenter).toMatchObject({ namespace: 'karpenter', create_namespace: true });
    expect(diff.blocked).toEqual([]);
  });

  test('vpc.availabilityZones written out: the zones the data source read are compared at plan time, so it may replace (blocked, with the fix)', () => {
    const diff = diffOf((spec) => (spec.vpc.availabilityZones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']));
    const subnets = changesOf(diff, 'aws_subnet');
    expect(subnets.length).toBeGreaterThan(0);
    for (const subnet of subnets) {
      expect(subnet.action).toBe('update');
      expect(subnet.changes).toEqual([expect.objectContaining({ path: 'availability_zone', forces: false, mayForce: expect.stringMatching(/^only if data\.aws_availability_zones\.\S+ reads something other than "eu-west-1[abc]" when planning$/) })]);
    }
    // Nothing follows an update: the NAT gateways are not replaced.
    expect(changesOf(diff, 'aws_nat_gateway')).toEqual([]);
    expect(diff.blocked[0]).toMatchObject({ reason: expect.stringMatching(/^may be replaced: availability_zone/), fix: expect.stringContaining("a subnet's zone cannot change") });
  });

  test('vpc.cidr: inherent; blocked with the fix', () => {
    const diff = diffOf((spec) => (spec.vpc.cidr = '10.1.0.0/16'));
    expect(forcing(diff, 'aws_vpc')).toEqual([['cidr_block']]);
    expect(diff.blocked.find((b) => b.address.startsWith('aws_vpc.'))).toMatchObject({ reason: 'replaced (cidr_block forces replacement)', fix: expect.stringContaining("a VPC's primary CIDR cannot change") });
  });

  test("eks.secretsKmsKeyArn on an existing cluster: inherent; the dedicated key's deletion and the cluster are blocked, each with its fix", () => {
    const diff = diffOf((spec) => (spec.eks.secretsKmsKeyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'));
    const blocked = Object.fromEntries(diff.blocked.map((b) => [b.address.split('.')[0], b]));
    expect(blocked.aws_kms_key).toMatchObject({ reason: 'destroyed (a stateful resource)', fix: expect.stringContaining('cannot be read after that') });
    expect(blocked.aws_eks_cluster).toMatchObject({ reason: expect.stringMatching(/^may be replaced: encryption_config\.provider\.key_arn/), fix: expect.stringContaining("EKS cannot change the key that encrypts a cluster's secrets") });
  });

  test('renaming a node group: inherent (another name, another group); blocked with the two-apply fix', () => {
    const diff = diffOf((spec) => (spec.eks.nodeGroups[0].name = 'workers-v2'));
    expect(summary(diff)).toEqual(
      expect.arrayContaining(['dev-cluster create aws_eks_node_group', 'dev-cluster delete aws_eks_node_group']),
    );
    expect(diff.blocked).toEqual([expect.objectContaining({ reason: 'destroyed (a stateful resource)', fix: expect.stringContaining('add the new group, apply, then remove the old one') })]);
  });
});
