import { z } from 'zod';
import { inputJsonSchema, type ModuleRegistry } from '../modules/registry';
import { environmentFields } from './spec';

/**
 * The JSON Schema of an environment spec, built from the registry: the spec's own fields plus one
 * property per registered module. Editors with the YAML language server complete and check specs
 * against it (see the first line of each spec).
 */
export function environmentJsonSchema(registry: ModuleRegistry): Record<string, unknown> {
  const own = z.toJSONSchema(environmentFields, { io: 'input' }) as { properties: Record<string, unknown>; required?: string[] };
  const properties: Record<string, unknown> = { ...own.properties };
  for (const definition of registry.list()) {
    const { $schema: _ignored, ...schema } = inputJsonSchema(definition) as Record<string, unknown>;
    properties[definition.name] = { ...schema, description: `${definition.description} (module ${definition.name} ${definition.version})` };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'EKS platform environment',
    type: 'object',
    properties,
    required: own.required ?? [],
    additionalProperties: false,
  };
}
