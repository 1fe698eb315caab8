import { rmSync } from 'node:fs';
import { Testing, TerraformStack, type App } from 'cdktf';
import { PodIdentityRole, podIdentityTrustPolicy, POD_IDENTITY_SERVICE_PRINCIPAL } from '../../../modules/pod-identity';
import { externalDnsPolicy } from '../../../modules/pod-identity/policies';
import { policyDocument } from '../../../modules/shared/iam-policy';
import type { TerraformJson } from '../../matchers';

const CLUSTER_ARN = 'arn:aws:eks:eu-west-1:123456789012:cluster/dev';
const ZONE = 'Z0123456789ABC';

// Testing.app() makes a temp outdir per call; remove them when the file is done.
const apps: App[] = [];
afterAll(() => apps.forEach((app) => rmSync(app.outdir, { recursive: true, force: true })));

function synthRole(props: Partial<ConstructorParameters<typeof PodIdentityRole>[2]> = {}): TerraformJson {
  const app = Testing.app();
  apps.push(app);
  const stack = new TerraformStack(app, 'test');
  new PodIdentityRole(stack, 'external-dns', {
    clusterName: 'dev',
    clusterArn: CLUSTER_ARN,
    namespace: 'external-dns',
    serviceAccount: 'external-dns',
    roleName: 'dev-external-dns',
    policy: externalDnsPolicy({ hostedZoneIds: [ZONE] }),
    description: 'external-dns on dev',
    ...props,
  });
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

describe('podIdentityTrustPolicy', () => {
  const trust = podIdentityTrustPolicy({ clusterArn: CLUSTER_ARN, namespace: 'kube-system', serviceAccount: 'aws-node' });

  test('trusts only the EKS Pod Identity service, with the two actions it calls', () => {
    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0]).toMatchObject({ Effect: 'Allow', Principal: { Service: POD_IDENTITY_SERVICE_PRINCIPAL }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
    expect(POD_IDENTITY_SERVICE_PRINCIPAL).toBe('pods.eks.amazonaws.com');
  });

  test('is confined to one service account of one cluster through the session tags Pod Identity sends', () => {
    expect(trust.Statement[0].Condition).toEqual({
      StringEquals: {
        'aws:RequestTag/eks-cluster-arn': CLUSTER_ARN,
        'aws:RequestTag/kubernetes-namespace': 'kube-system',
        'aws:RequestTag/kubernetes-service-account': 'aws-node',
      },
    });
  });
});

describe('PodIdentityRole', () => {
  let tf: TerraformJson;
  beforeAll(() => {
    tf = synthRole({ managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] });
  });

  test('a named role with the Pod Identity trust policy', () => {
    expect(tf).toHaveResourceCount('aws_iam_role', 1);
    expect(tf).toHaveResourceMatching('aws_iam_role', { name: 'dev-external-dns', description: 'external-dns on dev', force_detach_policies: true });
    expect(tf).toHavePolicyStatement(
      'aws_iam_role',
      {
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringEquals: expect.objectContaining({ 'aws:RequestTag/kubernetes-namespace': 'external-dns', 'aws:RequestTag/kubernetes-service-account': 'external-dns' }) },
      },
      {},
      'assume_role_policy',
    );
  });

  test('the workload policy inline on the role, exactly as the catalogue renders it', () => {
    expect(tf).toHaveResourceCount('aws_iam_policy', 0);
    expect(tf).toHaveResourceMatching('aws_iam_role_policy', { name: 'least-privilege', policy: JSON.stringify(externalDnsPolicy({ hostedZoneIds: [ZONE] })) });
    expect(tf).toReference({ type: 'aws_iam_role_policy' }, 'role', { type: 'aws_iam_role' });
    expect(tf).toHavePolicyStatement('aws_iam_role_policy', { Sid: 'ChangeRecordsInManagedZones', Resource: [`arn:aws:route53:::hostedzone/${ZONE}`] });
  });

  test('managed policies are attached one resource each', () => {
    expect(tf).toHaveResourceMatching('aws_iam_role_policy_attachment', { policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
  });

  test('the association hands the role to the service account, with session tags on (the trust policy reads them)', () => {
    expect(tf).toHaveResourceMatching('aws_eks_pod_identity_association', {
      cluster_name: 'dev',
      namespace: 'external-dns',
      service_account: 'external-dns',
      disable_session_tags: false,
      depends_on: [expect.stringMatching(/^aws_iam_role_policy\./)],
    });
    expect(tf).toReference({ type: 'aws_eks_pod_identity_association' }, 'role_arn', { type: 'aws_iam_role' });
  });

  test('no association when an add-on owns it', () => {
    expect(synthRole({ createAssociation: false })).toHaveResourceCount('aws_eks_pod_identity_association', 0);
  });

  test('rejects a role name IAM would refuse', () => {
    expect(() => synthRole({ roleName: 'x'.repeat(65) })).toThrow(`PodIdentityRole test/external-dns: roleName "${'x'.repeat(65)}" is not a valid IAM role name (1-64 letters, digits and +=,.@_-)`);
  });

  test('rejects a policy over the inline size IAM allows per role', () => {
    const huge = policyDocument([{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: Array.from({ length: 400 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`) }]);
    expect(() => synthRole({ policy: huge })).toThrow(/^PodIdentityRole test\/external-dns: the policy is \d+ characters, over IAM's 10240 per role; split it with managedPolicyArns$/);
  });
});
