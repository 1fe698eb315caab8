import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DataTfeProject } from '@cdktf/provider-tfe/lib/data-tfe-project';
import { TfeProvider } from '@cdktf/provider-tfe/lib/provider';
import { RunTrigger } from '@cdktf/provider-tfe/lib/run-trigger';
import { Variable } from '@cdktf/provider-tfe/lib/variable';
import { Workspace } from '@cdktf/provider-tfe/lib/workspace';
import { WorkspaceSettings } from '@cdktf/provider-tfe/lib/workspace-settings';
import { LocalBackend, TerraformOutput, TerraformStack, type App } from 'cdktf';
import { STACK_TIERS, type StackTier } from '../modules/registry';
import { renderPolicy, type TrustPolicyDocument } from '../modules/shared/iam-policy';
import { environmentTags } from '../modules/shared/tags';
import { requiredTerraform } from './backend';
import type { BackendSpec, EnvironmentSpec } from './spec';

/** The suffix of the stack that creates an environment's HCP Terraform workspaces. */
export const BOOTSTRAP_STACK = 'bootstrap';
/** The audience HCP Terraform puts in workload identity tokens for AWS (TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE default). */
export const TFC_AWS_AUDIENCE = 'aws.workload.identity';

type CloudBackend = Extract<BackendSpec, { type: 'cloud' }>;

/** The workspace a stack's `cloud` block names: `<prefix><environment>-<tier>`. */
export function workspaceName(backend: CloudBackend, stackName: string): string {
  return `${backend.workspacePrefix}${stackName}`;
}

/**
 * Which tiers read which through remote state: a module reading the outputs of a module in an
 * earlier stack makes its stack read that stack. Remote state is shared along exactly these edges,
 * and run triggers follow them (a producer's apply queues its consumers' runs).
 */
export function stackReads(spec: EnvironmentSpec): Map<StackTier, Set<StackTier>> {
  const tierOf = new Map(spec.modules.map((m) => [m.definition.name, m.definition.stack]));
  const reads = new Map<StackTier, Set<StackTier>>();
  for (const { definition } of spec.modules) {
    for (const dependency of definition.dependsOn) {
      const producer = tierOf.get(dependency);
      if (producer && producer !== definition.stack) reads.set(definition.stack, (reads.get(definition.stack) ?? new Set()).add(producer));
    }
  }
  return reads;
}

/** The Terraform version the project pins (.terraform-version), for the workspaces. */
export function pinnedTerraformVersion(root = process.cwd()): string | undefined {
  const file = join(root, '.terraform-version');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/**
 * `<env>-bootstrap`: what an environment on HCP Terraform needs before its first run, created once
 * from an operator's machine (local state, AWS admin credentials, `terraform login`):
 * - one workspace per stack, named as the stack's `cloud` block writes it, in the project, with
 *   the execution mode, working directory and the project's Terraform version;
 * - remote state shared only with the workspaces that read it (never organization-wide);
 * - run triggers in apply order, so an applied network queues the cluster's run;
 * - AWS access through dynamic provider credentials: an IAM OIDC provider for the HCP Terraform
 *   host and one role per workspace that only that workspace's runs can assume, handed over by the
 *   TFC_AWS_PROVIDER_AUTH / TFC_AWS_RUN_ROLE_ARN variables. No static key exists anywhere.
 * The HCP Terraform token comes from `terraform login` or TF_TOKEN_<host>; never from the spec.
 */
export function buildBootstrap(app: App, spec: EnvironmentSpec, tiers: readonly StackTier[], terraformVersion?: string): TerraformStack | undefined {
  if (spec.backend.type !== 'cloud') return undefined;
  const backend = spec.backend;
  const stack = new TerraformStack(app, `${spec.name}-${BOOTSTRAP_STACK}`);
  // The bootstrap creates the workspaces, so its own state cannot live in one.
  new LocalBackend(stack, { path: `../../../terraform.${stack.node.id}.tfstate` });
  stack.addOverride('terraform.required_version', requiredTerraform({ type: 'local' }));
  new AwsProvider(stack, 'aws', { region: spec.region, allowedAccountIds: [spec.accountId], defaultTags: [{ tags: environmentTags(spec.name, spec.tags) }] });
  new TfeProvider(stack, 'tfe', { hostname: backend.hostname, organization: backend.organization });

  const project = backend.project ? new DataTfeProject(stack, 'project', { name: backend.project, organization: backend.organization }) : undefined;
  const oidcProviderArn =
    backend.oidcProviderArn ??
    new IamOpenidConnectProvider(stack, 'oidc-provider', {
      url: `https://${backend.hostname}`,
      clientIdList: [TFC_AWS_AUDIENCE],
      tags: { Name: `${backend.hostname} workload identity` },
    }).arn;

  const workspaces = new Map<StackTier, Workspace>();
  for (const tier of tiers) {
    const name = workspaceName(backend, `${spec.name}-${tier}`);
    const workspace = new Workspace(stack, `workspace-${tier}`, {
      name,
      organization: backend.organization,
      projectId: project?.id,
      description: `${tier} stack of the ${spec.name} EKS platform (synthesized by cdktf; apply order network → cluster → platform)`,
      workingDirectory: `${backend.workingDirectoryPrefix}${spec.name}-${tier}`,
      terraformVersion,
      autoApply: false,
      queueAllRuns: false,
      tags: { environment: spec.name, stack: tier, ...backend.tags },
    });
    workspaces.set(tier, workspace);
    if (backend.executionMode !== 'local') awsRunRole(stack, spec, backend, tier, name, workspace, oidcProviderArn);
  }

  const reads = stackReads(spec);
  for (const [tier, workspace] of workspaces) {
    const consumers = [...workspaces].filter(([consumer]) => reads.get(consumer)?.has(tier)).map(([, w]) => w.id);
    new WorkspaceSettings(stack, `settings-${tier}`, {
      workspaceId: workspace.id,
      executionMode: backend.executionMode,
      agentPoolId: backend.agentPoolId,
      globalRemoteState: false,
      remoteStateConsumerIds: consumers,
    });
  }
  for (const [consumer, producers] of reads) {
    for (const producer of [...producers].sort((a, b) => STACK_TIERS.indexOf(a) - STACK_TIERS.indexOf(b))) {
      const [from, to] = [workspaces.get(producer), workspaces.get(consumer)];
      if (from && to) new RunTrigger(stack, `run-trigger-${producer}-to-${consumer}`, { workspaceId: to.id, sourceableId: from.id });
    }
  }
  for (const [tier, workspace] of workspaces) new TerraformOutput(stack, `workspace-${tier}-id`, { value: workspace.id, description: `HCP Terraform workspace of the ${tier} stack` });
  return stack;
}

/**
 * The role one workspace's runs assume: trusted only for tokens HCP Terraform issues to that
 * workspace of that organization and project (any run phase), with the audience AWS expects.
 * https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration
 */
function awsRunRole(stack: TerraformStack, spec: EnvironmentSpec, backend: CloudBackend, tier: StackTier, workspace: string, tfeWorkspace: Workspace, oidcProviderArn: string): void {
  const host = backend.hostname;
  const trust: TrustPolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'HcpTerraformRunsOfOneWorkspace',
        Effect: 'Allow',
        Principal: { Federated: oidcProviderArn },
        Action: ['sts:AssumeRoleWithWebIdentity'],
        Condition: {
          StringEquals: { [`${host}:aud`]: TFC_AWS_AUDIENCE },
          StringLike: { [`${host}:sub`]: `organization:${backend.organization}:project:${backend.project ?? 'Default Project'}:workspace:${workspace}:run_phase:*` },
        },
      },
    ],
  };
  const role = new IamRole(stack, `run-role-${tier}`, {
    name: `${workspace}-tfc`.slice(0, 64),
    description: `HCP Terraform runs of workspace ${workspace} (${spec.name} ${tier} stack)`,
    assumeRolePolicy: renderPolicy(trust),
    permissionsBoundary: backend.runRolePermissionsBoundaryArn,
    maxSessionDuration: 3600,
  });
  for (const policyArn of backend.runRolePolicyArns) {
    new IamRolePolicyAttachment(stack, `run-role-${tier}-${policyArn.split(':').slice(4).join(':').replace(/\//g, '.')}`, { role: role.name, policyArn });
  }
  new Variable(stack, `${tier}-provider-auth`, { workspaceId: tfeWorkspace.id, category: 'env', key: 'TFC_AWS_PROVIDER_AUTH', value: 'true', description: 'Dynamic AWS credentials (no static keys)' });
  new Variable(stack, `${tier}-run-role`, { workspaceId: tfeWorkspace.id, category: 'env', key: 'TFC_AWS_RUN_ROLE_ARN', value: role.arn, description: 'The role this workspace assumes through OIDC' });
}
