import {
  ADDON_VERSION_MATRIX,
  AMI_TYPES,
  type CoreAddonName,
  DEFAULT_KUBERNETES_VERSION,
  EKS_SUPPORT_ENDS,
  POD_IDENTITY_MIN_VERSION,
  SUPPORTED_KUBERNETES_VERSIONS,
  compareAddonVersions,
  parseAddonVersion,
} from '../../../modules/addons/versions';

const ADDONS: CoreAddonName[] = ['vpc-cni', 'coredns', 'kube-proxy', 'eks-pod-identity-agent', 'aws-ebs-csi-driver', 'aws-efs-csi-driver', 'amazon-cloudwatch-observability'];
const EKS_BUILD = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

describe('ADDON_VERSION_MATRIX', () => {
  it('has a row for exactly the supported versions, and only those', () => {
    expect(Object.keys(ADDON_VERSION_MATRIX).sort()).toEqual([...SUPPORTED_KUBERNETES_VERSIONS].sort());
  });

  it.each(SUPPORTED_KUBERNETES_VERSIONS)('pins every EKS add-on for %s', (k8s) => {
    expect(Object.keys(ADDON_VERSION_MATRIX[k8s]).sort()).toEqual([...ADDONS].sort());
  });

  it('uses exact EKS add-on version strings everywhere', () => {
    for (const k8s of SUPPORTED_KUBERNETES_VERSIONS) {
      for (const addon of ADDONS) {
        expect(ADDON_VERSION_MATRIX[k8s][addon].version).toMatch(EKS_BUILD);
      }
    }
  });

  it.each(SUPPORTED_KUBERNETES_VERSIONS)('pins a kube-proxy of the same minor as Kubernetes %s', (k8s) => {
    const [major, minor] = parseAddonVersion(ADDON_VERSION_MATRIX[k8s]['kube-proxy'].version);
    expect(`${major}.${minor}`).toBe(k8s);
  });

  it('never moves CoreDNS backwards as Kubernetes moves forwards', () => {
    const builds = SUPPORTED_KUBERNETES_VERSIONS.map((k8s) => ADDON_VERSION_MATRIX[k8s].coredns.version);
    for (let i = 1; i < builds.length; i++) expect(compareAddonVersions(builds[i], builds[i - 1])).toBeGreaterThanOrEqual(0);
  });

  it('shares one vpc-cni, pod identity agent and EBS CSI build across minors', () => {
    for (const addon of ['vpc-cni', 'eks-pod-identity-agent', 'aws-ebs-csi-driver'] as const) {
      const versions = new Set(SUPPORTED_KUBERNETES_VERSIONS.map((k8s) => ADDON_VERSION_MATRIX[k8s][addon].version));
      expect(versions.size).toBe(1);
    }
  });

  it('marks Pod Identity support only where EKS documents it, and at or above the documented minimum', () => {
    for (const k8s of SUPPORTED_KUBERNETES_VERSIONS) {
      const row = ADDON_VERSION_MATRIX[k8s];
      expect(row['vpc-cni'].supportsPodIdentity).toBe(true);
      expect(row['aws-ebs-csi-driver'].supportsPodIdentity).toBe(true);
      expect(row.coredns.supportsPodIdentity).toBe(false);
      expect(row['kube-proxy'].supportsPodIdentity).toBe(false);
      expect(row['eks-pod-identity-agent'].supportsPodIdentity).toBe(false);
      for (const addon of ['vpc-cni', 'aws-ebs-csi-driver'] as const) {
        expect(compareAddonVersions(row[addon].version, POD_IDENTITY_MIN_VERSION[addon]!)).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe('supported versions', () => {
  it('includes the default version', () => {
    expect(SUPPORTED_KUBERNETES_VERSIONS).toContain(DEFAULT_KUBERNETES_VERSION);
  });

  it('lists minors in ascending order without duplicates', () => {
    const minors = SUPPORTED_KUBERNETES_VERSIONS.map((v) => Number(v.split('.')[1]));
    expect(minors).toEqual([...new Set(minors)].sort((a, b) => a - b));
  });

  // A default that moves upgrades every cluster that relies on it at its next apply, so the default
  // changes only with a major version of the eks module; it must stay inside standard support.
  it('defaults to a version in standard support for at least 90 more days from the calendar copy', () => {
    const ends = new Date(`${EKS_SUPPORT_ENDS[DEFAULT_KUBERNETES_VERSION].standard}T00:00:00Z`).getTime();
    expect(ends - new Date('2026-12-01T00:00:00Z').getTime()).toBeGreaterThan(90 * 86_400_000);
    expect(SUPPORTED_KUBERNETES_VERSIONS).toContain(DEFAULT_KUBERNETES_VERSION);
  });
});

describe('compareAddonVersions', () => {
  it('compares numerically, not lexically', () => {
    expect(compareAddonVersions('v1.9.0-eksbuild.1', 'v1.10.0-eksbuild.1')).toBeLessThan(0);
    expect(compareAddonVersions('v1.3.10-eksbuild.3', 'v1.3.10-eksbuild.10')).toBeLessThan(0);
    expect(compareAddonVersions('v1.22.3-eksbuild.1', 'v1.22.3-eksbuild.1')).toBe(0);
  });

  it('rejects strings that are not EKS add-on versions', () => {
    expect(() => parseAddonVersion('1.22.3')).toThrow(/not an EKS add-on version/);
    expect(() => parseAddonVersion('v1.34.0-minimal-eksbuild.5')).toThrow(/not an EKS add-on version/);
  });
});

describe('AMI_TYPES', () => {
  it('names the standard AL2023 and Bottlerocket types as aws_eks_node_group spells them', () => {
    expect(AMI_TYPES.al2023.x86_64).toBe('AL2023_x86_64_STANDARD');
    expect(AMI_TYPES.al2023.arm64).toBe('AL2023_ARM_64_STANDARD');
    expect(AMI_TYPES.bottlerocket.x86_64).toBe('BOTTLEROCKET_x86_64');
    expect(AMI_TYPES.bottlerocket.arm64).toBe('BOTTLEROCKET_ARM_64');
  });

  it('offers no Amazon Linux 2 type', () => {
    const all = [...Object.values(AMI_TYPES.al2023), ...Object.values(AMI_TYPES.bottlerocket)];
    expect(all.filter((t) => t.startsWith('AL2_'))).toEqual([]);
    expect(new Set(all).size).toBe(all.length);
  });
});
