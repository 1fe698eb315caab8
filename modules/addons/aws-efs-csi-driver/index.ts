import { EfsFileSystem } from '@cdktf/provider-aws/lib/efs-file-system';
import { EfsMountTarget } from '@cdktf/provider-aws/lib/efs-mount-target';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { z } from 'zod';
import { eksModule } from '../../eks';
import { efsCsiDriverPolicy, policyCatalogue } from '../../pod-identity/policies';
import { defineModule } from '../../registry/module';
import { defaultRegistry } from '../../registry/registry';
import { kmsKeyArn } from '../../shared/schema';
import { vpcModule, type VpcOutputs } from '../../vpc';
import { eksAddonEntry, registerAddonEntry } from '../catalogue/entry';
import { eksPodIdentityAgentModule } from '../eks-pod-identity-agent';
import { checkPodIdentityVersion, commonAddonShape, podIdentityAddonShape } from '../inputs';
import { ADDON_OUTPUT_DESCRIPTIONS, buildCoreAddon, type AddonOutputs } from '../managed-addon';

const fileSystem = z
  .strictObject({
    performanceMode: z.enum(['generalPurpose', 'maxIO']).default('generalPurpose').describe('@default "generalPurpose"'),
    throughputMode: z.enum(['elastic', 'bursting']).default('elastic').describe('@default "elastic" (pay per use, no burst credits to run out)'),
    kmsKeyArn: kmsKeyArn.optional().describe('Customer managed key for encryption at rest. @default the account\'s aws/elasticfilesystem key'),
  })
  .describe('An encrypted EFS file system with a mount target in each of the cluster\'s private subnets, reachable on NFS from the nodes only.');

export const awsEfsCsiDriverInputs = z
  .strictObject({ ...commonAddonShape, ...podIdentityAddonShape, fileSystem: fileSystem.optional().describe('A file system for the cluster. @default none (bring your own)') })
  .superRefine((inputs, ctx) => checkPodIdentityVersion('aws-efs-csi-driver', inputs.version, ctx));

export interface EfsOutputs extends AddonOutputs {
  readonly fileSystemId?: string;
}

/**
 * The Amazon EFS CSI driver EKS add-on, after compute, its controller's IAM through Pod Identity;
 * optionally an encrypted file system with mount targets in the cluster's private subnets. The
 * mount targets' security group admits NFS (2049/tcp) from the node security groups only.
 */
export const awsEfsCsiDriverModule = defineModule({
  name: 'aws-efs-csi-driver',
  version: '1.0.0',
  description: 'Amazon EFS CSI driver add-on with its IAM through Pod Identity, and optionally an encrypted file system for the cluster',
  stack: 'cluster',
  inputs: awsEfsCsiDriverInputs,
  outputs: { ...ADDON_OUTPUT_DESCRIPTIONS, podIdentityRoleArn: 'IAM role of efs-csi-controller-sa (through Pod Identity)', fileSystemId: 'EFS file system id (when the module creates one)' },
  dependsOn: [eksModule.name, eksPodIdentityAgentModule.name, vpcModule.name],
  build(scope, inputs, context): EfsOutputs {
    const agent = context.dependency(eksPodIdentityAgentModule);
    const eks = context.dependency(eksModule);
    const { namespace, name: serviceAccount } = policyCatalogue['efs-csi-driver'].serviceAccount;
    const addon = buildCoreAddon(scope, context, {
      name: 'aws-efs-csi-driver',
      inputs,
      order: 'after-compute',
      podIdentity: { namespace, serviceAccount, policy: efsCsiDriverPolicy() },
      dependsOn: [agent.addon],
    });
    if (!inputs.fileSystem) return addon;
    const vpc = context.dependency<VpcOutputs>(vpcModule);
    const subnets = vpc.clusterPrivateSubnetIds[eks.clusterName] ?? [];
    const files = new EfsFileSystem(scope, 'file-system', {
      creationToken: `${eks.clusterName}-efs`,
      encrypted: true,
      kmsKeyId: inputs.fileSystem.kmsKeyArn,
      performanceMode: inputs.fileSystem.performanceMode,
      throughputMode: inputs.fileSystem.throughputMode,
      tags: { Name: `${eks.clusterName}-efs` },
    });
    const mounts = new SecurityGroup(scope, 'mount-targets', {
      namePrefix: `${eks.clusterName}-efs-`,
      description: `EFS mount targets of ${eks.clusterName}, NFS from its nodes`,
      vpcId: vpc.vpcId,
      tags: { Name: `${eks.clusterName}-efs` },
      lifecycle: { createBeforeDestroy: true },
    });
    for (const [id, source] of [['nodes', eks.nodeSecurityGroupId], ['cluster', eks.clusterSecurityGroupId]] as const) {
      new VpcSecurityGroupIngressRule(scope, `nfs-from-${id}`, { securityGroupId: mounts.id, description: `NFS from the ${id} security group`, ipProtocol: 'tcp', fromPort: 2049, toPort: 2049, referencedSecurityGroupId: source });
    }
    // One mount target per private subnet of the cluster, one per zone (EFS allows one per zone).
    subnets.forEach((subnetId, zone) => new EfsMountTarget(scope, `mount-target-${zone}`, { fileSystemId: files.id, subnetId, securityGroups: [mounts.id] }));
    return { ...addon, fileSystemId: files.id };
  },
});

defaultRegistry.register(awsEfsCsiDriverModule);
registerAddonEntry(awsEfsCsiDriverModule.name, () =>
  eksAddonEntry('aws-efs-csi-driver', { namespace: 'kube-system', serviceAccount: 'efs-csi-controller-sa', iam: 'efs-csi-driver', placement: 'any', provides: ['file system access points'] }),
);
