/**
 * Every pinned add-on build is one EKS offers for that Kubernetes minor, per the vendored
 * describe-addon-versions extract (modules/addons/upstream/eks/addon-versions.json, with its source
 * and date) or a later dated public observation (addon-versions-supplement.json). The support
 * calendar is the vendored AWS table, not a copy in code.
 */
import extract from '../../../modules/addons/upstream/eks/addon-versions.json';
import supplement from '../../../modules/addons/upstream/eks/addon-versions-supplement.json';
import calendar from '../../../modules/addons/upstream/eks/kubernetes-versions.json';
import { ADDON_VERSION_MATRIX, EKS_SUPPORT_ENDS, SUPPORTED_KUBERNETES_VERSIONS } from '../../../modules/addons/versions';

type Extract = Record<string, Record<string, { versions: string[]; default: string }>>;
const offered = (addon: string, minor: string): string[] => [
  ...((extract as unknown as Extract)[addon]?.[minor]?.versions ?? []),
  ...supplement.observations.filter((o) => o.addon === addon && o.kubernetesVersions.includes(minor)).map((o) => o.version),
];
// EBS CSI builds are offered on every supported minor alike (every build of the extract is); the
// supplement's 1.36 observation stands for all of them, as its note says.
const offeredAnyMinor = (addon: string): string[] => supplement.observations.filter((o) => o.addon === addon).map((o) => o.version);

describe('add-on pins against the vendored describe-addon-versions extract', () => {
  const pins = SUPPORTED_KUBERNETES_VERSIONS.flatMap((minor) => Object.entries(ADDON_VERSION_MATRIX[minor]).map(([addon, build]) => [minor, addon, build.version] as const));

  test.each(pins)('Kubernetes %s: %s %s is offered', (minor, addon, version) => {
    expect([...offered(addon, minor), ...(addon === 'aws-ebs-csi-driver' ? offeredAnyMinor(addon) : [])]).toContain(version);
  });

  test('every supported minor is in the EKS calendar, with the dates the code uses', () => {
    for (const minor of SUPPORTED_KUBERNETES_VERSIONS) {
      const row = (calendar.versions as Record<string, { endOfStandardSupport: string; endOfExtendedSupport: string }>)[minor];
      expect(EKS_SUPPORT_ENDS[minor]).toEqual({ standard: row.endOfStandardSupport, extended: row.endOfExtendedSupport });
    }
  });

  test('no supported minor has left extended support by the calendar copy date', () => {
    for (const minor of SUPPORTED_KUBERNETES_VERSIONS) expect(EKS_SUPPORT_ENDS[minor].extended > calendar.retrieved).toBe(true);
  });
});
