// `npm run registry -- list | describe NAME | schema`: what the module registry holds.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRegistry, didYouMean, type AnyModuleDefinition, type ModuleRegistry } from '../modules';
import { addonEntry, type AddonCatalogueEntry } from '../modules/addons/catalogue';
import { environmentJsonSchema } from '../stacks/json-schema';
import { ENVIRONMENTS_DIR, loadEnvironment } from '../stacks/load';
import { synthEnvironments } from '../stacks/synth';
import { readStacks } from '../verify/outdir';
import type { TerraformJson } from '../verify/terraform-json';
import { generatedDocs, moduleDescription } from './module-docs';
import { documentedCommands } from './readme-help';

export { moduleDescription, type ModuleDescription } from './module-docs';
import { addSubcommand, createCommand, EXIT, onRun, Option, UsageError } from './program';
import { table, wrap } from './table';

/** Output width of the human-readable forms (terminals and CI logs alike). */
export const WIDTH = 100;

export function listModules(registry: ModuleRegistry, width = WIDTH): string {
  const rows = registry.list().map((m) => [m.name, m.version, m.stack, m.description]);
  return table(['MODULE', 'VERSION', 'STACK', 'DESCRIPTION'], rows, width);
}

/** The add-on catalogue: what installs each add-on, at which version, where, with which IAM. */
export function listAddons(registry: ModuleRegistry, width = WIDTH): string {
  const rows = registry
    .list()
    .map((m) => [m, addonEntry(m.name)] as const)
    .filter((pair): pair is readonly [AnyModuleDefinition, AddonCatalogueEntry] => pair[1] !== undefined)
    .map(([m, a]) => [m.name, a.kind, a.version.includes(',') ? 'per minor' : a.version, a.namespace, a.iam ?? '-']);
  return table(['ADD-ON', 'KIND', 'VERSION', 'NAMESPACE', 'POD IDENTITY POLICY'], rows, width);
}

/**
 * One block per input (path, type, default, then the description wrapped and indented), so long
 * types and defaults never push the description off a 100-column terminal.
 */
export function describeModule(registry: ModuleRegistry, name: string, width = WIDTH): string {
  const d = moduleDescription(registry.get(name));
  const lines = [`${d.name} ${d.version} (${d.stack} stack)`, ...wrap(d.description, width, '  '), `  depends on: ${d.dependsOn.join(', ') || 'nothing'}`, '', 'INPUTS'];
  for (const input of d.inputs) {
    lines.push(...wrap(`${input.path}: ${input.type}`, width, '  ', '      '));
    lines.push(...wrap(input.defaultValue !== undefined ? `default: ${input.defaultValue}` : input.required ? 'required' : 'optional, no default', width, '      '));
    if (input.description) lines.push(...wrap(input.description, width, '      '));
  }
  lines.push('', 'OUTPUTS');
  for (const [output, description] of Object.entries(d.outputs)) lines.push(`  ${output}`, ...wrap(description, width, '      '));
  return lines.join('\n');
}

export const SCHEMA_FILE = join(ENVIRONMENTS_DIR, 'schema.json');

export function schemaText(registry: ModuleRegistry): string {
  return `${JSON.stringify(environmentJsonSchema(registry), null, 2)}\n`;
}

export function registryCommand(registry: ModuleRegistry = defaultRegistry) {
  const command = createCommand({
    usageName: 'npm run registry --',
    summary: 'Shows the module registry: the modules an environment spec can name, their inputs and outputs.',
    examples: [
      ['npm run registry -- list', 'every module with version, stack and dependencies'],
      ['npm run registry -- describe eks', 'every input of eks with type, default and description'],
      ['npm run registry -- describe eks --json', 'the same as JSON, for tools'],
      ['npm run registry -- schema --write', `regenerate ${SCHEMA_FILE} after adding or changing a module`],
    ],
  });
  const json = () => new Option('--json', 'print JSON instead of text');

  const list = addSubcommand(command, 'list', {
    summary: 'Lists every registered module, or with --kind addon the add-on catalogue (how each is installed, version, namespace, IAM).',
    examples: [
      ['npm run registry -- list --kind addon', 'the add-on catalogue'],
      ['npm run registry -- list --json', 'as JSON'],
    ],
  })
    .addOption(new Option('-k, --kind <kind>', 'which modules').choices(['all', 'addon']).default('all'))
    .addOption(json());
  onRun<{ json?: boolean; kind: 'all' | 'addon' }>(list, (options) => {
    const modules = registry.list().filter((m) => options.kind === 'all' || addonEntry(m.name));
    if (options.json) console.log(JSON.stringify(modules.map((m) => ({ ...moduleDescription(m), addon: addonEntry(m.name) })), null, 2));
    else console.log(options.kind === 'addon' ? listAddons(registry) : listModules(registry));
    return EXIT.ok;
  });

  const describe = addSubcommand(command, 'describe', { summary: 'Describes one module: inputs (type, default, description) and outputs.', examples: [['npm run registry -- describe vpc', 'the VPC module']] })
    .argument('<module>', `module name (one of: ${registry.names().join(', ')})`)
    .addOption(json());
  onRun<{ json?: boolean }>(describe, (options, [name]) => {
    if (!registry.has(name)) throw new UsageError(`unknown module "${name}"${didYouMean(name, registry.names())}; modules: ${registry.names().join(', ')}`);
    console.log(options.json ? JSON.stringify(moduleDescription(registry.get(name)), null, 2) : describeModule(registry, name));
    return EXIT.ok;
  });

  const schema = addSubcommand(command, 'schema', {
    summary: `Prints the JSON Schema of environment specs, generated from the registry (editors read ${SCHEMA_FILE}).`,
    examples: [
      ['npm run registry -- schema --write', `writes ${SCHEMA_FILE}`],
      ['npm run registry -- schema --check', 'exits 1 when the file is stale'],
    ],
  })
    .addOption(new Option('--write', `write ${SCHEMA_FILE}`).conflicts('check'))
    .addOption(new Option('--check', `exit 1 if ${SCHEMA_FILE} differs from the registry`));
  onRun<{ write?: boolean; check?: boolean }>(schema, (options) => {
    const text = schemaText(registry);
    if (options.write) {
      writeFileSync(SCHEMA_FILE, text);
      console.log(`wrote ${SCHEMA_FILE}`);
      return EXIT.ok;
    }
    if (options.check) {
      const stale = readFileSync(SCHEMA_FILE, 'utf8') !== text;
      console.log(stale ? `${SCHEMA_FILE} is stale; run: npm run registry -- schema --write` : `${SCHEMA_FILE} is up to date`);
      return stale ? EXIT.problems : EXIT.ok;
    }
    process.stdout.write(text);
    return EXIT.ok;
  });
  const docs = addSubcommand(command, 'docs', {
    summary: "Generates each module's README.md (inputs, defaults, outputs, resources, dependencies, conflicts, migrations) and the README's add-on catalogue, from the registry and a synth of the full environment.",
    examples: [
      ['npm run registry -- docs --write', 'regenerate after changing a module'],
      ['npm run registry -- docs --check', 'exit 1 when a generated file is stale'],
    ],
  })
    .addOption(new Option('--write', 'write the files').conflicts('check'))
    .addOption(new Option('--check', 'exit 1 if a generated file differs'));
  onRun<{ write?: boolean; check?: boolean }>(docs, async (options) => {
    const files = generatedDocs(registry, await fullEnvironmentStacks(), process.cwd(), documentedCommands(() => registryCommand(registry)));
    const stale = [...files].filter(([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text).map(([path]) => path);
    if (options.write) {
      for (const [path, text] of files) writeFileSync(path, text);
      console.log(`wrote ${files.size} file(s)`);
      return EXIT.ok;
    }
    console.log(stale.length ? `stale: ${stale.join(', ')}; run: npm run registry -- docs --write` : `${files.size} generated file(s) up to date`);
    return options.check && stale.length ? EXIT.problems : EXIT.ok;
  });
  return command;
}

/** The full environment's stacks, synthesized into a temporary folder (cdktf.out is not touched). */
async function fullEnvironmentStacks(): Promise<TerraformJson[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'registry-docs-'));
  try {
    await synthEnvironments([loadEnvironment(FULL_ENVIRONMENT, { registry: defaultRegistry })], scratch);
    return Object.values(readStacks(scratch));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The shipped environment with every module that can run together. */
export const FULL_ENVIRONMENT = 'full';

