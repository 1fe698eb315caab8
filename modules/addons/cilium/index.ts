import { Fn } from 'cdktf';
import { z } from 'zod';
import { kubeProxyModule } from '../kube-proxy';
import { vpcCniModule } from '../vpc-cni';
import { ROLE_NAME_REMOVED, defineHelmAddon, helmAddonShape } from '../catalogue/define';

export const ciliumInputs = z.strictObject({
  ...helmAddonShape,
  kubeProxyReplacement: z
    .boolean()
    .default(false)
    .describe('Cilium serves Services itself (eBPF) instead of kube-proxy; then the kube-proxy add-on is refused, and nodes must not run it. @default false'),
});

/**
 * Cilium (chart cilium) chained to the Amazon VPC CNI: the VPC CNI keeps IP addressing (pods keep VPC
 * addresses, prefix delegation), Cilium adds network policy and observability. Values as Cilium's
 * "AWS VPC CNI plugin" chaining guide gives them (cni.chainingMode aws-cni, cni.exclusive false,
 * enableIPv4Masquerade false, routingMode native, endpointRoutes.enabled true), checked against the
 * chart's values.schema.json. With kubeProxyReplacement, Cilium talks to the API server directly, so
 * it gets the endpoint's host.
 */
export const ciliumModule = defineHelmAddon({
  name: 'cilium',
  version: '2.0.0',
  migrations: [ROLE_NAME_REMOVED],
  description: 'Cilium chained to the VPC CNI (network policy, Hubble), optionally replacing kube-proxy',
  chart: 'cilium',
  namespace: 'kube-system',
  // The agent is a DaemonSet on every node (it tolerates every taint); the operator goes to system nodes.
  placement: 'system',
  placementPaths: ['operator'],
  inputs: ciliumInputs,
  after: [vpcCniModule.name],
  conflicts: [
    {
      module: kubeProxyModule.name,
      reason: 'cilium.kubeProxyReplacement is on, so Cilium serves Services and kube-proxy must not run too; remove the "kube-proxy" section (or turn kubeProxyReplacement off)',
      when: (inputs) => inputs.kubeProxyReplacement,
    },
  ],
  check: (_inputs, { has }) => (has(vpcCniModule.name) ? [] : [{ path: [], message: 'chains to the Amazon VPC CNI, which the vpc-cni module installs; add a "vpc-cni:" section' }]),
  values: (inputs, { eks }) => ({
    cni: { chainingMode: 'aws-cni', exclusive: false },
    enableIPv4Masquerade: false,
    routingMode: 'native',
    endpointRoutes: { enabled: true },
    operator: { replicas: 2 },
    ...(inputs.kubeProxyReplacement ? { kubeProxyReplacement: true, k8sServiceHost: Fn.replace(eks.clusterEndpoint, 'https://', ''), k8sServicePort: 443 } : {}),
  }),
});
