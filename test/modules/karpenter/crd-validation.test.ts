// The CRD validator itself (modules/karpenter/crd-validation.ts): that the generated schemas are those
// of the vendored CRDs, and that every create-time CEL rule and the schema keywords really reject a
// document that breaks them, with the CRD's own message at the path the API server would name (so
// the validator cannot silently pass everything).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crdRules, crdSources, crdViolations, describeViolation, type CrdDocument, type CrdKind, type CrdViolation } from '../../../modules/karpenter/crd-validation';
import { ec2NodeClassDocument, nodePoolDocument } from '../../../modules/karpenter/manifests';
import { karpenterInputSchema } from '../../../modules/karpenter/props';
import { joinPath } from '../../../modules/registry/errors';

const KARPENTER = join(__dirname, '../../../modules/karpenter');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const codegen = require(join(KARPENTER, 'crd-codegen.js')) as { generate(): string; OUTPUT: string };

type Doc = CrdDocument & { spec: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The module's documents at its defaults: valid, and the base every case below breaks. */
function baseDocuments(): Record<CrdKind, Doc> {
  const inputs = karpenterInputSchema.parse({});
  return {
    EC2NodeClass: ec2NodeClassDocument({ clusterName: 'dev', nodeRoleName: 'dev-karpenter-node', amiAlias: inputs.amiAlias, diskSizeGib: inputs.diskSizeGib, maxPods: inputs.maxPods, tags: { environment: 'dev' } }) as Doc,
    NodePool: nodePoolDocument(inputs.nodePools[0]) as Doc,
  };
}

function broken(kind: CrdKind, change: (spec: Doc['spec'], document: Doc) => void): Doc {
  const document = structuredClone(baseDocuments()[kind]);
  change(document.spec, document);
  return document;
}

const summary = (v: CrdViolation) => ({ path: joinPath(v.path), message: v.message });

describe('the generated schemas are the vendored CRDs', () => {
  test('crd-schemas.generated.ts is what crd-codegen.js makes of upstream/crds/ today (run `node modules/karpenter/crd-codegen.js` after a refresh)', () => {
    expect(readFileSync(codegen.OUTPUT, 'utf8') === codegen.generate()).toBe(true);
  });

  test('each kind names its vendored file, its apiVersion and the file\'s sha256, which upstream/SOURCE.md lists too', () => {
    const source = readFileSync(join(KARPENTER, 'upstream/SOURCE.md'), 'utf8');
    for (const [kind, apiVersion] of [
      ['NodePool', 'karpenter.sh/v1'],
      ['EC2NodeClass', 'karpenter.k8s.aws/v1'],
    ] as const) {
      const { file, sha256 } = crdSources()[kind];
      expect(crdSources()[kind].apiVersion).toBe(apiVersion);
      expect(createHash('sha256').update(readFileSync(join(KARPENTER, file))).digest('hex')).toBe(sha256);
      expect(source).toContain(sha256);
    }
  });

  test('the module\'s documents at their defaults are valid', () => {
    const { EC2NodeClass, NodePool } = baseDocuments();
    expect(crdViolations(EC2NodeClass)).toEqual([]);
    expect(crdViolations(NodePool)).toEqual([]);
  });

  test('transition rules (oldSelf) are the only ones not evaluated: nothing to compare with on create', () => {
    const transition = (kind: CrdKind) => crdRules(kind).filter((r) => r.transition).map((r) => `${r.path}: ${r.rule.rule}`);
    expect(transition('NodePool')).toEqual([
      'spec: has(self.replicas) == has(oldSelf.replicas)',
      'spec.template.spec.nodeClassRef: self.group == oldSelf.group',
      'spec.template.spec.nodeClassRef: self.kind == oldSelf.kind',
    ]);
    expect(transition('EC2NodeClass')).toEqual([]);
    // Breaking one would be caught on update only: on create it passes.
    expect(crdViolations(broken('NodePool', (spec) => (spec.replicas = 1)))).toEqual([expect.objectContaining({ message: "only 'limits.nodes' is supported on static NodePools" })]);
  });
});

const IN_VALUES = "requirements with operator 'In' must have a value defined";
const SINGLE_INT = "requirements operator 'Gt', 'Lt', 'Gte', or 'Lte' must have a single positive integer value";
const TAG_EMPTY = "empty tag keys or values aren't supported";
/** Label keys the NodePool CRD reserves (on template labels and requirement keys alike), with its message. */
const RESERVED_LABELS = [
  ['karpenter.sh/foo', 'label domain "karpenter.sh" is restricted'],
  ['karpenter.sh/nodepool', 'label "karpenter.sh/nodepool" is restricted'],
  ['kubernetes.io/hostname', 'label "kubernetes.io/hostname" is restricted'],
  ['karpenter.k8s.aws/foo', 'label domain "karpenter.k8s.aws" is restricted'],
] as const;

/** A soft eviction signal and a grace period for another one: each of the two pairing rules fails. */
const MISMATCHED_SOFT_EVICTION = { evictionSoft: { 'memory.available': '5%' }, evictionSoftGracePeriod: { 'nodefs.available': '1m' } };

type Case = readonly [name: string, kind: CrdKind, change: (spec: Doc['spec'], document: Doc) => void, path: string, message: string];

/** One document per create-time rule, breaking that rule only (where the CRDs allow), and what the API server says. */
const RULE_CASES: readonly Case[] = [
  // NodePool
  ['budget with a schedule and no duration (all, has)', 'NodePool', (s) => (s.disruption.budgets = [{ nodes: '10%', schedule: '@daily' }]), 'spec.disruption.budgets[0]', "'schedule' must be set with 'duration'"],
  ...RESERVED_LABELS.map(([key, message]): Case => [`template label ${key} (all over a map, in, find, endsWith)`, 'NodePool', (s) => (s.template.metadata = { labels: { team: 'a', [key]: 'x' } }), `spec.template.metadata.labels.${key}`, message]),
  ...RESERVED_LABELS.map(([key, message]): Case => [`requirement key ${key} (in, find, endsWith)`, 'NodePool', (s) => s.template.spec.requirements.push({ key, operator: 'Exists' }), 'spec.template.spec.requirements[5].key', message]),
  ['nodeClassRef.group empty', 'NodePool', (s) => (s.template.spec.nodeClassRef.group = ''), 'spec.template.spec.nodeClassRef.group', 'group may not be empty'],
  ['nodeClassRef.kind empty', 'NodePool', (s) => (s.template.spec.nodeClassRef.kind = ''), 'spec.template.spec.nodeClassRef.kind', 'kind may not be empty'],
  ['nodeClassRef.name empty', 'NodePool', (s) => (s.template.spec.nodeClassRef.name = ''), 'spec.template.spec.nodeClassRef.name', 'name may not be empty'],
  ['In without values (ternary, size)', 'NodePool', (s) => (s.template.spec.requirements[1].values = []), 'spec.template.spec.requirements[1]', IN_VALUES],
  ['Gt with a negative value (int)', 'NodePool', (s) => (s.template.spec.requirements[4].values = ['-1']), 'spec.template.spec.requirements[4]', SINGLE_INT],
  ['Gt with two values', 'NodePool', (s) => (s.template.spec.requirements[4].values = ['4', '5']), 'spec.template.spec.requirements[4]', SINGLE_INT],
  ['minValues above the values given (has, size, int compare)', 'NodePool', (s) => (s.template.spec.requirements[0].minValues = 3), 'spec.template.spec.requirements[0]', "requirements with 'minValues' must have at least that many values specified in the 'values' field"],
  ['weight on a static NodePool', 'NodePool', (s) => (delete s.limits, (s.replicas = 2), (s.weight = 10)), 'spec', "'weight' is not supported on static NodePools"],
  ['CPU limits on a static NodePool (size of a map, in)', 'NodePool', (s) => (s.replicas = 2), 'spec', "only 'limits.nodes' is supported on static NodePools"],
  // EC2NodeClass: AMI selection
  ['alias without a version (matches)', 'EC2NodeClass', (s) => (s.amiSelectorTerms[0].alias = 'al2023'), 'spec.amiSelectorTerms[0].alias', "'alias' is improperly formatted, must match the format 'family@version'"],
  ['alias of an unknown family (split, in)', 'EC2NodeClass', (s) => (s.amiSelectorTerms[0].alias = 'ubuntu@latest'), 'spec.amiSelectorTerms[0].alias', "family is not supported, must be one of the following: 'al2', 'al2023', 'bottlerocket', 'windows2019', 'windows2022', 'windows2025'"],
  ['pinned Windows alias (split index 1)', 'EC2NodeClass', (s) => (s.amiSelectorTerms[0].alias = 'windows2022@v1'), 'spec.amiSelectorTerms[0].alias', "windows families may only specify version 'latest'"],
  ['empty AMI selector term', 'EC2NodeClass', (s) => ((s.amiFamily = 'AL2023'), (s.amiSelectorTerms = [{}])), 'spec.amiSelectorTerms[0]', "expected at least one, got none, ['tags', 'id', 'name', 'alias', 'ssmParameter']"],
  ['AMI id with a name (exists)', 'EC2NodeClass', (s) => ((s.amiFamily = 'AL2023'), (s.amiSelectorTerms = [{ id: 'ami-0123', name: 'x' }])), 'spec.amiSelectorTerms[0]', "'id' is mutually exclusive, cannot be set with a combination of other fields in amiSelectorTerms"],
  ['alias with tags', 'EC2NodeClass', (s) => (s.amiSelectorTerms = [{ alias: 'al2023@latest', tags: { a: 'b' } }]), 'spec.amiSelectorTerms[0]', "'alias' is mutually exclusive, cannot be set with a combination of other fields in amiSelectorTerms"],
  ['alias beside another term (exists, size)', 'EC2NodeClass', (s) => s.amiSelectorTerms.push({ name: 'x' }), 'spec.amiSelectorTerms', "'alias' is mutually exclusive, cannot be set with a combination of other amiSelectorTerms"],
  ['AMI selector tag without a value (all over a map, index)', 'EC2NodeClass', (s) => ((s.amiFamily = 'AL2023'), (s.amiSelectorTerms = [{ tags: { a: '' } }])), 'spec.amiSelectorTerms[0].tags.a', TAG_EMPTY],
  ['no alias and no amiFamily', 'EC2NodeClass', (s) => (s.amiSelectorTerms = [{ name: 'x' }]), 'spec', 'must specify amiFamily if amiSelectorTerms does not contain an alias'],
  ...(
    [
      ['al2@latest', 'AL2023', "if set, amiFamily must be 'AL2' or 'Custom' when using an AL2 alias"],
      ['al2023@latest', 'Bottlerocket', "if set, amiFamily must be 'AL2023' or 'Custom' when using an AL2023 alias"],
      ['bottlerocket@latest', 'AL2023', "if set, amiFamily must be 'Bottlerocket' or 'Custom' when using a Bottlerocket alias"],
      ['windows2019@latest', 'AL2023', "if set, amiFamily must be 'Windows2019' or 'Custom' when using a Windows2019 alias"],
      ['windows2022@latest', 'AL2023', "if set, amiFamily must be 'Windows2022' or 'Custom' when using a Windows2022 alias"],
      ['windows2025@latest', 'AL2023', "if set, amiFamily must be 'Windows2025' or 'Custom' when using a Windows2025 alias"],
    ] as const
  ).map(([alias, amiFamily, message]): Case => [`amiFamily ${amiFamily} with alias ${alias} (exists, find)`, 'EC2NodeClass', (s) => ((s.amiFamily = amiFamily), (s.amiSelectorTerms = [{ alias }])), 'spec', message]),
  // EC2NodeClass: volumes, capacity reservations, networking
  ['two root volumes (filter, size)', 'EC2NodeClass', (s) => s.blockDeviceMappings.push({ deviceName: '/dev/xvdb', rootVolume: true, ebs: { volumeSize: '20Gi' } }), 'spec.blockDeviceMappings', 'must have only one blockDeviceMappings with rootVolume'],
  ['a volume with neither size nor snapshot', 'EC2NodeClass', (s) => delete s.blockDeviceMappings[0].ebs.volumeSize, 'spec.blockDeviceMappings[0].ebs', 'snapshotID or volumeSize must be defined'],
  ['an initialization rate without a snapshot', 'EC2NodeClass', (s) => (s.blockDeviceMappings[0].ebs.volumeInitializationRate = 100), 'spec.blockDeviceMappings[0].ebs', 'snapshotID must be set when volumeInitializationRate is set'],
  ['empty capacity reservation term', 'EC2NodeClass', (s) => (s.capacityReservationSelectorTerms = [{}]), 'spec.capacityReservationSelectorTerms[0]', "expected at least one, got none, ['tags', 'id', 'instanceMatchCriteria']"],
  ['capacity reservation id with tags (!all)', 'EC2NodeClass', (s) => (s.capacityReservationSelectorTerms = [{ id: 'cr-0123', tags: { a: 'b' } }]), 'spec.capacityReservationSelectorTerms[0]', "'id' is mutually exclusive, cannot be set along with other fields in a capacity reservation selector term"],
  ['capacity reservation tag without a value', 'EC2NodeClass', (s) => (s.capacityReservationSelectorTerms = [{ tags: { a: '' } }]), 'spec.capacityReservationSelectorTerms[0].tags.a', TAG_EMPTY],
  ['connection tracking without a timeout', 'EC2NodeClass', (s) => (s.connectionTracking = {}), 'spec.connectionTracking', 'at least one of tcpEstablishedTimeout, udpStreamTimeout, or udpTimeout must be set'],
  ['network interfaces without a primary (exists)', 'EC2NodeClass', (s) => (s.networkInterfaces = [{ networkCardIndex: 0, deviceIndex: 1, interfaceType: 'interface' }]), 'spec.networkInterfaces[0]', "networkInterfaces must include a primary interface with interfaceType='interface'"],
  [
    'duplicate network interface (filter inside all)',
    'EC2NodeClass',
    (s) => (s.networkInterfaces = [{ networkCardIndex: 0, deviceIndex: 0, interfaceType: 'interface' }, { networkCardIndex: 0, deviceIndex: 0, interfaceType: 'interface' }]),
    'spec.networkInterfaces',
    'networkInterfaces must not have duplicate networkCardIndex and deviceIndex pairs, and can have at most one efa device per network card',
  ],
  ['placement group with neither name nor id', 'EC2NodeClass', (s) => (s.placementGroupSelector = {}), 'spec.placementGroupSelector', "expected at least one, got none, ['name', 'id']"],
  ['placement group with name and id', 'EC2NodeClass', (s) => (s.placementGroupSelector = { name: 'a', id: 'pg-0123' }), 'spec.placementGroupSelector', "'name' and 'id' are mutually exclusive"],
  // EC2NodeClass: identity
  ['empty role', 'EC2NodeClass', (s) => (s.role = ''), 'spec.role', 'role cannot be empty'],
  ['empty instance profile', 'EC2NodeClass', (s) => (delete s.role, (s.instanceProfile = '')), 'spec.instanceProfile', 'instanceProfile cannot be empty'],
  ['role and instance profile', 'EC2NodeClass', (s) => (s.instanceProfile = 'profile'), 'spec', "must specify exactly one of ['role', 'instanceProfile']"],
  // EC2NodeClass: security groups and subnets
  ['no security group term', 'EC2NodeClass', (s) => (s.securityGroupSelectorTerms = []), 'spec.securityGroupSelectorTerms', 'securityGroupSelectorTerms cannot be empty'],
  ['empty security group term', 'EC2NodeClass', (s) => (s.securityGroupSelectorTerms = [{}]), 'spec.securityGroupSelectorTerms[0]', "expected at least one, got none, ['tags', 'id', 'name']"],
  ['security group id with tags', 'EC2NodeClass', (s) => (s.securityGroupSelectorTerms = [{ id: 'sg-0123', tags: { a: 'b' } }]), 'spec.securityGroupSelectorTerms[0]', "'id' is mutually exclusive, cannot be set with a combination of other fields in a security group selector term"],
  ['security group name with tags', 'EC2NodeClass', (s) => (s.securityGroupSelectorTerms = [{ name: 'x', tags: { a: 'b' } }]), 'spec.securityGroupSelectorTerms[0]', "'name' is mutually exclusive, cannot be set with a combination of other fields in a security group selector term"],
  ['security group tag without a value', 'EC2NodeClass', (s) => (s.securityGroupSelectorTerms = [{ tags: { a: '' } }]), 'spec.securityGroupSelectorTerms[0].tags.a', TAG_EMPTY],
  ['no subnet term', 'EC2NodeClass', (s) => (s.subnetSelectorTerms = []), 'spec.subnetSelectorTerms', 'subnetSelectorTerms cannot be empty'],
  ['empty subnet term', 'EC2NodeClass', (s) => (s.subnetSelectorTerms = [{}]), 'spec.subnetSelectorTerms[0]', "expected at least one, got none, ['tags', 'id']"],
  ['subnet id with tags', 'EC2NodeClass', (s) => (s.subnetSelectorTerms = [{ id: 'subnet-0123', tags: { a: 'b' } }]), 'spec.subnetSelectorTerms[0]', "'id' is mutually exclusive, cannot be set with a combination of other fields in a subnet selector term"],
  ['subnet tag without a value', 'EC2NodeClass', (s) => (s.subnetSelectorTerms = [{ tags: { a: '' } }]), 'spec.subnetSelectorTerms[0].tags.a', TAG_EMPTY],
  // EC2NodeClass: tags
  ['an empty tag key', 'EC2NodeClass', (s) => (s.tags[''] = 'x'), 'spec.tags.""', "empty tag keys aren't supported"],
  ['tag eks:eks-cluster-name', 'EC2NodeClass', (s) => (s.tags['eks:eks-cluster-name'] = 'x'), 'spec.tags.eks:eks-cluster-name', 'tag contains a restricted tag matching eks:eks-cluster-name'],
  ['tag kubernetes.io/cluster/<name> (startsWith)', 'EC2NodeClass', (s) => (s.tags['kubernetes.io/cluster/dev'] = 'owned'), 'spec.tags.kubernetes.io/cluster/dev', 'tag contains a restricted tag matching kubernetes.io/cluster/'],
  ['tag karpenter.sh/nodepool', 'EC2NodeClass', (s) => (s.tags['karpenter.sh/nodepool'] = 'x'), 'spec.tags.karpenter.sh/nodepool', 'tag contains a restricted tag matching karpenter.sh/nodepool'],
  ['tag karpenter.sh/nodeclaim', 'EC2NodeClass', (s) => (s.tags['karpenter.sh/nodeclaim'] = 'x'), 'spec.tags.karpenter.sh/nodeclaim', 'tag contains a restricted tag matching karpenter.sh/nodeclaim'],
  ['tag karpenter.k8s.aws/ec2nodeclass', 'EC2NodeClass', (s) => (s.tags['karpenter.k8s.aws/ec2nodeclass'] = 'x'), 'spec.tags.karpenter.k8s.aws/ec2nodeclass', 'tag contains a restricted tag matching karpenter.k8s.aws/ec2nodeclass'],
  // EC2NodeClass: kubelet
  ...(['evictionHard', 'evictionSoft', 'evictionSoftGracePeriod'] as const).map(
    (field): Case => [
      `kubelet ${field} with an unknown signal (in over a map's keys)`,
      'EC2NodeClass',
      // Soft evictions and their grace periods come in pairs (the next two rules): both get the signal.
      (s) => (s.kubelet = field === 'evictionHard' ? { evictionHard: { 'disk.available': '10%' } } : { evictionSoft: { 'disk.available': '10%' }, evictionSoftGracePeriod: { 'disk.available': '1m' } }),
      `spec.kubelet.${field}.disk.available`,
      `valid keys for ${field} are ['memory.available','nodefs.available','nodefs.inodesFree','imagefs.available','imagefs.inodesFree','pid.available']`,
    ],
  ),
  ...(['kubeReserved', 'systemReserved'] as const).flatMap((field): Case[] => [
    [`kubelet ${field} for an unknown resource (==, ||)`, 'EC2NodeClass', (s) => (s.kubelet[field] = { cpu: '100m', gpu: '1' }), `spec.kubelet.${field}.gpu`, `valid keys for ${field} are ['cpu','memory','ephemeral-storage','pid']`],
    [`kubelet ${field} negative (startsWith through self[x])`, 'EC2NodeClass', (s) => (s.kubelet[field] = { cpu: '100m', memory: '-1Gi' }), `spec.kubelet.${field}.memory`, `${field} value cannot be a negative resource quantity`],
  ]),
  ['image GC thresholds the wrong way round (int >)', 'EC2NodeClass', (s) => Object.assign(s.kubelet, { imageGCHighThresholdPercent: 50, imageGCLowThresholdPercent: 60 }), 'spec.kubelet', 'imageGCHighThresholdPercent must be greater than imageGCLowThresholdPercent'],
  ['a soft eviction without its grace period (has, in over a map)', 'EC2NodeClass', (s) => Object.assign(s.kubelet, MISMATCHED_SOFT_EVICTION), 'spec.kubelet', 'evictionSoft OwnerKey does not have a matching evictionSoftGracePeriod'],
  ['a grace period without its soft eviction', 'EC2NodeClass', (s) => Object.assign(s.kubelet, MISMATCHED_SOFT_EVICTION), 'spec.kubelet', 'evictionSoftGracePeriod OwnerKey does not have a matching evictionSoft'],
];

describe('every create-time CEL rule of the two CRDs rejects a document that breaks it', () => {
  test.each(RULE_CASES)('%s', (_name, kind, change, path, message) => {
    const violations = crdViolations(broken(kind, change));
    expect(violations.map(summary)).toContainEqual({ path, message });
    expect(violations.find((v) => v.message === message)?.rule).toBeDefined();
  });

  test('the cases cover every create-time rule of both CRDs', () => {
    const fired = new Set<string>();
    for (const [, kind, change] of RULE_CASES) {
      for (const v of crdViolations(broken(kind, change))) if (v.rule) fired.add(`${kind} ${joinPath(v.rulePath!).replace(/\[\d+\]/g, '[]')}: ${v.message}`);
    }
    const expected = (['NodePool', 'EC2NodeClass'] as const).flatMap((kind) => crdRules(kind).filter((r) => !r.transition).map((r) => `${kind} ${r.path}: ${r.rule.message}`));
    expect(expected.filter((rule) => !fired.has(rule))).toEqual([]);
  });

  test('a rule that cannot be evaluated (int() of a word) is a violation too, with the evaluation error', () => {
    const [violation] = crdViolations(broken('NodePool', (s) => (s.template.spec.requirements[4].values = ['five'])));
    expect(violation).toMatchObject({ path: ['spec', 'template', 'spec', 'requirements', 4], rule: expect.stringContaining('int(x.values[0])') });
    expect(violation.message).toMatch(new RegExp(`^${SINGLE_INT.replace(/[()]/g, '\\$&')} \\(the rule could not be evaluated: .+\\)$`));
  });

  test('a list rule broken by several entries names each of them', () => {
    const violations = crdViolations(broken('EC2NodeClass', (s) => (s.tags = { 'karpenter.sh/nodepool': 'a', team: 'b', 'karpenter.sh/nodeclaim': 'c' })));
    expect(violations.map(summary)).toEqual([
      { path: 'spec.tags.karpenter.sh/nodepool', message: 'tag contains a restricted tag matching karpenter.sh/nodepool' },
      { path: 'spec.tags.karpenter.sh/nodeclaim', message: 'tag contains a restricted tag matching karpenter.sh/nodeclaim' },
    ]);
    expect(violations[0].value).toEqual({ 'karpenter.sh/nodepool': 'a' });
  });
});

/** The OpenAPI schema half: one document per keyword the CRDs use, and what the API server says. */
const SCHEMA_CASES: readonly Case[] = [
  ['pattern (taint value with a space)', 'NodePool', (s) => (s.template.spec.taints = [{ key: 'a', value: 'b c', effect: 'NoSchedule' }]), 'spec.template.spec.taints[0].value', "should match '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(\\/))?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$'"],
  ['minLength (empty taint key)', 'NodePool', (s) => (s.template.spec.taints = [{ key: '', effect: 'NoSchedule' }]), 'spec.template.spec.taints[0].key', 'should be at least 1 chars long'],
  ['enum (taint effect)', 'NodePool', (s) => (s.template.spec.taints = [{ key: 'a', effect: 'NO_SCHEDULE' }]), 'spec.template.spec.taints[0].effect', 'supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
  ['required (taint effect)', 'NodePool', (s) => (s.template.spec.taints = [{ key: 'a' }]), 'spec.template.spec.taints[0].effect', 'Required value'],
  ['maxLength (label value of 64 characters)', 'NodePool', (s) => (s.template.metadata = { labels: { a: 'x'.repeat(64) } }), 'spec.template.metadata.labels.a', 'Too long: may not be longer than 63'],
  ['maxProperties (101 labels)', 'NodePool', (s) => (s.template.metadata = { labels: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`l${i}`, 'x'])) }), 'spec.template.metadata.labels', 'Too many: must have at most 100 items'],
  ['maximum (weight 101)', 'NodePool', (s) => (s.weight = 101), 'spec.weight', 'should be less than or equal to 100'],
  ['minimum (weight 0)', 'NodePool', (s) => (s.weight = 0), 'spec.weight', 'should be greater than or equal to 1'],
  ['type (weight as a string)', 'NodePool', (s) => (s.weight = '10'), 'spec.weight', 'must be of type integer'],
  ['int-or-string (a limit that is neither)', 'NodePool', (s) => (s.limits.cpu = true), 'spec.limits.cpu', 'must be an integer or a string'],
  ['pattern of an int-or-string quantity', 'NodePool', (s) => (s.limits.memory = 'lots'), 'spec.limits.memory', "should match '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$'"],
  ['maxItems (51 budgets)', 'NodePool', (s) => (s.disruption.budgets = Array.from({ length: 51 }, () => ({ nodes: '1' }))), 'spec.disruption.budgets', 'Too many: must have at most 50 items'],
  ['a set list with a duplicate (x-kubernetes-list-type: set)', 'NodePool', (s) => (s.disruption.budgets = [{ nodes: '1', reasons: ['Empty', 'Drifted', 'Empty'] }]), 'spec.disruption.budgets[0].reasons[2]', 'Duplicate value'],
  ['an unknown field (the API server would prune it)', 'NodePool', (s) => (s.template.spec.maxPods = 110), 'spec.template.spec.maxPods', 'unknown field "spec.template.spec.maxPods" (not in the CRD\'s schema)'],
  ['maxLength (AMI alias of 31 characters)', 'EC2NodeClass', (s) => (s.amiSelectorTerms[0].alias = 'al2023@v20251120-0123456789abcd'), 'spec.amiSelectorTerms[0].alias', 'Too long: may not be longer than 30'],
  ['int32 range (kubelet maxPods)', 'EC2NodeClass', (s) => (s.kubelet.maxPods = 2 ** 31), 'spec.kubelet.maxPods', 'should be less than or equal to 2147483647'],
  ['minimum (kubelet maxPods -1)', 'EC2NodeClass', (s) => (s.kubelet.maxPods = -1), 'spec.kubelet.maxPods', 'should be greater than or equal to 0'],
  ['pattern (volume size in GB of 70000)', 'EC2NodeClass', (s) => (s.blockDeviceMappings[0].ebs.volumeSize = '70000G'), 'spec.blockDeviceMappings[0].ebs.volumeSize', expect.stringMatching(/^should match '/) as unknown as string],
  ['apiVersion of another version', 'EC2NodeClass', (_s, d) => ((d as { apiVersion: string }).apiVersion = 'karpenter.k8s.aws/v1beta1'), 'apiVersion', 'supported values: "karpenter.k8s.aws/v1"'],
  ['metadata.name that is no DNS subdomain', 'NodePool', (_s, d) => ((d.metadata as { name: string }).name = 'Default'), 'metadata.name', "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"],
];

describe('the OpenAPI schema half rejects what the API server does, in its words', () => {
  test.each(SCHEMA_CASES)('%s', (_name, kind, change, path, message) => {
    expect(crdViolations(broken(kind, change)).map(summary)).toContainEqual({ path, message });
  });

  test('defaults are applied before validating, as the API server does: a NodePool without disruption is valid (consolidateAfter defaults to 0s)', () => {
    expect(crdViolations(broken('NodePool', (s) => delete s.disruption))).toEqual([]);
    expect(crdViolations(broken('NodePool', (s) => (s.disruption = { consolidationPolicy: 'WhenEmpty' })))).toEqual([{ kind: 'NodePool', path: ['spec', 'disruption', 'consolidateAfter'], message: 'Required value', value: undefined }]);
  });

  test('the document passed in is left as it was (defaults go into a copy)', () => {
    const document = broken('NodePool', (s) => delete s.disruption);
    crdViolations(document);
    expect(document.spec.disruption).toBeUndefined();
  });

  test('a violation reads: the kind\'s CRD and release, what was given, where, and why', () => {
    const [violation] = crdViolations(broken('EC2NodeClass', (s) => (s.amiSelectorTerms[0].alias = 'al2023@v20251120-0123456789abcd')));
    expect(describeViolation(violation)).toBe('the EC2NodeClass CRD (Karpenter 1.14.1) rejects "al2023@v20251120-0123456789abcd" at spec.amiSelectorTerms[0].alias: Too long: may not be longer than 30');
  });

  test('a kind without a vendored CRD is a programming error, not a pass', () => {
    expect(() => crdViolations({ apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', metadata: { name: 'x' }, spec: {} })).toThrow('no vendored CRD for kind NodeClaim');
  });
});
