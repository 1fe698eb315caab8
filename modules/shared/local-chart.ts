import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { AssetType, TerraformAsset, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { MANIFESTS_FOLDER } from './chart-layout';

/** YAML with keys sorted at every level, so a values string or manifest is byte-identical across runs. */
export function sortedYaml(value: unknown): string {
  return stringify(value, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false });
}

/** A Kubernetes object as a manifest (apiVersion, kind, metadata, ...). */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}


/**
 * One template that emits the files under manifests/ verbatim (Go templates range over sorted keys,
 * and no input is read as template syntax).
 */
const MANIFESTS_TEMPLATE = `{{- range $path, $_ := .Files.Glob "${MANIFESTS_FOLDER}/*.yaml" }}
---
{{ $.Files.Get $path }}
{{- end }}
`;

/** The chart files that carry `objects`: one sorted-key manifest each, in order, and the template. */
export function manifestFiles(objects: readonly { readonly kind: string; readonly metadata: { readonly name: string } }[]): Record<string, string> {
  const files: Record<string, string> = { 'templates/manifests.yaml': MANIFESTS_TEMPLATE };
  objects.forEach((object, index) => {
    files[`${MANIFESTS_FOLDER}/${String(index).padStart(2, '0')}-${object.kind.toLowerCase()}-${object.metadata.name}.yaml`] = sortedYaml(object);
  });
  return files;
}

export interface LocalChartProps {
  readonly helm: HelmProvider;
  /** Release and chart name. */
  readonly name: string;
  readonly namespace: string;
  readonly description: string;
  readonly chartVersion: string;
  readonly objects: readonly KubernetesObject[];
  /** Usually the release that installs the objects' CRDs and the controller that serves them. */
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * Custom resources (a ClusterIssuer, a ClusterSecretStore) as a small generated Helm chart rather
 * than `kubernetes_manifest`: the latter asks the API server for the CRD while *planning*, so the
 * first plan of a new cluster fails before the chart that brings the CRD is installed
 * (hashicorp/terraform-provider-kubernetes#1917). A release renders at apply time, after its
 * dependencies. The chart folder is named by a hash of its content, so any change is an upgrade
 * Terraform sees (helm_release does not diff a local chart's files, terraform-provider-helm#515), and
 * the YAML is reviewable under cdktf.out/stacks/<stack>/assets/.
 */
export class LocalChart extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: LocalChartProps) {
    super(scope, id);
    const files: Record<string, string> = {
      'Chart.yaml': sortedYaml({ apiVersion: 'v2', name: props.name, description: props.description, type: 'application', version: props.chartVersion }),
      ...manifestFiles(props.objects),
    };
    const written = writeChart(props.name, files);
    const asset = new TerraformAsset(this, 'chart', { path: written.path, type: AssetType.DIRECTORY, assetHash: written.hash });
    this.release = new Release(this, 'release', { name: props.name, chart: asset.path, namespace: props.namespace, provider: props.helm, dependsOn: [...props.dependsOn] });
  }
}

/**
 * Writes the chart to a folder named by its content hash under the OS temp dir, where the asset
 * copies it from at synth. Same content, same folder; concurrent writers race harmlessly on a rename.
 */
export function writeChart(name: string, files: Record<string, string>): { path: string; hash: string } {
  const hash = createHash('sha256').update(JSON.stringify(Object.entries(files).sort())).digest('hex').slice(0, 16);
  const target = join(tmpdir(), `cdktf-${name}-${hash}`);
  if (!existsSync(target)) {
    const staging = mkdtempSync(`${target}.tmp-`);
    for (const [relative, content] of Object.entries(files)) {
      mkdirSync(join(staging, relative, '..'), { recursive: true });
      writeFileSync(join(staging, relative), content);
    }
    try {
      renameSync(staging, target);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(target)) throw error;
    }
  }
  return { path: target, hash };
}
