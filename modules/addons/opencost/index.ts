import { z } from 'zod';
import { ROLE_NAME_REMOVED, defineHelmAddon, helmAddonShape } from '../catalogue/define';

export const opencostInputs = z.strictObject({
  ...helmAddonShape,
  prometheusUrl: z.url({ error: (issue) => `expected the URL of the Prometheus OpenCost reads metrics from, e.g. "http://prometheus-server.prometheus.svc:80", got ${JSON.stringify(issue.input)}` }).describe('Prometheus (or Amazon Managed Service for Prometheus query endpoint) OpenCost reads from; OpenCost needs one and installs none.'),
});

/** OpenCost (chart opencost): cost allocation per namespace and workload, from an existing Prometheus. */
export const opencostModule = defineHelmAddon({
  name: 'opencost',
  version: '2.0.0',
  migrations: [ROLE_NAME_REMOVED],
  description: 'OpenCost cost allocation per namespace and workload, reading an existing Prometheus',
  chart: 'opencost',
  namespace: 'opencost',
  placement: 'system',
  placementPaths: ['opencost'],
  inputs: opencostInputs,
  values: (inputs, { eks }) => ({
    clusterName: eks.clusterName,
    opencost: { prometheus: { internal: { enabled: false }, external: { enabled: true, url: inputs.prometheusUrl } } },
  }),
});
