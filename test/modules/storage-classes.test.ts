import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { configurationProblems } from '../../modules/addons/configuration-schema';
import { EBS_PROVISIONER } from '../../modules/storage-classes';
import { errorOf, synthSpec } from '../support/synth';

const dev = (extra: Record<string, unknown> = {}) => ({ ...(parse(readFileSync('stacks/environments/dev.yaml', 'utf8')) as Record<string, unknown>), ...extra });
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('storage-classes', () => {
  test('an encrypted gp3 default class on the EBS CSI driver, created per zone when a pod is scheduled', () => {
    const platform = synthSpec(dev(), 'dev').stacks.platform!;
    expect(platform).not.toHaveResourceMatching('kubernetes_storage_class_v1', { allowed_topologies: expect.anything() });
    expect(platform).toHaveResourceMatching('kubernetes_storage_class_v1', {
      metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      storage_provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true' },
      reclaim_policy: 'Delete',
      volume_binding_mode: 'WaitForFirstConsumer',
      allow_volume_expansion: true,
    });
    expect(platform).toHaveResourceCount('kubernetes_storage_class_v1', 1);
  });

  test('a customer managed key the driver may use, and not the default; nothing granted to the cluster role (the driver\'s own policy lists the key)', () => {
    const platform = synthSpec(dev({ 'aws-ebs-csi-driver': { kmsKeyArns: [KEY] }, 'storage-classes': { gp3: { default: false, kmsKeyArn: KEY } } }), 'dev').stacks.platform!;
    expect(platform).toHaveResourceMatching('kubernetes_storage_class_v1', { metadata: { name: 'gp3', annotations: {} }, parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: KEY } });
    expect(platform).not.toHaveResourceMatching('aws_iam_role_policy', { name: 'storage-classes-gp3-kms' });
  });

  test('a key the EBS CSI driver\'s policy does not list is refused at the input (every volume would fail to provision)', () => {
    const OTHER = KEY.replace('1234abcd-12ab', 'ffffffff-12ab');
    expect(errorOf(() => synthSpec(dev({ 'storage-classes': { gp3: { kmsKeyArn: KEY } } }), 'dev'))).toBe(
      'stacks/environments/dev.yaml: storage-classes.gp3.kmsKeyArn: the EBS CSI driver may not use this key: aws-ebs-csi-driver.kmsKeyArns does not list it (it lists none), so every gp3 volume would fail to provision; add it to aws-ebs-csi-driver.kmsKeyArns',
    );
    expect(errorOf(() => synthSpec(dev({ 'aws-ebs-csi-driver': { kmsKeyArns: [OTHER] }, 'storage-classes': { gp3: { kmsKeyArn: KEY } } }), 'dev'))).toContain(`aws-ebs-csi-driver.kmsKeyArns does not list it (${OTHER})`);
  });

  test('an EFS class on the file system the EFS add-on creates', () => {
    const platform = synthSpec(dev({ 'aws-efs-csi-driver': { fileSystem: {} } }), 'dev').stacks.platform!;
    expect(platform).toHaveResourceMatching('kubernetes_storage_class_v1', { metadata: { name: 'efs' }, storage_provisioner: 'efs.csi.aws.com', parameters: { provisioningMode: 'efs-ap', fileSystemId: expect.stringContaining('terraform_remote_state'), directoryPerms: '700' } });
  });

  const autoMode = (extra: Record<string, unknown> = {}) => {
    const spec = dev(extra) as Record<string, any>;
    spec.eks = { ...spec.eks, computeMode: 'auto' };
    delete spec.eks.systemNodeGroup;
    for (const key of ['eks-pod-identity-agent', 'vpc-cni', 'kube-proxy', 'aws-ebs-csi-driver', 'karpenter']) delete spec[key];
    return synthSpec(spec, 'dev');
  };
  const AUTO_MODE_DOC = readFileSync('modules/storage-classes/upstream/eks-user-guide-auto-mode-create-storage-class.adoc', 'utf8');

  test('on Auto Mode, on its built-in driver (the provisioner the EKS User Guide names), with nothing granted for the aws/ebs key', () => {
    expect(AUTO_MODE_DOC).toContain(`provisioner: ${EBS_PROVISIONER.auto}`);
    const { stacks } = autoMode();
    expect(stacks.platform).toHaveResourceMatching('kubernetes_storage_class_v1', { storage_provisioner: EBS_PROVISIONER.auto });
    // Its volumes only on Auto Mode nodes, as the guide's current example StorageClass (recorded in upstream/).
    const facts = JSON.parse(readFileSync('modules/storage-classes/upstream/auto-mode-storage-class.json', 'utf8')) as { provisioner: string; allowedTopologies: { matchLabelExpressions: { key: string; values: string[] }[] }[] };
    expect(facts.provisioner).toBe(EBS_PROVISIONER.auto);
    // The label and value are EKS's own: the vendored EBS CSI add-on configuration schema keeps its
    // controller off nodes labelled eks.amazonaws.com/compute-type in [fargate, auto, hybrid].
    const ebsSchema = readFileSync('modules/addons/upstream/eks/configuration-schemas/aws-ebs-csi-driver-v1.65.0-eksbuild.1.json', 'utf8');
    const [term] = facts.allowedTopologies[0]!.matchLabelExpressions;
    expect(ebsSchema).toMatch(new RegExp(`"key": "${term!.key}",\\s*"operator": "NotIn",\\s*"values": \\[[^\\]]*"${term!.values[0]}"`));
    expect(stacks.platform).toHaveResourceMatching('kubernetes_storage_class_v1', {
      metadata: { name: 'gp3' },
      allowed_topologies: { match_label_expressions: facts.allowedTopologies[0]!.matchLabelExpressions },
    });
    expect(stacks.platform).not.toHaveResourceMatching('aws_iam_role_policy', { name: 'storage-classes-gp3-kms' });
  });

  test('on Auto Mode, a customer managed key is granted to the cluster role, with the EKS User Guide\'s statements for EBS keys', () => {
    // The guide: "Create a new policy that permits access to the KMS key", "Attach the policy to the EKS Cluster Role".
    expect(AUTO_MODE_DOC).toMatch(/Use self-managed KMS key to encrypt EBS volumes[\s\S]*Attach the policy to the EKS Cluster Role/);
    const { stacks } = autoMode({ 'storage-classes': { gp3: { kmsKeyArn: KEY }, kmsKeyArns: [KEY] } });
    const clusterRole = Object.values(stacks.cluster!.resource!.aws_iam_role!).find((role) => String(role.name).endsWith('eks-cluster'))!;
    expect(stacks.platform).toHaveResourceMatching('aws_iam_role_policy', { name: 'storage-classes-gp3-kms', role: clusterRole.name });
    const policy = JSON.parse(String(Object.values(stacks.platform!.resource!.aws_iam_role_policy!)[0]!.policy)) as { Statement: Record<string, unknown>[] };
    const upstream = JSON.parse(readFileSync('modules/pod-identity/upstream/ebs-csi-driver/eks-user-guide-kms-key-for-encryption-on-ebs.json', 'utf8').split('custom-key-arn').join(KEY)) as { Statement: Record<string, unknown>[] };
    expect(policy.Statement.map(({ Sid: _sid, ...rest }) => rest)).toEqual(upstream.Statement);
    // Every KMS action of the guide's sample key policy for Auto Mode is among them.
    const sampleActions = [...AUTO_MODE_DOC.matchAll(/"Action":\s*\[([^\]]*)\]/g)].flatMap((block) => [...block[1]!.matchAll(/"(kms:[A-Za-z*]+)"/g)].map((m) => m[1]!));
    expect(sampleActions).toContain('kms:CreateGrant');
    const granted = policy.Statement.flatMap((statement) => statement.Action as string[]);
    expect(sampleActions.filter((action) => !granted.includes(action))).toEqual([]);
    expect(stacks.platform).toHaveResourceMatching('kubernetes_storage_class_v1', { parameters: { kmsKeyId: KEY } });
  });

  test('on Auto Mode, a key rotated out of the class stays granted while kmsKeyArns lists it (its volumes must still attach)', () => {
    const OLD = KEY.replace('1234abcd-12ab', 'ffffffff-12ab');
    const { stacks } = autoMode({ 'storage-classes': { gp3: { kmsKeyArn: KEY }, kmsKeyArns: [OLD, KEY] } });
    const policy = JSON.parse(String(Object.values(stacks.platform!.resource!.aws_iam_role_policy!)[0]!.policy)) as { Statement: { Resource: string[] }[] };
    expect(policy.Statement.map((statement) => statement.Resource)).toEqual([[OLD, KEY], [OLD, KEY]]);
    expect(stacks.platform).toHaveResourceMatching('kubernetes_storage_class_v1', { parameters: { kmsKeyId: KEY } });
  });

  test('rejected: an Auto Mode key kmsKeyArns does not list, kmsKeyArns on node groups, an alias instead of a key', () => {
    const auto = (storage: Record<string, unknown>) => () => autoMode({ 'storage-classes': storage });
    expect(errorOf(auto({ gp3: { kmsKeyArn: KEY } }))).toBe(
      'stacks/environments/dev.yaml: storage-classes.gp3.kmsKeyArn: the Auto Mode cluster role may not use this key: storage-classes.kmsKeyArns does not list it (it lists none), so every gp3 volume would fail to provision; add it to storage-classes.kmsKeyArns',
    );
    expect(errorOf(() => synthSpec(dev({ 'aws-ebs-csi-driver': { kmsKeyArns: [KEY] }, 'storage-classes': { kmsKeyArns: [KEY] } }), 'dev'))).toBe(
      "stacks/environments/dev.yaml: storage-classes.kmsKeyArns: only for Auto Mode: on node groups the add-on's EBS CSI driver uses the keys of aws-ebs-csi-driver.kmsKeyArns; move them there",
    );
    const alias = 'arn:aws:kms:eu-west-1:123456789012:alias/platform';
    expect(errorOf(auto({ gp3: { kmsKeyArn: alias }, kmsKeyArns: [alias] }))).toBe(
      [
        `stacks/environments/dev.yaml: storage-classes.gp3.kmsKeyArn: expected a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), not an alias: IAM policies grant keys by key ARN, got "${alias}"`,
        `stacks/environments/dev.yaml: storage-classes.kmsKeyArns[0]: expected a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), not an alias: IAM policies grant keys by key ARN, got "${alias}"`,
      ].join('\n'),
    );
  });

});

describe('EKS add-on configuration against its published configuration schema', () => {
  test('a key the schema does not have is refused (what 1.x of the EBS module wrote)', () => {
    expect(configurationProblems('aws-ebs-csi-driver', 'v1.66.0-eksbuild.1', { defaultStorageClass: { enabled: false }, storageClasses: [] })).toEqual([
      { path: ['storageClasses'], message: 'configuration key "storageClasses" is not in the aws-ebs-csi-driver v1.65.0-eksbuild.1 configuration schema (EKS would refuse the add-on)' },
    ]);
  });

  test('a value out of the schema\'s range is refused at the input that set it', () => {
    expect(errorOf(() => synthSpec(dev({ coredns: { autoScaling: { minReplicas: 1 } } }), 'dev'))).toBe('stacks/environments/dev.yaml: coredns.autoScaling.minReplicas: expected a number >= 2, got 1');
  });

  test.each([
    ['vpc-cni', 'v1.22.3-eksbuild.1', { env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' } }],
    ['coredns', 'v1.13.2-eksbuild.4', { autoScaling: { enabled: true, minReplicas: 2, maxReplicas: 10 }, tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }] }],
    ['aws-ebs-csi-driver', 'v1.66.0-eksbuild.1', { defaultStorageClass: { enabled: false } }],
  ])('%s %s accepts what the module writes', (addon, version, configuration) => {
    expect(configurationProblems(addon, version, configuration)).toEqual([]);
  });
});
