import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InputProblem } from '../registry/errors';
import { projectRoot } from '../shared/project-root';
import { generatedValidator } from './generated-validator';
import { compareAddonVersions } from './versions';

const folder = () => join(projectRoot(), 'modules', 'addons', 'upstream', 'eks', 'configuration-schemas');

/** The vendored build whose schema applies to `version`: that build, or the newest vendored one before it. */
function vendoredVersionFor(addon: string, version: string): string | undefined {
  const dir = folder();
  if (!existsSync(dir)) return undefined;
  const candidates = readdirSync(dir)
    .map((file) => new RegExp(`^${addon}-(v\\d+\\.\\d+\\.\\d+-eksbuild\\.\\d+)\\.json$`).exec(file)?.[1])
    .filter((v): v is string => v !== undefined && compareAddonVersions(v, version) <= 0)
    .sort(compareAddonVersions);
  return candidates[candidates.length - 1];
}

/**
 * The configuration schema EKS publishes for an add-on build (`aws eks describe-addon-configuration`),
 * as vendored: that build's, or the newest vendored one before it (schemas change rarely between
 * builds; the newer build can only have added keys). Undefined when none is vendored.
 */
export function configurationSchemaFor(addon: string, version: string): { version: string; schema: Record<string, unknown> } | undefined {
  const chosen = vendoredVersionFor(addon, version);
  return chosen ? { version: chosen, schema: JSON.parse(readFileSync(join(folder(), `${addon}-${chosen}.json`), 'utf8')) as Record<string, unknown> } : undefined;
}

/**
 * Checks `configuration_values` against the add-on build's configuration schema, which EKS enforces
 * when it creates or updates the add-on: a key the schema does not have (additionalProperties false)
 * or a value out of its range would otherwise fail only at apply. Problems are at the configuration
 * path, which the module maps to its input.
 */
export function configurationProblems(addon: string, version: string, configuration: Record<string, unknown>): InputProblem[] {
  const vendored = vendoredVersionFor(addon, version);
  if (!vendored) return [];
  // Generated from the vendored schema with the Ajv its draft needs (EKS publishes drafts 06, 07 and
  // 2019-09), and the formats `boolean` and `integer` EKS marks string values holding one with (the
  // VPC CNI's env), which EKS enforces; see schema-codegen.js.
  const validate = generatedValidator('configuration', `${addon}@${vendored}`, `the vendored configuration schema ${addon}-${vendored}.json`);
  if (validate(configuration)) return [];
  return (validate.errors ?? []).map((error) => {
    const path = error.instancePath.split('/').slice(1).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    const at = extra ? [...path, extra] : path;
    return {
      path: at,
      message: extra
        ? `configuration key "${at.join('.')}" is not in the ${addon} ${vendored} configuration schema (EKS would refuse the add-on)`
        : `configuration ${at.join('.') || '(root)'} ${error.message} (${addon} ${vendored} configuration schema)`,
    };
  });
}
