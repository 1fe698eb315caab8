// `npm run synth` (and the cdktf app, main.ts): builds environments' stacks into cdktf.out/.
import { isAbsolute, relative } from 'node:path';
import { defaultRegistry } from '../modules';
import { collect, createCommand, endProgress, EXIT, interruptible, onRun, Option, progressReporter, UsageError } from './program';
import { DEFAULT_ENVIRONMENT, ENVIRONMENTS_DIR, loadAllEnvironments, loadEnvironment } from '../stacks/load';
import type { EnvironmentSpec } from '../stacks/spec';
import { formatWarnings, synthEnvironments } from '../stacks/synth';

interface SynthOptions {
  env?: string[];
  all?: boolean;
  outdir: string;
}

export function synthCommand(env: NodeJS.ProcessEnv = process.env, root = process.cwd()) {
  const command = createCommand({
    usageName: 'npm run synth --',
    summary: `Synthesizes environments (${ENVIRONMENTS_DIR}/<name>.yaml) into Terraform JSON, one folder per stack.`,
    details: `Only the named environments' stacks are replaced, atomically: a spec error writes nothing, and other environments' stacks stay as they were. With no environment named, PLATFORM_ENV (comma-separated) or "${DEFAULT_ENVIRONMENT}" is built; that is how \`cdktf synth\`, which passes no arguments, picks one.`,
    examples: [
      ['npm run synth', `the default environment (${DEFAULT_ENVIRONMENT})`],
      ['npm run synth -- --env prod', 'prod only; dev\'s stacks stay in cdktf.out/'],
      ['npm run synth -- prod staging', 'several environments, named as arguments'],
      ['npm run synth -- --all', 'every spec; stacks of environments without a spec are removed'],
      ['PLATFORM_ENV=prod npx cdktf synth', 'the same through the cdktf CLI'],
    ],
  });
  command
    .argument('[environments...]', 'environments to synthesize (as --env)')
    .addOption(new Option('-e, --env <name>', 'an environment to synthesize; repeat for several').argParser(collect))
    .addOption(new Option('--all', `every environment in ${ENVIRONMENTS_DIR}/`).conflicts('env'))
    .addOption(new Option('-o, --outdir <dir>', 'output folder').default(env.CDKTF_OUTDIR ?? 'cdktf.out', env.CDKTF_OUTDIR ? '$CDKTF_OUTDIR' : 'cdktf.out'));
  return onRun<SynthOptions>(command, async (options, args) => {
    if (options.all && args.length) throw new UsageError(`--all synthesizes every environment; drop "${args.join(' ')}" or --all`);
    const specs = options.all ? loadAllEnvironments({ root, registry: defaultRegistry }) : requestedNames(options, args, env).map((name) => loadEnvironment(name, { root, registry: defaultRegistry }));
    const interrupt = interruptible();
    try {
      const result = await synthEnvironments(specs, options.outdir, { progress: progressReporter(), checkpoint: interrupt.checkpoint, pruneOtherEnvironments: options.all });
      endProgress();
      for (const line of formatWarnings(result)) console.error(line);
      console.log(`synthesized ${result.stackNames.join(', ')} into ${shownPath(result.outdir, root)}`);
      return EXIT.ok;
    } finally {
      endProgress();
      interrupt.dispose();
    }
  });
}

/** A path as the user would type it: relative to the project when inside it. */
function shownPath(path: string, root: string): string {
  const inside = relative(root, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

function requestedNames(options: SynthOptions, args: string[], env: NodeJS.ProcessEnv): string[] {
  const named = [...(options.env ?? []), ...args];
  if (named.length) return [...new Set(named)];
  const fromEnv = env.PLATFORM_ENV?.split(',').map((name) => name.trim()).filter(Boolean);
  return fromEnv?.length ? [...new Set(fromEnv)] : [DEFAULT_ENVIRONMENT];
}

export type { EnvironmentSpec };

