import { z } from 'zod';
import { eksModule } from '../../eks';
import { defineModule } from '../../registry/module';
import { defaultRegistry } from '../../registry/registry';
import { eksAddonEntry, registerAddonEntry } from '../catalogue/entry';
import { commonAddonShape } from '../inputs';
import { ADDON_OUTPUT_DESCRIPTIONS, buildCoreAddon, type AddonOutputs } from '../managed-addon';

// The add-on's configuration schema takes 2 to 1000 (vendored schema, autoScaling.minReplicas/maxReplicas).
const replicas = z.number().int().min(2).max(1000);

export const corednsInputs = z
  .strictObject({
    ...commonAddonShape,
    autoScaling: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Let EKS scale the CoreDNS Deployment with the cluster\'s nodes and cores. @default true'),
        minReplicas: replicas.default(2).describe('@default 2'),
        maxReplicas: replicas.default(10).describe('@default 10'),
      })
      .default({ enabled: true, minReplicas: 2, maxReplicas: 10 })
      .describe('EKS-managed CoreDNS autoscaling (CoreDNS add-on v1.9+). @default on, 2 to 10 replicas'),
  })
  .superRefine((inputs, ctx) => {
    const { minReplicas, maxReplicas } = inputs.autoScaling;
    if (minReplicas > maxReplicas) {
      ctx.addIssue({ code: 'custom', path: ['autoScaling', 'minReplicas'], message: `expected at most maxReplicas (${maxReplicas}), got ${minReplicas}`, input: minReplicas });
    }
  });
export type CorednsInputs = z.output<typeof corednsInputs>;

/**
 * Tolerations of the CoreDNS pods. Setting `tolerations` replaces the add-on's defaults, so these
 * repeat them: CriticalAddonsOnly lets CoreDNS run on the tainted system node group, the
 * control-plane one is the add-on's own default.
 */
export const COREDNS_TOLERATIONS = [
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
  { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
] as const;

/**
 * `configuration_values` of the add-on. Keys as the EKS user guide gives them ("Scale CoreDNS Pods for
 * high DNS traffic", coredns-autoscaling): {"autoScaling":{"enabled":true,"minReplicas":2,"maxReplicas":10}}.
 */
export function corednsConfiguration(inputs: Pick<CorednsInputs, 'autoScaling'>): Record<string, unknown> {
  const { enabled, minReplicas, maxReplicas } = inputs.autoScaling;
  return {
    autoScaling: enabled ? { enabled, minReplicas, maxReplicas } : { enabled },
    tolerations: COREDNS_TOLERATIONS,
  };
}

/** CoreDNS, after compute: its Deployment needs nodes, and EKS marks the add-on degraded until it runs. */
export const corednsModule = defineModule({
  name: 'coredns',
  version: '1.0.0',
  description: 'CoreDNS add-on (after compute) with EKS-managed autoscaling, tolerating the system node taint',
  stack: 'cluster',
  inputs: corednsInputs,
  outputs: ADDON_OUTPUT_DESCRIPTIONS,
  dependsOn: [eksModule.name],
  build(scope, inputs, context): AddonOutputs {
    return buildCoreAddon(scope, context, { name: 'coredns', inputs, order: 'after-compute', configuration: corednsConfiguration(inputs), inputPathOf: (path) => (path[0] === 'autoScaling' ? path : undefined) });
  },
});

defaultRegistry.register(corednsModule);
registerAddonEntry(corednsModule.name, () => eksAddonEntry('coredns', { namespace: 'kube-system', serviceAccount: undefined, iam: undefined, placement: 'system', provides: [] }));
