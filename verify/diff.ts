/**
 * What the next `terraform apply` would do to each resource when one synthesized output replaces
 * another: created, deleted, updated in place, replaced (and whether create-before-destroy makes it a
 * rolling replacement), or moved. Reads Terraform JSON only, so it judges any stack; which attributes
 * force replacement is data taken from the providers' own schemas at the pinned versions
 * (./upstream/replacement-attributes.json), never guessed.
 */
import replacementData from './upstream/replacement-attributes.json';
import { producerOf } from './remote-state';
import type { TerraformJson } from './terraform-json';
import { globToRegExp } from './waivers';

/**
 * Resource types whose replacement loses data, identity or traffic: what a reviewer must approve by
 * name. (An EIP is someone's allow-listed egress address; a log group holds the audit trail.)
 */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  'aws_eks_cluster',
  'aws_vpc',
  'aws_subnet',
  'aws_nat_gateway',
  'aws_eip',
  'aws_kms_key',
  'aws_eks_node_group',
  'aws_security_group',
  'aws_iam_role',
  'aws_sqs_queue',
  'aws_cloudwatch_log_group',
  'aws_efs_file_system',
  'aws_s3_bucket',
]);

interface ReplacementEntry {
  readonly forceNew: readonly string[];
  readonly conditional: readonly { readonly path: string; readonly condition: string }[];
}
const REPLACEMENT = (replacementData as unknown as { resources: Record<string, ReplacementEntry> }).resources;

/** Where the replacement data comes from, for reports. */
export const REPLACEMENT_SOURCE = Object.entries((replacementData as unknown as { providers: Record<string, { version: string }> }).providers)
  .map(([provider, { version }]) => `${provider} ${version}`)
  .join(', ');

export type Action = 'create' | 'delete' | 'update' | 'replace' | 'move' | 'no-op';

export interface AttributeChange {
  /** Dotted path with list indexes, as Terraform shows it: `scaling_config[0].desired_size`. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
  /** Forces replacement per the provider schema (`ForceNew`/`RequiresReplace`). */
  readonly forces: boolean;
  /** Forces replacement only under a condition the provider code states (a CustomizeDiff or plan modifier); what it says. */
  readonly mayForce?: string;
  /** Listed in the resource's lifecycle.ignore_changes: Terraform will not act on it. */
  readonly ignored: boolean;
}

export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly action: Action;
  readonly stateful: boolean;
  /** For `replace`: create_before_destroy makes it a rolling replacement (new one first). */
  readonly rolling: boolean;
  readonly changes: readonly AttributeChange[];
  /** The address the resource is moved from (a `moved` block in the new output). */
  readonly movedFrom?: string;
  /** Why it is replaced although none of its own attributes forces it. */
  readonly cause?: string;
  /** cdktf construct path, for people reading the table. */
  readonly constructPath?: string;
}

export interface MoveSuggestion {
  readonly from: string;
  readonly to: string;
}

export interface StackDiff {
  readonly stack: string;
  readonly changes: readonly ResourceChange[];
  /** Deleted + created pairs with the same content: renames that need a `moved` block. */
  readonly renames: readonly MoveSuggestion[];
  /** Resource types with no replacement data (their changes are assumed in place). */
  readonly unknownTypes: readonly string[];
}

interface Resource {
  readonly type: string;
  readonly address: string;
  readonly body: Record<string, unknown>;
  readonly ignoreChanges: readonly string[];
  readonly createBeforeDestroy: boolean;
  readonly constructPath?: string;
}

/** Meta-arguments and cdktf metadata: not attributes a provider compares. */
const META = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'count', 'for_each', 'provisioner', 'connection']);

function resourcesOf(stack: TerraformJson | undefined): Map<string, Resource> {
  const out = new Map<string, Resource>();
  for (const [type, byName] of Object.entries(stack?.resource ?? {})) {
    for (const [name, raw] of Object.entries(byName)) {
      const lifecycle = (raw.lifecycle ?? {}) as { ignore_changes?: string[] | string; create_before_destroy?: boolean };
      const ignore = lifecycle.ignore_changes === 'all' ? ['*'] : Array.isArray(lifecycle.ignore_changes) ? lifecycle.ignore_changes : [];
      const body = Object.fromEntries(Object.entries(raw).filter(([key]) => !META.has(key)));
      const metadata = raw['//'] as { metadata?: { path?: string } } | undefined;
      out.set(`${type}.${name}`, { type, address: `${type}.${name}`, body, ignoreChanges: ignore.map(normalizePath), createBeforeDestroy: lifecycle.create_before_destroy === true, constructPath: metadata?.metadata?.path });
    }
  }
  return out;
}

/** `scaling_config[0].desired_size` → `scaling_config.desired_size`: how the provider data names it. */
export function normalizePath(path: string): string {
  return path.replace(/\[\d+\]/g, '').replace(/^\./, '');
}

/** Leaf values of a resource body by path (lists indexed, objects dotted). */
function leaves(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix, []);
    value.forEach((item, index) => leaves(item, `${prefix}[${index}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out.set(prefix, {});
    for (const [key, child] of entries) leaves(child, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

function forcingPaths(type: string): { always: readonly string[]; conditional: readonly string[] } | undefined {
  const entry = REPLACEMENT[type];
  return entry ? { always: entry.forceNew, conditional: entry.conditional.map((c) => c.path) } : undefined;
}

/** The provider's condition for a conditional replacement, in a few words. */
function conditionOf(type: string, path: string): string | undefined {
  const entry = REPLACEMENT[type]?.conditional.find((c) => path === c.path || path.startsWith(`${c.path}.`));
  if (!entry) return undefined;
  if (entry.path === 'region') return 'the resource moves to another region';
  const text = entry.condition;
  const explained = /\(([^()]{10,})\)\s*$/.exec(text)?.[1] ?? (text.includes(' — ') ? text.split(' — ')[1].split(';')[0] : undefined);
  return (explained ?? text).slice(0, 160);
}

function matches(path: string, listed: readonly string[]): boolean {
  return listed.some((entry) => entry === '*' || path === entry || path.startsWith(`${entry}.`));
}

function compare(type: string, before: Resource, after: Resource): AttributeChange[] {
  const old = leaves(before.body, '', new Map());
  const now = leaves(after.body, '', new Map());
  const forcing = forcingPaths(type);
  const changes: AttributeChange[] = [];
  for (const path of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const a = old.get(path);
    const b = now.get(path);
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const normalized = normalizePath(path);
    const forces = forcing !== undefined && matches(normalized, forcing.always);
    const mayForce = !forces && forcing !== undefined && matches(normalized, forcing.conditional) ? conditionOf(type, normalized) : undefined;
    changes.push({ path, before: a, after: b, forces, ...(mayForce ? { mayForce } : {}), ignored: matches(normalized, after.ignoreChanges) });
  }
  return changes;
}

/** The body with references to renamed resources rewritten to their new addresses. */
function renamedBody(body: Record<string, unknown>, renames: ReadonlyMap<string, string>): string {
  let text = JSON.stringify(body);
  for (const [from, to] of renames) text = text.split(`\${${from}.`).join(`\${${to}.`).split(`\${${from}}`).join(`\${${to}}`);
  return text;
}

/**
 * Compares a stack as the base synthesized it with the stack now. Either side may be absent (a new
 * stack, a removed one).
 */
export function diffStack(stack: string, base: TerraformJson | undefined, now: TerraformJson | undefined): StackDiff {
  const before = resourcesOf(base);
  const after = resourcesOf(now);
  const moved = new Map<string, string>();
  for (const block of ((now as { moved?: { from: string; to: string }[] } | undefined)?.moved ?? [])) if (before.has(block.from) && !after.has(block.from)) moved.set(block.to, block.from);
  const movedFrom = new Set(moved.values());

  const created = [...after.keys()].filter((address) => !before.has(address) && !moved.has(address));
  const deleted = [...before.keys()].filter((address) => !after.has(address) && !movedFrom.has(address));

  // Renames: a deleted and a created resource of one type with the same content once references to
  // other renamed resources are rewritten. Repeated until nothing new pairs (references chain).
  const renames = new Map<string, string>(moved.size ? [...moved].map(([to, from]) => [from, to]) : []);
  const suggested: MoveSuggestion[] = [];
  for (let found = true; found; ) {
    found = false;
    for (const from of deleted) {
      if (renames.has(from)) continue;
      const old = before.get(from)!;
      const target = created.find((to) => after.get(to)!.type === old.type && ![...renames.values()].includes(to) && renamedBody(old.body, renames) === renamedBody(after.get(to)!.body, renames));
      if (target) {
        renames.set(from, target);
        suggested.push({ from, to: target });
        found = true;
      }
    }
  }
  const suggestedFrom = new Set(suggested.map((s) => s.from));
  const suggestedTo = new Set(suggested.map((s) => s.to));

  const changes = new Map<string, ResourceChange>();
  const unknownTypes = new Set<string>();
  for (const [address, resource] of after) {
    if (!forcingPaths(resource.type)) unknownTypes.add(resource.type);
    const stateful = STATEFUL_TYPES.has(resource.type);
    const base = { address, type: resource.type, stateful, rolling: resource.createBeforeDestroy, constructPath: resource.constructPath };
    if (suggestedTo.has(address)) continue; // reported as a rename below
    const origin = before.get(address) ?? (moved.has(address) ? before.get(moved.get(address)!) : undefined);
    if (!origin) {
      changes.set(address, { ...base, action: 'create', changes: [] });
      continue;
    }
    const attributeChanges = compare(resource.type, { ...origin, body: JSON.parse(renamedBody(origin.body, renames)) as Record<string, unknown> }, resource);
    const acted = attributeChanges.filter((c) => !c.ignored);
    const action: Action = acted.some((c) => c.forces) ? 'replace' : acted.length ? 'update' : moved.has(address) ? 'move' : 'no-op';
    changes.set(address, { ...base, action, changes: attributeChanges, movedFrom: moved.get(address) });
  }
  for (const address of deleted) {
    if (suggestedFrom.has(address)) continue;
    const resource = before.get(address)!;
    changes.set(address, { address, type: resource.type, action: 'delete', stateful: STATEFUL_TYPES.has(resource.type), rolling: false, changes: [], constructPath: resource.constructPath });
  }
  for (const { from, to } of suggested) {
    const resource = after.get(to)!;
    // Without a moved block Terraform destroys `from` and creates `to`: a replacement under a new name.
    changes.set(to, { address: to, type: resource.type, action: 'replace', stateful: STATEFUL_TYPES.has(resource.type), rolling: false, changes: [], movedFrom: undefined, cause: `renamed from ${from} without a moved block`, constructPath: resource.constructPath });
  }

  cascadeReplacements(changes, after);
  const order = (c: ResourceChange) => ['replace', 'delete', 'create', 'update', 'move', 'no-op'].indexOf(c.action);
  return {
    stack,
    changes: [...changes.values()].filter((c) => c.action !== 'no-op').sort((a, b) => order(a) - order(b) || a.address.localeCompare(b.address)),
    renames: suggested,
    unknownTypes: [...unknownTypes].sort(),
  };
}

/**
 * Whether `value` reads an attribute of `address` that a replacement makes unknown at plan time:
 * computed attributes (`id`, `arn`) are; an argument the configuration sets to a literal (`name`) keeps
 * its planned value, so a reference to it does not cascade.
 */
function unknownAfterReplacement(value: string, address: string, replaced: Resource | undefined): boolean {
  const pattern = new RegExp(`\\$\\{${address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.([A-Za-z0-9_]+)`, 'g');
  for (const match of value.matchAll(pattern)) {
    const configured = replaced?.body[match[1]];
    if (configured === undefined || (typeof configured === 'string' && configured.includes('${'))) return true;
  }
  return false;
}

/**
 * A replaced resource gets new attribute values (`id`, `arn`) that are unknown at plan time, and an
 * unknown value in a forcing attribute forces replacement too: Terraform replaces every resource
 * that references a replaced one in such an attribute. Repeated to a fixed point.
 */
function cascadeReplacements(changes: Map<string, ResourceChange>, after: ReadonlyMap<string, Resource>): void {
  for (let grew = true; grew; ) {
    grew = false;
    const replaced = [...changes.values()].filter((c) => c.action === 'replace').map((c) => c.address);
    for (const [address, resource] of after) {
      const current = changes.get(address);
      if (!current || current.action === 'replace' || current.action === 'create') continue;
      const forcing = forcingPaths(resource.type);
      if (!forcing) continue;
      for (const [path, value] of leaves(resource.body, '', new Map())) {
        if (typeof value !== 'string') continue;
        const source = replaced.find((r) => unknownAfterReplacement(value, r, after.get(r)));
        const normalized = normalizePath(path);
        if (source && matches(normalized, forcing.always) && !matches(normalized, resource.ignoreChanges)) {
          changes.set(address, { ...current, action: 'replace', cause: `${path} refers to ${source}, which is replaced` });
          grew = true;
          break;
        }
      }
    }
  }
}

/**
 * Replacements that cross stacks: a consumer reads a producer's output through
 * `terraform_remote_state`; when that output's value comes from a resource the producer replaces,
 * the consumer's plan (made after the producer's apply) sees a new value in every attribute reading
 * it, and replaces the resource if the attribute forces replacement.
 */
function cascadeAcrossStacks(diffs: StackDiff[], after: Readonly<Record<string, TerraformJson>>): StackDiff[] {
  const byStack = new Map(diffs.map((d) => [d.stack, d]));
  for (let grew = true; grew; ) {
    grew = false;
    for (const diff of byStack.values()) {
      const stack = after[diff.stack];
      if (!stack) continue;
      const remote = stack.data?.terraform_remote_state ?? {};
      const changedOutputs: { reference: string; cause: string }[] = [];
      for (const [id, body] of Object.entries(remote)) {
        const producer = producerOf(body, id, after, diff.stack);
        const producerDiff = producer ? byStack.get(producer) : undefined;
        if (!producer || !producerDiff) continue;
        const replaced = producerDiff.changes.filter((c) => c.action === 'replace').map((c) => c.address);
        for (const [output, outputBody] of Object.entries(after[producer].output ?? {})) {
          const value = JSON.stringify(outputBody.value ?? '');
          const source = replaced.find((address) => value.includes(`\${${address}.`));
          if (source) changedOutputs.push({ reference: `\${data.terraform_remote_state.${id}.outputs.${output}`, cause: `${producer}: ${source}` });
        }
      }
      if (!changedOutputs.length) continue;
      const resources = resourcesOf(stack);
      const changes = [...diff.changes];
      const extra: ResourceChange[] = [];
      let stackGrew = false;
      for (const [address, resource] of resources) {
        const current = changes.find((c) => c.address === address);
        if (current && ['replace', 'create'].includes(current.action)) continue;
        const forcing = forcingPaths(resource.type);
        if (!forcing) continue;
        for (const [path, value] of leaves(resource.body, '', new Map())) {
          if (typeof value !== 'string') continue;
          const hit = changedOutputs.find((o) => value.includes(`${o.reference}}`) || value.includes(`${o.reference}[`) || value.includes(`${o.reference}.`));
          const normalized = normalizePath(path);
          if (hit && matches(normalized, forcing.always) && !matches(normalized, resource.ignoreChanges)) {
            const replacement: ResourceChange = { ...(current ?? { address, type: resource.type, stateful: STATEFUL_TYPES.has(resource.type), rolling: resource.createBeforeDestroy, changes: [], constructPath: resource.constructPath }), action: 'replace', cause: `${path} reads an output of ${hit.cause}, which is replaced` };
            if (current) changes.splice(changes.indexOf(current), 1, replacement);
            else extra.push(replacement);
            stackGrew = true;
            break;
          }
        }
      }
      if (stackGrew) {
        byStack.set(diff.stack, { ...diff, changes: [...changes, ...extra] });
        grew = true;
      }
    }
  }
  return [...byStack.values()];
}

export interface EnvironmentDiff {
  readonly stacks: readonly StackDiff[];
  /** Changes that stop `npm run diff` unless accepted, with the reason. */
  readonly blocked: readonly Blocked[];
}

export interface Blocked {
  readonly stack: string;
  readonly address: string;
  readonly reason: string;
  readonly fix?: string;
  readonly accepted: boolean;
}

export interface DiffOptions {
  /** Addresses (or globs over `<stack>/<address>` or `<address>`) the user accepts by name. */
  readonly accept?: readonly string[];
}

/**
 * Diffs every stack of an output against the base output, stack by stack in the order given (deploy
 * order), and lists what must not happen silently: stateful resources replaced (unless create-before-
 * destroy makes it rolling) or destroyed, renames without a `moved` block, and Kubernetes version
 * jumps EKS refuses.
 */
export function diffOutputs(base: Readonly<Record<string, TerraformJson>>, now: Readonly<Record<string, TerraformJson>>, options: DiffOptions = {}): EnvironmentDiff {
  const names = [...new Set([...Object.keys(now), ...Object.keys(base)])];
  const stacks = cascadeAcrossStacks(
    names.map((name) => diffStack(name, base[name], now[name])),
    now,
  );
  const accept = (options.accept ?? []).map(globToRegExp);
  const accepted = (stack: string, address: string) => accept.some((pattern) => pattern.test(address) || pattern.test(`${stack}/${address}`));
  const blocked: Blocked[] = [];
  for (const diff of stacks) {
    for (const change of diff.changes) {
      const push = (reason: string, fix?: string) => blocked.push({ stack: diff.stack, address: change.address, reason, fix, accepted: accepted(diff.stack, change.address) });
      const forcing = change.changes.filter((c) => c.forces && !c.ignored).map((c) => c.path);
      if (change.cause?.startsWith('renamed from')) {
        push(`${change.cause}: Terraform would destroy it and create a new one`, `keep it with a moved block (shown below), or cdktf's resource.moveFromId("${change.cause.slice('renamed from '.length).split(' ')[0]}")`);
      } else if (change.action === 'replace' && change.stateful && !change.rolling) {
        push(`replaced (${forcing.length ? `${forcing.join(', ')} force${forcing.length === 1 ? 's' : ''} replacement` : change.cause})`, subnetHint(change));
      } else if (change.action === 'delete' && change.stateful) {
        push('destroyed (a stateful resource)');
      } else if (change.stateful && !change.rolling && (change.action === 'update' || change.action === 'move')) {
        const possible = change.changes.filter((c) => c.mayForce && !c.ignored);
        if (possible.length) push(`may be replaced: ${possible.map((c) => `${c.path} (${c.mayForce})`).join('; ')}`);
      }
      if (change.type === 'aws_eks_cluster' && change.action !== 'create' && change.action !== 'delete') {
        const version = change.changes.find((c) => c.path === 'version');
        const jump = version ? versionJump(String(version.before), String(version.after)) : undefined;
        if (jump) push(jump.reason, jump.fix);
      }
    }
  }
  return { stacks, blocked };
}

function subnetHint(change: ResourceChange): string | undefined {
  if (change.type === 'aws_subnet' && change.changes.some((c) => c.path === 'cidr_block')) {
    return 'subnet groups are laid out in order from the VPC CIDR, so changing azCount or an earlier group\'s prefixLength moves later groups; pin each existing group\'s current ranges with `cidrs:` before changing the layout';
  }
  return undefined;
}

/** EKS upgrades the control plane one minor at a time and never downgrades. */
export function versionJump(before: string, after: string): { reason: string; fix: string } | undefined {
  const minor = (version: string) => Number(/^1\.(\d+)$/.exec(version)?.[1] ?? NaN);
  const [from, to] = [minor(before), minor(after)];
  if (Number.isNaN(from) || Number.isNaN(to) || to - from === 1 || to === from) return undefined;
  if (to < from) return { reason: `Kubernetes ${before} → ${after} is a downgrade, which EKS does not do`, fix: `keep ${before} (a new cluster is the only way back)` };
  const steps = Array.from({ length: to - from }, (_, i) => `1.${from + i + 1}`);
  return { reason: `Kubernetes ${before} → ${after} skips ${to - from - 1} minor version(s); EKS upgrades one minor at a time`, fix: `upgrade in steps, applying each: ${[before, ...steps].join(' → ')}` };
}

/** A `moved` block in HCL, as a reviewer would paste it into a plain Terraform directory. */
export function movedBlock(move: MoveSuggestion): string {
  return `moved {\n  from = ${move.from}\n  to   = ${move.to}\n}`;
}
