import { z } from 'zod';
import { eksModule } from '../../eks';
import { policyCatalogue, vpcCniPolicy } from '../../pod-identity/policies';
import { defineModule } from '../../registry/module';
import { defaultRegistry } from '../../registry/registry';
import { eksAddonEntry, registerAddonEntry } from '../catalogue/entry';
import { eksPodIdentityAgentModule } from '../eks-pod-identity-agent';
import { checkPodIdentityVersion, commonAddonShape, podIdentityAddonShape } from '../inputs';
import { ADDON_OUTPUT_DESCRIPTIONS, buildCoreAddon, type AddonOutputs } from '../managed-addon';

export const vpcCniInputs = z
  .strictObject({
    ...commonAddonShape,
    ...podIdentityAddonShape,
    prefixDelegation: z
      .boolean()
      .default(true)
      .describe('Assign /28 prefixes instead of single IPs to node ENIs (ENABLE_PREFIX_DELEGATION), so a node can run 110 pods; needs free contiguous /28 blocks in the node subnets. @default true'),
    warmPrefixTarget: z
      .number()
      .int()
      .min(0)
      .max(16)
      .optional()
      .describe('Spare /28 prefixes each node keeps attached (WARM_PREFIX_TARGET); only with prefixDelegation. @default 1'),
  })
  .superRefine((inputs, ctx) => {
    checkPodIdentityVersion('vpc-cni', inputs.version, ctx);
    if (!inputs.prefixDelegation && inputs.warmPrefixTarget !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['warmPrefixTarget'], message: 'only applies with prefixDelegation: true; remove it or turn prefix delegation on', input: inputs.warmPrefixTarget });
    }
  });
export type VpcCniInputs = z.output<typeof vpcCniInputs>;

/** `configuration_values` of the add-on: the aws-node DaemonSet's environment. */
export function vpcCniConfiguration(inputs: Pick<VpcCniInputs, 'prefixDelegation' | 'warmPrefixTarget'>): Record<string, unknown> {
  // Written out when off too: with PRESERVE a value removed from the configuration stays as it was.
  const env: Record<string, string> = { ENABLE_PREFIX_DELEGATION: String(inputs.prefixDelegation) };
  if (inputs.prefixDelegation) env.WARM_PREFIX_TARGET = String(inputs.warmPrefixTarget ?? 1);
  return { env };
}

/**
 * The Amazon VPC CNI, before compute (a node that joins before it is configured gets max-pods 29
 * instead of 110). Its IAM comes through Pod Identity on `aws-node`, not the node role, so every pod
 * on a node cannot use the CNI's ENI permissions; hence it also waits for the Pod Identity agent.
 */
export const vpcCniModule = defineModule({
  name: 'vpc-cni',
  version: '1.0.0',
  description: 'Amazon VPC CNI add-on (before compute) with prefix delegation and its IAM through Pod Identity',
  stack: 'cluster',
  inputs: vpcCniInputs,
  outputs: { ...ADDON_OUTPUT_DESCRIPTIONS, podIdentityRoleArn: 'IAM role of aws-node (through Pod Identity)' },
  dependsOn: [eksModule.name, eksPodIdentityAgentModule.name],
  build(scope, inputs, context): AddonOutputs {
    const agent = context.dependency(eksPodIdentityAgentModule);
    const { namespace, name: serviceAccount } = policyCatalogue['vpc-cni'].serviceAccount;
    return buildCoreAddon(scope, context, {
      name: 'vpc-cni',
      inputs,
      order: 'before-compute',
      configuration: vpcCniConfiguration(inputs),
      podIdentity: { namespace, serviceAccount, policy: vpcCniPolicy({ partition: context.environment.partition }) },
      dependsOn: [agent.addon],
    });
  },
});

defaultRegistry.register(vpcCniModule);
registerAddonEntry(vpcCniModule.name, () => eksAddonEntry('vpc-cni', { namespace: 'kube-system', serviceAccount: 'aws-node', iam: 'vpc-cni', placement: 'any', provides: [] }));
