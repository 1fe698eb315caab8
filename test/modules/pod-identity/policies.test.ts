import { PolicyDocument, PolicyStatement } from '../../../modules/shared/iam-policy';
import {
  PolicyName,
  awsLoadBalancerControllerPolicy,
  certManagerPolicy,
  cloudWatchObservabilityPolicy,
  ebsCsiDriverPolicy,
  efsCsiDriverPolicy,
  externalDnsPolicy,
  externalSecretsPolicy,
  policyCatalogue,
  veleroPolicy,
  vpcCniPolicy,
} from '../../../modules/pod-identity/policies';

const ZONE_A = 'Z0123456789ABC';
const ZONE_B = 'Z9876543210XYZ';
const ACCOUNT = '111122223333';
const KMS_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/app-AbCdEf';

/** Statements that allow `action`. */
function allowing(doc: PolicyDocument, action: string): PolicyStatement[] {
  return doc.Statement.filter((s) => s.Effect === 'Allow' && s.Action.includes(action));
}

function bySid(doc: PolicyDocument, sid: string): PolicyStatement {
  const statement = doc.Statement.find((s) => s.Sid === sid);
  if (!statement) throw new Error(`no statement ${sid} in ${JSON.stringify(doc)}`);
  return statement;
}

function allActions(doc: PolicyDocument): string[] {
  return doc.Statement.flatMap((s) => s.Action);
}

function allResources(doc: PolicyDocument): string[] {
  return doc.Statement.flatMap((s) => s.Resource);
}

/** One fully optioned build of every catalogue entry, for checks that hold across the catalogue. */
const everyPolicy: Record<PolicyName, () => PolicyDocument> = {
  'ebs-csi-driver': () => ebsCsiDriverPolicy({ kmsKeyArns: [KMS_KEY] }),
  'efs-csi-driver': () => efsCsiDriverPolicy(),
  'aws-load-balancer-controller': () => awsLoadBalancerControllerPolicy(),
  'external-dns': () => externalDnsPolicy({ hostedZoneIds: [ZONE_A, ZONE_B] }),
  'cert-manager': () => certManagerPolicy({ hostedZoneIds: [ZONE_A] }),
  'external-secrets': () =>
    externalSecretsPolicy({
      region: 'eu-west-1',
      accountId: ACCOUNT,
      secretArns: [SECRET],
      parameterPathPrefixes: ['/platform/prod/'],
      kmsKeyArns: [KMS_KEY],
      allowSecretsManagerFind: true,
    }),
  'vpc-cni': () => vpcCniPolicy(),
  'cloudwatch-observability': () => cloudWatchObservabilityPolicy(),
  velero: () => veleroPolicy({ bucketName: 'acme-prod-velero', kmsKeyArns: [KMS_KEY] }),
};
const variants: Array<[string, () => PolicyDocument]> = [
  ...Object.entries(everyPolicy),
  ['vpc-cni (scoped to cluster)', () => vpcCniPolicy({ scopeToCluster: { clusterName: 'prod', vpcId: 'vpc-0123456789abcdef0' } })],
];

describe('every catalogue policy', () => {
  test.each(variants)('%s: no Action "*" on Resource "*" and no service-wide action', (_name, build) => {
    for (const statement of build().Statement) {
      expect(statement.Action).not.toContain('*');
      for (const action of statement.Action) expect(action).not.toMatch(/^[a-z0-9-]+:\*$/);
    }
  });

  test.each(variants)('%s: no iam:PassRole on a wildcard resource', (_name, build) => {
    for (const statement of build().Statement) {
      const passesRoles = statement.Action.some((a) => a === 'iam:PassRole' || a === 'iam:*' || a === 'iam:Pass*');
      if (passesRoles) expect(statement.Resource.filter((r) => r.includes('*'))).toEqual([]);
    }
  });

  test.each(variants)('%s: well-formed statements with unique alphanumeric Sids', (_name, build) => {
    const doc = build();
    expect(doc.Version).toBe('2012-10-17');
    const sids = doc.Statement.map((s) => s.Sid);
    for (const sid of sids) expect(sid).toMatch(/^[A-Za-z0-9]+$/); // IAM rejects other characters
    expect(new Set(sids).size).toBe(sids.length);
    for (const statement of doc.Statement) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.Action.length).toBeGreaterThan(0);
      expect(statement.Resource.length).toBeGreaterThan(0);
    }
  });

  // Unconditioned Resource "*" is only for reads that cannot be scoped, plus the exceptions the
  // upstream documents keep on "*"; this list makes adding another one a deliberate change.
  const unscopedWrites: Record<string, string[]> = {
    'ebs-csi-driver': [],
    'efs-csi-driver': [],
    'aws-load-balancer-controller': [
      'waf-regional:AssociateWebACL',
      'waf-regional:DisassociateWebACL',
      'wafv2:AssociateWebACL',
      'wafv2:DisassociateWebACL',
      'shield:CreateProtection',
      'shield:DeleteProtection',
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:RevokeSecurityGroupIngress',
      'ec2:CreateSecurityGroup',
      'elasticloadbalancing:CreateListener',
      'elasticloadbalancing:DeleteListener',
      'elasticloadbalancing:CreateRule',
      'elasticloadbalancing:DeleteRule',
      'elasticloadbalancing:SetWebAcl',
      'elasticloadbalancing:ModifyListener',
      'elasticloadbalancing:AddListenerCertificates',
      'elasticloadbalancing:RemoveListenerCertificates',
      'elasticloadbalancing:ModifyRule',
      'elasticloadbalancing:SetRulePriorities',
    ],
    'external-dns': [],
    'cert-manager': [],
    'external-secrets': [],
    'vpc-cni': [
      'ec2:AssignPrivateIpAddresses',
      'ec2:AttachNetworkInterface',
      'ec2:CreateNetworkInterface',
      'ec2:DeleteNetworkInterface',
      'ec2:DetachNetworkInterface',
      'ec2:ModifyNetworkInterfaceAttribute',
      'ec2:UnassignPrivateIpAddresses',
    ],
    'cloudwatch-observability': [
      'cloudwatch:PutMetricData',
      'logs:PutLogEvents',
      'logs:PutRetentionPolicy',
      'logs:CreateLogStream',
      'logs:CreateLogGroup',
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
    ],
    velero: [],
    'vpc-cni (scoped to cluster)': [],
  };
  test.each(variants)('%s: unconditioned "*" only for reads and documented exceptions', (name, build) => {
    const isRead = (action: string) => /^[a-z0-9-]+:(Describe|List|Get|BatchGet)/.test(action);
    const writesOnStar = build()
      .Statement.filter((s) => s.Resource.includes('*') && s.Condition === undefined)
      .flatMap((s) => s.Action)
      .filter((a) => !isRead(a));
    expect(writesOnStar.sort()).toEqual([...(unscopedWrites[name] ?? ['<missing>'])].sort());
  });
});

describe('policyCatalogue', () => {
  test('describes every policy with a source and the default service account', () => {
    expect(Object.keys(policyCatalogue).sort()).toEqual(Object.keys(everyPolicy).sort());
    for (const entry of Object.values(policyCatalogue)) {
      expect(entry.description).not.toBe('');
      expect(entry.sourceUrl).toMatch(/^https:\/\//);
      expect(entry.serviceAccount.namespace).toMatch(/^[a-z0-9-]+$/);
      expect(entry.serviceAccount.name).toMatch(/^[a-z0-9-]+$/);
    }
  });

  test('uses the service accounts the add-ons and charts create', () => {
    expect(policyCatalogue['ebs-csi-driver'].serviceAccount).toEqual({ namespace: 'kube-system', name: 'ebs-csi-controller-sa' });
    expect(policyCatalogue['efs-csi-driver'].serviceAccount).toEqual({ namespace: 'kube-system', name: 'efs-csi-controller-sa' });
    expect(policyCatalogue['vpc-cni'].serviceAccount).toEqual({ namespace: 'kube-system', name: 'aws-node' });
    expect(policyCatalogue['cloudwatch-observability'].serviceAccount).toEqual({ namespace: 'amazon-cloudwatch', name: 'cloudwatch-agent' });
  });
});

describe('partition option', () => {
  test('is written into every ARN', () => {
    for (const doc of [
      ebsCsiDriverPolicy({ partition: 'aws-us-gov' }),
      awsLoadBalancerControllerPolicy({ partition: 'aws-us-gov' }),
      externalDnsPolicy({ partition: 'aws-us-gov', hostedZoneIds: [ZONE_A] }),
      certManagerPolicy({ partition: 'aws-us-gov', hostedZoneIds: [ZONE_A] }),
      vpcCniPolicy({ partition: 'aws-us-gov' }),
      cloudWatchObservabilityPolicy({ partition: 'aws-us-gov' }),
      veleroPolicy({ partition: 'aws-us-gov', bucketName: 'acme-velero' }),
    ]) {
      const arns = allResources(doc).filter((r) => r.startsWith('arn:'));
      expect(arns.length).toBeGreaterThan(0);
      for (const arn of arns) expect(arn).toMatch(/^arn:aws-us-gov:/);
    }
  });

  test('defaults to "aws"', () => {
    for (const arn of allResources(awsLoadBalancerControllerPolicy()).filter((r) => r.startsWith('arn:'))) {
      expect(arn).toMatch(/^arn:aws:/);
    }
  });

  test('rejects a name that is not a partition', () => {
    expect(() => ebsCsiDriverPolicy({ partition: 'amazon' })).toThrow(
      new Error('ebsCsiDriverPolicy: partition: expected an AWS partition (e.g. "aws", "aws-cn", "aws-us-gov"), got "amazon"'),
    );
  });
});

describe('ebsCsiDriverPolicy', () => {
  const doc = ebsCsiDriverPolicy();

  test('creates volumes only with the request tag ebs.csi.aws.com/cluster=true', () => {
    const onVolumes = allowing(doc, 'ec2:CreateVolume').filter((s) => s.Resource.some((r) => r.includes(':volume/')));
    expect(onVolumes).toHaveLength(1);
    expect(onVolumes[0].Condition).toEqual({ StringEquals: { 'aws:RequestTag/ebs.csi.aws.com/cluster': 'true' } });
  });

  test('creates volumes only from snapshots it manages', () => {
    const fromSnapshots = allowing(doc, 'ec2:CreateVolume').filter((s) => s.Resource.some((r) => r.includes(':snapshot/')));
    expect(fromSnapshots).toHaveLength(1);
    expect(fromSnapshots[0].Condition).toEqual({ StringEquals: { 'ec2:ResourceTag/ebs.csi.aws.com/cluster': 'true' } });
  });

  test('deletes only volumes it manages (or in-tree migrated ones)', () => {
    const deletes = allowing(doc, 'ec2:DeleteVolume');
    expect(deletes.map((s) => s.Condition)).toEqual([
      { StringEquals: { 'ec2:ResourceTag/ebs.csi.aws.com/cluster': 'true' } },
      { StringLike: { 'ec2:ResourceTag/kubernetes.io/created-for/pvc/name': '*' } },
    ]);
    for (const statement of deletes) expect(statement.Resource).toEqual(['arn:aws:ec2:*:*:volume/*']);
  });

  test('deletes and locks only snapshots it manages', () => {
    const statement = bySid(doc, 'DeleteAndLockManagedSnapshots');
    expect(statement.Action).toEqual(['ec2:DeleteSnapshot', 'ec2:LockSnapshot']);
    expect(statement.Condition).toEqual({ StringEquals: { 'ec2:ResourceTag/ebs.csi.aws.com/cluster': 'true' } });
  });

  test('tags only at creation, and never changes the ownership tags afterwards', () => {
    expect(bySid(doc, 'TagResourcesOnCreation').Condition).toEqual({
      StringEquals: { 'ec2:CreateAction': ['CreateVolume', 'CreateSnapshot', 'CopyVolumes'] },
    });
    expect(bySid(doc, 'ModifyTagsOnManagedVolumes').Condition).toEqual({
      StringEquals: { 'ec2:ResourceTag/ebs.csi.aws.com/cluster': 'true' },
      Null: { 'aws:TagKeys': 'false' },
      'ForAllValues:StringNotEquals': {
        'aws:TagKeys': ['ebs.csi.aws.com/cluster', 'ebs.csi.aws.com/cluster-name', 'kubernetes.io/created-for/pvc/name'],
      },
    });
    for (const statement of allowing(doc, 'ec2:CreateTags')) expect(statement.Condition).toBeDefined();
  });

  test('keeps "*" for Describe calls only', () => {
    const onStar = doc.Statement.filter((s) => s.Resource.includes('*'));
    expect(onStar).toHaveLength(1);
    for (const action of onStar[0].Action) expect(action).toMatch(/^ec2:Describe/);
  });

  test('adds KMS use only for the given keys', () => {
    expect(allActions(doc).filter((a) => a.startsWith('kms:'))).toEqual([]);
    const withKey = ebsCsiDriverPolicy({ kmsKeyArns: [KMS_KEY, '${aws_kms_key.ebs.arn}'] });
    const kms = bySid(withKey, 'UseCustomerManagedKeysForVolumeEncryption');
    expect(kms.Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:CreateGrant']);
    expect(kms.Resource).toEqual([KMS_KEY, '${aws_kms_key.ebs.arn}']);
  });

  test('rejects a KMS alias in place of a key ARN', () => {
    expect(() => ebsCsiDriverPolicy({ kmsKeyArns: ['alias/ebs'] })).toThrow(
      new Error(
        'ebsCsiDriverPolicy: kmsKeyArns[0]: expected a KMS key ARN (e.g. "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab") or a Terraform reference, got "alias/ebs"',
      ),
    );
  });
});

describe('efsCsiDriverPolicy', () => {
  const doc = efsCsiDriverPolicy();

  test('creates access points only with the request tag efs.csi.aws.com/cluster=true', () => {
    const create = allowing(doc, 'elasticfilesystem:CreateAccessPoint');
    expect(create).toHaveLength(1);
    expect(create[0].Condition).toEqual({ StringLike: { 'aws:RequestTag/efs.csi.aws.com/cluster': 'true' } });
  });

  test('tags and deletes only resources carrying the tag', () => {
    expect(allowing(doc, 'elasticfilesystem:TagResource')[0].Condition).toEqual({
      StringLike: { 'aws:ResourceTag/efs.csi.aws.com/cluster': 'true' },
    });
    expect(allowing(doc, 'elasticfilesystem:DeleteAccessPoint')[0].Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/efs.csi.aws.com/cluster': 'true' },
    });
  });

  test('leaves only Describe/List calls unconditioned', () => {
    const unconditioned = doc.Statement.filter((s) => s.Condition === undefined).flatMap((s) => s.Action);
    for (const action of unconditioned) expect(action).toMatch(/:(Describe|List)/);
  });
});

describe('awsLoadBalancerControllerPolicy', () => {
  const doc = awsLoadBalancerControllerPolicy();
  const clusterTagPresent = { Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' } };
  const taggedResource = { Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } };
  const retagOwn = { Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'true', 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } };

  test('has the 16 statements of iam_policy.json v2.17.1', () => {
    expect(doc.Statement).toHaveLength(16);
    expect(new Set(allActions(doc)).size).toBe(80);
  });

  test('creates load balancers and target groups only with the cluster tag', () => {
    const create = allowing(doc, 'elasticloadbalancing:CreateLoadBalancer');
    expect(create).toHaveLength(1);
    expect(create[0].Action).toEqual(['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup']);
    expect(create[0].Condition).toEqual(clusterTagPresent);
  });

  test('modifies and deletes only load balancers and target groups carrying the cluster tag', () => {
    for (const action of ['elasticloadbalancing:DeleteLoadBalancer', 'elasticloadbalancing:DeleteTargetGroup', 'elasticloadbalancing:ModifyLoadBalancerAttributes']) {
      const statements = allowing(doc, action);
      expect(statements).toHaveLength(1);
      expect(statements[0].Condition).toEqual(taggedResource);
    }
  });

  test('deletes only security groups carrying the cluster tag', () => {
    const deletes = allowing(doc, 'ec2:DeleteSecurityGroup');
    expect(deletes).toHaveLength(1);
    expect(deletes[0].Condition).toEqual(taggedResource);
  });

  test('tags security groups at creation only with the cluster tag', () => {
    const statement = bySid(doc, 'TagSecurityGroupsOnCreation');
    expect(statement.Resource).toEqual(['arn:aws:ec2:*:*:security-group/*']);
    expect(statement.Condition).toEqual({ StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' }, ...clusterTagPresent });
  });

  test('retags only its own security groups, load balancers and target groups, never the cluster tag', () => {
    expect(bySid(doc, 'RetagOwnSecurityGroups').Action).toEqual(['ec2:CreateTags', 'ec2:DeleteTags']);
    expect(bySid(doc, 'RetagOwnSecurityGroups').Condition).toEqual(retagOwn);
    expect(bySid(doc, 'RetagOwnLoadBalancersAndTargetGroups').Condition).toEqual(retagOwn);
    for (const statement of [...allowing(doc, 'ec2:CreateTags'), ...allowing(doc, 'ec2:DeleteTags')]) {
      expect(statement.Resource).toEqual(['arn:aws:ec2:*:*:security-group/*']);
    }
  });

  test('tags load balancers and target groups at creation only', () => {
    expect(bySid(doc, 'TagLoadBalancersAndTargetGroupsOnCreation').Condition).toEqual({
      StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] },
      ...clusterTagPresent,
    });
  });

  test('registers targets in target groups only', () => {
    expect(allowing(doc, 'elasticloadbalancing:RegisterTargets')[0].Resource).toEqual([
      'arn:aws:elasticloadbalancing:*:*:targetgroup/*/*',
    ]);
  });

  test('creates only the Elastic Load Balancing service-linked role', () => {
    const slr = allowing(doc, 'iam:CreateServiceLinkedRole');
    expect(slr).toHaveLength(1);
    expect(slr[0].Condition).toEqual({ StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } });
  });
});

describe('externalDnsPolicy', () => {
  const doc = externalDnsPolicy({ hostedZoneIds: [ZONE_A, ZONE_B] });

  test('changes and lists records only in the given zones', () => {
    const change = allowing(doc, 'route53:ChangeResourceRecordSets');
    expect(change).toHaveLength(1);
    expect(change[0].Action).toEqual(['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources']);
    expect(change[0].Resource).toEqual([`arn:aws:route53:::hostedzone/${ZONE_A}`, `arn:aws:route53:::hostedzone/${ZONE_B}`]);
    expect(allResources(doc)).not.toContain('arn:aws:route53:::hostedzone/*');
  });

  test('lists hosted zones on "*", as that call cannot be scoped', () => {
    expect(allowing(doc, 'route53:ListHostedZones')[0].Resource).toEqual(['*']);
  });

  test('passes Terraform references through', () => {
    const withRef = externalDnsPolicy({ hostedZoneIds: ['${aws_route53_zone.main.zone_id}'] });
    expect(allowing(withRef, 'route53:ChangeResourceRecordSets')[0].Resource).toEqual([
      'arn:aws:route53:::hostedzone/${aws_route53_zone.main.zone_id}',
    ]);
  });

  test('rejects an empty zone list', () => {
    expect(() => externalDnsPolicy({ hostedZoneIds: [] })).toThrow(
      new Error('externalDnsPolicy: hostedZoneIds: expected at least one Route 53 hosted zone id (e.g. "Z0123456789ABC"), got []'),
    );
  });

  test('rejects a missing zone list', () => {
    expect(() => externalDnsPolicy({} as never)).toThrow(
      new Error('externalDnsPolicy: hostedZoneIds: expected at least one Route 53 hosted zone id (e.g. "Z0123456789ABC"), got undefined'),
    );
  });

  test.each(['example.com', '/hostedzone/Z0123456789ABC', 'z0123456789abc', '*'])('rejects the zone id %j', (bad) => {
    expect(() => externalDnsPolicy({ hostedZoneIds: [ZONE_A, bad] })).toThrow(
      new Error(
        `externalDnsPolicy: hostedZoneIds[1]: expected a Route 53 hosted zone id matching /^Z[A-Z0-9]{1,32}$/ (e.g. "Z0123456789ABC") or a Terraform reference, got ${JSON.stringify(bad)}`,
      ),
    );
  });
});

describe('certManagerPolicy', () => {
  const doc = certManagerPolicy({ hostedZoneIds: [ZONE_A] });

  test('changes only TXT records, only in the given zones', () => {
    const change = allowing(doc, 'route53:ChangeResourceRecordSets');
    expect(change).toHaveLength(1);
    expect(change[0].Resource).toEqual([`arn:aws:route53:::hostedzone/${ZONE_A}`]);
    expect(change[0].Condition).toEqual({ 'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] } });
  });

  test('polls change status', () => {
    expect(allowing(doc, 'route53:GetChange')[0].Resource).toEqual(['arn:aws:route53:::change/*']);
  });

  test('looks zones up by name unless every solver pins hostedZoneID', () => {
    expect(allowing(doc, 'route53:ListHostedZonesByName')[0].Resource).toEqual(['*']);
    const pinned = certManagerPolicy({ hostedZoneIds: [ZONE_A], solversSetHostedZoneId: true });
    expect(allActions(pinned)).not.toContain('route53:ListHostedZonesByName');
  });

  test('rejects an empty zone list', () => {
    expect(() => certManagerPolicy({ hostedZoneIds: [] })).toThrow(
      new Error('certManagerPolicy: hostedZoneIds: expected at least one Route 53 hosted zone id (e.g. "Z0123456789ABC"), got []'),
    );
  });

  test('rejects a malformed zone id', () => {
    expect(() => certManagerPolicy({ hostedZoneIds: ['example.com'] })).toThrow(
      new Error(
        'certManagerPolicy: hostedZoneIds[0]: expected a Route 53 hosted zone id matching /^Z[A-Z0-9]{1,32}$/ (e.g. "Z0123456789ABC") or a Terraform reference, got "example.com"',
      ),
    );
  });
});

describe('externalSecretsPolicy', () => {
  const base = { region: 'eu-west-1', accountId: ACCOUNT };

  test('reads secret values only from the given secret ARNs', () => {
    const doc = externalSecretsPolicy({ ...base, secretArns: [SECRET, '${aws_secretsmanager_secret.db.arn}'] });
    const reads = allowing(doc, 'secretsmanager:GetSecretValue');
    expect(reads).toHaveLength(1);
    expect(reads[0].Resource).toEqual([SECRET, '${aws_secretsmanager_secret.db.arn}']);
    expect(reads[0].Action).toEqual([
      'secretsmanager:GetResourcePolicy',
      'secretsmanager:GetSecretValue',
      'secretsmanager:DescribeSecret',
      'secretsmanager:ListSecretVersionIds',
    ]);
    expect(allActions(doc)).not.toContain('secretsmanager:ListSecrets');
    expect(allActions(doc).filter((a) => a.startsWith('ssm:'))).toEqual([]);
  });

  test('lists secrets only when find is enabled', () => {
    const doc = externalSecretsPolicy({ ...base, secretArns: [SECRET], allowSecretsManagerFind: true });
    expect(bySid(doc, 'ListSecrets')).toEqual({
      Sid: 'ListSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:ListSecrets', 'secretsmanager:BatchGetSecretValue'],
      Resource: ['*'],
    });
  });

  test('reads parameters only under the given paths', () => {
    const doc = externalSecretsPolicy({ ...base, parameterPathPrefixes: ['/platform/prod/', '/shared/'] });
    const reads = allowing(doc, 'ssm:GetParameter*');
    expect(reads).toHaveLength(1);
    expect(reads[0].Resource).toEqual([
      'arn:aws:ssm:eu-west-1:111122223333:parameter/platform/prod/*',
      'arn:aws:ssm:eu-west-1:111122223333:parameter/shared/*',
    ]);
    expect(allActions(doc).filter((a) => a.startsWith('secretsmanager:'))).toEqual([]);
  });

  test('decrypts with the given keys only through the services in use', () => {
    const doc = externalSecretsPolicy({ ...base, secretArns: [SECRET], parameterPathPrefixes: ['/p/'], kmsKeyArns: [KMS_KEY] });
    expect(bySid(doc, 'DecryptThroughSecretsServices')).toEqual({
      Sid: 'DecryptThroughSecretsServices',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [KMS_KEY],
      Condition: { StringEquals: { 'kms:ViaService': ['secretsmanager.eu-west-1.amazonaws.com', 'ssm.eu-west-1.amazonaws.com'] } },
    });
  });

  test('follows the region into the China partition', () => {
    const doc = externalSecretsPolicy({ region: 'cn-north-1', accountId: ACCOUNT, parameterPathPrefixes: ['/p/'], kmsKeyArns: [KMS_KEY] });
    expect(allowing(doc, 'ssm:GetParameter*')[0].Resource).toEqual(['arn:aws-cn:ssm:cn-north-1:111122223333:parameter/p/*']);
    expect(allowing(doc, 'kms:Decrypt')[0].Condition).toEqual({ StringEquals: { 'kms:ViaService': ['ssm.cn-north-1.amazonaws.com.cn'] } });
  });

  test('rejects a store with neither secrets nor parameters', () => {
    expect(() => externalSecretsPolicy({ ...base, secretArns: [] })).toThrow(
      new Error(
        'externalSecretsPolicy: secretArns, parameterPathPrefixes: expected at least one Secrets Manager secret ARN or SSM parameter path prefix, got {"secretArns":[]}',
      ),
    );
  });

  test('rejects find without secret ARNs', () => {
    expect(() => externalSecretsPolicy({ ...base, parameterPathPrefixes: ['/p/'], allowSecretsManagerFind: true })).toThrow(
      new Error('externalSecretsPolicy: secretArns: expected at least one Secrets Manager secret ARN when allowSecretsManagerFind is true, got undefined'),
    );
  });

  test('rejects a secret name in place of its ARN', () => {
    expect(() => externalSecretsPolicy({ ...base, secretArns: ['prod/app'] })).toThrow(
      new Error(
        'externalSecretsPolicy: secretArns[0]: expected a Secrets Manager secret ARN (e.g. "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/app-AbCdEf") or a Terraform reference, got "prod/app"',
      ),
    );
  });

  test.each(['/', 'platform/prod/', '/platform/*'])('rejects the parameter path prefix %j', (bad) => {
    expect(() => externalSecretsPolicy({ ...base, parameterPathPrefixes: [bad] })).toThrow(
      new Error(
        `externalSecretsPolicy: parameterPathPrefixes[0]: expected an SSM parameter path prefix below "/" without wildcards (e.g. "/platform/prod/") or a Terraform reference, got ${JSON.stringify(bad)}`,
      ),
    );
  });

  test('rejects a malformed region and account id', () => {
    expect(() => externalSecretsPolicy({ region: 'Ireland', accountId: ACCOUNT, secretArns: [SECRET] })).toThrow(
      new Error('externalSecretsPolicy: region: expected an AWS region (e.g. "eu-west-1") or a Terraform reference, got "Ireland"'),
    );
    expect(() => externalSecretsPolicy({ region: 'eu-west-1', accountId: '1111-2222-3333', secretArns: [SECRET] })).toThrow(
      new Error('externalSecretsPolicy: accountId: expected a 12-digit AWS account id (e.g. "111122223333") or a Terraform reference, got "1111-2222-3333"'),
    );
  });
});

describe('vpcCniPolicy', () => {
  test('by default grants AmazonEKS_CNI_Policy (IPv4)', () => {
    const doc = vpcCniPolicy();
    expect(bySid(doc, 'ManageNetworkInterfaces').Action).toEqual([
      'ec2:AssignPrivateIpAddresses',
      'ec2:AttachNetworkInterface',
      'ec2:CreateNetworkInterface',
      'ec2:DeleteNetworkInterface',
      'ec2:DescribeInstances',
      'ec2:DescribeTags',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeInstanceTypes',
      'ec2:DescribeSubnets',
      'ec2:DetachNetworkInterface',
      'ec2:ModifyNetworkInterfaceAttribute',
      'ec2:UnassignPrivateIpAddresses',
    ]);
    expect(allowing(doc, 'ec2:CreateTags')[0].Resource).toEqual(['arn:aws:ec2:*:*:network-interface/*']);
    expect(allActions(doc)).not.toContain('ec2:AssignIpv6Addresses');
  });

  describe('scoped to a cluster', () => {
    const doc = vpcCniPolicy({ scopeToCluster: { clusterName: 'prod', vpcId: 'vpc-0123456789abcdef0' } });

    test('creates ENIs only tagged for the cluster, in the cluster VPC', () => {
      expect(bySid(doc, 'CreateClusterNetworkInterfaces').Condition).toEqual({
        StringEquals: { 'aws:RequestTag/cluster.k8s.amazonaws.com/name': 'prod' },
      });
      expect(bySid(doc, 'CreateNetworkInterfacesInClusterVpc').Condition).toEqual({
        ArnEquals: { 'ec2:Vpc': 'arn:aws:ec2:*:*:vpc/vpc-0123456789abcdef0' },
      });
    });

    test('changes only the cluster ENIs and attaches them only to cluster nodes', () => {
      expect(bySid(doc, 'ManageClusterNetworkInterfaces').Condition).toEqual({
        StringEquals: { 'aws:ResourceTag/cluster.k8s.amazonaws.com/name': 'prod' },
      });
      expect(bySid(doc, 'AttachNetworkInterfacesToClusterNodes').Condition).toEqual({
        StringEquals: { 'aws:ResourceTag/kubernetes.io/cluster/prod': 'owned' },
      });
    });

    test('keeps "*" for Describe calls only', () => {
      for (const statement of doc.Statement.filter((s) => s.Resource.includes('*'))) {
        for (const action of statement.Action) expect(action).toMatch(/^ec2:Describe/);
      }
    });

    test('rejects a malformed VPC id', () => {
      expect(() => vpcCniPolicy({ scopeToCluster: { clusterName: 'prod', vpcId: 'prod-vpc' } })).toThrow(
        new Error('vpcCniPolicy: scopeToCluster.vpcId: expected a VPC id (e.g. "vpc-0123456789abcdef0") or a Terraform reference, got "prod-vpc"'),
      );
    });

    test('rejects a malformed cluster name', () => {
      expect(() => vpcCniPolicy({ scopeToCluster: { clusterName: 'prod cluster', vpcId: 'vpc-0123456789abcdef0' } })).toThrow(
        new Error('vpcCniPolicy: scopeToCluster.clusterName: expected an EKS cluster name (e.g. "prod-eu") or a Terraform reference, got "prod cluster"'),
      );
    });
  });
});

describe('cloudWatchObservabilityPolicy', () => {
  const doc = cloudWatchObservabilityPolicy();

  test('grants CloudWatchAgentServerPolicy: metrics, logs and X-Ray writes', () => {
    const actions = allActions(doc);
    for (const action of ['cloudwatch:PutMetricData', 'logs:PutLogEvents', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'xray:PutTraceSegments']) {
      expect(actions).toContain(action);
    }
  });

  test('reads agent configuration only from AmazonCloudWatch-* parameters', () => {
    const ssm = allowing(doc, 'ssm:GetParameter');
    expect(ssm).toHaveLength(1);
    expect(ssm[0].Resource).toEqual(['arn:aws:ssm:*:*:parameter/AmazonCloudWatch-*']);
  });
});

describe('veleroPolicy', () => {
  const doc = veleroPolicy({ bucketName: 'acme-prod-velero' });

  test('reads and writes objects only in the bucket', () => {
    const objects = bySid(doc, 'ReadWriteBackupObjects');
    expect(objects.Resource).toEqual(['arn:aws:s3:::acme-prod-velero/*']);
    expect(objects.Action).toEqual([
      's3:GetObject',
      's3:DeleteObject',
      's3:PutObject',
      's3:PutObjectTagging',
      's3:AbortMultipartUpload',
      's3:ListMultipartUploadParts',
    ]);
    expect(allowing(doc, 's3:ListBucket')[0].Resource).toEqual(['arn:aws:s3:::acme-prod-velero']);
    for (const statement of doc.Statement.filter((s) => s.Action.some((a) => a.startsWith('s3:')))) {
      for (const resource of statement.Resource) expect(resource).toMatch(/^arn:aws:s3:::acme-prod-velero(\/\*)?$/);
    }
  });

  test('snapshots and restores only volumes and snapshots; Describe calls alone on "*"', () => {
    expect(bySid(doc, 'SnapshotAndRestoreVolumes')).toEqual({
      Sid: 'SnapshotAndRestoreVolumes',
      Effect: 'Allow',
      Action: ['ec2:CreateTags', 'ec2:CreateVolume', 'ec2:CreateSnapshot', 'ec2:DeleteSnapshot'],
      Resource: ['arn:aws:ec2:*:*:volume/*', 'arn:aws:ec2:*:*:snapshot/*'],
    });
    expect(bySid(doc, 'DescribeVolumesAndSnapshots').Resource).toEqual(['*']);
  });

  test('leaves EC2 out when EBS snapshots are not used', () => {
    const fileSystemOnly = veleroPolicy({ bucketName: 'acme-prod-velero', ebsSnapshots: false });
    expect(allActions(fileSystemOnly).filter((a) => a.startsWith('ec2:'))).toEqual([]);
  });

  test('uses the given bucket keys for SSE-KMS', () => {
    expect(allActions(doc).filter((a) => a.startsWith('kms:'))).toEqual([]);
    const encrypted = veleroPolicy({ bucketName: '${aws_s3_bucket.velero.bucket}', kmsKeyArns: [KMS_KEY] });
    expect(bySid(encrypted, 'UseBucketEncryptionKeys')).toMatchObject({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [KMS_KEY] });
    expect(bySid(encrypted, 'ListBackupBucket').Resource).toEqual(['arn:aws:s3:::${aws_s3_bucket.velero.bucket}']);
  });

  test.each(['arn:aws:s3:::acme-prod-velero', 'Acme_Backups', 'ab', ''])('rejects the bucket name %j', (bad) => {
    expect(() => veleroPolicy({ bucketName: bad })).toThrow(
      new Error(
        `veleroPolicy: bucketName: expected an S3 bucket name (e.g. "acme-prod-velero"), not an ARN, or a Terraform reference, got ${JSON.stringify(bad)}`,
      ),
    );
  });
});
