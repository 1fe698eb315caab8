import { z } from 'zod';
import { optionProblemOf } from '../../pod-identity/catalogue';
import { eksModule } from '../../eks';
import { ebsCsiDriverPolicy, policyCatalogue } from '../../pod-identity/policies';
import { defineModule } from '../../registry/module';
import { defaultRegistry } from '../../registry/registry';
import { eksAddonEntry, registerAddonEntry } from '../catalogue/entry';
import { eksPodIdentityAgentModule } from '../eks-pod-identity-agent';
import { checkPodIdentityVersion, commonAddonShape, podIdentityAddonShape } from '../inputs';
import { ADDON_OUTPUT_DESCRIPTIONS, buildCoreAddon, type AddonOutputs } from '../managed-addon';

/**
 * - gp3-encrypted: a StorageClass "gp3" (type gp3, encrypted) marked default, through the chart's
 *   `storageClasses` list.
 * - ebs-csi-default-sc: the add-on's own `defaultStorageClass` ("ebs-csi-default-sc"): gp3 but with no
 *   parameters, so volumes are encrypted only if the account has EBS encryption by default on.
 * - none: no StorageClass; bring your own.
 */
export const EBS_STORAGE_CLASS_MODES = ['gp3-encrypted', 'ebs-csi-default-sc', 'none'] as const;

export const awsEbsCsiDriverInputs = z
  .strictObject({
    ...commonAddonShape,
    ...podIdentityAddonShape,
    defaultStorageClass: z
      .enum(EBS_STORAGE_CLASS_MODES)
      .default('gp3-encrypted')
      .describe('The cluster\'s default StorageClass: "gp3-encrypted" (a "gp3" class, encrypted), "ebs-csi-default-sc" (the add-on\'s own, unencrypted unless the account encrypts EBS by default) or "none". @default "gp3-encrypted"'),
    kmsKeyArns: z
      .array(z.string())
      .optional()
      .describe('Customer managed KMS keys the driver may encrypt volumes with (added to its IAM policy). @default none: only the aws/ebs key'),
    storageClassKmsKeyArn: z
      .string()
      .optional()
      .describe('Key the gp3-encrypted StorageClass encrypts with (its kmsKeyId); must be one of kmsKeyArns. @default the account\'s aws/ebs key'),
  })
  .superRefine((inputs, ctx) => {
    checkPodIdentityVersion('aws-ebs-csi-driver', inputs.version, ctx);
    try {
      ebsCsiDriverPolicy({ kmsKeyArns: inputs.kmsKeyArns });
    } catch (error) {
      const problem = optionProblemOf(error);
      ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message, input: inputs.kmsKeyArns });
    }
    if (inputs.storageClassKmsKeyArn !== undefined) {
      if (inputs.defaultStorageClass !== 'gp3-encrypted') {
        ctx.addIssue({ code: 'custom', path: ['storageClassKmsKeyArn'], message: `only applies with defaultStorageClass: gp3-encrypted, got defaultStorageClass: ${inputs.defaultStorageClass}`, input: inputs.storageClassKmsKeyArn });
      } else if (!(inputs.kmsKeyArns ?? []).includes(inputs.storageClassKmsKeyArn)) {
        ctx.addIssue({
          code: 'custom',
          path: ['storageClassKmsKeyArn'],
          message: `${JSON.stringify(inputs.storageClassKmsKeyArn)} is not in kmsKeyArns, so the driver would be denied the key; add it to kmsKeyArns`,
          input: inputs.storageClassKmsKeyArn,
        });
      }
    }
  });
export type AwsEbsCsiDriverInputs = z.output<typeof awsEbsCsiDriverInputs>;

/**
 * `configuration_values` of the add-on. Keys are the aws-ebs-csi-driver chart's (values.yaml
 * `defaultStorageClass.enabled` and `storageClasses`, templates/ebs-csi-default-sc.yaml and
 * templates/storageclass.yaml), which the add-on's configuration schema mirrors.
 */
export function ebsCsiConfiguration(inputs: Pick<AwsEbsCsiDriverInputs, 'defaultStorageClass' | 'storageClassKmsKeyArn'>): Record<string, unknown> {
  if (inputs.defaultStorageClass === 'ebs-csi-default-sc') return { defaultStorageClass: { enabled: true } };
  if (inputs.defaultStorageClass === 'none') return { defaultStorageClass: { enabled: false } };
  const parameters: Record<string, string> = { type: 'gp3', encrypted: 'true' };
  if (inputs.storageClassKmsKeyArn) parameters.kmsKeyId = inputs.storageClassKmsKeyArn;
  return {
    // Off, or two classes would claim to be the default and Kubernetes would pick one arbitrarily.
    defaultStorageClass: { enabled: false },
    storageClasses: [
      {
        name: 'gp3',
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
        volumeBindingMode: 'WaitForFirstConsumer',
        reclaimPolicy: 'Delete',
        allowVolumeExpansion: true,
        parameters,
      },
    ],
  };
}

/**
 * The Amazon EBS CSI driver, after compute (its controller Deployment needs nodes). IAM through Pod
 * Identity on `ebs-csi-controller-sa` with AmazonEBSCSIDriverEKSClusterScopedPolicy's statements (keyed
 * on the eks-cluster-name session tag Pod Identity sets), so it waits for the Pod Identity agent.
 */
export const awsEbsCsiDriverModule = defineModule({
  name: 'aws-ebs-csi-driver',
  version: '1.0.0',
  description: 'Amazon EBS CSI driver add-on (after compute) with its IAM through Pod Identity and an encrypted gp3 default StorageClass',
  stack: 'cluster',
  inputs: awsEbsCsiDriverInputs,
  outputs: { ...ADDON_OUTPUT_DESCRIPTIONS, podIdentityRoleArn: 'IAM role of ebs-csi-controller-sa (through Pod Identity)' },
  dependsOn: [eksModule.name, eksPodIdentityAgentModule.name],
  build(scope, inputs, context): AddonOutputs {
    const agent = context.dependency(eksPodIdentityAgentModule);
    const { namespace, name: serviceAccount } = policyCatalogue['ebs-csi-driver'].serviceAccount;
    return buildCoreAddon(scope, context, {
      name: 'aws-ebs-csi-driver',
      inputs,
      order: 'after-compute',
      configuration: ebsCsiConfiguration(inputs),
      podIdentity: { namespace, serviceAccount, policy: ebsCsiDriverPolicy({ partition: context.environment.partition, kmsKeyArns: inputs.kmsKeyArns }) },
      dependsOn: [agent.addon],
    });
  },
});

defaultRegistry.register(awsEbsCsiDriverModule);
registerAddonEntry(awsEbsCsiDriverModule.name, () => eksAddonEntry('aws-ebs-csi-driver', { namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa', iam: 'ebs-csi-driver', placement: 'any', provides: ['volumes'] }));
