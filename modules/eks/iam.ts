import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import type { EnvironmentContext } from '../registry/module';
import { policyDocument, renderPolicy, type PolicyDocument, type TrustPolicyDocument } from '../shared/iam-policy';

/**
 * AWS managed policies of the cluster role. Standard clusters need AmazonEKSClusterPolicy
 * (https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html); Auto Mode adds the four
 * capability policies (https://docs.aws.amazon.com/eks/latest/userguide/auto-cluster-iam-role.html).
 */
export function clusterRolePolicies(autoMode: boolean): string[] {
  return autoMode ? ['AmazonEKSClusterPolicy', 'AmazonEKSComputePolicy', 'AmazonEKSBlockStoragePolicy', 'AmazonEKSLoadBalancingPolicy', 'AmazonEKSNetworkingPolicy'] : ['AmazonEKSClusterPolicy'];
}

/**
 * Managed node group role (https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html):
 * kubelet's EC2 describes and Pod Identity agent (WorkerNode), image pulls (PullOnly), Session
 * Manager instead of SSH. No AmazonEKS_CNI_Policy: the VPC CNI gets its own role through Pod
 * Identity, which the same page recommends over putting it on the node.
 */
export const NODE_ROLE_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonSSMManagedInstanceCore'];

/** Auto Mode node role: https://docs.aws.amazon.com/eks/latest/userguide/auto-create-node-role.html */
export const AUTO_NODE_ROLE_POLICIES = ['AmazonEKSWorkerNodeMinimalPolicy', 'AmazonEC2ContainerRegistryPullOnly'];

/** Fargate pod execution role: https://docs.aws.amazon.com/eks/latest/userguide/pod-execution-role.html */
export const FARGATE_ROLE_POLICIES = ['AmazonEKSFargatePodExecutionRolePolicy'];

/** The cluster role's trust: EKS only; TagSession as the Auto Mode page shows it (harmless without). */
export function clusterTrustPolicy(): TrustPolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Sid: 'EksControlPlane', Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] };
}

/** Node roles (managed node groups and Auto Mode nodes) are assumed by EC2 instances. */
export function nodeTrustPolicy(): TrustPolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Sid: 'Ec2Instances', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: ['sts:AssumeRole'] }] };
}

/**
 * Fargate's pod execution role, limited to this cluster's Fargate profiles (confused-deputy
 * protection as https://docs.aws.amazon.com/eks/latest/userguide/pod-execution-role.html shows it).
 */
export function fargateTrustPolicy(environment: EnvironmentContext, clusterName: string): TrustPolicyDocument {
  const { partition, region, accountId } = environment;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'FargateProfilesOfThisCluster',
        Effect: 'Allow',
        Principal: { Service: 'eks-fargate-pods.amazonaws.com' },
        Action: ['sts:AssumeRole'],
        Condition: { ArnLike: { 'aws:SourceArn': `arn:${partition}:eks:${region}:${accountId}:fargateprofile/${clusterName}/*` } },
      },
    ],
  };
}

/**
 * What the cluster role needs on the secrets key (the key policy delegates to IAM). Same actions as
 * terraform-aws-modules/eks `cluster_encryption` policy; https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html
 */
export function secretsEncryptionPolicy(keyArn: string): PolicyDocument {
  return policyDocument([{ Sid: 'EnvelopeEncryptSecrets', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], Resource: [keyArn] }]);
}

export interface ServiceRoleProps {
  readonly name: string;
  readonly description: string;
  readonly trust: TrustPolicyDocument;
  /** AWS managed policy names (not ARNs); attached one resource each so changes are one-line diffs. */
  readonly managedPolicies: readonly string[];
  /** Inline policies by name. */
  readonly inlinePolicies?: Readonly<Record<string, PolicyDocument>>;
}

/** An IAM role with its policies; `grants` lets dependents wait until the role can act. */
export class ServiceRole extends Construct {
  readonly role: IamRole;
  /** Managed policy attachments and inline policies. */
  readonly grants: (IamRolePolicyAttachment | IamRolePolicy)[] = [];

  constructor(scope: Construct, id: string, environment: EnvironmentContext, props: ServiceRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', { name: props.name, description: props.description, assumeRolePolicy: renderPolicy(props.trust), forceDetachPolicies: true });
    for (const policy of props.managedPolicies) {
      this.grants.push(new IamRolePolicyAttachment(this, `policy-${policy}`, { role: this.role.name, policyArn: `arn:${environment.partition}:iam::aws:policy/${policy}` }));
    }
    for (const [name, document] of Object.entries(props.inlinePolicies ?? {})) {
      this.grants.push(new IamRolePolicy(this, `inline-${name}`, { name, role: this.role.name, policy: renderPolicy(document) }));
    }
  }
}
