import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Annotations, Aspects, TerraformOutput, TerraformStack, type App } from 'cdktf';
import { Construct } from 'constructs';
import { InputProblems, InternalError, PlatformError, RegistryError, STACK_TIERS, SpecError, joinPath, type AnyModuleDefinition, type BuildContext, type EnvironmentContext, type SpecIssue, type StackTier } from '../modules/registry';
import { partitionOf } from '../modules/shared/iam-policy';
import { TagResources, environmentTags, moduleTags } from '../modules/shared/tags';
import { attachBackend } from './backend';
import { applyMovedResources } from './migrations';
import { BOOTSTRAP_STACK, buildBootstrap, pinnedTerraformVersion } from './bootstrap';
import type { EnvironmentSpec } from './spec';

export interface BuiltEnvironment {
  readonly spec: EnvironmentSpec;
  /** The stacks in deploy order, keyed by tier; tiers with no module have no stack. */
  readonly stacks: Partial<Record<StackTier, TerraformStack>>;
  /** `<env>-bootstrap` for an environment on HCP Terraform (its workspaces, OIDC roles, run triggers). */
  readonly bootstrap?: TerraformStack;
  /** Lesser problems found while building; paths are from the spec's root. */
  readonly warnings: SpecIssue[];
}

/** The name of an environment's stack, which is also its folder under cdktf.out/stacks/. */
export function stackName(environment: string, tier: StackTier): string {
  return `${environment}-${tier}`;
}

/** Stack suffixes in deploy order: the HCP Terraform bootstrap, then the module tiers. */
export const STACK_SUFFIXES: readonly string[] = [BOOTSTRAP_STACK, ...STACK_TIERS];

/** `dev-cluster` → `dev`; undefined for a name that is not `<environment>-<tier>` (or `-bootstrap`). */
export function environmentOfStack(stack: string): string | undefined {
  const dash = stack.lastIndexOf('-');
  return dash > 0 && STACK_SUFFIXES.includes(stack.slice(dash + 1)) ? stack.slice(0, dash) : undefined;
}

/**
 * Turns a validated spec into cdktf stacks: one per tier that has modules, each with its own
 * AWS provider (pinned to the account, default tags) and state backend; modules are built in
 * dependency order, so a module in the cluster stack reads the network's outputs as references
 * (cdktf turns those into remote-state lookups across stacks).
 */
export interface BuildOptions {
  /** Terraform version for HCP Terraform workspaces. @default the project's .terraform-version */
  readonly terraformVersion?: string;
}

export function buildEnvironment(app: App, spec: EnvironmentSpec, options: BuildOptions = { terraformVersion: pinnedTerraformVersion() }): BuiltEnvironment {
  const environment: EnvironmentContext = { name: spec.name, region: spec.region, accountId: spec.accountId, partition: partitionOf(spec.region), tags: environmentTags(spec.name, spec.tags), kubernetesAuth: spec.kubernetesAuth };
  const stacks: Partial<Record<StackTier, TerraformStack>> = {};
  const warnings: SpecIssue[] = [...spec.warnings];
  const outputsByModule = new Map<string, unknown>();

  const stackFor = (tier: StackTier): TerraformStack => {
    const existing = stacks[tier];
    if (existing) return existing;
    const stack = new TerraformStack(app, stackName(spec.name, tier));
    new AwsProvider(stack, 'aws', {
      region: spec.region,
      allowedAccountIds: [spec.accountId],
      defaultTags: [{ tags: environmentTags(spec.name, spec.tags) }],
    });
    attachBackend(stack, spec.backend, spec.name, spec.region);
    stacks[tier] = stack;
    return stack;
  };
  // Create stacks in tier order so cdktf.out's manifest lists them in deploy order; on HCP Terraform
  // the bootstrap (which creates the workspaces) comes first and every stack waits for it.
  const tiers = STACK_TIERS.filter((tier) => spec.modules.some((m) => m.definition.stack === tier));
  const bootstrap = buildBootstrap(app, spec, tiers, options.terraformVersion);
  for (const tier of tiers) {
    const stack = stackFor(tier);
    if (bootstrap) stack.addDependency(bootstrap);
  }

  for (const { definition, inputs } of spec.modules) {
    const scope = new Construct(stackFor(definition.stack), definition.name);
    Aspects.of(scope).add(new TagResources(moduleTags(definition.name, definition.version)));
    const context: BuildContext = {
      environment,
      dependency: <Outputs>(target: { name: string }) => {
        if (!definition.dependsOn.includes(target.name)) {
          throw new RegistryError(`module "${definition.name}" reads the outputs of "${target.name}" but does not list it in dependsOn`);
        }
        return outputsByModule.get(target.name) as Outputs;
      },
      has: (moduleName: string) => spec.modules.some((m) => m.definition.name === moduleName),
      ifPresent: <Outputs>(target: { name: string }) => {
        if (!(definition.after ?? []).includes(target.name)) {
          throw new RegistryError(`module "${definition.name}" reads the outputs of "${target.name}" if present but does not list it in after`);
        }
        return outputsByModule.get(target.name) as Outputs | undefined;
      },
      warn: (path, message) => {
        const fullPath = path ? `${definition.name}.${path}` : definition.name;
        warnings.push({ path: fullPath, message });
        Annotations.of(scope).addWarning(`${fullPath}: ${message}`);
      },
    };
    const outputs = buildModule(definition, scope, inputs, context, spec);
    try {
      applyMovedResources(scope, definition, inputs, outputs, environment);
    } catch (error) {
      // The module's migration mapped its own resources wrong: its bug, reported like a build failure.
      throw moduleFailure(error, definition, spec);
    }
    outputsByModule.set(definition.name, outputs);
    exportOutputs(scope, definition, outputs);
  }
  return { spec, stacks, bootstrap, warnings };
}

/**
 * Runs a module's build. Problems a module can only see while building (a value another module
 * produced) arrive as typed InputProblems, with paths relative to the module's inputs; they are
 * reported against the spec file like every validation error. Any other failure is a bug, reported
 * on one line naming the environment and the module.
 */
function buildModule(definition: AnyModuleDefinition, scope: Construct, inputs: unknown, context: BuildContext, spec: EnvironmentSpec): unknown {
  try {
    return definition.build(scope, inputs, context);
  } catch (error) {
    throw moduleFailure(error, definition, spec);
  }
}

/** What a module's failure means for the user: a spec problem at the module's key, or a bug to report. */
export function moduleFailure(error: unknown, definition: AnyModuleDefinition, spec: Pick<EnvironmentSpec, 'file' | 'name'>): PlatformError {
  if (error instanceof SpecError || error instanceof InternalError) return error;
  if (error instanceof InputProblems) return new SpecError(spec.file, error.problems.map((problem) => ({ path: joinPath([definition.name, ...problem.path]), message: problem.message })));
  // A module's code misusing the registry or another module's outputs: the message names the module.
  if (error instanceof RegistryError) return new SpecError(spec.file, [{ path: '', message: error.message }]);
  if (error instanceof PlatformError) return new SpecError(spec.file, [{ path: definition.name, message: error.message }]);
  return new InternalError(`in module "${definition.name}" ${definition.version} of environment "${spec.name}" (${spec.file})`, error);
}

/** A `terraform output` per declared module output, named <module>_<output> in snake case. */
function exportOutputs(scope: Construct, definition: AnyModuleDefinition, outputs: unknown): void {
  const values = (outputs ?? {}) as Record<string, unknown>;
  for (const [name, description] of Object.entries(definition.outputs)) {
    const value = values[name];
    if (value === undefined) continue;
    const output = new TerraformOutput(scope, `output-${name}`, { value, description });
    output.overrideLogicalId(outputName(definition.name, name));
  }
}

/** `vpc` + `privateSubnetIds` → `vpc_private_subnet_ids`; `vpc` + `vpcId` → `vpc_id` (no stutter). */
export function outputName(moduleName: string, output: string): string {
  const snake = (text: string) => text.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toLowerCase();
  const module = snake(moduleName);
  const field = snake(output);
  return field.startsWith(`${module}_`) ? field : `${module}_${field}`;
}
