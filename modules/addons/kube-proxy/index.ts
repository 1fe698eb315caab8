import { z } from 'zod';
import { eksModule } from '../../eks';
import { defineModule } from '../../registry/module';
import { defaultRegistry } from '../../registry/registry';
import { eksAddonEntry, registerAddonEntry } from '../catalogue/entry';
import { commonAddonShape } from '../inputs';
import { ADDON_OUTPUT_DESCRIPTIONS, buildCoreAddon, type AddonOutputs } from '../managed-addon';

export const kubeProxyInputs = z.strictObject({ ...commonAddonShape });
export type KubeProxyInputs = z.output<typeof kubeProxyInputs>;

/** kube-proxy, before compute: Services do not route on a node until it runs there. */
export const kubeProxyModule = defineModule({
  name: 'kube-proxy',
  version: '1.0.0',
  description: 'kube-proxy add-on (before compute), pinned to the cluster\'s Kubernetes minor',
  stack: 'cluster',
  inputs: kubeProxyInputs,
  outputs: ADDON_OUTPUT_DESCRIPTIONS,
  dependsOn: [eksModule.name],
  build(scope, inputs, context): AddonOutputs {
    return buildCoreAddon(scope, context, { name: 'kube-proxy', inputs, order: 'before-compute' });
  },
});

defaultRegistry.register(kubeProxyModule);
registerAddonEntry(kubeProxyModule.name, () => eksAddonEntry('kube-proxy', { namespace: 'kube-system', serviceAccount: undefined, iam: undefined, placement: 'any', provides: [] }));
