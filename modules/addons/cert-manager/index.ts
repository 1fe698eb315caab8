import { z } from 'zod';
import { defineHelmAddon, helmAddonShape } from '../catalogue/define';
import { podIdentityAddonShape } from '../inputs';
import { hostedZoneId, resources, resourceValues } from '../catalogue/shared-inputs';

/** Let's Encrypt's ACME directories, by the name a spec uses. */
export const ACME_SERVERS = {
  letsencrypt: 'https://acme-v02.api.letsencrypt.org/directory',
  'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
} as const;

const clusterIssuer = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/).default('route53').describe('ClusterIssuer name Certificates refer to. @default "route53"'),
    email: z.email({ error: (issue) => `expected the ACME account e-mail (expiry notices go there), got ${JSON.stringify(issue.input)}` }).describe('ACME account e-mail.'),
    server: z.enum(Object.keys(ACME_SERVERS) as [keyof typeof ACME_SERVERS, ...(keyof typeof ACME_SERVERS)[]]).default('letsencrypt').describe('ACME directory: letsencrypt or letsencrypt-staging (no rate limits while testing). @default "letsencrypt"'),
    hostedZoneIds: z.array(hostedZoneId).min(1).describe('Route 53 zones the DNS-01 solver may write _acme-challenge records in (its IAM policy names exactly these).'),
  })
  .describe('A ClusterIssuer for ACME with Route 53 DNS-01 validation; its IAM comes through Pod Identity.');

export const certManagerInputs = z.strictObject({
  ...helmAddonShape,
  ...podIdentityAddonShape,
  clusterIssuer: clusterIssuer.optional().describe('ACME ClusterIssuer with a Route 53 DNS-01 solver. @default none (no AWS permissions either)'),
  resources: resources('50m', '128Mi'),
});

/**
 * cert-manager (chart cert-manager): certificates from ACME or private CAs. Its CRDs come with the
 * release (crds.enabled) so upgrades upgrade them; with `clusterIssuer`, an ACME issuer solving
 * DNS-01 in the named Route 53 zones, created after the release in a generated chart.
 */
export const certManagerModule = defineHelmAddon({
  name: 'cert-manager',
  version: '2.0.0',
  migrations: [
    {
      fromMajor: 1,
      summary: 'podIdentityRoleName without a Route 53 clusterIssuer is refused: 1.x accepted it and made no role, since cert-manager calls AWS only for that issuer (nothing in AWS changes when it is deleted)',
    },
  ],
  description: 'cert-manager with its CRDs, and optionally an ACME ClusterIssuer solving DNS-01 in Route 53 through Pod Identity',
  chart: 'cert-manager',
  namespace: 'cert-manager',
  serviceAccount: 'cert-manager',
  podIdentity: { policy: 'cert-manager', options: (inputs) => ({ hostedZoneIds: inputs.clusterIssuer!.hostedZoneIds }), optionInputs: { hostedZoneIds: ['clusterIssuer', 'hostedZoneIds'] }, when: (inputs) => inputs.clusterIssuer !== undefined, whenDescription: 'cert-manager calls AWS only for a Route 53 clusterIssuer' },
  placement: 'system',
  placementPaths: ['', 'webhook', 'cainjector', 'startupapicheck'],
  inputs: certManagerInputs,
  values: (inputs) => ({
    crds: { enabled: true, keep: true },
    replicaCount: 2,
    podDisruptionBudget: { enabled: true, minAvailable: 1 },
    resources: resourceValues(inputs.resources),
    webhook: { replicaCount: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } },
  }),
  objects: (inputs, { environment }) =>
    inputs.clusterIssuer
      ? [
          {
            apiVersion: 'cert-manager.io/v1',
            kind: 'ClusterIssuer',
            metadata: { name: inputs.clusterIssuer.name },
            spec: {
              acme: {
                server: ACME_SERVERS[inputs.clusterIssuer.server],
                email: inputs.clusterIssuer.email,
                privateKeySecretRef: { name: `${inputs.clusterIssuer.name}-acme-account` },
                solvers: inputs.clusterIssuer.hostedZoneIds.map((zone) => ({ dns01: { route53: { region: environment.region, hostedZoneID: zone } } })),
              },
            },
          },
        ]
      : [],
});
