import { z } from 'zod';
import { eksModule } from '../../eks';
import { defineModule } from '../../registry/module';
import { defaultRegistry } from '../../registry/registry';
import { eksAddonEntry, registerAddonEntry } from '../catalogue/entry';
import { commonAddonShape } from '../inputs';
import { ADDON_OUTPUT_DESCRIPTIONS, buildCoreAddon, type AddonOutputs } from '../managed-addon';

export const eksPodIdentityAgentInputs = z.strictObject({ ...commonAddonShape });
export type EksPodIdentityAgentInputs = z.output<typeof eksPodIdentityAgentInputs>;

/**
 * The EKS Pod Identity agent DaemonSet, before compute: every Pod Identity association (vpc-cni's,
 * the EBS CSI driver's, the platform's) hands out credentials through the agent on the pod's node.
 */
export const eksPodIdentityAgentModule = defineModule({
  name: 'eks-pod-identity-agent',
  version: '1.0.0',
  description: 'EKS Pod Identity agent add-on (before compute), pinned per Kubernetes minor',
  stack: 'cluster',
  inputs: eksPodIdentityAgentInputs,
  outputs: ADDON_OUTPUT_DESCRIPTIONS,
  dependsOn: [eksModule.name],
  build(scope, inputs, context): AddonOutputs {
    return buildCoreAddon(scope, context, { name: 'eks-pod-identity-agent', inputs, order: 'before-compute' });
  },
});

defaultRegistry.register(eksPodIdentityAgentModule);
registerAddonEntry(eksPodIdentityAgentModule.name, () => eksAddonEntry('eks-pod-identity-agent', { namespace: 'kube-system', serviceAccount: undefined, iam: undefined, placement: 'any', provides: [] }));
