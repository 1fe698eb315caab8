/** A standalone Ajv validator schema-codegen.js generated (schema-validators.generated.ts). */
export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: { instancePath: string; message?: string; params: Record<string, unknown> }[] | null;
}

type Tables = Record<'configuration' | 'chartValues', Record<string, () => GeneratedValidator>>;
let generated: Tables | undefined;

/**
 * The generated validator for a vendored schema: EKS add-on configuration schemas by
 * `<addon>@<version>`, chart values.schema.json by `<chart folder>@<version>`. The generated module
 * is required on first use (esbuild keeps the `require` lazy), and each validator's code runs when
 * first asked for. A vendored schema without one is a programming error: the module was not
 * regenerated after the schema was vendored (`schema` says which).
 */
export function generatedValidator(table: keyof Tables, key: string, schema: string): GeneratedValidator {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  generated ??= require('./schema-validators.generated') as Tables;
  const make = Object.hasOwn(generated[table], key) ? generated[table][key] : undefined;
  if (!make) throw new Error(`no generated validator for ${schema}: run \`node modules/addons/schema-codegen.js\` after vendoring a schema`);
  return make();
}
