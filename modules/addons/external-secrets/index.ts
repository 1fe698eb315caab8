import { z } from 'zod';
import { defineHelmAddon, helmAddonShape } from '../catalogue/define';
import { podIdentityAddonShape } from '../inputs';
import { resources, resourceValues } from '../catalogue/shared-inputs';

export const externalSecretsInputs = z
  .strictObject({
    ...helmAddonShape,
    ...podIdentityAddonShape,
    secretArns: z.array(z.string().regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, { error: (issue) => `expected a Secrets Manager secret ARN (a trailing * matches the random suffix), got ${JSON.stringify(issue.input)}` })).default([]).describe('Secrets Manager secrets it may read. @default none'),
    parameterPathPrefixes: z.array(z.string().regex(/^\/[\w./-]*$/, { error: (issue) => `expected an SSM parameter path such as "/platform/prod/", got ${JSON.stringify(issue.input)}` })).default([]).describe('SSM Parameter Store paths it may read. @default none'),
    clusterSecretStores: z.boolean().default(true).describe('Create a ClusterSecretStore per service given ("aws-secrets-manager", "aws-parameter-store"). @default true'),
    resources: resources('50m', '128Mi'),
  })
  .superRefine((inputs, ctx) => {
    if (!inputs.secretArns.length && !inputs.parameterPathPrefixes.length) {
      ctx.addIssue({ code: 'custom', path: ['secretArns'], message: 'external-secrets needs something to read: give secretArns or parameterPathPrefixes (its IAM policy names exactly those)', input: inputs.secretArns });
    }
  });

/**
 * external-secrets (chart external-secrets): Kubernetes Secrets from Secrets Manager and Parameter
 * Store, scoped by its IAM policy to the secrets and paths the spec names, with a ClusterSecretStore
 * per service (credentials from Pod Identity through the default chain: no auth block).
 */
export const externalSecretsModule = defineHelmAddon({
  name: 'external-secrets',
  version: '1.0.0',
  description: 'External Secrets Operator with ClusterSecretStores for Secrets Manager and Parameter Store, read access scoped by IAM',
  chart: 'external-secrets',
  namespace: 'external-secrets',
  serviceAccount: 'external-secrets',
  podIdentity: { policy: 'external-secrets', options: (inputs) => ({ ...(inputs.secretArns.length ? { secretArns: inputs.secretArns } : {}), ...(inputs.parameterPathPrefixes.length ? { parameterPathPrefixes: inputs.parameterPathPrefixes } : {}) }) },
  placement: 'system',
  placementPaths: ['', 'webhook', 'certController'],
  inputs: externalSecretsInputs,
  values: (inputs) => ({ installCRDs: true, resources: resourceValues(inputs.resources) }),
  objects: (inputs, { environment }) => {
    if (!inputs.clusterSecretStores) return [];
    const store = (name: string, service: string) => ({ apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name }, spec: { provider: { aws: { service, region: environment.region } } } });
    return [...(inputs.secretArns.length ? [store('aws-secrets-manager', 'SecretsManager')] : []), ...(inputs.parameterPathPrefixes.length ? [store('aws-parameter-store', 'ParameterStore')] : [])];
  },
});
