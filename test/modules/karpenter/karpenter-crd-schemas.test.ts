// The Karpenter v1 CRD schemas as published in @kubernetes-models/karpenter 2.0.0 (ESM-only; jest.config.js
// maps and transforms it). Its schemas were generated from Karpenter ~1.12, while we pin 1.14.1: fields
// 1.13/1.14 added are unknown to it (consolidationPolicy "Balanced" above all), so documents using them
// are checked field by field in karpenter-options.test.ts instead. CEL rules (x-kubernetes-validations)
// are not in these schemas either; props.ts enforces the ones a spec can break.
import { EC2NodeClass } from '@kubernetes-models/karpenter/karpenter.k8s.aws/v1';
import { NodePool } from '@kubernetes-models/karpenter/karpenter.sh/v1';
import { chartManifests, synthKarpenter, type Manifest } from './fixtures';

// Our tsconfig resolves modules the node10 way, which cannot see @kubernetes-models/base's types
// (they are declared under "exports" only), so the models' inherited validate() is typed here.
type Validatable = { validate(): void };

function validate(document: Manifest): void {
  const model = document.kind === 'EC2NodeClass' ? new EC2NodeClass(document as never) : document.kind === 'NodePool' ? new NodePool(document as never) : undefined;
  if (!model) throw new Error(`unexpected kind ${document.kind}`);
  (model as unknown as Validatable).validate();
}

describe('the generated documents validate against the Karpenter v1 CRD schemas', () => {
  test.each([
    ['defaults', {}],
    [
      'every NodePool option, Bottlerocket, tags',
      {
        amiAlias: 'bottlerocket@latest',
        nodeTags: { team: 'platform' },
        nodePools: [
          { name: 'default' },
          {
            name: 'batch',
            capacityTypes: ['spot'],
            architectures: ['arm64'],
            instanceCategories: ['c'],
            instanceGenerationGreaterThan: 6,
            limits: { cpu: '500m', memory: '64Gi' },
            disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: 'Never', budgets: [{ nodes: 5, schedule: '@daily', duration: '1h30m', reasons: ['Underutilized'] }] },
            expireAfter: '24h',
            weight: 100,
            taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }],
            labels: { 'example.com/pool': 'batch' },
          },
        ],
      },
    ],
  ])('%s', (_case, karpenter) => {
    const { documents } = chartManifests(synthKarpenter(karpenter).stacks.platform!);
    expect(documents.length).toBeGreaterThanOrEqual(2);
    for (const document of documents) expect(() => validate(document)).not.toThrow();
  });

  test('the schemas do catch a broken document (the check is not vacuous)', () => {
    const [, pool] = chartManifests(synthKarpenter().stacks.platform!).documents;
    expect(() => validate({ ...pool, spec: { ...pool.spec, disruption: { ...pool.spec.disruption, consolidateAfter: '5 minutes' } } })).toThrow(/consolidateAfter/);
    expect(() => validate({ ...pool, spec: { ...pool.spec, template: {} } })).toThrow(/spec/);
  });
});
