// The documents the nodepools chart installs, read back from the synthesized chart, validated against
// the Karpenter v1.14.1 CRDs vendored in modules/karpenter/upstream/crds/ (OpenAPI schema and CEL
// rules, see modules/karpenter/crd-validation.ts): the same CRDs the module checks specs against, and
// the same release the charts install. (These tests used @kubernetes-models/karpenter before, whose
// schemas came from Karpenter ~1.12, without "Balanced" or any CEL rule.)
import { crdViolations, describeViolation } from '../../../modules/karpenter/crd-validation';
import { listEnvironments, loadEnvironment } from '../../../stacks/load';
import { synthParsed } from '../../support/synth';
import { chartManifests, synthKarpenter, type Manifest } from './fixtures';

function violationsOf(documents: readonly Manifest[]): string[] {
  return documents.flatMap((document) => crdViolations(document).map((v) => `${document.kind} ${document.metadata.name}: ${describeViolation(v)}`));
}

describe('every generated document validates against the vendored v1.14.1 CRDs (schema and CEL rules)', () => {
  test.each([
    ['defaults', {}],
    [
      'every NodePool option, Bottlerocket, tags, maxPods',
      {
        amiAlias: 'bottlerocket@v1.50.0',
        diskSizeGib: 100,
        maxPods: 58,
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
            disruption: { consolidationPolicy: 'Balanced', consolidateAfter: 'Never', budgets: [{ nodes: 5, schedule: '@daily', duration: '1h30m', reasons: ['Underutilized', 'Drifted'] }, { nodes: '0%' }] },
            expireAfter: '24h',
            weight: 100,
            taints: [{ key: 'example.com/gpu', value: 'true', effect: 'NoSchedule' }, { key: 'dedicated', effect: 'NoExecute' }],
            labels: { 'example.com/pool': 'batch', 'karpenter.sh/capacity-type': 'spot', 'karpenter.k8s.aws/instance-family': 'c7g', empty: '' },
          },
        ],
      },
    ],
  ])('%s', (_case, karpenter) => {
    const { documents } = chartManifests(synthKarpenter(karpenter).stacks.platform!);
    expect(documents.map((d) => d.kind)).toEqual(['EC2NodeClass', ...documents.slice(1).map(() => 'NodePool')]);
    expect(documents.length).toBeGreaterThanOrEqual(2);
    expect(violationsOf(documents)).toEqual([]);
  });

  // Every spec in stacks/environments/ with a karpenter section (dev and prod at least).
  const shipped = listEnvironments().filter((name) => loadEnvironment(name).modules.some((m) => m.definition.name === 'karpenter'));
  test('the shipped environments include dev and prod', () => {
    expect(shipped).toEqual(expect.arrayContaining(['dev', 'prod']));
  });

  test.each(shipped)('the shipped %s environment', (name) => {
    const { documents } = chartManifests(synthParsed(loadEnvironment(name)).stacks.platform!);
    expect(documents.length).toBeGreaterThanOrEqual(2);
    expect(violationsOf(documents)).toEqual([]);
  });

  test('the check is not vacuous: broken copies of the chart\'s documents are refused, with the CRD\'s reasons', () => {
    const [nodeClass, pool] = chartManifests(synthKarpenter().stacks.platform!).documents;
    expect(violationsOf([{ ...pool, spec: { ...pool.spec, disruption: { ...pool.spec.disruption, consolidateAfter: '5 minutes' } } }])).toEqual([
      `NodePool default: the NodePool CRD (Karpenter 1.14.1) rejects "5 minutes" at spec.disruption.consolidateAfter: should match '^(([0-9]+(s|m|h))+|Never)$'`,
    ]);
    expect(violationsOf([{ ...pool, spec: { ...pool.spec, template: {} } }])).toEqual(['NodePool default: the NodePool CRD (Karpenter 1.14.1) rejects nothing at spec.template.spec: Required value']);
    expect(violationsOf([{ ...nodeClass, spec: { ...nodeClass.spec, amiSelectorTerms: [{ alias: 'al2023@latest' }, { id: 'ami-0123456789' }] } }])).toEqual([
      'EC2NodeClass default: the EC2NodeClass CRD (Karpenter 1.14.1) rejects [{"alias":"al2023@latest"},{"id":"ami-0123456789"}] at spec.amiSelectorTerms: \'alias\' is mutually exclusive, cannot be set with a combination of other amiSelectorTerms',
    ]);
  });
});
