/**
 * `dev`, `prod` and a Terraform Cloud variant of dev, synthesized once and exported once as HCL
 * (and prod once as JSON): terraform fmt accepts every file, every directory reads back as the
 * synthesized JSON, check and validate judge the export as they judge cdktf.out, and each feature
 * the issue names is where an ops engineer expects it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { defaultRegistry } from '../../modules';
import { bindingShapes, exportSynthesized, firstDifference, jsonDocument, readExportedStacks, withoutMetadata } from '../../export';
import { loadEnvironment, parseEnvironmentYaml } from '../../stacks/load';
import { synthEnvironments } from '../../stacks/synth';
import { readStacks } from '../../verify/outdir';
import { providerSchemas } from '../../verify/provider-schema';
import type { TerraformJson } from '../../verify/terraform-json';
import { validateStacks } from '../../verify/validate';
import { findingsOf } from '../../verify/waivers';
import { terraformFmtCheck } from './support';

const ROOT = process.cwd();
/** dev with its state in HCP Terraform: `cloud` blocks, a bootstrap stack (tfe provider), token auth. */
function cloudSpec() {
  const dev = parse(readFileSync(join(ROOT, 'stacks/environments/dev.yaml'), 'utf8')) as Record<string, unknown>;
  const spec = {
    ...dev,
    description: 'dev with its state in HCP Terraform',
    backend: { type: 'cloud', organization: 'acme', workspacePrefix: 'platform-', runRolePolicyArns: ['arn:aws:iam::123456789012:policy/platform-deploy'] },
    kubernetesAuth: 'token',
  };
  return parseEnvironmentYaml(stringify(spec), 'stacks/environments/cloudy.yaml', defaultRegistry);
}

/** Every string in a JSON value. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsIn(v, out));
  return out;
}

const tfFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tf'));
const hclOf = (dir: string): string => tfFiles(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');

describe('npm run export of dev, prod and a Terraform Cloud environment', () => {
  let scratch: string;
  let outdir: string;
  let exported: string;
  let jsonExport: string;
  let synthesized: Record<string, TerraformJson>;
  const timings: Record<string, number> = {};
  const file = (stack: string, name: string) => readFileSync(join(exported, stack, name), 'utf8');
  let readBack: Promise<Record<string, TerraformJson>> | undefined;
  /** The export read back once, for the tests that need it. */
  const exportedStacks = () => {
    if (!readBack) {
      const t = Date.now();
      readBack = readExportedStacks(exported).then((stacks) => {
        timings.readBack = Date.now() - t;
        return stacks;
      });
    }
    return readBack;
  };

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'export-test-'));
    outdir = join(scratch, 'cdktf.out');
    exported = join(scratch, 'exported');
    jsonExport = join(scratch, 'exported-json');
    let t = Date.now();
    const specs = [loadEnvironment('dev', { root: ROOT, registry: defaultRegistry }), loadEnvironment('prod', { root: ROOT, registry: defaultRegistry }), cloudSpec()];
    await synthEnvironments(specs, outdir);
    synthesized = readStacks(outdir);
    timings.synth = Date.now() - t;
    t = Date.now();
    await exportSynthesized(outdir, exported, { terraformVersionFile: join(ROOT, '.terraform-version'), descriptions: { 'prod-cluster': 'Production platform' } });
    timings.exportHcl = Date.now() - t;
    t = Date.now();
    await exportSynthesized(outdir, jsonExport, { format: 'json', stacks: ['prod-network', 'prod-cluster', 'prod-platform'] });
    timings.exportJson = Date.now() - t;
  }, 120_000);
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
    process.stdout.write(`export test timings (ms): ${JSON.stringify(timings)}\n`);
  });

  test('one directory per stack, in apply order, with README, .terraform-version and Terraform files', () => {
    const manifest = JSON.parse(readFileSync(join(exported, 'export.json'), 'utf8')) as { stacks: { name: string; dependsOn: string[] }[] };
    expect(manifest.stacks.map((s) => s.name)).toEqual(Object.keys(synthesized));
    expect(manifest.stacks.find((s) => s.name === 'prod-platform')!.dependsOn).toEqual(['prod-cluster']);
    for (const stack of Object.keys(synthesized)) {
      expect(readFileSync(join(exported, stack, '.terraform-version'), 'utf8')).toBe(readFileSync(join(ROOT, '.terraform-version'), 'utf8'));
      expect(existsSync(join(exported, stack, 'README.md'))).toBe(true);
      expect(tfFiles(join(exported, stack))).toContain('terraform.tf');
    }
    expect(readdirSync(scratch).filter((n) => n.includes('.staging-') || n.includes('.retired-'))).toEqual([]);
  });

  test('terraform fmt -check accepts every exported file', () => {
    const t = Date.now();
    const fmt = terraformFmtCheck(exported);
    timings.fmt = Date.now() - t;
    expect({ code: fmt.code, diff: fmt.output }).toEqual({ code: 0, diff: '' });
  });

  test('every directory reads back (@cdktf/hcl2json) as the synthesized JSON, minus cdktf metadata', async () => {
    const back = await exportedStacks();
    expect(Object.keys(back)).toEqual(Object.keys(synthesized));
    for (const [stack, tf] of Object.entries(synthesized)) {
      expect({ stack, difference: firstDifference(withoutMetadata(tf), withoutMetadata(back[stack])) }).toEqual({ stack, difference: undefined });
      expect(withoutMetadata(back[stack])).toEqual(withoutMetadata(tf));
    }
    // Construct paths come back from the comments (waivers match on them).
    expect(back['prod-cluster'].resource!.aws_eks_cluster).toEqual(
      Object.fromEntries(Object.entries(synthesized['prod-cluster'].resource!.aws_eks_cluster).map(([k, v]) => [k, { ...withoutMetadata(v), '//': { metadata: { path: (v['//'] as { metadata: { path: string } }).metadata.path } } }])),
    );
  });

  test('npm run check and npm run validate judge an export as they judge the synthesized stacks', async () => {
    const back = await exportedStacks();
    const brief = (findings: ReturnType<typeof findingsOf>) => findings.map(({ rule, stack, address, path }) => ({ rule, stack, address, path }));
    expect(brief(findingsOf(back))).toEqual(brief(findingsOf(synthesized)));
    const validation = (stacks: Record<string, TerraformJson>) => validateStacks(stacks).map(({ stack, errors, counts }) => ({ stack, errors, counts }));
    expect(validation(back)).toEqual(validation(synthesized));
    expect(validation(back).flatMap((v) => v.errors)).toEqual([]);
  });

  test('one stack directory reads as that stack; a folder without Terraform files is an error', async () => {
    const one = await readExportedStacks(join(exported, 'prod-cluster'));
    expect(Object.keys(one)).toEqual(['prod-cluster']);
    expect(one['prod-cluster']).toEqual((await exportedStacks())['prod-cluster']);
    await expect(readExportedStacks(scratch)).rejects.toThrow('no exported stack directories');
    await expect(readExportedStacks(join(scratch, 'nowhere'))).rejects.toThrow('no such directory');
  });

  test('the Terraform Cloud `cloud` block, and remote state read from a workspace', () => {
    expect(file('cloudy-network', 'terraform.tf')).toContain(
      ['  cloud {', '    hostname     = "app.terraform.io"', '    organization = "acme"', '', '    workspaces {', '      name = "platform-cloudy-network"', '    }', '  }'].join('\n'),
    );
    expect(file('cloudy-network', 'terraform.tf')).not.toContain('backend');
    expect(file('cloudy-cluster', 'remote-state.tf')).toContain('  backend = "remote"\n  config = {\n    hostname     = "app.terraform.io"\n    organization = "acme"\n    workspaces = {\n      name = "platform-cloudy-network"\n    }\n  }\n');
    expect(file('cloudy-cluster', 'README.md')).toContain('workspace `platform-cloudy-cluster` in organization `acme`');
    // token auth: no `exec`, the token of an aws_eks_cluster_auth data source
    expect(file('cloudy-platform', 'providers.tf')).toMatch(/provider "helm" \{\n {2}kubernetes = \{[\s\S]*?\n {4}token {18}= data\.aws_eks_cluster_auth\.[\w-]+\.token\n/);
    expect(tfFiles(join(exported, 'cloudy-bootstrap'))).toEqual(expect.arrayContaining(['terraform.tf', 'providers.tf', 'main.tf', 'outputs.tf']));
  });

  test('the S3 backend with S3-native locking', () => {
    const terraform = file('prod-cluster', 'terraform.tf');
    expect(terraform).toContain('  backend "s3" {\n    bucket       = "acme-platform-terraform-state"\n    encrypt      = true\n    key          = "eks-platform/prod/prod-cluster.tfstate"\n    region       = "eu-west-1"\n    use_lockfile = true\n  }\n');
    expect(terraform).toMatch(/required_providers \{\n {4}aws = \{\n {6}source {2}= "aws"\n {6}version = "6\.25\.0"\n {4}\}\n {2}\}/);
    expect(file('prod-cluster', 'README.md')).toContain('S3-native locking (`use_lockfile`');
    expect(file('dev-cluster', 'terraform.tf')).toContain('  backend "local" {\n    path = "../../../terraform.dev-cluster.tfstate"\n  }');
  });

  test('Helm 3 `kubernetes = { … }` is an attribute; the Kubernetes provider `exec` a block', () => {
    const providers = file('prod-platform', 'providers.tf');
    expect(providers).toMatch(/provider "helm" \{\n {2}kubernetes = \{\n[\s\S]*?\n {4}exec = \{\n {6}api_version = "client\.authentication\.k8s\.io\/v1beta1"\n/);
    expect(providers).toMatch(/provider "kubernetes" \{\n[\s\S]*?\n {2}exec \{\n {4}api_version = "client\.authentication\.k8s\.io\/v1beta1"\n {4}args {8}= \["eks", "get-token", "--cluster-name", "prod", "--region", "eu-west-1"\]\n {4}command {5}= "aws"\n {2}\}/);
    expect(providers).toContain('  default_tags {\n    tags = {\n');
    expect(file('prod-platform', 'README.md')).toContain('`aws` on the machine that runs Terraform: the providers authenticate with `aws eks get-token`');
  });

  test('remote-state data sources, and the README naming whose state is read and who reads this one', () => {
    const remote = file('prod-cluster', 'remote-state.tf');
    expect(remote).toContain('data "terraform_remote_state" "cross-stack-reference-input-prod-network" {\n  backend = "s3"\n  config = {\n');
    expect(remote).toContain('  workspace = terraform.workspace\n');
    expect(file('prod-cluster', 'eks.tf')).toContain('      data.terraform_remote_state.cross-stack-reference-input-prod-network.outputs.cross-stack-output-aws_subnetvpc_subnet-intra-0_E44A0AFCid,\n');
    const readme = file('prod-cluster', 'README.md');
    expect(readme).toContain('- The state of `../prod-network` (data source `data.terraform_remote_state.cross-stack-reference-input-prod-network`)');
    expect(readme).toMatch(/1\. `\.\.\/prod-network`\n2\. \*\*prod-cluster\*\* \(this directory\) — after `prod-network`\n3\. `\.\.\/prod-platform` — after `prod-cluster`/);
    expect(readme).toContain('- `../prod-platform` (`data.terraform_remote_state.cross-stack-reference-input-prod-cluster`)');
    expect(readme).toContain('terraform init\nterraform plan');
    expect(readme).toContain('### Module `eks` (version');
    expect(readme).toContain('Terraform state is keyed by them, so the export keeps them exactly');
    expect(file('prod-network', 'outputs.tf')).toMatch(/# Read by prod-cluster through terraform_remote_state[^\n]*\n\noutput "cross-stack-output-/);
  });

  test('lifecycle: ignore_changes as traversals, create_before_destroy', () => {
    const eks = file('prod-cluster', 'eks.tf');
    expect(eks).toContain('  lifecycle {\n    ignore_changes = [\n      access_config[0].bootstrap_cluster_creator_admin_permissions,\n      bootstrap_self_managed_addons,\n    ]\n  }\n');
    expect(eks).toContain('  lifecycle {\n    create_before_destroy = true\n    ignore_changes        = [scaling_config[0].desired_size]\n  }\n');
    expect(eks).toMatch(/ {2}depends_on = \[\n {4}aws_cloudwatch_log_group\.eks_control-plane_log-group_[0-9A-F]{8},\n/);
  });

  test("moved blocks: prod's pod-identity migration, every one in moved.tf with bare addresses", () => {
    const moved = synthesized['prod-cluster'].moved as { from: string; to: string }[];
    expect(moved.length).toBeGreaterThan(0);
    const text = file('prod-cluster', 'moved.tf');
    for (const m of moved) expect(text).toContain(`moved {\n  from = ${m.from}\n  to   = ${m.to}\n}`);
    expect(text.match(/^moved \{$/gm)).toHaveLength(moved.length);
    expect(existsSync(join(exported, 'dev-cluster', 'moved.tf'))).toBe(false);
  });

  test('the Karpenter NodePool chart: a local path that resolves inside the exported directory', () => {
    const release = Object.values(synthesized['prod-platform'].resource!.helm_release).find((r) => !r.repository)!;
    const chart = release.chart as string;
    expect(chart.startsWith('assets/')).toBe(true);
    expect(file('prod-platform', 'karpenter.tf')).toContain(`  chart     = "${chart}"\n`);
    for (const dir of [exported, jsonExport]) {
      expect(readFileSync(join(dir, 'prod-platform', chart, 'Chart.yaml'), 'utf8')).toBe(readFileSync(join(outdir, 'stacks', 'prod-platform', chart, 'Chart.yaml'), 'utf8'));
      expect(readdirSync(join(dir, 'prod-platform', chart, 'templates')).length).toBeGreaterThan(0);
    }
  });

  test('policies and other JSON documents are jsonencode({ … }); no escaped JSON string is left', () => {
    let documents = 0;
    for (const [stack, tf] of Object.entries(synthesized)) {
      const expected = stringsIn(withoutMetadata(tf)).filter((s) => jsonDocument(s)).length;
      const hcl = hclOf(join(exported, stack));
      expect({ stack, jsonencode: (hcl.match(/jsonencode\(\{/g) ?? []).length }).toEqual({ stack, jsonencode: expected });
      expect(hcl).not.toMatch(/\\"(Version|Statement|Effect|source|detail-type)\\"/);
      expect(hcl).not.toMatch(/"\{\\"/);
      documents += expected;
    }
    expect(documents).toBeGreaterThan(20);
    const sqs = file('prod-platform', 'karpenter.tf');
    expect(sqs).toMatch(/ {2}policy = jsonencode\(\{\n {4}Version = "2012-10-17"\n {4}Id {6}= "EC2InterruptionPolicy"\n/);
    expect(sqs).toMatch(/ {8}Resource = aws_sqs_queue\.karpenter_interruption_queue_[0-9A-F]{8}\.arn\n/);
    expect(sqs).toMatch(/event_pattern = jsonencode\(\{\n {4}source {6}= \["aws\.ec2"\]\n/);
    expect(file('prod-cluster', 'aws-ebs-csi-driver.tf')).toContain('  configuration_values = jsonencode({\n');
  });

  test('the Karpenter controller values are a heredoc, byte for byte', () => {
    const karpenter = file('prod-platform', 'karpenter.tf');
    expect(karpenter).toMatch(/ {2}values = \[<<-EOT\n {4}controller:\n/);
  });

  test('blocks and attributes agree with verify/provider-schema.ts for every key the stacks set', () => {
    const schemas = providerSchemas();
    const shapes = bindingShapes();
    const disagreements: string[] = [];
    const compare = (body: Record<string, unknown>, schemaBlock: ReturnType<typeof schemaOf>, shape: ReturnType<typeof shapes.body>, at: string) => {
      for (const [key, value] of Object.entries(body)) {
        if (['//', 'lifecycle', 'depends_on', 'provider', 'count', 'for_each'].includes(key) || !schemaBlock) continue;
        const nested = schemaBlock.block(key);
        const s = shape.shape(key);
        if (Boolean(nested) !== (s.kind === 'block')) disagreements.push(`${at}.${key}`);
        if (nested && s.kind === 'block') for (const item of Array.isArray(value) ? value : [value]) if (item && typeof item === 'object') compare(item as Record<string, unknown>, nested, s.body, `${at}.${key}`);
      }
    };
    const schemaOf = (kind: 'resource' | 'data', type: string) => {
      const found = schemas.lookup(kind, type);
      return 'schema' in found ? found.schema : undefined;
    };
    for (const tf of Object.values(synthesized)) {
      for (const kind of ['resource', 'data'] as const) {
        for (const [type, byName] of Object.entries(tf[kind] ?? {})) {
          if (type.startsWith('helm_') || type === 'terraform_remote_state') continue;
          for (const [name, body] of Object.entries(byName)) compare(body, schemaOf(kind, type), shapes.body(kind, type), `${type}.${name}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    // Where they must differ: Helm 3 nests attributes, which the bindings model as blocks.
    expect(schemaOf('resource', 'helm_release')!.block('set')).toBeDefined();
    expect(shapes.body('resource', 'helm_release').shape('set').kind).toBe('attribute');
    expect(shapes.body('provider', 'helm').shape('kubernetes').kind).toBe('attribute');
  });

  test('--format json: main.tf.json is the synthesized JSON, with the same README, version file and assets', async () => {
    for (const stack of ['prod-network', 'prod-cluster', 'prod-platform']) {
      expect(readFileSync(join(jsonExport, stack, 'main.tf.json'), 'utf8')).toBe(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      expect(readdirSync(join(jsonExport, stack)).filter((f) => f.endsWith('.tf'))).toEqual([]);
      expect(readFileSync(join(jsonExport, stack, 'README.md'), 'utf8')).toContain('Plain Terraform (JSON syntax)');
    }
    const back = await readExportedStacks(jsonExport);
    expect(back['prod-cluster']).toEqual(synthesized['prod-cluster']);
  });
});
