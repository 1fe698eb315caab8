import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { configurationProblems } from '../../modules/addons/configuration-schema';
import { errorOf, synthSpec } from '../support/synth';

const dev = (extra: Record<string, unknown> = {}) => ({ ...(parse(readFileSync('stacks/environments/dev.yaml', 'utf8')) as Record<string, unknown>), ...extra });
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('storage-classes', () => {
  test('an encrypted gp3 default class on the EBS CSI driver, created per zone when a pod is scheduled', () => {
    const platform = synthSpec(dev(), 'dev').stacks.platform!;
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

  test('a customer managed key the driver may use, and not the default', () => {
    const platform = synthSpec(dev({ 'aws-ebs-csi-driver': { kmsKeyArns: [KEY] }, 'storage-classes': { gp3: { default: false, kmsKeyArn: KEY } } }), 'dev').stacks.platform!;
    expect(platform).toHaveResourceMatching('kubernetes_storage_class_v1', { metadata: { name: 'gp3', annotations: {} }, parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: KEY } });
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

  test('on Auto Mode, on its built-in driver', () => {
    const spec = dev() as Record<string, any>;
    spec.eks = { ...spec.eks, computeMode: 'auto' };
    delete spec.eks.systemNodeGroup;
    for (const key of ['eks-pod-identity-agent', 'vpc-cni', 'kube-proxy', 'aws-ebs-csi-driver', 'karpenter']) delete spec[key];
    expect(synthSpec(spec, 'dev').stacks.platform).toHaveResourceMatching('kubernetes_storage_class_v1', { storage_provisioner: 'ebs.csi.eks.amazonaws.com' });
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
