import { EksFargateProfile } from '@cdktf/provider-aws/lib/eks-fargate-profile';
import { Construct } from 'constructs';
import type { EnvironmentContext } from '../registry/module';
import { FARGATE_ROLE_POLICIES, fargateTrustPolicy, ServiceRole } from './iam';
import { boundedName, IAM_ROLE_NAME_MAX } from './naming';
import type { FargateProfileInput } from './props';

export interface FargateProfilesProps {
  readonly clusterName: string;
  /** The cluster's `name` attribute, so profiles wait for the cluster. */
  readonly clusterNameRef: string;
  readonly profiles: readonly { readonly input: FargateProfileInput; readonly subnetIds: string[] }[];
}

/**
 * Fargate profiles sharing one pod execution role. EKS creates the role's FARGATE_LINUX access
 * entry itself when a profile names it (see access.ts), so none is created here.
 */
export class FargateProfiles extends Construct {
  readonly role: ServiceRole;
  readonly profiles: EksFargateProfile[] = [];

  constructor(scope: Construct, id: string, environment: EnvironmentContext, props: FargateProfilesProps) {
    super(scope, id);
    this.role = new ServiceRole(this, 'pod-execution-role', environment, {
      name: boundedName(props.clusterName, 'eks-fargate-pods', IAM_ROLE_NAME_MAX),
      description: `Pulls images and writes logs for the Fargate pods of EKS cluster ${props.clusterName}`,
      trust: fargateTrustPolicy(environment, props.clusterName),
      managedPolicies: FARGATE_ROLE_POLICIES,
    });
    for (const { input, subnetIds } of props.profiles) {
      this.profiles.push(
        new EksFargateProfile(this, `profile-${input.name}`, {
          clusterName: props.clusterNameRef,
          fargateProfileName: input.name,
          podExecutionRoleArn: this.role.role.arn,
          subnetIds,
          selector: input.selectors.map((s) => ({ namespace: s.namespace, labels: s.labels })),
          dependsOn: [...this.role.grants],
        }),
      );
    }
  }
}
