import type { TerraformJson } from '../../matchers';
import { ADMIN, synthEks } from './fixtures';

describe('eks defaults (eks: { admins: [one role] })', () => {
  let cluster: TerraformJson;
  let network: TerraformJson;
  beforeAll(() => {
    const result = synthEks({}, { env: 'sandbox' });
    cluster = result.stacks.cluster!;
    network = result.stacks.network!;
  });

  test('one cluster named after the environment, on the default Kubernetes version, with EKS upgrades on standard support', () => {
    expect(cluster).toHaveResourceCount('aws_eks_cluster', 1);
    expect(cluster).toHaveResourceMatching('aws_eks_cluster', { name: 'sandbox', version: '1.35', upgrade_policy: { support_type: 'STANDARD' }, deletion_protection: true });
  });

  test('replacement-forcing attributes are written explicitly: API auth, no creator admin, no self-managed add-ons', () => {
    expect(cluster).toHaveResourceMatching('aws_eks_cluster', {
      access_config: { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false },
      bootstrap_self_managed_addons: false,
    });
  });

  test('private endpoint only: no public access and no public CIDRs', () => {
    expect(cluster).toHaveResourceMatching('aws_eks_cluster', { vpc_config: { endpoint_private_access: true, endpoint_public_access: false, public_access_cidrs: undefined } });
  });

  test('secrets are envelope-encrypted with a dedicated rotating key the cluster role may use', () => {
    expect(cluster).toHaveResourceMatching('aws_eks_cluster', { encryption_config: { resources: ['secrets'], provider: { key_arn: expect.stringMatching(/^\$\{aws_kms_key\.\S*secrets-key\S*\.arn\}$/) } } });
    expect(cluster).toHaveResourceMatching('aws_kms_alias', { name: 'alias/sandbox/eks-secrets' });
    expect(cluster).toHaveEveryResourceMatching('aws_kms_key', { enable_key_rotation: true });
    expect(cluster).toHavePolicyStatement('aws_iam_role_policy', { Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], Resource: [expect.stringMatching(/secrets-key/)] });
  });

  test('all five control-plane log types, into a log group we own with 90 days retention and KMS', () => {
    expect(cluster).toHaveResourceMatching('aws_eks_cluster', { enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] });
    expect(cluster).toHaveResourceMatching('aws_cloudwatch_log_group', { name: '/aws/eks/sandbox/cluster', retention_in_days: 90 });
    expect(cluster).toReference({ type: 'aws_cloudwatch_log_group' }, 'kms_key_id', { type: 'aws_kms_key' });
    expect(cluster).toHavePolicyStatement('aws_kms_key', {
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/eks/sandbox/cluster' } },
    });
    expect(cluster).toHaveResourceMatching('aws_kms_alias', { name: 'alias/sandbox/eks-logs' });
  });

  test('the cluster waits for its log group, so EKS never creates one without retention', () => {
    expect(cluster).toHaveResourceMatching('aws_eks_cluster', { depends_on: expect.arrayContaining([expect.stringMatching(/^aws_cloudwatch_log_group\./)]) });
  });

  test('cluster role: trusted by EKS only, AmazonEKSClusterPolicy only', () => {
    expect(cluster).toHavePolicyStatement('aws_iam_role', { Principal: { Service: 'eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }, { name: 'sandbox-eks-cluster' }, 'assume_role_policy');
    expect(cluster).toHaveResourceMatching('aws_iam_role_policy_attachment', { policy_arn: 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy' });
    expect(cluster).not.toHaveResourceMatching('aws_iam_role_policy_attachment', { policy_arn: 'arn:aws:iam::aws:policy/AmazonEKSComputePolicy' });
  });

  test('node role: EC2 trust, worker node + ECR pull-only + SSM, and never the CNI policy', () => {
    expect(cluster).toHavePolicyStatement('aws_iam_role', { Principal: { Service: 'ec2.amazonaws.com' }, Action: ['sts:AssumeRole'] }, { name: 'sandbox-eks-node' }, 'assume_role_policy');
    for (const policy of ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonSSMManagedInstanceCore']) {
      expect(cluster).toHaveResourceMatching('aws_iam_role_policy_attachment', { policy_arn: `arn:aws:iam::aws:policy/${policy}`, role: expect.stringMatching(/aws_iam_role\.eks_node-role/) });
    }
    expect(cluster).toHaveEveryResourceMatching('aws_iam_role_policy_attachment', { policy_arn: expect.not.stringContaining('CNI') });
  });

  test('a "system" managed node group: AL2023, on-demand m7i.large, 2–4 nodes, tainted for critical add-ons', () => {
    expect(cluster).toHaveResourceCount('aws_eks_node_group', 1);
    expect(cluster).toHaveResourceMatching('aws_eks_node_group', {
      node_group_name_prefix: 'system-',
      ami_type: 'AL2023_x86_64_STANDARD',
      capacity_type: 'ON_DEMAND',
      instance_types: ['m7i.large'],
      scaling_config: { min_size: 2, max_size: 4, desired_size: 2 },
      labels: { 'node-role': 'system' },
      taint: [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' }],
      lifecycle: { ignore_changes: ['scaling_config[0].desired_size'], create_before_destroy: true },
    });
    expect(cluster).toReference({ type: 'aws_eks_node_group' }, 'version', { type: 'aws_eks_cluster' });
    expect(cluster).toReference({ type: 'aws_eks_node_group' }, 'launch_template.id', { type: 'aws_launch_template' });
  });

  test('launch template: IMDSv2 only with hop limit 1, encrypted gp3 root volume, no SSH key, node + cluster security groups', () => {
    expect(cluster).toHaveResourceMatching('aws_launch_template', {
      metadata_options: { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 },
      block_device_mappings: [{ device_name: '/dev/xvda', ebs: { volume_size: 50, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' } }],
      vpc_security_group_ids: [expect.stringMatching(/^\$\{aws_security_group\.\S*node\S*\.id\}$/), expect.stringMatching(/^\$\{aws_eks_cluster\.\S+\.vpc_config\[0\]\.cluster_security_group_id\}$/)],
      tag_specifications: [expect.objectContaining({ resource_type: 'instance' }), expect.objectContaining({ resource_type: 'volume' }), expect.objectContaining({ resource_type: 'network-interface' })],
    });
    expect(cluster).toHaveEveryResourceMatching('aws_launch_template', { key_name: undefined });
    expect(cluster).toHaveEveryResourceMatching('aws_eks_node_group', { remote_access: undefined });
  });

  test('node security group: owned by the cluster, discoverable by Karpenter, every rule described', () => {
    expect(cluster).toHaveResourceMatching('aws_security_group', { name_prefix: 'sandbox-node-', lifecycle: { create_before_destroy: true }, tags: expect.objectContaining({ 'kubernetes.io/cluster/sandbox': 'owned', 'karpenter.sh/discovery': 'sandbox' }) });
    expect(cluster).toHaveEveryResourceMatching('aws_vpc_security_group_ingress_rule', { description: expect.stringMatching(/^\S+( \S+){3,}/) });
    expect(cluster).toHaveEveryResourceMatching('aws_vpc_security_group_egress_rule', { description: expect.stringMatching(/^\S+( \S+){3,}/) });
    expect(cluster).toHaveResourceCount('aws_security_group', 2);
  });

  test('control plane reaches nodes on 443 and the kubelet; nodes reach each other for DNS and ephemeral ports; all egress', () => {
    const fromCluster = { referenced_security_group_id: expect.stringContaining('security-groups_cluster_'), security_group_id: expect.stringContaining('security-groups_node_') };
    for (const port of [443, 10250, 4443, 6443, 8443, 9443, 10251]) expect(cluster).toHaveResourceMatching('aws_vpc_security_group_ingress_rule', { ...fromCluster, ip_protocol: 'tcp', from_port: port, to_port: port });
    const self = { referenced_security_group_id: expect.stringContaining('security-groups_node_'), security_group_id: expect.stringContaining('security-groups_node_') };
    expect(cluster).toHaveResourceMatching('aws_vpc_security_group_ingress_rule', { ...self, ip_protocol: 'udp', from_port: 53, to_port: 53 });
    expect(cluster).toHaveResourceMatching('aws_vpc_security_group_ingress_rule', { ...self, ip_protocol: 'tcp', from_port: 1025, to_port: 65535 });
    expect(cluster).toHaveResourceMatching('aws_vpc_security_group_egress_rule', { ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0', security_group_id: expect.stringContaining('security-groups_node_') });
    expect(cluster).toHaveResourceCount('aws_vpc_security_group_ingress_rule', 11);
  });

  test('the cluster security group admits nodes on 443 and is attached to the control plane', () => {
    expect(cluster).toHaveResourceMatching('aws_vpc_security_group_ingress_rule', {
      security_group_id: expect.stringContaining('security-groups_cluster_'),
      referenced_security_group_id: expect.stringContaining('security-groups_node_'),
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
    });
    expect(cluster).toReference({ type: 'aws_eks_cluster' }, 'vpc_config.security_group_ids', { type: 'aws_security_group', where: { name_prefix: 'sandbox-cluster-' } });
  });

  test('admins get an access entry with the cluster-admin access policy, cluster-wide', () => {
    expect(cluster).toHaveResourceCount('aws_eks_access_entry', 1);
    expect(cluster).toHaveResourceMatching('aws_eks_access_entry', { principal_arn: ADMIN, type: 'STANDARD', cluster_name: expect.stringMatching(/^\$\{aws_eks_cluster\./) });
    expect(cluster).toHaveResourceMatching('aws_eks_access_policy_association', { policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', access_scope: { type: 'cluster' } });
    expect(cluster).toReference({ type: 'aws_eks_access_policy_association' }, 'principal_arn', { type: 'aws_eks_access_entry' });
  });

  test('no aws-auth ConfigMap and no Kubernetes provider anywhere', () => {
    for (const stack of [cluster, network]) {
      expect(Object.keys(stack.resource ?? {}).filter((type) => type.includes('config_map'))).toEqual([]);
      expect(Object.keys(stack.provider ?? {})).toEqual(['aws']);
    }
  });

  test('no Fargate, no Auto Mode', () => {
    expect(cluster).toHaveResourceCount('aws_eks_fargate_profile', 0);
    expect(cluster).toHaveResourceMatching('aws_eks_cluster', { compute_config: undefined, storage_config: undefined });
  });

  test('the cluster sits in the network stack\'s private subnets, read through terraform_remote_state', () => {
    const remote = /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-sandbox-network\.outputs\.cross-stack-output-aws_subnetvpc_subnet-private-\d_[0-9A-F]+id\}$/;
    expect(cluster).toHaveResourceMatching('aws_eks_cluster', { vpc_config: expect.objectContaining({ subnet_ids: [expect.stringMatching(remote), expect.stringMatching(remote), expect.stringMatching(remote)] }) });
    expect(cluster).toHaveEveryResourceMatching('aws_eks_node_group', { subnet_ids: [expect.stringMatching(remote), expect.stringMatching(remote), expect.stringMatching(remote)] });
    expect(cluster).toHaveDataSourceMatching('terraform_remote_state', { backend: 'local' });
    expect(Object.keys(network.output ?? {}).filter((name) => name.startsWith('cross-stack-output-aws_subnetvpc_subnet-private-'))).toHaveLength(3);
  });

  test('module outputs for the platform stack', () => {
    expect(cluster).toHaveOutput('eks_cluster_name', { value: 'sandbox' });
    expect(cluster).toHaveOutput('eks_kubernetes_version', { value: '1.35' });
    expect(cluster).toHaveOutput('eks_cluster_endpoint', { value: expect.stringMatching(/^\$\{aws_eks_cluster\.\S+\.endpoint\}$/) });
    expect(cluster).toHaveOutput('eks_cluster_certificate_authority_data', { value: expect.stringContaining('.certificate_authority[0].data}') });
    expect(cluster).toHaveOutput('eks_oidc_issuer_url', { value: expect.stringContaining('.identity[0].oidc[0].issuer}') });
    for (const name of ['eks_cluster_arn', 'eks_cluster_security_group_id', 'eks_node_security_group_id', 'eks_node_role_arn', 'eks_node_role_name']) expect(cluster).toHaveOutput(name, { description: expect.any(String) });
  });

  test('module tags on every taggable resource', () => {
    for (const type of ['aws_eks_cluster', 'aws_eks_node_group', 'aws_launch_template', 'aws_security_group', 'aws_iam_role', 'aws_kms_key', 'aws_cloudwatch_log_group']) {
      expect(cluster).toHaveEveryResourceMatching(type, { tags: expect.objectContaining({ module: 'eks', 'module-version': '2.0.0' }) });
    }
  });
});

describe('instances started by a launch template', () => {
  test('carry the environment tags (default_tags do not reach them) beside their Name', () => {
    const { cluster } = synthEks({}, { env: 'tagged' }).stacks;
    for (const resourceType of ['instance', 'volume', 'network-interface']) {
      expect(cluster).toHaveEveryResourceMatching('aws_launch_template', {
        tag_specifications: expect.arrayContaining([{ resource_type: resourceType, tags: expect.objectContaining({ environment: 'tagged', 'managed-by': 'cdktf-eks-platform', Name: expect.any(String) }) }]),
      });
    }
  });
});
