import { z } from 'zod';
import { defineHelmAddon, helmAddonShape } from '../catalogue/define';
import { podIdentityAddonShape } from '../inputs';
import { hostedZoneId, resources, resourceValues } from '../catalogue/shared-inputs';

export const externalDnsInputs = z.strictObject({
  ...helmAddonShape,
  ...podIdentityAddonShape,
  hostedZoneIds: z.array(hostedZoneId).min(1).describe('Route 53 hosted zones external-dns may change: its IAM policy names exactly these, and --zone-id-filter limits it to them.'),
  domainFilters: z.array(z.string().min(1)).default([]).describe('Only records under these domains. @default every domain of the zones'),
  policy: z.enum(['upsert-only', 'sync']).default('upsert-only').describe('upsert-only never deletes records; sync also deletes the records of deleted Services and Ingresses. @default "upsert-only"'),
  resources: resources('50m', '128Mi'),
});

/**
 * external-dns (chart external-dns): Route 53 records for Services and Ingresses. The zones from
 * the spec scope both its IAM policy and its --zone-id-filter, so the two never disagree; the TXT
 * owner id is the cluster name, so two clusters sharing a zone leave each other's records alone.
 */
export const externalDnsModule = defineHelmAddon({
  name: 'external-dns',
  version: '1.0.0',
  description: 'external-dns: Route 53 records for Services and Ingresses, limited to the zones its IAM policy names',
  chart: 'external-dns',
  namespace: 'external-dns',
  serviceAccount: 'external-dns',
  podIdentity: { policy: 'external-dns', options: (inputs) => ({ hostedZoneIds: inputs.hostedZoneIds }) },
  placement: 'system',
  inputs: externalDnsInputs,
  provides: ['DNS records'],
  values: (inputs, { eks }) => ({
    provider: { name: 'aws' },
    txtOwnerId: eks.clusterName,
    policy: inputs.policy,
    domainFilters: inputs.domainFilters,
    extraArgs: inputs.hostedZoneIds.map((id) => `--zone-id-filter=${id}`),
    resources: resourceValues(inputs.resources),
  }),
});
