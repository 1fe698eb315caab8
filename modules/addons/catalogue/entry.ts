import { ADDON_VERSION_MATRIX, type CoreAddonName } from '../versions';

/** AWS resources a controller creates for workloads: it must outlive the workloads that asked for them. */
export type AwsResourceKind = 'load balancers' | 'DNS records' | 'volumes' | 'file system access points' | 'backups and snapshots';

/**
 * Controllers that create AWS resources for Kubernetes objects. Every other Helm add-on is installed
 * after them and so destroyed before them: their webhooks are up before anything creates a Service,
 * and on teardown the workloads go first, while the controllers still run to delete the load
 * balancers and records they made (a destroy otherwise stops on DependencyViolation).
 */
export const AWS_RESOURCE_CONTROLLERS = ['aws-load-balancer-controller', 'external-dns'] as const;

/** What the catalogue shows of an add-on, whatever installs it. */
export interface AddonCatalogueEntry {
  readonly kind: 'eks' | 'helm';
  /** EKS add-on name, or the Helm chart. */
  readonly package: string;
  /** Chart version, or the EKS builds pinned per Kubernetes minor. */
  readonly version: string;
  readonly repository?: string;
  readonly namespace: string;
  readonly serviceAccount?: string;
  /** The Pod Identity catalogue policy its role gets. */
  readonly iam?: string;
  /** Runs on the system node group (tolerating its taint) or on any node. */
  readonly placement: 'system' | 'any';
  readonly provides: readonly AwsResourceKind[];
  /** What the description of this add-on's source says, for the generated docs. */
  readonly source?: string;
}

/** Entries are computed when asked for: reading a chart's facts at import would slow every synth. */
const catalogue = new Map<string, () => AddonCatalogueEntry>();

/** The add-on metadata of a registered module, or undefined for other modules. */
export function addonEntry(moduleName: string): AddonCatalogueEntry | undefined {
  return catalogue.get(moduleName)?.();
}

export function registerAddonEntry(moduleName: string, entry: () => AddonCatalogueEntry): void {
  catalogue.set(moduleName, entry);
}

/** The catalogue entry of an EKS add-on: its builds pinned across the supported Kubernetes minors. */
export function eksAddonEntry(addon: CoreAddonName, entry: Omit<AddonCatalogueEntry, 'kind' | 'package' | 'version'>): AddonCatalogueEntry {
  const builds = [...new Set(Object.values(ADDON_VERSION_MATRIX).map((row) => row[addon].version))];
  return { kind: 'eks', package: addon, version: builds.join(', '), ...entry };
}
