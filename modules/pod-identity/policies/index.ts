/**
 * Least-privilege IAM policies for EKS Pod Identity roles, one pure function per workload, plus the
 * metadata a caller needs to associate the role with the right service account.
 */
export { awsLoadBalancerControllerPolicy } from './aws-load-balancer-controller';
export type { AwsLoadBalancerControllerPolicyOptions } from './aws-load-balancer-controller';
export { certManagerPolicy } from './cert-manager';
export type { CertManagerPolicyOptions } from './cert-manager';
export { cloudWatchObservabilityPolicy } from './cloudwatch-observability';
export type { CloudWatchObservabilityPolicyOptions } from './cloudwatch-observability';
export { EBS_CSI_CLUSTER_NAME_TAG, ebsCsiDriverPolicy } from './ebs-csi-driver';
export type { EbsCsiDriverPolicyOptions } from './ebs-csi-driver';
export { efsCsiDriverPolicy } from './efs-csi-driver';
export { externalDnsPolicy } from './external-dns';
export type { ExternalDnsPolicyOptions } from './external-dns';
export { externalSecretsPolicy } from './external-secrets';
export type { ExternalSecretsPolicyOptions } from './external-secrets';
export { veleroPolicy } from './velero';
export type { VeleroPolicyOptions } from './velero';
export { vpcCniPolicy } from './vpc-cni';
export type { VpcCniPolicyOptions } from './vpc-cni';
export type { PartitionOption } from './policy-options';

export interface PolicyCatalogueEntry {
  description: string;
  /** The document the policy's actions and conditions were taken from. */
  sourceUrl: string;
  /**
   * The service account the upstream chart or EKS add-on creates by default, for the Pod Identity
   * association. Charts that derive the name from the release assume the release is named as shown.
   */
  serviceAccount: { namespace: string; name: string };
}

export type PolicyName =
  | 'ebs-csi-driver'
  | 'efs-csi-driver'
  | 'aws-load-balancer-controller'
  | 'external-dns'
  | 'cert-manager'
  | 'external-secrets'
  | 'vpc-cni'
  | 'cloudwatch-observability'
  | 'velero';

export const policyCatalogue: Readonly<Record<PolicyName, PolicyCatalogueEntry>> = {
  'ebs-csi-driver': {
    description: 'Amazon EBS CSI driver controller: volumes, snapshots and nodes tagged ebs.csi.aws.com/cluster-name=<this cluster> only (AmazonEBSCSIDriverEKSClusterScopedPolicy; needs Pod Identity session tags).',
    sourceUrl: 'https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/v1.64.0/docs/AmazonEBSCSIDriverEKSClusterScopedPolicy.json',
    serviceAccount: { namespace: 'kube-system', name: 'ebs-csi-controller-sa' },
  },
  'efs-csi-driver': {
    description: 'Amazon EFS CSI driver controller: creates and deletes access points tagged efs.csi.aws.com/cluster=true.',
    sourceUrl: 'https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/v3.4.1/docs/iam-policy-example.json',
    serviceAccount: { namespace: 'kube-system', name: 'efs-csi-controller-sa' },
  },
  'aws-load-balancer-controller': {
    description: 'AWS Load Balancer Controller: manages ALBs/NLBs, target groups and security groups tagged elbv2.k8s.aws/cluster.',
    sourceUrl: 'https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v2.17.1/docs/install/iam_policy.json',
    // The chart names the account after the release; the install docs use this name in kube-system.
    serviceAccount: { namespace: 'kube-system', name: 'aws-load-balancer-controller' },
  },
  'external-dns': {
    description: 'external-dns (Route 53 provider): changes records in the given hosted zones only.',
    sourceUrl: 'https://github.com/kubernetes-sigs/external-dns/blob/v0.22.0/docs/tutorials/aws.md',
    serviceAccount: { namespace: 'external-dns', name: 'external-dns' },
  },
  'cert-manager': {
    description: 'cert-manager ACME DNS01 solver (Route 53): TXT records in the given hosted zones only.',
    sourceUrl: 'https://cert-manager.io/docs/configuration/acme/dns01/route53/',
    serviceAccount: { namespace: 'cert-manager', name: 'cert-manager' },
  },
  'external-secrets': {
    description: 'External Secrets Operator: reads the given Secrets Manager secrets and Parameter Store paths.',
    sourceUrl: 'https://github.com/external-secrets/external-secrets/blob/v2.9.0/docs/provider/aws-secrets-manager.md',
    serviceAccount: { namespace: 'external-secrets', name: 'external-secrets' },
  },
  'vpc-cni': {
    description: 'Amazon VPC CNI plugin, IPv4 mode (AmazonEKS_CNI_Policy v6, or upstream\'s per-cluster scope-down with ENI tagging scoped too).',
    sourceUrl: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEKS_CNI_Policy.html',
    serviceAccount: { namespace: 'kube-system', name: 'aws-node' },
  },
  'cloudwatch-observability': {
    description: 'Amazon CloudWatch Observability add-on agent: metrics, logs and traces (CloudWatchAgentServerPolicy).',
    sourceUrl: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudWatchAgentServerPolicy.html',
    serviceAccount: { namespace: 'amazon-cloudwatch', name: 'cloudwatch-agent' },
  },
  velero: {
    description: 'Velero with velero-plugin-for-aws: backups in the given S3 bucket, EBS snapshots optional.',
    sourceUrl: 'https://github.com/vmware-tanzu/velero-plugin-for-aws/blob/v1.13.2/README.md',
    // The vmware-tanzu chart names it "<release>-server"; `velero install` would create "velero".
    serviceAccount: { namespace: 'velero', name: 'velero-server' },
  },
};
