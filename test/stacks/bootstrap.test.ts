import { readFileSync } from 'node:fs';
import { App } from 'cdktf';
import { parse } from 'yaml';
import { buildEnvironment } from '../../stacks/builder';
import { stateCollisions } from '../../stacks/synth';
import type { TerraformJson } from '../matchers';
import { errorOf, parseSpec } from '../support/synth';

const CLOUD = { type: 'cloud', organization: 'acme', workspacePrefix: 'eks-', project: 'platform', runRolePolicyArns: ['arn:aws:iam::123456789012:policy/platform-deploy'] };
/** The shipped dev spec moved to HCP Terraform, as the README's walk-through does. */
const cloudDev = (backend: Record<string, unknown> = CLOUD, extra: Record<string, unknown> = {}) => ({ ...(parse(readFileSync('stacks/environments/dev.yaml', 'utf8')) as Record<string, unknown>), backend, kubernetesAuth: 'token', ...extra });

function synthCloud(): { stacks: Record<string, TerraformJson>; manifest: { stacks: Record<string, { dependencies: string[] }> } } {
  const app = new App({ outdir: require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'bootstrap-')), stackTraces: false });
  buildEnvironment(app, parseSpec(cloudDev(), 'staging'));
  app.synth();
  const dir = app.outdir;
  const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8'));
  const stacks = Object.fromEntries(Object.keys(manifest.stacks).map((name) => [name, JSON.parse(readFileSync(`${dir}/stacks/${name}/cdk.tf.json`, 'utf8')) as TerraformJson]));
  require('node:fs').rmSync(dir, { recursive: true, force: true });
  return { stacks, manifest };
}

describe('an environment on HCP Terraform gets a bootstrap stack', () => {
  const { stacks, manifest } = synthCloud();
  const bootstrap = stacks['staging-bootstrap'];

  test('bootstrap first: every stack depends on it; it keeps its own state locally', () => {
    expect(Object.keys(manifest.stacks).sort()).toEqual(['staging-bootstrap', 'staging-cluster', 'staging-network', 'staging-platform']);
    expect(manifest.stacks['staging-network'].dependencies).toEqual(['staging-bootstrap']);
    expect(manifest.stacks['staging-cluster'].dependencies).toEqual(expect.arrayContaining(['staging-bootstrap', 'staging-network']));
    expect(bootstrap.terraform).toMatchObject({ backend: { local: { path: '../../../terraform.staging-bootstrap.tfstate' } } });
  });

  test('one workspace per stack, named as its cloud block writes it, in the project, with the pinned Terraform version', () => {
    const version = readFileSync('.terraform-version', 'utf8').trim();
    for (const tier of ['network', 'cluster', 'platform']) {
      expect(bootstrap).toHaveResourceMatching('tfe_workspace', { name: `eks-staging-${tier}`, organization: 'acme', project_id: expect.stringContaining('data.tfe_project'), working_directory: `cdktf.out/stacks/staging-${tier}`, terraform_version: version, tags: { environment: 'staging', stack: tier } });
      expect(stacks[`staging-${tier}`].terraform).toMatchObject({ cloud: { organization: 'acme', workspaces: { name: `eks-staging-${tier}` } } });
    }
    expect(bootstrap).toHaveDataSourceMatching('tfe_project', { name: 'platform', organization: 'acme' });
  });

  test('state is shared only with the stacks that read it, never organization-wide', () => {
    const settings = (tier: string) => ({ workspace_id: expect.stringContaining(`tfe_workspace.workspace-${tier}`) });
    expect(bootstrap).toHaveResourceMatching('tfe_workspace_settings', { ...settings('network'), execution_mode: 'remote', global_remote_state: false, remote_state_consumer_ids: [expect.stringContaining('workspace-cluster')] });
    expect(bootstrap).toHaveResourceMatching('tfe_workspace_settings', { ...settings('cluster'), global_remote_state: false, remote_state_consumer_ids: [expect.stringContaining('workspace-platform')] });
    expect(bootstrap).toHaveResourceMatching('tfe_workspace_settings', { ...settings('platform'), global_remote_state: false, remote_state_consumer_ids: [] });
  });

  test('run triggers in apply order: network → cluster → platform', () => {
    expect(bootstrap).toHaveResourceCount('tfe_run_trigger', 2);
    expect(bootstrap).toHaveResourceMatching('tfe_run_trigger', { sourceable_id: expect.stringContaining('workspace-network'), workspace_id: expect.stringContaining('workspace-cluster') });
    expect(bootstrap).toHaveResourceMatching('tfe_run_trigger', { sourceable_id: expect.stringContaining('workspace-cluster'), workspace_id: expect.stringContaining('workspace-platform') });
  });

  test('AWS through dynamic credentials: an OIDC provider and one role per workspace only its runs can assume', () => {
    expect(bootstrap).toHaveResourceMatching('aws_iam_openid_connect_provider', { url: 'https://app.terraform.io', client_id_list: ['aws.workload.identity'] });
    expect(bootstrap).toHavePolicyStatement(
      'aws_iam_role',
      {
        Effect: 'Allow',
        Action: ['sts:AssumeRoleWithWebIdentity'],
        Principal: { Federated: expect.stringContaining('aws_iam_openid_connect_provider') },
        Condition: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' }, StringLike: { 'app.terraform.io:sub': 'organization:acme:project:platform:workspace:eks-staging-cluster:run_phase:*' } },
      },
      { name: 'eks-staging-cluster-tfc' },
      'assume_role_policy',
    );
    expect(bootstrap).toHaveResourceMatching('aws_iam_role_policy_attachment', { policy_arn: 'arn:aws:iam::123456789012:policy/platform-deploy' });
    expect(bootstrap).toHaveResourceMatching('tfe_variable', { key: 'TFC_AWS_PROVIDER_AUTH', value: 'true', category: 'env' });
    expect(bootstrap).toHaveResourceMatching('tfe_variable', { key: 'TFC_AWS_RUN_ROLE_ARN', value: expect.stringContaining('aws_iam_role.run-role-cluster'), category: 'env' });
    // No static credential anywhere in any stack.
    // (The platform's Kubernetes providers take a token, but from the aws_eks_cluster_auth data source.)
    expect(JSON.stringify(stacks)).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|"token":"(?!\$\{data\.aws_eks_cluster_auth\.)/);
  });

  test('the platform stack authenticates to the cluster with a token (remote runners have no AWS CLI)', () => {
    expect(stacks['staging-platform']).toHaveDataSourceMatching('aws_eks_cluster_auth', {});
  });
});

describe('HCP Terraform input is checked', () => {
  const FILE = 'stacks/environments/staging.yaml';
  test.each([
    ['no organization', { ...CLOUD, organization: undefined }, {}, `${FILE}: backend.organization: is required: the HCP Terraform organization that holds the workspaces`],
    ['a workspace prefix HCP Terraform would reject', { ...CLOUD, workspacePrefix: 'eks platform/' }, {}, `${FILE}: backend.workspacePrefix: expected letters, digits, "-" and "_" (workspace names allow nothing else), got "eks platform/"`],
    ['a prefix that makes names longer than 90', { ...CLOUD, workspacePrefix: 'p'.repeat(80) }, {}, `${FILE}: backend.workspacePrefix: workspace names <prefix><environment>-<stack> (e.g. "${'p'.repeat(80)}staging-platform") must be 1-90 letters, digits, "-" and "_"; shorten the prefix`],
    ['a token in the spec', { ...CLOUD, token: 'abc.atlasv1.xyz' }, {}, `${FILE}: backend.token: a credential never goes in a spec (specs are committed and reviewed): remove it; HCP Terraform tokens come from \`terraform login\` (credentials.tfrc.json) or TF_TOKEN_app_terraform_io, AWS credentials from the usual AWS profile or OIDC`],
    ['exec authentication on remote runners', CLOUD, { kubernetesAuth: 'exec' }, `${FILE}: kubernetesAuth: "exec" runs the AWS CLI, which HCP Terraform remote runners do not have; set kubernetesAuth: token (or backend.executionMode: local)`],
    ['remote runs without a role policy', { ...CLOUD, runRolePolicyArns: [] }, {}, `${FILE}: backend.runRolePolicyArns: remote runs assume an IAM role per workspace through dynamic credentials, and it needs policies: name them (e.g. a deployment policy, with runRolePermissionsBoundaryArn to bound it)`],
  ])('%s', (_case, backend, extra, message) => {
    expect(errorOf(() => parseSpec(cloudDev(backend as Record<string, unknown>, extra), 'staging')).split('\n')).toContain(message);
  });

  test('two environments writing one workspace are refused, naming both files', () => {
    const a = parseSpec(cloudDev({ ...CLOUD, workspacePrefix: 'x-' }), 'prod');
    const b = parseSpec(cloudDev({ ...CLOUD, workspacePrefix: '' }), 'x-prod');
    expect(stateCollisions([a, b]).map((e) => e.message)).toEqual([
      'stacks/environments/x-prod.yaml: backend: stack x-prod-network would keep its state in workspace app.terraform.io/acme/x-prod-network, which stack prod-network of stacks/environments/prod.yaml already uses; give one of them another workspacePrefix or keyPrefix',
      expect.stringContaining('x-prod-cluster'),
      expect.stringContaining('x-prod-platform'),
    ]);
  });
});
