import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentContext } from '../registry/module';
import { EncryptionKey, logsKeyStatement } from '../shared/kms';
import { clusterRolePolicies, clusterTrustPolicy, secretsEncryptionPolicy, ServiceRole } from './iam';
import { boundedName, IAM_ROLE_NAME_MAX } from './naming';
import type { EksInputs } from './props';

/** Auto Mode's built-in node pools: https://docs.aws.amazon.com/eks/latest/userguide/create-node-pool.html */
export const AUTO_MODE_NODE_POOLS = ['general-purpose', 'system'];

export interface ControlPlaneProps {
  readonly clusterName: string;
  readonly inputs: EksInputs;
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
  /** Auto Mode's node role (compute_config.node_role_arn); required in auto mode. */
  readonly autoNodeRoleArn?: string;
  /** Resources the cluster must wait for (security group rules, so first nodes can reach the API). */
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * The EKS control plane: its IAM role, the secrets key, the control-plane log group (created by us
 * so it has retention and KMS; EKS would otherwise create it on first log, kept forever) and the
 * cluster itself, with every replacement-forcing attribute written out.
 */
export class ControlPlane extends Construct {
  readonly cluster: EksCluster;
  readonly role: ServiceRole;
  /** The cluster role's name, a plain string known at synth (safe to pass across stacks). */
  readonly roleName: string;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, environment: EnvironmentContext, props: ControlPlaneProps) {
    super(scope, id);
    const { clusterName, inputs } = props;
    const autoMode = inputs.computeMode === 'auto';

    const secretsKeyArn =
      inputs.secretsKmsKeyArn ??
      new EncryptionKey(this, 'secrets-key', environment, { alias: `${clusterName}/eks-secrets`, description: `Envelope encryption of the Kubernetes secrets of EKS cluster ${clusterName}`, serviceStatements: [] }).arn;

    const logGroupName = `/aws/eks/${clusterName}/cluster`;
    const logKeyArn =
      inputs.logKmsKeyArn ??
      new EncryptionKey(this, 'logs-key', environment, { alias: `${clusterName}/eks-logs`, description: `Encrypts the control-plane logs of EKS cluster ${clusterName}`, serviceStatements: [logsKeyStatement(environment, logGroupName)] }).arn;
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', { name: logGroupName, retentionInDays: inputs.logRetentionDays, kmsKeyId: logKeyArn });

    this.roleName = boundedName(clusterName, 'eks-cluster', IAM_ROLE_NAME_MAX);
    this.role = new ServiceRole(this, 'role', environment, {
      name: this.roleName,
      description: `EKS control plane of ${clusterName}`,
      trust: clusterTrustPolicy(),
      managedPolicies: clusterRolePolicies(autoMode),
      inlinePolicies: { 'encrypt-secrets': secretsEncryptionPolicy(secretsKeyArn) },
    });

    if (autoMode && !props.autoNodeRoleArn) throw new Error('auto mode needs a node role');
    this.cluster = new EksCluster(this, 'cluster', {
      name: clusterName,
      version: inputs.kubernetesVersion,
      roleArn: this.role.role.arn,
      // Changing either of these two replaces the cluster (terraform-aws-modules/eks#3148), so they
      // are always written: false because the core add-ons are installed as EKS managed add-ons.
      bootstrapSelfManagedAddons: false,
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: inputs.clusterCreatorAdmin },
      deletionProtection: inputs.deletionProtection,
      upgradePolicy: { supportType: inputs.upgradeSupportType },
      vpcConfig: {
        subnetIds: props.subnetIds,
        securityGroupIds: props.securityGroupIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: inputs.endpointPublicAccess,
        publicAccessCidrs: inputs.endpointPublicAccess ? inputs.publicAccessCidrs : undefined,
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: secretsKeyArn } },
      enabledClusterLogTypes: inputs.controlPlaneLogTypes,
      // Auto Mode: the provider requires compute, load balancing and block storage to be enabled together
      // (https://registry.terraform.io/providers/hashicorp/aws/6.25.0/docs/resources/eks_cluster#compute_config).
      ...(autoMode
        ? {
            computeConfig: { enabled: true, nodePools: AUTO_MODE_NODE_POOLS, nodeRoleArn: props.autoNodeRoleArn },
            kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
            storageConfig: { blockStorage: { enabled: true } },
          }
        : {}),
      dependsOn: [this.logGroup, ...this.role.grants, ...props.dependsOn],
      // Both force a new cluster (provider schema: ForceNew) and only matter at creation, so a later
      // edit is ignored rather than replacing the cluster (as terraform-aws-modules/eks does).
      lifecycle: { ignoreChanges: ['access_config[0].bootstrap_cluster_creator_admin_permissions', 'bootstrap_self_managed_addons'] },
    });
  }
}
