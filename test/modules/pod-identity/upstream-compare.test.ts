import { ebsCsiDriverPolicy, veleroPolicy } from '../../../modules/pod-identity/policies';
import type { PolicyDocument } from '../../../modules/shared/iam-policy';
import {
  documentedDifferences,
  expectOnlyDocumentedDeviations,
  karpenterCloudFormationPolicies,
  normalizeString,
  permissionTuples,
  policyDifferences,
  type StatementLike,
  upstreamJson,
} from './upstream-compare';

describe('normalizeString', () => {
  test('turns Terraform\'s $${ escape into the ${ IAM receives and keeps IAM policy variables', () => {
    expect(normalizeString('$${aws:PrincipalTag/eks-cluster-name}')).toBe('${aws:PrincipalTag/eks-cluster-name}');
    expect(normalizeString('${aws:username}/${*}')).toBe('${aws:username}/${*}');
  });

  test('names CloudFormation, shell and Terraform placeholders, and <placeholders>', () => {
    expect(normalizeString('arn:${AWS::Partition}:ec2:${AWS::Region}:*:instance/*')).toBe('arn:{AWS::Partition}:ec2:{AWS::Region}:*:instance/*');
    expect(normalizeString('arn:aws:s3:::${BUCKET}/*')).toBe('arn:aws:s3:::{BUCKET}/*');
    expect(normalizeString('${aws_sqs_queue.q.arn}')).toBe('{aws_sqs_queue.q.arn}');
    expect(normalizeString('arn:aws:route53:::hostedzone/<zone>')).toBe('arn:aws:route53:::hostedzone/{zone}');
  });

  test('replaces named literals, longest first, in one pass', () => {
    const names = { '/platform/prod/': '{prefix}', '/platform/prod': '{path}', '${ClusterName}': '{cluster}' };
    expect(normalizeString('parameter/platform/prod/*', names)).toBe('parameter{prefix}*');
    expect(normalizeString('parameter/platform/prod', names)).toBe('parameter{path}');
    expect(normalizeString('aws:ResourceTag/kubernetes.io/cluster/${ClusterName}', names)).toBe('aws:ResourceTag/kubernetes.io/cluster/{cluster}');
  });
});

describe('permissionTuples', () => {
  test('expands actions and resources and ignores Sids, grouping and order', () => {
    const grouped = { Statement: [{ Sid: 'A', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::c/*'] }] };
    const split = {
      Statement: [
        { Effect: 'Allow', Action: 's3:PutObject', Resource: ['arn:aws:s3:::c/*', 'arn:aws:s3:::b/*'] },
        { Action: 's3:GetObject', Resource: 'arn:aws:s3:::c/*' },
        { Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*' },
      ],
    };
    expect(permissionTuples(grouped)).toHaveLength(4);
    expect(permissionTuples(split)).toEqual(permissionTuples(grouped));
  });

  test('compares conditions whole, ignoring the order of operators, keys and values and the value type', () => {
    const a = { Statement: [{ Action: 'kms:CreateGrant', Resource: 'k', Condition: { Bool: { 'kms:GrantIsForAWSResource': true }, StringEquals: { x: ['2', '1'], y: 'z' } } }] };
    const b = { Statement: [{ Action: 'kms:CreateGrant', Resource: 'k', Condition: { StringEquals: { y: ['z'], x: ['1', '2'] }, Bool: { 'kms:GrantIsForAWSResource': 'true' } } }] };
    expect(permissionTuples(a)).toEqual(permissionTuples(b));
    expect(permissionTuples(a)).not.toEqual(permissionTuples({ Statement: [{ Action: 'kms:CreateGrant', Resource: 'k' }] }));
  });

  test('refuses statements it cannot compare', () => {
    expect(() => permissionTuples({ Statement: [{ Action: 'a:b', Resource: '*', NotResource: 'x' } as never] })).toThrow('cannot compare statements with NotResource');
  });
});

describe('policyDifferences catches changes to ours', () => {
  const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const upstream = [
    upstreamJson('ebs-csi-driver/AmazonEBSCSIDriverEKSClusterScopedPolicy.json'),
    upstreamJson('ebs-csi-driver/eks-user-guide-kms-key-for-encryption-on-ebs.json'),
  ];

  function mutated(change: (doc: PolicyDocument) => void): PolicyDocument {
    const doc = structuredClone(ebsCsiDriverPolicy({ kmsKeyArns: [KEY] }));
    change(doc);
    return doc;
  }

  test('a dropped condition', () => {
    const ours = mutated((doc) => delete doc.Statement.find((s) => s.Action.includes('kms:CreateGrant'))!.Condition);
    const { onlyOurs, onlyUpstream } = policyDifferences({ ours, oursNames: { [KEY]: '{key}' }, upstream, upstreamNames: { 'custom-key-arn': '{key}' } });
    expect(onlyOurs).toEqual(['Allow kms:CreateGrant on {key}', 'Allow kms:ListGrants on {key}', 'Allow kms:RevokeGrant on {key}']);
    expect(onlyUpstream).toEqual([
      'Allow kms:CreateGrant on {key} if {"Bool":{"kms:GrantIsForAWSResource":["true"]}}',
      'Allow kms:ListGrants on {key} if {"Bool":{"kms:GrantIsForAWSResource":["true"]}}',
      'Allow kms:RevokeGrant on {key} if {"Bool":{"kms:GrantIsForAWSResource":["true"]}}',
    ]);
  });

  test('a condition keyed on a tag every cluster shares', () => {
    const ours = mutated((doc) => {
      doc.Statement.find((s) => s.Sid === 'ManageClusterVolumes')!.Condition = { StringEquals: { 'ec2:ResourceTag/ebs.csi.aws.com/cluster': 'true' } };
    });
    const { onlyOurs, onlyUpstream } = policyDifferences({ ours, oursNames: { [KEY]: '{key}' }, upstream, upstreamNames: { 'custom-key-arn': '{key}' } });
    expect(onlyOurs).toHaveLength(4);
    expect(onlyUpstream).toHaveLength(4);
  });

  test('an added action', () => {
    const ours = mutated((doc) => doc.Statement[0].Action.push('ec2:DescribeTags'));
    expect(policyDifferences({ ours, oursNames: { [KEY]: '{key}' }, upstream, upstreamNames: { 'custom-key-arn': '{key}' } })).toEqual({
      onlyOurs: ['Allow ec2:DescribeTags on *'],
      onlyUpstream: [],
    });
  });
});

describe('documented deviations', () => {
  const upstream = upstreamJson('velero/velero-policy.json');
  const ours = veleroPolicy({ bucketName: 'acme-prod-velero' });

  test('must each have a reason and a statement, and list a tuple once', () => {
    expect(() => documentedDifferences([{ reason: '', onlyOurs: [{ Action: 'a:b', Resource: '*' }] }])).toThrow('deviation without a reason');
    expect(() => documentedDifferences([{ reason: 'because it must be so' }])).toThrow('lists no statement');
    expect(() =>
      documentedDifferences([
        { reason: 'the first reason given', onlyOurs: [{ Action: 'a:b', Resource: '*' }] },
        { reason: 'the second reason given', onlyOurs: [{ Action: ['a:b', 'a:c'], Resource: '*' }] },
      ]),
    ).toThrow('listed by more than one deviation: Allow a:b on *');
  });

  test('an undocumented difference fails the comparison', () => {
    expect(() => expectOnlyDocumentedDeviations({ ours, oursNames: { 'acme-prod-velero': '{BUCKET}' }, upstream })).toThrow();
  });

  test('a deviation that no longer occurs fails it too', () => {
    const s3Only = veleroPolicy({ bucketName: 'acme-prod-velero', ebsSnapshots: false });
    // Upstream without its EC2 statement, so the file-system-only variant matches it.
    const upstreamS3 = { Statement: (upstream.Statement as readonly StatementLike[]).slice(1) };
    expect(() =>
      expectOnlyDocumentedDeviations({ ours: s3Only, oursNames: { 'acme-prod-velero': '{BUCKET}' }, upstream: upstreamS3 }, [
        { reason: 'a stale deviation kept by mistake', onlyOurs: [{ Action: 'ec2:DeleteSnapshot', Resource: 'arn:aws:ec2:*:*:snapshot/*' }] },
      ]),
    ).toThrow();
    expectOnlyDocumentedDeviations({ ours: s3Only, oursNames: { 'acme-prod-velero': '{BUCKET}' }, upstream: upstreamS3 });
  });
});

describe('karpenterCloudFormationPolicies', () => {
  test('reads the six controller policies of the template, in order, with their substitutions', () => {
    const policies = karpenterCloudFormationPolicies();
    expect(Object.keys(policies)).toEqual([
      'NodeLifecyclePolicy',
      'IAMIntegrationPolicy',
      'EKSIntegrationPolicy',
      'InterruptionPolicy',
      'ZonalShiftPolicy',
      'ResourceDiscoveryPolicy',
    ]);
    expect(permissionTuples(policies.EKSIntegrationPolicy)).toEqual([
      'Allow eks:DescribeCluster on arn:{AWS::Partition}:eks:{AWS::Region}:{AWS::AccountId}:cluster/{ClusterName}',
    ]);
  });
});
