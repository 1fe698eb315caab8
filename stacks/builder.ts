import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Annotations, Aspects, TerraformOutput, TerraformStack, type App } from 'cdktf';
import { Construct } from 'constructs';
import { PlatformError, STACK_TIERS, SpecError, type AnyModuleDefinition, type BuildContext, type EnvironmentContext, type SpecIssue, type StackTier } from '../modules/registry';
import { partitionOf } from '../modules/shared/iam-policy';
import { TagResources, environmentTags, moduleTags } from '../modules/shared/tags';
import { attachBackend } from './backend';
import type { EnvironmentSpec } from './spec';

export interface BuiltEnvironment {
  readonly spec: EnvironmentSpec;
  /** The stacks in deploy order, keyed by tier; tiers with no module have no stack. */
  readonly stacks: Partial<Record<StackTier, TerraformStack>>;
  /** Lesser problems found while building; paths are from the spec's root. */
  readonly warnings: SpecIssue[];
}

/** The name of an environment's stack, which is also its folder under cdktf.out/stacks/. */
export function stackName(environment: string, tier: StackTier): string {
  return `${environment}-${tier}`;
}

/**
 * Turns a validated spec into cdktf stacks: one per tier that has modules, each with its own
 * AWS provider (pinned to the account, default tags) and state backend; modules are built in
 * dependency order, so a module in the cluster stack reads the network's outputs as references
 * (cdktf turns those into remote-state lookups across stacks).
 */
export function buildEnvironment(app: App, spec: EnvironmentSpec): BuiltEnvironment {
  const environment: EnvironmentContext = { name: spec.name, region: spec.region, accountId: spec.accountId, partition: partitionOf(spec.region), tags: environmentTags(spec.name, spec.tags), kubernetesAuth: spec.kubernetesAuth };
  const stacks: Partial<Record<StackTier, TerraformStack>> = {};
  const warnings: SpecIssue[] = [];
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
  // Create stacks in tier order so cdktf.out's manifest lists them in deploy order.
  for (const tier of STACK_TIERS) if (spec.modules.some((m) => m.definition.stack === tier)) stackFor(tier);

  for (const { definition, inputs } of spec.modules) {
    const scope = new Construct(stackFor(definition.stack), definition.name);
    Aspects.of(scope).add(new TagResources(moduleTags(definition.name, definition.version)));
    const context: BuildContext = {
      environment,
      dependency: <Outputs>(target: { name: string }) => {
        if (!definition.dependsOn.includes(target.name)) {
          throw new PlatformError(`module "${definition.name}" reads the outputs of "${target.name}" but does not list it in dependsOn`);
        }
        return outputsByModule.get(target.name) as Outputs;
      },
      warn: (path, message) => {
        const fullPath = path ? `${definition.name}.${path}` : definition.name;
        warnings.push({ path: fullPath, message });
        Annotations.of(scope).addWarning(`${fullPath}: ${message}`);
      },
    };
    const outputs = buildModule(definition, scope, inputs, context, spec.file);
    outputsByModule.set(definition.name, outputs);
    exportOutputs(scope, definition, outputs);
  }
  return { spec, stacks, warnings };
}

/**
 * Runs a module's build. Problems a module can only see while building (a value another module
 * produced) are thrown as PlatformErrors with a field path; they are reported against the spec
 * file like every validation error.
 */
function buildModule(definition: AnyModuleDefinition, scope: Construct, inputs: unknown, context: BuildContext, file: string): unknown {
  try {
    return definition.build(scope, inputs, context);
  } catch (error) {
    if (error instanceof PlatformError && !(error instanceof SpecError)) throw new SpecError(file, error.message.split('\n').map((line) => ({ path: '', message: line })));
    throw error;
  }
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
