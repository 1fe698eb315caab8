import { makeUniqueId } from 'cdktf/lib/private/unique';
import { BASE_FIELDS, errorOf, synthSpec } from '../../support/synth';
import type { TerraformJson } from '../../matchers';
import { testRegistry } from '../addons/fake-eks';

const ZONE = 'Z0123456789ABC';
const spec = (roles: unknown[], extra: Record<string, unknown> = {}) => ({ ...BASE_FIELDS, vpc: {}, eks: {}, 'pod-identity': { roles }, ...extra });
const cluster = (roles: unknown[], extra?: Record<string, unknown>) => synthSpec(spec(roles, extra), 'dev', testRegistry()).stacks.cluster!;
const addresses = (stack: TerraformJson, type: string) => Object.keys(stack.resource?.[type] ?? {}).sort();
const moved = (stack: TerraformJson) => ((stack as { moved?: { from: string; to: string }[] }).moved ?? []).map((m) => `${m.from} -> ${m.to}`).sort();

describe('pod-identity day two', () => {
  test('roles a-b/c and a/b-c (which 1.x could not tell apart) both synthesize', () => {
    const stack = cluster([
      { policy: 'external-dns', namespace: 'a-b', serviceAccount: 'c', options: { hostedZoneIds: [ZONE] } },
      { policy: 'cert-manager', namespace: 'a', serviceAccount: 'b-c', options: { hostedZoneIds: [ZONE] } },
    ]);
    expect(stack).toHaveResourceCount('aws_iam_role', 2);
    expect(stack).toHaveResourceAt('dev-cluster/pod-identity/role:dev-external-dns/association', { namespace: 'a-b', service_account: 'c' });
    expect(stack).toHaveResourceAt('dev-cluster/pod-identity/role:dev-cert-manager/association', { namespace: 'a', service_account: 'b-c' });
  });

  test('moving a role to another namespace keeps the role (same address) and replaces only the association', () => {
    const before = cluster([{ policy: 'external-dns', options: { hostedZoneIds: [ZONE] } }]);
    const after = cluster([{ policy: 'external-dns', namespace: 'dns', options: { hostedZoneIds: [ZONE] } }]);
    expect(addresses(after, 'aws_iam_role')).toEqual(addresses(before, 'aws_iam_role'));
    expect(addresses(after, 'aws_eks_pod_identity_association')).toEqual(addresses(before, 'aws_eks_pod_identity_association'));
    expect(after).toHaveResourceAt('dev-cluster/pod-identity/role:dev-external-dns/association', { namespace: 'dns' });
  });

  test('reordering roles moves nothing', () => {
    const a = { policy: 'external-dns', options: { hostedZoneIds: [ZONE] } };
    const b = { policy: 'external-secrets', options: { parameterPathPrefixes: ['/platform/dev/'] } };
    const before = cluster([a, b]);
    const after = cluster([b, a]);
    for (const type of ['aws_iam_role', 'aws_iam_role_policy', 'aws_eks_pod_identity_association']) expect(addresses(after, type)).toEqual(addresses(before, type));
  });

  test('managed policy attachments are keyed by ARN: removing the first keeps the second', () => {
    const role = (managedPolicyArns: string[]) => ({ policy: 'external-dns', options: { hostedZoneIds: [ZONE] }, managedPolicyArns });
    const first = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    const second = 'arn:aws:iam::123456789012:policy/team-extra';
    const before = cluster([role([first, second])]);
    const after = cluster([role([second])]);
    const kept = addresses(after, 'aws_iam_role_policy_attachment');
    expect(kept).toHaveLength(1);
    expect(addresses(before, 'aws_iam_role_policy_attachment')).toContain(kept[0]);
    expect(after).toHaveResourceAt('dev-cluster/pod-identity/role:dev-external-dns/managed-policy:123456789012:policy.team-extra', { policy_arn: second });
  });
});

describe('the pod-identity 1 → 2 migration keeps every resource with moved blocks', () => {
  const roles = [{ policy: 'external-dns', options: { hostedZoneIds: [ZONE] }, managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }];
  /** What cdktf named a resource in 1.x: the logical id of its 1.x construct path. */
  const v1 = (type: string, child: string) => `${type}.${makeUniqueId(['pod-identity', 'external-dns-external-dns', child])}`;

  test('every 1.x address is moved to its 2.0 address; nothing else moves', () => {
    const stack = cluster(roles);
    const now = (type: string) => `${type}.${addresses(stack, type)[0]}`;
    expect(moved(stack)).toEqual(
      [
        `${v1('aws_iam_role', 'role')} -> ${now('aws_iam_role')}`,
        `${v1('aws_iam_role_policy', 'policy')} -> ${now('aws_iam_role_policy')}`,
        `${v1('aws_eks_pod_identity_association', 'association')} -> ${now('aws_eks_pod_identity_association')}`,
        `${v1('aws_iam_role_policy_attachment', 'managed-policy-0')} -> ${now('aws_iam_role_policy_attachment')}`,
      ].sort(),
    );
    // The 1.x logical ids are what 1.x really wrote (its ids hashed the construct path the same way).
    expect(v1('aws_iam_role', 'role')).toMatch(/^aws_iam_role\.pod-identity_external-dns-external-dns_role_[0-9A-F]{8}$/);
  });

  test('an environment pinned to major 1 is refused with the migration to make', () => {
    expect(errorOf(() => synthSpec(spec(roles, { moduleVersions: { 'pod-identity': 1 } }), 'dev', testRegistry()))).toBe(
      'stacks/environments/dev.yaml: moduleVersions.pod-identity: this environment was written for pod-identity 1.x; the registry has 2.0.0. Migration 1.x → 2.0: roles are keyed by role name instead of "<namespace>-<serviceAccount>", and managed policy attachments by policy ARN instead of list position; every resource is kept with moved blocks, nothing is replaced. Then set moduleVersions.pod-identity: 2',
    );
  });

  test('pinned to the current major it synthesizes; a pin to a major that does not exist is refused', () => {
    expect(cluster(roles, { moduleVersions: { 'pod-identity': 2 } })).toHaveResourceCount('aws_iam_role', 1);
    expect(errorOf(() => synthSpec(spec(roles, { moduleVersions: { 'pod-identity': 3 } }), 'dev', testRegistry()))).toBe(
      'stacks/environments/dev.yaml: moduleVersions.pod-identity: pins major 3, but the registry has pod-identity 2.0.0; pin 2 or update the project',
    );
    expect(errorOf(() => synthSpec(spec(roles, { moduleVersions: { karpenter: 1 } }), 'dev', testRegistry()))).toMatch(
      /^stacks\/environments\/dev\.yaml: moduleVersions\.karpenter: pins a module this environment does not use; environment modules: /,
    );
  });
});
