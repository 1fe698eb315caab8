import { PolicyDocument, PolicyStatement, renderPolicy } from '../../../modules/shared/iam-policy';
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
      allowParameterStoreFind: true,
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

  test.each(variants)('%s: IAM policy variables escaped for Terraform ($${aws:...}), so Terraform passes them to IAM', (_name, build) => {
    // The documents become Terraform strings, where "${aws:x}" would be parsed as an interpolation.
    expect(renderPolicy(build())).not.toMatch(/(?<!\$)\$\{aws:/);
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

/** Whether an unconditioned Allow statement grants `action` on `resource`, with IAM's * and ? wildcards. */
function allowsUnconditionally(doc: PolicyDocument, action: string, resource: string): boolean {
  const matches = (pattern: string, value: string, flags = '') =>
    new RegExp(`^${pattern.split('*').map((part) => part.split('?').map((p) => p.replace(/[.+^${}()|[\]\\]/g, '\\$&')).join('.')).join('.*')}$`, flags).test(value);
  return doc.Statement.some(
    (s) => s.Effect === 'Allow' && s.Condition === undefined && s.Action.some((a) => matches(a, action, 'i')) && s.Resource.some((r) => matches(r, resource)),
  );
}

/** Statements with a mutating action of `service` (anything but Describe/List/Get). */
function mutating(doc: PolicyDocument, service: string): PolicyStatement[] {
  return doc.Statement.filter((s) => s.Action.some((a) => a.startsWith(`${service}:`) && !/^[a-z0-9-]+:(Describe|List|Get)/.test(a)));
}

// Upstream comparisons (what each policy grants, and every deviation with its reason) are in
// policies-upstream.test.ts; these tests pin the properties the fixes were made for and the options.

describe('ebsCsiDriverPolicy', () => {
  const THIS_CLUSTER = '$${aws:PrincipalTag/eks-cluster-name}';

  test('changes EC2 resources only when they carry this cluster\'s name (the Pod Identity session tag), or while creating them', () => {
    const statements = mutating(ebsCsiDriverPolicy(), 'ec2');
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      const values = Object.values(statement.Condition ?? {}).flatMap((block) => Object.entries(block));
      const keyedOnThisCluster = values.some(([key, value]) => /(ResourceTag|RequestTag)\//.test(key) && value === THIS_CLUSTER);
      const onCreation = values.some(([key]) => key === 'ec2:CreateAction');
      expect({ sid: statement.Sid, scoped: keyedOnThisCluster || onCreation }).toEqual({ sid: statement.Sid, scoped: true });
    }
  });

  test('trusts no ownership tag that every cluster writes (ebs.csi.aws.com/cluster=true) or that any value satisfies', () => {
    for (const statement of ebsCsiDriverPolicy().Statement) {
      for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
        for (const [key, value] of Object.entries(block)) {
          if (!/(ResourceTag|RequestTag)\//.test(key)) continue;
          expect({ sid: statement.Sid, operator, key, value }).toEqual({ sid: statement.Sid, operator: 'StringEquals', key: expect.not.stringMatching(/\/ebs\.csi\.aws\.com\/cluster$/), value: THIS_CLUSTER });
        }
      }
    }
  });

  test('grants customer managed keys only to AWS resources (EBS), and only the keys given', () => {
    expect(allActions(ebsCsiDriverPolicy()).filter((a) => a.startsWith('kms:'))).toEqual([]);
    const doc = ebsCsiDriverPolicy({ kmsKeyArns: [KMS_KEY, '${aws_kms_key.ebs.arn}'] });
    const grants = doc.Statement.filter((s) => s.Action.some((a) => /^kms:(CreateGrant|ListGrants|RevokeGrant)$/.test(a)));
    expect(grants.length).toBeGreaterThan(0);
    for (const statement of grants) expect(statement.Condition).toEqual({ Bool: { 'kms:GrantIsForAWSResource': 'true' } });
    for (const statement of allowing(doc, 'kms:Decrypt')) expect(statement.Resource).toEqual([KMS_KEY, '${aws_kms_key.ebs.arn}']);
  });

  test('rejects a KMS alias in place of a key ARN', () => {
    expect(() => ebsCsiDriverPolicy({ kmsKeyArns: ['alias/ebs'] })).toThrow(
      new Error(
        'ebsCsiDriverPolicy: kmsKeyArns[0]: expected a KMS key ARN (e.g. "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab") or a Terraform reference, got "alias/ebs"',
      ),
    );
  });
});

describe('externalDnsPolicy', () => {
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
  const parameter = (name: string) => `arn:aws:ssm:eu-west-1:111122223333:parameter${name}`;

  test('Secrets Manager only: no Parameter Store access, and no listing unless find is enabled', () => {
    const doc = externalSecretsPolicy({ ...base, secretArns: [SECRET, '${aws_secretsmanager_secret.db.arn}'] });
    expect(allowing(doc, 'secretsmanager:GetSecretValue')[0].Resource).toEqual([SECRET, '${aws_secretsmanager_secret.db.arn}']);
    expect(allActions(doc)).not.toContain('secretsmanager:ListSecrets');
    expect(allActions(doc).filter((a) => a.startsWith('ssm:'))).toEqual([]);
    expect(allActions(externalSecretsPolicy({ ...base, secretArns: [SECRET], allowSecretsManagerFind: true }))).toContain('secretsmanager:ListSecrets');
  });

  describe('Parameter Store under "/platform/prod/"', () => {
    const doc = externalSecretsPolicy({ ...base, parameterPathPrefixes: ['/platform/prod/'] });

    test('reads parameters below the prefix, and find.path with or without its trailing slash', () => {
      expect(allowsUnconditionally(doc, 'ssm:GetParameter', parameter('/platform/prod/db/password'))).toBe(true);
      expect(allowsUnconditionally(doc, 'ssm:GetParametersByPath', parameter('/platform/prod/'))).toBe(true);
      expect(allowsUnconditionally(doc, 'ssm:GetParametersByPath', parameter('/platform/prod'))).toBe(true);
      expect(allowsUnconditionally(doc, 'ssm:GetParametersByPath', parameter('/platform/prod/db'))).toBe(true);
    });

    test('reads nothing outside it: not the parameter named like the path, a sibling, or the root', () => {
      expect(allowsUnconditionally(doc, 'ssm:GetParameter', parameter('/platform/prod'))).toBe(false);
      expect(allowsUnconditionally(doc, 'ssm:GetParametersByPath', parameter('/platform/production'))).toBe(false);
      expect(allowsUnconditionally(doc, 'ssm:GetParameter', parameter('/platform/production/x'))).toBe(false);
      expect(allowsUnconditionally(doc, 'ssm:GetParametersByPath', parameter('/'))).toBe(false);
      expect(allActions(doc).filter((a) => a.startsWith('secretsmanager:'))).toEqual([]);
    });

    test('lists parameters (find.tags, and find.name\'s fallback) only when find is enabled', () => {
      expect(allActions(doc)).not.toContain('ssm:DescribeParameters');
      const find = externalSecretsPolicy({ ...base, parameterPathPrefixes: ['/platform/prod/'], allowParameterStoreFind: true });
      expect(allowsUnconditionally(find, 'ssm:DescribeParameters', '*')).toBe(true);
    });
  });

  test('a prefix without a trailing slash already covers its bare path', () => {
    const doc = externalSecretsPolicy({ ...base, parameterPathPrefixes: ['/prod'] });
    expect(allowsUnconditionally(doc, 'ssm:GetParametersByPath', parameter('/prod'))).toBe(true);
    expect(allActions(doc)).not.toContain('ssm:GetParametersByPath');
  });

  test('decrypts with the given keys only through the services in use', () => {
    const both = externalSecretsPolicy({ ...base, secretArns: [SECRET], parameterPathPrefixes: ['/p/'], kmsKeyArns: [KMS_KEY] });
    expect(allowing(both, 'kms:Decrypt')).toEqual([
      expect.objectContaining({ Resource: [KMS_KEY], Condition: { StringEquals: { 'kms:ViaService': ['secretsmanager.eu-west-1.amazonaws.com', 'ssm.eu-west-1.amazonaws.com'] } } }),
    ]);
    const secretsOnly = externalSecretsPolicy({ ...base, secretArns: [SECRET], kmsKeyArns: [KMS_KEY] });
    expect(allowing(secretsOnly, 'kms:Decrypt')[0].Condition).toEqual({ StringEquals: { 'kms:ViaService': ['secretsmanager.eu-west-1.amazonaws.com'] } });
  });

  test('follows the region into the China partition', () => {
    const doc = externalSecretsPolicy({ region: 'cn-north-1', accountId: ACCOUNT, parameterPathPrefixes: ['/p/'], kmsKeyArns: [KMS_KEY] });
    expect(allResources(doc).filter((r) => r.startsWith('arn:'))).toEqual([
      'arn:aws-cn:ssm:cn-north-1:111122223333:parameter/p/*',
      'arn:aws-cn:ssm:cn-north-1:111122223333:parameter/p',
      KMS_KEY,
    ]);
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

  test('rejects Parameter Store find without path prefixes', () => {
    expect(() => externalSecretsPolicy({ ...base, secretArns: [SECRET], allowParameterStoreFind: true })).toThrow(
      new Error('externalSecretsPolicy: parameterPathPrefixes: expected at least one SSM parameter path prefix when allowParameterStoreFind is true, got undefined'),
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
  test('scoped to a cluster: never tags an ENI without a condition on it', () => {
    const doc = vpcCniPolicy({ scopeToCluster: { clusterName: 'prod', vpcId: 'vpc-0123456789abcdef0' } });
    const tagging = allowing(doc, 'ec2:CreateTags');
    expect(tagging.length).toBeGreaterThan(0);
    for (const statement of tagging) expect(statement.Condition).toBeDefined();
    for (const statement of mutating(doc, 'ec2').filter((s) => s.Resource.some((r) => r.includes(':network-interface/')))) {
      expect(statement.Condition).toBeDefined();
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

describe('veleroPolicy', () => {
  test('tags volumes and snapshots only within its own CreateVolume / CreateSnapshot calls', () => {
    const tagging = allowing(veleroPolicy({ bucketName: 'acme-prod-velero' }), 'ec2:CreateTags');
    expect(tagging.length).toBeGreaterThan(0);
    for (const statement of tagging) {
      expect(statement.Condition).toEqual({ StringEquals: { 'ec2:CreateAction': expect.any(Array) } });
      expect([...(statement.Condition!.StringEquals['ec2:CreateAction'] as string[])].sort()).toEqual(['CreateSnapshot', 'CreateVolume']);
    }
  });

  test('leaves EC2 out when EBS snapshots are not used', () => {
    const fileSystemOnly = veleroPolicy({ bucketName: 'acme-prod-velero', ebsSnapshots: false });
    expect(allActions(fileSystemOnly).filter((a) => a.startsWith('ec2:'))).toEqual([]);
  });

  test('uses the given bucket keys for SSE-KMS', () => {
    expect(allActions(veleroPolicy({ bucketName: 'acme-prod-velero' })).filter((a) => a.startsWith('kms:'))).toEqual([]);
    const encrypted = veleroPolicy({ bucketName: '${aws_s3_bucket.velero.bucket}', kmsKeyArns: [KMS_KEY] });
    expect(allowing(encrypted, 'kms:GenerateDataKey')).toEqual([expect.objectContaining({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [KMS_KEY] })]);
    expect(allowing(encrypted, 's3:ListBucket')[0].Resource).toEqual(['arn:aws:s3:::${aws_s3_bucket.velero.bucket}']);
  });

  test.each(['arn:aws:s3:::acme-prod-velero', 'Acme_Backups', 'ab', ''])('rejects the bucket name %j', (bad) => {
    expect(() => veleroPolicy({ bucketName: bad })).toThrow(
      new Error(
        `veleroPolicy: bucketName: expected an S3 bucket name (e.g. "acme-prod-velero"), not an ARN, or a Terraform reference, got ${JSON.stringify(bad)}`,
      ),
    );
  });
});
