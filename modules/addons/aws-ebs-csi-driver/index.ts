import { z } from 'zod';
import { policyFunctionProblems } from '../../pod-identity/catalogue';
import { eksModule } from '../../eks';
import { ebsCsiDriverPolicy, policyCatalogue } from '../../pod-identity/policies';
import { defineModule } from '../../registry/module';
import { defaultRegistry } from '../../registry/registry';
import { eksAddonEntry, registerAddonEntry } from '../catalogue/entry';
import { eksPodIdentityAgentModule } from '../eks-pod-identity-agent';
import { checkPodIdentityVersion, commonAddonShape, podIdentityAddonShape } from '../inputs';
import { ADDON_OUTPUT_DESCRIPTIONS, buildCoreAddon, type AddonOutputs } from '../managed-addon';

/**
 * - ebs-csi-default-sc: the add-on's own `defaultStorageClass` ("ebs-csi-default-sc"): gp3 with no
 *   parameters, so volumes are encrypted only if the account encrypts EBS by default.
 * - none: no StorageClass from the add-on; the storage-classes module (platform stack) makes an
 *   encrypted gp3 default class. (The add-on's configuration schema has no `storageClasses`, so a
 *   class with parameters cannot come from the add-on.)
 */
export const EBS_STORAGE_CLASS_MODES = ['none', 'ebs-csi-default-sc'] as const;

export const awsEbsCsiDriverInputs = z
  .strictObject({
    ...commonAddonShape,
    ...podIdentityAddonShape,
    defaultStorageClass: z
      .enum(EBS_STORAGE_CLASS_MODES, {
        error: (issue) =>
          issue.input === 'gp3-encrypted'
            ? 'the encrypted gp3 default StorageClass moved to the storage-classes module (the add-on\'s configuration schema has no storageClasses); remove this field and add a "storage-classes:" section'
            : `expected one of "none", "ebs-csi-default-sc", got ${JSON.stringify(issue.input)}`,
      })
      .default('none')
      .describe('The add-on\'s own default StorageClass: "none" (use the storage-classes module\'s encrypted gp3) or "ebs-csi-default-sc" (the add-on\'s, unencrypted unless the account encrypts EBS by default). @default "none"'),
    kmsKeyArns: z
      .array(z.string())
      .optional()
      .describe('Customer managed KMS keys the driver may encrypt volumes with (added to its IAM policy). @default none: only the aws/ebs key'),
  })
  .superRefine((inputs, ctx) => {
    checkPodIdentityVersion('aws-ebs-csi-driver', inputs.version, ctx);
    for (const problem of policyFunctionProblems(() => ebsCsiDriverPolicy({ kmsKeyArns: inputs.kmsKeyArns }))) {
      ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message, input: inputs.kmsKeyArns });
    }
  });
export type AwsEbsCsiDriverInputs = z.output<typeof awsEbsCsiDriverInputs>;

/** `configuration_values` of the add-on: only keys its configuration schema has (checked at build). */
export function ebsCsiConfiguration(inputs: Pick<AwsEbsCsiDriverInputs, 'defaultStorageClass'>): Record<string, unknown> {
  return { defaultStorageClass: { enabled: inputs.defaultStorageClass === 'ebs-csi-default-sc' } };
}

/**
 * The Amazon EBS CSI driver, after compute (its controller Deployment needs nodes). IAM through Pod
 * Identity on `ebs-csi-controller-sa` with AmazonEBSCSIDriverEKSClusterScopedPolicy's statements (keyed
 * on the eks-cluster-name session tag Pod Identity sets), so it waits for the Pod Identity agent.
 */
export const awsEbsCsiDriverModule = defineModule({
  name: 'aws-ebs-csi-driver',
  version: '2.0.0',
  description: 'Amazon EBS CSI driver add-on (after compute) with its IAM through Pod Identity (StorageClasses: the storage-classes module)',
  stack: 'cluster',
  inputs: awsEbsCsiDriverInputs,
  outputs: { ...ADDON_OUTPUT_DESCRIPTIONS, podIdentityRoleArn: 'IAM role of ebs-csi-controller-sa (through Pod Identity)' },
  dependsOn: [eksModule.name, eksPodIdentityAgentModule.name],
  migrations: [
    {
      fromMajor: 1,
      summary: 'the encrypted gp3 default StorageClass moved to the storage-classes module: EKS rejects the storageClasses key 1.x wrote (it is not in the add-on\'s configuration schema), so no cluster had it',
      removedInputs: { storageClassKmsKeyArn: 'set storage-classes.gp3.kmsKeyArn instead (keep the key in kmsKeyArns here)' },
    },
  ],
  build(scope, inputs, context): EbsCsiDriverOutputs {
    const agent = context.dependency(eksPodIdentityAgentModule);
    const { namespace, name: serviceAccount } = policyCatalogue['ebs-csi-driver'].serviceAccount;
    const addon = buildCoreAddon(scope, context, {
      name: 'aws-ebs-csi-driver',
      inputs,
      order: 'after-compute',
      configuration: ebsCsiConfiguration(inputs),
      podIdentity: { namespace, serviceAccount, policy: ebsCsiDriverPolicy({ partition: context.environment.partition, kmsKeyArns: inputs.kmsKeyArns }) },
      dependsOn: [agent.addon],
    });
    return { ...addon, kmsKeyArns: inputs.kmsKeyArns ?? [] };
  },
});

/** What other modules read of the driver: its add-on, and the keys its IAM policy lets it use (not a Terraform output). */
export interface EbsCsiDriverOutputs extends AddonOutputs {
  readonly kmsKeyArns: readonly string[];
}

defaultRegistry.register(awsEbsCsiDriverModule);
registerAddonEntry(awsEbsCsiDriverModule.name, () => eksAddonEntry('aws-ebs-csi-driver', { namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa', iam: 'ebs-csi-driver', placement: 'any', provides: ['volumes'] }));
