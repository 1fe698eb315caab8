import { parse } from 'yaml';
import type { TerraformJson } from '../../matchers';
import { chartManifests, nodePool, release, requirement, synthKarpenter } from './fixtures';

describe('karpenter with every NodePool option', () => {
  let platform: TerraformJson;
  beforeAll(() => {
    platform = synthKarpenter({
      nodePools: [
        { name: 'default' },
        {
          name: 'batch',
          capacityTypes: ['spot'],
          architectures: ['amd64', 'arm64'],
          instanceCategories: ['c', 'm'],
          instanceGenerationGreaterThan: 6,
          limits: { cpu: 64, memory: '256Gi' },
          disruption: {
            consolidationPolicy: 'WhenEmpty',
            consolidateAfter: '5m',
            budgets: [{ nodes: '20%', reasons: ['Empty', 'Drifted'] }, { nodes: 0, schedule: '0 9 * * mon-fri', duration: '8h' }],
          },
          expireAfter: 'Never',
          weight: 50,
          taints: [{ key: 'workload', value: 'batch', effect: 'NoSchedule' }, { key: 'dedicated', effect: 'NoExecute' }],
          labels: { workload: 'batch', 'example.com/team': 'data' },
        },
      ],
    }).stacks.platform!;
  });

  test('capacityTypes → requirement karpenter.sh/capacity-type In', () => {
    expect(requirement(nodePool(platform, 'batch'), 'karpenter.sh/capacity-type')).toEqual({ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] });
  });

  test('architectures → requirement kubernetes.io/arch In', () => {
    expect(requirement(nodePool(platform, 'batch'), 'kubernetes.io/arch')?.values).toEqual(['amd64', 'arm64']);
  });

  test('instanceCategories → requirement karpenter.k8s.aws/instance-category In', () => {
    expect(requirement(nodePool(platform, 'batch'), 'karpenter.k8s.aws/instance-category')).toEqual({ key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm'] });
  });

  test('instanceGenerationGreaterThan → requirement karpenter.k8s.aws/instance-generation Gt, as a string', () => {
    expect(requirement(nodePool(platform, 'batch'), 'karpenter.k8s.aws/instance-generation')).toEqual({ key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['6'] });
  });

  test('limits → spec.limits (quantities as strings)', () => {
    expect(nodePool(platform, 'batch').spec.limits).toEqual({ cpu: '64', memory: '256Gi' });
  });

  test('disruption → spec.disruption (policy, consolidateAfter, budgets with schedule, duration and reasons)', () => {
    expect(nodePool(platform, 'batch').spec.disruption).toEqual({
      consolidationPolicy: 'WhenEmpty',
      consolidateAfter: '5m',
      budgets: [
        { nodes: '20%', reasons: ['Empty', 'Drifted'] },
        { nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h' },
      ],
    });
  });

  test('expireAfter → spec.template.spec.expireAfter', () => {
    expect(nodePool(platform, 'batch').spec.template.spec.expireAfter).toBe('Never');
  });

  test('weight → spec.weight; absent when not given', () => {
    expect(nodePool(platform, 'batch').spec.weight).toBe(50);
    expect(nodePool(platform, 'default').spec.weight).toBeUndefined();
  });

  test('taints → spec.template.spec.taints (value only when given)', () => {
    expect(nodePool(platform, 'batch').spec.template.spec.taints).toEqual([
      { key: 'workload', value: 'batch', effect: 'NoSchedule' },
      { key: 'dedicated', effect: 'NoExecute' },
    ]);
    expect(nodePool(platform, 'default').spec.template.spec.taints).toBeUndefined();
  });

  test('labels → spec.template.metadata.labels', () => {
    expect(nodePool(platform, 'batch').spec.template.metadata).toEqual({ labels: { workload: 'batch', 'example.com/team': 'data' } });
    expect(nodePool(platform, 'default').spec.template.metadata).toBeUndefined();
  });

  test('every NodePool refers to the one EC2NodeClass', () => {
    const pools = chartManifests(platform).documents.filter((d) => d.kind === 'NodePool');
    expect(pools.map((p) => p.metadata.name)).toEqual(['default', 'batch']);
    for (const pool of pools) expect(pool.spec.template.spec.nodeClassRef).toEqual({ group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' });
  });
});

describe('karpenter controller, node class and naming options', () => {
  let platform: TerraformJson;
  beforeAll(() => {
    platform = synthKarpenter(
      {
        namespace: 'karpenter',
        replicas: 3,
        controllerResources: { cpu: '500m', memory: '768Mi' },
        amiAlias: 'bottlerocket@v1.50.0',
        diskSizeGib: 100,
        nodeTags: { 'cost-center': 'platform' },
        nodePools: [{ name: 'general', disruption: { consolidationPolicy: 'Balanced' } }],
      },
      'staging',
    ).stacks.platform!;
  });

  test('namespace: every release and the Pod Identity association move to it; the CRD release creates it', () => {
    expect(platform).toHaveEveryResourceMatching('helm_release', { namespace: 'karpenter' });
    expect(release(platform, 'karpenter-crd').create_namespace).toBe(true);
    expect(platform).toHaveResourceMatching('aws_eks_pod_identity_association', { namespace: 'karpenter', service_account: 'karpenter' });
    expect(platform).toHavePolicyStatement('aws_iam_role', { Condition: { StringEquals: expect.objectContaining({ 'aws:RequestTag/kubernetes-namespace': 'karpenter' }) } }, { name: 'staging-karpenter-controller' }, 'assume_role_policy');
  });

  test('replicas and controller resources reach the values', () => {
    const values = parse((release(platform, 'karpenter').values as string[])[0]);
    expect(values.replicas).toBe(3);
    expect(values.controller.resources).toEqual({ requests: { cpu: '500m', memory: '768Mi' }, limits: { cpu: '500m', memory: '768Mi' } });
    expect(values.settings).toEqual({ clusterName: 'staging', interruptionQueue: 'staging-karpenter', enableZonalShift: true });
  });

  test('a Bottlerocket alias: small OS volume plus the data volume of the chosen size, both encrypted gp3', () => {
    const nodeClass = chartManifests(platform).documents[0];
    expect(nodeClass.spec.amiSelectorTerms).toEqual([{ alias: 'bottlerocket@v1.50.0' }]);
    expect(nodeClass.spec.blockDeviceMappings).toEqual([
      { deviceName: '/dev/xvda', ebs: { volumeSize: '4Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true } },
      { deviceName: '/dev/xvdb', ebs: { volumeSize: '100Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true } },
    ]);
  });

  test('nodeTags are added to the environment tags on what Karpenter launches', () => {
    expect(chartManifests(platform).documents[0].spec.tags).toEqual({ environment: 'staging', 'managed-by': 'cdktf-eks-platform', 'cost-center': 'platform', 'ebs.csi.aws.com/cluster-name': 'staging' });
  });

  test('Balanced consolidation (Karpenter 1.14) is passed through', () => {
    expect(nodePool(platform, 'general').spec.disruption.consolidationPolicy).toBe('Balanced');
  });

  test('a pinned AL2023 release is accepted and keeps the single root volume', () => {
    const al2023 = synthKarpenter({ amiAlias: 'al2023@v20251120', diskSizeGib: 80 }).stacks.platform!;
    const nodeClass = chartManifests(al2023).documents[0];
    expect(nodeClass.spec.amiSelectorTerms).toEqual([{ alias: 'al2023@v20251120' }]);
    expect(nodeClass.spec.blockDeviceMappings).toEqual([{ deviceName: '/dev/xvda', rootVolume: true, ebs: { volumeSize: '80Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true } }]);
  });

  test('changing a NodePool changes the chart path, so Terraform plans a Helm upgrade', () => {
    const before = release(synthKarpenter().stacks.platform!, 'karpenter-nodepools').chart;
    const after = release(synthKarpenter({ nodePools: [{ name: 'default', expireAfter: '336h' }] }).stacks.platform!, 'karpenter-nodepools').chart;
    expect(after).not.toBe(before);
    expect(release(synthKarpenter().stacks.platform!, 'karpenter-nodepools').chart).toBe(before);
  });
});
