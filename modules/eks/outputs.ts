import type { ITerraformDependable } from 'cdktf';

/**
 * What the `eks` module gives the modules that depend on it (add-ons, Pod Identity, Karpenter).
 * Values are Terraform references (tokens) unless stated otherwise.
 */
export interface EksOutputs {
  /** Cluster name: a plain string known at synth time (safe to pass across stacks). */
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly clusterEndpoint: string;
  /** Base64 PEM of the cluster CA. */
  readonly clusterCertificateAuthorityData: string;
  /** OIDC issuer URL (for IRSA users; Pod Identity needs none). */
  readonly oidcIssuerUrl: string;
  /** Kubernetes minor version, plain string, e.g. "1.33". */
  readonly kubernetesVersion: string;
  /** Security group EKS creates for the control plane ENIs and managed nodes. */
  readonly clusterSecurityGroupId: string;
  /** Security group our node launch templates attach (Karpenter discovers it by tag). */
  readonly nodeSecurityGroupId: string;
  /** The cluster IAM role's name, a plain string (Auto Mode creates volumes with this role). */
  readonly clusterRoleName: string;
  /** IAM role of the managed node groups. */
  readonly nodeRoleArn: string;
  readonly nodeRoleName: string;
  /**
   * Makes every compute resource (node groups, Fargate profiles) wait for `dependency`: EKS
   * add-ons that must exist before the first node joins (vpc-cni, kube-proxy, eks-pod-identity-agent)
   * register here, so nodes never start with the wrong max-pods.
   */
  addComputeDependency(dependency: ITerraformDependable): void;
  /** `auto` when EKS Auto Mode runs the nodes (it brings its own CNI, kube-proxy, EBS driver, Pod Identity agent). */
  readonly computeMode: 'node-groups' | 'auto';
  /** Whether the account's Spot service-linked role is created here or declared to exist. */
  readonly spotServiceLinkedRole?: 'create' | 'exists';
  /** How many managed node groups the cluster has (EC2 nodes that need the node add-ons). */
  readonly managedNodeGroupCount: number;
  /** The compute resources, for add-ons that must come after compute (coredns, ebs-csi). */
  readonly computeResources: readonly ITerraformDependable[];
  /** The cluster resource itself, for resources that must wait for it. */
  readonly cluster: ITerraformDependable;
}
