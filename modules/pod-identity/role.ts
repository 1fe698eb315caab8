import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { renderPolicy, type PolicyDocument, type TrustPolicyDocument } from '../shared/iam-policy';

/** The service principal EKS Pod Identity assumes roles as. */
export const POD_IDENTITY_SERVICE_PRINCIPAL = 'pods.eks.amazonaws.com';

/**
 * IAM caps all inline policies of one role at 10,240 characters together (whitespace excluded);
 * a managed policy at 6,144. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
export const INLINE_POLICY_MAX_CHARS = 10_240;

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** The construct id of a managed policy attachment: the ARN after the account (`aws:policy/ReadOnlyAccess`). */
export function managedPolicyConstructId(policyArn: string): string {
  return `managed-policy:${Token.isUnresolved(policyArn) ? policyArn : policyArn.split(':').slice(4).join(':').replace(/\//g, '.')}`;
}

export interface PodIdentityTrustOptions {
  /** ARN of the cluster whose associations may assume the role. */
  readonly clusterArn: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

/**
 * The trust policy of a Pod Identity role, confined to one service account of one cluster.
 *
 * The EKS User Guide ("Create IAM role with trust policy required by EKS Pod Identity", pod-id-role)
 * documents `sts:AssumeRole` + `sts:TagSession` for `pods.eks.amazonaws.com` and, to restrict who may
 * assume the role, conditions on the session tags Pod Identity sends (`eks-cluster-arn`,
 * `eks-cluster-name`, `kubernetes-namespace`, `kubernetes-service-account`, ...). It documents no
 * `aws:SourceAccount` / `aws:SourceArn` keys for this principal, so none are used: a condition on a
 * key the service does not send would fail every AssumeRole and leave the pods without credentials.
 * Without the tag conditions, any association in the account naming this role could use it.
 * Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-id-role.adoc.
 */
export function podIdentityTrustPolicy(options: PodIdentityTrustOptions): TrustPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowEksPodIdentityForOneServiceAccount',
        Effect: 'Allow',
        Principal: { Service: POD_IDENTITY_SERVICE_PRINCIPAL },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: {
            'aws:RequestTag/eks-cluster-arn': options.clusterArn,
            'aws:RequestTag/kubernetes-namespace': options.namespace,
            'aws:RequestTag/kubernetes-service-account': options.serviceAccount,
          },
        },
      },
    ],
  };
}

export interface PodIdentityRoleProps {
  /** Cluster the association is made in (a plain name, known at synth time). */
  readonly clusterName: string;
  /** Cluster ARN for the trust policy's `eks-cluster-arn` condition (a reference is fine). */
  readonly clusterArn: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** IAM role name, at most 64 characters. */
  readonly roleName: string;
  /** What the workload may do; attached as the role's one inline policy. */
  readonly policy: PolicyDocument;
  /**
   * AWS managed or customer managed policies to attach besides the inline one.
   * @default none
   */
  readonly managedPolicyArns?: readonly string[];
  readonly description: string;
  /**
   * Create the `aws_eks_pod_identity_association`. Turn off when an EKS add-on owns the association
   * (`aws_eks_addon.pod_identity_association`): EKS allows one association per service account.
   * @default true
   */
  readonly createAssociation?: boolean;
}

/**
 * An IAM role for one Kubernetes service account through EKS Pod Identity: the trust policy, the
 * workload's least-privilege policy inline, and the association that hands the role to the pods.
 *
 * The policy is inline (`aws_iam_role_policy`) rather than an `aws_iam_policy` + attachment: it lives
 * and dies with the role (no orphaned or shared policies, no 5-version limit, no detach-before-delete
 * ordering), it needs no account-unique policy name, and the inline budget (10,240 characters per role)
 * is larger than a managed policy's (6,144), which the load balancer controller's policy needs.
 */
export class PodIdentityRole extends Construct {
  readonly role: IamRole;
  readonly rolePolicy: IamRolePolicy;
  readonly association?: EksPodIdentityAssociation;
  /** The role's ARN, for an add-on's `pod_identity_association` or an output. */
  readonly roleArn: string;
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.roleName) && !ROLE_NAME.test(props.roleName)) {
      throw new Error(`PodIdentityRole ${this.node.path}: roleName "${props.roleName}" is not a valid IAM role name (1-64 letters, digits and +=,.@_-)`);
    }
    const policy = renderPolicy(props.policy);
    // References render as short placeholders here, so this only catches what is certain to be too long.
    const compactLength = policy.replace(/\s+/g, '').length;
    if (compactLength > INLINE_POLICY_MAX_CHARS) {
      throw new Error(`PodIdentityRole ${this.node.path}: the policy is ${compactLength} characters, over IAM's ${INLINE_POLICY_MAX_CHARS} per role; split it with managedPolicyArns`);
    }

    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: renderPolicy(podIdentityTrustPolicy(props)),
      // Lets Terraform delete the role even if someone attached a policy by hand.
      forceDetachPolicies: true,
      // Only its name forces a new role (path and name_prefix are never set), so a replacement always
      // has a new name and can be made first: the association (and an add-on's pod_identity_association)
      // moves to it in place, and the old role goes last. Pods never meet a missing or empty role.
      lifecycle: { createBeforeDestroy: true },
    });
    // The policies follow the role: replaced only when it is (their `role` is its name), and then onto
    // the new role first, so the old role keeps its permissions until nothing uses it.
    const followRole = { createBeforeDestroy: true };
    this.rolePolicy = new IamRolePolicy(this, 'policy', {
      name: 'least-privilege',
      role: this.role.name,
      policy,
      lifecycle: followRole,
    });
    // Keyed by the policy ARN, so adding, removing or reordering policies touches only those policies.
    for (const policyArn of new Set(props.managedPolicyArns ?? [])) {
      new IamRolePolicyAttachment(this, managedPolicyConstructId(policyArn), { role: this.role.name, policyArn, lifecycle: followRole });
    }
    if (props.createAssociation ?? true) {
      this.association = new EksPodIdentityAssociation(this, 'association', {
        clusterName: props.clusterName,
        namespace: props.namespace,
        serviceAccount: props.serviceAccount,
        roleArn: this.role.arn,
        // Written out because the trust policy's conditions read these session tags.
        disableSessionTags: false,
        // The policy must be in place before pods can get credentials for the role.
        dependsOn: [this.rolePolicy],
      });
    }
    this.roleArn = this.role.arn;
    this.roleName = props.roleName;
  }
}
