import { z } from 'zod';
import { defineHelmAddon, helmAddonShape } from '../catalogue/define';
import { podIdentityAddonShape } from '../inputs';
import { resources, resourceValues } from '../catalogue/shared-inputs';

export const awsLoadBalancerControllerInputs = z.strictObject({
  ...helmAddonShape,
  ...podIdentityAddonShape,
  replicas: z.number().int().min(1).max(10).default(2).describe('Controller replicas (leader-elected; 2 keep the webhook up through a node drain). @default 2'),
  resources: resources('100m', '256Mi'),
});

/**
 * AWS Load Balancer Controller (chart aws-load-balancer-controller): Ingresses to ALBs, Services of
 * type LoadBalancer to NLBs. IAM through Pod Identity with the upstream iam_policy.json. It creates
 * load balancers for workloads, so every other add-on is installed after it (its webhook mutates
 * Services) and destroyed before it (it deletes the load balancers it made).
 */
export const awsLoadBalancerControllerModule = defineHelmAddon({
  name: 'aws-load-balancer-controller',
  version: '1.0.0',
  description: 'AWS Load Balancer Controller: ALBs for Ingresses, NLBs for Services, IAM through Pod Identity',
  chart: 'aws-load-balancer-controller',
  namespace: 'kube-system',
  serviceAccount: 'aws-load-balancer-controller',
  podIdentity: { policy: 'aws-load-balancer-controller' },
  placement: 'system',
  inputs: awsLoadBalancerControllerInputs,
  provides: ['load balancers'],
  refusedInAutoMode: 'the cluster runs EKS Auto Mode, whose built-in load balancing controller already serves Ingresses and Services; two controllers would fight over them, so remove this section',
  values: (inputs, { eks, environment }) => ({
    clusterName: eks.clusterName,
    // Set rather than read from instance metadata: IMDS hop limit 1 keeps pods away from it.
    region: environment.region,
    replicaCount: inputs.replicas,
    resources: resourceValues(inputs.resources),
  }),
});
