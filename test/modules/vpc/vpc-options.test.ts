import { BASE_FIELDS, synthSpec } from '../../support/synth';

const vpc = (inputs: Record<string, unknown>) => synthSpec({ ...BASE_FIELDS, vpc: inputs }, 'opt');

describe('vpc options', () => {
  test('natGateways: single puts one NAT in the first zone and routes every private zone to it', () => {
    const { network } = vpc({ natGateways: 'single' }).stacks;
    expect(network).toHaveResourceCount('aws_nat_gateway', 1);
    expect(network).toHaveResourceCount('aws_eip', 1);
    expect(network).toHaveEveryResourceMatching('aws_route', { nat_gateway_id: expect.stringContaining('nat-gateway-0_') }, { nat_gateway_id: expect.any(String) });
    expect(network).toHaveResourceCount('aws_route_table', 4);
  });

  test('natGateways: none leaves private subnets without a default route', () => {
    const { network } = vpc({ natGateways: 'none' }).stacks;
    expect(network).toHaveResourceCount('aws_nat_gateway', 0);
    expect(network).toHaveResourceCount('aws_eip', 0);
    expect(network).toHaveResourceCount('aws_route', 1); // the public route only
  });

  test('azCount and explicit availabilityZones', () => {
    const { network } = vpc({ azCount: 2, availabilityZones: ['eu-west-1a', 'eu-west-1c'] }).stacks;
    expect(network).toHaveResourceCount('aws_subnet', 4);
    expect(network).toHaveResourceMatching('aws_subnet', { availability_zone: 'eu-west-1c', cidr_block: '10.0.32.0/19' });
    expect(network).not.toHaveDataSourceMatching('aws_availability_zones');
  });

  test('an intra group gets a route table with no route out of the VPC', () => {
    const { network } = vpc({ subnetGroups: [{ name: 'nodes', type: 'private' }, { name: 'edge', type: 'public' }, { name: 'cp', type: 'intra', prefixLength: 28 }] }).stacks;
    expect(network).toHaveResourceMatching('aws_subnet', { cidr_block: '10.0.99.0/28', tags: expect.objectContaining({ 'subnet-group': 'cp' }) });
    expect(network).toHaveResourceMatching('aws_route_table', { tags: expect.objectContaining({ Name: 'opt-intra' }) });
    expect(network).toHaveEveryResourceMatching('aws_route', { route_table_id: expect.not.stringContaining('route-table-intra') });
    expect(network).toHaveEveryResourceMatching('aws_subnet', { tags: expect.not.objectContaining({ 'kubernetes.io/role/internal-elb': '1' }) }, { tags: expect.objectContaining({ 'subnet-group': 'cp' }) });
  });

  test('explicit CIDRs pin a group; computed groups flow around them', () => {
    const { network } = vpc({
      subnetGroups: [
        { name: 'private', type: 'private', prefixLength: 20 },
        { name: 'public', type: 'public', cidrs: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'] },
      ],
    }).stacks;
    expect(network).toHaveResourceMatching('aws_subnet', { cidr_block: '10.0.0.0/24' });
    // The first private /20 cannot start at 10.0.0.0 (taken), so it goes to the next aligned /20.
    expect(network).toHaveResourceMatching('aws_subnet', { cidr_block: '10.0.16.0/20', tags: expect.objectContaining({ 'subnet-group': 'private' }) });
  });

  test('a shared VPC tags each cluster\'s groups for that cluster only', () => {
    const { network } = vpc({
      subnetGroups: [
        { name: 'blue', type: 'private', prefixLength: 20 },
        { name: 'green', type: 'private', prefixLength: 20 },
        { name: 'public', type: 'public' },
      ],
      clusters: [
        { name: 'blue-eks', subnetGroups: ['blue', 'public'] },
        { name: 'green-eks', subnetGroups: ['green', 'public'] },
      ],
    }).stacks;
    expect(network).toHaveEveryResourceMatching('aws_subnet', { tags: expect.objectContaining({ 'karpenter.sh/discovery': 'blue-eks', 'kubernetes.io/cluster/blue-eks': 'shared' }) }, { tags: expect.objectContaining({ 'subnet-group': 'blue' }) });
    expect(network).toHaveEveryResourceMatching('aws_subnet', { tags: expect.not.objectContaining({ 'kubernetes.io/cluster/blue-eks': 'shared' }) }, { tags: expect.objectContaining({ 'subnet-group': 'green' }) });
    expect(network).toHaveEveryResourceMatching(
      'aws_subnet',
      { tags: expect.objectContaining({ 'kubernetes.io/cluster/blue-eks': 'shared', 'kubernetes.io/cluster/green-eks': 'shared', 'kubernetes.io/role/elb': '1' }) },
      { tags: expect.objectContaining({ 'subnet-group': 'public' }) },
    );
    expect(network).toHaveOutput('vpc_cluster_private_subnet_ids', { value: { 'blue-eks': expect.any(Array), 'green-eks': expect.any(Array) } });
  });

  test('karpenterDiscovery: false leaves the discovery tag off', () => {
    const { network } = vpc({ clusters: [{ name: 'x', karpenterDiscovery: false }] }).stacks;
    expect(network).toHaveEveryResourceMatching('aws_subnet', { tags: expect.not.objectContaining({ 'karpenter.sh/discovery': expect.anything() }) });
  });

  test('flowLogs: retention, traffic type, interval and a given KMS key (no key created)', () => {
    const kmsKeyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const { network } = vpc({ flowLogs: { retentionDays: 30, trafficType: 'REJECT', maxAggregationInterval: 60, kmsKeyArn } }).stacks;
    expect(network).toHaveResourceMatching('aws_cloudwatch_log_group', { retention_in_days: 30, kms_key_id: kmsKeyArn });
    expect(network).toHaveResourceMatching('aws_flow_log', { traffic_type: 'REJECT', max_aggregation_interval: 60 });
    expect(network).toHaveResourceCount('aws_kms_key', 0);
  });

  test('flowLogs.enabled: false creates no flow log, group, role or key', () => {
    const { network } = vpc({ flowLogs: { enabled: false } }).stacks;
    for (const type of ['aws_flow_log', 'aws_cloudwatch_log_group', 'aws_iam_role', 'aws_kms_key']) expect(network).toHaveResourceCount(type, 0);
  });

  test('interface endpoints for a private cluster, reachable on 443 from the VPC only', () => {
    const { network } = vpc({ cidr: '10.20.0.0/16', endpoints: { interface: ['ecr.api', 'ecr.dkr', 'sts', 'ec2', 'sqs', 'logs'] } }).stacks;
    expect(network).toHaveResourceCount('aws_vpc_endpoint', 7);
    for (const service of ['ecr.api', 'ecr.dkr', 'sts', 'ec2', 'sqs', 'logs']) {
      expect(network).toHaveResourceMatching('aws_vpc_endpoint', { service_name: `com.amazonaws.eu-west-1.${service}`, vpc_endpoint_type: 'Interface', private_dns_enabled: true });
    }
    expect(network).toHaveResourceMatching('aws_vpc_security_group_ingress_rule', { from_port: 443, to_port: 443, ip_protocol: 'tcp', cidr_ipv4: '10.20.0.0/16' });
    expect(network).toReference({ type: 'aws_vpc_endpoint', where: { vpc_endpoint_type: 'Interface' } }, 'security_group_ids', { type: 'aws_security_group' });
  });

  test('endpoints.s3Gateway: false removes the gateway endpoint', () => {
    expect(vpc({ endpoints: { s3Gateway: false } }).stacks.network).toHaveResourceCount('aws_vpc_endpoint', 0);
  });

  test('name overrides the Name tag prefix', () => {
    expect(vpc({ name: 'shared-net' }).stacks.network).toHaveResourceMatching('aws_vpc', { tags: { Name: 'shared-net' } });
  });

  test('a private group smaller than /20 is a warning, not an error', () => {
    const result = vpc({ subnetGroups: [{ name: 'private', type: 'private', prefixLength: 22 }, { name: 'public', type: 'public' }] });
    expect(result.warnings).toEqual([{ path: 'vpc.subnetGroups[0].prefixLength', message: expect.stringContaining('private subnets of /22 hold 1019 addresses each') }]);
  });

  test('partition-aware names in China regions', () => {
    const result = synthSpec({ ...BASE_FIELDS, region: 'cn-north-1', vpc: {} }, 'cn');
    expect(result.stacks.network).toHaveResourceMatching('aws_vpc_endpoint', { service_name: 'cn.com.amazonaws.cn-north-1.s3' });
    expect(result.stacks.network).toHavePolicyStatement('aws_kms_key', { Principal: { AWS: 'arn:aws-cn:iam::123456789012:root' } });
  });
});
