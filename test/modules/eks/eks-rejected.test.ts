import { ADMIN, rejectEks, VPC_WITH_INTRA } from './fixtures';

const FILE = 'stacks/environments/prod.yaml';

describe('eks rejects bad input with the file, the field and what was wrong', () => {
  test.each([
    ['an unsupported Kubernetes version', { kubernetesVersion: '1.29' }, `${FILE}: eks.kubernetesVersion: expected a supported Kubernetes version (1.32, 1.33, 1.34, 1.35, 1.36), got "1.29"`],
    ['a version YAML read as a number', { kubernetesVersion: 1.3 }, `${FILE}: eks.kubernetesVersion: expected the version as a quoted string such as "1.35" (YAML reads 1.30 as the number 1.3), got 1.3`],
    ['a public endpoint without an allow-list', { endpointPublicAccess: true }, `${FILE}: eks.publicAccessCidrs: public endpoint requested without an allow-list; give CIDRs or set endpointPublicAccess: false`],
    [
      '0.0.0.0/0 without allowPublicAccessFromAnywhere',
      { endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24', '0.0.0.0/0'] },
      `${FILE}: eks.publicAccessCidrs[1]: "0.0.0.0/0" would make the API server reachable from the whole internet: authentication still applies, but every scanner and credential-stuffing bot can reach it and any API-server vulnerability becomes remotely exploitable; list your own CIDRs, or set allowPublicAccessFromAnywhere: true to accept that`,
    ],
    ['a name over 100 characters', { name: 'a'.repeat(101) }, `${FILE}: eks.name: expected a cluster name of at most 100 characters (EKS limit), got 101`],
    ['a name with a dot', { name: 'prod.eu' }, `${FILE}: eks.name: expected a cluster name of letters, digits, "-" and "_", starting with a letter or digit (EKS rule), got "prod.eu"`],
    ['a name starting with a dash', { name: '-prod' }, `${FILE}: eks.name: expected a cluster name of letters, digits, "-" and "_", starting with a letter or digit (EKS rule), got "-prod"`],
    [
      'no principal that would be admin',
      { admins: [] },
      `${FILE}: eks.admins: no principal would be a cluster admin (authentication mode API has no aws-auth ConfigMap to fall back on); list IAM role ARNs in eks.admins or set clusterCreatorAdmin: true`,
    ],
    ['an admin that is not an IAM ARN', { admins: ['platform-admins'] }, `${FILE}: eks.admins[0]: expected an IAM role or user ARN such as "arn:aws:iam::111122223333:role/platform-admins", got "platform-admins"`],
    [
      'an STS session ARN',
      { admins: ['arn:aws:sts::123456789012:assumed-role/Admin/jane'] },
      `${FILE}: eks.admins[0]: "arn:aws:sts::123456789012:assumed-role/Admin/jane" is an STS session, which cannot hold an access entry; give the role's ARN, e.g. "arn:aws:iam::123456789012:role/Admin"`,
    ],
    ['a principal both admin and viewer', { viewers: [ADMIN] }, `${FILE}: eks.viewers[0]: "${ADMIN}" is also in eks.admins; a principal has one access entry, so list it once`],
    ['minSize above maxSize', { systemNodeGroup: { minSize: 5, maxSize: 3 } }, `${FILE}: eks.systemNodeGroup.minSize: minSize 5 is above maxSize 3`],
    ['desiredSize outside the range', { nodeGroups: [{ name: 'web', minSize: 1, maxSize: 3, desiredSize: 4 }] }, `${FILE}: eks.nodeGroups[0].desiredSize: desiredSize 4 is outside minSize..maxSize (1..3)`],
    [
      'a Graviton instance with an x86 image',
      { nodeGroups: [{ name: 'arm', instanceTypes: ['m7g.large'] }] },
      `${FILE}: eks.nodeGroups[0].instanceTypes[0]: "m7g.large" is an arm64 (Graviton) instance type but amiType "AL2023_x86_64_STANDARD" is x86_64; use one architecture per node group`,
    ],
    ['a node group named "system"', { nodeGroups: [{ name: 'system' }] }, `${FILE}: eks.nodeGroups[0].name: "system" is the name of the node group the module creates; choose another`],
    ['an AL2 image', { systemNodeGroup: { amiType: 'AL2_x86_64' } }, expect.stringMatching(new RegExp(`^${FILE}: eks\\.systemNodeGroup\\.amiType: expected one of "AL2023_x86_64_STANDARD", .*got "AL2_x86_64"$`))],
    ['an SSH key (there is no such input)', { systemNodeGroup: { keyName: 'ops' } }, expect.stringMatching(new RegExp(`^${FILE}: eks\\.systemNodeGroup\\.keyName: unknown field; allowed: `))],
  ])('%s', (_case, eks, message) => {
    expect(rejectEks(eks)).toEqual(message);
  });

  test('several problems are reported together, one line each', () => {
    expect(rejectEks({ admins: [], endpointPublicAccess: true }).split('\n')).toEqual([expect.stringContaining('eks.admins:'), expect.stringContaining('eks.publicAccessCidrs:')]);
  });
});

// Subnet groups are only known once the VPC is built: these fail at synthesis, and the builder reports
// them against the spec file like validation errors.
describe('eks rejects subnet choices the VPC cannot honour', () => {
  test('a node group in a public subnet group', () => {
    expect(rejectEks({ nodeGroups: [{ name: 'web', subnetGroups: ['public'] }] }, { synth: true })).toBe(
      `${FILE}: eks.nodeGroups[0].subnetGroups[0]: subnet group "public" is public; nodes and Fargate pods go in private subnets (no public IPs or internet-facing ENIs); use the private group: private`,
    );
  });

  test('the system node group in an intra subnet group', () => {
    expect(rejectEks({ systemNodeGroup: { subnetGroups: ['intra'] } }, { synth: true, vpc: VPC_WITH_INTRA })).toBe(
      `${FILE}: eks.systemNodeGroup.subnetGroups[0]: subnet group "intra" is intra; nodes and Fargate pods go in private subnets (intra subnets have no route out for image pulls); use the private group: private`,
    );
  });

  test('a Fargate profile naming a group the VPC does not have', () => {
    expect(rejectEks({ fargateProfiles: [{ name: 'jobs', selectors: [{ namespace: 'jobs' }], subnetGroups: ['privte'] }] }, { synth: true })).toBe(
      `${FILE}: eks.fargateProfiles[0].subnetGroups[0]: the VPC has no subnet group named "privte" (did you mean "private"?); groups: private, public`,
    );
  });

  test('control-plane ENIs in a public group', () => {
    expect(rejectEks({ controlPlaneSubnetGroup: 'public' }, { synth: true, vpc: VPC_WITH_INTRA })).toBe(
      `${FILE}: eks.controlPlaneSubnetGroup: subnet group "public" is public; the control-plane ENIs belong in intra or private subnets: intra, private`,
    );
  });

  test('a cluster the VPC does not serve', () => {
    expect(rejectEks({ name: 'other' }, { synth: true })).toBe(
      `${FILE}: eks.name: the VPC serves no cluster named "other" (vpc.clusters: prod); add { name: other } to vpc.clusters so its subnets get the cluster\'s tags, or set eks.name to one of those`,
    );
  });
});
