import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { z } from 'zod';
import { Testing } from 'cdktf';
import { assertAccessCoverage, eksModule, NodeAccessEntry, type EksOutputs } from '../../../modules/eks';
import { defineModule, InputProblems, ModuleRegistry, type StackTier } from '../../../modules/registry';
import { vpcModule } from '../../../modules/vpc';
import { BASE_FIELDS, errorOf, synthSpec } from '../../support/synth';
import { ADMIN } from './fixtures';

/** A stand-in for an add-on module: an EKS add-on that compute must wait for, added after the eks build. */
function registryWithProbe(stack: StackTier): ModuleRegistry {
  const probe = defineModule({
    name: 'probe-addon',
    version: '0.0.1',
    description: 'Test probe: a vpc-cni add-on registered as a compute dependency',
    stack,
    inputs: z.strictObject({}),
    outputs: {},
    dependsOn: [eksModule.name],
    build(scope, _inputs, context) {
      const eks = context.dependency<EksOutputs>(eksModule);
      const addon = new EksAddon(scope, 'vpc-cni', { clusterName: eks.clusterName, addonName: 'vpc-cni', dependsOn: [eks.cluster] });
      eks.addComputeDependency(addon);
      return {};
    },
  });
  return new ModuleRegistry().register(vpcModule).register(eksModule).register(probe);
}

const spec = { ...BASE_FIELDS, vpc: {}, eks: { admins: [ADMIN], nodeGroups: [{ name: 'web' }], fargateProfiles: [{ name: 'jobs', selectors: [{ namespace: 'jobs' }] }] }, 'probe-addon': {} };

describe('addComputeDependency', () => {
  test('dependencies added after the eks module was built reach every node group\'s and Fargate profile\'s depends_on', () => {
    const { cluster } = synthSpec(spec, 'dev', registryWithProbe('cluster')).stacks;
    const onAddon = { depends_on: expect.arrayContaining([expect.stringMatching(/^aws_eks_addon\.probe-addon_vpc-cni_\w+$/), expect.stringMatching(/^aws_iam_role_policy_attachment\./)]) };
    expect(cluster).toHaveResourceCount('aws_eks_node_group', 2);
    expect(cluster).toHaveEveryResourceMatching('aws_eks_node_group', onAddon);
    expect(cluster).toHaveEveryResourceMatching('aws_eks_fargate_profile', onAddon);
  });

  test('a dependency in a later stack is refused: depends_on cannot cross stacks', () => {
    expect(errorOf(() => synthSpec(spec, 'dev', registryWithProbe('platform')))).toBe(
      'stacks/environments/dev.yaml: eks: dev-platform/probe-addon/vpc-cni is in stack "dev-platform", but the node groups are in "dev-cluster"; Terraform depends_on cannot cross stacks, so build add-ons that must precede compute in the cluster stack',
    );
  });
});

describe('assertAccessCoverage', () => {
  const karpenter = { roleName: 'dev-karpenter-node', usedBy: 'Karpenter nodes', requiredType: 'EC2_LINUX' } as const;

  test('passes when every node role has an entry of its type, explicit or created by EKS', () => {
    expect(() =>
      assertAccessCoverage(
        [karpenter, { roleName: 'dev-eks-node', usedBy: 'managed node group "system"', requiredType: 'EC2_LINUX' }],
        [
          { roleName: 'dev-karpenter-node', type: 'EC2_LINUX', source: 'explicit' },
          { roleName: 'dev-eks-node', type: 'EC2_LINUX', source: 'eks-managed' },
        ],
      ),
    ).not.toThrow();
  });

  test('a node role without an entry: names the role, why it matters and the fix', () => {
    let error: unknown;
    try {
      assertAccessCoverage([karpenter], []);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputProblems);
    expect((error as InputProblems).problems).toEqual([{ path: [], message: expect.stringMatching(/^IAM role/) }]);
    expect((error as Error).message).toBe(
      'IAM role "dev-karpenter-node" (Karpenter nodes) has no access entry, so its nodes could not join the cluster (authentication mode API has no aws-auth ConfigMap); create a NodeAccessEntry of type EC2_LINUX for it (modules/eks/access.ts)',
    );
  });

  test('an entry of the wrong type', () => {
    expect(errorOf(() => assertAccessCoverage([karpenter], [{ roleName: 'dev-karpenter-node', type: 'FARGATE_LINUX', source: 'explicit' }]))).toBe(
      'IAM role "dev-karpenter-node" (Karpenter nodes) has an access entry of type FARGATE_LINUX, but its nodes need EC2_LINUX; the type cannot change after creation, so replace the entry',
    );
  });
});

describe('NodeAccessEntry (for roles EKS does not manage, e.g. Karpenter\'s)', () => {
  const roleArn = 'arn:aws:iam::123456789012:role/dev-karpenter-node';

  test('EC2_LINUX: an entry of that type and no access policy (node types take none)', () => {
    const tf = Testing.synthScope((scope) => new NodeAccessEntry(scope, 'karpenter', { clusterName: 'dev', partition: 'aws', roleArn, type: 'EC2_LINUX' }));
    expect(tf).toHaveResourceMatching('aws_eks_access_entry', { cluster_name: 'dev', principal_arn: roleArn, type: 'EC2_LINUX' });
    expect(tf).toHaveResourceCount('aws_eks_access_policy_association', 0);
  });

  test('EC2 (Auto Mode NodeClass role): the entry plus AmazonEKSAutoNodePolicy', () => {
    const tf = Testing.synthScope((scope) => new NodeAccessEntry(scope, 'custom-node-class', { clusterName: 'dev', partition: 'aws', roleArn, type: 'EC2' }));
    expect(tf).toHaveResourceMatching('aws_eks_access_entry', { type: 'EC2' });
    expect(tf).toHaveResourceMatching('aws_eks_access_policy_association', { policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy', access_scope: { type: 'cluster' } });
  });
});
