import type { Construct } from 'constructs';
import type { z } from 'zod';
import type { InputProblem } from './errors';

/** The stacks an environment is split into, in deploy order. A module lives in exactly one. */
export const STACK_TIERS = ['network', 'cluster', 'platform'] as const;
export type StackTier = (typeof STACK_TIERS)[number];

/** What a module knows of the environment it is built in (nothing of files, stacks or the CLI). */
export interface EnvironmentContext {
  /** Environment name, e.g. `dev`; also the default name of the cluster it runs. */
  readonly name: string;
  readonly region: string;
  readonly accountId: string;
  /** `aws`, `aws-cn` or `aws-us-gov`, derived from the region. */
  readonly partition: string;
  /**
   * The environment's tags (the spec's plus environment and managed-by), as the AWS provider's
   * default_tags apply them. Resources AWS creates on our behalf (instances from a launch template or
   * from Karpenter) do not get default_tags, so modules pass these on explicitly.
   */
  readonly tags: Readonly<Record<string, string>>;
  /** How Kubernetes/Helm providers authenticate: `exec` (aws eks get-token) or `token`. */
  readonly kubernetesAuth: 'exec' | 'token';
}

export interface BuildContext {
  readonly environment: EnvironmentContext;
  /** Outputs of a module this one declared in `dependsOn`; typed by the definition passed. */
  dependency<Outputs>(definition: ModuleDefinition<z.ZodType, Outputs>): Outputs;
  /** Whether the environment has a module (by name), to adapt to a neighbour without depending on it. */
  has(moduleName: string): boolean;
  /** Outputs of a module this one declared in `after`, or undefined when the environment does not have it. */
  ifPresent<Outputs>(definition: { readonly name: string } & Partial<ModuleDefinition<z.ZodType, Outputs>>): Outputs | undefined;
  /** Records a problem that does not stop synthesis; `path` is relative to the module's inputs. */
  warn(path: string, message: string): void;
}

/**
 * A registry entry. `inputs` is a Zod schema whose optional fields carry `.default()` and
 * `.describe()`: the schema is the single place defaults live, and the registry CLI, the JSON
 * Schema for editors and the generated docs all read it.
 */
export interface ModuleDefinition<Schema extends z.ZodType = z.ZodType, Outputs = unknown> {
  /** Key of the module in an environment spec: lower-case words joined by dashes. */
  readonly name: string;
  /** Semantic version of the module's contract (inputs, outputs, resources' logical IDs). */
  readonly version: string;
  /** One line: what the module creates. */
  readonly description: string;
  /** The stack the module's resources go to. */
  readonly stack: StackTier;
  readonly inputs: Schema;
  /** Output name → description of what it holds. */
  readonly outputs: Readonly<Record<string, string>>;
  /** Names of the modules whose outputs this one reads (reference them as `otherModule.name`). */
  readonly dependsOn: readonly string[];
  /**
   * Modules this one goes after when the environment has them, without needing them: built after
   * them, and its resources may wait for theirs (read through `context.ifPresent`). @default none
   */
  readonly after?: readonly string[];
  /** Modules it cannot run beside, each with why; checked once every module's inputs are valid. @default none */
  readonly conflicts?: readonly ModuleConflict<z.output<Schema>>[];
  /** Creates the module's resources under `scope` and returns its outputs. */
  build(scope: Construct, inputs: z.output<Schema>, context: BuildContext): Outputs;
  /**
   * How an environment written for an earlier major moves to this one, one entry per major change
   * (the entry for 1 describes 1.x → 2.0). @default none
   */
  readonly migrations?: readonly ModuleMigration<z.output<Schema>, Outputs>[];
}

/** Two modules that cannot run in one environment (or only not with certain inputs). */
export interface ModuleConflict<Inputs = unknown> {
  readonly module: string;
  /** Why, and what to do instead: shown to the user as is. */
  readonly reason: string;
  /** Only when this holds for this module's inputs and the other's. @default always */
  when?(inputs: Inputs, otherInputs: unknown): boolean;
}

/** A resource kept across a migration: its construct path below the module's scope, before and now. */
export interface MovedResource {
  readonly from: readonly string[];
  readonly to: readonly string[];
}

/**
 * What changed in a major version and how a spec and its state follow: renamed inputs are mapped
 * (with a warning naming the new field), removed inputs are refused with the step to take, and
 * resources whose construct path changed are kept with `moved` blocks, never replaced.
 */
export interface ModuleMigration<Inputs = unknown, Outputs = unknown> {
  /** The major this migration leaves: 1 means 1.x → the next major. */
  readonly fromMajor: number;
  /** One line: what changed, for errors and the generated docs. */
  readonly summary: string;
  /** Old input path (dotted, objects only) → new path. */
  readonly renamedInputs?: Readonly<Record<string, string>>;
  /** Old input path → what to do instead; the spec is refused while it still has the input. */
  readonly removedInputs?: Readonly<Record<string, string>>;
  /** Resources that changed construct path, computed from the (migrated) inputs and what the build returned. */
  moved?(inputs: Inputs, outputs: Outputs, environment: EnvironmentContext): readonly MovedResource[];
}

/** The major of a semantic version. */
export function majorOf(version: string): number {
  return Number(version.split('.')[0]);
}

// Any definition, whatever its schema and outputs; the registry stores these.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModuleDefinition = ModuleDefinition<any, any>;

/** Identity function that keeps the schema's and the outputs' types (a typed registration). */
export function defineModule<Schema extends z.ZodType, Outputs>(definition: ModuleDefinition<Schema, Outputs>): ModuleDefinition<Schema, Outputs> {
  return definition;
}

/**
 * Adds a cross-field check to an input schema: every problem `check` returns becomes a validation
 * issue at its path, reported with the spec file like any other bad input.
 */
export function withProblems<Schema extends z.ZodType>(schema: Schema, check: (inputs: z.output<Schema>) => readonly InputProblem[], options: { onlyWhenValid?: boolean } = {}): Schema {
  return schema.superRefine(
    (inputs, ctx) => {
      const fieldsFailed = ctx.issues.length > 0;
      // A check that judges the inputs as a whole (a policy built from them) says nothing useful
      // about inputs already refused.
      if (fieldsFailed && options.onlyWhenValid) return;
      let problems: readonly InputProblem[];
      try {
        problems = check(inputs);
      } catch (error) {
        // A check handed a value its field already rejected (a /4998 prefix) may fail in its own
        // way; the field's message names the cause, so that failure is dropped, never shown raw.
        if (fieldsFailed) return;
        throw error;
      }
      // One message per field: a field its own schema already refused is not reported again.
      const refused = new Set(ctx.issues.map((issue) => JSON.stringify(issue.path ?? [])));
      for (const problem of problems) {
        if (!refused.has(JSON.stringify(problem.path))) ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message, input: undefined });
      }
    },
    // Run even when a field failed, so every problem is reported in one pass.
    { when: () => true },
  ) as Schema;
}
