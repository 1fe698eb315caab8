/**
 * `terraform destroy` undoes the graph: a resource goes before everything it depends on. These
 * assert, from the synthesized JSON, that teardown leaks nothing and never strands a controller
 * without its permissions or nodes without their network.
 */
import { synthSpec } from '../support/synth';
import { devSpec } from './support';

describe('destroy order of the shipped dev environment', () => {
  const { stacks } = synthSpec(devSpec(), 'dev');
  const platform = stacks.platform!;
  const cluster = stacks.cluster!;
  const release = (name: string) => ({ type: 'helm_release', where: { name } });

  test('NodePools go first, while the Karpenter controller still runs to drain and terminate their nodes', () => {
    expect(platform).toBeDestroyedBefore(release('karpenter-nodepools'), release('karpenter'));
  });

  test('the controller goes before its IAM role, Pod Identity association and interruption queue', () => {
    expect(platform).toBeDestroyedBefore(release('karpenter'), { type: 'aws_eks_pod_identity_association' });
    expect(platform).toBeDestroyedBefore(release('karpenter'), { type: 'aws_iam_role_policy', where: { name: 'least-privilege' } });
    expect(platform).toBeDestroyedBefore(release('karpenter'), { type: 'aws_sqs_queue' });
    expect(platform).toBeDestroyedBefore({ type: 'aws_eks_pod_identity_association' }, { type: 'aws_iam_role', where: { name: 'dev-karpenter-controller' } });
  });

  test('NodePools go before the node role and its access entry, so nodes can still leave cleanly', () => {
    expect(platform).toBeDestroyedBefore(release('karpenter-nodepools'), { type: 'aws_eks_access_entry' });
  });

  test('the VPC CNI, kube-proxy and the Pod Identity agent stay until the node groups are gone', () => {
    for (const addon of ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent']) {
      expect(cluster).toBeDestroyedBefore({ type: 'aws_eks_node_group' }, { type: 'aws_eks_addon', where: { addon_name: addon } });
    }
  });

  test('add-ons with their own IAM go before their role', () => {
    expect(cluster).toBeDestroyedBefore({ type: 'aws_eks_addon', where: { addon_name: 'aws-ebs-csi-driver' } }, { type: 'aws_iam_role_policy', where: { role: expect.stringContaining('aws-ebs-csi-driver') } });
  });

  test('the cluster goes before its log group and its keys (its last logs are kept until it is gone)', () => {
    expect(cluster).toBeDestroyedBefore({ type: 'aws_eks_cluster' }, { type: 'aws_cloudwatch_log_group' });
    expect(cluster).toBeDestroyedBefore({ type: 'aws_eks_cluster' }, { type: 'aws_kms_key', where: { description: expect.stringContaining('secrets') } });
  });

  test('stacks: platform before cluster before network (each reads the one before through remote state)', () => {
    expect(platform).toHaveDataSourceMatching('terraform_remote_state', {});
    expect(cluster).toHaveDataSourceMatching('terraform_remote_state', { config: { path: '../../../terraform.dev-network.tfstate' } });
  });
});
