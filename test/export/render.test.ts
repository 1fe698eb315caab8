/**
 * The HCL printer and its inverse on Terraform JSON built to hold what the shipped stacks do not:
 * odd strings, heredocs, JSON documents with references of several types, attribute-mode block
 * lists, dynamic blocks, provisioners, variables, locals, module calls, import and removed blocks.
 * Each case is rendered, checked by `terraform fmt -check` and read back (deep-equal).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bindingShapes, evaluateJsonencode, firstDifference, readExportedStack, renderStack, withoutMetadata } from '../../export';
import { quote } from '../../export/hcl';
import type { TerraformJson } from '../../verify/terraform-json';
import { terraformFmtCheck } from './support';

const meta = (path: string) => ({ '//': { metadata: { path: `edge/${path}`, uniqueId: path.replace(/\W/g, '_') } } });
const POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Refs',
      Effect: 'Allow',
      Action: ['sqs:SendMessage'],
      Resource: '${aws_sqs_queue.q.arn}',
      Condition: {
        NumericLessThan: { 'sqs:delay': '${aws_sqs_queue.q.delay_seconds}' },
        StringEquals: { 'aws:username': '$${aws:username}', 'aws:ResourceTag/name': 'queue-${aws_sqs_queue.q.name}', '${aws_sqs_queue.q.name}': 'key' },
        Bool: { 'aws:SecureTransport': false },
      },
      Numbers: [0, -1, 2.5, 1e21],
      Null: null,
      Nested: [[], {}, ['a', ['b']]],
      Quote: 'say "hi" \\ back\nslash',
    },
  ],
};

const EDGE: TerraformJson = {
  '//': { metadata: { stackName: 'edge', version: '0.21.0' } },
  terraform: {
    required_version: '>= 1.10',
    required_providers: { aws: { source: 'aws', version: '6.25.0' }, helm: { source: 'helm', version: '3.1.1' }, kubernetes: { source: 'kubernetes', version: '2.38.0' } },
    backend: { s3: { bucket: 'state', key: 'edge.tfstate', region: 'eu-west-1', use_lockfile: true, assume_role: { role_arn: 'arn:aws:iam::123456789012:role/state' } } },
  },
  provider: {
    aws: [{ region: 'eu-west-1' }, { alias: 'use1', region: 'us-east-1', default_tags: [{ tags: { team: 'platform' } }] }],
    helm: [{ kubernetes: { host: '${data.aws_eks_cluster.c.endpoint}', exec: { api_version: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token'] } } }],
    kubernetes: [{ host: '${data.aws_eks_cluster.c.endpoint}', exec: [{ api_version: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token'] }] }],
  },
  data: {
    aws_eks_cluster: { c: { ...meta('access/cluster'), name: 'edge' } },
    terraform_remote_state: { net: { backend: 'remote', config: { organization: 'acme', workspaces: { name: 'edge-network' } } } },
  },
  resource: {
    aws_default_security_group: { d: { ...meta('vpc/default-sg'), vpc_id: '${data.terraform_remote_state.net.outputs.vpc_id}', ingress: [], egress: [] } },
    aws_security_group: {
      s: {
        ...meta('vpc/sg'),
        provider: 'aws.use1',
        name: 'sg',
        ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'], description: 'https', ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false }],
        lifecycle: { create_before_destroy: true, ignore_changes: 'all' },
      },
      dyn: {
        ...meta('vpc/dynamic'),
        name: 'dyn',
        dynamic: { egress: { for_each: '${var.ports}', iterator: 'port', content: { from_port: '${port.value}', to_port: '${port.value}', protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] } } },
      },
    },
    aws_iam_role: {
      r: {
        ...meta('iam/role'),
        count: 2,
        assume_role_policy: JSON.stringify(POLICY),
        name: 'quote " backslash \\ tab \t unicode é control \u0001 template $${literal} %%{ directive }',
        description: 'first line\nsecond "line"\n\n  indented ${aws_sqs_queue.q.name}\n',
        tags: { 'kubernetes.io/role/elb': '1', for: 'keyword key', Name: 'role', 'cost-center': 'x', '${var.tag_key}': 'templated key' },
        lifecycle: { ignore_changes: ['tags["Name"]', 'description'], prevent_destroy: false, precondition: [{ condition: '${length(var.ports) > 0}', error_message: 'ports: give at least one' }] },
      },
    },
    aws_launch_template: {
      lt: {
        ...meta('nodes/launch-template'),
        user_data: '  #!/bin/bash\n  echo indented\n',
        block_device_mappings: [{ device_name: '/dev/xvda', ebs: { encrypted: 'true', volume_size: 50 } }],
        metadata_options: { http_tokens: 'required' },
      },
    },
    aws_eks_node_group: { ng: { ...meta('nodes/group'), cluster_name: 'edge', node_role_arn: 'arn:aws:iam::123456789012:role/node', subnet_ids: [], taint: [] } },
    aws_sqs_queue: {
      q: { ...meta('queue/queue'), name: 'q', delay_seconds: 5, provisioner: [{ 'local-exec': { command: 'echo ${self.arn}' } }] },
    },
    aws_sqs_queue_policy: { p: { ...meta('queue/policy'), queue_url: '${aws_sqs_queue.q.url}', policy: JSON.stringify({ Statement: [{ Resource: '${aws_sqs_queue.q.arn}' }] }) } },
    helm_release: {
      h: {
        ...meta('charts/release'),
        provider: 'helm',
        name: 'h',
        chart: 'assets/chart/abc',
        values: ['replicas: 2\nnodeSelector:\n  role: system\n'],
        set: [{ name: 'a', value: 'b' }],
        postrender: { binary_path: '/bin/true' },
        depends_on: ['aws_iam_role.r', 'aws_sqs_queue.q'],
      },
      two: { ...meta('charts/two'), provider: 'helm', name: 'two', chart: 'c', values: ['a: 1\nb: 2\n', 'c: 3\nd: 4\n'] },
    },
  },
  variable: { ports: { type: 'list(number)', default: [443, -1, 1.5], description: 'Ports', validation: [{ condition: '${alltrue([for p in var.ports : p < 65536])}', error_message: 'too big' }] }, tag_key: { type: 'string' } },
  locals: { all_ports: '${concat(var.ports, [22])}', plain: 'text' },
  output: {
    role_arn: { value: '${aws_iam_role.r[0].arn}', sensitive: true, depends_on: ['aws_iam_role.r'] },
    shaped: { value: { queues: ['${aws_sqs_queue.q.arn}'], count: 1 }, description: 'an object' },
  },
  module: { extra: { source: './modules/extra', providers: { aws: 'aws.use1' }, size: 3, depends_on: ['aws_sqs_queue.q'] } },
  moved: [{ from: 'aws_sqs_queue.old', to: 'aws_sqs_queue.q' }],
  import: [{ to: 'aws_sqs_queue.q', id: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q' }],
  removed: [{ from: 'aws_sqs_queue.gone', lifecycle: { destroy: false } }],
};

describe('HCL rendering of awkward Terraform JSON', () => {
  let dir: string;
  let files: Record<string, string>;
  let omitted: ReadonlySet<string>;
  const all = () => Object.values(files).join('\n');
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'export-render-'));
    const rendered = renderStack(EDGE, { stackName: 'edge', shapes: bindingShapes() });
    files = Object.fromEntries(rendered.files.map((f) => [f.name, f.text]));
    omitted = rendered.omittedEmptyBlocks;
    mkdirSync(join(dir, 'edge'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'edge', name), text);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('terraform fmt -check accepts it', () => {
    const fmt = terraformFmtCheck(dir);
    expect({ code: fmt.code, diff: fmt.output }).toEqual({ code: 0, diff: '' });
  });

  test('it reads back as the same Terraform JSON', async () => {
    const back = await readExportedStack(join(dir, 'edge'));
    // `taint: []` (no blocks) has no HCL form but leaving the block out, which Terraform reads the same.
    expect([...omitted]).toEqual(['taint']);
    expect(firstDifference(withoutMetadata(EDGE, omitted), withoutMetadata(back))).toBeUndefined();
    expect(withoutMetadata(back)).toEqual(withoutMetadata(EDGE, omitted));
    // The construct paths come back from the comments, where cdktf keeps them (waivers match on them).
    expect(back.resource!.aws_iam_role.r['//']).toEqual({ metadata: { path: 'edge/iam/role' } });
    expect(back.data!.aws_eks_cluster.c['//']).toEqual({ metadata: { path: 'edge/access/cluster' } });
  });

  test('files by kind and module; construct paths as comments; no cdktf metadata', () => {
    expect(Object.keys(files)).toEqual(['terraform.tf', 'providers.tf', 'remote-state.tf', 'access.tf', 'charts.tf', 'iam.tf', 'nodes.tf', 'queue.tf', 'vpc.tf', 'main.tf', 'variables.tf', 'locals.tf', 'outputs.tf', 'moved.tf']);
    expect(files['terraform.tf'].startsWith('terraform {\n  required_version = ">= 1.10"\n\n  required_providers {')).toBe(true);
    expect(files['iam.tf']).toContain('# iam/role\nresource "aws_iam_role" "r" {\n  count = 2\n');
    expect(all()).not.toContain('"//"');
    expect(all()).not.toContain('uniqueId');
  });

  test('blocks and attributes as the provider schemas have them', () => {
    expect(files['providers.tf']).toContain('provider "helm" {\n  kubernetes = {\n');
    expect(files['providers.tf']).toMatch(/kubernetes = \{[\s\S]*?exec = \{/);
    expect(files['providers.tf']).toMatch(/provider "kubernetes" \{[\s\S]*?\n  exec \{\n/);
    expect(files['providers.tf']).toContain('  default_tags {\n');
    expect(files['terraform.tf']).toContain('    assume_role = {\n');
    expect(files['vpc.tf']).toContain('  ingress = []\n  egress  = []\n');
    expect(files['vpc.tf']).toContain('  ingress {\n');
    expect(files['vpc.tf']).toMatch(/dynamic "egress" \{\n {4}for_each = var\.ports\n {4}iterator = port\n\n {4}content \{/);
    expect(files['charts.tf']).toContain('  set = [\n    {\n');
    expect(files['charts.tf']).toContain('  postrender = {\n');
    expect(files['nodes.tf']).toMatch(/block_device_mappings \{[\s\S]*?\n {4}ebs \{/);
    expect(files['nodes.tf']).toContain('  subnet_ids    = []\n}');
    expect(files['nodes.tf']).not.toContain('taint');
    expect(files['remote-state.tf']).toContain('  config = {\n    organization = "acme"\n    workspaces = {\n');
  });

  test('references bare where Terraform wants traversals', () => {
    expect(files['vpc.tf']).toContain('  provider = aws.use1\n');
    expect(files['vpc.tf']).toContain('    ignore_changes        = all\n');
    expect(files['iam.tf']).toContain('ignore_changes  = [tags["Name"], description]');
    expect(files['charts.tf']).toContain('  depends_on = [aws_iam_role.r, aws_sqs_queue.q]\n');
    expect(files['moved.tf']).toContain('moved {\n  from = aws_sqs_queue.old\n  to   = aws_sqs_queue.q\n}');
    expect(files['moved.tf']).toContain('import {\n  to = aws_sqs_queue.q\n  id = "https://sqs.eu-west-1.amazonaws.com/123456789012/q"\n}');
    expect(files['main.tf']).toContain('  providers = {\n    aws = aws.use1\n  }');
    expect(files['variables.tf']).toContain('  type        = list(number)\n');
  });

  test('policies as jsonencode: string attributes bare, other references and templates quoted', () => {
    const role = files['iam.tf'];
    expect(role).toContain('  assume_role_policy = jsonencode({\n');
    expect(role).toContain('        Resource = aws_sqs_queue.q.arn\n');
    // delay_seconds is a number: jsonencode(x) would write a JSON number where the template wrote a string.
    expect(role).toContain('"sqs:delay" = "${aws_sqs_queue.q.delay_seconds}"');
    expect(role).toContain('"aws:username"            = "$${aws:username}"\n');
    expect(role).toContain('"aws:ResourceTag/name"    = "queue-${aws_sqs_queue.q.name}"\n');
    expect(role).toContain('"${aws_sqs_queue.q.name}" = "key"\n');
    expect(role).toContain('Numbers = [0, -1, 2.5, 1e+21]');
    expect(role).toContain('Quote = "say \\"hi\\" \\\\ back\\nslash"');
    expect(all()).not.toMatch(/"\{\\"/);
  });

  test('strings: escapes, heredocs where they read better, exact either way', () => {
    const role = files['iam.tf'];
    expect(role).toContain(`  name        = ${quote(EDGE.resource!.aws_iam_role.r.name as string)}\n`);
    expect(role).toContain('name        = "quote \\" backslash \\\\ tab \\t unicode é control \\u0001 template $${literal} %%{ directive }"');
    expect(role).toContain('  description = <<-EOT\n    first line\n    second "line"\n\n      indented ${aws_sqs_queue.q.name}\n  EOT\n');
    // Every line indented: `<<-` would strip the indentation, so the body starts at column 0.
    expect(files['nodes.tf']).toContain('  user_data = <<EOT\n  #!/bin/bash\n  echo indented\nEOT\n');
    expect(files['charts.tf']).toContain('  values = [<<-EOT\n    replicas: 2\n');
    expect(files['charts.tf']).toContain('  values = ["a: 1\\nb: 2\\n", "c: 3\\nd: 4\\n"]\n');
    expect(role).toContain('"kubernetes.io/role/elb" = "1"');
    expect(role).toContain('"for"                    = "keyword key"');
    expect(role).toContain('cost-center              = "x"');
  });
});

describe('jsonencode read back', () => {
  test.each([
    ['${jsonencode({\n  a = 1\n  "b c" = [true, null, -2.5]\n})}', '{"a":1,"b c":[true,null,-2.5]}'],
    ['${jsonencode({ Resource = aws_sqs_queue.q.arn, N = "${x.y}", T = "a-${x.y}", E = "$${aws:username}" })}', '{"Resource":"${aws_sqs_queue.q.arn}","N":"${x.y}","T":"a-${x.y}","E":"$${aws:username}"}'],
    ['${jsonencode([{ f = lookup(var.m, "k", null) }, "q\\"uote\\n"])}', '[{"f":"${lookup(var.m, \\"k\\", null)}"},"q\\"uote\\n"]'],
    ['${jsonencode({ k = 1 + 2 })}', '{"k":"${1 + 2}"}'],
  ])('%s', (template, json) => {
    expect(evaluateJsonencode(template)).toBe(json);
  });

  test.each(['${jsonencode(var.x)}', '${jsonencode({a = 1})}-${x}', 'plain', '${upper("x")}'])('%s is left alone', (template) => {
    expect(evaluateJsonencode(template)).toBeUndefined();
  });
});
