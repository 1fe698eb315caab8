import { BASE_FIELDS, synthSpec, type Synthesized } from '../../support/synth';
import { address, blocksOf, type TerraformJson } from '../../matchers';
import { ADDON_VERSION_MATRIX } from '../../../modules/addons/versions';
import { ALL_ADDONS, testRegistry } from './fake-eks';

const addonAddress = (tf: TerraformJson, name: string) => address(blocksOf(tf, 'resource', 'aws_eks_addon').find((b) => b.properties.addon_name === name)!);
const nodeGroupAddress = (tf: TerraformJson) => address(blocksOf(tf, 'resource', 'aws_eks_node_group')[0]);

describe('core add-ons at their defaults (vpc + eks 1.35 + five add-ons)', () => {
  let result: Synthesized;
  let cluster: TerraformJson;
  const pinned = ADDON_VERSION_MATRIX['1.35'];
  beforeAll(() => {
    result = synthSpec({ ...BASE_FIELDS, vpc: {}, eks: { kubernetesVersion: '1.35' }, ...ALL_ADDONS }, 'dev', testRegistry());
    cluster = result.stacks.cluster!;
  });

  test.each(Object.keys(ALL_ADDONS))('%s: pinned build, conflicts resolved explicitly, preserved on delete', (name) => {
    expect(cluster).toHaveResourceMatching('aws_eks_addon', {
      cluster_name: 'dev',
      addon_name: name,
      addon_version: pinned[name as keyof typeof pinned].version,
      resolve_conflicts_on_create: 'OVERWRITE',
      resolve_conflicts_on_update: 'PRESERVE',
      preserve: true,
    });
  });

  test('every add-on waits for the cluster (its name is a plain string, not a reference)', () => {
    expect(cluster).toHaveEveryResourceMatching('aws_eks_addon', { depends_on: expect.arrayContaining([expect.stringMatching(/^aws_eks_cluster\./)]) });
  });

  test('vpc-cni: prefix delegation with one warm prefix', () => {
    expect(cluster).toHaveResourceMatching('aws_eks_addon', { addon_name: 'vpc-cni', configuration_values: '{"env":{"ENABLE_PREFIX_DELEGATION":"true","WARM_PREFIX_TARGET":"1"}}' });
  });

  test('vpc-cni: IAM through a Pod Identity association on aws-node owned by the add-on, not the node role', () => {
    expect(cluster).toHaveResourceMatching('aws_eks_addon', {
      addon_name: 'vpc-cni',
      pod_identity_association: [{ role_arn: expect.stringMatching(/^\$\{aws_iam_role\.vpc-cni_addon_pod-identity-role_\w+\.arn\}$/), service_account: 'aws-node' }],
    });
    expect(cluster).toHaveResourceAt('dev-cluster/vpc-cni/addon/pod-identity-role/role', { name: 'dev-vpc-cni' });
    expect(cluster).toHavePolicyStatement('aws_iam_role', { Condition: { StringEquals: expect.objectContaining({ 'aws:RequestTag/kubernetes-namespace': 'kube-system', 'aws:RequestTag/kubernetes-service-account': 'aws-node' }) } }, { name: 'dev-vpc-cni' }, 'assume_role_policy');
    expect(cluster).toHavePolicyStatement('aws_iam_role_policy', { Sid: 'ManageNetworkInterfaces', Action: expect.arrayContaining(['ec2:AssignPrivateIpAddresses', 'ec2:CreateNetworkInterface']) });
    // The add-on owns the association: a separate one would be a second association for aws-node.
    expect(cluster).toHaveResourceCount('aws_eks_pod_identity_association', 0);
  });

  test('vpc-cni waits for the Pod Identity agent and for its role\'s policy', () => {
    expect(cluster).toHaveResourceMatching('aws_eks_addon', {
      addon_name: 'vpc-cni',
      depends_on: expect.arrayContaining([addonAddress(cluster, 'eks-pod-identity-agent'), expect.stringMatching(/^aws_iam_role_policy\.vpc-cni_/)]),
    });
  });

  test('before compute: the node group waits for vpc-cni, kube-proxy and the Pod Identity agent', () => {
    expect(cluster).toHaveResourceMatching('aws_eks_node_group', {
      depends_on: expect.arrayContaining([addonAddress(cluster, 'vpc-cni'), addonAddress(cluster, 'kube-proxy'), addonAddress(cluster, 'eks-pod-identity-agent')]),
    });
  });

  test('after compute: coredns and the EBS CSI driver wait for the node group, and the node group not for them', () => {
    for (const name of ['coredns', 'aws-ebs-csi-driver']) {
      expect(cluster).toHaveResourceMatching('aws_eks_addon', { addon_name: name, depends_on: expect.arrayContaining([nodeGroupAddress(cluster)]) });
    }
    const nodeGroupDependsOn = blocksOf(cluster, 'resource', 'aws_eks_node_group')[0].properties.depends_on as string[];
    expect(nodeGroupDependsOn).not.toContain(addonAddress(cluster, 'coredns'));
    expect(nodeGroupDependsOn).not.toContain(addonAddress(cluster, 'aws-ebs-csi-driver'));
  });

  test('coredns: EKS-managed autoscaling 2..10 and the CriticalAddonsOnly toleration (stable key order)', () => {
    expect(cluster).toHaveResourceMatching('aws_eks_addon', {
      addon_name: 'coredns',
      configuration_values:
        '{"autoScaling":{"enabled":true,"maxReplicas":10,"minReplicas":2},"tolerations":[{"key":"CriticalAddonsOnly","operator":"Exists"},{"effect":"NoSchedule","key":"node-role.kubernetes.io/control-plane"}]}',
    });
  });

  test('kube-proxy and the agent keep EKS\'s default configuration', () => {
    for (const name of ['kube-proxy', 'eks-pod-identity-agent']) {
      const addon = blocksOf(cluster, 'resource', 'aws_eks_addon').find((b) => b.properties.addon_name === name)!;
      expect(addon.properties.configuration_values).toBeUndefined();
      expect(addon.properties.pod_identity_association).toBeUndefined();
    }
  });

  test('aws-ebs-csi-driver: IAM through Pod Identity on ebs-csi-controller-sa with the cluster-scoped EBS CSI policy', () => {
    expect(cluster).toHaveResourceMatching('aws_eks_addon', {
      addon_name: 'aws-ebs-csi-driver',
      pod_identity_association: [{ role_arn: expect.stringMatching(/aws_iam_role\.aws-ebs-csi-driver_/), service_account: 'ebs-csi-controller-sa' }],
      depends_on: expect.arrayContaining([addonAddress(cluster, 'eks-pod-identity-agent')]),
    });
    expect(cluster).toHavePolicyStatement('aws_iam_role', { Condition: { StringEquals: expect.objectContaining({ 'aws:RequestTag/kubernetes-service-account': 'ebs-csi-controller-sa' }) } }, { name: 'dev-aws-ebs-csi-driver' }, 'assume_role_policy');
    // The upstream cluster-scoped policy: volumes this cluster's driver made, keyed on the Pod Identity session tag.
    expect(cluster).toHavePolicyStatement('aws_iam_role_policy', { Sid: 'CreateAndCopyVolumesWithClusterTag', Condition: { StringEquals: { 'aws:RequestTag/ebs.csi.aws.com/cluster-name': '$${aws:PrincipalTag/eks-cluster-name}' } } });
  });

  test('aws-ebs-csi-driver: the add-on\'s own unencrypted default StorageClass off (the storage-classes module makes an encrypted one)', () => {
    // Only keys of the add-on's configuration schema: it has no storageClasses (vendored schema).
    expect(cluster).toHaveResourceMatching('aws_eks_addon', { addon_name: 'aws-ebs-csi-driver', configuration_values: '{"defaultStorageClass":{"enabled":false}}' });
  });

  test('add-on versions and ARNs are outputs', () => {
    expect(cluster).toHaveOutput('vpc_cni_addon_version', { value: pinned['vpc-cni'].version });
    expect(cluster).toHaveOutput('coredns_addon_arn', { value: expect.stringMatching(/aws_eks_addon\.coredns_/) });
    expect(cluster).toHaveOutput('aws_ebs_csi_driver_pod_identity_role_arn', { value: expect.stringMatching(/aws_iam_role\./) });
  });

  test('no warnings at the defaults', () => {
    expect(result.warnings).toEqual([]);
  });
});

describe('core add-ons with options', () => {
  let result: Synthesized;
  let cluster: TerraformJson;
  const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  beforeAll(() => {
    result = synthSpec(
      {
        ...BASE_FIELDS,
        vpc: {},
        eks: { kubernetesVersion: '1.32' },
        'eks-pod-identity-agent': {},
        'vpc-cni': { prefixDelegation: false, resolveConflictsOnUpdate: 'OVERWRITE', podIdentityRoleName: 'dev-aws-node' },
        'kube-proxy': { version: 'v1.32.9-eksbuild.2' },
        coredns: { autoScaling: { minReplicas: 3, maxReplicas: 6 }, preserveOnDelete: false },
        'aws-ebs-csi-driver': { kmsKeyArns: [KEY] },
      },
      'dev',
      testRegistry(),
    );
    cluster = result.stacks.cluster!;
  });

  test('the builds pinned for the cluster\'s minor (CoreDNS 1.11 on Kubernetes 1.32)', () => {
    expect(cluster).toHaveResourceMatching('aws_eks_addon', { addon_name: 'coredns', addon_version: ADDON_VERSION_MATRIX['1.32'].coredns.version });
    expect(ADDON_VERSION_MATRIX['1.32'].coredns.version).toMatch(/^v1\.11\./);
  });

  test('a version override is installed, with a warning to check EKS offers it', () => {
    expect(cluster).toHaveResourceMatching('aws_eks_addon', { addon_name: 'kube-proxy', addon_version: 'v1.32.9-eksbuild.2' });
    expect(result.warnings).toEqual([
      {
        path: 'kube-proxy.version',
        message: `v1.32.9-eksbuild.2 replaces the pinned ${ADDON_VERSION_MATRIX['1.32']['kube-proxy'].version} for Kubernetes 1.32; EKS rejects builds it does not offer for this minor (aws eks describe-addon-versions --kubernetes-version 1.32 --addon-name kube-proxy)`,
      },
    ]);
  });

  test('vpc-cni without prefix delegation says so explicitly (PRESERVE would keep an old value)', () => {
    expect(cluster).toHaveResourceMatching('aws_eks_addon', { addon_name: 'vpc-cni', configuration_values: '{"env":{"ENABLE_PREFIX_DELEGATION":"false"}}', resolve_conflicts_on_update: 'OVERWRITE' });
    expect(cluster).toHaveResourceAt('dev-cluster/vpc-cni/addon/pod-identity-role/role', { name: 'dev-aws-node' });
  });

  test('coredns replicas and keep-on-delete follow the inputs', () => {
    expect(cluster).toHaveResourceMatching('aws_eks_addon', { addon_name: 'coredns', preserve: false, configuration_values: expect.stringContaining('"autoScaling":{"enabled":true,"maxReplicas":6,"minReplicas":3}') });
  });

  test('EBS: the driver may use the given key', () => {
    expect(cluster).toHavePolicyStatement('aws_iam_role_policy', { Sid: 'UseCustomerManagedKeysForVolumeEncryption', Resource: [KEY] });
  });
});

describe('the EBS CSI driver\'s other StorageClass modes', () => {
  test.each([
    ['ebs-csi-default-sc', '{"defaultStorageClass":{"enabled":true}}'],
    ['none', '{"defaultStorageClass":{"enabled":false}}'],
  ])('%s', (mode, configuration) => {
    const cluster = synthSpec({ ...BASE_FIELDS, vpc: {}, eks: {}, 'eks-pod-identity-agent': {}, 'aws-ebs-csi-driver': { defaultStorageClass: mode } }, 'dev', testRegistry()).stacks.cluster!;
    expect(cluster).toHaveResourceMatching('aws_eks_addon', { addon_name: 'aws-ebs-csi-driver', configuration_values: configuration });
  });
});
