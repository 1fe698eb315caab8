import { z } from 'zod';
import { InternalError, SpecError, didYouMean, joinPath, toSpecIssues, type AnyModuleDefinition, type ModuleRegistry, type SpecIssue } from '../modules/registry';
import { dnsLabel } from '../modules/shared/schema';
import { CHECKOV_ID, RULE_IDS } from '../verify/rules';
import type { Waiver } from '../verify/waivers';
import { MODULE_VERSIONS_FIELD, checkPinnedMajor, migrateInputs } from './migrations';

const backend = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('local').describe('State files beside the project: terraform.<stack>.tfstate.'),
  }),
  z.strictObject({
    type: z.literal('s3'),
    bucket: z.string().min(3).describe('Existing S3 bucket for state (versioning on, public access blocked).'),
    keyPrefix: z.string().default('').describe('Prefix of every state key; keys are <prefix><environment>/<stack>.tfstate. @default ""'),
    region: z.string().optional().describe('Bucket region. @default the environment region'),
    kmsKeyId: z.string().optional().describe('KMS key for state encryption. @default S3-managed (SSE-S3)'),
    useLockfile: z.boolean().default(true).describe('S3-native state locking (Terraform 1.10+). @default true'),
    dynamodbTable: z.string().optional().describe('Legacy DynamoDB lock table, for Terraform < 1.10. @default none'),
  }),
  z.strictObject({
    type: z.literal('cloud').describe('HCP Terraform / Terraform Enterprise: one workspace per stack, created by the <environment>-bootstrap stack.'),
    organization: z
      .string({ error: (issue) => (issue.input === undefined ? 'is required: the HCP Terraform organization that holds the workspaces' : undefined) })
      .regex(/^[A-Za-z0-9_-]+$/, { error: (issue) => `expected an HCP Terraform organization name (letters, digits, "-" and "_"), got ${JSON.stringify(issue.input)}` })
      .describe('HCP Terraform organization.'),
    hostname: z
      .string()
      .regex(/^[a-z0-9.-]+$/, { error: (issue) => `expected a host name such as "app.terraform.io", got ${JSON.stringify(issue.input)}` })
      .default('app.terraform.io')
      .describe('HCP Terraform or Terraform Enterprise host. @default "app.terraform.io"'),
    project: z.string().min(1).optional().describe('Existing HCP Terraform project the workspaces go in. @default the organization\'s "Default Project"'),
    workspacePrefix: z.string().regex(/^[A-Za-z0-9_-]*$/, { error: (issue) => `expected letters, digits, "-" and "_" (workspace names allow nothing else), got ${JSON.stringify(issue.input)}` }).default('').describe('Workspaces are named <prefix><environment>-<stack>. @default ""'),
    executionMode: z
      .enum(['remote', 'agent', 'local'])
      .default('remote')
      .describe('Where runs execute: remote (HCP Terraform runners), agent (your agent pool) or local (your machine; HCP Terraform only keeps state). @default "remote"'),
    agentPoolId: z.string().regex(/^apool-[A-Za-z0-9]+$/).optional().describe('Agent pool for executionMode agent. @default none'),
    runRolePolicyArns: z
      .array(z.string().regex(/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/.+$/, { error: (issue) => `expected an IAM policy ARN, got ${JSON.stringify(issue.input)}` }))
      .default([])
      .describe('Policies of the IAM role each workspace assumes through dynamic credentials (OIDC); required unless executionMode is local. @default none'),
    runRolePermissionsBoundaryArn: z.string().regex(/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/.+$/).optional().describe('Permissions boundary of those roles. @default none'),
    oidcProviderArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/.+$/)
      .optional()
      .describe('Existing IAM OIDC provider for the HCP Terraform host (an account has one per host). @default created by the bootstrap'),
    workingDirectoryPrefix: z.string().default('cdktf.out/stacks/').describe('Workspace working directory is <prefix><stack> (for VCS-driven runs). @default "cdktf.out/stacks/"'),
    tags: z.record(z.string().regex(/^[a-z0-9][a-z0-9:_-]*$/), z.string()).default({}).describe('Tags on every workspace (besides environment and stack). @default {}'),
  }),
]);
export type BackendSpec = z.output<typeof backend>;

/**
 * Rule ids come from verify/ (which knows no module); a waiver for an unknown rule is a typo. A
 * checkov check id is accepted by its shape: checkov's findings (`npm run check -- --checkov`) may
 * come from any framework's checks, more than verify/upstream/checkov-checks.json lists.
 */
const waiver = z.strictObject({
  rule: z
    .string()
    .refine((rule) => RULE_IDS.includes(rule) || CHECKOV_ID.test(rule), {
      error: (issue) => `unknown policy rule ${JSON.stringify(issue.input)}${typeof issue.input === 'string' ? didYouMean(issue.input, RULE_IDS) : ''}; rules: ${RULE_IDS.join(', ')}, or a checkov check id such as CKV_AWS_338`,
    })
    // For editors: the refinement above is invisible to JSON Schema.
    .meta({
      anyOf: [{ enum: [...RULE_IDS] }, { pattern: CHECKOV_ID.source }],
      description: 'Policy rule id as `npm run check` prints it, e.g. "EKS003", or a checkov check id (CKV_AWS_338) for a finding of `npm run check -- --checkov`; a waiver of one of our rules also waives its checkov counterpart.',
    }),
  resource: z
    .string()
    .min(1)
    .optional()
    .describe('`<type>.<logical id>` or a glob over it or over the construct path (`*` within a segment, `**` across). @default every resource of the environment'),
  reason: z
    .string()
    .trim()
    .min(20, { error: (issue) => `a waiver needs a reason of at least 20 characters saying why the finding is accepted (and until when), got ${JSON.stringify(issue.input)}` })
    .describe('Why the finding is accepted; printed beside every finding it waives.'),
});

/** The spec's own fields; every other top-level key names a module. */
export const environmentFields = z.strictObject({
  $schema: z.string().optional().describe('Path of the JSON Schema, for editors.'),
  name: dnsLabel.optional().describe('Environment name; must equal the file name. @default the file name'),
  description: z.string().optional(),
  region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, { error: (issue) => `expected an AWS region such as "eu-west-1", got ${JSON.stringify(issue.input)}` }).describe('AWS region of every stack.'),
  accountId: z.string().regex(/^\d{12}$/, { error: (issue) => `expected a 12-digit AWS account id as a quoted string, got ${JSON.stringify(issue.input)}` }).describe('The only AWS account the providers may act on (allowed_account_ids).'),
  tags: z
    .record(
      z
        .string()
        .regex(/^[\w .:/=+@-]{1,128}$/, { error: (issue) => `expected a tag key of 1-128 letters, digits, spaces and _.:/=+-@ (AWS's rule), got ${JSON.stringify(issue.input)}` })
        .refine((key) => !key.toLowerCase().startsWith('aws:'), { error: (issue) => `${JSON.stringify(issue.input)}: the aws: prefix is reserved for tags AWS sets` }),
      z.string().max(256, { error: (issue) => `expected a tag value of at most 256 characters (AWS's limit), got ${String(issue.input).length}` }),
    )
    .refine((tags) => Object.keys(tags).length <= 40, { error: (issue) => `expected at most 40 tags: AWS allows 50 per resource, and the project adds environment, managed-by, module, module-version and up to 6 of a resource's own (Name, discovery tags), got ${Object.keys(issue.input as object).length}` })
    .default({})
    .describe('Tags on every taggable resource, beside environment and managed-by. @default {}'),
  backend: backend.default({ type: 'local' }).describe('Where Terraform keeps state. @default local'),
  kubernetesAuth: z
    .enum(['exec', 'token'])
    .default('exec')
    .describe('How the platform stack authenticates to the cluster: exec runs `aws eks get-token` (needs the AWS CLI on the runner); token uses aws_eks_cluster_auth (HCP Terraform remote runs). @default "exec"'),
  waivers: z.array(waiver).default([]).describe('Policy findings this environment accepts on purpose, each with a reason; `npm run check` prints them and reports waivers that match nothing. @default []'),
  moduleVersions: z
    .record(z.string(), z.number().int().min(0))
    .default({})
    .describe('Major version of a module this environment was written for, e.g. { pod-identity: 2 }; a spec written for an older major is refused with the migration to make. @default {} (the registry\'s current majors)'),
});

export interface ModuleInstance {
  readonly definition: AnyModuleDefinition;
  /** Inputs after validation, with every default applied. */
  readonly inputs: unknown;
}

export interface EnvironmentSpec {
  readonly file: string;
  readonly name: string;
  readonly description?: string;
  readonly region: string;
  readonly accountId: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly backend: BackendSpec;
  readonly kubernetesAuth: 'exec' | 'token';
  /** Policy findings accepted on purpose (`npm run check` applies them to this environment's stacks). */
  readonly waivers: readonly Waiver[];
  /** Modules in dependency order (network stack first). */
  readonly modules: readonly ModuleInstance[];
  /** Lesser problems found while reading the spec (renamed inputs); paths are from the spec's root. */
  readonly warnings: readonly SpecIssue[];
}

/**
 * Validates a parsed spec against the registry: the spec's own fields, the module names (with
 * their dependencies, resolved into order) and each module's inputs. Collects every problem and
 * throws one `SpecError` naming the file, so a user fixes them in one pass.
 */
/** Modules that cannot run together (with these inputs): one problem per pair, at the module that declares it. */
function conflictProblems(modules: readonly ModuleInstance[]): SpecIssue[] {
  const byName = new Map(modules.map((m) => [m.definition.name, m]));
  const problems: SpecIssue[] = [];
  for (const { definition, inputs } of modules) {
    for (const conflict of definition.conflicts ?? []) {
      const other = byName.get(conflict.module);
      if (other && (!conflict.when || conflict.when(inputs, other.inputs))) problems.push({ path: definition.name, message: `conflicts with ${conflict.module}: ${conflict.reason}` });
    }
  }
  return problems;
}

/** HCP Terraform workspace names: letters, digits, "-" and "_", at most 90 characters. */
export const WORKSPACE_NAME = /^[A-Za-z0-9_-]{1,90}$/;

function cloudProblems(fields: z.output<typeof environmentFields>, environment: string): SpecIssue[] {
  const backend = fields.backend;
  if (backend.type !== 'cloud') return [];
  const problems: SpecIssue[] = [];
  const remote = backend.executionMode !== 'local';
  if (remote && fields.kubernetesAuth === 'exec') {
    problems.push({ path: 'kubernetesAuth', message: `"exec" runs the AWS CLI, which HCP Terraform ${backend.executionMode} runners do not have; set kubernetesAuth: token (or backend.executionMode: local)` });
  }
  if (remote && backend.runRolePolicyArns.length === 0) {
    problems.push({ path: 'backend.runRolePolicyArns', message: `${backend.executionMode} runs assume an IAM role per workspace through dynamic credentials, and it needs policies: name them (e.g. a deployment policy, with runRolePermissionsBoundaryArn to bound it)` });
  }
  if (backend.executionMode === 'agent' && !backend.agentPoolId) problems.push({ path: 'backend.agentPoolId', message: 'executionMode agent needs the agent pool id (apool-...)' });
  if (backend.executionMode !== 'agent' && backend.agentPoolId) problems.push({ path: 'backend.agentPoolId', message: `only applies with executionMode agent, got executionMode ${backend.executionMode}` });
  const longest = `${backend.workspacePrefix}${environment}-bootstrap`;
  if (!WORKSPACE_NAME.test(`${backend.workspacePrefix}${environment}-platform`) || longest.length > 90) {
    problems.push({ path: 'backend.workspacePrefix', message: `workspace names <prefix><environment>-<stack> (e.g. "${backend.workspacePrefix}${environment}-platform") must be 1-90 letters, digits, "-" and "_"; shorten the prefix` });
  }
  return problems;
}

/** Keys that would put a credential in a committed file: refused with where credentials belong. */
const CREDENTIAL_KEYS = /^(token|tfToken|apiToken|accessKey|accessKeyId|secretKey|secretAccessKey|password)$/i;

function secretProblems(own: Record<string, unknown>): SpecIssue[] {
  const backend = own.backend;
  if (backend === null || typeof backend !== 'object' || Array.isArray(backend)) return [];
  return Object.keys(backend)
    .filter((key) => CREDENTIAL_KEYS.test(key))
    .map((key) => ({
      path: joinPath(['backend', key]),
      message: 'a credential never goes in a spec (specs are committed and reviewed): remove it; HCP Terraform tokens come from `terraform login` (credentials.tfrc.json) or TF_TOKEN_app_terraform_io, AWS credentials from the usual AWS profile or OIDC',
    }));
}

/** A module's input validation; a check that throws (a bug) becomes an InternalError naming it. */
function safeParseInputs(definition: AnyModuleDefinition, given: unknown, where: { file: string; name: string }) {
  try {
    return definition.inputs.safeParse(given);
  } catch (error) {
    throw new InternalError(`validating the inputs of module "${definition.name}" ${definition.version} in environment "${where.name}" (${where.file})`, error);
  }
}

export function parseEnvironment(raw: unknown, file: string, fileName: string, registry: ModuleRegistry): EnvironmentSpec {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SpecError(file, [{ path: '', message: `expected a mapping of fields (region, accountId, backend, modules...), got ${raw === null ? 'an empty file' : Array.isArray(raw) ? 'a list' : typeof raw}` }]);
  }
  const record = raw as Record<string, unknown>;
  const ownKeys = Object.keys(environmentFields.shape);
  const own: Record<string, unknown> = {};
  const moduleNames: string[] = [];
  for (const key of Object.keys(record)) {
    if (ownKeys.includes(key)) own[key] = record[key];
    else moduleNames.push(key);
  }

  const issues: SpecIssue[] = [...secretProblems(own)];
  const fields = environmentFields.safeParse(own);
  if (!fields.success) issues.push(...toSpecIssues(fields.error.issues, own, environmentFields));
  const name = fields.success ? (fields.data.name ?? fileName) : fileName;
  if (fields.success && fields.data.name !== undefined && fields.data.name !== fileName) {
    issues.push({ path: 'name', message: `"${fields.data.name}" differs from the file name "${fileName}"; rename one so environments and their state keys cannot be confused` });
  }

  const resolution = registry.resolve(moduleNames);
  issues.push(...resolution.issues);
  if (moduleNames.length === 0) issues.push({ path: '', message: `names no module; add at least one of: ${registry.names().join(', ')}` });
  const modules: ModuleInstance[] = [];
  const warnings: SpecIssue[] = [];
  const pins = fields.success ? fields.data.moduleVersions : {};
  for (const pinned of Object.keys(pins).filter((key) => !moduleNames.includes(key))) {
    issues.push({ path: joinPath([MODULE_VERSIONS_FIELD, pinned]), message: `pins a module this environment does not use${didYouMean(pinned, moduleNames)}; environment modules: ${moduleNames.join(', ') || 'none'}` });
  }
  for (const definition of resolution.order) {
    issues.push(...checkPinnedMajor(definition, pins[definition.name]));
    const migrated = migrateInputs(definition, record[definition.name] ?? {});
    warnings.push(...migrated.warnings);
    issues.push(...migrated.problems);
    const parsed = safeParseInputs(definition, migrated.inputs, { file, name });
    if (parsed.success) modules.push({ definition, inputs: parsed.data });
    else issues.push(...toSpecIssues(parsed.error.issues, migrated.inputs, definition.inputs, [definition.name]));
  }
  if (fields.success) issues.push(...cloudProblems(fields.data, name));
  if (!issues.length) issues.push(...conflictProblems(modules));
  if (issues.length || !fields.success) throw new SpecError(file, issues);
  return { file, name, description: fields.data.description, region: fields.data.region, accountId: fields.data.accountId, tags: fields.data.tags, backend: fields.data.backend, kubernetesAuth: fields.data.kubernetesAuth, waivers: fields.data.waivers, modules, warnings };
}
