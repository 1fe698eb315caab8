// Importing this folder registers the add-on catalogue: the Helm chart add-ons (platform stack) and
// the EKS add-ons beyond the five core ones (cluster stack).
import '../aws-load-balancer-controller';
import '../external-dns';
import '../cert-manager';
import '../metrics-server';
import '../external-secrets';
import '../cluster-proportional-autoscaler';
import '../cilium';
import '../falco';
import '../opencost';
import '../velero';
import '../aws-efs-csi-driver';
import '../amazon-cloudwatch-observability';

export { defineHelmAddon, helmAddonShape, type HelmAddonDescriptor, type HelmAddonOutputs } from './define';
export { addonEntry, AWS_RESOURCE_CONTROLLERS, eksAddonEntry, registerAddonEntry, type AddonCatalogueEntry, type AwsResourceKind } from './entry';
export { chartFacts, type ChartFacts } from './charts';
export { chartValueProblems, mergeValues } from './values';
