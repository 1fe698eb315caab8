import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import type { InputProblem } from '../registry/errors';
import { projectRoot } from '../shared/project-root';
import { compareAddonVersions } from './versions';

const folder = () => join(projectRoot(), 'modules', 'addons', 'upstream', 'eks', 'configuration-schemas');

/**
 * The configuration schema EKS publishes for an add-on build (`aws eks describe-addon-configuration`),
 * as vendored: that build's, or the newest vendored one before it (schemas change rarely between
 * builds; the newer build can only have added keys). Undefined when none is vendored.
 */
export function configurationSchemaFor(addon: string, version: string): { version: string; schema: Record<string, unknown> } | undefined {
  const dir = folder();
  if (!existsSync(dir)) return undefined;
  const candidates = readdirSync(dir)
    .map((file) => new RegExp(`^${addon}-(v\\d+\\.\\d+\\.\\d+-eksbuild\\.\\d+)\\.json$`).exec(file)?.[1])
    .filter((v): v is string => v !== undefined && compareAddonVersions(v, version) <= 0)
    .sort(compareAddonVersions);
  const chosen = candidates[candidates.length - 1];
  return chosen ? { version: chosen, schema: JSON.parse(readFileSync(join(dir, `${addon}-${chosen}.json`), 'utf8')) as Record<string, unknown> } : undefined;
}

const compiled = new Map<string, (data: unknown) => boolean>();

/**
 * Checks `configuration_values` against the add-on build's configuration schema, which EKS enforces
 * when it creates or updates the add-on: a key the schema does not have (additionalProperties false)
 * or a value out of its range would otherwise fail only at apply. Problems are at the configuration
 * path, which the module maps to its input.
 */
export function configurationProblems(addon: string, version: string, configuration: Record<string, unknown>): InputProblem[] {
  const found = configurationSchemaFor(addon, version);
  if (!found) return [];
  const key = `${addon}@${found.version}`;
  let validate = compiled.get(key);
  if (!validate) {
    // EKS publishes these schemas in several drafts (06, 07, 2019-09); each needs its Ajv.
    const draft = String(found.schema.$schema ?? '');
    const ajv = draft.includes('2019-09') ? new Ajv2019({ strict: false, allErrors: true }) : draft.includes('2020-12') ? new Ajv2020({ strict: false, allErrors: true }) : new Ajv({ strict: false, allErrors: true });
    if (draft.includes('draft-06')) ajv.addMetaSchema(draft06);
    // EKS's schemas mark string values that hold a boolean or an integer (the VPC CNI's env) with
    // these formats; EKS enforces them, so we do.
    ajv.addFormat('boolean', /^(true|false)$/);
    ajv.addFormat('integer', /^-?\d+$/);
    validate = ajv.compile(found.schema);
    compiled.set(key, validate);
  }
  if (validate(configuration)) return [];
  return ((validate as unknown as { errors?: { instancePath: string; message?: string; params: unknown }[] }).errors ?? []).map((error) => {
    const path = error.instancePath.split('/').slice(1).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    const at = extra ? [...path, extra] : path;
    return {
      path: at,
      message: extra
        ? `configuration key "${at.join('.')}" is not in the ${addon} ${found.version} configuration schema (EKS would refuse the add-on)`
        : `configuration ${at.join('.') || '(root)'} ${error.message} (${addon} ${found.version} configuration schema)`,
    };
  });
}
