import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
// Registers the module with the default registry (modules/index.ts does not list it yet).
import '../../../modules/karpenter';
import { blocksOf, type TerraformJson } from '../../matchers';
import { BASE_FIELDS, errorOf, parseSpec, synthSpec, type Synthesized } from '../../support/synth';

export const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';

/** vpc + eks + the Pod Identity agent (the controller's credentials come through it) + karpenter. */
export function karpenterSpec(karpenter: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...BASE_FIELDS, vpc: {}, eks: { admins: [ADMIN], spotServiceLinkedRole: 'exists' }, 'eks-pod-identity-agent': {}, ...extra, karpenter };
}

export function synthKarpenter(karpenter: Record<string, unknown> = {}, env = 'dev'): Synthesized {
  return synthSpec(karpenterSpec(karpenter), env);
}

/** The message a spec fails validation with, as the CLI prints it (file stacks/environments/prod.yaml). */
export function rejectKarpenter(karpenter: Record<string, unknown>): string {
  return errorOf(() => parseSpec(karpenterSpec(karpenter), 'prod'));
}

export function release(tf: TerraformJson, name: string): Record<string, unknown> {
  const found = blocksOf(tf, 'resource', 'helm_release').find((b) => b.properties.name === name);
  if (!found) throw new Error(`no helm_release named ${name}`);
  return found.properties;
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * The documents the nodepools release installs, read from the chart the TerraformAsset copied into
 * the stack (its folder is named by the same content hash as the release's `chart` path).
 */
export function chartManifests(tf: TerraformJson): { files: Record<string, string>; documents: Manifest[] } {
  const chart = String(release(tf, 'karpenter-nodepools').chart);
  const hash = chart.split('/').filter(Boolean).pop()!;
  const dir = join(tmpdir(), `cdktf-karpenter-nodepools-${hash}`);
  const files: Record<string, string> = {};
  for (const name of ['Chart.yaml', 'templates/manifests.yaml', ...readdirSync(join(dir, 'manifests')).map((f) => `manifests/${f}`)]) {
    files[name] = readFileSync(join(dir, name), 'utf8');
  }
  const documents = Object.keys(files)
    .filter((name) => name.startsWith('manifests/'))
    .sort()
    .map((name) => parse(files[name]) as Manifest);
  return { files, documents };
}

export function nodePool(tf: TerraformJson, name: string): Manifest {
  const found = chartManifests(tf).documents.find((d) => d.kind === 'NodePool' && d.metadata.name === name);
  if (!found) throw new Error(`no NodePool ${name} in the chart`);
  return found;
}

export function requirement(pool: Manifest, key: string): { key: string; operator: string; values: string[] } | undefined {
  return (pool.spec.template.spec.requirements as { key: string; operator: string; values: string[] }[]).find((r) => r.key === key);
}
