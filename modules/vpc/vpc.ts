import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { InputProblems } from '../registry/errors';
import type { EnvironmentContext } from '../registry/module';
import { VpcEndpoints } from './endpoints';
import { VpcFlowLogs } from './flow-logs';
import type { ServedClusterInput, SubnetType, VpcInputs } from './props';
import { planSubnets, type PlannedSubnet, type SubnetPlan } from './subnet-plan';

export interface PlatformVpcProps extends VpcInputs {
  readonly environment: EnvironmentContext;
}

export interface VpcOutputs {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly privateSubnetIds: string[];
  readonly publicSubnetIds: string[];
  readonly intraSubnetIds: string[];
  /** Subnet ids by group name, in AZ order. */
  readonly subnetIdsByGroup: Record<string, string[]>;
  /** Each group's type, known at synth time, so dependents can refuse public groups for nodes. */
  readonly subnetGroupTypes: Record<string, SubnetType>;
  /** Private subnet ids of the groups serving the named cluster (where its nodes go). */
  readonly clusterPrivateSubnetIds: Record<string, string[]>;
  readonly flowLogGroupName?: string;
}

/**
 * A multi-AZ VPC for EKS: subnet groups laid out from the VPC CIDR, NAT per the chosen mode,
 * subnets tagged for the clusters they serve, flow logs on and the default security group closed.
 */
export class PlatformVpc extends Construct {
  readonly vpc: Vpc;
  readonly outputs: VpcOutputs;
  /** The subnet layout this VPC was built from (its warnings included). */
  readonly subnetPlan: SubnetPlan;

  constructor(scope: Construct, id: string, props: PlatformVpcProps) {
    super(scope, id);
    const plan = planSubnets(props);
    this.subnetPlan = plan;
    if (plan.problems.length) throw new InputProblems(plan.problems);
    const name = props.name ?? props.environment.name;
    const clusters = (props.clusters ?? [{ karpenterDiscovery: true, podsPerNode: 110 }]).map((cluster) => ({ ...cluster, name: cluster.name ?? props.environment.name }));

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: name },
    });
    // Adopted with no rules: anything attached to the default group by accident gets no traffic.
    new DefaultSecurityGroup(this, 'default-security-group', { vpcId: this.vpc.id, ingress: [], egress: [], tags: { Name: `${name}-default-deny` } });

    const zoneName = this.zoneNames(props);
    const subnets = new Map<PlannedSubnet, Subnet>();
    for (const planned of plan.subnets) {
      subnets.set(
        planned,
        new Subnet(this, `subnet-${planned.group}-${planned.azIndex}`, {
          vpcId: this.vpc.id,
          cidrBlock: planned.block.cidr,
          availabilityZone: zoneName(planned.azIndex),
          mapPublicIpOnLaunch: false,
          tags: { Name: `${name}-${planned.group}-${planned.azIndex}`, 'subnet-group': planned.group, ...clusterTags(planned, clusters, props) },
        }),
      );
    }
    const subnetsOf = (type: string) => plan.subnets.filter((s) => s.type === type);
    const idsOf = (planned: PlannedSubnet[]) => planned.map((s) => subnets.get(s)!.id);

    // Public: one route table through the internet gateway.
    const publicSubnets = subnetsOf('public');
    const natSubnets: Subnet[] = [];
    if (publicSubnets.length) {
      const internetGateway = new InternetGateway(this, 'internet-gateway', { vpcId: this.vpc.id, tags: { Name: name } });
      const publicRoutes = new RouteTable(this, 'route-table-public', { vpcId: this.vpc.id, tags: { Name: `${name}-public` } });
      new Route(this, 'route-public-internet', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: internetGateway.id });
      for (const planned of publicSubnets) {
        new RouteTableAssociation(this, `route-table-association-${planned.group}-${planned.azIndex}`, { subnetId: subnets.get(planned)!.id, routeTableId: publicRoutes.id });
      }
      const firstPublicGroup = publicSubnets[0].group;
      natSubnets.push(...publicSubnets.filter((s) => s.group === firstPublicGroup).map((s) => subnets.get(s)!));
    }

    // NAT gateways in the first public group; `single` puts one in the first zone.
    const natCount = props.natGateways === 'none' ? 0 : props.natGateways === 'single' ? 1 : props.azCount;
    const natGateways: NatGateway[] = [];
    for (let az = 0; az < natCount; az++) {
      const address = new Eip(this, `nat-eip-${az}`, { domain: 'vpc', tags: { Name: `${name}-nat-${az}` } });
      natGateways.push(new NatGateway(this, `nat-gateway-${az}`, { allocationId: address.id, subnetId: natSubnets[az].id, connectivityType: 'public', tags: { Name: `${name}-nat-${az}` } }));
    }

    // Private: a route table per zone (so switching NAT modes changes routes, not tables).
    const privateRouteTables: RouteTable[] = [];
    for (let az = 0; az < props.azCount; az++) {
      const table = new RouteTable(this, `route-table-private-${az}`, { vpcId: this.vpc.id, tags: { Name: `${name}-private-${az}` } });
      privateRouteTables.push(table);
      if (natGateways.length) {
        new Route(this, `route-private-nat-${az}`, { routeTableId: table.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: natGateways[Math.min(az, natGateways.length - 1)].id });
      }
    }
    for (const planned of subnetsOf('private')) {
      new RouteTableAssociation(this, `route-table-association-${planned.group}-${planned.azIndex}`, { subnetId: subnets.get(planned)!.id, routeTableId: privateRouteTables[planned.azIndex].id });
    }

    // Intra: no route out of the VPC at all.
    const intraSubnets = subnetsOf('intra');
    const gatewayRouteTableIds = privateRouteTables.map((t) => t.id);
    if (intraSubnets.length) {
      const intraRoutes = new RouteTable(this, 'route-table-intra', { vpcId: this.vpc.id, tags: { Name: `${name}-intra` } });
      gatewayRouteTableIds.push(intraRoutes.id);
      for (const planned of intraSubnets) {
        new RouteTableAssociation(this, `route-table-association-${planned.group}-${planned.azIndex}`, { subnetId: subnets.get(planned)!.id, routeTableId: intraRoutes.id });
      }
    }

    const flowLogs = props.flowLogs.enabled ? new VpcFlowLogs(this, 'flow-logs', props.environment, { vpcName: name, vpcId: this.vpc.id, settings: props.flowLogs }) : undefined;
    const firstPrivateGroup = subnetsOf('private')[0]?.group;
    new VpcEndpoints(this, 'endpoints', props.environment, {
      vpcName: name,
      vpcId: this.vpc.id,
      vpcCidr: props.cidr,
      interfaceSubnetIds: idsOf(subnetsOf('private').filter((s) => s.group === firstPrivateGroup)),
      gatewayRouteTableIds,
      settings: props.endpoints,
    });

    const subnetIdsByGroup: Record<string, string[]> = {};
    for (const group of props.subnetGroups) subnetIdsByGroup[group.name] = idsOf(plan.subnets.filter((s) => s.group === group.name));
    const clusterPrivateSubnetIds: Record<string, string[]> = {};
    for (const cluster of clusters) {
      const groups = servedGroups(cluster, props);
      clusterPrivateSubnetIds[cluster.name] = idsOf(subnetsOf('private').filter((s) => groups.includes(s.group)));
    }
    this.outputs = {
      vpcId: this.vpc.id,
      vpcCidr: props.cidr,
      privateSubnetIds: idsOf(subnetsOf('private')),
      publicSubnetIds: idsOf(publicSubnets),
      intraSubnetIds: idsOf(intraSubnets),
      subnetIdsByGroup,
      subnetGroupTypes: Object.fromEntries(props.subnetGroups.map((group) => [group.name, group.type])),
      clusterPrivateSubnetIds,
      flowLogGroupName: flowLogs?.logGroup.name,
    };
  }

  /** Zone names: the given ones, or the region's available zones read at plan time. */
  private zoneNames(props: PlatformVpcProps): (azIndex: number) => string {
    if (props.availabilityZones) {
      const zones = props.availabilityZones;
      return (azIndex) => zones[azIndex];
    }
    const available = new DataAwsAvailabilityZones(this, 'available-zones', {
      state: 'available',
      // Local Zones and Wavelength Zones are opt-in; subnets for EKS belong in regular zones.
      filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
    });
    return (azIndex) => Fn.element(available.names, azIndex);
  }
}

function servedGroups(cluster: ServedClusterInput, props: VpcInputs): string[] {
  return cluster.subnetGroups ?? props.subnetGroups.filter((g) => g.type !== 'intra').map((g) => g.name);
}

/**
 * Tags that make a subnet usable by each cluster it serves: load balancer roles for the AWS Load
 * Balancer Controller, cluster ownership, and Karpenter's discovery tag on private subnets.
 */
function clusterTags(planned: PlannedSubnet, clusters: (ServedClusterInput & { name: string })[], props: VpcInputs): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const cluster of clusters) {
    if (!servedGroups(cluster, props).includes(planned.group)) continue;
    tags[`kubernetes.io/cluster/${cluster.name}`] = 'shared';
    if (planned.type === 'public') tags['kubernetes.io/role/elb'] = '1';
    if (planned.type === 'private') {
      tags['kubernetes.io/role/internal-elb'] = '1';
      if (cluster.karpenterDiscovery) tags['karpenter.sh/discovery'] = cluster.name;
    }
  }
  return tags;
}
