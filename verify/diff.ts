/**
 * What the next `terraform apply` would do to each resource when one synthesized output replaces
 * another: created, deleted, updated in place, replaced (and whether create-before-destroy makes it a
 * rolling replacement), or moved. Reads Terraform JSON only, so it judges any stack; which attributes
 * force replacement is data taken from the providers' own schemas at the pinned versions
 * (./upstream/replacement-attributes.json), never guessed.
 */
import { removedObjects, type ReleaseObjects } from './chart-objects';
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
  // Account-wide, not the environment's: deleting it stops Spot launches everywhere in the account.
  'aws_iam_service_linked_role',
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
  /**
   * Forces replacement only under a condition: one the provider code states (a CustomizeDiff or plan
   * modifier), or a data source read at plan time differing from a literal; what it is.
   */
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

/** A value Terraform reads from a data source while planning: `${data.aws_availability_zones.azs.names[0]}`. */
const DATA_SOURCE_VALUE = /^\$\{(?:element\()?(data\.[A-Za-z0-9_]+\.[A-Za-z0-9_-]+)[^${}]*\}$/;

/**
 * A change between a data source's value and a literal (`vpc.availabilityZones` written out where
 * they were read from the region): whether the value differs is only known when Terraform reads the
 * data source, so it may force replacement rather than does.
 */
function planTimeRead(before: unknown, after: unknown): string | undefined {
  const literal = (v: unknown) => v !== undefined && (typeof v !== 'string' || !v.includes('${'));
  for (const [read, other] of [
    [before, after],
    [after, before],
  ]) {
    const source = typeof read === 'string' ? DATA_SOURCE_VALUE.exec(read)?.[1] : undefined;
    if (source && literal(other)) return `only if ${source} reads something other than ${JSON.stringify(other)} when planning`;
  }
  return undefined;
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
    const forcesAlways = forcing !== undefined && matches(normalized, forcing.always);
    const readAtPlan = forcesAlways ? planTimeRead(a, b) : undefined;
    const forces = forcesAlways && !readAtPlan;
    const mayForce = readAtPlan ?? (!forces && forcing !== undefined && matches(normalized, forcing.conditional) ? conditionOf(type, normalized) : undefined);
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

  cascadeReplacements(changes, after, before);
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
 * Top-level arguments a resource sets to a literal that differs from what the base set: a reference
 * to one (`${aws_iam_role.x.name}`) reads a new value although its text is the same.
 */
function changedLiterals(change: ResourceChange, after: ReadonlyMap<string, Resource>, before: ReadonlyMap<string, Resource>): string[] {
  const now = after.get(change.address);
  const origin = before.get(change.movedFrom ?? change.address);
  if (!now || !origin || (change.action !== 'update' && change.action !== 'replace')) return [];
  return Object.keys(now.body).filter((key) => {
    const value = JSON.stringify(now.body[key]);
    return !value.includes('${') && value !== JSON.stringify(origin.body[key]);
  });
}

/**
 * A replaced resource gets new attribute values (`id`, `arn`) that are unknown at plan time, and an
 * unknown value in a forcing attribute forces replacement too: Terraform replaces every resource
 * that references a replaced one in such an attribute. So does a reference to a literal argument that
 * changed (an inline policy's `role` reading a renamed role's `name`). Repeated to a fixed point.
 */
function cascadeReplacements(changes: Map<string, ResourceChange>, after: ReadonlyMap<string, Resource>, before: ReadonlyMap<string, Resource>): void {
  for (let grew = true; grew; ) {
    grew = false;
    const replaced = [...changes.values()].filter((c) => c.action === 'replace').map((c) => c.address);
    const renamedArguments = [...changes.values()].flatMap((c) => changedLiterals(c, after, before).map((key) => ({ address: c.address, key })));
    for (const [address, resource] of after) {
      const current = changes.get(address);
      if (!current || current.action === 'replace' || current.action === 'create') continue;
      const forcing = forcingPaths(resource.type);
      if (!forcing) continue;
      for (const [path, value] of leaves(resource.body, '', new Map())) {
        if (typeof value !== 'string') continue;
        const normalized = normalizePath(path);
        if (!matches(normalized, forcing.always) || matches(normalized, resource.ignoreChanges)) continue;
        const source = replaced.find((r) => unknownAfterReplacement(value, r, after.get(r)));
        const renamed = source ? undefined : renamedArguments.find((r) => value.includes(`\${${r.address}.${r.key}}`));
        if (source || renamed) {
          changes.set(address, { ...current, action: 'replace', cause: source ? `${path} refers to ${source}, which is replaced` : `${path} refers to ${renamed!.address}.${renamed!.key}, which changes` });
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
  /** An object in the cluster that Helm deletes (a generated chart no longer renders it), not a Terraform action. */
  readonly inCluster?: boolean;
  readonly reason: string;
  readonly fix?: string;
  readonly accepted: boolean;
}

export interface DiffOptions {
  /** Addresses (or globs over `<stack>/<address>` or `<address>`) the user accepts by name. */
  readonly accept?: readonly string[];
  /** The objects of local charts at the base and now (verify/chart-objects.ts): deletions in the cluster are blocked too. */
  readonly charts?: { readonly base: ReleaseObjects; readonly now: ReleaseObjects };
}

/**
 * Diffs every stack of an output against the base output, stack by stack in the order given (deploy
 * order), and lists what must not happen silently: stateful resources replaced (unless create-before-
 * destroy makes it rolling) or destroyed, renames without a `moved` block, Kubernetes version jumps
 * EKS refuses, and (given the charts) objects of generated charts that Helm would delete.
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
    // Subnets of a replaced VPC are replaced with it: the VPC's own fix is the one that applies.
    const vpcReplaced = diff.changes.some((c) => c.type === 'aws_vpc' && c.action === 'replace');
    for (const change of diff.changes) {
      const push = (reason: string, fix?: string) => blocked.push({ stack: diff.stack, address: change.address, reason, fix, accepted: accepted(diff.stack, change.address) });
      const forcing = change.changes.filter((c) => c.forces && !c.ignored).map((c) => c.path);
      if (change.cause?.startsWith('renamed from')) {
        push(`${change.cause}: Terraform would destroy it and create a new one`, `keep it with a moved block (shown below), or cdktf's resource.moveFromId("${change.cause.slice('renamed from '.length).split(' ')[0]}")`);
      } else if (change.action === 'replace' && change.stateful && !change.rolling) {
        push(`replaced (${forcing.length ? `${forcing.join(', ')} force${forcing.length === 1 ? 's' : ''} replacement` : change.cause})`, change.type === 'aws_subnet' && vpcReplaced ? undefined : replacementFix(change, forcing));
      } else if (change.action === 'delete' && change.stateful) {
        push('destroyed (a stateful resource)', DELETION_FIXES[change.type]);
      } else if (change.stateful && !change.rolling && (change.action === 'update' || change.action === 'move')) {
        const possible = change.changes.filter((c) => c.mayForce && !c.ignored);
        if (possible.length) push(`may be replaced: ${possible.map((c) => `${c.path} (${c.mayForce})`).join('; ')}`, replacementFix(change, possible.map((c) => c.path)));
      }
      if (change.type === 'aws_eks_cluster' && change.action !== 'create' && change.action !== 'delete') {
        const version = change.changes.find((c) => c.path === 'version');
        const jump = version ? versionJump(String(version.before), String(version.after)) : undefined;
        if (jump) push(jump.reason, jump.fix);
      }
    }
  }
  // A release's objects deleted by Helm: Terraform shows an upgrade of a chart folder at most.
  const moves = Object.fromEntries(stacks.map((diff) => [diff.stack, new Map(diff.changes.filter((c) => c.movedFrom).map((c) => [c.movedFrom!, c.address]))]));
  for (const removed of options.charts ? removedObjects(options.charts.base, options.charts.now, moves) : []) {
    blocked.push({ stack: removed.stack, address: removed.address, inCluster: true, reason: removed.reason, fix: removed.fix, accepted: accepted(removed.stack, removed.address) });
  }
  return { stacks, blocked };
}

/**
 * What to do instead, for replacements AWS cannot avoid (the attribute cannot change in place), by
 * type and the (normalized) forcing attribute: shown with the blocked change.
 */
const REPLACEMENT_FIXES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  aws_subnet: {
    cidr_block: "subnet groups are laid out in order from the VPC CIDR, so changing azCount or an earlier group's prefixLength moves later groups; pin each existing group's current ranges with `cidrs:` before changing the layout",
    availability_zone: "a subnet's zone cannot change: keep vpc.availabilityZones as the VPC was created (unset, or the zones `aws ec2 describe-availability-zones` listed then, in that order)",
  },
  aws_vpc: { cidr_block: "a VPC's primary CIDR cannot change: keep vpc.cidr (more addresses come from a secondary CIDR, or from a new environment)" },
  aws_efs_file_system: {
    performance_mode: 'EFS cannot change this in place: create a second file system beside it, copy the data (AWS DataSync), then switch',
    kms_key_id: 'EFS cannot change this in place: create a second file system beside it, copy the data (AWS DataSync), then switch',
    encrypted: 'EFS cannot change this in place: create a second file system beside it, copy the data (AWS DataSync), then switch',
  },
  aws_cloudwatch_log_group: { name: 'a log group cannot be renamed: the new name is a new, empty group and the old one is deleted with its events; keep the name that derives it (vpc.name, eks.name), or export the events first' },
  aws_iam_role: { name: 'IAM roles cannot be renamed: a new role is made and the old one deleted; accept it once nothing outside this project trusts the old ARN' },
  aws_eks_cluster: { 'encryption_config.provider.key_arn': "EKS cannot change the key that encrypts a cluster's secrets: keep eks.secretsKmsKeyArn as the cluster was created (another key means another cluster)" },
};

/** What deleting a stateful resource costs, and how to do it without the cost where there is a way. */
const DELETION_FIXES: Readonly<Record<string, string>> = {
  aws_kms_key: 'the key is deleted after its waiting period, and what it encrypted (older log events, secrets, volumes) cannot be read after that: keep it until nothing needs it',
  aws_eks_node_group: 'a node group renamed or removed goes with its nodes: to move workloads without losing capacity, add the new group, apply, then remove the old one',
  aws_subnet: "a subnet group renamed or removed, or a zone dropped, deletes its subnets (AWS refuses while network interfaces use them): keep existing groups' names and zones",
  aws_eip: 'fewer NAT gateways release their Elastic IPs: egress addresses partners may have allow-listed',
  aws_nat_gateway: 'private subnets of the zone route through another NAT gateway (or none) from now on',
  aws_cloudwatch_log_group: 'its log events are deleted with it: export them first if they must be kept',
  aws_efs_file_system: 'its data is deleted with it: copy it elsewhere first (AWS DataSync)',
  aws_iam_service_linked_role: "the role belongs to the account: deleting it stops Spot launches in every environment of the account; to hand it over (spotServiceLinkedRole: exists), first take it out of this stack's state (`terraform state rm <address>`), then apply",
};

function replacementFix(change: ResourceChange, paths: readonly string[]): string | undefined {
  const fixes = REPLACEMENT_FIXES[change.type] ?? {};
  return [...new Set(paths.map((path) => fixes[normalizePath(path)]).filter((fix): fix is string => fix !== undefined))].join('; ') || undefined;
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
