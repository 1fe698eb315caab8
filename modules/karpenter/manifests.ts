import { EBS_CSI_CLUSTER_NAME_TAG } from '../pod-identity/policies';
import type { DocumentPath } from './crd-validation';
import { NODE_CLASS_NAME, type DisruptionBudget, type KarpenterInputs, type NodePoolInput } from './props';

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
  /** kubelet maxPods of every node (see `maxPods` in props.ts). */
  readonly maxPods: number;
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
      // Without it Karpenter caps pods by the instance's ENIs (29 on an m5.large), although with the
      // VPC CNI's prefix delegation a node has addresses for far more; see `maxPods` in props.ts.
      kubelet: { maxPods: options.maxPods },
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

/** A path below the module's inputs (`[]` for the module as a whole). */
export type InputPath = readonly (string | number)[];

/** A generated document and, for any of its fields, the input that produced it. */
export interface SourcedDocument {
  readonly document: KubernetesDocument;
  /** The input a document path comes from; `[]` for what the module derives itself (names, selectors). */
  inputPath(path: DocumentPath): InputPath;
}

/** What the EC2NodeClass needs besides the inputs: values only the build knows. */
export interface NodeClassContext {
  readonly clusterName: string;
  readonly nodeRoleName: string;
  /** The environment's tags; the inputs' nodeTags are added on top. */
  readonly environmentTags: Readonly<Record<string, string>>;
}

/**
 * Where each EC2NodeClass field comes from. `tags` mixes the environment's tags (the spec's top-level
 * `tags:`, outside this module's inputs) with `nodeTags`: only the latter have an input path here.
 */
export function ec2NodeClassInputPath(nodeTags: Readonly<Record<string, string>>, path: DocumentPath): InputPath {
  const [top, field, ...rest] = path;
  if (top !== 'spec') return [];
  switch (field) {
    case 'amiSelectorTerms':
      return ['amiAlias'];
    case 'blockDeviceMappings':
      return rest[1] === 'ebs' && rest[2] === 'volumeSize' ? ['diskSizeGib'] : [];
    case 'kubelet':
      return rest[0] === 'maxPods' ? ['maxPods'] : [];
    case 'tags':
      if (rest.length === 0) return ['nodeTags'];
      return Object.hasOwn(nodeTags, String(rest[0])) ? ['nodeTags', rest[0]] : [];
    default:
      return [];
  }
}

/** The NodePool input behind each `karpenter.sh`/`karpenter.k8s.aws` requirement the module writes (kubernetes.io/os is fixed). */
const REQUIREMENT_INPUTS: Readonly<Record<string, 'capacityTypes' | 'architectures' | 'instanceCategories' | 'instanceGenerationGreaterThan'>> = {
  'karpenter.sh/capacity-type': 'capacityTypes',
  'kubernetes.io/arch': 'architectures',
  'karpenter.k8s.aws/instance-category': 'instanceCategories',
  'karpenter.k8s.aws/instance-generation': 'instanceGenerationGreaterThan',
};

/** Where each field of a NodePool document comes from, relative to its entry in `nodePools`. */
export function nodePoolInputPath(document: KubernetesDocument, path: DocumentPath): InputPath {
  const [top, section, ...rest] = path;
  if (top === 'metadata') return section === 'name' ? ['name'] : [];
  if (top !== 'spec') return [];
  switch (section) {
    case 'template': {
      const [part, field, ...more] = rest;
      if (part === 'metadata') return field === 'labels' ? ['labels', ...more.slice(0, 1)] : [];
      if (part !== 'spec') return [];
      if (field === 'taints') return ['taints', ...more.slice(0, 2)];
      if (field === 'expireAfter') return ['expireAfter'];
      if (field === 'requirements' && typeof more[0] === 'number') {
        const requirements = (document.spec.template as { spec: { requirements: { key: string }[] } }).spec.requirements;
        const input = REQUIREMENT_INPUTS[requirements[more[0]]?.key];
        if (!input) return [];
        if (input === 'instanceGenerationGreaterThan') return [input];
        return more[1] === 'values' && typeof more[2] === 'number' ? [input, more[2]] : [input];
      }
      return [];
    }
    // disruption and limits mirror the inputs field for field (budgets[1].schedule, limits.cpu).
    case 'disruption':
    case 'limits':
      return [section, ...rest];
    case 'weight':
      return ['weight'];
    default:
      return [];
  }
}

export function ec2NodeClassSource(inputs: Pick<KarpenterInputs, 'amiAlias' | 'diskSizeGib' | 'maxPods' | 'nodeTags'>, context: NodeClassContext): SourcedDocument {
  const document = ec2NodeClassDocument({
    clusterName: context.clusterName,
    nodeRoleName: context.nodeRoleName,
    amiAlias: inputs.amiAlias,
    diskSizeGib: inputs.diskSizeGib,
    maxPods: inputs.maxPods,
    // The EBS CSI driver's cluster-scoped policy attaches volumes only to instances tagged for its
    // cluster (ebs.csi.aws.com/cluster-name, or eks:cluster-name which EKS puts on managed nodes only).
    tags: { ...context.environmentTags, ...inputs.nodeTags, [EBS_CSI_CLUSTER_NAME_TAG]: context.clusterName },
  });
  return { document, inputPath: (path) => ec2NodeClassInputPath(inputs.nodeTags, path) };
}

export function nodePoolSource(pool: NodePoolInput, index: number): SourcedDocument {
  const document = nodePoolDocument(pool);
  return { document, inputPath: (path) => ['nodePools', index, ...nodePoolInputPath(document, path)] };
}

/** Every document the module installs (the EC2NodeClass first, then the NodePools in input order). */
export function karpenterDocuments(inputs: KarpenterInputs, context: NodeClassContext): SourcedDocument[] {
  return [ec2NodeClassSource(inputs, context), ...inputs.nodePools.map(nodePoolSource)];
}
