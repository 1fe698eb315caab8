import { joinPath } from '../registry/errors';
import { defaultRegistry } from '../registry/registry';
import { defineModule, withProblems } from '../registry/module';
import { vpcInputs } from './props';
import { planSubnets } from './subnet-plan';
import { PlatformVpc, type VpcOutputs } from './vpc';

export { PlatformVpc, type PlatformVpcProps, type VpcOutputs } from './vpc';
export { vpcInputs, type VpcInputs } from './props';
export { planSubnets } from './subnet-plan';

export const vpcModule = defineModule({
  name: 'vpc',
  version: '1.0.0',
  description: 'Multi-AZ VPC with public/private/intra subnets, NAT, EKS subnet tags, flow logs and endpoints',
  stack: 'network',
  inputs: withProblems(vpcInputs, (inputs) => planSubnets(inputs).problems),
  outputs: {
    vpcId: 'VPC id',
    vpcCidr: 'VPC IPv4 CIDR',
    privateSubnetIds: 'Private subnet ids, every private group, AZ order',
    publicSubnetIds: 'Public subnet ids',
    intraSubnetIds: 'Intra subnet ids (no internet route)',
    subnetIdsByGroup: 'Subnet ids by group name',
    clusterPrivateSubnetIds: 'Private subnet ids by the cluster they serve',
    flowLogGroupName: 'CloudWatch log group of the VPC flow logs',
  },
  dependsOn: [],
  build(scope, inputs, context): VpcOutputs {
    const vpc = new PlatformVpc(scope, 'vpc', { ...inputs, environment: context.environment });
    for (const warning of vpc.subnetPlan.warnings) context.warn(joinPath(warning.path), warning.message);
    return vpc.outputs;
  },
});

defaultRegistry.register(vpcModule);
