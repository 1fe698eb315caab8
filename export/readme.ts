/**
 * The README.md of an exported stack directory, generated from its Terraform JSON and the export
 * as a whole: what it creates (by module, type and construct path), what it needs (credentials,
 * state backend, other directories' state, tools), the apply order across the export, who reads its
 * outputs, and how to run it.
 */
import { constructPathOf, moduleOf } from './render';
import type { TerraformJson } from '../verify/terraform-json';

type Body = Record<string, unknown>;
const isObject = (v: unknown): v is Body => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A `terraform_remote_state` of one stack resolved to the stack it reads, with the outputs used. */
export interface RemoteRead {
  readonly reader: string;
  readonly dataSource: string;
  /** The stack whose state it reads; undefined when that state is written outside this export. */
  readonly producer: string | undefined;
  readonly outputs: readonly string[];
}

export interface ExportedStackInfo {
  readonly name: string;
  readonly dependsOn: readonly string[];
}

export interface ReadmeInput {
  readonly stack: string;
  readonly tf: TerraformJson;
  readonly format: 'hcl' | 'json';
  /** Every stack of the export, in apply order. */
  readonly order: readonly ExportedStackInfo[];
  readonly reads: readonly RemoteRead[];
  /** Files written to the directory (besides README.md), with what each holds. */
  readonly files: readonly { readonly name: string; readonly holds: string }[];
  readonly terraformVersion?: string;
  /** One line about the environment (its spec's description). */
  readonly description?: string;
  readonly generatedBy: string;
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

function backendLines(tf: TerraformJson, stackDir: string): string[] {
  const terraform = (tf.terraform ?? {}) as Body;
  if (isObject(terraform.cloud)) {
    const cloud = terraform.cloud;
    const workspaces = (cloud.workspaces ?? {}) as Body;
    const workspace = workspaces.name ? `workspace ${code(String(workspaces.name))}` : workspaces.tags ? `workspaces tagged ${code(JSON.stringify(workspaces.tags))}` : 'its workspaces';
    return [
      `HCP Terraform / Terraform Enterprise (\`cloud\` block): ${workspace} in organization ${code(String(cloud.organization))}${cloud.hostname ? ` on ${code(String(cloud.hostname))}` : ''}.`,
      `Run \`terraform login${cloud.hostname && cloud.hostname !== 'app.terraform.io' ? ` ${cloud.hostname}` : ''}\` once; whether plans run remotely or locally is the workspace's execution mode.`,
    ];
  }
  const [type, config] = Object.entries((terraform.backend ?? {}) as Record<string, Body>)[0] ?? [];
  if (!type) return ['None declared: state is kept in `terraform.tfstate` in this directory.'];
  if (type === 's3') {
    const locking = config.use_lockfile ? 'S3-native locking (`use_lockfile`, Terraform ≥ 1.10)' : config.dynamodb_table ? `locking in DynamoDB table ${code(String(config.dynamodb_table))}` : 'no state locking';
    return [`S3: ${code(`s3://${config.bucket}/${config.key}`)} in ${code(String(config.region))}${config.encrypt ? ', encrypted' : ''}${config.kms_key_id ? ` with KMS key ${code(String(config.kms_key_id))}` : ''}; ${locking}. The bucket must exist and your credentials must read and write it.`];
  }
  if (type === 'local') {
    const path = String(config.path ?? 'terraform.tfstate');
    return [
      `Local file ${code(path)}, relative to this directory (${code(`${stackDir}/${path}`)}).`,
      path.startsWith('..') ? 'The path was chosen for the cdktf project layout (`cdktf.out/stacks/<stack>`, state at the project root); from an export elsewhere it points outside this export: move an existing state file there, or change the path (`terraform init -migrate-state`).' : '',
    ].filter(Boolean);
  }
  return [`${code(type)} backend: ${code(JSON.stringify(config))}.`];
}

function providerRows(tf: TerraformJson): string[][] {
  const required = ((tf.terraform ?? {}) as Body).required_providers as Record<string, Body> | undefined;
  return Object.entries(required ?? {}).map(([name, req]) => {
    const configs = (tf.provider?.[name] ?? []) as Body[];
    const notes: string[] = [];
    for (const c of configs) {
      if (Array.isArray(c.allowed_account_ids)) notes.push(`account ${c.allowed_account_ids.join(', ')} only`);
      if (typeof c.region === 'string') notes.push(`region ${c.region}`);
      if (c.alias) notes.push(`alias ${c.alias}`);
    }
    return [name, code(String(req.source ?? name)), code(String(req.version ?? 'any')), notes.join('; ')];
  });
}

/** Tools the providers run (`exec` authentication), from provider configurations. */
function toolsNeeded(tf: TerraformJson): string[] {
  const tools = new Set<string>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v)) {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'exec') for (const e of Array.isArray(child) ? child : [child]) if (isObject(e) && typeof e.command === 'string') tools.add(`${e.command} ${Array.isArray(e.args) ? e.args.slice(0, 2).join(' ') : ''}`.trim());
        visit(child);
      }
    }
  };
  visit(tf.provider);
  return [...tools];
}

interface ModuleGroup {
  readonly name: string;
  version?: string;
  readonly rows: Map<string, string[]>;
}

function whatItCreates(tf: TerraformJson, stack: string): string[] {
  const groups = new Map<string, ModuleGroup>();
  const prefix = `${stack}/`;
  let resources = 0;
  let dataSources = 0;
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries(tf[kind] ?? {})) {
      if (kind === 'data' && type === 'terraform_remote_state') continue;
      for (const [name, body] of Object.entries(byName ?? {})) {
        if (kind === 'resource') resources++;
        else dataSources++;
        const module = moduleOf(body) ?? '(stack)';
        const group: ModuleGroup = groups.get(module) ?? { name: module, rows: new Map() };
        groups.set(module, group);
        const tags = (body as Body).tags;
        if (isObject(tags) && typeof tags['module-version'] === 'string' && tags.module === module) group.version ??= tags['module-version'];
        const label = `${kind === 'data' ? 'data.' : ''}${type}`;
        const path = constructPathOf(body);
        const shown = path ? (path.startsWith(prefix) ? path.slice(prefix.length) : path) : name;
        group.rows.set(label, [...(group.rows.get(label) ?? []), shown]);
      }
    }
  }
  const lines = [`${resources} resource(s) and ${dataSources} data source(s)${Object.keys(tf.output ?? {}).length ? `, ${Object.keys(tf.output ?? {}).length} output(s)` : ''}.`];
  for (const group of [...groups.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    lines.push('', `### ${group.name === '(stack)' ? 'Made directly in the stack' : `Module \`${group.name}\``}${group.version ? ` (version ${group.version})` : ''}`, '');
    const rows = [...group.rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([type, paths]) => [code(type), String(paths.length), paths.map(code).join(', ')]);
    lines.push(...table(['type', 'count', 'construct paths'], rows));
  }
  return lines;
}

/** The stacks connected to `stack` by dependencies (its environment's chain), in apply order. */
function chainOf(stack: string, order: readonly ExportedStackInfo[]): ExportedStackInfo[] {
  const linked = new Set([stack]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of order) {
      for (const d of s.dependsOn) {
        if (linked.has(s.name) === linked.has(d)) continue;
        linked.add(s.name).add(d);
        grew = true;
      }
    }
  }
  return order.filter((s) => linked.has(s.name));
}

export function stackReadme(input: ReadmeInput): string {
  const { stack, tf, reads } = input;
  const order = chainOf(stack, input.order);
  const others = input.order.length - order.length;
  const info = order.find((s) => s.name === stack);
  const myReads = reads.filter((r) => r.reader === stack);
  const producers = [...new Set(myReads.map((r) => r.producer).filter((p): p is string => p !== undefined))];
  const readers = reads.filter((r) => r.producer === stack);
  const lines: string[] = [
    `# ${stack}`,
    '',
    `Terraform for stack ${code(stack)}${input.description ? ` (${input.description})` : ''}, exported from the cdktf project by ${code(input.generatedBy)}. Plain Terraform (${input.format === 'hcl' ? 'HCL' : 'JSON syntax'}): nothing here needs Node or cdktf.`,
    '',
    '## Run it',
    '',
    '```sh',
    'terraform init',
    'terraform plan',
    '```',
    '',
    input.terraformVersion ? `Terraform ${code(input.terraformVersion)} (\`.terraform-version\`, read by tfenv, tfswitch and asdf).` : '',
    '',
    '### Apply order across this export',
    '',
    ...order.map((s, i) => `${i + 1}. ${s.name === stack ? `**${s.name}** (this directory)` : `\`../${s.name}\``}${s.dependsOn.length ? ` — after ${s.dependsOn.map(code).join(', ')}` : ''}`),
    '',
    info?.dependsOn.length ? `Apply ${info.dependsOn.map(code).join(' and ')} first.${producers.length ? ` This directory reads the state of ${producers.map(code).join(' and ')}, so it can be planned only once ${producers.length > 1 ? 'they are' : 'that is'} applied.` : ''} Destroy in the reverse order.` : 'Nothing has to be applied before this directory; destroy it last.',
    others ? `The export's ${others} other director${others > 1 ? 'ies do' : 'y does'} not depend on this chain (\`../README.md\` lists them all).` : '',
    '',
    '## What it needs',
    '',
  ];
  const providers = providerRows(tf);
  const aws = (tf.provider?.aws ?? []) as Body[];
  for (const c of aws) lines.push(`- AWS credentials for ${Array.isArray(c.allowed_account_ids) ? `account ${c.allowed_account_ids.join(', ')} (the provider refuses any other)` : 'the target account'}${c.region ? `, region ${code(String(c.region))}` : ''}.`);
  for (const c of (tf.provider?.tfe ?? []) as Body[]) lines.push(`- An HCP Terraform / Terraform Enterprise API token for organization ${code(String(c.organization ?? '?'))}${c.hostname ? ` on ${code(String(c.hostname))}` : ''} (\`terraform login\` or \`TFE_TOKEN\`), allowed to manage its workspaces.`);
  for (const tool of toolsNeeded(tf)) lines.push(`- ${code(tool.split(' ')[0])} on the machine that runs Terraform: the providers authenticate with ${code(tool)}.`);
  for (const read of myReads) {
    lines.push(`- The state of ${read.producer ? `\`../${read.producer}\`` : 'another stack (not in this export)'} (data source ${code(`data.terraform_remote_state.${read.dataSource}`)}), for its output(s) ${read.outputs.map(code).join(', ') || '(none referenced)'}.`);
  }
  const variables = Object.keys((tf.variable ?? {}) as Body);
  lines.push(variables.length ? `- Input variables: ${variables.map(code).join(', ')} (see \`variables.tf\`).` : '- No input variables: every value is in the files.');
  lines.push('', '## State backend', '', ...backendLines(tf, stack), '', '## Providers', '', ...table(['provider', 'source', 'version', 'configured'], providers), '');
  lines.push('## What it creates', '', ...whatItCreates(tf, stack), '');
  lines.push('## Who reads its outputs', '');
  if (readers.length) for (const r of readers) lines.push(`- \`../${r.reader}\` (${code(`data.terraform_remote_state.${r.dataSource}`)}): ${r.outputs.map(code).join(', ')}. Their names were generated by cdktf; renaming one breaks that reader.`);
  else lines.push('No other directory of this export reads its state.');
  lines.push('', '## Files', '', ...table(['file', 'holds'], input.files.map((f) => [code(f.name), f.holds])), '');
  lines.push(
    '## Names',
    '',
    'Resource addresses (such as `aws_eks_cluster.eks_control-plane_cluster_9A072324`) are the logical ids cdktf generated from each construct path. Terraform state is keyed by them, so the export keeps them exactly: renaming one here makes Terraform destroy the resource and create it again, unless a `moved` block goes with the rename. The comment above each block gives its construct path, which says what it is.',
    '',
    '## Changing it',
    '',
    `This directory is generated: change the TypeScript project (its environment spec or modules) and export again; edits made here are replaced by the next export. \`moved\` blocks (\`moved.tf\`) carry state across renames the project made; keep them until every workspace has applied them.`,
    '',
  );
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/** The README at the top of an export: the directories in apply order. */
export function indexReadme(order: readonly ExportedStackInfo[], format: 'hcl' | 'json', generatedBy: string): string {
  return [
    '# Exported Terraform',
    '',
    `One directory per stack, ${format === 'hcl' ? 'in HCL' : 'in Terraform JSON syntax'}, written by ${code(generatedBy)}. Each is a root module with its own state: run \`terraform init && terraform plan\` in it. Its README says what it creates and needs.`,
    '',
    'Apply in this order (a later directory reads the earlier ones\' state):',
    '',
    ...order.map((s, i) => `${i + 1}. [\`${s.name}\`](./${s.name}/README.md)${s.dependsOn.length ? ` — after ${s.dependsOn.map(code).join(', ')}` : ''}`),
    '',
    'Destroy in the reverse order.',
    '',
  ].join('\n');
}
