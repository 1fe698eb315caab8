import { Construct } from 'constructs';
import { assertAccessCoverage, NodeAccessEntry } from '../eks/access';
import { NODE_ROLE_POLICIES, nodeTrustPolicy, ServiceRole } from '../eks/iam';
import { boundedName, IAM_ROLE_NAME_MAX } from '../eks/naming';
import type { EksOutputs } from '../eks/outputs';
import { PodIdentityRole } from '../pod-identity/role';
import type { EnvironmentContext } from '../registry/module';
import { karpenterControllerPolicy } from './controller-policy';
import { KARPENTER_SERVICE_ACCOUNT } from './props';

export interface KarpenterIamProps {
  readonly eks: EksOutputs;
  readonly environment: EnvironmentContext;
  readonly namespace: string;
  readonly interruptionQueueArn: string;
}

/**
 * Karpenter's two identities:
 * - the node role its instances run as: EC2 trust, the same managed policies as our managed node
 *   groups (worker node, ECR pull-only, SSM; no CNI policy: vpc-cni has its own role through Pod
 *   Identity), and an EC2_LINUX access entry so the nodes can join (authentication mode API has no
 *   aws-auth ConfigMap). No aws_iam_instance_profile: Karpenter v1 creates the instance profile from
 *   EC2NodeClass.spec.role itself (https://karpenter.sh/v1.14/concepts/nodeclasses/#specrole), which
 *   is why the controller policy may create, tag and delete instance profiles of this cluster.
 * - the controller role, through Pod Identity for kube-system/karpenter (or the chosen namespace),
 *   with the upstream controller policy inline; its iam:PassRole names this node role only.
 */
export class KarpenterIam extends Construct {
  readonly nodeRole: ServiceRole;
  readonly nodeRoleName: string;
  readonly nodeAccess: NodeAccessEntry;
  readonly controllerRole: PodIdentityRole;

  constructor(scope: Construct, id: string, props: KarpenterIamProps) {
    super(scope, id);
    const { eks, environment } = props;
    this.nodeRoleName = boundedName(eks.clusterName, 'karpenter-node', IAM_ROLE_NAME_MAX);
    this.nodeRole = new ServiceRole(this, 'node-role', environment, {
      name: this.nodeRoleName,
      description: `Nodes Karpenter launches for EKS cluster ${eks.clusterName}`,
      trust: nodeTrustPolicy(),
      managedPolicies: NODE_ROLE_POLICIES,
    });
    this.nodeAccess = new NodeAccessEntry(this, 'node-access', {
      clusterName: eks.clusterName,
      partition: environment.partition,
      roleArn: this.nodeRole.role.arn,
      type: 'EC2_LINUX',
    });
    // Same guard as the eks module's: a node role without an entry of the right type never joins.
    assertAccessCoverage(
      [{ roleName: this.nodeRoleName, usedBy: 'Karpenter nodes', requiredType: 'EC2_LINUX' }],
      [{ roleName: this.nodeRoleName, type: 'EC2_LINUX', source: 'explicit' }],
    );

    this.controllerRole = new PodIdentityRole(this, 'controller', {
      clusterName: eks.clusterName,
      clusterArn: eks.clusterArn,
      namespace: props.namespace,
      serviceAccount: KARPENTER_SERVICE_ACCOUNT,
      roleName: boundedName(eks.clusterName, 'karpenter-controller', IAM_ROLE_NAME_MAX),
      policy: karpenterControllerPolicy({
        partition: environment.partition,
        region: environment.region,
        accountId: environment.accountId,
        clusterName: eks.clusterName,
        interruptionQueueArn: props.interruptionQueueArn,
        nodeRoleArn: this.nodeRole.role.arn,
      }),
      description: `Karpenter controller (${props.namespace}/${KARPENTER_SERVICE_ACCOUNT}) on cluster ${eks.clusterName}`,
    });
  }
}
