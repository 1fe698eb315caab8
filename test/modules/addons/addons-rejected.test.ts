import { Testing, TerraformStack } from 'cdktf';
import { rmSync } from 'node:fs';
import { ManagedAddon } from '../../../modules/addons/managed-addon';
import { InputProblems } from '../../../modules/registry';
import type { EksOutputs } from '../../../modules/eks/outputs';
import { BASE_FIELDS, errorOf, parseSpec, synthSpec } from '../../support/synth';
import { testRegistry } from './fake-eks';

const FILE = 'stacks/environments/prod.yaml';
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const AGENT = { 'eks-pod-identity-agent': {} };
const reject = (modules: Record<string, unknown>) => errorOf(() => parseSpec({ ...BASE_FIELDS, vpc: {}, eks: {}, ...AGENT, ...modules }, 'prod', testRegistry()));

describe('add-ons reject bad input with the file, the field and what was wrong', () => {
  test.each([
    [
      'a version that is not an EKS build string',
      { coredns: { version: '1.11.4' } },
      `${FILE}: coredns.version: expected an EKS add-on build such as "v1.19.2-eksbuild.1" (vX.Y.Z-eksbuild.N, as aws eks describe-addon-versions lists them), got "1.11.4"`,
    ],
    [
      'a vpc-cni build older than Pod Identity support',
      { 'vpc-cni': { version: 'v1.15.4-eksbuild.1' } },
      `${FILE}: vpc-cni.version: vpc-cni v1.15.4-eksbuild.1 predates EKS Pod Identity support (first build with it: v1.15.5-eksbuild.1); pick v1.15.5-eksbuild.1 or later, or leave version unset for the pinned build`,
    ],
    [
      'an EBS CSI build older than Pod Identity support',
      { 'aws-ebs-csi-driver': { version: 'v1.25.0-eksbuild.1' } },
      `${FILE}: aws-ebs-csi-driver.version: aws-ebs-csi-driver v1.25.0-eksbuild.1 predates EKS Pod Identity support (first build with it: v1.26.0-eksbuild.1); pick v1.26.0-eksbuild.1 or later, or leave version unset for the pinned build`,
    ],
    [
      'an unknown conflict resolution',
      { 'kube-proxy': { resolveConflictsOnUpdate: 'MERGE' } },
      `${FILE}: kube-proxy.resolveConflictsOnUpdate: expected one of "PRESERVE", "OVERWRITE", "NONE", got "MERGE"`,
    ],
    [
      'a warm prefix target without prefix delegation',
      { 'vpc-cni': { prefixDelegation: false, warmPrefixTarget: 2 } },
      `${FILE}: vpc-cni.warmPrefixTarget: only applies with prefixDelegation: true; remove it or turn prefix delegation on`,
    ],
    [
      'more CoreDNS minimum replicas than maximum',
      { coredns: { autoScaling: { minReplicas: 5, maxReplicas: 3 } } },
      `${FILE}: coredns.autoScaling.minReplicas: expected at most maxReplicas (3), got 5`,
    ],
    [
      'a KMS key that is not a key ARN (the EBS policy\'s own message)',
      { 'aws-ebs-csi-driver': { kmsKeyArns: ['alias/ebs'] } },
      `${FILE}: aws-ebs-csi-driver.kmsKeyArns[0]: expected a KMS key ARN (e.g. "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab") or a Terraform reference, got "alias/ebs"`,
    ],
    [
      'the 1.x StorageClass key (the StorageClass moved to the storage-classes module)',
      { 'aws-ebs-csi-driver': { storageClassKmsKeyArn: KEY } },
      `${FILE}: aws-ebs-csi-driver.storageClassKmsKeyArn: was removed in aws-ebs-csi-driver 2.0.0: set storage-classes.gp3.kmsKeyArn instead (keep the key in kmsKeyArns here)`,
    ],
    [
      'the 1.x gp3-encrypted mode',
      { 'aws-ebs-csi-driver': { defaultStorageClass: 'gp3-encrypted' } },
      `${FILE}: aws-ebs-csi-driver.defaultStorageClass: the encrypted gp3 default StorageClass moved to the storage-classes module (the add-on's configuration schema has no storageClasses); remove this field and add a "storage-classes:" section`,
    ],
    [
      'a misspelt field',
      { 'vpc-cni': { prefixDelegaton: true } },
      `${FILE}: vpc-cni.prefixDelegaton: unknown field (did you mean "prefixDelegation"?); allowed: podIdentityRoleName, prefixDelegation, preserveOnDelete, resolveConflictsOnUpdate, version, warmPrefixTarget`,
    ],
  ])('%s', (_case, modules, message) => {
    expect(reject(modules)).toBe(message);
  });

  test('vpc-cni without the Pod Identity agent module in the environment', () => {
    expect(errorOf(() => parseSpec({ ...BASE_FIELDS, vpc: {}, eks: {}, 'vpc-cni': {} }, 'prod', testRegistry()))).toBe(
      `${FILE}: vpc-cni: module "vpc-cni" depends on "eks-pod-identity-agent", which this environment does not list; add a "eks-pod-identity-agent:" section`,
    );
  });

  test('a Kubernetes minor with no pinned build, caught when the cluster version is known', () => {
    expect(errorOf(() => synthSpec({ ...BASE_FIELDS, vpc: {}, eks: { kubernetesVersion: '1.31' }, 'kube-proxy': {} }, 'prod', testRegistry()))).toBe(
      'stacks/environments/prod.yaml: kube-proxy.version: no kube-proxy build is pinned for Kubernetes 1.31 (pinned minors: 1.32, 1.33, 1.34, 1.35, 1.36); set version to a build EKS offers for 1.31 (aws eks describe-addon-versions --kubernetes-version 1.31 --addon-name kube-proxy)',
    );
  });
});

describe('ManagedAddon refuses Pod Identity for a build the matrix says does not support it', () => {
  test('coredns has no Pod Identity support at any build', () => {
    const app = Testing.app();
    try {
      const stack = new TerraformStack(app, 'test');
      const eks = { clusterName: 'dev', clusterArn: 'arn', kubernetesVersion: '1.35', cluster: stack, computeResources: [], addComputeDependency: () => undefined } as unknown as EksOutputs;
      const spec = {
        name: 'coredns' as const,
        inputs: { resolveConflictsOnUpdate: 'PRESERVE' as const, preserveOnDelete: true },
        order: 'after-compute' as const,
        podIdentity: { namespace: 'kube-system', serviceAccount: 'coredns', policy: { Version: '2012-10-17' as const, Statement: [] } },
      };
      expect(() => new ManagedAddon(stack, 'addon', eks, spec)).toThrow(new InputProblems({ path: [], message: 'no coredns build supports EKS Pod Identity; give it no Pod Identity role' }));
    } finally {
      rmSync(app.outdir, { recursive: true, force: true });
    }
  });
});
