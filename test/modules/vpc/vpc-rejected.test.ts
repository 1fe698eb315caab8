import { BASE_FIELDS, errorOf, parseSpec } from '../../support/synth';

const FILE = 'stacks/environments/prod.yaml';
const reject = (vpc: Record<string, unknown>) => errorOf(() => parseSpec({ ...BASE_FIELDS, vpc }, 'prod'));

describe('vpc rejects bad input with the file, the field and what was wrong', () => {
  test.each([
    ['an invalid CIDR', { cidr: '10.0.0.0/33' }, `${FILE}: vpc.cidr: "10.0.0.0/33" is not a valid IPv4 CIDR (prefix length 33 is over 32)`],
    ['a malformed CIDR', { cidr: '10.0.0/16' }, `${FILE}: vpc.cidr: "10.0.0/16" is not a valid IPv4 CIDR (expected a.b.c.d/n, e.g. "10.0.0.0/16")`],
    ['an octet over 255', { cidr: '10.300.0.0/16' }, `${FILE}: vpc.cidr: "10.300.0.0/16" is not a valid IPv4 CIDR (expected a.b.c.d/n, e.g. "10.0.0.0/16")`],
    ['host bits set', { cidr: '10.0.0.1/16' }, `${FILE}: vpc.cidr: "10.0.0.1/16" has host bits set; the network is "10.0.0.0/16"`],
    ['a VPC larger than AWS allows', { cidr: '10.0.0.0/8' }, `${FILE}: vpc.cidr: AWS VPCs take a /16 to /28 CIDR, got "10.0.0.0/8"`],
    ['too few AZs', { azCount: 1 }, `${FILE}: vpc.azCount: expected at least 2 availability zones (EKS requires subnets in two or more AZs), got 1`],
    ['a CIDR of the wrong type', { cidr: 10 }, `${FILE}: vpc.cidr: expected string, got a number 10`],
    ['an unknown NAT mode', { natGateways: 'two' }, `${FILE}: vpc.natGateways: expected one of "none", "single", "one-per-az", got "two"`],
    ['a misspelt field', { cdir: '10.0.0.0/16' }, `${FILE}: vpc.cdir: unknown field (did you mean "cidr"?); allowed: availabilityZones, azCount, cidr, clusters, endpoints, flowLogs, name, natGateways, subnetGroups`],
    ['a retention CloudWatch does not offer', { flowLogs: { retentionDays: 42 } }, `${FILE}: vpc.flowLogs.retentionDays: expected a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days), got 42`],
    ['an unknown endpoint service', { endpoints: { interface: ['ecr.api', 's3express'] } }, `${FILE}: vpc.endpoints.interface[1]: expected one of "ecr.api", "ecr.dkr", "sts", "ec2", "sqs", "logs", "eks", "eks-auth", got "s3express"`],
  ])('%s', (_case, vpc, message) => {
    expect(reject(vpc)).toBe(message);
  });

  test('subnets outside the VPC CIDR', () => {
    const message = reject({ cidr: '10.0.0.0/16', subnetGroups: [{ name: 'private', type: 'private', cidrs: ['10.0.0.0/20', '10.0.16.0/20', '10.1.0.0/20'] }, { name: 'public', type: 'public' }] });
    expect(message).toBe(`${FILE}: vpc.subnetGroups[0].cidrs[2]: "10.1.0.0/20" is outside the VPC CIDR "10.0.0.0/16"`);
  });

  test('overlapping subnet CIDRs name both places', () => {
    const message = reject({
      subnetGroups: [
        { name: 'private', type: 'private', cidrs: ['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/20'] },
        { name: 'public', type: 'public', cidrs: ['10.0.48.0/24', '10.0.16.0/24', '10.0.50.0/24'] },
      ],
    });
    expect(message).toBe(`${FILE}: vpc.subnetGroups[1].cidrs[1]: "10.0.16.0/24" overlaps "10.0.16.0/20" (subnetGroups[0].cidrs[1])`);
  });

  test('an invalid subnet CIDR', () => {
    const message = reject({ subnetGroups: [{ name: 'private', type: 'private', cidrs: ['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/40'] }, { name: 'public', type: 'public' }] });
    expect(message).toBe(`${FILE}: vpc.subnetGroups[0].cidrs[2]: "10.0.32.0/40" is not a valid IPv4 CIDR (prefix length 40 is over 32)`);
  });

  test('the wrong number of explicit CIDRs', () => {
    const message = reject({ subnetGroups: [{ name: 'private', type: 'private', cidrs: ['10.0.0.0/20'] }, { name: 'public', type: 'public' }] });
    expect(message).toBe(`${FILE}: vpc.subnetGroups[0].cidrs: expected 3 CIDRs (one per availability zone), got 1`);
  });

  test('groups that do not fit in the VPC', () => {
    const message = reject({ cidr: '10.0.0.0/20', subnetGroups: [{ name: 'private', type: 'private', prefixLength: 21 }, { name: 'public', type: 'public' }] });
    expect(message).toBe(`${FILE}: vpc.subnetGroups[0]: 3 subnets of /21 do not fit in the VPC CIDR "10.0.0.0/20" after the groups before it; use a larger prefixLength or VPC CIDR, or fewer zones`);
  });

  test('no private group', () => {
    expect(reject({ subnetGroups: [{ name: 'public', type: 'public' }] })).toBe(`${FILE}: vpc.subnetGroups: expected at least one group of type "private": EKS nodes run in private subnets`);
  });

  test('NAT without a public group', () => {
    expect(reject({ natGateways: 'single', subnetGroups: [{ name: 'private', type: 'private' }] })).toBe(
      `${FILE}: vpc.natGateways: NAT gateways ("single") live in public subnets, but no group has type "public"; add one or set natGateways: none`,
    );
  });

  test('duplicate group names', () => {
    expect(reject({ subnetGroups: [{ name: 'private', type: 'private' }, { name: 'private', type: 'public' }] })).toBe(`${FILE}: vpc.subnetGroups[1].name: group name "private" is used twice; names must be unique`);
  });

  test('a cluster naming a group that does not exist', () => {
    expect(reject({ clusters: [{ name: 'prod', subnetGroups: ['privte'] }] })).toBe(`${FILE}: vpc.clusters[0].subnetGroups[0]: no subnet group named "privte" (did you mean "private"?); groups: private, public`);
  });

  test('two clusters wanting Karpenter discovery on one subnet group', () => {
    expect(reject({ clusters: [{ name: 'a' }, { name: 'b' }] })).toBe(
      `${FILE}: vpc.clusters[1].karpenterDiscovery: clusters "a" and "b" both want karpenter.sh/discovery on group "private"; a subnet tag holds one value, so give each cluster its own private group`,
    );
  });

  test('subnets that cannot hold the declared nodes × pods', () => {
    const message = reject({ subnetGroups: [{ name: 'private', type: 'private', prefixLength: 24 }, { name: 'public', type: 'public' }], clusters: [{ name: 'prod', maxNodes: 10, podsPerNode: 110 }] });
    expect(message).toBe(`${FILE}: vpc.clusters[0].maxNodes: 10 nodes × (110 pods + 1 node address) need 1110 addresses, but the cluster's private subnets hold 753; use larger private subnets or fewer nodes`);
  });

  test('availabilityZones that disagree with azCount, and a malformed zone', () => {
    expect(reject({ azCount: 3, availabilityZones: ['eu-west-1a', 'eu-west-1b'] })).toBe(`${FILE}: vpc.availabilityZones: expected 3 zones (azCount), got 2`);
    expect(reject({ azCount: 2, availabilityZones: ['eu-west-1a', 'west'] })).toBe(`${FILE}: vpc.availabilityZones[1]: expected an availability zone name like "eu-west-1a", got "west"`);
  });

  test('several problems are reported together, one line each', () => {
    const lines = reject({ cidr: '10.0.0.0/33', azCount: 1 }).split('\n');
    expect(lines).toEqual([expect.stringContaining('vpc.cidr:'), expect.stringContaining('vpc.azCount:')]);
  });
});
