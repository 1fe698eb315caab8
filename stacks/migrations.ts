import { makeUniqueId } from 'cdktf/lib/private/unique';
import { TerraformResource, TerraformStack } from 'cdktf';
import type { Construct, IConstruct } from 'constructs';
import { majorOf, type AnyModuleDefinition, type EnvironmentContext, type ModuleMigration, type SpecIssue } from '../modules/registry';

/** The spec field that pins modules to a major version: `moduleVersions: { pod-identity: 2 }`. */
export const MODULE_VERSIONS_FIELD = 'moduleVersions';

/**
 * Checks an environment's pin of a module's major against the registry. A spec written for an older
 * major is refused with the migration's summary and steps, so it is never built silently against a
 * module that changed its contract; a pin to a major the registry does not have is refused too.
 */
export function checkPinnedMajor(definition: AnyModuleDefinition, pinned: number | undefined): SpecIssue[] {
  if (pinned === undefined) return [];
  const current = majorOf(definition.version);
  const path = `${MODULE_VERSIONS_FIELD}.${definition.name}`;
  if (pinned === current) return [];
  if (pinned > current) return [{ path, message: `pins major ${pinned}, but the registry has ${definition.name} ${definition.version}; pin ${current} or update the project` }];
  const steps = migrationsSince(definition, pinned);
  const described = steps.map((m) => `${m.fromMajor}.x → ${m.fromMajor + 1}.0: ${m.summary}${stepsOf(m)}`).join('; ');
  return [
    {
      path,
      message: `this environment was written for ${definition.name} ${pinned}.x; the registry has ${definition.version}. Migration ${described || '(none recorded)'}. Then set ${path}: ${current}`,
    },
  ];
}

function migrationsSince(definition: AnyModuleDefinition, major: number): ModuleMigration[] {
  return [...(definition.migrations ?? [])].filter((m) => m.fromMajor >= major && m.fromMajor < majorOf(definition.version)).sort((a, b) => a.fromMajor - b.fromMajor);
}

function stepsOf(migration: ModuleMigration): string {
  const renamed = Object.entries(migration.renamedInputs ?? {}).map(([from, to]) => `${from} is now ${to} (mapped for you)`);
  const removed = Object.entries(migration.removedInputs ?? {}).map(([input, step]) => `${input} was removed: ${step}`);
  const all = [...renamed, ...removed];
  return all.length ? ` (${all.join('; ')})` : '';
}

/**
 * Applies the renamed and removed inputs of every migration a spec may predate. Renamed inputs are
 * moved to their new path with a warning naming it; removed ones are problems carrying the step.
 */
export function migrateInputs(definition: AnyModuleDefinition, given: unknown): { inputs: unknown; warnings: SpecIssue[]; problems: SpecIssue[] } {
  const warnings: SpecIssue[] = [];
  const problems: SpecIssue[] = [];
  if (given === null || typeof given !== 'object' || Array.isArray(given) || !definition.migrations?.length) return { inputs: given, warnings, problems };
  const inputs = structuredClone(given) as Record<string, unknown>;
  for (const migration of [...definition.migrations].sort((a, b) => a.fromMajor - b.fromMajor)) {
    const release = `${definition.name} ${migration.fromMajor + 1}.0.0`;
    for (const [from, to] of Object.entries(migration.renamedInputs ?? {})) {
      const value = take(inputs, from.split('.'));
      if (value === undefined) continue;
      if (read(inputs, to.split('.')) !== undefined) {
        problems.push({ path: `${definition.name}.${from}`, message: `was renamed to ${to} in ${release}, and both are given; keep only ${to}` });
      } else {
        put(inputs, to.split('.'), value);
        warnings.push({ path: `${definition.name}.${from}`, message: `was renamed to ${to} in ${release}; it still works, but write ${to}` });
      }
    }
    for (const [input, step] of Object.entries(migration.removedInputs ?? {})) {
      // Taken out once reported, so the schema does not report it again as an unknown field.
      if (take(inputs, input.split('.')) !== undefined) problems.push({ path: `${definition.name}.${input}`, message: `was removed in ${release}: ${step}` });
    }
  }
  return { inputs, warnings, problems };
}

function read(object: Record<string, unknown>, path: string[]): unknown {
  return path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined), object);
}

function take(object: Record<string, unknown>, path: string[]): unknown {
  const parent = read(object, path.slice(0, -1));
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return undefined;
  const record = parent as Record<string, unknown>;
  const value = record[path[path.length - 1]];
  delete record[path[path.length - 1]];
  return value;
}

function put(object: Record<string, unknown>, path: string[], value: unknown): void {
  let current = object;
  for (const key of path.slice(0, -1)) {
    if (current[key] === null || typeof current[key] !== 'object' || Array.isArray(current[key])) current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
  current[path[path.length - 1]] = value;
}

/**
 * Writes a `moved` block for every resource a migration says changed construct path, so Terraform
 * renames the resource in state instead of destroying and recreating it. Blocks whose `from` is not in
 * a state are ignored by Terraform, so environments created on the new major are unaffected.
 */
export function applyMovedResources(moduleScope: Construct, definition: AnyModuleDefinition, inputs: unknown, outputs: unknown, environment: EnvironmentContext): number {
  let count = 0;
  const stack = TerraformStack.of(moduleScope);
  for (const migration of definition.migrations ?? []) {
    for (const { from, to } of migration.moved?.(inputs, outputs, environment) ?? []) {
      const target = findChild(moduleScope, to);
      if (!(target instanceof TerraformResource)) continue;
      const oldId = makeUniqueId([...scopePath(moduleScope, stack), ...from]);
      if (oldId === target.friendlyUniqueId) continue;
      target.moveFromId(`${target.terraformResourceType}.${oldId}`);
      count++;
    }
  }
  return count;
}

function findChild(scope: IConstruct, path: readonly string[]): IConstruct | undefined {
  return path.reduce<IConstruct | undefined>((node, id) => node?.node.tryFindChild(id), scope);
}

/** Construct ids from the stack (exclusive) down to `scope` (inclusive): what cdktf hashes into a logical id. */
function scopePath(scope: IConstruct, stack: TerraformStack): string[] {
  const scopes = scope.node.scopes;
  return scopes.slice(scopes.indexOf(stack) + 1).map((c) => c.node.id);
}
