import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffOutputs, diffStack, movedBlock, versionJump } from '../../verify/diff';
import type { TerraformJson } from '../../verify/terraform-json';
import { loadEnvironment } from '../../stacks/load';
import { stacksByName, synthParsed } from '../support/synth';

const stack = (resource: TerraformJson['resource'], extra: Partial<TerraformJson> = {}): TerraformJson => ({ resource, ...extra });
const KEY = { aws_kms_key: { key: { description: 'secrets', enable_key_rotation: true } } };

describe('the replacement guard', () => {
  test('fires on a forcing attribute of a stateful resource, naming it', () => {
    const before = stack({ aws_kms_key: { key: { description: 'secrets', multi_region: false } } });
    const after = stack({ aws_kms_key: { key: { description: 'secrets', multi_region: true } } });
    const diff = diffOutputs({ net: before }, { net: after });
    expect(diff.stacks[0].changes).toEqual([expect.objectContaining({ address: 'aws_kms_key.key', action: 'replace', stateful: true, rolling: false })]);
    expect(diff.blocked).toEqual([{ stack: 'net', address: 'aws_kms_key.key', reason: 'replaced (multi_region forces replacement)', fix: undefined, accepted: false }]);
  });

  test('stays quiet on an in-place change', () => {
    const diff = diffOutputs({ net: stack(KEY) }, { net: stack({ aws_kms_key: { key: { description: 'secrets (rotated yearly)', enable_key_rotation: true } } }) });
    expect(diff.stacks[0].changes).toEqual([expect.objectContaining({ action: 'update', changes: [{ path: 'description', before: 'secrets', after: 'secrets (rotated yearly)', forces: false, ignored: false }] })]);
    expect(diff.blocked).toEqual([]);
  });

  test('attributes under lifecycle.ignore_changes do not count', () => {
    const cluster = (admin: boolean) => ({ aws_eks_cluster: { c: { name: 'dev', access_config: { bootstrap_cluster_creator_admin_permissions: admin }, lifecycle: { ignore_changes: ['access_config[0].bootstrap_cluster_creator_admin_permissions'] } } } });
    const diff = diffOutputs({ c: stack(cluster(false)) }, { c: stack(cluster(true)) });
    expect(diff.stacks[0].changes).toEqual([]);
    expect(diff.blocked).toEqual([]);
  });

  test('a create-before-destroy replacement is reported as rolling, not blocked', () => {
    const group = (types: string[]) => ({ aws_eks_node_group: { g: { node_group_name_prefix: 'system-', instance_types: types, lifecycle: { create_before_destroy: true } } } });
    const diff = diffOutputs({ c: stack(group(['m7i.large'])) }, { c: stack(group(['m7i.xlarge'])) });
    expect(diff.stacks[0].changes).toEqual([expect.objectContaining({ action: 'replace', rolling: true })]);
    expect(diff.blocked).toEqual([]);
  });

  test("handing the account's Spot service-linked role over (create -> exists) deletes it: blocked, with how to keep it", () => {
    const role = { aws_iam_service_linked_role: { spot: { aws_service_name: 'spot.amazonaws.com' } } };
    expect(diffOutputs({ c: stack(role) }, { c: stack({}) }).blocked).toEqual([
      expect.objectContaining({ address: 'aws_iam_service_linked_role.spot', reason: 'destroyed (a stateful resource)', fix: expect.stringContaining('terraform state rm') }),
    ]);
  });

  test('destroying a stateful resource is blocked; --accept lets it through by address or glob', () => {
    expect(diffOutputs({ n: stack(KEY) }, { n: stack({}) }).blocked).toEqual([expect.objectContaining({ address: 'aws_kms_key.key', reason: 'destroyed (a stateful resource)', accepted: false })]);
    expect(diffOutputs({ n: stack(KEY) }, { n: stack({}) }, { accept: ['aws_kms_key.key'] }).blocked[0].accepted).toBe(true);
    expect(diffOutputs({ n: stack(KEY) }, { n: stack({}) }, { accept: ['n/aws_kms_key.*'] }).blocked[0].accepted).toBe(true);
  });

  test('replacement cascades through references in forcing attributes, but not through known names', () => {
    const before = stack({
      aws_subnet: { a: { vpc_id: 'vpc-1', cidr_block: '10.0.0.0/24' } },
      aws_nat_gateway: { n: { subnet_id: '${aws_subnet.a.id}', allocation_id: 'eipalloc-1' } },
      aws_eks_node_group: { g: { node_group_name: 'x', cluster_name: '${aws_eks_cluster.c.name}' } },
      aws_eks_cluster: { c: { name: 'dev', role_arn: 'arn:aws:iam::123456789012:role/a' } },
    });
    const after = structuredClone(before);
    after.resource!.aws_subnet.a.cidr_block = '10.0.1.0/24';
    after.resource!.aws_eks_cluster.c.role_arn = 'arn:aws:iam::123456789012:role/b';
    const changes = diffStack('s', before, after).changes;
    expect(changes.find((c) => c.type === 'aws_nat_gateway')).toMatchObject({ action: 'replace', cause: 'subnet_id refers to aws_subnet.a, which is replaced' });
    // cluster_name reads the replaced cluster's `name`, which the configuration sets: known at plan time.
    expect(changes.find((c) => c.type === 'aws_eks_node_group')).toBeUndefined();
  });

  test('replacement cascades across stacks through remote-state outputs', () => {
    const network = (cidr: string): TerraformJson => ({
      terraform: { backend: { local: { path: 'net.tfstate' } } },
      resource: { aws_subnet: { a: { vpc_id: 'vpc-1', cidr_block: cidr } } },
      output: { subnet: { value: '${aws_subnet.a.id}' } },
    });
    const cluster: TerraformJson = {
      terraform: { backend: { local: { path: 'cluster.tfstate' } } },
      data: { terraform_remote_state: { net: { backend: 'local', config: { path: 'net.tfstate' } } } },
      resource: { aws_eks_node_group: { g: { node_group_name: 'x', subnet_ids: ['${data.terraform_remote_state.net.outputs.subnet}'] } } },
    };
    const diff = diffOutputs({ 'dev-network': network('10.0.0.0/24'), 'dev-cluster': cluster }, { 'dev-network': network('10.0.1.0/24'), 'dev-cluster': cluster });
    expect(diff.blocked.map((b) => `${b.stack} ${b.address}`)).toEqual(['dev-network aws_subnet.a', 'dev-cluster aws_eks_node_group.g']);
    expect(diff.blocked[1].reason).toBe('replaced (subnet_ids[0] reads an output of dev-network: aws_subnet.a, which is replaced)');
  });

  test('a rename without a moved block is found, blocked, and the moved block that keeps it is shown', () => {
    const before = stack({ aws_iam_role: { old: { name: 'dev-x', assume_role_policy: '{}' } }, aws_iam_role_policy: { p: { role: '${aws_iam_role.old.name}', policy: '{}' } } });
    const after = stack({ aws_iam_role: { new: { name: 'dev-x', assume_role_policy: '{}' } }, aws_iam_role_policy: { p: { role: '${aws_iam_role.new.name}', policy: '{}' } } });
    const diff = diffOutputs({ s: before }, { s: after });
    expect(diff.stacks[0].renames).toEqual([{ from: 'aws_iam_role.old', to: 'aws_iam_role.new' }]);
    // The policy's reference changed only because of the rename: not a change.
    expect(diff.stacks[0].changes.map((c) => [c.address, c.action])).toEqual([['aws_iam_role.new', 'replace']]);
    expect(diff.blocked).toEqual([expect.objectContaining({ address: 'aws_iam_role.new', reason: 'renamed from aws_iam_role.old without a moved block: Terraform would destroy it and create a new one' })]);
    expect(movedBlock(diff.stacks[0].renames[0])).toBe('moved {\n  from = aws_iam_role.old\n  to   = aws_iam_role.new\n}');
  });

  test('with the moved block written, the same rename is a move: no replacement', () => {
    const before = stack({ aws_iam_role: { old: { name: 'dev-x' } } });
    const after = stack({ aws_iam_role: { new: { name: 'dev-x' } } }, { moved: [{ from: 'aws_iam_role.old', to: 'aws_iam_role.new' }] });
    const diff = diffOutputs({ s: before }, { s: after });
    expect(diff.stacks[0].changes).toEqual([expect.objectContaining({ address: 'aws_iam_role.new', action: 'move', movedFrom: 'aws_iam_role.old' })]);
    expect(diff.blocked).toEqual([]);
  });

  test('prod as 64cc957 wrote it → prod now: pod-identity 2.0 moves its roles, nothing stateful is replaced by surprise', () => {
    const base = Object.fromEntries(['prod-network', 'prod-cluster', 'prod-platform'].map((name) => [name, JSON.parse(readFileSync(join('test/fixtures/releases/64cc957', `${name}.cdk.tf.json`), 'utf8')) as TerraformJson]));
    const diff = diffOutputs(base, stacksByName(synthParsed(loadEnvironment('prod'))));
    const cluster = diff.stacks.find((s) => s.stack === 'prod-cluster')!;
    const moves = cluster.changes.filter((c) => c.movedFrom);
    expect(moves.filter((c) => c.type === 'aws_iam_role')).toHaveLength(4);
    expect(moves.filter((c) => c.action === 'replace')).toEqual([]);
    expect(cluster.renames).toEqual([]);
    // eks 2.0 renames node groups, launch templates and security groups to prefixes: rolling, never blocked.
    expect(cluster.changes.filter((c) => c.action === 'replace').map((c) => [c.type, c.rolling])).toEqual(expect.arrayContaining([['aws_eks_node_group', true], ['aws_security_group', true], ['aws_launch_template', true]]));
    expect(diff.blocked.filter((b) => !b.accepted)).toEqual([]);
  });
});

describe('conditional replacement (the provider replaces only under a stated condition)', () => {
  test('a security group rule pointed at another group is updated in place, not replaced', () => {
    const rule = (group: string) => ({ aws_vpc_security_group_ingress_rule: { r: { security_group_id: 'sg-1', referenced_security_group_id: group, ip_protocol: 'tcp' } } });
    const [change] = diffStack('s', stack(rule('sg-2')), stack(rule('sg-3'))).changes;
    expect(change).toMatchObject({ action: 'update', changes: [{ path: 'referenced_security_group_id', forces: false, mayForce: "When you modify a rule, you cannot change the rule's source type." }] });
  });

  test('removing secrets encryption from a cluster may replace it (the provider says when): blocked, with the condition', () => {
    const cluster = (encryption: unknown) => ({ aws_eks_cluster: { c: { name: 'dev', ...(encryption ? { encryption_config: encryption } : {}) } } });
    const diff = diffOutputs({ n: stack(cluster({ resources: ['secrets'] })) }, { n: stack(cluster(undefined)) });
    expect(diff.blocked).toEqual([
      expect.objectContaining({ address: 'aws_eks_cluster.c', reason: 'may be replaced: encryption_config.resources[0] (You cannot disable envelope encryption after enabling it. This action is irreversible.)' }),
    ]);
  });
});

describe('Kubernetes version changes', () => {
  test.each([
    ['1.34', '1.35', undefined],
    ['1.33', '1.35', 'Kubernetes 1.33 → 1.35 skips 1 minor version(s); EKS upgrades one minor at a time'],
    ['1.35', '1.34', 'Kubernetes 1.35 → 1.34 is a downgrade, which EKS does not do'],
  ])('%s → %s', (from, to, reason) => {
    expect(versionJump(from, to)?.reason).toBe(reason);
  });

  test('the guard refuses a jump of more than one minor, with the path to take', () => {
    const cluster = (version: string) => stack({ aws_eks_cluster: { c: { name: 'dev', version } } });
    const diff = diffOutputs({ c: cluster('1.33') }, { c: cluster('1.35') });
    expect(diff.blocked).toEqual([expect.objectContaining({ reason: expect.stringContaining('skips 1 minor'), fix: 'upgrade in steps, applying each: 1.33 → 1.34 → 1.35' })]);
  });
});
