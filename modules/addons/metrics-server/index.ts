import { z } from 'zod';
import { ROLE_NAME_REMOVED, defineHelmAddon, helmAddonShape } from '../catalogue/define';
import { resources, resourceValues } from '../catalogue/shared-inputs';

export const metricsServerInputs = z.strictObject({
  ...helmAddonShape,
  replicas: z.number().int().min(1).max(10).default(2).describe('Replicas; 2 with a PodDisruptionBudget keep `kubectl top` and HPAs working through node drains. @default 2'),
  resources: resources('100m', '200Mi'),
});

/** metrics-server (chart metrics-server): resource metrics for HorizontalPodAutoscalers and `kubectl top`. */
export const metricsServerModule = defineHelmAddon({
  name: 'metrics-server',
  version: '2.0.0',
  migrations: [ROLE_NAME_REMOVED],
  description: 'metrics-server: the resource metrics API behind HorizontalPodAutoscalers and kubectl top',
  chart: 'metrics-server',
  namespace: 'kube-system',
  placement: 'system',
  inputs: metricsServerInputs,
  values: (inputs) => ({
    replicas: inputs.replicas,
    podDisruptionBudget: { enabled: inputs.replicas > 1, minAvailable: 1 },
    resources: resourceValues(inputs.resources),
  }),
});
