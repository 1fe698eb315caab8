import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import { z } from 'zod';
import { awsEbsCsiDriverModule, type EbsCsiDriverOutputs } from '../addons/aws-ebs-csi-driver';
import { awsEfsCsiDriverModule, type EfsOutputs } from '../addons/aws-efs-csi-driver';
import { eksModule } from '../eks';
import { defineModule } from '../registry/module';
import { InputProblems } from '../registry/errors';
import { defaultRegistry } from '../registry/registry';
import { kubernetesProviders } from '../shared/kubernetes-providers';
import { customerManagedKeyStatements } from '../pod-identity/policies/ebs-csi-driver';
import { policyDocument, renderPolicy } from '../shared/iam-policy';
import { grantableKmsKeyArn } from '../shared/schema';

/** The label EKS puts on the nodes Auto Mode manages. */
const AUTO_MODE_NODE_LABEL = { key: 'eks.amazonaws.com/compute-type', value: 'auto' } as const;

/** The EBS CSI provisioners: the add-on's driver on node groups, Auto Mode's built-in one. */
export const EBS_PROVISIONER = { 'node-groups': 'ebs.csi.aws.com', auto: 'ebs.csi.eks.amazonaws.com' } as const;

export const storageClassesInputs = z.strictObject({
  gp3: z
    .strictObject({
      default: z.boolean().default(true).describe('Mark it the cluster\'s default StorageClass. @default true'),
      kmsKeyArn: grantableKmsKeyArn.optional().describe('Customer managed key for the volumes: aws-ebs-csi-driver.kmsKeyArns must list it (node groups), or kmsKeyArns here (Auto Mode). @default the account\'s aws/ebs key'),
    })
    .default({ default: true })
    .describe('"gp3": encrypted gp3 volumes, created when a pod is scheduled (so in its zone), expandable, deleted with their claim. @default on, the default class'),
  kmsKeyArns: z
    .array(grantableKmsKeyArn)
    .optional()
    .describe('Auto Mode only: customer managed keys the cluster IAM role may use for volumes (it creates and attaches them). List gp3.kmsKeyArn, and keep an earlier key while volumes encrypted with it exist: without it they can no longer be attached. @default none: only the aws/ebs key'),
  efs: z
    .boolean()
    .default(true)
    .describe('"efs": dynamic access points on the file system the aws-efs-csi-driver module creates, when it creates one. @default true'),
});
export type StorageClassesInputs = z.output<typeof storageClassesInputs>;

/**
 * The cluster's StorageClasses, in the platform stack (they are Kubernetes objects): an encrypted gp3
 * default for EBS (the EKS add-on cannot make one: its configuration schema has no storageClasses),
 * on the add-on's driver or Auto Mode's, and an EFS class when the cluster has a file system.
 */
export const storageClassesModule = defineModule({
  name: 'storage-classes',
  version: '2.0.0',
  description: 'StorageClasses: an encrypted gp3 default for EBS (node groups or Auto Mode), and EFS access points when the cluster has a file system',
  stack: 'platform',
  inputs: storageClassesInputs,
  outputs: { defaultClass: 'Name of the default StorageClass, if this module makes it' },
  dependsOn: [eksModule.name],
  after: [awsEfsCsiDriverModule.name, awsEbsCsiDriverModule.name],
  migrations: [
    {
      fromMajor: 1,
      summary: 'gp3.kmsKeyArn must be one of aws-ebs-csi-driver.kmsKeyArns when the add-on\'s driver provisions the volumes: 1.x accepted any key, and every volume of the class then failed to provision (the driver\'s IAM policy grants only the keys listed there). On Auto Mode the gp3 class now carries allowedTopologies (Auto Mode nodes only), which replaces the class once (existing volumes stay), and a customer managed key must be listed in the new kmsKeyArns, which the cluster role is granted. Keys are key ARNs, not aliases (a policy grants an alias nothing)',
    },
  ],
  build(scope, inputs, context) {
    const eks = context.dependency(eksModule);
    // Volumes are created with the keys a role's IAM policy lists: on node groups the add-on driver's
    // (aws-ebs-csi-driver.kmsKeyArns), on Auto Mode the cluster role's (kmsKeyArns here). Any other key
    // fails each CreateVolume, which only shows when a pod's claim stays Pending.
    const key = inputs.gp3.kmsKeyArn;
    const autoModeKeys = inputs.kmsKeyArns ?? [];
    if (eks.computeMode === 'node-groups' && inputs.kmsKeyArns) {
      throw new InputProblems({ path: ['kmsKeyArns'], message: 'only for Auto Mode: on node groups the add-on\'s EBS CSI driver uses the keys of aws-ebs-csi-driver.kmsKeyArns; move them there' });
    }
    const driver = context.ifPresent<EbsCsiDriverOutputs>(awsEbsCsiDriverModule);
    const granting =
      eks.computeMode === 'auto' ? { role: 'the Auto Mode cluster role', list: 'storage-classes.kmsKeyArns', keys: autoModeKeys } : driver && { role: 'the EBS CSI driver', list: 'aws-ebs-csi-driver.kmsKeyArns', keys: driver.kmsKeyArns };
    if (key && granting && !granting.keys.includes(key)) {
      throw new InputProblems({
        path: ['gp3', 'kmsKeyArn'],
        message: `${granting.role} may not use this key: ${granting.list} does not list it (${granting.keys.length ? granting.keys.join(', ') : 'it lists none'}), so every gp3 volume would fail to provision; add it to ${granting.list}`,
      });
    }
    const { kubernetes } = kubernetesProviders(scope, eks.clusterName, context.environment);
    // Auto Mode creates and attaches volumes with the cluster IAM role, whose AmazonEKSBlockStoragePolicy
    // covers the aws/ebs key only: the EKS User Guide (upstream/) has a customer managed key's policy
    // attached to that role. The statements are the ones the add-on's driver gets for its keys. The keys
    // are a list the user keeps, not gp3.kmsKeyArn alone: a key rotated out of the class must stay
    // granted while volumes encrypted with it exist, or they can no longer be attached.
    if (eks.computeMode === 'auto' && autoModeKeys.length) {
      new IamRolePolicy(scope, 'auto-mode-gp3-key', { name: 'storage-classes-gp3-kms', role: eks.clusterRoleName, policy: renderPolicy(policyDocument(customerManagedKeyStatements([...autoModeKeys]))) });
    }
    const parameters: Record<string, string> = { type: 'gp3', encrypted: 'true' };
    if (inputs.gp3.kmsKeyArn) parameters.kmsKeyId = inputs.gp3.kmsKeyArn;
    new StorageClassV1(scope, 'gp3', {
      provider: kubernetes,
      metadata: { name: 'gp3', annotations: inputs.gp3.default ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {} },
      storageProvisioner: EBS_PROVISIONER[eks.computeMode],
      // Auto Mode's driver attaches volumes to Auto Mode nodes only; beside managed node groups, a pod
      // with such a claim must not be scheduled elsewhere (the EKS User Guide's example, upstream/).
      ...(eks.computeMode === 'auto' ? { allowedTopologies: { matchLabelExpressions: [{ key: AUTO_MODE_NODE_LABEL.key, values: [AUTO_MODE_NODE_LABEL.value] }] } } : {}),
      parameters,
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
    const efs = context.ifPresent<EfsOutputs>(awsEfsCsiDriverModule);
    if (inputs.efs && efs?.fileSystemId) {
      new StorageClassV1(scope, 'efs', {
        provider: kubernetes,
        metadata: { name: 'efs' },
        storageProvisioner: 'efs.csi.aws.com',
        // One access point per claim, its own directory; the file system was created for this cluster.
        parameters: { provisioningMode: 'efs-ap', fileSystemId: efs.fileSystemId, directoryPerms: '700' },
        reclaimPolicy: 'Delete',
        volumeBindingMode: 'Immediate',
      });
    }
    return { defaultClass: inputs.gp3.default ? 'gp3' : undefined };
  },
});

defaultRegistry.register(storageClassesModule);
