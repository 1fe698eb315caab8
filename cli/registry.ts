// `npm run registry -- list | describe NAME | schema`: what the module registry holds.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultRegistry, describeInputs, didYouMean, type AnyModuleDefinition, type ModuleRegistry } from '../modules';
import { environmentJsonSchema } from '../stacks/json-schema';
import { ENVIRONMENTS_DIR } from '../stacks/load';
import { addSubcommand, createCommand, EXIT, main, onRun, Option, UsageError } from './program';
import { table, wrap } from './table';

/** Output width of the human-readable forms (terminals and CI logs alike). */
export const WIDTH = 100;

export function listModules(registry: ModuleRegistry, width = WIDTH): string {
  const rows = registry.list().map((m) => [m.name, m.version, m.stack, m.dependsOn.join(', ') || '-', m.description]);
  return table(['MODULE', 'VERSION', 'STACK', 'DEPENDS ON', 'DESCRIPTION'], rows, width);
}

export interface ModuleDescription {
  readonly name: string;
  readonly version: string;
  readonly stack: string;
  readonly description: string;
  readonly dependsOn: readonly string[];
  readonly inputs: ReturnType<typeof describeInputs>;
  readonly outputs: Readonly<Record<string, string>>;
}

export function moduleDescription(definition: AnyModuleDefinition): ModuleDescription {
  const { name, version, stack, description, dependsOn, outputs } = definition;
  return { name, version, stack, description, dependsOn, inputs: describeInputs(definition), outputs };
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

  onRun<{ json?: boolean }>(addSubcommand(command, 'list', { summary: 'Lists every registered module.', examples: [['npm run registry -- list --json', 'as JSON']] }).addOption(json()), (options) => {
    console.log(options.json ? JSON.stringify(registry.list().map(moduleDescription), null, 2) : listModules(registry));
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
  return command;
}

if (require.main === module) main(registryCommand());
