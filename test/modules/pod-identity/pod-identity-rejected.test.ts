import { BASE_FIELDS, errorOf, parseSpec, synthSpec } from '../../support/synth';
import { testRegistry } from '../addons/fake-eks';

const FILE = 'stacks/environments/prod.yaml';
const ZONE = 'Z0123456789ABC';
const reject = (roles: unknown[]) => errorOf(() => parseSpec({ ...BASE_FIELDS, vpc: {}, eks: {}, 'pod-identity': { roles } }, 'prod', testRegistry()));

describe('pod-identity rejects bad roles with the file, the field and what was wrong', () => {
  test.each([
    [
      'an unknown catalogue policy, with a did-you-mean',
      [{ policy: 'external-dsn' }],
      `${FILE}: pod-identity.roles[0].policy: unknown catalogue policy "external-dsn" (did you mean "external-dns"?); catalogue: aws-load-balancer-controller, cert-manager, cloudwatch-observability, ebs-csi-driver, efs-csi-driver, external-dns, external-secrets, velero, vpc-cni`,
    ],
    [
      'external-dns without hostedZoneIds (the policy function\'s own message)',
      [{ policy: 'external-dns' }],
      `${FILE}: pod-identity.roles[0].options.hostedZoneIds: expected at least one Route 53 hosted zone id (e.g. "Z0123456789ABC"), got nothing`,
    ],
    [
      'an empty hostedZoneIds list',
      [{ policy: 'cert-manager', options: { hostedZoneIds: [] } }],
      `${FILE}: pod-identity.roles[0].options.hostedZoneIds: expected at least one Route 53 hosted zone id (e.g. "Z0123456789ABC"), got []`,
    ],
    [
      'a malformed hosted zone id, pointing at the list item',
      [{ policy: 'external-dns', options: { hostedZoneIds: [ZONE, '/hostedzone/Z1'] } }],
      `${FILE}: pod-identity.roles[0].options.hostedZoneIds[1]: expected a Route 53 hosted zone id matching /^Z[A-Z0-9]{1,32}$/ (e.g. "Z0123456789ABC") or a Terraform reference, got "/hostedzone/Z1"`,
    ],
    [
      'a misspelt option, with a did-you-mean and the options the policy takes',
      [{ policy: 'external-dns', options: { hostedZoneId: [ZONE] } }],
      `${FILE}: pod-identity.roles[0].options.hostedZoneId: unknown option (did you mean "hostedZoneIds"?); external-dns takes hostedZoneIds`,
    ],
    [
      'an option for a policy that takes none',
      [{ policy: 'efs-csi-driver', options: { kmsKeyArns: [] } }],
      `${FILE}: pod-identity.roles[0].options.kmsKeyArns: unknown option; efs-csi-driver takes no options`,
    ],
    [
      'a non-boolean flag',
      [{ policy: 'velero', options: { bucketName: 'acme-velero', ebsSnapshots: 'yes' } }],
      `${FILE}: pod-identity.roles[0].options.ebsSnapshots: expected true or false, got "yes"`,
    ],
    [
      'an option of the nested kind, checked by the policy',
      [{ policy: 'vpc-cni', options: { scopeToCluster: { vpcId: 'vpc-123' } } }],
      `${FILE}: pod-identity.roles[0].options.scopeToCluster.vpcId: expected a VPC id (e.g. "vpc-0123456789abcdef0") or a Terraform reference, got "vpc-123"`,
    ],
    [
      'an invalid namespace',
      [{ policy: 'efs-csi-driver', namespace: 'Kube_System' }],
      `${FILE}: pod-identity.roles[0].namespace: expected a Kubernetes namespace name (lower-case letters, digits and dashes, at most 63), got "Kube_System"`,
    ],
    [
      'two roles for one service account',
      [{ policy: 'efs-csi-driver' }, { policy: 'ebs-csi-driver', serviceAccount: 'efs-csi-controller-sa', roleName: 'x' }],
      `${FILE}: pod-identity.roles[1]: service account kube-system/efs-csi-controller-sa is already associated by roles[0]; EKS allows one Pod Identity association per service account`,
    ],
    [
      'two roles that would get the same default name',
      [{ policy: 'external-dns', options: { hostedZoneIds: [ZONE] } }, { policy: 'external-dns', namespace: 'dns-internal', options: { hostedZoneIds: [ZONE] } }],
      `${FILE}: pod-identity.roles[1].roleName: roles[0] has the same default role name "<cluster>-external-dns"; set roleName on one of them`,
    ],
    [
      'a misspelt role field',
      [{ policy: 'efs-csi-driver', serviceaccount: 'x' }],
      `${FILE}: pod-identity.roles[0].serviceaccount: unknown field (did you mean "serviceAccount"?); allowed: managedPolicyArns, namespace, options, policy, roleName, serviceAccount`,
    ],
  ])('%s', (_case, roles, message) => {
    expect(reject(roles)).toBe(message);
  });

  test('every problem of every role is reported in one pass', () => {
    expect(reject([{ policy: 'external-dns' }, { policy: 'velero', options: {} }]).split('\n')).toEqual([
      `${FILE}: pod-identity.roles[0].options.hostedZoneIds: expected at least one Route 53 hosted zone id (e.g. "Z0123456789ABC"), got nothing`,
      `${FILE}: pod-identity.roles[1].options.bucketName: expected an S3 bucket name (e.g. "acme-prod-velero"), not an ARN, or a Terraform reference, got nothing`,
    ]);
  });

  test('a default role name over IAM\'s 64 characters is caught when the cluster name is known', () => {
    const longName = `a${'-b'.repeat(30)}`;
    expect(errorOf(() => synthSpec({ ...BASE_FIELDS, vpc: {}, eks: {}, 'pod-identity': { roles: [{ policy: 'aws-load-balancer-controller' }] } }, longName, testRegistry()))).toBe(
      `stacks/environments/${longName}.yaml: pod-identity.roles[0].roleName: the default role name "${longName}-aws-load-balancer-controller" is ${longName.length + 29} characters, over IAM's 64; set roleName`,
    );
  });
});
