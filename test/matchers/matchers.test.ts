import type { TerraformJson } from '.';

// A hand-written stack: the matchers are judged on known input, not on what a module produces.
const stack: TerraformJson = {
  resource: {
    aws_subnet: {
      a: { '//': { metadata: { path: 's/vpc/subnet-a' } }, cidr_block: '10.0.0.0/24', map_public_ip_on_launch: false, vpc_id: '${aws_vpc.main.id}', tags: { tier: 'private' } },
      b: { '//': { metadata: { path: 's/vpc/subnet-b' } }, cidr_block: '10.0.1.0/24', map_public_ip_on_launch: true, vpc_id: '${aws_vpc.main.id}', tags: { tier: 'public' } },
      c: { '//': { metadata: { path: 's/vpc/subnet-c' } }, cidr_block: '10.0.2.0/24', map_public_ip_on_launch: false, vpc_id: '${aws_vpc.other.id}', tags: { tier: 'private' } },
      d: { '//': { metadata: { path: 's/vpc/subnet-d' } }, cidr_block: '10.0.3.0/24', map_public_ip_on_launch: false, vpc_id: '${aws_vpc.main.id}', tags: { tier: 'intra' } },
    },
    aws_vpc: { main: { cidr_block: '10.0.0.0/16' }, other: { cidr_block: '10.1.0.0/16' } },
    aws_iam_role_policy: {
      p: { policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }] }) },
    },
  },
  output: { vpc_id: { value: '${aws_vpc.main.id}' } },
  provider: { aws: [{ region: 'eu-west-1' }] },
};

const failure = (fn: () => void): string => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the matcher passed, but it should have failed');
};

describe('our matchers', () => {
  test('toHaveResourceMatching passes on a partial match and, failing, shows the three closest with the first differing path', () => {
    expect(stack).toHaveResourceMatching('aws_subnet', { cidr_block: '10.0.1.0/24', tags: { tier: 'public' } });
    const message = failure(() => expect(stack).toHaveResourceMatching('aws_subnet', { cidr_block: '10.0.9.0/24', map_public_ip_on_launch: false, tags: { tier: 'private' } }));
    expect(message).toContain('expected aws_subnet with {"cidr_block":"10.0.9.0/24","map_public_ip_on_launch":false,"tags":{"tier":"private"}}');
    expect(message).toContain('s/vpc/subnet-a (1 mismatched path) differs at cidr_block: expected "10.0.9.0/24", got "10.0.0.0/24"');
    expect(message).toContain('s/vpc/subnet-c (1 mismatched path)');
    expect(message).toContain('s/vpc/subnet-d (2 mismatched paths) differs at cidr_block');
    expect(message).toContain('... and 1 more');
    expect(message).not.toContain('subnet-b');
  });

  test('asymmetric matchers work at any depth', () => {
    expect(stack).toHaveResourceMatching('aws_subnet', { vpc_id: expect.stringContaining('aws_vpc.other'), tags: expect.objectContaining({ tier: 'private' }) });
  });

  test('toHaveResourceCount counts and lists what it found', () => {
    expect(stack).toHaveResourceCount('aws_subnet', 4);
    expect(failure(() => expect(stack).toHaveResourceCount('aws_vpc', 1))).toBe('expected 1 aws_vpc, found 2: main, other');
  });

  test('toHaveResourceAt finds by construct path', () => {
    expect(stack).toHaveResourceAt('s/vpc/subnet-b', { map_public_ip_on_launch: true });
    expect(failure(() => expect(stack).toHaveResourceAt('s/vpc/subnet-z'))).toBe('expected a resource at s/vpc/subnet-z; none there. Siblings: s/vpc/subnet-a, s/vpc/subnet-b, s/vpc/subnet-c, s/vpc/subnet-d');
  });

  test('toReference: every selected A refers to a selected B', () => {
    expect(stack).toReference({ type: 'aws_subnet', where: { tags: { tier: 'public' } } }, 'vpc_id', { type: 'aws_vpc', where: { cidr_block: '10.0.0.0/16' } });
    const message = failure(() => expect(stack).toReference({ type: 'aws_subnet', where: { tags: { tier: 'private' } } }, 'vpc_id', { type: 'aws_vpc', where: { cidr_block: '10.0.0.0/16' } }));
    expect(message).toBe('expected aws_subnet.vpc_id to refer to one of aws_vpc.main; these do not:\n  s/vpc/subnet-c: vpc_id = "${aws_vpc.other.id}"');
  });

  test('toHaveEveryResourceMatching names the offenders', () => {
    expect(stack).toHaveEveryResourceMatching('aws_subnet', { map_public_ip_on_launch: false }, { tags: { tier: 'private' } });
    const message = failure(() => expect(stack).toHaveEveryResourceMatching('aws_subnet', { map_public_ip_on_launch: false }));
    expect(message).toBe('expected every aws_subnet to have {"map_public_ip_on_launch":false}; 1 of 4 do not:\n  s/vpc/subnet-b (1 mismatched path) differs at map_public_ip_on_launch: expected false, got true');
    expect(failure(() => expect(stack).toHaveEveryResourceMatching('aws_eks_cluster', {}))).toBe('expected aws_eks_cluster resources to check; there are none');
  });

  test('toHavePolicyStatement reads the JSON policy', () => {
    expect(stack).toHavePolicyStatement('aws_iam_role_policy', { Action: ['s3:GetObject'] });
    const message = failure(() => expect(stack).toHavePolicyStatement('aws_iam_role_policy', { Action: ['s3:PutObject'] }));
    expect(message).toContain('closest:\n  p policy.Statement[0] (Read) (1 mismatched path) differs at Action[0]: expected "s3:PutObject", got "s3:GetObject"');
  });

  test('toHaveOutput and toHaveProviderBlock', () => {
    expect(stack).toHaveOutput('vpc_id', { value: '${aws_vpc.main.id}' });
    expect(failure(() => expect(stack).toHaveOutput('subnet_ids'))).toBe('expected output "subnet_ids"; outputs: vpc_id');
    expect(stack).toHaveProviderBlock('aws', { region: 'eu-west-1' });
    expect(failure(() => expect(stack).toHaveProviderBlock('aws', { region: 'us-east-1' }))).toContain('provider.aws[0] (1 mismatched path) differs at region: expected "us-east-1", got "eu-west-1"');
  });

  test('.not inverts with a message naming the match', () => {
    expect(stack).not.toHaveResourceMatching('aws_subnet', { cidr_block: '10.9.9.0/24' });
    expect(failure(() => expect(stack).not.toHaveResourceMatching('aws_subnet', { cidr_block: '10.0.0.0/24' }))).toBe('expected no aws_subnet matching {"cidr_block":"10.0.0.0/24"}, but s/vpc/subnet-a does');
  });
});

describe('toBeDestroyedBefore', () => {
  const tf = {
    resource: {
      aws_iam_role: { r: { name: 'x' } },
      aws_iam_role_policy: { p: { role: '${aws_iam_role.r.name}' } },
      helm_release: { h: { name: 'app', depends_on: ['aws_iam_role_policy.p'] } },
    },
  };
  test('follows references and depends_on, transitively', () => {
    expect(tf).toBeDestroyedBefore({ type: 'helm_release' }, { type: 'aws_iam_role' });
    expect(tf).not.toBeDestroyedBefore({ type: 'aws_iam_role' }, { type: 'helm_release' });
  });
  test('fails with the direct dependencies of the first', () => {
    expect(() => expect(tf).toBeDestroyedBefore({ type: 'aws_iam_role' }, { type: 'helm_release' })).toThrow(
      'expected aws_iam_role.r to be destroyed before helm_release.h: it does not depend on it (no reference or depends_on path); its direct dependencies: none',
    );
  });
});
