import { joinPath, PlatformError, RegistryError, type SpecIssue } from './errors';
import { STACK_TIERS, majorOf, type AnyModuleDefinition } from './module';
import { didYouMean } from './suggest';

const MODULE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/;

/** Top-level spec keys that are not modules; no module may take one of these names. */
export const RESERVED_SPEC_KEYS = ['$schema', 'name', 'description', 'region', 'accountId', 'tags', 'backend', 'kubernetesAuth', 'waivers', 'moduleVersions'] as const;

/**
 * The module registry: modules register themselves; environments resolve the modules they name
 * into dependency order. Nothing here knows a concrete module.
 */
export class ModuleRegistry {
  private readonly modules = new Map<string, AnyModuleDefinition>();

  register(definition: AnyModuleDefinition): this {
    const { name, version } = definition;
    if (!MODULE_NAME.test(name)) throw new RegistryError(`module name "${name}" must be lower-case words joined by dashes, e.g. "pod-identity"`);
    if ((RESERVED_SPEC_KEYS as readonly string[]).includes(name)) throw new RegistryError(`module name "${name}" is reserved for the environment spec's own fields (${RESERVED_SPEC_KEYS.join(', ')})`);
    if (!SEMVER.test(version)) throw new RegistryError(`module "${name}": version "${version}" is not semantic (expected MAJOR.MINOR.PATCH)`);
    if (!definition.description || definition.description.includes('\n')) throw new RegistryError(`module "${name}": description must be one non-empty line`);
    if (!STACK_TIERS.includes(definition.stack)) throw new RegistryError(`module "${name}": stack "${definition.stack}" is not one of ${STACK_TIERS.join(', ')}`);
    const majors = (definition.migrations ?? []).map((m) => m.fromMajor);
    const current = majorOf(version);
    if (majors.some((major, index) => !Number.isInteger(major) || major < 0 || major >= current || majors.indexOf(major) !== index)) {
      throw new RegistryError(`module "${name}" ${version}: each migration leaves a distinct major below ${current}, got fromMajor ${majors.join(', ')}`);
    }
    const existing = this.modules.get(name);
    if (existing) {
      throw new RegistryError(`module "${name}" is registered twice (versions ${existing.version} and ${version}); give the second one another name`);
    }
    this.modules.set(name, definition);
    return this;
  }

  has(name: string): boolean {
    return this.modules.has(name);
  }

  get(name: string): AnyModuleDefinition {
    const definition = this.modules.get(name);
    if (!definition) throw new PlatformError(`unknown module "${name}"${didYouMean(name, this.modules.keys())}; registered: ${this.names().join(', ')}`);
    return definition;
  }

  names(): string[] {
    return [...this.modules.keys()].sort();
  }

  list(): AnyModuleDefinition[] {
    return this.names().map((name) => this.modules.get(name)!);
  }

  /**
   * Orders the named modules so each comes after the modules it depends on. Returns the order, or
   * the problems found (unknown names, dependencies the environment does not list, cycles, a
   * module depending on a later stack); issue paths are the module names as spec keys.
   */
  resolve(names: readonly string[]): { order: AnyModuleDefinition[]; issues: SpecIssue[] } {
    const issues: SpecIssue[] = [];
    const requested = new Set<string>();
    for (const name of names) {
      if (this.modules.has(name)) requested.add(name);
      else issues.push({ path: joinPath([name]), message: `unknown module${didYouMean(name, this.modules.keys())}; registered modules: ${this.names().join(', ')}` });
    }
    for (const name of [...requested].sort()) {
      const definition = this.modules.get(name)!;
      for (const dependency of definition.dependsOn) {
        const target = this.modules.get(dependency);
        if (!target) {
          issues.push({ path: name, message: `module "${name}" depends on "${dependency}", which is not registered${didYouMean(dependency, this.modules.keys())}` });
        } else if (!requested.has(dependency)) {
          issues.push({ path: name, message: `module "${name}" depends on "${dependency}", which this environment does not list; add a "${dependency}:" section` });
        } else if (STACK_TIERS.indexOf(target.stack) > STACK_TIERS.indexOf(definition.stack)) {
          issues.push({ path: name, message: `module "${name}" (${definition.stack} stack) depends on "${dependency}" (${target.stack} stack), which is deployed after it; a module can only read modules in its own or an earlier stack` });
        }
      }
    }
    for (const name of [...requested].sort()) {
      const definition = this.modules.get(name)!;
      for (const earlier of definition.after ?? []) {
        const target = this.modules.get(earlier);
        if (target && requested.has(earlier) && STACK_TIERS.indexOf(target.stack) > STACK_TIERS.indexOf(definition.stack)) {
          issues.push({ path: name, message: `module "${name}" (${definition.stack} stack) goes after "${earlier}" (${target.stack} stack), which is deployed later; this is the module's own definition, report it` });
        }
      }
    }
    const order: AnyModuleDefinition[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const reportedCycles = new Set<string>();
    const visit = (name: string, trail: string[]): void => {
      const seen = state.get(name);
      if (seen === 'done') return;
      if (seen === 'visiting') {
        const cycle = [...trail.slice(trail.indexOf(name)), name];
        const key = [...new Set(cycle)].sort().join(',');
        if (!reportedCycles.has(key)) {
          reportedCycles.add(key);
          issues.push({ path: cycle[0], message: `dependency cycle: ${cycle.join(' -> ')}; remove one of these dependencies` });
        }
        return;
      }
      state.set(name, 'visiting');
      const definition = this.modules.get(name)!;
      for (const dependency of [...definition.dependsOn, ...(definition.after ?? [])].sort()) {
        if (requested.has(dependency)) visit(dependency, [...trail, name]);
      }
      state.set(name, 'done');
      order.push(definition);
    };
    // Tier first, then name: the order is the same whatever order the spec lists modules in.
    const sorted = [...requested].sort((a, b) => STACK_TIERS.indexOf(this.modules.get(a)!.stack) - STACK_TIERS.indexOf(this.modules.get(b)!.stack) || a.localeCompare(b));
    for (const name of sorted) visit(name, []);
    return { order, issues };
  }
}

/** The registry built-in modules register with, and the one environments use unless given another. */
export const defaultRegistry = new ModuleRegistry();
