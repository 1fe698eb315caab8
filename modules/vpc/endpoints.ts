import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import type { EnvironmentContext } from '../registry/module';
import type { VpcInputs } from './props';

export interface VpcEndpointsProps {
  readonly vpcName: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** One subnet per AZ for interface endpoints. */
  readonly interfaceSubnetIds: string[];
  /** Route tables of private and intra subnets for the S3 gateway endpoint. */
  readonly gatewayRouteTableIds: string[];
  readonly settings: VpcInputs['endpoints'];
}

/**
 * Endpoints that let a private cluster pull images (ECR api + dkr, layers from S3), get credentials
 * (STS), manage ENIs (EC2), read interruption events (SQS) and ship logs without internet egress.
 */
export class VpcEndpoints extends Construct {
  constructor(scope: Construct, id: string, environment: EnvironmentContext, props: VpcEndpointsProps) {
    super(scope, id);
    const servicePrefix = environment.partition === 'aws-cn' ? `cn.com.amazonaws.${environment.region}` : `com.amazonaws.${environment.region}`;
    if (props.settings.s3Gateway) {
      new VpcEndpoint(this, 's3', {
        vpcId: props.vpcId,
        serviceName: `${servicePrefix}.s3`,
        vpcEndpointType: 'Gateway',
        routeTableIds: props.gatewayRouteTableIds,
        tags: { Name: `${props.vpcName}-s3` },
      });
    }
    if (props.settings.interface.length === 0) return;
    const securityGroup = new SecurityGroup(this, 'security-group', {
      name: `${props.vpcName}-vpc-endpoints`,
      description: 'HTTPS from inside the VPC to interface endpoints',
      vpcId: props.vpcId,
      tags: { Name: `${props.vpcName}-vpc-endpoints` },
      // Replaced only for a new name (vpc.name) or a new VPC, and group names are unique per VPC, so
      // the new group can exist first: the endpoints move to it in place and never lose their group.
      lifecycle: { createBeforeDestroy: true },
    });
    new VpcSecurityGroupIngressRule(this, 'https-from-vpc', {
      securityGroupId: securityGroup.id,
      description: 'HTTPS from the VPC CIDR',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });
    for (const service of [...props.settings.interface].sort()) {
      new VpcEndpoint(this, service.replace('.', '-'), {
        vpcId: props.vpcId,
        serviceName: `${servicePrefix}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: props.interfaceSubnetIds,
        securityGroupIds: [securityGroup.id],
        tags: { Name: `${props.vpcName}-${service}` },
      });
    }
  }
}
