/**
 * One synthesized stack (Terraform JSON) → HCL files. Addresses stay exactly as synthesized (state
 * is keyed by them); what the export chooses is laid out for a reader:
 *
 *   terraform.tf     the `terraform` block: required providers, backend or `cloud`
 *   providers.tf     provider configurations
 *   remote-state.tf  `terraform_remote_state` data sources: the other directories' state this one reads
 *   <module>.tf      one file per module (the first construct below the stack: vpc.tf, eks.tf,
 *                    karpenter.tf…), its resources and data sources in construct-path order, each
 *                    under a comment naming its construct path
 *   main.tf          resources made directly in the stack (no module), module calls
 *   variables.tf, locals.tf, outputs.tf, moved.tf (`moved`, `import` and `removed` blocks)
 *
 * cdktf's `//` metadata is dropped (the construct path survives as the comment). JSON documents
 * held in strings (IAM, KMS and SQS policies, EventBridge patterns, add-on configuration values)
 * become `jsonencode({ … })`, references bare expressions, multi-line strings heredocs.
 */
import { BLANK, attribute, block, comment, heredocable, objectKey, printFile, quote, raw, type Expr, type Item } from './hcl';
import { UNKNOWN_BODY, type BodyShape, type Shapes } from './shapes';
import { wholeInterpolation } from './template';
import type { TerraformJson } from '../verify/terraform-json';

type Body = Record<string, unknown>;

export interface RenderOptions {
  readonly stackName: string;
  readonly shapes: Shapes;
  /** The stacks whose remote state reads an output of this one (for the comment above it). */
  readonly readersOf?: (output: string) => readonly string[];
}

export interface RenderedFile {
  readonly name: string;
  readonly text: string;
  /** What the file holds, for the directory's README. */
  readonly holds: string;
}

export interface RenderedStack {
  readonly files: RenderedFile[];
  readonly warnings: string[];
  /**
   * Block types given as an empty list (`"taint": []`): HCL has no syntax for "no blocks" but
   * leaving them out, which Terraform reads the same; the round-trip check ignores these.
   */
  readonly omittedEmptyBlocks: ReadonlySet<string>;
}

/** Top-level keys of Terraform JSON the export understands. */
const ROOT_KEYS = new Set(['//', 'terraform', 'provider', 'resource', 'data', 'output', 'variable', 'locals', 'module', 'moved', 'import', 'removed']);
/** Files whose names a module file must not take. */
const RESERVED_FILES = new Set(['terraform', 'providers', 'remote-state', 'main', 'variables', 'locals', 'outputs', 'moved']);
const REMOTE_STATE = 'terraform_remote_state';

const isObject = (v: unknown): v is Body => v !== null && typeof v === 'object' && !Array.isArray(v);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
/** `"${aws_vpc.x}"` → `aws_vpc.x`: references where Terraform wants a bare traversal (depends_on, moved…). */
const bareReference = (v: unknown): string => (typeof v === 'string' ? (wholeInterpolation(v) ?? v) : String(v));

/** A JSON document held in a string, when writing it as `jsonencode(…)` gives back exactly the same text. */
export function jsonDocument(text: string): Body | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return isObject(parsed) && Object.keys(parsed).length > 0 && JSON.stringify(parsed) === text ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const REFERENCE = /^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)\.([a-z_][a-z0-9_]*)$/;

interface ValueContext {
  readonly shapes: Shapes;
  /** Inside `jsonencode`: a whole-string `"${x}"` stays quoted unless x is a string attribute. */
  readonly inDocument: boolean;
}

function stringExpr(text: string, context: ValueContext, heredoc: boolean): Expr {
  const code = wholeInterpolation(text);
  if (code !== undefined && !code.includes('\n')) {
    if (!context.inDocument) return raw(code);
    // jsonencode(x) of a number is a JSON number, "${x}" a JSON string: unwrap only string attributes.
    const m = REFERENCE.exec(code);
    if (m && m[2] !== REMOTE_STATE && context.shapes.isStringAttribute(m[1] ? 'data' : 'resource', m[2], m[4])) return raw(code);
    return raw(quote(text));
  }
  if (!context.inDocument) {
    const document = jsonDocument(text);
    if (document) return { kind: 'call', name: 'jsonencode', argument: valueExpr(document, { ...context, inDocument: true }) };
  }
  if (heredoc && heredocable(text)) return { kind: 'heredoc', text };
  return raw(quote(text));
}

/** A JSON value as an HCL expression. */
export function valueExpr(value: unknown, context: ValueContext, heredoc = true): Expr {
  if (value === null || value === undefined) return raw('null');
  if (typeof value === 'boolean' || typeof value === 'number') return raw(String(value));
  if (typeof value === 'string') return stringExpr(value, context, heredoc);
  if (Array.isArray(value)) return { kind: 'tuple', items: value.map((item) => valueExpr(item, context, value.length === 1)) };
  return { kind: 'object', entries: Object.entries(value as Body).map(([key, v]) => ({ key: objectKey(key), value: valueExpr(v, context) })) };
}

/** A reference list (`depends_on`, `ignore_changes`): bare traversals. */
const referenceList = (v: unknown): Expr => (typeof v === 'string' ? raw(bareReference(v)) : { kind: 'tuple', items: asList(v).map((r) => raw(bareReference(r))) });

class StackRenderer {
  readonly warnings: string[] = [];
  readonly omittedEmptyBlocks = new Set<string>();
  constructor(private readonly options: RenderOptions) {}

  private value(v: unknown): Expr {
    return valueExpr(v, { shapes: this.options.shapes, inDocument: false });
  }

  /** Arguments and nested blocks of a block body, by its shape. */
  body(body: Body, shape: BodyShape, at: string): Item[] {
    const attributes: Item[] = [];
    const blocks: Item[] = [];
    for (const [key, value] of Object.entries(body)) {
      if (key === '//') continue;
      const s = shape.shape(key);
      const elements = asList(value);
      const empty = Array.isArray(value) && value.length === 0;
      if (s.kind === 'block' && empty && !s.attributeList) {
        this.omittedEmptyBlocks.add(key);
      } else if (s.kind === 'block' && elements.every(isObject) && !empty) {
        for (const element of elements) blocks.push(BLANK, block(key, [], this.body(element as Body, s.body, `${at}.${key}`)));
      } else {
        // An attribute, or a list of objects the provider declares as an attribute (`ingress = []`).
        if (s.kind === 'block' && !empty) this.warnings.push(`${at}.${key}: a block given as ${JSON.stringify(value).slice(0, 40)}; written as an attribute`);
        attributes.push(attribute(key, this.value(value)));
      }
    }
    return [...attributes, ...blocks];
  }

  /** A resource or data source body: meta-arguments first and last, as the Terraform style guide orders them. */
  resourceBody(body: Body, shape: BodyShape, at: string): Item[] {
    const { count, for_each: forEach, provider, lifecycle, depends_on: dependsOn, provisioner, connection, dynamic, ...rest } = body;
    const first: Item[] = [];
    if (count !== undefined) first.push(attribute('count', this.value(count)));
    if (forEach !== undefined) first.push(attribute('for_each', this.value(forEach)));
    if (provider !== undefined) first.push(attribute('provider', raw(bareReference(provider))));
    const last: Item[] = [];
    if (dynamic !== undefined) last.push(...this.dynamicBlocks(dynamic, shape, at));
    if (connection !== undefined) last.push(BLANK, block('connection', [], this.body(connection as Body, UNKNOWN_BODY, `${at}.connection`)));
    for (const p of provisioner === undefined ? [] : asList(provisioner)) {
      for (const [type, config] of Object.entries(p as Body)) {
        const { connection: c, ...settings } = config as Body;
        const inner = this.body(settings, UNKNOWN_BODY, `${at}.provisioner`);
        if (c !== undefined) inner.push(BLANK, block('connection', [], this.body(c as Body, UNKNOWN_BODY, `${at}.provisioner.connection`)));
        last.push(BLANK, block('provisioner', [type], inner));
      }
    }
    if (lifecycle !== undefined) last.push(BLANK, block('lifecycle', [], this.lifecycle(lifecycle as Body)));
    if (dependsOn !== undefined) last.push(BLANK, attribute('depends_on', referenceList(dependsOn)));
    return [...first, ...(first.length ? [BLANK] : []), ...this.body(rest, shape, at), ...last];
  }

  private lifecycle(body: Body): Item[] {
    const items: Item[] = [];
    const conditions: Item[] = [];
    for (const [key, value] of Object.entries(body)) {
      if (key === 'ignore_changes' || key === 'replace_triggered_by') items.push(attribute(key, referenceList(value)));
      else if (key === 'precondition' || key === 'postcondition') for (const c of asList(value)) conditions.push(BLANK, block(key, [], this.body(c as Body, UNKNOWN_BODY, key)));
      else items.push(attribute(key, this.value(value)));
    }
    return [...items, ...conditions];
  }

  private dynamicBlocks(dynamic: unknown, shape: BodyShape, at: string): Item[] {
    const items: Item[] = [];
    for (const [name, specs] of Object.entries(dynamic as Body)) {
      const nested = shape.shape(name);
      for (const spec of asList(specs)) {
        const { content, iterator, ...settings } = spec as Body;
        const body = this.body(settings, UNKNOWN_BODY, `${at}.dynamic.${name}`);
        if (iterator !== undefined) body.push(attribute('iterator', raw(bareReference(iterator))));
        body.push(BLANK, block('content', [], this.body((content ?? {}) as Body, nested.kind === 'block' ? nested.body : UNKNOWN_BODY, `${at}.${name}`)));
        items.push(BLANK, block('dynamic', [name], body));
      }
    }
    return items;
  }

  terraformBlock(terraform: Body): Item[] {
    const items: Item[] = [];
    // required_version, required_providers, then where state goes: the order people read them in.
    const rank = (key: string) => ['required_version', 'required_providers', 'backend', 'cloud'].indexOf(key) + 1 || 9;
    const entries = Object.entries(terraform).sort(([a], [b]) => rank(a) - rank(b));
    for (const [key, value] of entries) {
      if (key === '//') continue;
      if (key === 'required_providers' && isObject(value)) {
        items.push(BLANK, block('required_providers', [], Object.entries(value).map(([name, requirement]) => attribute(name, this.value(requirement)))));
      } else if (key === 'backend' && isObject(value)) {
        for (const [type, config] of Object.entries(value)) {
          // Backend settings are attributes (`assume_role = { … }` for s3); `remote` alone has a `workspaces` block.
          const body = this.body(config as Body, type === 'remote' ? blocksNamed(['workspaces']) : UNKNOWN_BODY, `terraform.backend.${type}`);
          items.push(BLANK, block('backend', [type], body));
        }
      } else if (key === 'cloud' && isObject(value)) {
        items.push(BLANK, block('cloud', [], this.body(value, blocksNamed(['workspaces']), 'terraform.cloud')));
      } else if (key === 'provider_meta' && isObject(value)) {
        for (const [name, meta] of Object.entries(value)) items.push(BLANK, block('provider_meta', [name], this.body(meta as Body, UNKNOWN_BODY, `terraform.provider_meta.${name}`)));
      } else {
        items.push(BLANK, attribute(key, key === 'experiments' ? referenceList(value) : this.value(value)));
      }
    }
    return items;
  }
}

/** A body whose named keys are (single or repeated) blocks of attributes. */
function blocksNamed(names: readonly string[]): BodyShape {
  return {
    known: true,
    shape: (key) => (names.includes(key) ? { kind: 'block', list: false, attributeList: false, body: UNKNOWN_BODY } : { kind: 'attribute' }),
  };
}

interface Placed {
  readonly file: string;
  readonly sortKey: string;
  readonly items: Item[];
  /** A comment written once above a run of blocks with the same group. */
  readonly group?: string;
}

/** The construct path of a block without the stack's own name (`eks/control-plane/cluster`). */
export function constructPathOf(body: unknown): string | undefined {
  const path = isObject(body) && isObject(body['//']) && isObject((body['//'] as Body).metadata) ? ((body['//'] as Body).metadata as Body).path : undefined;
  return typeof path === 'string' ? path : undefined;
}

/** The module file a block goes to: the first construct below the stack, when the block is nested in one. */
export function moduleOf(body: unknown): string | undefined {
  const segments = constructPathOf(body)?.split('/') ?? [];
  return segments.length >= 3 ? segments[1] : undefined;
}

export function moduleFileName(module: string): string {
  const safe = module.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'module';
  return `${RESERVED_FILES.has(safe) ? `${safe}-module` : safe}.tf`;
}

/** Output name → module, from cdktf's stack metadata (`//.outputs.<stack>.<module>.output-x`). */
export function outputModules(tf: TerraformJson): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (node: unknown, module: string | undefined) => {
    if (typeof node === 'string') {
      if (module) found.set(node, module);
      return;
    }
    if (isObject(node)) for (const [key, child] of Object.entries(node)) walk(child, module ?? (isObject(child) ? key : undefined));
  };
  const outputs = isObject(tf['//']) ? (tf['//'] as Body).outputs : undefined;
  if (isObject(outputs)) for (const perStack of Object.values(outputs)) walk(perStack, undefined);
  return found;
}

export function renderStack(tf: TerraformJson, options: RenderOptions): RenderedStack {
  const unknown = Object.keys(tf).filter((key) => !ROOT_KEYS.has(key));
  if (unknown.length) throw new Error(`${options.stackName}: cannot export top-level ${unknown.map((k) => `"${k}"`).join(', ')} (not written by cdktf for this project; extend export/render.ts)`);
  const renderer = new StackRenderer(options);
  const { shapes } = options;
  const placed: Placed[] = [];
  const place = (file: string, sortKey: string, items: Item[], group?: string) => placed.push({ file, sortKey, items, group });
  const stackPrefix = `${options.stackName}/`;
  const pathComment = (body: unknown): Item[] => {
    const path = constructPathOf(body);
    return path ? [comment(path.startsWith(stackPrefix) ? path.slice(stackPrefix.length) : path)] : [];
  };

  if (isObject(tf.terraform)) place('terraform.tf', '', [block('terraform', [], renderer.terraformBlock(tf.terraform))]);
  for (const [name, configs] of Object.entries(tf.provider ?? {})) {
    for (const [index, config] of asList(configs).entries()) {
      const body = renderer.body(config as Body, shapes.body('provider', name), `provider.${name}`);
      place('providers.tf', `${name}\u0000${index}`, [block('provider', [name], body)]);
    }
  }
  for (const kind of ['data', 'resource'] as const) {
    for (const [type, byName] of Object.entries(tf[kind] ?? {})) {
      for (const [name, body] of Object.entries(byName ?? {})) {
        const address = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
        if (kind === 'data' && type === REMOTE_STATE) {
          place('remote-state.tf', name, [block('data', [type, name], renderer.body(body, UNKNOWN_BODY, address))]);
          continue;
        }
        const module = moduleOf(body);
        const file = module ? moduleFileName(module) : 'main.tf';
        place(file, `${constructPathOf(body) ?? ''}\u0000${address}`, [...pathComment(body), block(kind, [type, name], renderer.resourceBody(body, shapes.body(kind, type), address))]);
      }
    }
  }
  for (const [name, body] of Object.entries((tf.module ?? {}) as Record<string, Body>)) {
    const { depends_on: dependsOn, providers, ...rest } = body;
    const items = [...renderer.body(rest, UNKNOWN_BODY, `module.${name}`)];
    if (providers !== undefined) items.push(attribute('providers', { kind: 'object', entries: Object.entries(providers as Body).map(([k, v]) => ({ key: objectKey(k), value: raw(bareReference(v)) })) }));
    if (dependsOn !== undefined) items.push(BLANK, attribute('depends_on', referenceList(dependsOn)));
    place('main.tf', `\u0001${name}`, [...pathComment(body), block('module', [name], items)]);
  }
  for (const [name, body] of Object.entries((tf.variable ?? {}) as Record<string, Body>)) {
    const { type, validation, ...rest } = body;
    const items: Item[] = [];
    if (type !== undefined) items.push(attribute('type', raw(bareReference(type))));
    items.push(...renderer.body(rest, UNKNOWN_BODY, `variable.${name}`));
    for (const v of validation === undefined ? [] : asList(validation)) items.push(BLANK, block('validation', [], renderer.body(v as Body, UNKNOWN_BODY, `variable.${name}.validation`)));
    place('variables.tf', name, [block('variable', [name], items)]);
  }
  if (isObject(tf.locals)) place('locals.tf', '', [block('locals', [], renderer.body(tf.locals, UNKNOWN_BODY, 'locals'))]);

  const modules = outputModules(tf);
  for (const [name, body] of Object.entries(tf.output ?? {})) {
    const { depends_on: dependsOn, precondition, ...rest } = body;
    const items = renderer.body(rest, UNKNOWN_BODY, `output.${name}`);
    for (const c of precondition === undefined ? [] : asList(precondition)) items.push(BLANK, block('precondition', [], renderer.body(c as Body, UNKNOWN_BODY, `output.${name}.precondition`)));
    if (dependsOn !== undefined) items.push(BLANK, attribute('depends_on', referenceList(dependsOn)));
    const readers = options.readersOf?.(name) ?? [];
    const module = modules.get(name);
    // Module outputs by module; then the ones other directories read, whose generated names cannot change.
    const crossStack = name.startsWith('cross-stack-output-');
    const group = module && !readers.length && !crossStack ? `1${module}` : readers.length || crossStack ? `3${readers.join(', ')}` : '2';
    const note = readers.length
      ? `Read by ${readers.join(', ')} through terraform_remote_state: cdktf generated these names, and renaming one breaks that reader.`
      : crossStack
        ? 'Cross-stack outputs cdktf generated for another stack\'s terraform_remote_state: keep the names.'
        : module
          ? `Outputs of module ${module}`
          : undefined;
    place('outputs.tf', `${group}\u0000${name}`, [block('output', [name], items)], note);
  }
  for (const kind of ['moved', 'import', 'removed'] as const) {
    for (const [index, body] of asList(tf[kind] ?? []).entries()) {
      const items: Item[] = [];
      for (const [key, value] of Object.entries(body as Body)) {
        if (key === 'from' || key === 'to' || key === 'provider') items.push(attribute(key, raw(bareReference(value))));
        else if (key === 'lifecycle') items.push(BLANK, block('lifecycle', [], renderer.body(value as Body, UNKNOWN_BODY, `${kind}.lifecycle`)));
        else items.push(attribute(key, valueExpr(value, { shapes, inDocument: false })));
      }
      place('moved.tf', `${kind}\u0000${String(index).padStart(6, '0')}`, [block(kind, [], items)]);
    }
  }

  for (const type of shapes.unknownTypes) if (type !== REMOTE_STATE) renderer.warnings.push(`${type}: no provider bindings installed; its nested objects were written as attributes`);
  const byFile = new Map<string, Placed[]>();
  for (const p of placed) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  const modulesByFile = new Map<string, { module: string; version?: string; resources: number; dataSources: number }>();
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries(tf[kind] ?? {})) {
      for (const body of Object.values(byName ?? {})) {
        const module = moduleOf(body);
        if (!module || type === REMOTE_STATE) continue;
        const file = moduleFileName(module);
        const entry = modulesByFile.get(file) ?? { module, resources: 0, dataSources: 0 };
        if (kind === 'resource') entry.resources++;
        else entry.dataSources++;
        const tags = (body as Body).tags;
        if (isObject(tags) && tags.module === module && typeof tags['module-version'] === 'string') entry.version ??= tags['module-version'];
        modulesByFile.set(file, entry);
      }
    }
  }
  const backend = isObject(tf.terraform) && tf.terraform.cloud ? 'the `cloud` block (HCP Terraform workspace)' : 'the state backend';
  const fixed: Record<string, { holds: string; header?: string }> = {
    'terraform.tf': { holds: `required providers (exact versions) and ${backend}` },
    'providers.tf': { holds: 'provider configurations' },
    'remote-state.tf': { holds: '`terraform_remote_state` data sources: the other directories\' state this one reads', header: 'State of the stacks this one builds on (their outputs, read at plan time).' },
    'main.tf': { holds: 'resources made directly in the stack (no module), module calls' },
    'variables.tf': { holds: 'input variables' },
    'locals.tf': { holds: 'local values' },
    'outputs.tf': { holds: 'outputs, by module; the ones other directories read are marked' },
    'moved.tf': {
      holds: '`moved` (and `import`/`removed`) blocks: state carried across renames',
      header: 'Resources the project renamed: each `moved` block hands the old address\'s state to the new one, so\nTerraform updates in place instead of destroying and recreating. Keep them until every workspace has applied them.',
    },
  };
  // The terraform block and providers first, module files by name, then the rest in a fixed order.
  const FIRST = ['terraform.tf', 'providers.tf', 'remote-state.tf'];
  const LAST = ['main.tf', 'variables.tf', 'locals.tf', 'outputs.tf', 'moved.tf'];
  const order = (file: string) => (FIRST.includes(file) ? FIRST.indexOf(file) : LAST.includes(file) ? 100 + LAST.indexOf(file) : 50);
  const files = [...byFile.entries()]
    .sort(([a], [b]) => order(a) - order(b) || (a < b ? -1 : 1))
    .map(([name, entries]) => {
      const sorted = [...entries].sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
      const module = modulesByFile.get(name);
      const description = fixed[name] ?? {
        holds: module ? `module \`${module.module}\`${module.version ? ` ${module.version}` : ''}: ${module.resources} resource(s)${module.dataSources ? `, ${module.dataSources} data source(s)` : ''}` : 'resources',
        header: module ? `Module "${module.module}"${module.version ? ` ${module.version}` : ''}: construct path ${options.stackName}/${module.module}. Each block's comment is its path below the stack.` : undefined,
      };
      const items = sorted.flatMap((p, i) => [BLANK, ...(p.group && p.group !== sorted[i - 1]?.group ? [comment(p.group), BLANK] : []), ...p.items]);
      return { name, holds: description.holds, text: printFile([...(description.header ? [comment(description.header), BLANK] : []), ...items]) };
    });
  return { files, warnings: renderer.warnings, omittedEmptyBlocks: renderer.omittedEmptyBlocks };
}

export { quote };
