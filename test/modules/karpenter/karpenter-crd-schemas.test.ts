// The documents the nodepools chart installs, read back from the synthesized chart, validated against
// the Karpenter v1.14.1 CRDs vendored in modules/karpenter/upstream/crds/ (OpenAPI schema and CEL
// rules, see modules/karpenter/crd-validation.ts): the same CRDs the module checks specs against, and
// the same release the charts install. (These tests used @kubernetes-models/karpenter before, whose
// schemas came from Karpenter ~1.12, without "Balanced" or any CEL rule.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { crdViolations, describeViolation } from '../../../modules/karpenter/crd-validation';
import { listEnvironments, loadEnvironment } from '../../../stacks/load';
import { synthParsed } from '../../support/synth';
import { chartManifests, synthKarpenter, type Manifest } from './fixtures';

function violationsOf(documents: readonly Manifest[]): string[] {
  return documents.flatMap((document) => crdViolations(document).map((v) => `${document.kind} ${document.metadata.name}: ${describeViolation(v)}`));
}

/**
 * A second opinion sharing no code with crd-validation.ts or crd-codegen.js: each vendored CRD's v1
 * openAPIV3Schema, read from its YAML here and compiled with plain Ajv as the API server applies it on
 * create: defaults filled in first, unknown fields refused (kubectl's strict field validation) where
 * the schema lists properties and does not preserve unknown ones, `nullable` honoured. Kubernetes'
 * x-kubernetes-* keywords and OpenAPI formats are annotations to Ajv; CEL rules are crdViolations'
 * alone (Ajv has no CEL).
 */
const CRDS = join(__dirname, '../../../modules/karpenter/upstream/crds');
const plainAjvValidators = new Map<string, ValidateFunction>();
function strictObjects(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(strictObjects);
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  if (schema.properties && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) schema.additionalProperties = false;
  Object.values(schema).forEach(strictObjects);
}
for (const file of ['karpenter.sh_nodepools.yaml', 'karpenter.k8s.aws_ec2nodeclasses.yaml']) {
  const crd = parse(readFileSync(join(CRDS, file), 'utf8')) as { spec: { names: { kind: string }; versions: { name: string; schema: { openAPIV3Schema: Record<string, unknown> } }[] } };
  const schema = crd.spec.versions.find((version) => version.name === 'v1')!.schema.openAPIV3Schema;
  strictObjects(schema);
  plainAjvValidators.set(crd.spec.names.kind, new Ajv({ strict: false, allErrors: true, useDefaults: true, validateFormats: false }).compile(schema));
}
function plainAjvViolations(documents: readonly Manifest[]): string[] {
  return documents.flatMap((document) => {
    const validate = plainAjvValidators.get(document.kind);
    if (!validate) return [`${document.kind} ${document.metadata.name}: no vendored CRD`];
    return validate(structuredClone(document)) ? [] : (validate.errors ?? []).map((e) => `${document.kind} ${document.metadata.name}: ${e.instancePath || '/'} ${e.message}${e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : ''}`);
  });
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
    expect(plainAjvViolations(documents)).toEqual([]);
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
    expect(plainAjvViolations(documents)).toEqual([]);
  });

  test('the plain-Ajv second opinion is not vacuous: a wrong enum, a missing required field and an unknown field are refused', () => {
    const [nodeClass, pool] = chartManifests(synthKarpenter().stacks.platform!).documents;
    expect(plainAjvViolations([{ ...pool, spec: { ...pool.spec, disruption: { ...pool.spec.disruption, consolidationPolicy: 'Sometimes' } } }])).toEqual(['NodePool default: /spec/disruption/consolidationPolicy must be equal to one of the allowed values']);
    expect(plainAjvViolations([{ ...pool, spec: { ...pool.spec, template: {} } }])).toEqual(["NodePool default: /spec/template must have required property 'spec'"]);
    expect(plainAjvViolations([{ ...nodeClass, spec: { ...nodeClass.spec, amiFamily: 'AL2023', instanceProfileName: 'x' } }])).toEqual(['EC2NodeClass default: /spec must NOT have additional properties (instanceProfileName)']);
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
