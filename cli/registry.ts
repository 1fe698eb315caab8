// `npm run registry -- list | describe NAME | schema [--write]`
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformError, defaultRegistry, describeInputs, type ModuleRegistry } from '../modules';
import { environmentJsonSchema } from '../stacks/json-schema';
import { ENVIRONMENTS_DIR } from '../stacks/load';
import { table } from './table';

export function listModules(registry: ModuleRegistry): string {
  const rows = registry.list().map((m) => [m.name, m.version, m.stack, m.dependsOn.join(', ') || '-', m.description]);
  return table(['MODULE', 'VERSION', 'STACK', 'DEPENDS ON', 'DESCRIPTION'], rows);
}

export function describeModule(registry: ModuleRegistry, name: string): string {
  const definition = registry.get(name);
  const clip = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 3)}...` : text);
  const inputs = describeInputs(definition).map((i) => [i.path, clip(i.type, 60), clip(i.defaultValue ?? (i.required ? '(required)' : '-'), 50), i.description]);
  const outputs = Object.entries(definition.outputs).map(([key, description]) => [key, description]);
  return [
    `${definition.name} ${definition.version} (${definition.stack} stack): ${definition.description}`,
    `depends on: ${definition.dependsOn.join(', ') || 'nothing'}`,
    '',
    'INPUTS',
    table(['INPUT', 'TYPE', 'DEFAULT', 'DESCRIPTION'], inputs),
    '',
    'OUTPUTS',
    table(['OUTPUT', 'DESCRIPTION'], outputs),
  ].join('\n');
}

export const SCHEMA_FILE = join(ENVIRONMENTS_DIR, 'schema.json');

export function schemaText(registry: ModuleRegistry): string {
  return `${JSON.stringify(environmentJsonSchema(registry), null, 2)}\n`;
}

function run(argv: string[]): string {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'list':
      return listModules(defaultRegistry);
    case 'describe':
      if (!rest[0]) throw new PlatformError('usage: npm run registry -- describe NAME');
      return describeModule(defaultRegistry, rest[0]);
    case 'schema':
      if (rest.includes('--write')) {
        writeFileSync(SCHEMA_FILE, schemaText(defaultRegistry));
        return `wrote ${SCHEMA_FILE}`;
      }
      return schemaText(defaultRegistry).trimEnd();
    default:
      throw new PlatformError(`unknown command "${command}"; use list, describe NAME or schema [--write]`);
  }
}

if (require.main === module) {
  try {
    console.log(run(process.argv.slice(2)));
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
