import { z } from 'zod';
import { ROLE_NAME_REMOVED, defineHelmAddon, helmAddonShape } from '../catalogue/define';
import { resources, resourceValues } from '../catalogue/shared-inputs';

export const falcoInputs = z.strictObject({
  ...helmAddonShape,
  driver: z.enum(['modern_ebpf', 'kmod', 'auto']).default('modern_ebpf').describe('Event source: modern_ebpf needs no kernel headers (AL2023 and Bottlerocket kernels carry BTF). @default "modern_ebpf"'),
  resources: resources('100m', '512Mi'),
});

/**
 * Falco (chart falco): runtime security, a DaemonSet on every node (the system nodes too: it
 * tolerates their taint), reading kernel events through the modern eBPF probe.
 */
export const falcoModule = defineHelmAddon({
  name: 'falco',
  version: '2.0.0',
  migrations: [ROLE_NAME_REMOVED],
  description: 'Falco runtime security on every node (modern eBPF probe)',
  chart: 'falco',
  namespace: 'falco',
  placement: 'any',
  inputs: falcoInputs,
  values: (inputs) => ({
    driver: { kind: inputs.driver },
    tolerations: [
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    ],
    resources: resourceValues(inputs.resources),
  }),
});
