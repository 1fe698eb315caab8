import { alignedBlockAt, blockEnd, contains, overlaps, parseBlock, usableAddresses, type Ipv4Block } from '../shared/cidr';
import type { InputProblem } from '../registry/errors';
import { didYouMean } from '../registry/suggest';
import { DEFAULT_PREFIX_LENGTH, type SubnetType, type VpcInputs } from './props';

export interface PlannedSubnet {
  readonly group: string;
  readonly type: SubnetType;
  readonly azIndex: number;
  readonly block: Ipv4Block;
}

/** A layout problem, at a path below the VPC's inputs. */
export type PlanProblem = InputProblem;

export interface SubnetPlan {
  readonly subnets: PlannedSubnet[];
  readonly problems: PlanProblem[];
  /** Lesser problems: synthesis goes on. */
  readonly warnings: PlanProblem[];
}

/** AWS accepts VPC and subnet prefixes from /16 to /28. */
const MIN_PREFIX = 16;
const MAX_PREFIX = 28;
/** Below /20 a private subnet runs out of pod addresses quickly (every pod takes a VPC IP). */
const SMALLEST_COMFORTABLE_PRIVATE_PREFIX = 20;

/**
 * Lays the subnet groups out in the VPC CIDR, in the order they are declared (so appending a group
 * never moves an existing subnet), and reports every way the layout cannot work.
 */
export function planSubnets(inputs: VpcInputs): SubnetPlan {
  const problems: PlanProblem[] = [];
  const warnings: PlanProblem[] = [];
  const vpc = parseBlock(inputs.cidr);
  if (vpc.prefixLength < MIN_PREFIX || vpc.prefixLength > MAX_PREFIX) {
    problems.push({ path: ['cidr'], message: `AWS VPCs take a /${MIN_PREFIX} to /${MAX_PREFIX} CIDR, got "${inputs.cidr}"` });
    return { subnets: [], problems, warnings };
  }
  if (inputs.availabilityZones && inputs.availabilityZones.length !== inputs.azCount) {
    problems.push({ path: ['availabilityZones'], message: `expected ${inputs.azCount} zones (azCount), got ${inputs.availabilityZones.length}` });
  }
  checkGroupNames(inputs, problems);

  // Explicit CIDRs first: computed groups flow around them.
  const taken: { block: Ipv4Block; where: string }[] = [];
  const subnets: PlannedSubnet[] = [];
  inputs.subnetGroups.forEach((group, groupIndex) => {
    if (!group.cidrs) return;
    if (group.cidrs.length !== inputs.azCount) {
      problems.push({ path: ['subnetGroups', groupIndex, 'cidrs'], message: `expected ${inputs.azCount} CIDRs (one per availability zone), got ${group.cidrs.length}` });
    }
    group.cidrs.forEach((cidr, cidrIndex) => {
      const path = ['subnetGroups', groupIndex, 'cidrs', cidrIndex];
      const block = parseBlock(cidr);
      if (block.prefixLength < MIN_PREFIX || block.prefixLength > MAX_PREFIX) {
        problems.push({ path, message: `AWS subnets take a /${MIN_PREFIX} to /${MAX_PREFIX} CIDR, got "${cidr}"` });
      } else if (!contains(vpc, block)) {
        problems.push({ path, message: `"${cidr}" is outside the VPC CIDR "${inputs.cidr}"` });
      }
      const clash = taken.find((other) => overlaps(other.block, block));
      if (clash) problems.push({ path, message: `"${cidr}" overlaps "${clash.block.cidr}" (${clash.where})` });
      taken.push({ block, where: `subnetGroups[${groupIndex}].cidrs[${cidrIndex}]` });
      if (cidrIndex < inputs.azCount) subnets.push({ group: group.name, type: group.type, azIndex: cidrIndex, block });
    });
  });

  let cursor = vpc.start;
  let outOfRoom = false; // after one group overflows, the ones after it would only repeat the news
  inputs.subnetGroups.forEach((group, groupIndex) => {
    if (group.cidrs || outOfRoom) return;
    const prefixLength = group.prefixLength ?? DEFAULT_PREFIX_LENGTH[group.type];
    if (prefixLength < vpc.prefixLength) {
      problems.push({ path: ['subnetGroups', groupIndex, 'prefixLength'], message: `a /${prefixLength} subnet is larger than the VPC CIDR "${inputs.cidr}"` });
      return;
    }
    for (let azIndex = 0; azIndex < inputs.azCount; azIndex++) {
      let block = alignedBlockAt(cursor, prefixLength);
      for (let clash = taken.find((t) => overlaps(t.block, block)); clash; clash = taken.find((t) => overlaps(t.block, block))) {
        block = alignedBlockAt(blockEnd(clash.block) + 1, prefixLength);
      }
      if (!contains(vpc, block)) {
        problems.push({
          path: ['subnetGroups', groupIndex],
          message: `${inputs.azCount} subnets of /${prefixLength} do not fit in the VPC CIDR "${inputs.cidr}" after the groups before it; use a larger prefixLength or VPC CIDR, or fewer zones`,
        });
        outOfRoom = true;
        return;
      }
      subnets.push({ group: group.name, type: group.type, azIndex, block });
      taken.push({ block, where: `subnetGroups[${groupIndex}]` });
      cursor = blockEnd(block) + 1;
    }
    if (group.type === 'private' && prefixLength > SMALLEST_COMFORTABLE_PRIVATE_PREFIX) {
      warnings.push({ path: ['subnetGroups', groupIndex, 'prefixLength'], message: `private subnets of /${prefixLength} hold ${usableAddresses(prefixLength)} addresses each; pods take VPC addresses, so /${SMALLEST_COMFORTABLE_PRIVATE_PREFIX} or larger is advised` });
    }
  });
  inputs.subnetGroups.forEach((group, groupIndex) => {
    if (group.type !== 'private' || !group.cidrs) return;
    const smallest = Math.max(...group.cidrs.map((cidr) => parseBlock(cidr).prefixLength));
    if (smallest > SMALLEST_COMFORTABLE_PRIVATE_PREFIX) {
      warnings.push({ path: ['subnetGroups', groupIndex, 'cidrs'], message: `private subnets as small as /${smallest} hold ${usableAddresses(smallest)} addresses; pods take VPC addresses, so /${SMALLEST_COMFORTABLE_PRIVATE_PREFIX} or larger is advised` });
    }
  });

  checkClusters(inputs, subnets, problems);
  subnets.sort((a, b) => inputs.subnetGroups.findIndex((g) => g.name === a.group) - inputs.subnetGroups.findIndex((g) => g.name === b.group) || a.azIndex - b.azIndex);
  return { subnets, problems, warnings };
}

function checkGroupNames(inputs: VpcInputs, problems: PlanProblem[]): void {
  const seen = new Set<string>();
  inputs.subnetGroups.forEach((group, index) => {
    if (seen.has(group.name)) problems.push({ path: ['subnetGroups', index, 'name'], message: `group name "${group.name}" is used twice; names must be unique` });
    seen.add(group.name);
  });
  if (!inputs.subnetGroups.some((group) => group.type === 'private')) {
    problems.push({ path: ['subnetGroups'], message: 'expected at least one group of type "private": EKS nodes run in private subnets' });
  }
  if (inputs.natGateways !== 'none' && !inputs.subnetGroups.some((group) => group.type === 'public')) {
    problems.push({ path: ['natGateways'], message: `NAT gateways ("${inputs.natGateways}") live in public subnets, but no group has type "public"; add one or set natGateways: none` });
  }
}

function checkClusters(inputs: VpcInputs, subnets: PlannedSubnet[], problems: PlanProblem[]): void {
  const groupNames = inputs.subnetGroups.map((group) => group.name);
  const discoveredBy = new Map<string, string>();
  const named = new Map<string, number>();
  (inputs.clusters ?? []).forEach((cluster, clusterIndex) => {
    const name = cluster.name ?? '<the environment name>';
    const first = named.get(name);
    if (first !== undefined) problems.push({ path: ['clusters', clusterIndex, 'name'], message: `clusters[${first}] already serves the cluster ${cluster.name ? `"${name}"` : name}; list each cluster once` });
    else named.set(name, clusterIndex);
    const groups = cluster.subnetGroups ?? inputs.subnetGroups.filter((g) => g.type !== 'intra').map((g) => g.name);
    groups.forEach((name, index) => {
      if (!groupNames.includes(name)) {
        problems.push({ path: ['clusters', clusterIndex, 'subnetGroups', index], message: `no subnet group named "${name}"${didYouMean(name, groupNames)}; groups: ${groupNames.join(', ')}` });
      }
    });
    const privateGroups = inputs.subnetGroups.filter((g) => g.type === 'private' && groups.includes(g.name));
    if (cluster.karpenterDiscovery) {
      for (const group of privateGroups) {
        const other = discoveredBy.get(group.name);
        // The discovery tag holds one cluster name: two clusters cannot both discover one subnet.
        if (other) problems.push({ path: ['clusters', clusterIndex, 'karpenterDiscovery'], message: `clusters "${other}" and "${cluster.name ?? '<environment>'}" both want karpenter.sh/discovery on group "${group.name}"; a subnet tag holds one value, so give each cluster its own private group` });
        else discoveredBy.set(group.name, cluster.name ?? '<environment>');
      }
    }
    if (cluster.maxNodes !== undefined) {
      const free = subnets.filter((s) => privateGroups.some((g) => g.name === s.group)).reduce((sum, s) => sum + usableAddresses(s.block.prefixLength), 0);
      const needed = cluster.maxNodes * (cluster.podsPerNode + 1);
      if (free < needed) {
        problems.push({
          path: ['clusters', clusterIndex, 'maxNodes'],
          message: `${cluster.maxNodes} nodes × (${cluster.podsPerNode} pods + 1 node address) need ${needed} addresses, but the cluster's private subnets hold ${free}; use larger private subnets or fewer nodes`,
        });
      }
    }
  });
}
