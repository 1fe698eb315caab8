import { BASE_FIELDS, synthSpec, type Synthesized } from '../../support/synth';
import type { TerraformJson } from '../../matchers';
import { testRegistry } from '../addons/fake-eks';

const ZONE = 'Z0123456789ABC';

describe('pod-identity roles from the catalogue (vpc + eks + pod-identity)', () => {
  let result: Synthesized;
  let cluster: TerraformJson;
  beforeAll(() => {
    result = synthSpec(
      {
        ...BASE_FIELDS,
        vpc: {},
        eks: {},
        'pod-identity': {
          roles: [
            { policy: 'external-dns', options: { hostedZoneIds: [ZONE] } },
            { policy: 'cert-manager', namespace: 'certs', serviceAccount: 'cert-manager-acme', roleName: 'dev-acme', options: { hostedZoneIds: [ZONE], solversSetHostedZoneId: true } },
            { policy: 'external-secrets', options: { parameterPathPrefixes: ['/platform/dev/'] } },
          ],
        },
      },
      'dev',
      testRegistry(),
    );
    cluster = result.stacks.cluster!;
  });

  test('one role and one association per entry, in the cluster stack', () => {
    expect(cluster).toHaveResourceCount('aws_iam_role', 3);
    expect(cluster).toHaveResourceCount('aws_iam_role_policy', 3);
    expect(cluster).toHaveResourceCount('aws_eks_pod_identity_association', 3);
  });

  test('namespace and service account default to the catalogue\'s, the role name to <cluster>-<policy>', () => {
    expect(cluster).toHaveResourceAt('dev-cluster/pod-identity/role:dev-external-dns/association', { cluster_name: 'dev', namespace: 'external-dns', service_account: 'external-dns' });
    expect(cluster).toHaveResourceAt('dev-cluster/pod-identity/role:dev-external-dns/role', { name: 'dev-external-dns' });
    expect(cluster).toHaveResourceAt('dev-cluster/pod-identity/role:dev-external-secrets/role', { name: 'dev-external-secrets' });
  });

  test('explicit namespace, service account and role name win', () => {
    expect(cluster).toHaveResourceAt('dev-cluster/pod-identity/role:dev-acme/association', { namespace: 'certs', service_account: 'cert-manager-acme' });
    expect(cluster).toHaveResourceAt('dev-cluster/pod-identity/role:dev-acme/role', { name: 'dev-acme' });
  });

  test('each trust policy names its own service account and the eks cluster ARN', () => {
    expect(cluster).toHavePolicyStatement(
      'aws_iam_role',
      {
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: {
            'aws:RequestTag/eks-cluster-arn': expect.stringMatching(/^\$\{aws_eks_cluster\.\S+\.arn\}$/),
            'aws:RequestTag/kubernetes-namespace': 'certs',
            'aws:RequestTag/kubernetes-service-account': 'cert-manager-acme',
          },
        },
      },
      { name: 'dev-acme' },
      'assume_role_policy',
    );
  });

  test('the policies carry the options given (zones) and the environment\'s (region, account)', () => {
    expect(cluster).toHavePolicyStatement('aws_iam_role_policy', { Sid: 'ChangeRecordsInManagedZones', Resource: [`arn:aws:route53:::hostedzone/${ZONE}`] });
    expect(cluster).toHavePolicyStatement('aws_iam_role_policy', { Resource: ['arn:aws:ssm:eu-west-1:123456789012:parameter/platform/dev/*'] });
  });

  test('every association refers to its role', () => {
    expect(cluster).toReference({ type: 'aws_eks_pod_identity_association' }, 'role_arn', { type: 'aws_iam_role' });
  });

  test('role ARNs are an output keyed by namespace/service account', () => {
    expect(cluster).toHaveOutput('pod_identity_role_arns', {
      value: expect.objectContaining({ 'external-dns/external-dns': expect.stringMatching(/aws_iam_role\./), 'certs/cert-manager-acme': expect.stringMatching(/aws_iam_role\./) }),
    });
  });

  test('no warnings for workload roles', () => {
    expect(result.warnings).toEqual([]);
  });
});

describe('pod-identity with a role an add-on module owns', () => {
  test('warns that the vpc-cni module creates the aws-node role itself', () => {
    const { warnings } = synthSpec({ ...BASE_FIELDS, vpc: {}, eks: {}, 'pod-identity': { roles: [{ policy: 'vpc-cni' }] } }, 'dev', testRegistry());
    expect(warnings).toEqual([
      {
        path: 'pod-identity.roles[0].policy',
        message: 'the vpc-cni module creates this role and its association itself; list it here only if vpc-cni is installed some other way (EKS allows one association per service account)',
      },
    ]);
  });
});
