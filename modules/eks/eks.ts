import { dependable, TerraformStack, type ITerraformDependable, type TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { RegistryError } from '../registry/errors';
import type { EnvironmentContext } from '../registry/module';
import type { VpcOutputs } from '../vpc/vpc';
import { assertAccessCoverage, UserAccess, type NodeAccessGrant, type NodeRoleUse } from './access';
import { ControlPlane } from './cluster';
import { FargateProfiles } from './fargate';
import { AUTO_NODE_ROLE_POLICIES, NODE_ROLE_POLICIES, nodeTrustPolicy, ServiceRole } from './iam';
import { boundedName, IAM_ROLE_NAME_MAX } from './naming';
import { ManagedNodeGroup } from './node-groups';
import { ClusterSecurityGroups } from './security-groups';
import type { EksOutputs } from './outputs';
import type { EksInputs, NodeGroupOptions } from './props';
import { ClusterSubnets } from './subnets';
import { SYSTEM_NODE_GROUP } from './validate';

export interface PlatformEksProps {
  readonly inputs: EksInputs;
  readonly vpc: VpcOutputs;
  readonly environment: EnvironmentContext;
}

/**
 * An EKS cluster on the platform VPC: private endpoint, secrets encryption, all control-plane logs
 * with retention, access entries only (authentication mode API), and compute as managed node
 * groups, Fargate profiles or Auto Mode.
 */
export class PlatformEks extends Construct {
  readonly outputs: EksOutputs;
  readonly controlPlane: ControlPlane;
  readonly nodeGroups: ManagedNodeGroup[] = [];
  readonly fargate?: FargateProfiles;

  constructor(scope: Construct, id: string, props: PlatformEksProps) {
    super(scope, id);
    const { inputs, environment, vpc } = props;
    const clusterName = inputs.name ?? environment.name;
    const autoMode = inputs.computeMode === 'auto';

    // Subnets first: a wrong group fails the build before any resource exists.
    const subnets = new ClusterSubnets(vpc, clusterName);
    const controlPlaneSubnetIds = subnets.forControlPlane(inputs.controlPlaneSubnetGroup);
    const groups: { name: string; options: NodeGroupOptions; subnetIds: string[] }[] = [];
    if (!autoMode) groups.push({ name: SYSTEM_NODE_GROUP, options: inputs.systemNodeGroup, subnetIds: subnets.forCompute(inputs.systemNodeGroup.subnetGroups, ['systemNodeGroup', 'subnetGroups']) });
    inputs.nodeGroups.forEach((group, index) => groups.push({ name: group.name, options: group, subnetIds: subnets.forCompute(group.subnetGroups, ['nodeGroups', index, 'subnetGroups']) }));
    const fargateSubnets = inputs.fargateProfiles.map((profile, index) => ({ input: profile, subnetIds: subnets.forCompute(profile.subnetGroups, ['fargateProfiles', index, 'subnetGroups']) }));

    const securityGroups = new ClusterSecurityGroups(this, 'security-groups', { clusterName, vpcId: vpc.vpcId });
    const nodeRole =
      groups.length > 0
        ? new ServiceRole(this, 'node-role', environment, {
            name: boundedName(clusterName, 'eks-node', IAM_ROLE_NAME_MAX),
            description: `Managed node groups of EKS cluster ${clusterName}`,
            trust: nodeTrustPolicy(),
            managedPolicies: NODE_ROLE_POLICIES,
          })
        : undefined;
    const autoNodeRole = autoMode
      ? new ServiceRole(this, 'auto-node-role', environment, {
          name: boundedName(clusterName, 'eks-auto-node', IAM_ROLE_NAME_MAX),
          description: `EKS Auto Mode nodes of ${clusterName}`,
          trust: nodeTrustPolicy(),
          managedPolicies: AUTO_NODE_ROLE_POLICIES,
        })
      : undefined;

    this.controlPlane = new ControlPlane(this, 'control-plane', environment, {
      clusterName,
      inputs,
      subnetIds: controlPlaneSubnetIds,
      securityGroupIds: [securityGroups.clusterGroup.id],
      autoNodeRoleArn: autoNodeRole?.role.arn,
      dependsOn: securityGroups.rules,
    });
    const cluster = this.controlPlane.cluster;
    new UserAccess(this, 'access', { clusterName: cluster.name, partition: environment.partition, admins: inputs.admins, viewers: inputs.viewers });

    for (const group of groups) {
      this.nodeGroups.push(
        new ManagedNodeGroup(this, `node-group-${group.name}`, {
          clusterName,
          clusterNameRef: cluster.name,
          clusterVersionRef: cluster.version,
          groupName: group.name,
          options: group.options,
          nodeRoleArn: nodeRole!.role.arn,
          subnetIds: group.subnetIds,
          securityGroupIds: [securityGroups.nodeGroup.id, cluster.vpcConfig.clusterSecurityGroupId],
          dependsOn: nodeRole!.grants,
          instanceTags: environment.tags,
        }),
      );
    }
    if (fargateSubnets.length) this.fargate = new FargateProfiles(this, 'fargate', environment, { clusterName, clusterNameRef: cluster.name, profiles: fargateSubnets });

    // Every role that runs nodes must be able to join; all of ours get EKS-managed entries.
    const uses: NodeRoleUse[] = [];
    const grants: NodeAccessGrant[] = [];
    if (nodeRole) {
      const roleName = boundedName(clusterName, 'eks-node', IAM_ROLE_NAME_MAX);
      for (const group of groups) uses.push({ roleName, usedBy: `managed node group "${group.name}"`, requiredType: 'EC2_LINUX' });
      grants.push({ roleName, type: 'EC2_LINUX', source: 'eks-managed' });
    }
    if (this.fargate) {
      const roleName = boundedName(clusterName, 'eks-fargate-pods', IAM_ROLE_NAME_MAX);
      uses.push({ roleName, usedBy: 'Fargate profiles', requiredType: 'FARGATE_LINUX' });
      grants.push({ roleName, type: 'FARGATE_LINUX', source: 'eks-managed' });
    }
    if (autoNodeRole) {
      const roleName = boundedName(clusterName, 'eks-auto-node', IAM_ROLE_NAME_MAX);
      uses.push({ roleName, usedBy: 'EKS Auto Mode nodes', requiredType: 'EC2' });
      grants.push({ roleName, type: 'EC2', source: 'eks-managed' });
    }
    assertAccessCoverage(uses, grants);

    const computeResources: TerraformResource[] = [...this.nodeGroups.map((g) => g.nodeGroup), ...(this.fargate?.profiles ?? [])];
    const ownStack = TerraformStack.of(this);
    const outputRole = (nodeRole ?? autoNodeRole)!;
    this.outputs = {
      clusterName,
      clusterArn: cluster.arn,
      clusterEndpoint: cluster.endpoint,
      clusterCertificateAuthorityData: cluster.certificateAuthority.get(0).data,
      oidcIssuerUrl: cluster.identity.get(0).oidc.get(0).issuer,
      kubernetesVersion: inputs.kubernetesVersion,
      clusterSecurityGroupId: cluster.vpcConfig.clusterSecurityGroupId,
      nodeSecurityGroupId: securityGroups.nodeGroup.id,
      clusterRoleName: this.controlPlane.roleName,
      nodeRoleArn: outputRole.role.arn,
      nodeRoleName: outputRole.role.name,
      addComputeDependency: (dependency: ITerraformDependable) => {
        if (Construct.isConstruct(dependency) && TerraformStack.of(dependency) !== ownStack) {
          // A module author's mistake (the spec cannot cause it), so a RegistryError.
          throw new RegistryError(
            `eks: ${dependency.node.path} is in stack "${TerraformStack.of(dependency).node.id}", but the node groups are in "${ownStack.node.id}"; Terraform depends_on cannot cross stacks, so build add-ons that must precede compute in the cluster stack`,
          );
        }
        // depends_on is read at synthesis, so entries added after construction are written too.
        for (const resource of computeResources) resource.dependsOn = [...(resource.dependsOn ?? []), dependable(dependency)];
      },
      computeMode: inputs.computeMode,
      spotServiceLinkedRole: inputs.spotServiceLinkedRole,
      managedNodeGroupCount: this.nodeGroups.length,
      computeResources,
      cluster,
    };
  }
}
