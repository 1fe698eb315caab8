import { EKS_SUPPORT_ENDS, SUPPORTED_KUBERNETES_VERSIONS, type KubernetesVersion } from '../addons/versions';

const DAY = 86_400_000;
/** How long before the end of standard support synthesis starts to warn. */
export const SUPPORT_WARNING_DAYS = 90;

/**
 * What a cluster's Kubernetes version means for support and cost on `today`, or undefined when
 * nothing needs saying. Past standard support, `STANDARD` lets EKS upgrade the control plane on its
 * own schedule and `EXTENDED` bills the extended-support rate ($0.60 instead of $0.10 per cluster-hour,
 * https://aws.amazon.com/eks/pricing/); dates come from the vendored EKS release calendar.
 */
export function supportWarning(version: KubernetesVersion, supportType: 'STANDARD' | 'EXTENDED', today: Date): string | undefined {
  const ends = EKS_SUPPORT_ENDS[version];
  const daysUntil = (iso: string) => Math.ceil((Date.parse(`${iso}T00:00:00Z`) - today.getTime()) / DAY);
  const next = SUPPORTED_KUBERNETES_VERSIONS.find((v) => Number(v.split('.')[1]) === Number(version.split('.')[1]) + 1);
  const upgrade = next ? `upgrade to ${next} (one minor per apply; npm run diff refuses larger jumps)` : 'upgrade to the next minor';
  const standardDays = daysUntil(ends.standard);
  if (standardDays <= 0) {
    return supportType === 'STANDARD'
      ? `Kubernetes ${version} left EKS standard support on ${ends.standard}: with upgradeSupportType STANDARD, EKS upgrades the control plane to the next minor on its own schedule; ${upgrade}, or set upgradeSupportType: EXTENDED (billed at the extended-support rate until ${ends.extended})`
      : `Kubernetes ${version} is in EKS extended support until ${ends.extended}, billed at $0.60 instead of $0.10 per cluster-hour; ${upgrade}`;
  }
  if (standardDays <= SUPPORT_WARNING_DAYS) {
    return `Kubernetes ${version} leaves EKS standard support on ${ends.standard}, in ${standardDays} day(s); ${upgrade} before then${supportType === 'EXTENDED' ? ', or extended support is billed from that date' : ', or EKS upgrades the control plane itself'}`;
  }
  return undefined;
}
