/**
 * Policy rules over synthesized Terraform JSON. They know no module: they read resource types and
 * attributes, so they judge stacks built from users' own modules too.
 */
import { PLACEMENT_RULE } from './placement';
import { policyStatements, type TerraformJson } from './terraform-json';

export type { TerraformJson } from './terraform-json';

export interface Finding {
  readonly rule: string;
  /** `<type>.<logical id>` of the offending resource. */
  readonly address: string;
  readonly message: string;
}

export interface PolicyRule {
  readonly id: string;
  /**
   * The checkov check that judges the same thing, where one exists at the pinned checkov version
   * (verify/upstream/checkov-checks.json; test/verify/checkov-ids.test.ts holds the list to it).
   * `npm run check -- --checkov` merges its results with ours and maps waivers to it.
   */
  readonly checkov?: string;
  /**
   * Where checkov reports that check when it is not on this resource: the resource this attribute
   * references. @default this resource
   */
  readonly checkovReportsOn?: CheckovSubject;
  readonly resourceType: string;
  readonly attribute: string;
  readonly fix: string;
  /** Problems of one resource of `resourceType`, as messages (empty when it passes). */
  check(resource: Record<string, unknown>): string[];
}

/** The resource a graph check reports on: the `type` resource referenced by `attribute` (`${aws_vpc.x.id}`). */
export interface CheckovSubject {
  readonly attribute: string;
  readonly type: string;
}

const get = (value: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

const allowsWildcardAdmin = (resource: Record<string, unknown>): string[] =>
  policyStatements(resource.policy)
    .filter((s) => s.Effect === 'Allow' && list(s.Action).includes('*') && list(s.Resource).includes('*'))
    .map(() => 'a statement allows "Action": "*" on "Resource": "*"');

const wildcardPassRole = (resource: Record<string, unknown>): string[] =>
  policyStatements(resource.policy)
    .filter((s) => s.Effect === 'Allow' && list(s.Action).some((a) => a === 'iam:PassRole' || a === 'iam:*' || a === '*') && list(s.Resource).includes('*'))
    .map(() => 'iam:PassRole is allowed on "Resource": "*"');

export const RULES: readonly PolicyRule[] = [
  { id: 'EKS001', checkov: 'CKV_AWS_58', resourceType: 'aws_eks_cluster', attribute: 'encryption_config', fix: 'keep the eks module default (a KMS key) or set eks.secretsKmsKeyArn', check: (r) => (list(get(first(r.encryption_config), 'resources')).includes('secrets') ? [] : ['secrets are not envelope-encrypted with KMS']) },
  { id: 'EKS002', checkov: 'CKV_AWS_37', resourceType: 'aws_eks_cluster', attribute: 'enabled_cluster_log_types', fix: 'keep eks.controlPlaneLogTypes at its default (all five)', check: (r) => ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].filter((t) => !list(r.enabled_cluster_log_types).includes(t)).map((t) => `control-plane log type "${t}" is off`) },
  {
    id: 'EKS003',
    // Not CKV_AWS_39 ("public endpoint disabled"): that one fails any public endpoint, allow-list or not.
    checkov: 'CKV_AWS_38',
    resourceType: 'aws_eks_cluster',
    attribute: 'vpc_config.public_access_cidrs',
    fix: 'set eks.endpointPublicAccess: false, or give eks.publicAccessCidrs a narrow allow-list',
    check: (r) => {
      const vpc = first(r.vpc_config) as Record<string, unknown> | undefined;
      if (!vpc || vpc.endpoint_public_access === false) return [];
      const cidrs = list(vpc.public_access_cidrs);
      return cidrs.length === 0 || cidrs.includes('0.0.0.0/0') ? ['the API endpoint is public to the whole internet'] : [];
    },
  },
  { id: 'EC2001', checkov: 'CKV_AWS_79', resourceType: 'aws_launch_template', attribute: 'metadata_options.http_tokens', fix: 'require IMDSv2: metadata_options.http_tokens = "required"', check: (r) => (get(first(r.metadata_options), 'http_tokens') === 'required' ? [] : ['IMDSv2 is not required']) },
  {
    // No checkov counterpart: CKV_AWS_8 runs on aws_launch_configuration and aws_instance only.
    id: 'EC2002',
    resourceType: 'aws_launch_template',
    attribute: 'block_device_mappings.ebs.encrypted',
    fix: 'encrypt every block device (ebs.encrypted = "true")',
    check: (r) => list(r.block_device_mappings).filter((m) => !['true', true].includes(get(first(get(m, 'ebs')), 'encrypted') as string | boolean)).map(() => 'a block device is not encrypted'),
  },
  { id: 'EKS004', checkov: 'CKV_AWS_100', resourceType: 'aws_eks_node_group', attribute: 'remote_access', fix: 'remove remote_access (use SSM Session Manager)', check: (r) => (r.remote_access === undefined ? [] : ['nodes accept SSH through remote_access']) },
  // CKV2_AWS_12 is a graph check reported on the VPC, not on its default security group.
  { id: 'VPC001', checkov: 'CKV2_AWS_12', checkovReportsOn: { attribute: 'vpc_id', type: 'aws_vpc' }, resourceType: 'aws_default_security_group', attribute: 'ingress/egress', fix: 'adopt the default security group with no rules', check: (r) => (list(r.ingress).length || list(r.egress).length ? ['the default security group has rules'] : []) },
  { id: 'KMS001', checkov: 'CKV_AWS_7', resourceType: 'aws_kms_key', attribute: 'enable_key_rotation', fix: 'set enable_key_rotation = true', check: (r) => (r.enable_key_rotation === true ? [] : ['key rotation is off']) },
  { id: 'SQS001', checkov: 'CKV_AWS_27', resourceType: 'aws_sqs_queue', attribute: 'sqs_managed_sse_enabled/kms_master_key_id', fix: 'set sqs_managed_sse_enabled = true or a kms_master_key_id', check: (r) => (r.sqs_managed_sse_enabled === true || r.kms_master_key_id ? [] : ['the queue is not encrypted']) },
  // CKV_AWS_66 ("specifies retention days"), not CKV_AWS_338 (at least a year), which judges more than this rule.
  { id: 'LOG001', checkov: 'CKV_AWS_66', resourceType: 'aws_cloudwatch_log_group', attribute: 'retention_in_days', fix: 'set a retention period', check: (r) => (typeof r.retention_in_days === 'number' && r.retention_in_days > 0 ? [] : ['the log group keeps logs forever (no retention)']) },
  // CKV_AWS_62 ("*-*" administrative privileges) is this test exactly; CKV_AWS_355 judges any "*" resource.
  { id: 'IAM001', checkov: 'CKV_AWS_62', resourceType: 'aws_iam_role_policy', attribute: 'policy', fix: 'list the actions and resources the role needs', check: allowsWildcardAdmin },
  { id: 'IAM002', checkov: 'CKV_AWS_62', resourceType: 'aws_iam_policy', attribute: 'policy', fix: 'list the actions and resources the policy needs', check: allowsWildcardAdmin },
  { id: 'IAM003', resourceType: 'aws_iam_role_policy', attribute: 'policy', fix: 'scope iam:PassRole to the role ARNs passed', check: wildcardPassRole },
  { id: 'IAM004', resourceType: 'aws_iam_policy', attribute: 'policy', fix: 'scope iam:PassRole to the role ARNs passed', check: wildcardPassRole },
];

/** Stack-level rules: checked over a whole stack rather than one resource. */
export const STACK_RULES: readonly { readonly id: string; readonly checkov?: string; readonly fix: string }[] = [
  { id: 'VPC002', checkov: 'CKV2_AWS_11', fix: 'keep vpc.flowLogs.enabled (a flow log per VPC)' },
  // Checked across stacks by verify/placement.ts: subnets and node groups live in different stacks.
  { id: PLACEMENT_RULE.id, fix: PLACEMENT_RULE.fix },
];

/** Every rule id a finding can carry, for waivers (`waivers[].rule`) and their did-you-mean hints. */
export const RULE_IDS: readonly string[] = [...RULES.map((r) => r.id), ...STACK_RULES.map((r) => r.id)];

/** A checkov check id as checkov prints it: `CKV_AWS_38`, `CKV2_AWS_11`, `CKV_K8S_21`. */
export const CHECKOV_ID = /^CKV2?_[A-Z0-9]+_\d+$/;

/** Our rule id → its checkov counterpart, for every rule that has one. */
export const CHECKOV_COUNTERPARTS: ReadonlyMap<string, string> = new Map([...RULES, ...STACK_RULES].flatMap((r) => (r.checkov ? [[r.id, r.checkov] as const] : [])));

/** Stack-level rules: something that must exist in a stack, not a property of one resource. */
export function stackFindings(tf: TerraformJson): Finding[] {
  const vpcs = Object.keys(tf.resource?.aws_vpc ?? {});
  const flowLogs = Object.values(tf.resource?.aws_flow_log ?? {});
  return vpcs
    .filter((id) => !flowLogs.some((f) => String(f.vpc_id).includes(`aws_vpc.${id}.`)))
    .map((id) => ({ rule: 'VPC002', address: `aws_vpc.${id}`, message: 'the VPC has no flow log (CKV2_AWS_11); keep vpc.flowLogs.enabled' }));
}

export function checkStack(tf: TerraformJson, rules: readonly PolicyRule[] = RULES): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const [id, body] of Object.entries(tf.resource?.[rule.resourceType] ?? {})) {
      for (const message of rule.check(body)) findings.push({ rule: rule.id, address: `${rule.resourceType}.${id}`, message: `${message} (${rule.attribute}${rule.checkov ? `, ${rule.checkov}` : ''}); fix: ${rule.fix}` });
    }
  }
  return [...findings, ...stackFindings(tf)];
}
