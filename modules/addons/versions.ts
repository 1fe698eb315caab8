/**
 * Pinned EKS managed add-on builds per Kubernetes minor, plus the node AMI types we support.
 *
 * Why pin at all: an `aws_eks_addon` without `addon_version` silently follows whatever EKS marks as
 * default, so a plan run on a different day can change a cluster's CNI. Pins make add-on upgrades a
 * reviewed diff. Refresh this table with
 *   aws eks describe-addon-versions --kubernetes-version <minor> --addon-name <name> \
 *     --query 'addons[].addonVersions[].addonVersion'
 * and update the source notes below when you do.
 */

import calendar from './upstream/eks/kubernetes-versions.json';

/**
 * Minors inside EKS support (standard or extended) that we have add-on pins for. 1.31 left extended
 * support on 2026-11-26 and is dropped.
 */
export type KubernetesVersion = '1.32' | '1.33' | '1.34' | '1.35' | '1.36';

export type CoreAddonName = 'vpc-cni' | 'coredns' | 'kube-proxy' | 'eks-pod-identity-agent' | 'aws-ebs-csi-driver' | 'aws-efs-csi-driver' | 'amazon-cloudwatch-observability';

export interface AddonBuild {
  /** Exact EKS add-on version string, e.g. "v1.19.2-eksbuild.1". */
  version: string;
  /** The add-on can take its AWS credentials from an EKS Pod Identity association. */
  supportsPodIdentity: boolean;
}

export const SUPPORTED_KUBERNETES_VERSIONS: readonly KubernetesVersion[] = ['1.32', '1.33', '1.34', '1.35', '1.36'];

/**
 * The version a cluster gets when its spec names none. It moves only with a major version of the
 * eks module: a moved default would upgrade every cluster relying on it at its next apply. (1.36 is
 * newer; specs should name their version, as the shipped ones do.)
 */
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = '1.35';

/**
 * EKS support windows (ISO dates, UTC): standard support is 14 months from EKS release, extended 12
 * more. Read from the vendored release calendar (upstream/eks/kubernetes-versions.json, with its
 * sources), not written here.
 */
export const EKS_SUPPORT_ENDS: Readonly<Record<KubernetesVersion, { standard: string; extended: string }>> = Object.fromEntries(
  SUPPORTED_KUBERNETES_VERSIONS.map((version) => {
    const row = (calendar.versions as Record<string, { endOfStandardSupport: string; endOfExtendedSupport: string }>)[version];
    return [version, { standard: row.endOfStandardSupport, extended: row.endOfExtendedSupport }];
  }),
) as Record<KubernetesVersion, { standard: string; extended: string }>;

/**
 * kube-proxy must match the cluster minor, so it is pinned per version.
 * Source: "kube-proxy versions" table, https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html
 * (newest stored copy: the ja_jp .md rendering, whose table already lists 1.31–1.36, i.e. mid-2026).
 */
const KUBE_PROXY: Record<KubernetesVersion, string> = {
  '1.32': 'v1.32.13-eksbuild.16',
  '1.33': 'v1.33.10-eksbuild.13',
  '1.34': 'v1.34.6-eksbuild.13',
  '1.35': 'v1.35.3-eksbuild.13',
  '1.36': 'v1.36.0-eksbuild.14',
};

/**
 * CoreDNS builds are grouped by minor (1.11 up to Kubernetes 1.32, 1.13 for 1.33-1.35, 1.14 for 1.36).
 * Source: "CoreDNS versions" table, https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html
 * (newest complete stored copy: https://docs.amazonaws.cn/zh_cn/eks/latest/userguide/managing-coredns.md, table 1.30–1.35, 2026);
 * every pin is checked against the describe-addon-versions extract in upstream/eks/addon-versions.json.
 */
const COREDNS: Record<KubernetesVersion, string> = {
  '1.32': 'v1.11.4-eksbuild.33',
  '1.33': 'v1.13.2-eksbuild.4',
  '1.34': 'v1.13.2-eksbuild.4',
  '1.35': 'v1.13.2-eksbuild.4',
  '1.36': 'v1.14.3-eksbuild.3',
};

/**
 * One build serves every supported minor for these three. The EKS docs copies we could read were
 * older than the builds below, so these are the `describe-addon-versions` defaults reported in public
 * change records of mid/late 2026:
 * - vpc-cni v1.22.3-eksbuild.1: https://github.com/ministryofjustice/cloud-platform-infrastructure/pull/4678 (2026-07-08);
 *   reference table: https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html
 * - aws-ebs-csi-driver v1.66.0-eksbuild.1 ("defaultVersion" for 1.36 on 2026-09-21):
 *   https://github.com/mitodl/ol-infrastructure/pull/5959
 * - eks-pod-identity-agent v1.3.10: made the default in all regions per
 *   https://github.com/aws/containers-roadmap/issues/2684 (2025-11-24); eksbuild.3 is the build seen as default in 2026.
 */
const SHARED: Record<'vpc-cni' | 'eks-pod-identity-agent' | 'aws-ebs-csi-driver' | 'aws-efs-csi-driver' | 'amazon-cloudwatch-observability', string> = {
  'vpc-cni': 'v1.22.3-eksbuild.1',
  'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
  'aws-ebs-csi-driver': 'v1.66.0-eksbuild.1',
  // The describe-addon-versions default for every minor 1.32-1.36 in the vendored extract.
  'aws-efs-csi-driver': 'v3.4.1-eksbuild.1',
  'amazon-cloudwatch-observability': 'v6.5.0-eksbuild.1',
};

/**
 * First builds that accept an EKS Pod Identity association ("Pod Identity Support Reference" table,
 * https://docs.aws.amazon.com/eks/latest/userguide/add-ons-iam.html; awsdocs/amazon-eks-user-guide
 * latest/ug/workloads/add-ons-iam.adoc @ 4d52b4d, 2024-12-18). The other three core add-ons call no AWS
 * API of their own (coredns, kube-proxy) or are the agent itself, so they never get one.
 */
export const POD_IDENTITY_MIN_VERSION: Partial<Record<CoreAddonName, string>> = {
  'vpc-cni': 'v1.15.5-eksbuild.1',
  'aws-ebs-csi-driver': 'v1.26.0-eksbuild.1',
  // Not in the table copy above; the pinned builds are the oldest we verified take an association
  // (their vendored configuration schemas are from builds released with Pod Identity support).
  'aws-efs-csi-driver': 'v3.4.1-eksbuild.1',
  'amazon-cloudwatch-observability': 'v6.5.0-eksbuild.1',
};

/** Splits "v1.22.3-eksbuild.1" into [1, 22, 3, 1] so builds compare numerically, not as strings. */
export function parseAddonVersion(version: string): [number, number, number, number] {
  const match = /^v(\d+)\.(\d+)\.(\d+)-eksbuild\.(\d+)$/.exec(version);
  if (!match) throw new Error(`"${version}" is not an EKS add-on version (expected vX.Y.Z-eksbuild.N)`);
  return [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])];
}

/** Negative when a < b, zero when equal, positive when a > b. */
export function compareAddonVersions(a: string, b: string): number {
  const left = parseAddonVersion(a);
  const right = parseAddonVersion(b);
  for (let i = 0; i < left.length; i++) {
    if (left[i] !== right[i]) return left[i] - right[i];
  }
  return 0;
}

function build(addon: CoreAddonName, version: string): AddonBuild {
  const minimum = POD_IDENTITY_MIN_VERSION[addon];
  return { version, supportsPodIdentity: minimum !== undefined && compareAddonVersions(version, minimum) >= 0 };
}

function row(k8s: KubernetesVersion): Record<CoreAddonName, AddonBuild> {
  return {
    'vpc-cni': build('vpc-cni', SHARED['vpc-cni']),
    coredns: build('coredns', COREDNS[k8s]),
    'kube-proxy': build('kube-proxy', KUBE_PROXY[k8s]),
    'eks-pod-identity-agent': build('eks-pod-identity-agent', SHARED['eks-pod-identity-agent']),
    'aws-ebs-csi-driver': build('aws-ebs-csi-driver', SHARED['aws-ebs-csi-driver']),
    'aws-efs-csi-driver': build('aws-efs-csi-driver', SHARED['aws-efs-csi-driver']),
    'amazon-cloudwatch-observability': build('amazon-cloudwatch-observability', SHARED['amazon-cloudwatch-observability']),
  };
}

export const ADDON_VERSION_MATRIX: Record<KubernetesVersion, Record<CoreAddonName, AddonBuild>> = {
  '1.32': row('1.32'),
  '1.33': row('1.33'),
  '1.34': row('1.34'),
  '1.35': row('1.35'),
  '1.36': row('1.36'),
};

/**
 * `aws_eks_node_group.ami_type` values for the node OSes we support, exactly as the EKS API spells
 * them (note the lower-case "x86_64"). Source: EKS API `AMITypes` enum (CreateNodegroup amiType),
 * as generated in @aws-sdk/client-eks. AL2 is deliberately absent: AL2 EKS AMIs reached end of support
 * on 2025-11-26 (https://github.com/awslabs/amazon-eks-ami/issues/2545).
 */
export const AMI_TYPES = {
  al2023: {
    x86_64: 'AL2023_x86_64_STANDARD',
    arm64: 'AL2023_ARM_64_STANDARD',
    nvidiaX86_64: 'AL2023_x86_64_NVIDIA',
    nvidiaArm64: 'AL2023_ARM_64_NVIDIA',
    neuronX86_64: 'AL2023_x86_64_NEURON',
  },
  bottlerocket: {
    x86_64: 'BOTTLEROCKET_x86_64',
    arm64: 'BOTTLEROCKET_ARM_64',
    fipsX86_64: 'BOTTLEROCKET_x86_64_FIPS',
    fipsArm64: 'BOTTLEROCKET_ARM_64_FIPS',
    nvidiaX86_64: 'BOTTLEROCKET_x86_64_NVIDIA',
    nvidiaArm64: 'BOTTLEROCKET_ARM_64_NVIDIA',
  },
} as const;

type ValueOf<T> = T[keyof T];
export type AmiType = ValueOf<(typeof AMI_TYPES)['al2023']> | ValueOf<(typeof AMI_TYPES)['bottlerocket']>;
