// Vendors published Helm chart facts for the add-ons into modules/addons/upstream/charts/ (dependency-free, Node >= 20).
// Vendors published Helm chart facts for the add-ons into this directory (dependency-free, Node >= 20).
//
// For each pinned chart it copies values.yaml (and values.schema.json when the chart ships one)
// byte-for-byte from the upstream repository at the pinned ref, reads Chart.yaml for
// version/appVersion/kubeVersion, and writes <chart>/chart.json. It also rewrites the table in
// README.md between the "charts-table" markers. Nothing outside this directory is written.
//
// Sources, per upstream repository (owner/name):
//   * default: a bare git mirror at <mirrors>/<owner>+<name>/repo   (--mirrors, default /work/.mirror)
//   * --src owner/name=PATH   where PATH is a bare git dir, a git work tree (any ref is read with
//     `git show`, the work tree itself is not used), or a plain directory holding the repository
//     files at the pinned ref (then the commit cannot be verified and is taken from the pin).
//   Cilium is read from the packaged chart cilium-<v>.tgz in the cilium/charts repository (the
//   https://helm.cilium.io/ repo); the cilium/cilium repository is not needed.
//
// Usage:
//   node scripts/upstream/charts.mjs [--mirrors DIR] [--src owner/name=PATH ...] [--only dir1,dir2]
//                    [--retrieved YYYY-MM-DD] [--check]
//   --check      write nothing; exit 1 if any vendored file differs from what would be written.
//   --retrieved  date recorded in chart.json for charts whose content changed (default: today);
//                unchanged charts keep their recorded date.
//
// To move a pin: edit its entry in PINS (tag, commit, and for Cilium the archive ref), run this
// script, review `git diff`, and update the notes if upstream changed defaults.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'modules', 'addons', 'upstream', 'charts');

/**
 * One entry per vendored chart folder.
 *   ref:      what to read files from (defaults to tag)
 *   commit:   expected commit of `ref` (verified when the source is git)
 *   tagCommit: expected commit of `tag` when it differs from `commit` (Karpenter)
 *   override: Chart.yaml fields the release pipeline rewrites at packaging time
 *   archive:  read the chart from a packaged .tgz in another repository instead of sourceRepo
 */
export const PINS = [
  {
    dir: 'aws-load-balancer-controller',
    chart: 'aws-load-balancer-controller',
    repository: 'https://aws.github.io/eks-charts',
    sourceRepo: 'aws/eks-charts',
    path: 'stable/aws-load-balancer-controller',
    tag: 'v0.0.242',
    commit: '5239609242f3430be50fb0b714a24d3ef2b47983',
    serviceAccount: { defaultName: 'aws-load-balancer-controller', valuesKey: 'serviceAccount.name' },
    notes:
      'Namespace: kube-system by convention (upstream README/eksctl examples); templates use .Release.Namespace, no namespaceOverride. ' +
      'ServiceAccount: serviceAccount.create=true, name empty -> fullname (the release name when it contains "aws-load-balancer-controller", else "<release>-aws-load-balancer-controller"). ' +
      'clusterName is required (template fails without it); region and vpcId default to instance metadata, so set them when pods cannot reach IMDS. ' +
      'CRDs ship in crds/ (crds.yaml: targetgroupbindings, ingressclassparams, albtargetcontrolconfigs, globalaccelerators; gateway-crds.yaml: gateway.k8s.aws listenerruleconfigurations, loadbalancerconfigurations, targetgroupconfigurations); Helm installs crds/ on first install only and never upgrades them (README: kubectl apply -k .../crds). ' +
      'Chart major 3 / controller v3.5.0; image public.ecr.aws/eks/aws-load-balancer-controller:v3.5.0; enableServiceMutatorWebhook defaults to true; createIngressClassResource true (ingressClass "alb"). ' +
      'eks-charts tag v0.0.242 is the repo-wide release that published chart 3.5.0; values.yaml is identical to kubernetes-sigs/aws-load-balancer-controller helm/aws-load-balancer-controller at v3.5.0 (11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4) and to the packaged aws-load-balancer-controller-3.5.0.tgz on the eks-charts gh-pages branch. No values.schema.json, no kubeVersion.',
  },
  {
    dir: 'external-dns',
    chart: 'external-dns',
    repository: 'https://kubernetes-sigs.github.io/external-dns/',
    sourceRepo: 'kubernetes-sigs/external-dns',
    path: 'charts/external-dns',
    tag: 'external-dns-helm-chart-1.21.1',
    commit: '9f26451346774099a8b3e3e5cc46a53bf2fd1461',
    serviceAccount: { defaultName: 'external-dns', valuesKey: 'serviceAccount.name' },
    notes:
      'Namespace: none imposed; .Release.Namespace or namespaceOverride (new in 1.21.1); commonly "external-dns" or kube-system. ' +
      'ServiceAccount: create=true, name null -> fullname ("external-dns" for a release of that name). ' +
      'Keys: provider.name (default "aws"), txtOwnerId (default null, so no --txt-owner-id is passed: set one per cluster), domainFilters ([]), excludeDomains ([]), policy ("upsert-only"; schema enum create-only|sync|upsert-only), registry ("txt"), txtPrefix/txtSuffix, sources ([service, ingress]), interval ("1m"), annotationFilter, labelFilter, managedRecordTypes, namespaced, extraArgs (default {}: a map of flag -> value since 1.17.0 or a list of "--flag=value" strings; bool map values since 1.21.1). ' +
      'values.schema.json is strict about types (e.g. txtOwnerId string|null, extraArgs array|object|null). ' +
      'crds/ holds the DNSEndpoint CRD (dnsendpoints.externaldns.k8s.io), installed by Helm on first install only; only the crd source needs it. ' +
      'appVersion 0.21.0 although external-dns v0.22.0 was tagged 2026-08-19: no chart release for it yet; master (and the v0.22.0 tag) carry unreleased chart changes on top of 1.21.1. Chart tags are external-dns-helm-chart-<version>.',
  },
  {
    dir: 'cert-manager',
    chart: 'cert-manager',
    repository: 'https://charts.jetstack.io',
    sourceRepo: 'cert-manager/cert-manager',
    path: 'deploy/charts/cert-manager',
    tag: 'v1.21.1',
    commit: '24e33194fb39488eff2bbf10c6dc640f407cad44',
    override: { version: 'v1.21.1', appVersion: 'v1.21.1' },
    serviceAccount: { defaultName: 'cert-manager', valuesKey: 'serviceAccount.name' },
    notes:
      'Chart version has a leading "v" (v1.21.1); also published as OCI quay.io/jetstack/charts/cert-manager. Chart.yaml in the repository holds v0.0.0 placeholders: make/manifests.mk sets version/appVersion at packaging and copies values.yaml and values.schema.json verbatim. ' +
      'Namespace: "cert-manager" by convention; value `namespace` (default "") overrides .Release.Namespace; global.leaderElection.namespace defaults to kube-system. ' +
      'CRDs: crds.enabled (default false) installs them as templates, crds.keep (default true) adds helm.sh/resource-policy: keep. The old installCRDs (default false) is still accepted but deprecated; the chart fails if installCRDs and crds.enabled are both true, or installCRDs with crds.keep=false. ' +
      'ServiceAccounts (create=true, name unset -> fullname-derived): controller "cert-manager" (serviceAccount.name), "cert-manager-webhook" (webhook.serviceAccount.name), "cert-manager-cainjector" (cainjector.serviceAccount.name), "cert-manager-startupapicheck" (startupapicheck.serviceAccount.name). ' +
      'kubeVersion ">= 1.22.0-0".',
  },
  {
    dir: 'metrics-server',
    chart: 'metrics-server',
    repository: 'https://kubernetes-sigs.github.io/metrics-server/',
    sourceRepo: 'kubernetes-sigs/metrics-server',
    path: 'charts/metrics-server',
    tag: 'metrics-server-helm-chart-3.13.1',
    commit: '842dcc8c42f22cc19f10c7d5f2d32a9f4b6013b0',
    serviceAccount: { defaultName: 'metrics-server', valuesKey: 'serviceAccount.name' },
    notes:
      'Namespace: kube-system by convention (not enforced; .Release.Namespace). ' +
      'Secure port: containerPort 10250 is rendered as --secure-port=10250 and the container port "https"; the Service listens on 443 (service.port) and apiService.create=true registers v1beta1.metrics.k8s.io with insecureSkipTLSVerify=true. ' +
      'defaultArgs: --cert-dir=/tmp, --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname, --kubelet-use-node-status-port, --metric-resolution=15s (overriding defaultArgs replaces the whole list; add flags with args). hostNetwork.enabled false. priorityClassName system-cluster-critical. ' +
      'ServiceAccount: create=true, name "" -> fullname ("metrics-server"). ' +
      'appVersion 0.8.1: metrics-server v0.9.0 was tagged 2026-07-13 but no chart release ships it yet (image tag defaults to v{{ .Chart.AppVersion }}). No values.schema.json, no kubeVersion.',
  },
  {
    dir: 'external-secrets',
    chart: 'external-secrets',
    repository: 'https://charts.external-secrets.io',
    sourceRepo: 'external-secrets/external-secrets',
    path: 'deploy/charts/external-secrets',
    tag: 'helm-chart-2.9.0',
    commit: 'cc5bfbc2234ace9cb0caff4ea89c435cf517b27b',
    serviceAccount: { defaultName: 'external-secrets', valuesKey: 'serviceAccount.name' },
    notes:
      'Namespace: "external-secrets" by convention; namespaceOverride supported. ' +
      'CRDs: installCRDs defaults to true and the CRDs are chart templates generated at packaging time (templates/crds/ only holds a README in the repository), so they are upgraded with the release; crds.create<Kind> toggles individual CRDs. ' +
      'ServiceAccounts (create=true): controller fullname "external-secrets" (serviceAccount.name); webhook "external-secrets-webhook" (webhook.serviceAccount.name) and cert controller "external-secrets-cert-controller" (certController.serviceAccount.name) are fixed defaults, not fullname-derived. ' +
      'Dependency bitwarden-sdk-server v0.6.0 (oci://ghcr.io/external-secrets/charts), disabled by default. ' +
      'Chart tag helm-chart-2.9.0 (the app tag v2.9.0 is an earlier commit). kubeVersion ">= 1.19.0-0".',
  },
  {
    dir: 'aws-efs-csi-driver',
    chart: 'aws-efs-csi-driver',
    repository: 'https://kubernetes-sigs.github.io/aws-efs-csi-driver/',
    sourceRepo: 'kubernetes-sigs/aws-efs-csi-driver',
    path: 'charts/aws-efs-csi-driver',
    tag: 'helm-chart-aws-efs-csi-driver-4.4.1',
    commit: '3fcc6bdd7533a4cfd15643b31593f7ff154584c9',
    serviceAccount: { defaultName: 'efs-csi-controller-sa', valuesKey: 'controller.serviceAccount.name' },
    notes:
      'Namespace: kube-system by convention (templates use .Release.Namespace). ' +
      'ServiceAccounts have fixed names, not fullname-derived: controller.serviceAccount.name "efs-csi-controller-sa" (the one that needs EFS IAM permissions) and node.serviceAccount.name "efs-csi-node-sa"; both create=true. There is no top-level serviceAccount key. ' +
      'Chart 4.x ships driver 3.x (4.0.0 = driver v3.0.0, 2026-04); image public.ecr.aws/efs-csi-driver/amazon/aws-efs-csi-driver:v3.4.1. storageClasses [] by default. ' +
      'Chart tags are helm-chart-aws-efs-csi-driver-<version>; v* tags are driver releases. No values.schema.json. kubeVersion ">=1.17.0-0".',
  },
  {
    dir: 'cluster-proportional-autoscaler',
    chart: 'cluster-proportional-autoscaler',
    repository: 'https://kubernetes-sigs.github.io/cluster-proportional-autoscaler',
    sourceRepo: 'kubernetes-sigs/cluster-proportional-autoscaler',
    path: 'charts/cluster-proportional-autoscaler',
    tag: 'helm-chart-cluster-proportional-autoscaler-1.1.0',
    commit: '9deb565d8e99064cfe595270588a7ba207579632',
    serviceAccount: { defaultName: 'cluster-proportional-autoscaler', valuesKey: 'serviceAccount.name' },
    notes:
      'Newest published chart is still 1.1.0 (2023-03-27; gh-pages index.yaml lists 1.1.0, 1.0.1, 1.0.0) although the app is at v1.10.3 (2026-01-26). The image tag defaults to appVersion 1.8.6 (registry.k8s.io/cpa/cluster-proportional-autoscaler:1.8.6), so set image.tag explicitly for a current release. Later master commits change templates only (values.yaml unchanged) and are unreleased. ' +
      'No working defaults: config (ladder or linear) is empty and options.target is required and must start with deployment/, replicationcontroller/ or replicaset/ (the template fails otherwise); options.namespace defaults to the release namespace. ' +
      'Namespace: same namespace as the target, typically kube-system. ServiceAccount: create=true, name empty -> fullname ("cluster-proportional-autoscaler" for a release of that name; one autoscaler per target, so releases are usually named per target). No values.schema.json, no kubeVersion.',
  },
  {
    dir: 'cilium',
    chart: 'cilium',
    repository: 'https://helm.cilium.io/',
    sourceRepo: 'cilium/cilium',
    path: 'install/kubernetes/cilium',
    tag: 'v1.20.0',
    commit: '450c53145dc0a872ae20dfb05598c94ef55a71e2',
    archive: { repo: 'cilium/charts', ref: 'd5f3d1cc0ed8e94d6920996024fefe5a3857dc15', file: 'cilium-1.20.0.tgz' },
    serviceAccount: { defaultName: 'cilium', valuesKey: 'serviceAccounts.cilium.name' },
    notes:
      'Files extracted from the published package cilium-1.20.0.tgz in cilium/charts (the repository behind https://helm.cilium.io/) at commit d5f3d1cc0ed8e94d6920996024fefe5a3857dc15 ("Add cilium v1.20.0@450c53145dc0a872ae20dfb05598c94ef55a71e2"); the cilium/cilium snapshot (755 MB) was over the fetch limit, and its values.yaml is generated from values.yaml.tmpl at release time anyway. values.yaml 188006 bytes, values.schema.json 167836 bytes. ' +
      'Namespace: kube-system by convention; namespaceOverride available. ServiceAccounts are fixed names under serviceAccounts.<component>.name: cilium (agent), cilium-operator, cilium-envoy, hubble-relay, hubble-ui, cilium-nodeinit, ... ' +
      'AWS VPC CNI chaining: cni.chainingMode default null (schema null|string) -> "aws-cni"; cni.exclusive default true -> false; enableIPv4Masquerade default null (= true unless ipam eni) -> false; routingMode default "" (= tunnel) -> "native". validate.yaml fails for aws-cni chaining (or ENI mode) with cluster.id 128-255. ' +
      'kube-proxy replacement: kubeProxyReplacement default "false" (string; schema string|boolean, so true is valid); k8sServiceHost default "" (string; "auto" reads the cluster-info ConfigMap); k8sServicePort default "" (schema string|integer); k8sServiceHostRef {name,key} is a ConfigMap alternative and the chart fails if both it and k8sServiceHost are set. ' +
      'Newest stable is 1.20.0 (2026-07-29); 1.21.0-pre.0 exists. kubeVersion ">= 1.21.0-0".',
  },
  {
    dir: 'falco',
    chart: 'falco',
    repository: 'https://falcosecurity.github.io/charts',
    sourceRepo: 'falcosecurity/charts',
    path: 'charts/falco',
    tag: 'falco-9.1.0',
    commit: '53586de4fb9d8d02006131ade702b161cd7e06e3',
    serviceAccount: { defaultName: 'falco', valuesKey: 'serviceAccount.name' },
    notes:
      'Namespace: "falco" by convention; namespaceOverride supported. ServiceAccount: create=true, name "" -> fullname ("falco"). ' +
      'driver.kind default "auto" (kmod or modern_ebpf); chart 9.0.0 / Falco 0.44 removed the legacy ebpf probe, the gVisor engine and the gRPC output/server (see BREAKING-CHANGES.md). controller.kind daemonset. ' +
      'Dependencies from the same repo: falcosidekick 0.12.* (falcosidekick.enabled), k8s-metacollector 0.1.* (collectors.kubernetes.enabled), falco-talon 0.3.* (responseActions.enabled). ' +
      'Extra values files at the tag (values-k8saudit.yaml, values-syscall-k8saudit.yaml) are not vendored. Chart tags are falco-<version>. No values.schema.json, no kubeVersion.',
  },
  {
    dir: 'opencost',
    chart: 'opencost',
    repository: 'https://opencost.github.io/opencost-helm-chart',
    sourceRepo: 'opencost/opencost-helm-chart',
    path: 'charts/opencost',
    tag: 'opencost-2.5.17',
    commit: '725bb939d6a631a7b679cef38fe42a3d872efe64',
    serviceAccount: { defaultName: 'opencost', valuesKey: 'serviceAccount.name' },
    notes:
      'CHECK BEFORE USE: the gh-pages index.yaml in the stored snapshot lists opencost only up to 2.5.14 (2026-04-15), while tags opencost-2.5.15/16/17 exist; verify `helm search repo opencost/opencost --versions` (or OCI ghcr.io/opencost/charts/opencost) lists 2.5.17, otherwise pin 2.5.14. ' +
      'Namespace: "opencost" by convention; namespaceOverride supported. ServiceAccount: create=true, name "" -> fullname ("opencost"); with create=false the chart falls back to "opencost", not "default". ' +
      'Needs Prometheus: opencost.prometheus.internal.enabled=true pointing at prometheus-server.prometheus-system:80 by default, or opencost.prometheus.external.{enabled,url}. opencost.exporter.defaultClusterId "default-cluster"; opencost.ui.enabled true. values-openshift.yaml not vendored. No values.schema.json, no kubeVersion.',
  },
  {
    dir: 'velero',
    chart: 'velero',
    repository: 'https://vmware-tanzu.github.io/helm-charts',
    sourceRepo: 'vmware-tanzu/helm-charts',
    path: 'charts/velero',
    tag: 'velero-12.1.0',
    commit: '73466ca986bbfe34dbd5c30bbf7d62d545d634a2',
    serviceAccount: { defaultName: 'velero-server', valuesKey: 'serviceAccount.server.name' },
    notes:
      'Namespace: "velero" by convention (.Release.Namespace). ServiceAccount: serviceAccount.server.create=true, name empty -> "<fullname>-server" ("velero-server" for a release named velero). ' +
      'Image docker.io/velero/velero:v1.18.1. No provider plugin by default: initContainers is null (the list is commented out) and its example still shows velero/velero-plugin-for-aws:v1.13.1 (the Velero 1.17 line). Velero 1.18.x pairs with velero-plugin-for-aws v1.14.x (compatibility table on the plugin release-1.14 branch; Velero docs upgrade-to-1.18 use v1.14.0): initContainers: [{name: velero-plugin-for-aws, image: velero/velero-plugin-for-aws:v1.14.0, volumeMounts: [{mountPath: /target, name: plugins}]}]. ' +
      'Locations: configuration.backupStorageLocation and configuration.volumeSnapshotLocation are lists, e.g. [{name: default, provider: aws, bucket: <bucket>, prefix: <opt>, default: true, config: {region: <region>}}] and [{name: default, provider: aws, config: {region: <region>}}]; provider defaults to "" and bucket is required. snapshotsEnabled true, backupsEnabled true, deployNodeAgent false. credentials.useSecret defaults to true: set false for IRSA / EKS Pod Identity. ' +
      'upgradeCRDs true (pre-upgrade hook Job using registry.k8s.io/kubectl). Ships values.schema.json. kubeVersion ">=1.16.0-0".',
  },
  {
    dir: 'karpenter',
    chart: 'karpenter',
    repository: 'oci://public.ecr.aws/karpenter',
    sourceRepo: 'aws/karpenter-provider-aws',
    path: 'charts/karpenter',
    tag: 'v1.14.1',
    ref: 'c88abbbad455186e69e30296c595e474123e9bc1',
    commit: 'c88abbbad455186e69e30296c595e474123e9bc1',
    tagCommit: 'bde00654cd316fddb3dccfba3f5ac07039865429',
    serviceAccount: { defaultName: 'karpenter', valuesKey: 'serviceAccount.name' },
    notes:
      'Vendored from commit c88abbbad455186e69e30296c595e474123e9bc1 ("Stable Release updates Release v1.14.1.", branch release-v1.14.1), not from the tag: at tag v1.14.1 (bde00654cd316fddb3dccfba3f5ac07039865429) Chart.yaml still says 1.13.0 and values.yaml has controller.image tag 1.13.0; hack/release/common.sh rewrites Chart.yaml version/appVersion and controller.image.{repository,tag,digest} with yq before `helm package`/`helm push`, and that commit is the result (tag 1.14.1, digest sha256:445baefaaa689029cc12ac1f659b916b0b82fb14308ce536f8521fcf079116fa). ' +
      'Published only as OCI: oci://public.ecr.aws/karpenter/karpenter:1.14.1 (no "v"). Namespace: kube-system per the Karpenter getting-started guide (.Release.Namespace). ServiceAccount: create=true, name "" -> fullname ("karpenter"). settings.clusterName is required (template fails without it); settings.interruptionQueue "" disables interruption handling. ' +
      'CRDs: crds/ holds symlinks to pkg/apis/crds (installed on first install only); use the karpenter-crd chart to manage/upgrade CRDs. No values.schema.json, no kubeVersion.',
  },
  {
    dir: 'karpenter-crd',
    chart: 'karpenter-crd',
    repository: 'oci://public.ecr.aws/karpenter',
    sourceRepo: 'aws/karpenter-provider-aws',
    path: 'charts/karpenter-crd',
    tag: 'v1.14.1',
    ref: 'c88abbbad455186e69e30296c595e474123e9bc1',
    commit: 'c88abbbad455186e69e30296c595e474123e9bc1',
    tagCommit: 'bde00654cd316fddb3dccfba3f5ac07039865429',
    serviceAccount: { defaultName: null, valuesKey: null },
    notes:
      'Same provenance as the karpenter chart: vendored from c88abbbad455186e69e30296c595e474123e9bc1 (release pipeline output; the tag v1.14.1 commit bde00654cd316fddb3dccfba3f5ac07039865429 has Chart.yaml version 1.13.0, values.yaml identical). ' +
      'Published as oci://public.ecr.aws/karpenter/karpenter-crd:1.14.1. Only value: additionalAnnotations {} (added to the CRDs). Templates the CRDs (nodepools, nodeclaims, nodeoverlays, ec2nodeclasses, capacitybuffers) so Helm upgrades them; install it before the karpenter chart (whose crds/ are then skipped with --skip-crds or already present). Creates no ServiceAccount. Install into the same namespace as karpenter (kube-system). No values.schema.json, no kubeVersion.',
  },
];

// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { mirrors: '/work/.mirror', src: {}, only: null, retrieved: null, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--mirrors') opts.mirrors = next();
    else if (a === '--src') {
      const v = next();
      const eq = v.indexOf('=');
      if (eq < 1) throw new Error(`--src expects owner/name=PATH, got ${v}`);
      opts.src[v.slice(0, eq)] = resolve(v.slice(eq + 1));
    } else if (a === '--only') opts.only = new Set(next().split(',').filter(Boolean));
    else if (a === '--retrieved') {
      opts.retrieved = next();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.retrieved)) throw new Error('--retrieved expects YYYY-MM-DD');
    } else if (a === '--check') opts.check = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 26).join('\n') + '\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

/** A source is {kind: 'git', gitDir} or {kind: 'dir', root}. */
function openSource(repo, opts) {
  const p = opts.src[repo] ?? join(opts.mirrors, repo.replace('/', '+'), 'repo');
  if (!existsSync(p)) throw new Error(`no source for ${repo}: ${p} does not exist (use --src ${repo}=PATH)`);
  if (statSync(p).isFile()) return { kind: 'file', file: p };
  if (existsSync(join(p, '.git'))) return { kind: 'git', gitDir: join(p, '.git') };
  if (existsSync(join(p, 'objects')) && existsSync(join(p, 'HEAD'))) return { kind: 'git', gitDir: p };
  return { kind: 'dir', root: p };
}

function git(src, args, encoding = 'utf8') {
  return execFileSync('git', ['--git-dir', src.gitDir, ...args], {
    encoding,
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function revParse(src, ref) {
  // refs/tags/ first: some mirrors have a branch and a tag of the same name, or a branch called HEAD.
  for (const r of [`refs/tags/${ref}`, ref]) {
    try {
      return git(src, ['rev-parse', '--verify', '--quiet', `${r}^{commit}`]).trim();
    } catch {
      /* try next */
    }
  }
  throw new Error(`ref ${ref} not found in ${src.gitDir}`);
}

/** Returns a Buffer, or null when the file does not exist at that ref. */
function readAt(src, commit, file) {
  if (src.kind === 'git') {
    try {
      git(src, ['cat-file', '-e', `${commit}:${file}`]);
    } catch {
      return null;
    }
    return git(src, ['cat-file', 'blob', `${commit}:${file}`], 'buffer');
  }
  const p = join(src.root, file);
  return existsSync(p) ? readFileSync(p) : null;
}

/** Minimal tar reader (ustar + pax/GNU long names), enough for `helm package` output. */
function untar(buf) {
  const files = new Map();
  let off = 0;
  let longName = null;
  let paxPath = null;
  const str = (b) => b.toString('utf8').replace(/\0.*$/s, '');
  while (off + 512 <= buf.length) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const size = parseInt(str(h.subarray(124, 136)).trim() || '0', 8);
    const type = String.fromCharCode(h[156] || 48);
    const prefix = str(h.subarray(345, 500));
    let name = str(h.subarray(0, 100));
    if (prefix) name = `${prefix}/${name}`;
    const body = buf.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = str(body);
      continue;
    }
    if (type === 'x') {
      for (const rec of body.toString('utf8').split('\n')) {
        const m = /^\d+ path=(.*)$/.exec(rec);
        if (m) paxPath = m[1];
      }
      continue;
    }
    if (type === 'g') continue;
    if (paxPath) name = paxPath;
    else if (longName) name = longName;
    paxPath = null;
    longName = null;
    if (type === '0' || type === '\0' || type === '7') files.set(name, Buffer.from(body));
  }
  return files;
}

function chartYamlScalars(text) {
  const out = {};
  for (const key of ['name', 'version', 'appVersion', 'kubeVersion']) {
    const m = new RegExp(`^${key}:[ \\t]*(.*)$`, 'm').exec(text);
    if (!m) continue;
    let v = m[1].replace(/\s+#.*$/, '').trim();
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
    out[key] = v;
  }
  return out;
}

const sha256 = (b) => createHash('sha256').update(b).digest('hex');

function collect(pin, opts) {
  let files; // Map of basename -> Buffer
  let commit = pin.commit;
  if (pin.archive) {
    const src = openSource(pin.archive.repo, opts);
    let tgz;
    if (src.kind === 'file') tgz = readFileSync(src.file);
    else {
      if (src.kind === 'git') {
        const c = revParse(src, pin.archive.ref);
        if (c !== pin.archive.ref) throw new Error(`${pin.dir}: archive ref resolved to ${c}`);
        const subject = git(src, ['log', '-1', '--format=%s', c]);
        if (!subject.includes(`${pin.tag}@${pin.commit}`))
          throw new Error(`${pin.dir}: ${pin.archive.repo}@${c} does not record ${pin.tag}@${pin.commit} ("${subject.trim()}")`);
      }
      tgz = readAt(src, pin.archive.ref, pin.archive.file);
      if (!tgz) throw new Error(`${pin.dir}: ${pin.archive.file} not found in ${pin.archive.repo}`);
    }
    const entries = untar(gunzipSync(tgz));
    const get = (f) => entries.get(`${pin.chart}/${f}`) ?? null;
    files = new Map([
      ['Chart.yaml', get('Chart.yaml')],
      ['values.yaml', get('values.yaml')],
      ['values.schema.json', get('values.schema.json')],
    ]);
  } else {
    const src = openSource(pin.sourceRepo, opts);
    const ref = pin.ref ?? pin.tag;
    if (src.kind === 'git') {
      commit = revParse(src, ref);
      if (pin.commit && commit !== pin.commit)
        throw new Error(`${pin.dir}: ${ref} resolves to ${commit}, pin says ${pin.commit} (update the pin if the move is intended)`);
      if (pin.tagCommit) {
        const t = revParse(src, pin.tag);
        if (t !== pin.tagCommit) throw new Error(`${pin.dir}: tag ${pin.tag} resolves to ${t}, pin says ${pin.tagCommit}`);
      }
    } else if (src.kind === 'file') {
      throw new Error(`${pin.dir}: --src for ${pin.sourceRepo} must be a directory or git repository`);
    }
    const at = (f) => readAt(src, commit, `${pin.path}/${f}`);
    files = new Map([
      ['Chart.yaml', at('Chart.yaml')],
      ['values.yaml', at('values.yaml')],
      ['values.schema.json', at('values.schema.json')],
    ]);
  }
  if (!files.get('Chart.yaml') || !files.get('values.yaml')) throw new Error(`${pin.dir}: Chart.yaml or values.yaml missing`);
  const meta = { ...chartYamlScalars(files.get('Chart.yaml').toString('utf8')), ...(pin.override ?? {}) };
  if (meta.name !== pin.chart) throw new Error(`${pin.dir}: Chart.yaml name is ${meta.name}, expected ${pin.chart}`);
  return { files, meta, commit };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const today = opts.retrieved ?? new Date().toISOString().slice(0, 10);
  const pins = PINS.filter((p) => !opts.only || opts.only.has(p.dir));
  if (opts.only) for (const d of opts.only) if (!PINS.some((p) => p.dir === d)) throw new Error(`unknown chart folder ${d}`);
  const rows = [];
  const diffs = [];
  const write = (rel, buf) => {
    const p = resolve(OUT, rel);
    if (!p.startsWith(OUT + sep)) throw new Error(`refusing to write outside ${OUT}: ${p}`);
    const old = existsSync(p) ? readFileSync(p) : null;
    if (old && old.equals(buf)) return false;
    diffs.push(rel);
    if (!opts.check) {
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, buf);
    }
    return true;
  };
  const remove = (rel) => {
    const p = resolve(OUT, rel);
    if (!p.startsWith(OUT + sep) || !existsSync(p)) return;
    diffs.push(`${rel} (stale)`);
    if (!opts.check) rmSync(p);
  };

  for (const pin of pins) {
    const { files, meta, commit } = collect(pin, opts);
    let changed = write(`${pin.dir}/values.yaml`, files.get('values.yaml'));
    const schema = files.get('values.schema.json');
    if (schema) changed = write(`${pin.dir}/values.schema.json`, schema) || changed;
    else remove(`${pin.dir}/values.schema.json`);

    const jsonPath = join(OUT, pin.dir, 'chart.json');
    const previous = existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, 'utf8')) : null;
    const record = {
      chart: pin.chart,
      repository: pin.repository,
      version: meta.version,
      appVersion: meta.appVersion ?? null,
      kubeVersion: meta.kubeVersion ?? null,
      sourceRepo: pin.sourceRepo,
      path: pin.path,
      tag: pin.tag,
      commit,
      retrieved: today,
      serviceAccount: pin.serviceAccount,
      notes: pin.notes,
    };
    const same = previous && JSON.stringify({ ...previous, retrieved: null }) === JSON.stringify({ ...record, retrieved: null });
    if (same && !changed) record.retrieved = previous.retrieved;
    write(`${pin.dir}/chart.json`, Buffer.from(JSON.stringify(record, null, 2) + '\n'));

    const values = files.get('values.yaml');
    rows.push(
      `| ${pin.dir} | \`${pin.repository}\` | ${record.version} | ${record.appVersion ?? '—'} | ${record.kubeVersion ? `\`${record.kubeVersion}\`` : '—'} | ${schema ? `yes (${schema.length} B)` : 'no'} | ${pin.serviceAccount.defaultName ?? '—'}${pin.serviceAccount.valuesKey ? ` (\`${pin.serviceAccount.valuesKey}\`)` : ''} | [${pin.sourceRepo}](https://github.com/${pin.sourceRepo}/tree/${pin.ref ?? pin.tag}/${pin.path}) \`${pin.tag}\` \`${commit.slice(0, 12)}\` | ${values.length} B, sha256 \`${sha256(values).slice(0, 16)}…\` |`,
    );
  }

  if (!opts.only) {
    const readme = join(OUT, 'README.md');
    if (existsSync(readme)) {
      const text = readFileSync(readme, 'utf8');
      const start = '<!-- charts-table:start -->';
      const end = '<!-- charts-table:end -->';
      const i = text.indexOf(start);
      const j = text.indexOf(end);
      if (i >= 0 && j > i) {
        const table = [
          '| Folder | Helm repository | Chart version | appVersion | kubeVersion | values.schema.json | ServiceAccount default (values key) | Source (tag, commit) | values.yaml |',
          '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
          ...rows,
        ].join('\n');
        write('README.md', Buffer.from(text.slice(0, i + start.length) + '\n' + table + '\n' + text.slice(j)));
      }
    }
  }

  if (opts.check) {
    if (diffs.length) {
      process.stderr.write(`out of date:\n  ${diffs.join('\n  ')}\n`);
      process.exit(1);
    }
    process.stdout.write(`all ${pins.length} charts up to date\n`);
  } else {
    process.stdout.write(diffs.length ? `updated:\n  ${diffs.join('\n  ')}\n` : 'nothing to update\n');
  }
}

main();
