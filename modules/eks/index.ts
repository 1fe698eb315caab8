import { joinPath } from '../registry/errors';
import { defineModule, withProblems } from '../registry/module';
import { defaultRegistry } from '../registry/registry';
import { vpcModule, type VpcOutputs } from '../vpc';
import { PlatformEks } from './eks';
import type { EksOutputs } from './outputs';
import { eksInputs } from './props';
import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';
import type { KubernetesVersion } from '../addons/versions';
import { supportWarning } from './support';
import { eksProblems, SYSTEM_NODE_GROUP } from './validate';

export { PlatformEks, type PlatformEksProps } from './eks';
export type { EksOutputs } from './outputs';
export { eksInputs, type EksInputs, type NodeGroupInput, type FargateProfileInput, CONTROL_PLANE_LOG_TYPES } from './props';
export { eksProblems, SYSTEM_NODE_GROUP } from './validate';
export { assertAccessCoverage, accessPolicyArn, NodeAccessEntry, type NodeAccessGrant, type NodeAccessType, type NodeRoleUse } from './access';
export { NODE_ROLE_POLICIES, AUTO_NODE_ROLE_POLICIES, nodeTrustPolicy } from './iam';
export { NODE_INGRESS_RULES } from './security-groups';

/** What to do when Spot is used and this environment does not create the Spot service-linked role. */
export const SPOT_ROLE_HINT =
  'Spot instances need the account\'s AWSServiceRoleForEC2Spot; launches fail with AuthFailure.ServiceLinkedRoleCreationNotPermitted until it exists. If the account never used Spot, create it once (aws iam create-service-linked-role --aws-service-name spot.amazonaws.com) or set eks.spotServiceLinkedRole: create in one environment of the account (and exists in the others)';

export const eksModule = defineModule({
  name: 'eks',
  version: '2.0.0',
  description: 'EKS cluster: private API endpoint, encrypted secrets, control-plane logs, access entries, managed node groups, Fargate or Auto Mode',
  stack: 'cluster',
  inputs: withProblems(eksInputs, eksProblems),
  outputs: {
    clusterName: 'EKS cluster name',
    clusterArn: 'EKS cluster ARN',
    clusterEndpoint: 'Kubernetes API server endpoint',
    clusterCertificateAuthorityData: 'Base64 PEM of the cluster certificate authority',
    oidcIssuerUrl: 'OIDC issuer URL of the cluster (for IRSA)',
    clusterSecurityGroupId: 'Security group EKS created for the control plane and managed nodes',
    nodeSecurityGroupId: 'Node security group (tagged karpenter.sh/discovery)',
    nodeRoleArn: 'IAM role ARN of the managed node groups (Auto Mode node role in auto mode without node groups)',
    nodeRoleName: 'IAM role name of the managed node groups (Auto Mode node role in auto mode without node groups)',
    kubernetesVersion: 'Kubernetes minor version of the control plane',
  },
  dependsOn: [vpcModule.name],
  build(scope, inputs, context): EksOutputs {
    if (inputs.publicAccessCidrs.length && !inputs.endpointPublicAccess) {
      context.warn('publicAccessCidrs', 'ignored: endpointPublicAccess is false, so the API server has no public endpoint to allow-list');
    }
    const spotGroups = inputs.nodeGroups.map((group, index) => ({ path: ['nodeGroups', index], group }));
    if (inputs.computeMode === 'node-groups') spotGroups.push({ path: ['systemNodeGroup'], group: { name: SYSTEM_NODE_GROUP, ...inputs.systemNodeGroup } });
    for (const { path, group } of spotGroups) {
      if (group.capacityType === 'SPOT' && group.instanceTypes.length === 1) {
        context.warn(joinPath([...path, 'instanceTypes']), 'SPOT with a single instance type: one capacity pool, so one reclaim wave can take every node; list several similar types');
      }
    }
    if (inputs.spotServiceLinkedRole === 'create') {
      // Account-wide: a second environment in the account creating it fails with "has been taken".
      new IamServiceLinkedRole(scope, 'spot-service-linked-role', { awsServiceName: 'spot.amazonaws.com', description: 'Lets EC2 launch Spot instances for this account (Karpenter, Spot node groups)' });
    } else if (!inputs.spotServiceLinkedRole && spotGroups.some(({ group }) => group.capacityType === 'SPOT')) {
      context.warn('spotServiceLinkedRole', SPOT_ROLE_HINT);
    }
    const support = supportWarning(inputs.kubernetesVersion as KubernetesVersion, inputs.upgradeSupportType, new Date());
    if (support) context.warn('kubernetesVersion', support);
    const vpc = context.dependency<VpcOutputs>(vpcModule);
    return new PlatformEks(scope, 'eks', { inputs, vpc, environment: context.environment }).outputs;
  },
  migrations: [
    {
      fromMajor: 1,
      summary:
        'node groups, their launch templates and the cluster and node security groups are named by prefix and created before destroyed, so a change that replaces them is rolling; the first apply replaces each of them once this way (new nodes join before the old group drains). The cluster ignores later changes of clusterCreatorAdmin and bootstrap_self_managed_addons instead of being replaced',
    },
  ],
});

defaultRegistry.register(eksModule);
