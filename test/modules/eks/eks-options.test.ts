import { ADMIN, synthEks, VIEWER, VPC_WITH_INTRA } from './fixtures';

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const LOG_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/9999abcd-12ab-34cd-56ef-1234567890ab';

describe('eks options', () => {
  test('name: a cluster name other than the environment\'s, served by the VPC', () => {
    const { cluster } = synthEks({ name: 'Platform_A' }, { vpc: { clusters: [{ name: 'Platform_A' }] } }).stacks;
    expect(cluster).toHaveResourceMatching('aws_eks_cluster', { name: 'Platform_A' });
    expect(cluster).toHaveResourceMatching('aws_cloudwatch_log_group', { name: '/aws/eks/Platform_A/cluster' });
    expect(cluster).toHaveResourceMatching('aws_iam_role', { name: 'Platform_A-eks-cluster' });
  });

  test('a 100-character name keeps IAM role names within 64 characters', () => {
    const name = `c${'x'.repeat(99)}`;
    const { cluster } = synthEks({ name }, { vpc: { clusters: [{ name }] } }).stacks;
    expect(cluster).toHaveEveryResourceMatching('aws_iam_role', { name: expect.stringMatching(/^.{1,64}$/) });
    expect(cluster).toHaveResourceMatching('aws_iam_role', { name: expect.stringMatching(/^cx+-[0-9a-f]{8}-eks-cluster$/) });
  });

  test('kubernetesVersion, upgradeSupportType and deletionProtection', () => {
    const { cluster } = synthEks({ kubernetesVersion: '1.33', upgradeSupportType: 'EXTENDED', deletionProtection: false }).stacks;
    expect(cluster).toHaveResourceMatching('aws_eks_cluster', { version: '1.33', upgrade_policy: { support_type: 'EXTENDED' }, deletion_protection: false });
    expect(cluster).toHaveOutput('eks_kubernetes_version', { value: '1.33' });
  });

  test('clusterCreatorAdmin: true is enough for an admin, and creates no access entry', () => {
    const { cluster } = synthEks({ admins: [], clusterCreatorAdmin: true }).stacks;
    expect(cluster).toHaveResourceMatching('aws_eks_cluster', { access_config: { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: true } });
    expect(cluster).toHaveResourceCount('aws_eks_access_entry', 0);
  });

  test('viewers get AmazonEKSViewPolicy; entries are keyed by ARN, not list position', () => {
    const { cluster } = synthEks({ admins: [ADMIN], viewers: [VIEWER] }).stacks;
    expect(cluster).toHaveResourceCount('aws_eks_access_entry', 2);
    expect(cluster).toHaveResourceMatching('aws_eks_access_policy_association', { principal_arn: expect.stringContaining('viewer-123456789012-role-developers'), policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy', access_scope: { type: 'cluster' } });
    expect(cluster).toHaveResourceAt('test-cluster/eks/eks/access/admin-123456789012-role-platform-admins', { principal_arn: ADMIN });
  });

  test('endpointPublicAccess with an allow-list', () => {
    const { cluster } = synthEks({ endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] }).stacks;
    expect(cluster).toHaveResourceMatching('aws_eks_cluster', { vpc_config: { endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] } });
  });

  test('allowPublicAccessFromAnywhere accepts 0.0.0.0/0', () => {
    const { cluster } = synthEks({ endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'], allowPublicAccessFromAnywhere: true }).stacks;
    expect(cluster).toHaveResourceMatching('aws_eks_cluster', { vpc_config: { public_access_cidrs: ['0.0.0.0/0'] } });
  });

  test('publicAccessCidrs without the public endpoint is a warning', () => {
    const result = synthEks({ publicAccessCidrs: ['203.0.113.0/24'] });
    expect(result.warnings).toEqual([{ path: 'eks.publicAccessCidrs', message: expect.stringContaining('ignored: endpointPublicAccess is false') }]);
  });

  test('controlPlaneSubnetGroup puts the control-plane ENIs in the intra subnets; nodes stay private', () => {
    const { cluster } = synthEks({ controlPlaneSubnetGroup: 'intra' }, { vpc: VPC_WITH_INTRA }).stacks;
    expect(cluster).toHaveResourceMatching('aws_eks_cluster', { vpc_config: { subnet_ids: [expect.stringContaining('subnet-intra-0'), expect.stringContaining('subnet-intra-1'), expect.stringContaining('subnet-intra-2')] } });
    expect(cluster).toHaveEveryResourceMatching('aws_eks_node_group', { subnet_ids: [expect.stringContaining('subnet-private-0'), expect.stringContaining('subnet-private-1'), expect.stringContaining('subnet-private-2')] });
  });

  test('secretsKmsKeyArn and logKmsKeyArn: given keys are used and no key is created', () => {
    const { cluster } = synthEks({ secretsKmsKeyArn: KEY, logKmsKeyArn: LOG_KEY }).stacks;
    expect(cluster).toHaveResourceCount('aws_kms_key', 0);
    expect(cluster).toHaveResourceMatching('aws_eks_cluster', { encryption_config: { resources: ['secrets'], provider: { key_arn: KEY } } });
    expect(cluster).toHaveResourceMatching('aws_cloudwatch_log_group', { kms_key_id: LOG_KEY });
    expect(cluster).toHavePolicyStatement('aws_iam_role_policy', { Resource: [KEY] });
  });

  test('controlPlaneLogTypes and logRetentionDays', () => {
    const { cluster } = synthEks({ controlPlaneLogTypes: ['audit', 'authenticator'], logRetentionDays: 365 }).stacks;
    expect(cluster).toHaveResourceMatching('aws_eks_cluster', { enabled_cluster_log_types: ['audit', 'authenticator'] });
    expect(cluster).toHaveResourceMatching('aws_cloudwatch_log_group', { retention_in_days: 365 });
  });

  test('systemNodeGroup: Bottlerocket on Graviton, hop limit 2, bigger data volume on /dev/xvdb, own labels and no taints', () => {
    const { cluster } = synthEks({
      systemNodeGroup: { amiType: 'BOTTLEROCKET_ARM_64', instanceTypes: ['m7g.large', 'm8g.large'], minSize: 3, maxSize: 6, desiredSize: 3, imdsHopLimit: 2, diskSizeGib: 100, labels: { tier: 'core' }, taints: [] },
    }).stacks;
    expect(cluster).toHaveResourceMatching('aws_eks_node_group', { ami_type: 'BOTTLEROCKET_ARM_64', instance_types: ['m7g.large', 'm8g.large'], scaling_config: { min_size: 3, max_size: 6, desired_size: 3 }, labels: { tier: 'core' }, taint: undefined });
    expect(cluster).toHaveResourceMatching('aws_launch_template', {
      metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 2 },
      block_device_mappings: [{ device_name: '/dev/xvdb', ebs: expect.objectContaining({ volume_size: 100, volume_type: 'gp3', encrypted: 'true' }) }],
    });
  });

  test('nodeGroups: a SPOT group in a second private group, with its own launch template, labels and taints', () => {
    const result = synthEks(
      {
        spotServiceLinkedRole: 'exists',
        nodeGroups: [
          { name: 'batch', capacityType: 'SPOT', instanceTypes: ['c7i.xlarge', 'c6i.xlarge'], minSize: 0, maxSize: 10, desiredSize: 0, labels: { workload: 'batch' }, taints: [{ key: 'batch', effect: 'NO_EXECUTE' }], subnetGroups: ['workers'] },
        ],
      },
      { vpc: { subnetGroups: [{ name: 'private', type: 'private', prefixLength: 20 }, { name: 'workers', type: 'private', prefixLength: 20 }, { name: 'public', type: 'public' }] } },
    );
    const { cluster } = result.stacks;
    expect(cluster).toHaveResourceCount('aws_eks_node_group', 2);
    expect(cluster).toHaveResourceCount('aws_launch_template', 2);
    expect(cluster).toHaveResourceMatching('aws_eks_node_group', {
      node_group_name_prefix: 'batch-',
      capacity_type: 'SPOT',
      instance_types: ['c7i.xlarge', 'c6i.xlarge'],
      scaling_config: { min_size: 0, max_size: 10, desired_size: 0 },
      labels: { workload: 'batch' },
      taint: [{ key: 'batch', effect: 'NO_EXECUTE' }],
      subnet_ids: [expect.stringContaining('subnet-workers-0'), expect.stringContaining('subnet-workers-1'), expect.stringContaining('subnet-workers-2')],
      node_role_arn: expect.stringContaining('aws_iam_role.eks_node-role'),
    });
    expect(cluster).toHaveResourceMatching('aws_launch_template', { name_prefix: 'test-batch-', lifecycle: { create_before_destroy: true } });
    expect(result.warnings).toEqual([]);
  });

  test('SPOT with one instance type is a warning', () => {
    const result = synthEks({ spotServiceLinkedRole: 'exists', nodeGroups: [{ name: 'spot', capacityType: 'SPOT', instanceTypes: ['m7i.large'] }] });
    expect(result.warnings).toEqual([{ path: 'eks.nodeGroups[0].instanceTypes', message: expect.stringContaining('SPOT with a single instance type') }]);
  });

  test('fargateProfiles: one pod execution role trusted by this cluster\'s profiles only', () => {
    const { cluster } = synthEks({ fargateProfiles: [{ name: 'serverless', selectors: [{ namespace: 'jobs', labels: { runtime: 'fargate' } }, { namespace: 'batch-*' }] }] }).stacks;
    expect(cluster).toHaveResourceMatching('aws_eks_fargate_profile', {
      fargate_profile_name: 'serverless',
      selector: [{ namespace: 'jobs', labels: { runtime: 'fargate' } }, { namespace: 'batch-*' }],
      subnet_ids: [expect.stringContaining('subnet-private-0'), expect.stringContaining('subnet-private-1'), expect.stringContaining('subnet-private-2')],
      pod_execution_role_arn: expect.stringContaining('fargate_pod-execution-role'),
    });
    expect(cluster).toHavePolicyStatement(
      'aws_iam_role',
      { Principal: { Service: 'eks-fargate-pods.amazonaws.com' }, Action: ['sts:AssumeRole'], Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:eks:eu-west-1:123456789012:fargateprofile/test/*' } } },
      { name: 'test-eks-fargate-pods' },
      'assume_role_policy',
    );
    expect(cluster).toHaveResourceMatching('aws_iam_role_policy_attachment', { policy_arn: 'arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy' });
    // EKS creates the FARGATE_LINUX entry itself; creating it again would fail with a 409.
    expect(cluster).toHaveResourceCount('aws_eks_access_entry', 1);
  });

  describe('computeMode: auto', () => {
    let cluster: NonNullable<ReturnType<typeof synthEks>['stacks']['cluster']>;
    beforeAll(() => {
      cluster = synthEks({ computeMode: 'auto' }).stacks.cluster!;
    });

    test('compute, load balancing and block storage are enabled together, with the built-in node pools', () => {
      expect(cluster).toHaveResourceMatching('aws_eks_cluster', {
        compute_config: { enabled: true, node_pools: ['general-purpose', 'system'], node_role_arn: expect.stringContaining('auto-node-role') },
        kubernetes_network_config: { elastic_load_balancing: { enabled: true } },
        storage_config: { block_storage: { enabled: true } },
        bootstrap_self_managed_addons: false,
      });
    });

    test('the cluster role gets the Auto Mode capability policies', () => {
      for (const policy of ['AmazonEKSClusterPolicy', 'AmazonEKSComputePolicy', 'AmazonEKSBlockStoragePolicy', 'AmazonEKSLoadBalancingPolicy', 'AmazonEKSNetworkingPolicy']) {
        expect(cluster).toHaveResourceMatching('aws_iam_role_policy_attachment', { policy_arn: `arn:aws:iam::aws:policy/${policy}`, role: expect.stringContaining('control-plane_role') });
      }
    });

    test('an Auto Mode node role with the minimal node policies, and no system node group', () => {
      for (const policy of ['AmazonEKSWorkerNodeMinimalPolicy', 'AmazonEC2ContainerRegistryPullOnly']) {
        expect(cluster).toHaveResourceMatching('aws_iam_role_policy_attachment', { policy_arn: `arn:aws:iam::aws:policy/${policy}`, role: expect.stringContaining('auto-node-role') });
      }
      expect(cluster).toHaveResourceCount('aws_eks_node_group', 0);
      expect(cluster).toHaveResourceCount('aws_launch_template', 0);
      expect(cluster).toHaveOutput('eks_node_role_arn', { value: expect.stringContaining('auto-node-role') });
    });

    test('EKS creates the node role\'s access entry itself; only the admin entry is ours', () => {
      expect(cluster).toHaveResourceCount('aws_eks_access_entry', 1);
    });
  });
});
