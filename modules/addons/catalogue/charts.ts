import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../../shared/project-root';

/**
 * A Helm chart at one pinned version, as vendored in modules/addons/upstream/charts/<dir>/ (chart.json
 * with its source, the chart's values.yaml and, when the chart publishes one, values.schema.json).
 * Nothing here is typed by hand: chart, repository, version, kubeVersion and the defaults are the
 * chart's own.
 */
export interface ChartFacts {
  readonly dir: string;
  readonly chart: string;
  readonly repository: string;
  readonly version: string;
  readonly appVersion: string;
  /** Chart.yaml kubeVersion constraint (semver range), if the chart declares one. */
  readonly kubeVersion: string | null;
  readonly serviceAccount: { readonly defaultName: string | null; readonly valuesKey: string | null };
  /** The chart's values.yaml, parsed. */
  readonly values: Record<string, unknown>;
  /** values.schema.json, when the chart publishes one. */
  readonly schema?: Record<string, unknown>;
}

const cache = new Map<string, ChartFacts>();

export function chartFacts(dir: string): ChartFacts {
  const cached = cache.get(dir);
  if (cached) return cached;
  const folder = join(projectRoot(), 'modules', 'addons', 'upstream', 'charts', dir);
  const meta = JSON.parse(readFileSync(join(folder, 'chart.json'), 'utf8')) as Omit<ChartFacts, 'dir' | 'values' | 'schema'>;
  const schemaFile = join(folder, 'values.schema.json');
  const facts: ChartFacts = {
    dir,
    chart: meta.chart,
    repository: meta.repository,
    version: meta.version,
    appVersion: meta.appVersion,
    kubeVersion: meta.kubeVersion,
    serviceAccount: meta.serviceAccount,
    values: chartDefaults(dir, readFileSync(join(folder, 'values.yaml'), 'utf8')),
    schema: existsSync(schemaFile) ? (JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>) : undefined,
  };
  cache.set(dir, facts);
  return facts;
}

/**
 * A chart's values.yaml, parsed. modules/addons/schema-codegen.js keeps each one as JSON with the hash
 * of the values.yaml it was made from; that copy is read when the hash matches (cilium's 188 KB
 * values.yaml parses in ~95 ms as YAML, ~6 ms as JSON), and the YAML itself otherwise.
 */
export function chartDefaults(dir: string, yaml: string): Record<string, unknown> {
  const kept = join(projectRoot(), 'modules', 'addons', 'schema-validators', 'chart-defaults', `${dir}.json`);
  if (existsSync(kept)) {
    const { source, values } = JSON.parse(readFileSync(kept, 'utf8')) as { source: string; values: Record<string, unknown> };
    if (source === `upstream/charts/${dir}/values.yaml sha256 ${createHash('sha256').update(yaml).digest('hex')}`) return values;
  }
  return (parse(yaml) ?? {}) as Record<string, unknown>;
}
