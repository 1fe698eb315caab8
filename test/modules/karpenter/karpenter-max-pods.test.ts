// The other two findings: the pods a Karpenter node runs must be the pods the VPC plan sized
// the subnets for (kubelet maxPods), and the zonal-shift permission the controller has must be used.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { vpcCniInputs } from '../../../modules/addons/vpc-cni';
import { karpenterControllerPolicy } from '../../../modules/karpenter/controller-policy';
import { karpenterInputSchema } from '../../../modules/karpenter/props';
import { vpcInputs } from '../../../modules/vpc';
import { loadEnvironment } from '../../../stacks/load';
import type { EnvironmentSpec } from '../../../stacks/spec';
import { BASE_FIELDS, errorOf, parseSpec, synthSpec } from '../../support/synth';
import { ADMIN, chartManifests, karpenterSpec, release, synthKarpenter } from './fixtures';

const inputsOf = <T>(spec: EnvironmentSpec, name: string) => spec.modules.find((m) => m.definition.name === name)?.inputs as T | undefined;

describe('kubelet maxPods agrees with the VPC plan\'s pods per node', () => {
  test('maxPods (default 110) becomes the EC2NodeClass\'s kubelet.maxPods; without it Karpenter would count ENIs (29 on an m5.large)', () => {
    expect(chartManifests(synthKarpenter().stacks.platform!).documents[0].spec.kubelet).toEqual({ maxPods: 110 });
    expect(chartManifests(synthKarpenter({ maxPods: 58 }).stacks.platform!).documents[0].spec.kubelet).toEqual({ maxPods: 58 });
  });

  test('the defaults agree: karpenter.maxPods = vpc.clusters[].podsPerNode = 110, with vpc-cni prefix delegation on', () => {
    const vpc = vpcInputs.parse({ clusters: [{ name: 'dev' }] });
    // 110: kubelet's own default maxPods, and the most AWS recommends per node with prefix delegation
    // on instances under 30 vCPUs (EKS Best Practices Guide, "Prefix Mode for Linux").
    expect(karpenterInputSchema.parse({}).maxPods).toBe(110);
    expect(karpenterInputSchema.parse({}).maxPods).toBe(vpc.clusters![0].podsPerNode);
    expect(vpcCniInputs.parse({}).prefixDelegation).toBe(true);
  });

  test('so do the bounds: whatever podsPerNode the VPC plan accepts, maxPods accepts', () => {
    for (const pods of [1, 110, 250, 737]) {
      expect(vpcInputs.safeParse({ clusters: [{ name: 'dev', podsPerNode: pods }] }).success).toBe(true);
      expect(karpenterInputSchema.safeParse({ maxPods: pods }).success).toBe(true);
    }
    for (const pods of [0, 738]) {
      expect(vpcInputs.safeParse({ clusters: [{ name: 'dev', podsPerNode: pods }] }).success).toBe(false);
      expect(karpenterInputSchema.safeParse({ maxPods: pods }).success).toBe(false);
    }
  });

  test.each(['dev', 'prod'])('the shipped %s environment: Karpenter\'s maxPods is the podsPerNode of the cluster it serves, with prefix delegation on', (name) => {
    const spec = loadEnvironment(name);
    const karpenter = inputsOf<{ maxPods: number }>(spec, 'karpenter')!;
    const vpc = inputsOf<{ clusters?: { name: string; podsPerNode: number }[] }>(spec, 'vpc')!;
    const cluster = (vpc.clusters ?? []).find((c) => c.name === name);
    expect(cluster?.podsPerNode ?? 110).toBe(karpenter.maxPods);
    expect(inputsOf<{ prefixDelegation: boolean }>(spec, 'vpc-cni')?.prefixDelegation).toBe(true);
  });
});

describe('zonal shift', () => {
  test('Karpenter 1.14.1\'s chart has settings.enableZonalShift (off by default), and the module turns it on', () => {
    const upstream = parse(readFileSync(join(__dirname, '../../../modules/addons/upstream/charts/karpenter/values.yaml'), 'utf8'));
    expect(upstream.settings.enableZonalShift).toBe(false);
    const values = parse((release(synthKarpenter().stacks.platform!, 'karpenter').values as string[])[0]);
    expect(values.settings.enableZonalShift).toBe(true);
  });

  test('the controller may read zonal shifts of its own cluster only (the permission the setting uses)', () => {
    const statements = karpenterControllerPolicy({ partition: 'aws', region: 'eu-west-1', accountId: '123456789012', clusterName: 'dev', interruptionQueueArn: 'q', nodeRoleArn: 'r' }).Statement;
    expect(statements.find((s) => s.Sid === 'AllowZonalShiftStatusReadOnly')).toMatchObject({ Effect: 'Allow', Action: ['arc-zonal-shift:GetManagedResource'] });
  });
});

describe('the documents as built are validated too', () => {
  test('an environment tag the EC2NodeClass refuses (outside karpenter\'s inputs) fails the synth at the module, naming the tag', () => {
    const spec = { ...karpenterSpec({}), tags: { 'karpenter.sh/nodeclaim': 'x' } };
    expect(() => parseSpec(spec, 'prod')).not.toThrow();
    expect(errorOf(() => synthSpec(spec, 'prod'))).toBe(
      'stacks/environments/prod.yaml: karpenter: the EC2NodeClass CRD (Karpenter 1.14.1) rejects {"karpenter.sh/nodeclaim":"x"} at spec.tags.karpenter.sh/nodeclaim: tag contains a restricted tag matching karpenter.sh/nodeclaim; Karpenter sets it itself to scope its IAM permissions; the tag is one of the environment\'s (the spec\'s top-level tags:), which the module puts on everything Karpenter launches',
    );
  });

  test('the same tag in nodeTags is refused while the spec is read, at nodeTags', () => {
    expect(errorOf(() => parseSpec({ ...BASE_FIELDS, vpc: {}, eks: { admins: [ADMIN] }, 'eks-pod-identity-agent': {}, karpenter: { nodeTags: { 'karpenter.sh/nodeclaim': 'x' } } }, 'prod'))).toMatch(
      /^stacks\/environments\/prod\.yaml: karpenter\.nodeTags\.karpenter\.sh\/nodeclaim: the EC2NodeClass CRD \(Karpenter 1\.14\.1\) rejects \{"karpenter\.sh\/nodeclaim":"x"\} at spec\.tags\.karpenter\.sh\/nodeclaim: tag contains a restricted tag matching karpenter\.sh\/nodeclaim; Karpenter sets it itself to scope its IAM permissions$/,
    );
  });
});
