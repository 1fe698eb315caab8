import { parse } from 'yaml';
import { karpenterControllerPolicy } from '../../../modules/karpenter/controller-policy';
import { inputJsonSchema } from '../../../modules/registry/describe';
import { karpenterModule } from '../../../modules/karpenter';
import { address, blocksOf, type TerraformJson } from '../../matchers';
import type { Synthesized } from '../../support/synth';
import { chartManifests, release, synthKarpenter } from './fixtures';

const ACCOUNT = '123456789012';
const addressOf = (tf: TerraformJson, type: string, name: string) => address(blocksOf(tf, 'resource', type).find((b) => b.properties.name === name)!);

describe('karpenter at its defaults (vpc + eks + eks-pod-identity-agent + karpenter: {})', () => {
  let result: Synthesized;
  let platform: TerraformJson;
  beforeAll(() => {
    result = synthKarpenter();
    platform = result.stacks.platform!;
  });

  test('everything lives in the platform stack; nothing is added to network or cluster', () => {
    expect(JSON.stringify(result.stacks.cluster)).not.toMatch(/karpenter_/);
    expect(platform).toHaveResourceCount('helm_release', 3);
    expect(platform).toHaveResourceCount('aws_sqs_queue', 1);
  });

  describe('controller IAM: the upstream v1.14.1 policy, as rendered in the stack', () => {
    // The expected statements with this environment's values; references are checked separately.
    const expected = karpenterControllerPolicy({
      partition: 'aws',
      region: 'eu-west-1',
      accountId: ACCOUNT,
      clusterName: 'dev',
      interruptionQueueArn: 'QUEUE',
      nodeRoleArn: 'NODE_ROLE',
    }).Statement;

    test.each(expected.map((s) => [s.Sid!, s] as const))('%s: actions, resources and conditions', (_sid, statement) => {
      const resource = statement.Resource.map((r) =>
        r === 'QUEUE' ? expect.stringMatching(/^\$\{aws_sqs_queue\.karpenter_interruption_queue_\w+\.arn\}$/) : r === 'NODE_ROLE' ? expect.stringMatching(/^\$\{aws_iam_role\.karpenter_iam_node-role_\w+\.arn\}$/) : r,
      );
      expect(platform).toHavePolicyStatement('aws_iam_role_policy', { ...statement, Resource: resource, Condition: statement.Condition ?? undefined }, { role: expect.stringMatching(/karpenter_iam_controller_role/) });
    });

    test('the policy has exactly the upstream statements and is inline on the controller role', () => {
      const policy = blocksOf(platform, 'resource', 'aws_iam_role_policy').find((b) => String(b.properties.role).includes('karpenter_iam_controller_role'))!;
      expect(JSON.parse(String(policy.properties.policy)).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(expected.map((s) => s.Sid));
      expect(policy.properties.name).toBe('least-privilege');
    });

    test('iam:PassRole names only the Karpenter node role', () => {
      expect(platform).toReference({ type: 'aws_iam_role_policy', where: { role: expect.stringMatching(/karpenter_iam_controller_role/) } }, 'policy', { type: 'aws_iam_role', where: { name: 'dev-karpenter-node' } });
      const statements = JSON.parse(String(blocksOf(platform, 'resource', 'aws_iam_role_policy')[0].properties.policy)).Statement as { Action: string[]; Resource: string[] }[];
      const passRole = statements.filter((s) => s.Action.includes('iam:PassRole'));
      expect(passRole).toHaveLength(1);
      expect(passRole[0].Resource).toEqual([`\${${addressOf(platform, 'aws_iam_role', 'dev-karpenter-node')}.arn}`]);
    });

    test('the role is for kube-system/karpenter of this cluster only, through a Pod Identity association', () => {
      expect(platform).toHaveResourceMatching('aws_iam_role', { name: 'dev-karpenter-controller' });
      expect(platform).toHavePolicyStatement(
        'aws_iam_role',
        {
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringEquals: {
              'aws:RequestTag/eks-cluster-arn': expect.stringContaining('terraform_remote_state'),
              'aws:RequestTag/kubernetes-namespace': 'kube-system',
              'aws:RequestTag/kubernetes-service-account': 'karpenter',
            },
          },
        },
        { name: 'dev-karpenter-controller' },
        'assume_role_policy',
      );
      expect(platform).toHaveResourceMatching('aws_eks_pod_identity_association', { cluster_name: 'dev', namespace: 'kube-system', service_account: 'karpenter' });
      expect(platform).toReference({ type: 'aws_eks_pod_identity_association' }, 'role_arn', { type: 'aws_iam_role', where: { name: 'dev-karpenter-controller' } });
    });
  });

  describe('node IAM and cluster access', () => {
    test('node role: EC2 trust, worker node + ECR pull-only + SSM, never the CNI policy', () => {
      expect(platform).toHavePolicyStatement('aws_iam_role', { Principal: { Service: 'ec2.amazonaws.com' }, Action: ['sts:AssumeRole'] }, { name: 'dev-karpenter-node' }, 'assume_role_policy');
      for (const policy of ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonSSMManagedInstanceCore']) {
        expect(platform).toHaveResourceMatching('aws_iam_role_policy_attachment', { policy_arn: `arn:aws:iam::aws:policy/${policy}`, role: expect.stringMatching(/aws_iam_role\.karpenter_iam_node-role/) });
      }
      expect(platform).toHaveResourceCount('aws_iam_role_policy_attachment', 3);
    });

    test('an EC2_LINUX access entry for the node role, with no access policy', () => {
      expect(platform).toHaveResourceMatching('aws_eks_access_entry', { cluster_name: 'dev', type: 'EC2_LINUX' });
      expect(platform).toReference({ type: 'aws_eks_access_entry' }, 'principal_arn', { type: 'aws_iam_role', where: { name: 'dev-karpenter-node' } });
      expect(platform).toHaveResourceCount('aws_eks_access_policy_association', 0);
    });

    test('no instance profile: Karpenter v1 makes it from EC2NodeClass.spec.role', () => {
      expect(platform).toHaveResourceCount('aws_iam_instance_profile', 0);
    });
  });

  describe('interruption queue and rules', () => {
    test('queue named after the cluster, SSE-SQS, messages kept 300 s', () => {
      expect(platform).toHaveResourceMatching('aws_sqs_queue', { name: 'dev-karpenter', sqs_managed_sse_enabled: true, message_retention_seconds: 300 });
    });

    test('queue policy: EventBridge (and SQS) may send; anything without TLS is denied', () => {
      expect(platform).toReference({ type: 'aws_sqs_queue_policy' }, 'queue_url', { type: 'aws_sqs_queue' });
      const queueArn = expect.stringMatching(/^\$\{aws_sqs_queue\.karpenter_interruption_queue_\w+\.arn\}$/);
      expect(platform).toHavePolicyStatement('aws_sqs_queue_policy', { Effect: 'Allow', Principal: { Service: ['events.amazonaws.com', 'sqs.amazonaws.com'] }, Action: 'sqs:SendMessage', Resource: queueArn });
      expect(platform).toHavePolicyStatement('aws_sqs_queue_policy', { Sid: 'DenyHTTP', Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: queueArn, Condition: { Bool: { 'aws:SecureTransport': false } } });
      expect(JSON.parse(String(blocksOf(platform, 'resource', 'aws_sqs_queue_policy')[0].properties.policy)).Id).toBe('EC2InterruptionPolicy');
    });

    test.each([
      ['dev-karpenter-scheduled-change', 'aws.health', 'AWS Health Event'],
      ['dev-karpenter-spot-interruption', 'aws.ec2', 'EC2 Spot Instance Interruption Warning'],
      ['dev-karpenter-rebalance', 'aws.ec2', 'EC2 Instance Rebalance Recommendation'],
      ['dev-karpenter-instance-state-change', 'aws.ec2', 'EC2 Instance State-change Notification'],
      ['dev-karpenter-capacity-reservation-interruption', 'aws.ec2', 'EC2 Capacity Reservation Instance Interruption Warning'],
    ])('rule %s: %s "%s" → the queue', (name, source, detailType) => {
      expect(platform).toHaveResourceMatching('aws_cloudwatch_event_rule', { name, event_pattern: JSON.stringify({ source: [source], 'detail-type': [detailType] }) });
      const rule = addressOf(platform, 'aws_cloudwatch_event_rule', name);
      expect(platform).toReference({ type: 'aws_cloudwatch_event_target', where: { rule: `\${${rule}.name}` } }, 'arn', { type: 'aws_sqs_queue' });
    });

    test('five rules, each with one target, delivering only once the queue policy exists', () => {
      expect(platform).toHaveResourceCount('aws_cloudwatch_event_rule', 5);
      expect(platform).toHaveResourceCount('aws_cloudwatch_event_target', 5);
      expect(platform).toHaveEveryResourceMatching('aws_cloudwatch_event_target', { target_id: 'KarpenterInterruptionQueueTarget', depends_on: [expect.stringMatching(/^aws_sqs_queue_policy\./)] });
    });
  });

  describe('Helm releases', () => {
    test('CRD chart and controller chart from Karpenter\'s public OCI registry, one pinned version, no registry credentials', () => {
      for (const [name, chart] of [
        ['karpenter-crd', 'karpenter-crd'],
        ['karpenter', 'karpenter'],
      ]) {
        expect(platform).toHaveResourceMatching('helm_release', { name, chart, repository: 'oci://public.ecr.aws/karpenter', version: '1.14.1', namespace: 'kube-system', repository_username: undefined, repository_password: undefined });
      }
      expect(platform).toHaveResourceMatching('helm_release', { name: 'karpenter', skip_crds: true });
    });

    test('order: CRDs, then the controller, then the NodeClass/NodePools chart', () => {
      const crds = addressOf(platform, 'helm_release', 'karpenter-crd');
      const controller = addressOf(platform, 'helm_release', 'karpenter');
      expect(release(platform, 'karpenter').depends_on).toEqual(expect.arrayContaining([crds]));
      expect(release(platform, 'karpenter-nodepools').depends_on).toEqual(expect.arrayContaining([crds, controller]));
      expect(release(platform, 'karpenter-crd').depends_on).toBeUndefined();
    });

    test('the controller waits for its IAM and its queue; the NodePools for the node role and its access entry', () => {
      expect(release(platform, 'karpenter').depends_on).toEqual(
        expect.arrayContaining([expect.stringMatching(/^aws_iam_role_policy\.karpenter_iam_controller/), expect.stringMatching(/^aws_eks_pod_identity_association\./), expect.stringMatching(/^aws_sqs_queue\./), expect.stringMatching(/^aws_sqs_queue_policy\./)]),
      );
      expect(release(platform, 'karpenter-nodepools').depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_eks_access_entry\./), expect.stringMatching(/^aws_iam_role_policy_attachment\.karpenter_iam_node-role/)]));
    });

    test('controller values: cluster, queue, zonal shift, 2 replicas, PDB, Guaranteed resources, on the system node group', () => {
      const values = release(platform, 'karpenter').values as string[];
      expect(values).toHaveLength(1);
      expect(parse(values[0])).toEqual({
        settings: { clusterName: 'dev', interruptionQueue: 'dev-karpenter', enableZonalShift: true },
        replicas: 2,
        podDisruptionBudget: { name: 'karpenter', maxUnavailable: 1 },
        controller: { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } },
        nodeSelector: { 'kubernetes.io/os': 'linux', 'node-role': 'system' },
        tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
        serviceAccount: { create: true, name: 'karpenter' },
      });
    });

    test('values are written with sorted keys and no YAML anchors (byte-stable, readable)', () => {
      const text = (release(platform, 'karpenter').values as string[])[0];
      const topKeys = text.split('\n').filter((line) => /^\w/.test(line)).map((line) => line.split(':')[0]);
      expect(topKeys).toEqual([...topKeys].sort());
      expect(text).not.toMatch(/[&*]a\d/);
      expect(synthKarpenter().text.platform).toBe(result.text.platform);
    });

    test('the system node group really carries the label and taint the values rely on', () => {
      expect(result.stacks.cluster).toHaveResourceMatching('aws_eks_node_group', { node_group_name_prefix: 'system-', labels: { 'node-role': 'system' }, taint: [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' }] });
    });

    test('the nodepools release installs the generated local chart from the stack\'s assets folder', () => {
      expect(release(platform, 'karpenter-nodepools')).toMatchObject({ namespace: 'kube-system', chart: expect.stringMatching(/^assets\/karpenter_releases_nodepools-chart_\w+\/[0-9a-f]{16}$/) });
      expect(release(platform, 'karpenter-nodepools').repository).toBeUndefined();
      const { files } = chartManifests(platform);
      expect(parse(files['Chart.yaml'])).toMatchObject({ apiVersion: 'v2', name: 'karpenter-nodepools', version: '1.0.0', appVersion: '1.14.1' });
      // The manifests are included verbatim, never run through the template engine.
      expect(files['templates/manifests.yaml']).toContain('{{ $.Files.Get $path }}');
      expect(Object.keys(files).filter((f) => f.startsWith('manifests/'))).toEqual(['manifests/00-ec2nodeclass-default.yaml', 'manifests/01-nodepool-default.yaml']);
    });

    test('every release uses the platform stack\'s helm provider, configured from the cluster name (no remote state, no resource)', () => {
      expect(platform).toHaveEveryResourceMatching('helm_release', { provider: 'helm' });
      expect(platform!.provider!.helm).toHaveLength(1);
      expect(platform).toHaveProviderBlock('helm', { kubernetes: { host: expect.stringMatching(/^\$\{data\.aws_eks_cluster\.\S+\.endpoint\}$/) } });
      expect(JSON.stringify(platform!.provider)).not.toMatch(/terraform_remote_state|\$\{aws_/);
      expect(platform).toHaveDataSourceMatching('aws_eks_cluster', { name: 'dev' });
    });
  });

  describe('the default EC2NodeClass and NodePool', () => {
    test('EC2NodeClass "default": AL2023 latest, node role by name, discovery by tag, IMDSv2 hop 1, encrypted gp3 root, 110 pods', () => {
      const [nodeClass] = chartManifests(platform).documents;
      expect(nodeClass).toEqual({
        apiVersion: 'karpenter.k8s.aws/v1',
        kind: 'EC2NodeClass',
        metadata: { name: 'default' },
        spec: {
          amiSelectorTerms: [{ alias: 'al2023@latest' }],
          role: 'dev-karpenter-node',
          subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'dev' } }],
          securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'dev' } }],
          metadataOptions: { httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpPutResponseHopLimit: 1, httpTokens: 'required' },
          blockDeviceMappings: [{ deviceName: '/dev/xvda', rootVolume: true, ebs: { volumeSize: '50Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true } }],
          kubelet: { maxPods: 110 },
          // ebs.csi.aws.com/cluster-name: the EBS CSI driver's cluster-scoped policy attaches volumes only to instances tagged for its cluster.
          tags: { environment: 'dev', 'managed-by': 'cdktf-eks-platform', 'ebs.csi.aws.com/cluster-name': 'dev' },
        },
      });
    });

    test('the tags the NodeClass selects by are the ones the VPC and eks modules write', () => {
      expect(result.stacks.network).toHaveResourceMatching('aws_subnet', { tags: expect.objectContaining({ 'karpenter.sh/discovery': 'dev' }) });
      expect(result.stacks.cluster).toHaveResourceMatching('aws_security_group', { tags: expect.objectContaining({ 'karpenter.sh/discovery': 'dev' }) });
    });

    test('NodePool "default": on-demand + spot, amd64, c/m/r gen 5+, 30-day expiry, consolidation after 1m, 10% budget, limits', () => {
      const pool = chartManifests(platform).documents[1];
      expect(pool).toEqual({
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        metadata: { name: 'default' },
        spec: {
          template: {
            spec: {
              nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
              requirements: [
                { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand', 'spot'] },
                { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
                { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
                { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'] },
                { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['4'] },
              ],
              expireAfter: '720h',
            },
          },
          disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m', budgets: [{ nodes: '10%' }] },
          limits: { cpu: '1000', memory: '1000Gi' },
        },
      });
    });
  });

  test('outputs: roles, queue and the pinned version', () => {
    expect(platform).toHaveOutput('karpenter_interruption_queue_name', { value: 'dev-karpenter' });
    expect(platform).toHaveOutput('karpenter_node_role_name', { value: 'dev-karpenter-node' });
    expect(platform).toHaveOutput('karpenter_version', { value: '1.14.1' });
    expect(platform).toHaveOutput('karpenter_controller_role_arn', { value: expect.stringMatching(/aws_iam_role\.karpenter_iam_controller/) });
  });

  test('no warnings at the defaults', () => {
    expect(result.warnings).toEqual([]);
  });
});

test('every optional input documents its default (@default in its description)', () => {
  type Schema = { properties?: Record<string, Schema>; required?: string[]; items?: Schema; description?: string };
  const undocumented: string[] = [];
  const walk = (schema: Schema, path: string) => {
    const object = schema.properties ? schema : schema.items?.properties ? schema.items : undefined;
    for (const [key, child] of Object.entries(object?.properties ?? {})) {
      const childPath = `${path}${schema.items ? '[]' : ''}${path ? '.' : ''}${key}`;
      if (!(object!.required ?? []).includes(key) && !/@default/.test(child.description ?? '')) undocumented.push(childPath);
      walk(child, childPath);
    }
  };
  walk(inputJsonSchema(karpenterModule) as Schema, '');
  expect(undocumented).toEqual([]);
});
