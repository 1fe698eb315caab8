import { z } from 'zod';

/** Route 53 hosted zone ids as the API returns them, minus "/hostedzone/". */
export const hostedZoneId = z.string().regex(/^Z[A-Z0-9]{1,32}$/, { error: (issue) => `expected a Route 53 hosted zone id such as "Z0123456789ABC", got ${JSON.stringify(issue.input)}` });

/** CPU and memory requests (limits equal to them for memory, none for CPU: no throttling of controllers). */
export const resources = (cpu: string, memory: string) =>
  z
    .strictObject({
      cpu: z.string().regex(/^\d+(\.\d+)?m?$/).default(cpu).describe(`CPU request. @default "${cpu}"`),
      memory: z.string().regex(/^\d+(Mi|Gi)$/).default(memory).describe(`Memory request and limit. @default "${memory}"`),
    })
    .default({ cpu, memory })
    .describe(`Resources of each pod: CPU requested (not limited), memory requested and limited. @default ${cpu} CPU, ${memory}`);

export function resourceValues(r: { cpu: string; memory: string }): Record<string, unknown> {
  return { requests: { cpu: r.cpu, memory: r.memory }, limits: { memory: r.memory } };
}
