import { z } from 'zod';
import { joinPath } from '../registry/errors';
import type { InputProblem } from '../registry/errors';
import { dnsLabel } from '../shared/schema';

/**
 * Inputs of the `karpenter` module. The authority on what Karpenter accepts is its CRDs, vendored at
 * v1.14.1 in upstream/crds/: every document the module generates is validated against their OpenAPI
 * schema and CEL rules when the spec is read (crd-problems.ts), so a value the API server would
 * refuse fails here, at synthesis, at the field that fixes it, with the CRD's own message.
 *
 * The checks below are only what the CRDs cannot say: module policy (AMI families, capacity types,
 * sizes), friendlier messages for common mistakes (an empty requirement list, a v1beta1 policy name),
 * and what Kubernetes checks later, outside the CRDs (label keys and taint value lengths, which the
 * NodeClaim and Node objects Karpenter creates must pass). Patterns copied from the CRD say so.
 */

/** Service account of the controller: the chart's `serviceAccount.name` and the Pod Identity association's. */
export const KARPENTER_SERVICE_ACCOUNT = 'karpenter';

/** Name of the EC2NodeClass every NodePool uses. */
export const NODE_CLASS_NAME = 'default';

/** `karpenter.sh/capacity-type` values we offer. Karpenter 1.x also has `reserved` (see capacityType). */
export const CAPACITY_TYPES = ['on-demand', 'spot'] as const;
export const ARCHITECTURES = ['amd64', 'arm64'] as const;
/** v1.14 added `Balanced` (https://karpenter.sh/v1.14/concepts/disruption/#balanced-consolidation). */
export const CONSOLIDATION_POLICIES = ['WhenEmptyOrUnderutilized', 'WhenEmpty', 'Balanced'] as const;
export const DISRUPTION_REASONS = ['Underutilized', 'Empty', 'Drifted'] as const;
/** Kubernetes spelling (a NodePool is a Kubernetes object), not the EKS API's NO_SCHEDULE. */
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

// Patterns copied from the v1.14.1 NodePool CRD.
const DURATION_OR_NEVER = /^(([0-9]+(s|m|h))+|Never)$/;
const BUDGET_DURATION = /^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$/;
const BUDGET_NODES = /^((100|[0-9]{1,2})%|[0-9]+)$/;
const BUDGET_SCHEDULE = /^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\s(.+)\s(.+)\s(.+)\s(.+))$/;
/** A Kubernetes resource quantity (the CRD's pattern, without exponents). */
const QUANTITY = /^(\d+(\.\d*)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
/** Module policy, narrower than the CRD (which also has al2 and the Windows families, and checks the length). */
const AMI_ALIAS = /^(al2023|bottlerocket)@(latest|v[0-9][0-9A-Za-z.-]*)$/;

const show = (value: unknown) => JSON.stringify(value);

function pattern(regex: RegExp, expected: string) {
  return z.string().check((ctx) => {
    if (!regex.test(ctx.value)) ctx.issues.push({ code: 'custom', message: `expected ${expected}, got ${show(ctx.value)}`, input: ctx.value });
  });
}

/** A quantity above zero, as a number (CPU cores) or a string ("500m", "1000Gi"). */
function positiveQuantity(what: string, examples: string) {
  return z.union([z.number(), z.string()]).check((ctx) => {
    const text = String(ctx.value);
    const match = QUANTITY.exec(text);
    if (!match || Number(match[1]) <= 0) {
      ctx.issues.push({ code: 'custom', message: `expected a ${what} quantity above 0 such as ${examples}, got ${show(ctx.value)}`, input: ctx.value });
    }
  });
}

function nonEmptyList<T extends z.ZodType>(item: T, what: string, examples: string) {
  return z.array(item).min(1, {
    error: `expected at least one ${what} (${examples}); an empty list would give the requirement no values, which Karpenter rejects ("requirements with operator 'In' must have a value defined")`,
  });
}

const capacityType = z.enum(CAPACITY_TYPES, {
  error: (issue) =>
    issue.input === 'reserved'
      ? '"reserved" launches only into capacity reservations the EC2NodeClass selects (capacityReservationSelectorTerms), and this module selects none, so Karpenter could never use it; use "on-demand" or "spot"'
      : undefined,
});

// Key and value syntax and the effect are the NodePool CRD's to check (its pattern for taint keys and
// values); only the value's length is not: the CRD sets no maximum, but the Node the taint lands on
// must pass Kubernetes' own taint validation, where a value is at most 63 characters.
const taint = z.strictObject({
  key: z.string().describe('Taint key: an optional DNS subdomain and "/", then a name (the NodePool CRD\'s pattern).'),
  value: z
    .string()
    .check((ctx) => {
      if (ctx.value.length > 63) {
        ctx.issues.push({ code: 'custom', message: `expected at most 63 characters, got ${ctx.value.length}: the NodePool CRD does not limit it, but Kubernetes refuses a Node with a longer taint value, so no node of the pool could register`, input: ctx.value });
      }
    })
    .optional()
    .describe('Taint value (letters, digits, "-", "_", "."; at most 63). @default none'),
  effect: z.enum(TAINT_EFFECTS).describe('NoSchedule, PreferNoSchedule or NoExecute (Kubernetes spelling).'),
});
export type NodePoolTaint = z.output<typeof taint>;

/**
 * A Kubernetes label key (a qualified name): an optional DNS-subdomain prefix of at most 253
 * characters and "/", then a name of at most 63. The NodePool CRD checks template label *values* and
 * which domains are reserved (CEL), but not the keys' syntax; Karpenter copies the labels onto the
 * NodeClaims and Nodes it creates, whose metadata Kubernetes does check, so a bad key would only fail
 * once a node is launched.
 */
const LABEL_KEY_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_KEY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !LABEL_KEY_PREFIX.test(prefix))) return false;
  return name.length <= 63 && LABEL_KEY_NAME.test(name);
}

// Values and reserved domains (karpenter.sh, karpenter.k8s.aws, kubernetes.io/hostname) are the CRD's.
const labels = z.record(z.string(), z.string()).check((ctx) => {
  for (const key of Object.keys(ctx.value)) {
    if (!isLabelKey(key)) {
      ctx.issues.push({
        code: 'custom',
        path: [key],
        message: `expected a Kubernetes label key: an optional DNS subdomain (at most 253 characters) and "/", then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit; got ${show(key)}`,
        input: ctx.value,
      });
    }
  }
});

// AWS's tag limits (128/256 characters); the keys Karpenter reserves are the EC2NodeClass CRD's to refuse.
const nodeTags = z.record(z.string().min(1).max(128), z.string().min(1).max(256));

const budget = z.strictObject({
  nodes: z
    .union([z.number(), z.string()])
    .check((ctx) => {
      if (!BUDGET_NODES.test(String(ctx.value))) ctx.issues.push({ code: 'custom', message: `expected a node count such as "5" or a percentage from "0%" to "100%", got ${show(ctx.value)}`, input: ctx.value });
    })
    .describe('How many of the NodePool\'s nodes may be disrupted at once: a count or a percentage.'),
  schedule: pattern(BUDGET_SCHEDULE, 'a cron schedule of five fields such as "0 9 * * mon-fri" or a macro such as "@daily" (UTC)')
    .optional()
    .describe('When the budget starts being active (cron, UTC); needs duration. @default always active'),
  duration: pattern(BUDGET_DURATION, 'minutes or hours such as "10m", "8h" or "1h30m" (cron has no seconds)')
    .optional()
    .describe('How long the budget stays active after each schedule hit; needs schedule. @default always active'),
  reasons: z.array(z.enum(DISRUPTION_REASONS)).min(1).optional().describe('Disruption reasons the budget limits: Underutilized, Empty, Drifted. @default all reasons'),
});
export type DisruptionBudget = z.output<typeof budget>;

const disruption = z.strictObject({
  consolidationPolicy: z
    .enum(CONSOLIDATION_POLICIES, {
      error: (issue) => (issue.input === 'WhenUnderutilized' ? 'v1beta1\'s "WhenUnderutilized" is "WhenEmptyOrUnderutilized" in Karpenter v1; use that (or "WhenEmpty", "Balanced")' : undefined),
    })
    .default('WhenEmptyOrUnderutilized')
    .describe('Which nodes consolidation may remove or replace: WhenEmptyOrUnderutilized (any, for cost), WhenEmpty (only empty ones), Balanced (only when the savings outweigh the pod disruption). @default "WhenEmptyOrUnderutilized"'),
  consolidateAfter: pattern(DURATION_OR_NEVER, 'a duration such as "30s", "5m" or "1h30m", or "Never" (no consolidation)')
    .default('1m')
    .describe('How long a node must see no pod added or removed before consolidation considers it; "Never" turns consolidation off. Valid with every policy in Karpenter v1. @default "1m"'),
  budgets: z.array(budget).min(1).max(50).default([{ nodes: '10%' }]).describe('Limits on how many nodes may be disrupted at once (the most restrictive active budget wins). @default [{ nodes: "10%" }]'),
});

const limits = z.strictObject({
  cpu: positiveQuantity('CPU', '1000 or "500m"').default('1000').describe('Most vCPUs all the NodePool\'s nodes together may have; Karpenter launches nothing beyond. @default "1000"'),
  memory: positiveQuantity('memory', '"1000Gi"').default('1000Gi').describe('Most memory all the NodePool\'s nodes together may have. @default "1000Gi"'),
});

const nodePool = z
  .strictObject({
    name: dnsLabel.describe('NodePool name (a Kubernetes object name, unique in the cluster).'),
    capacityTypes: nonEmptyList(capacityType, 'capacity type', '"on-demand", "spot"')
      .default(['on-demand', 'spot'])
      .describe('karpenter.sh/capacity-type values allowed; with both, Karpenter prefers spot and falls back to on-demand. @default ["on-demand", "spot"]'),
    architectures: nonEmptyList(z.enum(ARCHITECTURES), 'architecture', '"amd64", "arm64"')
      .default(['amd64'])
      .describe('kubernetes.io/arch values allowed; add arm64 (Graviton) once every image the pool may run is multi-arch. @default ["amd64"]'),
    instanceCategories: nonEmptyList(pattern(/^[a-z]+$/, 'an EC2 instance category such as "c", "m" or "r"'), 'instance category', '"c", "m", "r"')
      .default(['c', 'm', 'r'])
      .describe('karpenter.k8s.aws/instance-category values allowed (c compute, m general purpose, r memory). @default ["c", "m", "r"]'),
    instanceGenerationGreaterThan: z
      .number()
      .int()
      .min(0)
      .max(99)
      .default(4)
      .describe('Only instance generations above this (karpenter.k8s.aws/instance-generation Gt): 4 keeps to 5th generation and later, all Nitro. @default 4'),
    limits: limits.prefault({}).describe('Ceiling on the NodePool\'s total size, a guard against runaway scale-up. @default { cpu: "1000", memory: "1000Gi" }'),
    disruption: disruption.prefault({}).describe('How Karpenter consolidates and how fast it may disrupt nodes. @default WhenEmptyOrUnderutilized after 1m, 10% of nodes at a time'),
    expireAfter: pattern(DURATION_OR_NEVER, 'a duration such as "720h" or "Never"')
      .default('720h')
      .describe('Node lifetime before Karpenter replaces it (picks up new AMIs, limits drift); "Never" keeps nodes. @default "720h" (30 days)'),
    weight: z.number().int().min(1).max(100).optional().describe('Priority among NodePools that fit a pod (higher first). @default none (0)'),
    taints: z.array(taint).default([]).describe('Taints on the nodes; only pods tolerating them land there. @default none'),
    labels: labels
      .default({})
      .describe('Labels on the nodes. Of the reserved domains only the well-known labels the NodePool CRD allows may be set (karpenter.sh/capacity-type, karpenter.k8s.aws/instance-family, ...); never kubernetes.io/hostname. @default none'),
  })
  .describe('A Karpenter NodePool: which instances Karpenter may launch for pending pods, and how it retires them.');
export type NodePoolInput = z.output<typeof nodePool>;

export const karpenterInputSchema = z.strictObject({
  namespace: dnsLabel.default('kube-system').describe('Namespace of the controller; Karpenter\'s docs use kube-system or karpenter. The CRD and NodePool charts stay in the namespace they were first installed in: they hold only cluster-scoped objects, and moving them would delete every NodePool and so every Karpenter node. @default "kube-system"'),
  replicas: z.number().int().min(1).max(10).default(2).describe('Controller replicas (one leader, the others on standby, spread over zones). @default 2'),
  controllerResources: z
    .strictObject({
      cpu: positiveQuantity('CPU', '1 or "500m"').default('1').describe('CPU request and limit of each controller pod. @default "1"'),
      memory: positiveQuantity('memory', '"1Gi"').default('1Gi').describe('Memory request and limit of each controller pod. @default "1Gi"'),
    })
    .prefault({})
    .describe('Requests = limits for the controller container (Guaranteed QoS, as Karpenter\'s getting-started guide sets them). @default { cpu: "1", memory: "1Gi" }'),
  amiAlias: pattern(AMI_ALIAS, '"al2023@<version>" or "bottlerocket@<version>", the version "latest" or a release such as "al2023@v20251120" or "bottlerocket@v1.50.0"')
    .default('al2023@latest')
    .describe('EKS-optimized AMI family and version of Karpenter nodes (EC2NodeClass amiSelectorTerms alias, at most 30 characters). "latest" rolls nodes to each new AMI (drift); pin a version for production. @default "al2023@latest"'),
  diskSizeGib: z.number().int().min(20).max(16384).default(50).describe('Encrypted gp3 volume per node: the root volume on AL2023, the data volume on Bottlerocket. @default 50'),
  // The pods a node runs must match what the VPC's subnets were sized for: vpc.clusters[].podsPerNode
  // (default 110) sizes them, and vpc-cni's prefix delegation (default on) gives a node the addresses.
  // Without kubelet maxPods, Karpenter caps pods by the instance's ENIs instead (29 on an m5.large).
  // This module's declared dependencies (eks, eks-pod-identity-agent) expose neither the VPC plan's
  // podsPerNode nor vpc-cni's prefixDelegation, and it may not read modules it does not depend on, so
  // the number is an input with the VPC's default and bounds, and the shipped environments are tested
  // to keep the two equal (test/modules/karpenter/karpenter-max-pods.test.ts). The EC2NodeClass CRD
  // checks it too (kubelet.maxPods, an int32 >= 0).
  maxPods: z
    .number()
    .int()
    .min(1)
    .max(737)
    .default(110)
    .describe('Pods per Karpenter node (EC2NodeClass kubelet.maxPods). Keep it equal to vpc.clusters[].podsPerNode, which sizes the subnets for it; reaching it needs vpc-cni prefixDelegation (the default). @default 110'),
  nodeTags: nodeTags.default({}).describe('AWS tags on the instances, volumes and launch templates Karpenter creates, besides the environment\'s tags. @default none'),
  nodePools: z
    .array(nodePool)
    .min(1, { error: 'expected at least one NodePool; without one Karpenter launches nothing' })
    .prefault([{ name: 'default' }])
    .describe('NodePools, each a Kubernetes object naming the "default" EC2NodeClass. @default one NodePool "default" with every field at its default'),
});

export type KarpenterInputs = z.output<typeof karpenterInputSchema>;

/**
 * Checks across fields the CRDs cannot make (they see one NodePool at a time): unique NodePool names.
 * A budget's schedule without its duration is the NodePool CRD's rule ("'schedule' must be set with
 * 'duration'"), reported by the CRD check.
 */
export function karpenterProblems(inputs: KarpenterInputs): InputProblem[] {
  const problems: InputProblem[] = [];
  const firstIndex = new Map<string, number>();
  inputs.nodePools.forEach((pool, index) => {
    const earlier = firstIndex.get(pool.name);
    if (earlier === undefined) firstIndex.set(pool.name, index);
    else problems.push({ path: ['nodePools', index, 'name'], message: `NodePool "${pool.name}" is already defined at ${joinPath(['nodePools', earlier])}; NodePool names must be unique` });
  });
  return problems;
}
