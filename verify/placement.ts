/**
 * NODE001 (no checkov counterpart): nodes run in private subnets. Node groups and
 * Fargate profiles usually sit in another stack than their subnets, so the rule follows each subnet
 * reference across stacks (remote-state output → producer's output value → aws_subnet) and calls a
 * subnet public when it maps public IPs on launch or its route table routes to an internet gateway.
 */
import type { Finding } from './rules';
import { producerOf } from './remote-state';
import type { TerraformJson } from './terraform-json';

type Body = Record<string, unknown>;

export const PLACEMENT_RULE = { id: 'NODE001', fix: 'place node groups and Fargate profiles in private subnet groups' } as const;

const COMPUTE_TYPES = ['aws_eks_node_group', 'aws_eks_fargate_profile'] as const;
const SUBNET_REF = /aws_subnet\.([\w-]+)\.id/;
const REMOTE_OUTPUT = /data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)/;

interface SubnetRef {
  readonly stack: string;
  readonly id: string;
}

const resources = (tf: TerraformJson, type: string): [string, Body][] => Object.entries(tf.resource?.[type] ?? {});
const mentions = (value: unknown, address: string): boolean => JSON.stringify(value ?? null).includes(`${address}.`);

/** The aws_subnet a reference string ends at, following at most one remote-state hop. */
function resolveSubnet(reference: string, stack: string, stacks: Readonly<Record<string, TerraformJson>>): SubnetRef | undefined {
  const local = SUBNET_REF.exec(reference);
  if (local) return { stack, id: local[1] };
  const remote = REMOTE_OUTPUT.exec(reference);
  if (!remote) return undefined;
  const [, dataId, outputName] = remote;
  const body = stacks[stack].data?.terraform_remote_state?.[dataId];
  const producer = body && producerOf(body, dataId, stacks, stack);
  const value = producer ? stacks[producer].output?.[outputName]?.value : undefined;
  return typeof value === 'string' && producer ? resolveSubnet(value, producer, stacks) : undefined;
}

/** Why a subnet is public, or undefined when it is private. */
function publicBecause(subnet: SubnetRef, stacks: Readonly<Record<string, TerraformJson>>): string | undefined {
  const tf = stacks[subnet.stack];
  const body = tf.resource?.aws_subnet?.[subnet.id];
  if (!body) return undefined;
  if (body.map_public_ip_on_launch === true) return 'it maps public IPs on launch';
  const gateways = Object.keys(tf.resource?.aws_internet_gateway ?? {}).map((id) => `aws_internet_gateway.${id}`);
  for (const [, association] of resources(tf, 'aws_route_table_association').filter(([, a]) => mentions(a.subnet_id, `aws_subnet.${subnet.id}`))) {
    const table = /aws_route_table\.([\w-]+)\./.exec(String(association.route_table_id))?.[1];
    if (!table) continue;
    const routes = [...resources(tf, 'aws_route').filter(([, r]) => mentions(r.route_table_id, `aws_route_table.${table}`)).map(([, r]) => r), ...((tf.resource?.aws_route_table?.[table]?.route as Body[] | undefined) ?? [])];
    if (routes.some((route) => gateways.some((gateway) => mentions(route.gateway_id, gateway)))) return 'its route table routes to an internet gateway';
  }
  return undefined;
}

/** NODE001 findings over all stacks of an app; each finding carries the compute resource's stack. */
export function placementFindings(stacks: Readonly<Record<string, TerraformJson>>): (Finding & { stack: string })[] {
  const findings: (Finding & { stack: string })[] = [];
  for (const [stack, tf] of Object.entries(stacks)) {
    for (const type of COMPUTE_TYPES) {
      for (const [id, body] of resources(tf, type)) {
        const subnetIds = Array.isArray(body.subnet_ids) ? body.subnet_ids : [];
        for (const reference of subnetIds) {
          const subnet = resolveSubnet(String(reference), stack, stacks);
          const reason = subnet && publicBecause(subnet, stacks);
          if (reason) {
            findings.push({ stack, rule: PLACEMENT_RULE.id, address: `${type}.${id}`, message: `runs in public subnet ${subnet.stack}/aws_subnet.${subnet.id} (${reason}); fix: ${PLACEMENT_RULE.fix}` });
          }
        }
      }
    }
  }
  return findings;
}
