// The cdktf app: `npm run synth` (or `cdktf synth`) builds one or more environments' stacks.
//   node dist/main.js                 the default environment (dev)
//   node dist/main.js --env prod      another one; repeat --env for several, --all for every spec
//   PLATFORM_ENV=prod cdktf synth     the same through the cdktf CLI
import { PlatformError, defaultRegistry } from './modules';
import { DEFAULT_ENVIRONMENT, listEnvironments, loadEnvironment } from './stacks/load';
import { formatWarnings, synthEnvironments } from './stacks/synth';

function environmentNames(argv: string[]): string[] {
  if (argv.includes('--all')) return listEnvironments();
  const names: string[] = [];
  argv.forEach((arg, i) => {
    if (arg === '--env' && argv[i + 1]) names.push(argv[i + 1]);
    else if (arg.startsWith('--env=')) names.push(arg.slice('--env='.length));
  });
  if (names.length) return names;
  const fromEnv = process.env.PLATFORM_ENV?.split(',').map((n) => n.trim()).filter(Boolean);
  return fromEnv?.length ? fromEnv : [DEFAULT_ENVIRONMENT];
}

function main(): void {
  const specs = environmentNames(process.argv.slice(2)).map((name) => loadEnvironment(name, { registry: defaultRegistry }));
  const result = synthEnvironments(specs, process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  for (const line of formatWarnings(result)) console.error(line);
  console.log(`synthesized ${result.stackNames.join(', ')} into ${result.outdir}`);
}

try {
  main();
} catch (error) {
  if (error instanceof PlatformError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
