import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { Construct } from 'constructs';
import { InputProblems, type InputProblem } from '../registry/errors';
import { principalId } from './naming';

/**
 * Access policies EKS defines (https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html).
 * Their ARNs have no region or account: `arn:<partition>:eks::aws:cluster-access-policy/<name>`.
 */
export type AccessPolicyName = 'AmazonEKSClusterAdminPolicy' | 'AmazonEKSAdminPolicy' | 'AmazonEKSEditPolicy' | 'AmazonEKSViewPolicy' | 'AmazonEKSAutoNodePolicy';

export function accessPolicyArn(partition: string, policy: AccessPolicyName): string {
  return `arn:${partition}:eks::aws:cluster-access-policy/${policy}`;
}

/**
 * Access entry types for roles that run nodes (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html):
 * EC2_LINUX / EC2_WINDOWS for self-managed nodes (Karpenter's included), FARGATE_LINUX for Fargate,
 * EC2 for Auto Mode nodes (with the AmazonEKSAutoNodePolicy association).
 */
export type NodeAccessType = 'EC2_LINUX' | 'EC2_WINDOWS' | 'FARGATE_LINUX' | 'EC2';

export interface UserAccessProps {
  readonly clusterName: string;
  readonly partition: string;
  readonly admins: readonly string[];
  readonly viewers: readonly string[];
}

/**
 * STANDARD access entries for people and pipelines, each with one cluster-wide access policy. The
 * construct id comes from the ARN, so reordering the lists never replaces an entry.
 */
export class UserAccess extends Construct {
  readonly entries: EksAccessEntry[] = [];

  constructor(scope: Construct, id: string, props: UserAccessProps) {
    super(scope, id);
    const grant = (kind: string, arn: string, policy: AccessPolicyName) => {
      const entryId = `${kind}-${principalId(arn)}`;
      const entry = new EksAccessEntry(this, entryId, { clusterName: props.clusterName, principalArn: arn, type: 'STANDARD' });
      new EksAccessPolicyAssociation(this, `${entryId}-policy`, {
        clusterName: props.clusterName,
        // The entry's own attribute, so the association waits for the entry.
        principalArn: entry.principalArn,
        policyArn: accessPolicyArn(props.partition, policy),
        accessScope: { type: 'cluster' },
      });
      this.entries.push(entry);
    };
    for (const arn of props.admins) grant('admin', arn, 'AmazonEKSClusterAdminPolicy');
    for (const arn of props.viewers) grant('viewer', arn, 'AmazonEKSViewPolicy');
  }
}

export interface NodeAccessEntryProps {
  readonly clusterName: string;
  readonly partition: string;
  readonly roleArn: string;
  readonly type: NodeAccessType;
}

/**
 * An explicit access entry for a role whose nodes EKS does not manage (Karpenter, self-managed
 * groups, Auto Mode NodeClasses with their own role). Node types take no access policy, except EC2
 * (Auto Mode), which needs AmazonEKSAutoNodePolicy
 * (https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html).
 */
export class NodeAccessEntry extends Construct {
  readonly entry: EksAccessEntry;

  constructor(scope: Construct, id: string, props: NodeAccessEntryProps) {
    super(scope, id);
    this.entry = new EksAccessEntry(this, 'entry', { clusterName: props.clusterName, principalArn: props.roleArn, type: props.type });
    if (props.type === 'EC2') {
      new EksAccessPolicyAssociation(this, 'auto-node-policy', {
        clusterName: props.clusterName,
        principalArn: this.entry.principalArn,
        policyArn: accessPolicyArn(props.partition, 'AmazonEKSAutoNodePolicy'),
        accessScope: { type: 'cluster' },
      });
    }
  }
}

/** A role that runs nodes, and the access entry type its nodes need to join. */
export interface NodeRoleUse {
  /** The role's name (a plain string known at synth time). */
  readonly roleName: string;
  /** What runs with it, for messages: `managed node group "system"`, `Karpenter nodes`. */
  readonly usedBy: string;
  readonly requiredType: NodeAccessType;
}

/** Where a node role's access entry comes from. */
export interface NodeAccessGrant {
  readonly roleName: string;
  readonly type: NodeAccessType;
  /**
   * `explicit`: a NodeAccessEntry in our code. `eks-managed`: EKS creates it itself when the role is
   * given to a managed node group, a Fargate profile or Auto Mode's compute_config; creating it
   * again fails with ResourceInUseException (409), so we must not
   * (https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html: "It's unnecessary to
   * create an access entry for an IAM role that's used for a managed node group or a Fargate profile";
   * https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html: "EKS automatically creates an
   * Access Entry for the Node IAM Role during cluster creation").
   */
  readonly source: 'explicit' | 'eks-managed';
}

/**
 * Checks at build time that every role that runs nodes has an access entry of the right type. In
 * authentication mode API there is no aws-auth ConfigMap to fall back on: a node whose role has no
 * entry never joins, and nothing fails until the instances are up. Throws InputProblems naming the
 * role and the fix.
 */
export function assertAccessCoverage(roles: readonly NodeRoleUse[], grants: readonly NodeAccessGrant[]): void {
  const problems: InputProblem[] = [];
  for (const use of roles) {
    const grant = grants.find((g) => g.roleName === use.roleName);
    if (!grant) {
      problems.push({
        path: [],
        message: `IAM role "${use.roleName}" (${use.usedBy}) has no access entry, so its nodes could not join the cluster (authentication mode API has no aws-auth ConfigMap); create a NodeAccessEntry of type ${use.requiredType} for it (modules/eks/access.ts)`,
      });
    } else if (grant.type !== use.requiredType) {
      problems.push({ path: [], message: `IAM role "${use.roleName}" (${use.usedBy}) has an access entry of type ${grant.type}, but its nodes need ${use.requiredType}; the type cannot change after creation, so replace the entry` });
    }
  }
  if (problems.length) throw new InputProblems(problems);
}
