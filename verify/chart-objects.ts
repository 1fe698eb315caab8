/**
 * The Kubernetes objects our generated local charts install (Karpenter's EC2NodeClass and NodePools,
 * a ClusterIssuer, a ClusterSecretStore), read from a synthesized output. Terraform sees such a
 * release only as a chart folder that changed; what Helm then deletes in the cluster (an object the
 * new chart no longer renders) is invisible to a plan, so `npm run diff` reads the objects here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { MANIFESTS_FOLDER } from '../modules/shared/chart-layout';
import { readStacks } from './outdir';
import type { TerraformJson } from './terraform-json';

export interface ChartObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** Per stack, per `helm_release.<name>` address with a local chart: the objects it renders. */
export type ReleaseObjects = Readonly<Record<string, Readonly<Record<string, readonly ChartObject[]>>>>;

/** `NodePool general` or `ClusterSecretStore default/aws` (namespace first when there is one). */
const objectLabel = (object: ChartObject) => `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;

function objectsOfChart(folder: string): ChartObject[] {
  const objects: ChartObject[] = [];
  for (const file of readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).sort()) {
    for (const document of parseAllDocuments(readFileSync(join(folder, file), 'utf8'))) {
      const value = document.toJS() as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
      if (!value || typeof value.kind !== 'string' || typeof value.metadata?.name !== 'string') continue;
      objects.push({ kind: value.kind, name: value.metadata.name, ...(typeof value.metadata.namespace === 'string' ? { namespace: value.metadata.namespace } : {}) });
    }
  }
  return objects;
}

/** A release's chart when it is a folder of the stack (not a repository chart, a URL or an expression). */
export function localChartPath(release: { readonly chart?: unknown; readonly repository?: unknown }): string | undefined {
  const chart = release.chart;
  return typeof chart === 'string' && !release.repository && !/^[a-z][a-z0-9+.-]*:\/\//i.test(chart) && !chart.includes('${') ? chart : undefined;
}

/** The objects of every release whose chart is a folder of the stack (charts from a repository are not read). */
export function localChartObjects(outdir: string, stacks: Readonly<Record<string, TerraformJson>>): ReleaseObjects {
  const out: Record<string, Record<string, ChartObject[]>> = {};
  for (const [stack, json] of Object.entries(stacks)) {
    const releases = (json.resource?.helm_release ?? {}) as Record<string, { chart?: unknown; repository?: unknown }>;
    for (const [name, release] of Object.entries(releases)) {
      const chart = localChartPath(release);
      if (!chart) continue;
      const folder = join(outdir, 'stacks', stack, chart, MANIFESTS_FOLDER);
      if (!existsSync(folder)) continue;
      (out[stack] ??= {})[`helm_release.${name}`] = objectsOfChart(folder);
    }
  }
  return out;
}

/** A synthesized output as `npm run diff` compares it: its stacks and the objects of its generated charts. */
export interface SynthesizedOutput {
  readonly stacks: Record<string, TerraformJson>;
  readonly charts: ReleaseObjects;
}

export function readSynthesizedOutput(outdir: string): SynthesizedOutput {
  const stacks = readStacks(outdir);
  return { stacks, charts: localChartObjects(outdir, stacks) };
}

/** What deleting an object of each kind does in the cluster, for the blocked line. */
const DELETION_EFFECTS: Readonly<Record<string, string>> = {
  NodePool: 'Karpenter drains and terminates every node the NodePool launched (their pods wait for room elsewhere)',
  EC2NodeClass: 'Karpenter terminates the nodes launched from the EC2NodeClass, and NodePools that name it launch nothing',
  ClusterIssuer: 'no certificate is issued or renewed through the ClusterIssuer any more (issued ones work until they expire)',
  ClusterSecretStore: 'ExternalSecrets that read through the ClusterSecretStore stop syncing',
};

export interface RemovedObject {
  readonly stack: string;
  readonly address: string;
  readonly object: ChartObject;
  readonly reason: string;
  readonly fix: string;
}

/**
 * Objects a release rendered at the base and renders no more: Helm deletes them at the next apply,
 * though Terraform shows an in-place upgrade (the release changed) or a release it removes. A release
 * kept at a new address by a `moved` block (`moves`: stack → old address → new) is compared at its
 * new address.
 */
export function removedObjects(base: ReleaseObjects, now: ReleaseObjects, moves: Readonly<Record<string, ReadonlyMap<string, string>>> = {}): RemovedObject[] {
  const removed: RemovedObject[] = [];
  const key = (object: ChartObject) => `${object.kind}\0${object.namespace ?? ''}\0${object.name}`;
  for (const [stack, releases] of Object.entries(base)) {
    for (const [baseAddress, objects] of Object.entries(releases)) {
      const address = moves[stack]?.get(baseAddress) ?? baseAddress;
      const rendered = now[stack]?.[address];
      const kept = new Set((rendered ?? []).map(key));
      const how = rendered ? 'Helm removes what the release no longer renders; the plan shows an in-place upgrade' : 'the release is removed, and Helm uninstalls what it installed';
      for (const object of objects.filter((o) => !kept.has(key(o)))) {
        const label = objectLabel(object);
        removed.push({
          stack,
          address,
          object,
          reason: `deletes ${label} in the cluster (${how}): ${DELETION_EFFECTS[object.kind] ?? 'whatever depends on it stops working'}`,
          fix: `if it is renamed, add the new one beside it and apply first, then remove ${label} in a later change; if it should go, accept its deletion with --accept "${address}"`,
        });
      }
    }
  }
  return removed;
}
