import { BASE_FIELDS, synthSpec } from '../../support/synth';
import type { TerraformJson } from '../../matchers';

describe('vpc defaults (vpc: {})', () => {
  let network: TerraformJson;
  beforeAll(() => {
    network = synthSpec({ ...BASE_FIELDS, vpc: {} }, 'sandbox').stacks.network!;
  });

  test('a 10.0.0.0/16 VPC with DNS support and hostnames (EKS nodes need both)', () => {
    expect(network).toHaveResourceCount('aws_vpc', 1);
    expect(network).toHaveResourceMatching('aws_vpc', { cidr_block: '10.0.0.0/16', enable_dns_support: true, enable_dns_hostnames: true, tags: { Name: 'sandbox' } });
  });

  test('three zones: a private /19 and a public /24 per zone, laid out in declaration order', () => {
    expect(network).toHaveResourceCount('aws_subnet', 6);
    for (const [i, cidr] of ['10.0.0.0/19', '10.0.32.0/19', '10.0.64.0/19'].entries()) {
      expect(network).toHaveResourceMatching('aws_subnet', { cidr_block: cidr, tags: expect.objectContaining({ Name: `sandbox-private-${i}` }) });
    }
    for (const [i, cidr] of ['10.0.96.0/24', '10.0.97.0/24', '10.0.98.0/24'].entries()) {
      expect(network).toHaveResourceMatching('aws_subnet', { cidr_block: cidr, tags: expect.objectContaining({ Name: `sandbox-public-${i}` }) });
    }
  });

  test('zones come from the region\'s available, non-opt-in zones', () => {
    expect(network).toHaveDataSourceMatching('aws_availability_zones', { state: 'available', filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }] });
    expect(network).toHaveResourceMatching('aws_subnet', { availability_zone: expect.stringMatching(/^\$\{element\(data\.aws_availability_zones\.\S+\.names, 2\)\}$/) });
  });

  test('no subnet hands out public IPs on launch', () => {
    expect(network).toHaveEveryResourceMatching('aws_subnet', { map_public_ip_on_launch: false });
  });

  test('every subnet is in the VPC', () => {
    expect(network).toReference({ type: 'aws_subnet' }, 'vpc_id', { type: 'aws_vpc' });
  });

  test('one NAT gateway per zone, each in a public subnet with its own Elastic IP', () => {
    expect(network).toHaveResourceCount('aws_nat_gateway', 3);
    expect(network).toHaveResourceCount('aws_eip', 3);
    expect(network).toReference({ type: 'aws_nat_gateway' }, 'subnet_id', { type: 'aws_subnet', where: { tags: expect.objectContaining({ 'subnet-group': 'public' }) } });
    expect(network).toReference({ type: 'aws_nat_gateway' }, 'allocation_id', { type: 'aws_eip' });
  });

  test('each private zone routes to the NAT gateway of its own zone', () => {
    for (let az = 0; az < 3; az++) {
      expect(network).toHaveResourceAt(`sandbox-network/vpc/vpc/route-private-nat-${az}`, {
        destination_cidr_block: '0.0.0.0/0',
        nat_gateway_id: expect.stringContaining(`nat-gateway-${az}_`),
        route_table_id: expect.stringContaining(`route-table-private-${az}_`),
      });
    }
  });

  test('public subnets route to the internet gateway', () => {
    expect(network).toHaveResourceCount('aws_internet_gateway', 1);
    expect(network).toHaveResourceMatching('aws_route', { destination_cidr_block: '0.0.0.0/0', gateway_id: expect.stringMatching(/aws_internet_gateway/) });
  });

  test('the default security group is adopted with no rules', () => {
    expect(network).toHaveResourceMatching('aws_default_security_group', { ingress: [], egress: [] });
  });

  test('EKS tags: public subnets for internet-facing LBs, private for internal LBs and Karpenter', () => {
    expect(network).toHaveEveryResourceMatching('aws_subnet', { tags: expect.objectContaining({ 'kubernetes.io/role/elb': '1', 'kubernetes.io/cluster/sandbox': 'shared' }) }, { tags: expect.objectContaining({ 'subnet-group': 'public' }) });
    expect(network).toHaveEveryResourceMatching(
      'aws_subnet',
      { tags: expect.objectContaining({ 'kubernetes.io/role/internal-elb': '1', 'karpenter.sh/discovery': 'sandbox', 'kubernetes.io/cluster/sandbox': 'shared' }) },
      { tags: expect.objectContaining({ 'subnet-group': 'private' }) },
    );
    expect(network).toHaveEveryResourceMatching('aws_subnet', { tags: expect.not.objectContaining({ 'karpenter.sh/discovery': expect.anything() }) }, { tags: expect.objectContaining({ 'subnet-group': 'public' }) });
  });

  test('flow logs: ALL traffic to a KMS-encrypted log group kept 365 days', () => {
    expect(network).toHaveResourceMatching('aws_flow_log', { traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs', max_aggregation_interval: 600 });
    expect(network).toReference({ type: 'aws_flow_log' }, 'vpc_id', { type: 'aws_vpc' });
    expect(network).toReference({ type: 'aws_flow_log' }, 'log_destination', { type: 'aws_cloudwatch_log_group' });
    expect(network).toHaveResourceMatching('aws_cloudwatch_log_group', { name: '/aws/vpc/flow-logs/sandbox', retention_in_days: 365 });
    expect(network).toReference({ type: 'aws_cloudwatch_log_group' }, 'kms_key_id', { type: 'aws_kms_key' });
    expect(network).toHaveResourceMatching('aws_kms_key', { enable_key_rotation: true, deletion_window_in_days: 30 });
  });

  test('the flow-log key lets CloudWatch Logs use it only for this log group', () => {
    expect(network).toHavePolicyStatement(
      'aws_kms_key',
      {
        Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
        Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vpc/flow-logs/sandbox' } },
      },
    );
    expect(network).toHavePolicyStatement('aws_kms_key', { Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: ['kms:*'] });
  });

  test('the flow-log role trusts only this account\'s flow logs and writes only to its group', () => {
    expect(network).toHavePolicyStatement(
      'aws_iam_role',
      {
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Action: ['sts:AssumeRole'],
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*' } },
      },
      {},
      'assume_role_policy',
    );
    expect(network).toHavePolicyStatement('aws_iam_role_policy', {
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      Resource: [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.\S+\.arn\}:\*$/)],
    });
  });

  test('an S3 gateway endpoint on the private route tables, no interface endpoints', () => {
    expect(network).toHaveResourceCount('aws_vpc_endpoint', 1);
    expect(network).toHaveResourceMatching('aws_vpc_endpoint', { service_name: 'com.amazonaws.eu-west-1.s3', vpc_endpoint_type: 'Gateway', route_table_ids: [expect.any(String), expect.any(String), expect.any(String)] });
  });

  test('module tags on every taggable resource; environment tags through the provider', () => {
    for (const type of ['aws_vpc', 'aws_subnet', 'aws_nat_gateway', 'aws_route_table', 'aws_flow_log', 'aws_kms_key', 'aws_cloudwatch_log_group', 'aws_iam_role']) {
      expect(network).toHaveEveryResourceMatching(type, { tags: expect.objectContaining({ module: 'vpc', 'module-version': '1.0.0' }) });
    }
    expect(network).toHaveProviderBlock('aws', { region: 'eu-west-1', allowed_account_ids: ['123456789012'], default_tags: [{ tags: { environment: 'sandbox', 'managed-by': 'cdktf-eks-platform' } }] });
  });

  test('outputs for the cluster stack', () => {
    expect(network).toHaveOutput('vpc_id', { value: expect.stringMatching(/^\$\{aws_vpc\./) });
    expect(network).toHaveOutput('vpc_private_subnet_ids');
    expect(network).toHaveOutput('vpc_cluster_private_subnet_ids', { value: { sandbox: expect.any(Array) } });
  });
});
