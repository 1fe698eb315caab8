/**
 * Every catalogue policy against the upstream document it was derived from (vendored under
 * modules/pod-identity/upstream/, see its README.md for versions): the permission tuples must differ by
 * exactly the deviations listed here, each with its reason. Zero deviations where we ship upstream
 * as is. A change to one of our policies or a re-vendored upstream document that changes what is
 * granted fails here until the list is updated (or the policy follows upstream).
 */
import {
  awsLoadBalancerControllerPolicy,
  certManagerPolicy,
  cloudWatchObservabilityPolicy,
  ebsCsiDriverPolicy,
  efsCsiDriverPolicy,
  externalDnsPolicy,
  externalSecretsPolicy,
  veleroPolicy,
  vpcCniPolicy,
} from '../../../modules/pod-identity/policies';
import { type Deviation, type PolicyLike, type StatementLike, expectOnlyDocumentedDeviations, upstreamJson, upstreamText } from './upstream-compare';

const ZONE_A = 'Z0123456789ABC';
const ZONE_B = 'Z9876543210XYZ';
const KMS_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('aws-load-balancer-controller = iam_policy.json (v2.17.1)', () => {
  test.each([
    ['aws', 'iam_policy.json'],
    ['aws-cn', 'iam_policy_cn.json'],
    ['aws-us-gov', 'iam_policy_us-gov.json'],
  ])('partition %s: no deviation from %s', (partition, file) => {
    expectOnlyDocumentedDeviations({
      ours: awsLoadBalancerControllerPolicy({ partition }),
      upstream: upstreamJson(`aws-load-balancer-controller/${file}`),
    });
  });
});

describe('ebs-csi-driver = AmazonEBSCSIDriverEKSClusterScopedPolicy (v1.64.0)', () => {
  const clusterScoped = upstreamJson('ebs-csi-driver/AmazonEBSCSIDriverEKSClusterScopedPolicy.json');

  test('default: no deviation', () => {
    expectOnlyDocumentedDeviations({ ours: ebsCsiDriverPolicy(), upstream: clusterScoped });
  });

  test('with a customer managed key: no deviation from it plus the EKS User Guide\'s KMS key statements', () => {
    expectOnlyDocumentedDeviations({
      ours: ebsCsiDriverPolicy({ kmsKeyArns: [KMS_KEY] }),
      oursNames: { [KMS_KEY]: '{key}' },
      upstream: [clusterScoped, upstreamJson('ebs-csi-driver/eks-user-guide-kms-key-for-encryption-on-ebs.json')],
      upstreamNames: { 'custom-key-arn': '{key}' },
    });
  });
});

describe('efs-csi-driver = docs/iam-policy-example.json (v3.4.1)', () => {
  test('no deviation', () => {
    expectOnlyDocumentedDeviations({ ours: efsCsiDriverPolicy(), upstream: upstreamJson('efs-csi-driver/iam-policy-example.json') });
  });
});

/** Record-changing actions on the zones given instead of every zone. */
function zonesNamed(reason: string, actions: string[], condition?: StatementLike['Condition']): Deviation {
  return {
    reason,
    onlyUpstream: [{ Action: actions, Resource: 'arn:aws:route53:::hostedzone/*', Condition: condition }],
    onlyOurs: [{ Action: actions, Resource: ['arn:aws:route53:::hostedzone/{zoneA}', 'arn:aws:route53:::hostedzone/{zoneB}'], Condition: condition }],
  };
}

describe('external-dns = docs/tutorials/aws.md "IAM Policy" (v0.22.0)', () => {
  test('only the hosted zones differ', () => {
    expectOnlyDocumentedDeviations(
      {
        ours: externalDnsPolicy({ hostedZoneIds: [ZONE_A, ZONE_B] }),
        oursNames: { [ZONE_A]: '{zoneA}', [ZONE_B]: '{zoneB}' },
        upstream: upstreamJson('external-dns/iam-policy.json'),
      },
      [
        zonesNamed(
          'zones named instead of hostedzone/*: the tutorial recommends "providing a list of selected zones instead of *" (aws.md, IAM Policy)',
          ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'],
        ),
      ],
    );
  });
});

describe('cert-manager = route53.md "Set up an IAM Policy"', () => {
  const txtOnly = { 'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] } };
  const zones = zonesNamed(
    'zones named instead of hostedzone/*: the doc suggests "limiting the hosted zone that cert-manager has access to"',
    ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'],
    txtOnly,
  );
  const comparison = {
    oursNames: { [ZONE_A]: '{zoneA}', [ZONE_B]: '{zoneB}' },
    upstream: upstreamJson('cert-manager/iam-policy.json'),
  };

  test('default: only the hosted zones differ', () => {
    expectOnlyDocumentedDeviations({ ...comparison, ours: certManagerPolicy({ hostedZoneIds: [ZONE_A, ZONE_B] }) }, [zones]);
  });

  test('solversSetHostedZoneId: also without ListHostedZonesByName', () => {
    expectOnlyDocumentedDeviations({ ...comparison, ours: certManagerPolicy({ hostedZoneIds: [ZONE_A, ZONE_B], solversSetHostedZoneId: true }) }, [
      zones,
      {
        reason: 'solversSetHostedZoneId: the doc says ListHostedZonesByName "can be removed if you specify the (optional) hostedZoneID"',
        onlyUpstream: [{ Action: 'route53:ListHostedZonesByName', Resource: '*' }],
      },
    ]);
  });
});

describe('external-secrets = docs/provider/aws-*.md "IAM Policy" (v2.9.0)', () => {
  test('Secrets Manager (with allowSecretsManagerFind): no deviation', () => {
    expectOnlyDocumentedDeviations({
      ours: externalSecretsPolicy({
        region: 'eu-west-1',
        accountId: '111122223333',
        secretArns: ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/app-*'],
        allowSecretsManagerFind: true,
      }),
      oursNames: { 'eu-west-1': '{region}', '111122223333': '{account}', 'prod/app-*': '{secrets}' },
      upstream: upstreamJson('external-secrets/secrets-manager-iam-policy.json'),
      upstreamNames: { 'us-west-2': '{region}', '111122223333': '{account}', 'dev-*': '{secrets}' },
    });
  });

  test('Parameter Store (with allowParameterStoreFind): the documented policy and prose, plus the bare path for find', () => {
    // aws-parameter-store.md states in prose, not in its JSON, what finding by tags needs.
    const prose = 'finding parameters based on tags will also require `ssm:DescribeParameters` and `tag:GetResources` permission with `"Resource": "*"`';
    expect(upstreamText('external-secrets/aws-parameter-store.md')).toContain(prose);
    const findByTags: PolicyLike = { Statement: [{ Effect: 'Allow', Action: ['ssm:DescribeParameters', 'tag:GetResources'], Resource: '*' }] };

    expectOnlyDocumentedDeviations(
      {
        ours: externalSecretsPolicy({ region: 'eu-west-1', accountId: '111122223333', parameterPathPrefixes: ['/platform/prod/'], allowParameterStoreFind: true }),
        oursNames: { 'eu-west-1': '{region}', '111122223333': '{account}', '/platform/prod/': '{prefix}', '/platform/prod': '{prefix without its trailing /}' },
        upstream: [upstreamJson('external-secrets/parameter-store-iam-policy.json'), findByTags],
        // Upstream's example path is the prefix "/dev-" (its account id has 13 digits, as published).
        upstreamNames: { 'us-east-2': '{region}', '1234567889911': '{account}', '/dev-': '{prefix}' },
      },
      [
        {
          reason:
            'find.path "/platform/prod" (no trailing slash): GetParametersByPath is authorized on the path\'s own ARN, which "/platform/prod/*" does not match; only that call gets it',
          onlyOurs: [{ Action: 'ssm:GetParametersByPath', Resource: 'arn:aws:ssm:{region}:{account}:parameter{prefix without its trailing /}' }],
        },
        {
          reason: 'the Parameter Store provider at v2.9.0 never calls tag:GetResources: find.tags filters ssm:DescribeParameters by tag (parameterstore.go findByTags)',
          onlyUpstream: [{ Action: 'tag:GetResources', Resource: '*' }],
        },
      ],
    );
  });
});

describe('velero = velero-plugin-for-aws README "Set permissions for Velero" (v1.13.2)', () => {
  const volumes = 'arn:aws:ec2:*:*:volume/*';
  const snapshots = 'arn:aws:ec2:*:*:snapshot/*';

  test('only the EC2 resources and CreateTags differ', () => {
    expectOnlyDocumentedDeviations(
      { ours: veleroPolicy({ bucketName: 'acme-prod-velero' }), oursNames: { 'acme-prod-velero': '{BUCKET}' }, upstream: upstreamJson('velero/velero-policy.json') },
      [
        {
          reason: 'volumes and snapshots instead of "*": the only resources the plugin creates, reads or deletes (volume_snapshotter.go)',
          onlyUpstream: [{ Action: ['ec2:CreateVolume', 'ec2:CreateSnapshot', 'ec2:DeleteSnapshot'], Resource: '*' }],
          onlyOurs: [
            { Action: ['ec2:CreateVolume', 'ec2:CreateSnapshot'], Resource: [volumes, snapshots] },
            { Action: 'ec2:DeleteSnapshot', Resource: snapshots },
          ],
        },
        {
          reason:
            'CreateTags only within its own CreateVolume/CreateSnapshot calls (TagSpecifications): the plugin never tags existing resources, and retagging volumes would defeat tag-scoped policies such as the EBS CSI driver\'s',
          onlyUpstream: [{ Action: 'ec2:CreateTags', Resource: '*' }],
          onlyOurs: [
            { Action: 'ec2:CreateTags', Resource: [volumes, snapshots], Condition: { StringEquals: { 'ec2:CreateAction': ['CreateVolume', 'CreateSnapshot'] } } },
          ],
        },
      ],
    );
  });
});

describe('vpc-cni = AmazonEKS_CNI_Policy v6 / docs/iam-policy.md (v1.23.0)', () => {
  test.each(['AmazonEKS_CNI_Policy.v6.json', 'ipv4-generic-policy.json'])('default: no deviation from %s', (file) => {
    expectOnlyDocumentedDeviations({ ours: vpcCniPolicy(), upstream: upstreamJson(`vpc-cni/${file}`) });
  });

  test('scopeToCluster: the scope-down sample, with its ENI tagging scoped too', () => {
    const enis = 'arn:aws:ec2:*:*:network-interface/*';
    expectOnlyDocumentedDeviations(
      {
        ours: vpcCniPolicy({ scopeToCluster: { clusterName: 'example-cluster', vpcId: 'vpc-0123456789abcdef0' } }),
        oursNames: { 'example-cluster': '{CLUSTER_NAME}', 'vpc-0123456789abcdef0': '{VPC_ID}' },
        upstream: upstreamJson('vpc-cni/ipv4-scope-down-policy.json'),
      },
      [
        {
          reason:
            'ec2:CreateTags on every ENI would let the plugin tag any ENI as this cluster\'s and then delete, detach or re-secure it; it tags only at creation, ENIs already tagged for this cluster, and ENIs of this cluster\'s nodes (kubernetes.io/cluster/<name>=owned, the primary ENI ipamd tags at start)',
          onlyUpstream: [{ Action: 'ec2:CreateTags', Resource: enis }],
          onlyOurs: [
            { Action: 'ec2:CreateTags', Resource: enis, Condition: { StringEquals: { 'ec2:CreateAction': 'CreateNetworkInterface' } } },
            { Action: 'ec2:CreateTags', Resource: enis, Condition: { StringEquals: { 'aws:ResourceTag/cluster.k8s.amazonaws.com/name': '{CLUSTER_NAME}' } } },
            { Action: 'ec2:CreateTags', Resource: enis, Condition: { StringEquals: { 'aws:ResourceTag/kubernetes.io/cluster/{CLUSTER_NAME}': 'owned' } } },
          ],
        },
      ],
    );
  });
});

describe('cloudwatch-observability = CloudWatchAgentServerPolicy v3', () => {
  test('no deviation', () => {
    expectOnlyDocumentedDeviations({
      ours: cloudWatchObservabilityPolicy(),
      upstream: upstreamJson('cloudwatch-observability/CloudWatchAgentServerPolicy.v3.json'),
    });
  });
});
