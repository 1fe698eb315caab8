/**
 * The Kubernetes side of Karpenter: three Helm releases in the platform stack, in this order.
 *
 *   1. `karpenter-crd`       Karpenter's CRD chart (NodePool, NodeClaim, EC2NodeClass, ...).
 *   2. `karpenter`           the controller chart, `skip_crds = true` (the CRDs belong to release 1,
 *                            so a chart upgrade also upgrades them; Helm never upgrades `crds/`).
 *   3. `karpenter-nodepools` a small local chart this module generates: the `default` EC2NodeClass
 *                            and the NodePools, rendered to plain YAML.
 *
 * Why the NodeClass and NodePools are a Helm release and not `kubernetes_manifest` resources:
 * `kubernetes_manifest` asks the API server for the resource's schema while *planning*, so on a fresh
 * cluster the plan fails with "no matches for kind NodePool" because the CRD is not installed yet
 * (hashicorp/terraform-provider-kubernetes#1917, kubernetes-sigs/karpenter#1527), which breaks
 * the first `terraform plan` of every new environment. A `helm_release` needs nothing from the
 * cluster at plan time: it renders and applies the manifests at apply time, after its `depends_on`
 * (the CRD release, then the controller) is in place. One apply then installs everything, in order.
 *
 * Why a generated local chart rather than a third-party "raw manifests" chart fed through values:
 * no extra chart to pin and trust, and the exact YAML that reaches the cluster is reviewable in
 * `cdktf.out/stacks/<env>-platform/assets/.../manifests/*.yaml`. The chart's templates never see the
 * manifests (one template includes the files with `.Files.Get`), so no input is ever interpreted as
 * Helm template syntax. The chart directory is a TerraformAsset whose folder name is a hash of its
 * content: any change to a NodePool changes the release's `chart` path, so Terraform plans an
 * upgrade (helm_release does not diff the files of a local chart, hashicorp/terraform-provider-helm#515).
 *
 * Order on destroy is the reverse: the NodePools go first while the controller still runs, so
 * Karpenter's finalizers drain and terminate its nodes; then the controller; then the CRDs.
 */
import { Release } from '@cdktf/provider-helm/lib/release';
import type { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { AssetType, TerraformAsset, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { sortedYaml, writeChart } from '../shared/local-chart';
import { KARPENTER_CHART, KARPENTER_VERSION } from './controller-policy';
import type { KubernetesDocument } from './manifests';
import { KARPENTER_SERVICE_ACCOUNT, type KarpenterInputs } from './props';


export interface ControllerValuesOptions {
  readonly clusterName: string;
  readonly interruptionQueueName: string;
  readonly inputs: Pick<KarpenterInputs, 'replicas' | 'controllerResources'>;
}

/**
 * Values for the `karpenter` chart (keys from charts/karpenter/values.yaml at v1.14.1). The
 * controller runs on the `system` managed node group (label node-role=system, taint
 * CriticalAddonsOnly=true:NoSchedule, see modules/eks/props.ts), never on nodes it launches itself:
 * the chart's default affinity already keeps it off Karpenter nodes, and the nodeSelector puts it on
 * nodes that outlive any NodePool.
 */
export function controllerValues(options: ControllerValuesOptions): Record<string, unknown> {
  const { cpu, memory } = options.inputs.controllerResources;
  const resources = { cpu: String(cpu), memory: String(memory) };
  return {
    // enableZonalShift: Karpenter stops launching into an availability zone under an ARC zonal shift
    // of the cluster (the ZonalShiftPolicy statement of the controller policy lets it read them).
    settings: { clusterName: options.clusterName, interruptionQueue: options.interruptionQueueName, enableZonalShift: true },
    replicas: options.inputs.replicas,
    podDisruptionBudget: { name: 'karpenter', maxUnavailable: 1 },
    controller: { resources: { requests: resources, limits: resources } },
    nodeSelector: { 'kubernetes.io/os': 'linux', 'node-role': 'system' },
    tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
    // Created by the chart; the Pod Identity association names it, so no IRSA annotation.
    serviceAccount: { create: true, name: KARPENTER_SERVICE_ACCOUNT },
  };
}

/** Name of the local chart and of its release. */
export const NODEPOOLS_CHART = 'karpenter-nodepools';

/** One template that emits the files under manifests/ verbatim (Go templates range over sorted keys). */
const MANIFESTS_TEMPLATE = `{{- range $path, $_ := .Files.Glob "manifests/*.yaml" }}
---
{{ $.Files.Get $path }}
{{- end }}
`;

/** The files of the local chart, by relative path. */
export function nodePoolChartFiles(documents: readonly KubernetesDocument[], chartVersion: string): Record<string, string> {
  const files: Record<string, string> = {
    'Chart.yaml': sortedYaml({
      apiVersion: 'v2',
      name: NODEPOOLS_CHART,
      description: 'The EC2NodeClass and NodePools of this environment, generated by the karpenter module (do not edit: regenerated at every synth)',
      type: 'application',
      version: chartVersion,
      appVersion: KARPENTER_VERSION,
    }),
    'templates/manifests.yaml': MANIFESTS_TEMPLATE,
  };
  documents.forEach((document, index) => {
    files[`manifests/${String(index).padStart(2, '0')}-${document.kind.toLowerCase()}-${document.metadata.name}.yaml`] = sortedYaml(document);
  });
  return files;
}

export interface KarpenterReleasesProps {
  readonly helm: HelmProvider;
  readonly namespace: string;
  readonly controllerValues: Record<string, unknown>;
  readonly documents: readonly KubernetesDocument[];
  /** Module version, used as the local chart's version. */
  readonly chartVersion: string;
  /** What the controller needs before it starts: its role's policy and association, the queue. */
  readonly controllerDependsOn: readonly ITerraformDependable[];
  /** What nodes need before the first NodePool exists: the node role's policies, its access entry. */
  readonly nodePoolsDependOn: readonly ITerraformDependable[];
}

export class KarpenterReleases extends Construct {
  readonly crds: Release;
  readonly controller: Release;
  readonly nodePools: Release;
  readonly chartAsset: TerraformAsset;

  constructor(scope: Construct, id: string, props: KarpenterReleasesProps) {
    super(scope, id);
    // No registry login (repository_username/password from aws_ecrpublic_authorization_token): the
    // charts are public, and an ECR token input is new at every run, so every plan would show the
    // releases as changed. Karpenter's guide even logs out first (`helm registry logout
    // public.ecr.aws`): a stale login on the runner makes public.ecr.aws answer 403.
    const chart = { repository: KARPENTER_CHART.repository, version: KARPENTER_VERSION, namespace: props.namespace, provider: props.helm };
    // The CRD and NodePool charts hold cluster-scoped objects only: their release namespace is just
    // where Helm keeps its record. Helm cannot move a release, so a new namespace would uninstall and
    // reinstall them, and uninstalling deletes every NodePool (and the CRDs with every NodeClaim):
    // Karpenter would terminate all its nodes. They keep the namespace they were installed in.
    const keepNamespace = { ignoreChanges: ['namespace'] };
    this.crds = new Release(this, 'crds', {
      ...chart,
      name: KARPENTER_CHART.crdChart,
      chart: KARPENTER_CHART.crdChart,
      createNamespace: props.namespace !== 'kube-system',
      // Whether to create the namespace only matters when the release is installed.
      lifecycle: { ignoreChanges: ['namespace', 'create_namespace'] },
    });
    this.controller = new Release(this, 'controller', {
      ...chart,
      name: KARPENTER_CHART.controllerChart,
      chart: KARPENTER_CHART.controllerChart,
      // The CRD release, which creates the namespace at first, stays where it was when it changes.
      createNamespace: props.namespace !== 'kube-system',
      skipCrds: true,
      values: [sortedYaml(props.controllerValues)],
      dependsOn: [this.crds, ...props.controllerDependsOn],
    });

    const files = nodePoolChartFiles(props.documents, props.chartVersion);
    const written = writeChart(NODEPOOLS_CHART, files);
    this.chartAsset = new TerraformAsset(this, 'nodepools-chart', { path: written.path, type: AssetType.DIRECTORY, assetHash: written.hash });
    this.nodePools = new Release(this, 'nodepools', {
      name: NODEPOOLS_CHART,
      chart: this.chartAsset.path,
      namespace: props.namespace,
      provider: props.helm,
      dependsOn: [this.crds, this.controller, ...props.nodePoolsDependOn],
      lifecycle: keepNamespace,
    });
  }
}
