import { z } from 'zod';
import { AMI_TYPES, DEFAULT_KUBERNETES_VERSION, SUPPORTED_KUBERNETES_VERSIONS, type AmiType, type KubernetesVersion } from '../addons/versions';
import { dnsLabel, ipv4Cidr, kmsKeyArn, logRetentionDays } from '../shared/schema';

/** Control-plane log types EKS can ship to CloudWatch Logs (all five are on by default). */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

export const COMPUTE_MODES = ['node-groups', 'auto'] as const;
export type ComputeMode = (typeof COMPUTE_MODES)[number];

export const ALL_AMI_TYPES = [...Object.values(AMI_TYPES.al2023), ...Object.values(AMI_TYPES.bottlerocket)] as [AmiType, ...AmiType[]];

/** Taint effects as the EKS API spells them (not the Kubernetes `NoSchedule` form). */
export const TAINT_EFFECTS = ['NO_SCHEDULE', 'NO_EXECUTE', 'PREFER_NO_SCHEDULE'] as const;

/** EKS cluster names: https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html (name). */
export const CLUSTER_NAME_PATTERN = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;

const clusterName = z
  .string()
  .min(1, { error: 'expected a cluster name of 1 to 100 characters, got an empty string' })
  .max(100, { error: (issue) => `expected a cluster name of at most 100 characters (EKS limit), got ${String(issue.input).length}` })
  .regex(CLUSTER_NAME_PATTERN, {
    error: (issue) => `expected a cluster name of letters, digits, "-" and "_", starting with a letter or digit (EKS rule), got ${JSON.stringify(issue.input)}`,
  });

const kubernetesVersion = z
  .string({ error: (issue) => (issue.input === undefined ? undefined : `expected the version as a quoted string such as "${DEFAULT_KUBERNETES_VERSION}" (YAML reads 1.30 as the number 1.3), got ${JSON.stringify(issue.input)}`) })
  .check((ctx) => {
    if (!(SUPPORTED_KUBERNETES_VERSIONS as readonly string[]).includes(ctx.value)) {
      ctx.issues.push({ code: 'custom', message: `expected a supported Kubernetes version (${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}), got ${JSON.stringify(ctx.value)}`, input: ctx.value });
    }
  });

/**
 * An IAM role or user ARN, the only principals an access entry can hold. Roles may carry a path
 * (IAM Identity Center roles do): https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html
 */
export const IAM_PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]+$/;
const STS_SESSION_ARN = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;

const iamPrincipalArn = z.string().check((ctx) => {
  if (IAM_PRINCIPAL_ARN.test(ctx.value)) return;
  const session = STS_SESSION_ARN.exec(ctx.value);
  const message = session
    ? `${JSON.stringify(ctx.value)} is an STS session, which cannot hold an access entry; give the role's ARN, e.g. "arn:${session[1]}:iam::${session[2]}:role/${session[3]}"`
    : `expected an IAM role or user ARN such as "arn:aws:iam::111122223333:role/platform-admins", got ${JSON.stringify(ctx.value)}`;
  ctx.issues.push({ code: 'custom', message, input: ctx.value });
});

const instanceType = z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: (issue) => `expected an EC2 instance type such as "m7i.large", got ${JSON.stringify(issue.input)}` });

const taint = z.strictObject({
  key: z.string().min(1).max(63).describe('Taint key.'),
  value: z.string().max(63).optional().describe('Taint value. @default none'),
  effect: z.enum(TAINT_EFFECTS).describe('NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE.'),
});
export type TaintInput = z.output<typeof taint>;

/** The options every managed node group takes (the system group and the extra ones alike). */
function nodeGroupOptions(defaults: { labels: Record<string, string>; taints: TaintInput[]; labelsNote: string; taintsNote: string }) {
  return {
    instanceTypes: z.array(instanceType).min(1).max(20).default(['m7i.large']).describe('Instance types, most preferred first (several spread SPOT risk). @default ["m7i.large"]'),
    capacityType: z.enum(['ON_DEMAND', 'SPOT']).default('ON_DEMAND').describe('ON_DEMAND, or SPOT (cheaper, reclaimable with two minutes\' notice). @default "ON_DEMAND"'),
    amiType: z.enum(ALL_AMI_TYPES).default(AMI_TYPES.al2023.x86_64).describe(`Node OS image; AL2 is not offered (end of support 2025-11-26). @default "${AMI_TYPES.al2023.x86_64}"`),
    minSize: z.number().int().min(0).max(1000).default(2).describe('Fewest nodes. @default 2'),
    maxSize: z.number().int().min(1).max(1000).default(4).describe('Most nodes. @default 4'),
    desiredSize: z.number().int().min(0).max(1000).default(2).describe('Nodes at creation; later changes are left to autoscalers (ignored by Terraform). @default 2, one per zone in two zones'),
    diskSizeGib: z.number().int().min(20).max(16384).default(50).describe('Encrypted gp3 volume: the root volume on AL2023, the data volume on Bottlerocket. @default 50'),
    imdsHopLimit: z.union([z.literal(1), z.literal(2)]).default(1).describe('IMDSv2 hop limit: 1 keeps pods (not on the host network) away from the node role\'s credentials. @default 1'),
    labels: z.record(z.string().min(1).max(317), z.string().max(63)).default(defaults.labels).describe(`Kubernetes labels on the nodes. @default ${defaults.labelsNote}`),
    taints: z.array(taint).max(50).default(defaults.taints).describe(`Kubernetes taints on the nodes. @default ${defaults.taintsNote}`),
    subnetGroups: z.array(z.string().min(1)).min(1).optional().describe('VPC subnet groups (private ones only) to place the nodes in. @default the private subnets the VPC assigns to this cluster'),
  };
}

const systemNodeGroup = z
  .strictObject(
    nodeGroupOptions({
      labels: { 'node-role': 'system' },
      taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' }],
      labelsNote: '{"node-role": "system"}',
      taintsNote: 'CriticalAddonsOnly=true:NO_SCHEDULE (only critical add-ons and controllers that tolerate it run here)',
    }),
  )
  .describe('The managed node group for cluster-critical add-ons and controllers (not created in auto mode).');

const nodeGroup = z
  .strictObject({
    name: dnsLabel.describe('Node group name, unique in the cluster ("system" is taken).'),
    ...nodeGroupOptions({ labels: {}, taints: [], labelsNote: 'none', taintsNote: 'none' }),
  })
  .describe('An additional managed node group.');
export type NodeGroupInput = z.output<typeof nodeGroup>;
export type NodeGroupOptions = Omit<NodeGroupInput, 'name'>;

const fargateSelector = z.strictObject({
  namespace: z.string().min(1).max(63).describe('Namespace whose pods run on Fargate (wildcards * and ? allowed).'),
  labels: z.record(z.string(), z.string()).optional().describe('Pod labels that must also match. @default none (every pod in the namespace)'),
});

const fargateProfile = z
  .strictObject({
    name: dnsLabel.describe('Fargate profile name, unique in the cluster.'),
    selectors: z.array(fargateSelector).min(1).max(5).describe('Pods matching any selector run on Fargate (EKS allows at most 5).'),
    subnetGroups: z.array(z.string().min(1)).min(1).optional().describe('VPC subnet groups (private ones only; Fargate takes no others). @default the private subnets the VPC assigns to this cluster'),
  })
  .describe('A Fargate profile.');
export type FargateProfileInput = z.output<typeof fargateProfile>;

export const eksInputs = z.strictObject({
  name: clusterName.optional().describe('EKS cluster name; the VPC must list it in vpc.clusters. @default the environment name'),
  kubernetesVersion: kubernetesVersion.default(DEFAULT_KUBERNETES_VERSION).describe(`Kubernetes minor version. @default "${DEFAULT_KUBERNETES_VERSION}"`),
  upgradeSupportType: z.enum(['STANDARD', 'EXTENDED']).default('STANDARD').describe('STANDARD auto-upgrades at the end of standard support; EXTENDED keeps the version (and bills extended support). @default "STANDARD"'),
  deletionProtection: z.boolean().default(true).describe('EKS refuses to delete the cluster until this is turned off. @default true'),
  spotServiceLinkedRole: z
    .enum(['create', 'exists'])
    .optional()
    .describe('AWSServiceRoleForEC2Spot, which Spot launches need (AuthFailure.ServiceLinkedRoleCreationNotPermitted in an account that never used Spot): "create" it here (one environment per account), or declare it "exists" (another environment or `aws iam create-service-linked-role --aws-service-name spot.amazonaws.com` made it). @default undefined: a warning when Spot is used'),

  clusterCreatorAdmin: z.boolean().default(false).describe('Make the principal running Terraform a cluster admin. Read only when the cluster is created: a later change is ignored (lifecycle ignore_changes), since the provider would replace the cluster for it. @default false'),
  admins: z.array(iamPrincipalArn).default([]).describe('IAM role/user ARNs given AmazonEKSClusterAdminPolicy on the whole cluster. @default none'),
  viewers: z.array(iamPrincipalArn).default([]).describe('IAM role/user ARNs given AmazonEKSViewPolicy on the whole cluster. @default none'),

  endpointPublicAccess: z.boolean().default(false).describe('Expose the API server endpoint to the internet (allow-listed). The private endpoint is always on. @default false'),
  publicAccessCidrs: z.array(ipv4Cidr).default([]).describe('CIDRs allowed to reach the public endpoint. @default none'),
  allowPublicAccessFromAnywhere: z.boolean().default(false).describe('Accept 0.0.0.0/0 in publicAccessCidrs. @default false'),
  controlPlaneSubnetGroup: z.string().min(1).optional().describe('VPC subnet group (intra or private) for the control-plane ENIs. @default the cluster\'s private subnets'),

  secretsKmsKeyArn: kmsKeyArn.optional().describe('KMS key for envelope encryption of Kubernetes secrets. @default a dedicated key with rotation (alias <cluster>/eks-secrets)'),
  controlPlaneLogTypes: z.array(z.enum(CONTROL_PLANE_LOG_TYPES)).default([...CONTROL_PLANE_LOG_TYPES]).describe('Control-plane logs sent to CloudWatch Logs. @default all five'),
  logRetentionDays: logRetentionDays.default(90).describe('Retention of /aws/eks/<cluster>/cluster. @default 90'),
  logKmsKeyArn: kmsKeyArn.optional().describe('KMS key for the control-plane log group. @default a dedicated key with rotation (alias <cluster>/eks-logs)'),

  computeMode: z.enum(COMPUTE_MODES).default('node-groups').describe('node-groups: managed node groups (a system group plus nodeGroups); auto: EKS Auto Mode runs compute, storage and load balancing. @default "node-groups"'),
  systemNodeGroup: systemNodeGroup.prefault({}).describe('The "system" managed node group (node-groups mode). @default m7i.large ×2 (2–4), AL2023, on-demand, tainted CriticalAddonsOnly'),
  nodeGroups: z.array(nodeGroup).default([]).describe('More managed node groups. @default none'),
  fargateProfiles: z.array(fargateProfile).default([]).describe('Fargate profiles. @default none'),
});

export type EksInputs = z.output<typeof eksInputs>;
export type { KubernetesVersion };
