/**
 * The day-two matrix: every input of every registry module changed alone on an existing environment
 * (the shipped spec that has the module: full, else prod, else dev), both versions synthesized
 * in-process and diffed as `npm run diff` does (verify/diff.ts), each row classified by what the
 * second `terraform apply` would do.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describeInputs, inputJsonSchema, InternalError, PlatformError, SpecError, type ModuleRegistry } from '../../modules';
import { ENVIRONMENTS_DIR, listEnvironments } from '../../stacks/load';
import { parseEnvironment, type EnvironmentSpec } from '../../stacks/spec';
import { synthEnvironments } from '../../stacks/synth';
import { diffOutputs, normalizePath, type Blocked, type EnvironmentDiff, type ResourceChange } from '../../verify/diff';
import { readSynthesizedOutput, type SynthesizedOutput } from '../../verify/chart-objects';
import type { Base } from '../fuzz/corpus';
import { hintsFor } from '../fuzz/hints';
import type { JsonSchema } from '../fuzz/json-schema';
import { candidatesFor, LIST_ITEMS } from './alternatives';
import { concrete, getAt, REMOVE, segmentsOf, setAt, shownPath } from '../spec-paths';

/** What the second apply does, most severe first (a row takes the first that applies). */
export const OUTCOMES = [
  'replaces stateful (blocked by npm run diff)',
  'deletes stateful (blocked by npm run diff)',
  'may replace stateful (blocked by npm run diff)',
  'deletes in-cluster objects (blocked by npm run diff)',
  'replaces stateless',
  'rolling replacement',
  'creates/deletes only',
  'in place',
  'moved',
  'no change',
  'refused at synth',
  'skipped',
  'synth failed',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_MEANING: Readonly<Record<Outcome, string>> = {
  'replaces stateful (blocked by npm run diff)': 'a stateful resource would be destroyed and created again (or renamed without a moved block); `npm run diff` refuses it unless accepted by name',
  'deletes stateful (blocked by npm run diff)': 'a stateful resource would be destroyed (the change removes what made it); `npm run diff` refuses it unless accepted by name',
  'may replace stateful (blocked by npm run diff)': 'an attribute the provider replaces under a condition changes on a stateful resource, or Kubernetes would jump minors; `npm run diff` refuses it unless accepted',
  'deletes in-cluster objects (blocked by npm run diff)': 'Terraform upgrades a generated chart in place, but Helm deletes an object it no longer renders (a NodePool, whose nodes Karpenter then drains); `npm run diff` refuses it unless accepted',
  'replaces stateless': 'a resource without state is destroyed and created again (not create-before-destroy)',
  'rolling replacement': 'replacements are create-before-destroy: the new resource exists before the old one goes',
  'creates/deletes only': 'resources are created or deleted (none stateful deleted), nothing replaced; updates in place may come with them',
  'in place': 'attributes are updated in place, nothing created, deleted or replaced',
  moved: 'resources change address, kept by moved blocks',
  'no change': 'the synthesized Terraform is the same (or differs only in attributes under ignore_changes)',
  'refused at synth': 'validation refuses the change and names why (nothing is applied)',
  skipped: 'no valid alternative value: the reason is given',
  'synth failed': 'synthesis failed with an internal error (a bug)',
};

export interface MatrixInput {
  readonly module: string;
  /** As the registry describes it: `nodeGroups[].taints[].key`. */
  readonly path: string;
}

export interface MatrixRow extends MatrixInput {
  /** The shipped environment the change was made to. */
  readonly environment: string;
  /** The change tried: `azCount: 3 → 2`. */
  readonly change: string;
  readonly outcome: Outcome;
  /** What changes, grouped: `cluster: replace (rolling) aws_eks_node_group ×1 (instance_types)`. */
  readonly resources: readonly string[];
  /** Why it is blocked and the fix, why it is refused, or why it was skipped. */
  readonly notes: readonly string[];
}

/** Every input of every module, in registry order, as describeInputs lists them. */
export function matrixInputs(registry: ModuleRegistry): MatrixInput[] {
  return registry.list().flatMap((definition) => describeInputs(definition).map((input) => ({ module: definition.name, path: input.path })));
}

/** Shipped specs, the order in which a module's environment is chosen: the one with every module first. */
const PREFERRED = ['full', 'prod', 'dev'];

type Json = Record<string, unknown>;
const clone = <T>(value: T): T => structuredClone(value);

function show(value: unknown): string {
  if (value === REMOVE) return '(removed: default)';
  if (value === undefined) return '(unset)';
  const text = JSON.stringify(value);
  return text.length > 70 ? `${text.slice(0, 67)}...` : text;
}

/** `3 → 2`; for lists and maps, what was added or removed. */
function changeOf(before: unknown, after: unknown): string {
  const text = (v: unknown) => JSON.stringify(v);
  if (Array.isArray(before) && Array.isArray(after)) {
    const added = after.filter((item) => !before.some((b) => text(b) === text(item)));
    const removed = before.filter((item) => !after.some((a) => text(a) === text(item)));
    if (added.length + removed.length > 0 && (added.length === 0 || removed.length === 0)) {
      return [...added.map((item) => `adds ${show(item)}`), ...removed.map((item) => `removes ${show(item)}`)].join(', ');
    }
  }
  if (isMap(before) && isMap(after)) {
    const added = Object.keys(after).filter((key) => !(key in before));
    if (added.length && Object.keys(before).every((key) => text(before[key]) === text(after[key]))) return added.map((key) => `adds ${key}: ${show(after[key])}`).join(', ');
  }
  return `${show(before)} → ${show(after)}`;
}

const isMap = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The JSON Schema at a place, following object properties, list items and union branches. */
function schemaAt(schema: JsonSchema, segments: readonly string[]): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema;
  for (const segment of segments) {
    if (!node) return undefined;
    const options: JsonSchema[] = node.anyOf ?? node.oneOf ?? [node];
    node = segment === '[]' ? options.find((o) => o.items)?.items : options.find((o) => o.properties?.[segment])?.properties?.[segment];
  }
  return node;
}

/** The first line of a refusal: `eks.name: expected ...`. */
function refusalOf(error: PlatformError): string {
  if (error instanceof SpecError) return error.issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))[0] ?? error.message;
  return error.message.split('\n')[0];
}

export interface MatrixOptions {
  readonly root?: string;
  readonly registry: ModuleRegistry;
}

/** Runs rows; synthesizes each distinct environment once for "before". Call `dispose` when done. */
export class DayTwoMatrix {
  private readonly root: string;
  private readonly registry: ModuleRegistry;
  private readonly scratch = mkdtempSync(join(tmpdir(), 'day-two-matrix-'));
  private readonly specs = new Map<string, Json>();
  private readonly synthesized = new Map<string, SynthesizedOutput>();
  private synthCount = 0;

  constructor(options: MatrixOptions) {
    this.root = options.root ?? process.cwd();
    this.registry = options.registry;
    const names = listEnvironments(this.root);
    for (const name of [...PREFERRED.filter((n) => names.includes(n)), ...names.filter((n) => !PREFERRED.includes(n)).sort()]) {
      this.specs.set(name, parse(readFileSync(join(this.root, ENVIRONMENTS_DIR, `${name}.yaml`), 'utf8')) as Json);
    }
  }

  dispose(): void {
    rmSync(this.scratch, { recursive: true, force: true });
  }

  /** The environment a module's rows are made on. */
  environmentOf(module: string): string | undefined {
    return [...this.specs].find(([, spec]) => module in spec)?.[0];
  }

  private file(environment: string): string {
    return [...ENVIRONMENTS_DIR.split(/[\\/]/), `${environment}.yaml`].join('/');
  }

  private parseSpec(raw: Json, environment: string): EnvironmentSpec {
    return parseEnvironment(clone(raw), this.file(environment), environment, this.registry);
  }

  private inputsOf(spec: EnvironmentSpec, module: string): unknown {
    return spec.modules.find((m) => m.definition.name === module)?.inputs;
  }

  private async synth(spec: EnvironmentSpec): Promise<SynthesizedOutput> {
    const outdir = join(this.scratch, String(++this.synthCount));
    try {
      await synthEnvironments([spec], outdir);
      return readSynthesizedOutput(outdir);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }

  private async before(raw: Json, environment: string): Promise<SynthesizedOutput> {
    const key = `${environment}\n${JSON.stringify(raw)}`;
    let stacks = this.synthesized.get(key);
    if (!stacks) this.synthesized.set(key, (stacks = await this.synth(this.parseSpec(raw, environment))));
    return stacks;
  }

  /**
   * The environment made ready for the input to be changed: lists on the way get a first item (the
   * defaults the module applies, or a seed from LIST_ITEMS), objects on the way exist. Returns the
   * spec and what was added that the shipped spec does not have.
   */
  private prepare(environment: string, module: string, segments: readonly string[]): { raw: Json; seeded: string[] } | { skip: string } {
    const raw = clone(this.specs.get(environment)!);
    if (raw[module] === null || raw[module] === undefined) raw[module] = {};
    const seeded: string[] = [];
    for (let i = 0; i < segments.length - 1; i++) {
      const prefix = concrete(segments.slice(0, i + 1));
      const here = getAt(raw[module], prefix);
      const listNeeded = segments[i + 1] === '[]';
      if (listNeeded ? Array.isArray(here) && here.length > 0 : here !== null && typeof here === 'object') continue;
      const effective = getAt(this.inputsOf(this.parseSpec(raw, environment), module), prefix);
      const listPath = `${module}.${segments.slice(0, i + 1).join('.').replace(/\.\[\]/g, '[]')}`;
      if (listNeeded) {
        if (Array.isArray(effective) && effective.length) {
          setAt(raw[module] as Json, prefix, clone(effective));
        } else {
          const seed = LIST_ITEMS[listPath]?.[0];
          if (!seed) return { skip: `${listPath} has no item in ${environment} and the matrix has no item to add (LIST_ITEMS)` };
          setAt(raw[module] as Json, prefix, [clone(seed)]);
          seeded.push(`${module}.${shownPath([...prefix, 0])} = ${show(seed)}`);
        }
      } else {
        setAt(raw[module] as Json, prefix, {});
      }
    }
    return { raw, seeded };
  }

  /** One input changed alone. */
  async row(module: string, path: string): Promise<MatrixRow> {
    const definition = this.registry.has(module) ? this.registry.get(module) : undefined;
    const environment = this.environmentOf(module);
    const base = { module, path, environment: environment ?? '(none)' };
    if (!definition || !environment) return { ...base, change: '', outcome: 'skipped', resources: [], notes: [`no shipped environment has ${module}`] };
    const segments = segmentsOf(path);
    const place = concrete(segments);
    const prepared = this.prepare(environment, module, segments);
    if ('skip' in prepared) return { ...base, change: '', outcome: 'skipped', resources: [], notes: [prepared.skip] };
    const { raw, seeded } = prepared;
    const beforeSpec = this.parseSpec(raw, environment);
    const beforeInputs = this.inputsOf(beforeSpec, module);
    const given = getAt(raw[module], place);
    const effective = getAt(beforeInputs, place);
    const schema = schemaAt(inputJsonSchema(definition), segments) ?? {};
    const envPath = `${module}.${path}`;
    const candidates = candidatesFor({ envPath, schema, given, effective, hints: hintsFor(this.baseForHints(environment)), moduleInputs: beforeInputs, environment: raw });
    const describe = (value: unknown) => `${shownPath(place)}: ${changeOf(effective, value)}${seeded.length ? ` (on ${seeded.join(' and ')}, added first)` : ''}`;

    let refused: { value: unknown; message: string } | undefined;
    for (const value of candidates) {
      const after = clone(raw);
      setAt(after[module] as Json, place, value);
      let afterSpec: EnvironmentSpec;
      try {
        afterSpec = this.parseSpec(after, environment);
      } catch (error) {
        if (!(error instanceof PlatformError) || error instanceof InternalError) throw error;
        refused ??= { value, message: refusalOf(error) };
        continue;
      }
      if (JSON.stringify(this.inputsOf(afterSpec, module)) === JSON.stringify(beforeInputs)) continue;
      const change = describe(value);
      const before = await this.before(raw, environment);
      let synthesizedAfter: SynthesizedOutput;
      try {
        synthesizedAfter = await this.synth(afterSpec);
      } catch (error) {
        if (error instanceof InternalError) return { ...base, change, outcome: 'synth failed', resources: [], notes: [error.message.split('\n')[0]] };
        if (!(error instanceof PlatformError)) throw error;
        // Refused while building (a check across modules): the next candidate may pass.
        refused ??= { value, message: refusalOf(error) };
        continue;
      }
      return { ...base, change, ...classify(diffOutputs(before.stacks, synthesizedAfter.stacks, { charts: { base: before.charts, now: synthesizedAfter.charts } }), environment) };
    }
    if (refused) return { ...base, change: describe(refused.value), outcome: 'refused at synth', resources: [], notes: [refused.message] };
    const block = schema.properties && Object.keys(schema.properties).length > 0;
    const reason = block
      ? `a block ${given === undefined ? 'the spec leaves to its defaults' : 'the spec gives its default values (removing it changes nothing)'}: each of its fields is changed in a row of its own`
      : candidates.length ? 'every alternative tried leaves the validated inputs as they are' : 'no alternative value: the input takes a single value here';
    return { ...base, change: '', outcome: 'skipped', resources: [], notes: [reason] };
  }

  private readonly bases = new Map<string, Base>();

  /** The fuzzer's hint table is built per base spec. */
  private baseForHints(environment: string): Base {
    let base = this.bases.get(environment);
    if (!base) {
      const spec = this.specs.get(environment)!;
      const groups = ((spec.vpc as { subnetGroups?: { name?: unknown }[] } | undefined)?.subnetGroups ?? []).map((g) => String(g.name));
      base = { name: environment as Base['name'], file: this.file(environment), text: '', spec, subnetGroups: groups };
      this.bases.set(environment, base);
    }
    return base;
  }
}

/** Changes of a diff, with the stack tier (`cluster`) instead of the stack name. */
function changesOf(diff: EnvironmentDiff, environment: string): (ResourceChange & { tier: string })[] {
  return diff.stacks.flatMap((stack) => stack.changes.map((change) => ({ ...change, tier: stack.stack.slice(environment.length + 1) })));
}

function actedPaths(change: ResourceChange): string[] {
  const acted = change.changes.filter((c) => !c.ignored);
  const forcing = acted.filter((c) => c.forces);
  return [...new Set((change.action === 'replace' && forcing.length ? forcing : acted).map((c) => normalizePath(c.path)))];
}

/** `subnet_id refers to aws_subnet.vpc_subnet-public-0_1A2B3C4D, which is replaced` → `follows aws_subnet`. */
function causeOf(cause: string, environment: string): string {
  const across = / reads an output of ([\w-]+): ([\w]+)\./.exec(cause);
  if (across) return `follows ${across[1].replace(`${environment}-`, '')} ${across[2]}`;
  const within = / refers to ([\w]+)\./.exec(cause);
  return within ? `follows ${within[1]}` : cause;
}

function classify(diff: EnvironmentDiff, environment: string): Pick<MatrixRow, 'outcome' | 'resources' | 'notes'> {
  const changes = changesOf(diff, environment);
  const actionOf = (blocked: Blocked) => diff.stacks.find((s) => s.stack === blocked.stack)?.changes.find((c) => c.address === blocked.address)?.action;
  const blocked = diff.blocked.filter((b) => !b.accepted);
  // Terraform's own actions first; objects Helm deletes in the cluster are a kind of their own.
  const inTerraform = blocked.filter((b) => !b.inCluster);
  let outcome: Outcome;
  if (inTerraform.some((b) => actionOf(b) === 'replace')) outcome = 'replaces stateful (blocked by npm run diff)';
  else if (inTerraform.some((b) => actionOf(b) === 'delete')) outcome = 'deletes stateful (blocked by npm run diff)';
  else if (inTerraform.length) outcome = 'may replace stateful (blocked by npm run diff)';
  else if (blocked.length) outcome = 'deletes in-cluster objects (blocked by npm run diff)';
  else if (changes.some((c) => c.action === 'replace' && !c.rolling)) outcome = 'replaces stateless';
  else if (changes.some((c) => c.action === 'replace')) outcome = 'rolling replacement';
  else if (changes.some((c) => c.action === 'create' || c.action === 'delete')) outcome = 'creates/deletes only';
  else if (changes.some((c) => c.action === 'update')) outcome = 'in place';
  else if (changes.some((c) => c.action === 'move')) outcome = 'moved';
  else outcome = 'no change';

  // One line per stack, action and type: `cluster: replace (rolling) aws_eks_node_group ×1 (instance_types)`.
  const groups = new Map<string, { count: number; details: Set<string> }>();
  for (const change of changes) {
    const action = change.action === 'replace' ? `replace${change.rolling ? ' (rolling)' : ''}${change.stateful && !change.rolling ? ' STATEFUL' : ''}` : change.action === 'delete' && change.stateful ? 'delete STATEFUL' : change.action;
    const key = `${change.tier}: ${action} ${change.type}`;
    const group = groups.get(key) ?? { count: 0, details: new Set<string>() };
    group.count++;
    const cause = change.cause?.startsWith('renamed from') ? 'renamed without a moved block' : change.cause ? causeOf(change.cause, environment) : undefined;
    for (const detail of cause && !actedPaths(change).length ? [cause] : actedPaths(change)) group.details.add(detail);
    groups.set(key, group);
  }
  const resources = [...groups].map(([key, { count, details }]) => {
    const list = [...details];
    const shown = list.length > 4 ? [...list.slice(0, 4), `${list.length - 4} more`] : list;
    return `${key}${count > 1 ? ` ×${count}` : ''}${shown.length ? ` (${shown.join(', ')})` : ''}`;
  });

  // Blocked changes, one line per type and reason: reasons that differ only in the address they
  // name (`subnet_id refers to ...public-0`) or the value they quote count as one, shown by the first.
  const reasons = new Map<string, { text: string; count: number; fix?: string }>();
  for (const b of blocked) {
    const type = b.address.split('.')[0];
    const text = b.reason.replace(/_[0-9A-F]{8}\b/g, '');
    const key = `${type}: ${text.replace(/"[^"]*"/g, '"…"').replace(/-\d+\b/g, '-N')}`;
    const entry = reasons.get(key) ?? { text: `${type}: ${text}`, count: 0, fix: b.fix?.replace(/_[0-9A-F]{8}\b/g, '') };
    entry.count++;
    reasons.set(key, entry);
  }
  const notes = [...reasons.values()].map(({ text, count, fix }) => {
    const [type, ...rest] = text.split(': ');
    return `${type}${count > 1 ? ` ×${count}` : ''}: ${rest.join(': ')}${fix ? `; fix: ${fix}` : ''}`;
  });
  return { outcome, resources, notes };
}
