import { z } from 'zod';
import { corednsModule, type CorednsInputs } from '../coredns';
import { ROLE_NAME_REMOVED, defineHelmAddon, helmAddonShape } from '../catalogue/define';

/** The controller image the chart runs: its own default (1.8.6) is years behind the application. */
export const CPA_IMAGE_TAG = 'v1.10.3';

export const clusterProportionalAutoscalerInputs = z.strictObject({
  ...helmAddonShape,
  coresPerReplica: z.number().min(1).default(256).describe('One CoreDNS replica per this many cluster cores. @default 256'),
  nodesPerReplica: z.number().min(1).default(16).describe('One CoreDNS replica per this many nodes (the larger of the two counts wins). @default 16'),
  min: z.number().int().min(1).default(2).describe('Fewest CoreDNS replicas. @default 2'),
  max: z.number().int().min(1).default(100).describe('Most CoreDNS replicas. @default 100'),
});

/**
 * CoreDNS scaled with the cluster by cluster-proportional-autoscaler (chart
 * cluster-proportional-autoscaler, linear mode), the alternative to the CoreDNS add-on's own
 * autoscaling: the two together would fight over the replica count, so they are refused together.
 */
export const clusterProportionalAutoscalerModule = defineHelmAddon({
  name: 'cluster-proportional-autoscaler',
  version: '2.0.0',
  migrations: [ROLE_NAME_REMOVED],
  description: 'CoreDNS replicas in proportion to cluster nodes and cores (instead of the CoreDNS add-on\'s autoscaling)',
  chart: 'cluster-proportional-autoscaler',
  namespace: 'kube-system',
  placement: 'system',
  inputs: clusterProportionalAutoscalerInputs,
  after: [corednsModule.name],
  conflicts: [
    {
      module: corednsModule.name,
      reason: 'the CoreDNS add-on\'s own autoscaling is on (coredns.autoScaling.enabled), and two autoscalers would fight over the replica count; set coredns.autoScaling.enabled: false or remove this section',
      when: (_inputs, coredns) => (coredns as CorednsInputs).autoScaling.enabled,
    },
  ],
  check: (inputs, { has }) => [
    ...(inputs.min > inputs.max ? [{ path: ['min'], message: `expected at most max (${inputs.max}), got ${inputs.min}` }] : []),
    ...(has(corednsModule.name) ? [] : [{ path: [], message: 'scales the CoreDNS Deployment, which the coredns module installs; add a "coredns:" section with autoScaling.enabled: false' }]),
  ],
  values: (inputs) => ({
    image: { tag: CPA_IMAGE_TAG },
    options: { target: 'deployment/coredns', namespace: 'kube-system' },
    config: { linear: { coresPerReplica: inputs.coresPerReplica, nodesPerReplica: inputs.nodesPerReplica, min: inputs.min, max: inputs.max, preventSinglePointFailure: true, includeUnschedulableNodes: true } },
  }),
});
