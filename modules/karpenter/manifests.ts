import { NODE_CLASS_NAME, type DisruptionBudget, type NodePoolInput } from './props';

/**
 * The EC2NodeClass and NodePool documents (Karpenter v1 API) as plain objects: pure functions of
 * the inputs, so tests check them field by field and against the CRD schemas, and the module renders
 * them into the local chart that installs them (see helm.ts for why a chart).
 *
 * References: https://karpenter.sh/v1.14/concepts/nodeclasses/ and https://karpenter.sh/v1.14/concepts/nodepools/
 */

export interface KubernetesDocument {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
}

export interface NodeClassOptions {
  readonly clusterName: string;
  /** Name of the node IAM role; Karpenter creates and manages the instance profile from it. */
  readonly nodeRoleName: string;
  readonly amiAlias: string;
  readonly diskSizeGib: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** The tag the VPC puts on the cluster's private subnets and eks on the node security group. */
export const DISCOVERY_TAG = 'karpenter.sh/discovery';

/**
 * Encrypted gp3 volumes per AMI family, in the layout Karpenter uses by default
 * (https://karpenter.sh/v1.14/concepts/nodeclasses/#specblockdevicemappings): AL2023 has one root
 * volume; Bottlerocket a small OS volume plus a data volume for images and logs, which Karpenter
 * already treats as the ephemeral-storage volume, so neither is marked rootVolume there.
 */
function blockDeviceMappings(amiAlias: string, diskSizeGib: number): Record<string, unknown>[] {
  const ebs = (size: number) => ({ volumeSize: `${size}Gi`, volumeType: 'gp3', encrypted: true, deleteOnTermination: true });
  if (amiAlias.startsWith('bottlerocket@')) {
    return [
      { deviceName: '/dev/xvda', ebs: ebs(4) },
      { deviceName: '/dev/xvdb', ebs: ebs(diskSizeGib) },
    ];
  }
  return [{ deviceName: '/dev/xvda', rootVolume: true, ebs: ebs(diskSizeGib) }];
}

export function ec2NodeClassDocument(options: NodeClassOptions): KubernetesDocument {
  const discovery = [{ tags: { [DISCOVERY_TAG]: options.clusterName } }];
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: NODE_CLASS_NAME },
    spec: {
      amiSelectorTerms: [{ alias: options.amiAlias }],
      // `role`, not `instanceProfile`: Karpenter v1 creates, tags and deletes the instance profile
      // itself (https://karpenter.sh/v1.14/concepts/nodeclasses/#specrole), so we create none.
      role: options.nodeRoleName,
      subnetSelectorTerms: discovery,
      securityGroupSelectorTerms: discovery,
      // IMDSv2 only, hop limit 1: pods off the host network cannot reach the node role's credentials.
      metadataOptions: { httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpPutResponseHopLimit: 1, httpTokens: 'required' },
      blockDeviceMappings: blockDeviceMappings(options.amiAlias, options.diskSizeGib),
      tags: { ...options.tags },
    },
  };
}

function budgetDocument(budget: DisruptionBudget): Record<string, unknown> {
  return {
    nodes: String(budget.nodes),
    ...(budget.schedule !== undefined ? { schedule: budget.schedule } : {}),
    ...(budget.duration !== undefined ? { duration: budget.duration } : {}),
    ...(budget.reasons ? { reasons: [...budget.reasons] } : {}),
  };
}

/** A NodePool: each input maps to one v1 field (requirements, nodeClassRef, expireAfter, disruption, limits). */
export function nodePoolDocument(pool: NodePoolInput): KubernetesDocument {
  const requirements = [
    { key: 'karpenter.sh/capacity-type', operator: 'In', values: [...pool.capacityTypes] },
    { key: 'kubernetes.io/arch', operator: 'In', values: [...pool.architectures] },
    { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
    { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: [...pool.instanceCategories] },
    { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: [String(pool.instanceGenerationGreaterThan)] },
  ];
  const templateSpec: Record<string, unknown> = {
    nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: NODE_CLASS_NAME },
    requirements,
    expireAfter: pool.expireAfter,
    ...(pool.taints.length ? { taints: pool.taints.map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect })) } : {}),
  };
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: pool.name },
    spec: {
      template: {
        ...(Object.keys(pool.labels).length ? { metadata: { labels: { ...pool.labels } } } : {}),
        spec: templateSpec,
      },
      disruption: {
        consolidationPolicy: pool.disruption.consolidationPolicy,
        consolidateAfter: pool.disruption.consolidateAfter,
        budgets: pool.disruption.budgets.map(budgetDocument),
      },
      // Strings, as Karpenter's docs advise: the API server coerces quantities to strings anyway.
      limits: { cpu: String(pool.limits.cpu), memory: String(pool.limits.memory) },
      ...(pool.weight !== undefined ? { weight: pool.weight } : {}),
    },
  };
}
