import { BASE_FIELDS, errorOf, parseSpec, synthSpec } from '../../support/synth';
import { ADMIN, rejectKarpenter } from './fixtures';

const FILE = 'stacks/environments/prod.yaml';
const IN_NEEDS_VALUES = 'an empty list would give the requirement no values, which Karpenter rejects ("requirements with operator \'In\' must have a value defined")';
/** What the NodePool CRD says a taint or label value must match, and the hint the module adds. */
const TAINT_PATTERN = "should match '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(\\/))?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$'";
const LABEL_VALUE_PATTERN = "should match '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$'";
const NAME = "at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
const NODE_POOL_CRD = 'the NodePool CRD (Karpenter 1.14.1) rejects';
const NODE_CLASS_CRD = 'the EC2NodeClass CRD (Karpenter 1.14.1) rejects';
const AMI = 'expected "al2023@<version>" or "bottlerocket@<version>", the version "latest" or a release such as "al2023@v20251120" or "bottlerocket@v1.50.0"';
const pool = (fields: Record<string, unknown>) => ({ nodePools: [{ name: 'general', ...fields }] });
const at = (path: string, message: string) => `${FILE}: karpenter.${path}: ${message}`;

describe('karpenter rejects bad input with the file, the field and what was wrong', () => {
  test.each([
    // Empty requirements
    ['no capacity types', pool({ capacityTypes: [] }), at('nodePools[0].capacityTypes', `expected at least one capacity type ("on-demand", "spot"); ${IN_NEEDS_VALUES}`)],
    ['no architectures', pool({ architectures: [] }), at('nodePools[0].architectures', `expected at least one architecture ("amd64", "arm64"); ${IN_NEEDS_VALUES}`)],
    ['no instance categories', pool({ instanceCategories: [] }), at('nodePools[0].instanceCategories', `expected at least one instance category ("c", "m", "r"); ${IN_NEEDS_VALUES}`)],
    // Capacity types and architectures
    [
      'the reserved capacity type (no capacity reservations selected)',
      pool({ capacityTypes: ['reserved'] }),
      at('nodePools[0].capacityTypes[0]', '"reserved" launches only into capacity reservations the EC2NodeClass selects (capacityReservationSelectorTerms), and this module selects none, so Karpenter could never use it; use "on-demand" or "spot"'),
    ],
    ['an unknown capacity type', pool({ capacityTypes: ['on-demand', 'dedicated'] }), at('nodePools[0].capacityTypes[1]', 'expected one of "on-demand", "spot", got "dedicated"')],
    ['an unknown architecture', pool({ architectures: ['x86_64'] }), at('nodePools[0].architectures[0]', 'expected one of "amd64", "arm64", got "x86_64"')],
    // Limits
    ['a CPU limit of 0', pool({ limits: { cpu: 0 } }), at('nodePools[0].limits.cpu', 'expected a CPU quantity above 0 such as 1000 or "500m", got 0')],
    ['a negative CPU limit', pool({ limits: { cpu: -4 } }), at('nodePools[0].limits.cpu', 'expected a CPU quantity above 0 such as 1000 or "500m", got -4')],
    ['a memory limit of 0Gi', pool({ limits: { memory: '0Gi' } }), at('nodePools[0].limits.memory', 'expected a memory quantity above 0 such as "1000Gi", got "0Gi"')],
    ['a memory limit that is no quantity', pool({ limits: { memory: 'lots' } }), at('nodePools[0].limits.memory', 'expected a memory quantity above 0 such as "1000Gi", got "lots"')],
    // Disruption
    [
      'consolidateAfter that is no duration',
      pool({ disruption: { consolidateAfter: '5 minutes' } }),
      at('nodePools[0].disruption.consolidateAfter', 'expected a duration such as "30s", "5m" or "1h30m", or "Never" (no consolidation), got "5 minutes"'),
    ],
    [
      'the v1beta1 policy name',
      pool({ disruption: { consolidationPolicy: 'WhenUnderutilized' } }),
      at('nodePools[0].disruption.consolidationPolicy', 'v1beta1\'s "WhenUnderutilized" is "WhenEmptyOrUnderutilized" in Karpenter v1; use that (or "WhenEmpty", "Balanced")'),
    ],
    [
      'a budget schedule without a duration (the CRD\'s rule)',
      pool({ disruption: { budgets: [{ nodes: '10%', schedule: '@daily' }] } }),
      at(
        'nodePools[0].disruption.budgets[0]',
        `${NODE_POOL_CRD} {"nodes":"10%","schedule":"@daily"} at spec.disruption.budgets[0]: 'schedule' must be set with 'duration'; a scheduled budget needs both (the schedule starts it, the duration ends it); give both, or neither for an always-active budget`,
      ),
    ],
    [
      'a budget duration without a schedule (the CRD\'s rule), the second budget',
      pool({ disruption: { budgets: [{ nodes: '10%' }, { nodes: '10%', duration: '1h' }] } }),
      at(
        'nodePools[0].disruption.budgets[1]',
        `${NODE_POOL_CRD} {"nodes":"10%","duration":"1h"} at spec.disruption.budgets[1]: 'schedule' must be set with 'duration'; a scheduled budget needs both (the schedule starts it, the duration ends it); give both, or neither for an always-active budget`,
      ),
    ],
    ['a budget over 100%', pool({ disruption: { budgets: [{ nodes: '150%' }] } }), at('nodePools[0].disruption.budgets[0].nodes', 'expected a node count such as "5" or a percentage from "0%" to "100%", got "150%"')],
    [
      'a budget schedule that is not cron',
      pool({ disruption: { budgets: [{ nodes: '1', schedule: 'daily', duration: '1h' }] } }),
      at('nodePools[0].disruption.budgets[0].schedule', 'expected a cron schedule of five fields such as "0 9 * * mon-fri" or a macro such as "@daily" (UTC), got "daily"'),
    ],
    [
      'a budget duration in seconds',
      pool({ disruption: { budgets: [{ nodes: '1', schedule: '@daily', duration: '30s' }] } }),
      at('nodePools[0].disruption.budgets[0].duration', 'expected minutes or hours such as "10m", "8h" or "1h30m" (cron has no seconds), got "30s"'),
    ],
    ['an unknown budget reason', pool({ disruption: { budgets: [{ nodes: '1', reasons: ['Expired'] }] } }), at('nodePools[0].disruption.budgets[0].reasons[0]', 'expected one of "Underutilized", "Empty", "Drifted", got "Expired"')],
    // Node lifetime, weight, taints, labels
    ['expireAfter in days', pool({ expireAfter: '30d' }), at('nodePools[0].expireAfter', 'expected a duration such as "720h" or "Never", got "30d"')],
    ['weight 0', pool({ weight: 0 }), at('nodePools[0].weight', 'expected a number >= 1, got 0')],
    ['a taint effect in EKS API spelling', pool({ taints: [{ key: 'x', effect: 'NO_SCHEDULE' }] }), at('nodePools[0].taints[0].effect', 'expected one of "NoSchedule", "PreferNoSchedule", "NoExecute", got "NO_SCHEDULE"')],
    // What the NodePool CRD refuses (issue: the spec used to accept these, and the release failed)
    [
      'an empty taint value',
      pool({ taints: [{ key: 'x', value: '', effect: 'NoSchedule' }] }),
      at('nodePools[0].taints[0].value', `${NODE_POOL_CRD} "" at spec.template.spec.taints[0].value: ${TAINT_PATTERN}; a taint value is ${NAME}; leave value out for a taint without one`),
    ],
    [
      'a taint value with spaces',
      pool({ taints: [{ key: 'x', value: 'two words', effect: 'NoSchedule' }] }),
      at('nodePools[0].taints[0].value', `${NODE_POOL_CRD} "two words" at spec.template.spec.taints[0].value: ${TAINT_PATTERN}; a taint value is ${NAME}; leave value out for a taint without one`),
    ],
    [
      'a taint key that is no key',
      pool({ taints: [{ key: 'Bad Key!', effect: 'NoSchedule' }] }),
      at('nodePools[0].taints[0].key', `${NODE_POOL_CRD} "Bad Key!" at spec.template.spec.taints[0].key: ${TAINT_PATTERN}; a taint key is an optional DNS subdomain and "/" (such as "example.com/"), then ${NAME}`),
    ],
    [
      'a taint value longer than a Node accepts (the CRD sets no limit)',
      pool({ taints: [{ key: 'x', value: 'v'.repeat(64), effect: 'NoSchedule' }] }),
      at('nodePools[0].taints[0].value', 'expected at most 63 characters, got 64: the NodePool CRD does not limit it, but Kubernetes refuses a Node with a longer taint value, so no node of the pool could register'),
    ],
    [
      'a label value with spaces',
      pool({ labels: { team: 'data platform' } }),
      at('nodePools[0].labels.team', `${NODE_POOL_CRD} "data platform" at spec.template.metadata.labels.team: ${LABEL_VALUE_PATTERN}; a label value is empty or ${NAME}`),
    ],
    ['a label value over 63 characters', pool({ labels: { team: 'x'.repeat(64) } }), at('nodePools[0].labels.team', `${NODE_POOL_CRD} "${'x'.repeat(64)}" at spec.template.metadata.labels.team: Too long: may not be longer than 63; a label value is empty or ${NAME}`)],
    [
      'a label in the karpenter.sh domain',
      pool({ labels: { 'karpenter.sh/foo': 'x' } }),
      at(
        'nodePools[0].labels.karpenter.sh/foo',
        `${NODE_POOL_CRD} {"karpenter.sh/foo":"x"} at spec.template.metadata.labels.karpenter.sh/foo: label domain "karpenter.sh" is restricted; of the karpenter.sh domain only karpenter.sh/capacity-type may be set; Karpenter sets the others itself`,
      ),
    ],
    [
      'the NodePool label',
      pool({ labels: { 'karpenter.sh/nodepool': 'general' } }),
      at('nodePools[0].labels.karpenter.sh/nodepool', `${NODE_POOL_CRD} {"karpenter.sh/nodepool":"general"} at spec.template.metadata.labels.karpenter.sh/nodepool: label "karpenter.sh/nodepool" is restricted; Karpenter sets it to the NodePool's name itself`),
    ],
    [
      'a karpenter.k8s.aws label that is not a well-known one',
      pool({ labels: { 'karpenter.k8s.aws/team': 'x' } }),
      at(
        'nodePools[0].labels.karpenter.k8s.aws/team',
        `${NODE_POOL_CRD} {"karpenter.k8s.aws/team":"x"} at spec.template.metadata.labels.karpenter.k8s.aws/team: label domain "karpenter.k8s.aws" is restricted; only the well-known karpenter.k8s.aws labels (instance-family, instance-category, instance-size, ...) may be set`,
      ),
    ],
    [
      'the hostname label',
      pool({ labels: { 'kubernetes.io/hostname': 'x' } }),
      at('nodePools[0].labels.kubernetes.io/hostname', `${NODE_POOL_CRD} {"kubernetes.io/hostname":"x"} at spec.template.metadata.labels.kubernetes.io/hostname: label "kubernetes.io/hostname" is restricted; each node gets its own from the kubelet`),
    ],
    // What Kubernetes refuses outside the CRD: label keys (the NodeClaims and Nodes carry them)
    [
      'a label key that is no key',
      pool({ labels: { 'Bad Key!': 'x' } }),
      at('nodePools[0].labels."Bad Key!"', `expected a Kubernetes label key: an optional DNS subdomain (at most 253 characters) and "/", then ${NAME}; got "Bad Key!"`),
    ],
    ['a label key with an upper-case prefix', pool({ labels: { 'Example.com/team': 'x' } }), at('nodePools[0].labels.Example.com/team', `expected a Kubernetes label key: an optional DNS subdomain (at most 253 characters) and "/", then ${NAME}; got "Example.com/team"`)],
    // The NodePool list
    ['duplicate NodePool names', { nodePools: [{ name: 'a' }, { name: 'b' }, { name: 'a' }] }, at('nodePools[2].name', 'NodePool "a" is already defined at nodePools[0]; NodePool names must be unique')],
    ['no NodePool at all', { nodePools: [] }, at('nodePools', 'expected at least one NodePool; without one Karpenter launches nothing')],
    ['a NodePool name that is no Kubernetes name', { nodePools: [{ name: 'Batch' }] }, at('nodePools[0].name', 'expected lower-case letters, digits and dashes, starting with a letter (at most 63), got "Batch"')],
    [
      'a node group field on a NodePool',
      pool({ minSize: 1 }),
      at('nodePools[0].minSize', 'unknown field; allowed: architectures, capacityTypes, disruption, expireAfter, instanceCategories, instanceGenerationGreaterThan, labels, limits, name, taints, weight'),
    ],
    // Node class and controller
    ['an AL2 alias (end of support)', { amiAlias: 'al2@latest' }, at('amiAlias', `${AMI}, got "al2@latest"`)],
    [
      'an alias over the CRD\'s 30 characters',
      { amiAlias: 'al2023@v20251120-0123456789abcd' },
      at('amiAlias', `${NODE_CLASS_CRD} "al2023@v20251120-0123456789abcd" at spec.amiSelectorTerms[0].alias: Too long: may not be longer than 30`),
    ],
    ['an alias without a version', { amiAlias: 'al2023' }, at('amiAlias', `${AMI}, got "al2023"`)],
    ['a Windows alias (nodes join as EC2_LINUX)', { amiAlias: 'windows2022@latest' }, at('amiAlias', `${AMI}, got "windows2022@latest"`)],
    [
      'a tag Karpenter sets itself',
      { nodeTags: { 'kubernetes.io/cluster/prod': 'owned' } },
      at(
        'nodeTags.kubernetes.io/cluster/prod',
        `${NODE_CLASS_CRD} {"kubernetes.io/cluster/prod":"owned"} at spec.tags.kubernetes.io/cluster/prod: tag contains a restricted tag matching kubernetes.io/cluster/; Karpenter sets it itself to scope its IAM permissions`,
      ),
    ],
    ['no pods per node', { maxPods: 0 }, at('maxPods', 'expected a number >= 1, got 0')],
    ['more pods per node than the VPC plan allows', { maxPods: 738 }, at('maxPods', 'expected a number <= 737, got 738')],
    ['a namespace that is no Kubernetes name', { namespace: 'Karpenter' }, at('namespace', 'expected lower-case letters, digits and dashes, starting with a letter (at most 63), got "Karpenter"')],
    ['no controller replica', { replicas: 0 }, at('replicas', 'expected a number >= 1, got 0')],
    ['a disk too small for a node', { diskSizeGib: 10 }, at('diskSizeGib', 'expected a number >= 20, got 10')],
    ['a controller without CPU', { controllerResources: { cpu: '0' } }, at('controllerResources.cpu', 'expected a CPU quantity above 0 such as 1 or "500m", got "0"')],
  ])('%s', (_case, karpenter, message) => {
    expect(rejectKarpenter(karpenter)).toBe(message);
  });

  test('consolidateAfter is accepted with every policy (Karpenter v1 dropped the v1beta1 restriction)', () => {
    for (const consolidationPolicy of ['WhenEmptyOrUnderutilized', 'WhenEmpty', 'Balanced']) {
      expect(() => parseSpec({ ...BASE_FIELDS, vpc: {}, eks: { admins: [ADMIN] }, 'eks-pod-identity-agent': {}, karpenter: pool({ disruption: { consolidationPolicy, consolidateAfter: '30s' } }) }, 'prod')).not.toThrow();
    }
  });

  test('well-known labels the NodePool CRD allows are accepted, beside labels of other domains', () => {
    const labels = {
      'karpenter.sh/capacity-type': 'spot',
      'karpenter.k8s.aws/instance-family': 'm7i',
      'karpenter.k8s.aws/instance-category': 'm',
      'karpenter.k8s.aws/instance-size': 'large',
      'karpenter.k8s.aws/instance-generation': '7',
      'karpenter.k8s.aws/instance-cpu-manufacturer': 'intel',
      'karpenter.k8s.aws/capacity-reservation-type': 'default',
      'node.kubernetes.io/instance-type': 'm7i.large',
      'topology.kubernetes.io/zone': 'eu-west-1a',
      'example.com/team': 'data',
      team: '',
    };
    const spec = parseSpec({ ...BASE_FIELDS, vpc: {}, eks: { admins: [ADMIN] }, 'eks-pod-identity-agent': {}, karpenter: pool({ labels }) }, 'prod');
    expect((spec.modules.find((m) => m.definition.name === 'karpenter')?.inputs as { nodePools: { labels: unknown }[] }).nodePools[0].labels).toEqual(labels);
  });

  test('a field already refused is not refused again by the CRD check (one line per problem)', () => {
    expect(rejectKarpenter(pool({ weight: 0, capacityTypes: [] })).split('\n')).toEqual([
      at('nodePools[0].capacityTypes', `expected at least one capacity type ("on-demand", "spot"); ${IN_NEEDS_VALUES}`),
      at('nodePools[0].weight', 'expected a number >= 1, got 0'),
    ]);
  });

  test('several problems are reported together, one line each', () => {
    expect(rejectKarpenter({ replicas: 0, nodePools: [{ name: 'a', capacityTypes: [] }, { name: 'a', taints: [{ key: 'k', value: '', effect: 'NoSchedule' }] }] }).split('\n')).toEqual([
      expect.stringContaining('karpenter.replicas:'),
      expect.stringContaining('karpenter.nodePools[0].capacityTypes:'),
      expect.stringContaining('karpenter.nodePools[1].name: NodePool "a" is already defined'),
      expect.stringContaining(`karpenter.nodePools[1].taints[0].value: ${NODE_POOL_CRD} ""`),
    ]);
  });

  test('the Pod Identity agent is required: without it the controller would get no AWS credentials', () => {
    const message = errorOf(() => parseSpec({ ...BASE_FIELDS, vpc: {}, eks: { admins: [ADMIN] }, karpenter: {} }, 'prod'));
    expect(message).toBe(`${FILE}: karpenter: module "karpenter" depends on "eks-pod-identity-agent", which this environment does not list; add a "eks-pod-identity-agent:" section`);
  });
});

describe('karpenter and EKS Auto Mode', () => {
  test('refused: Auto Mode runs Karpenter itself (even beside node groups)', () => {
    const spec = { ...BASE_FIELDS, vpc: {}, eks: { admins: ['arn:aws:iam::123456789012:role/platform-admin'], computeMode: 'auto', nodeGroups: [{ name: 'batch' }] }, 'eks-pod-identity-agent': {}, karpenter: {} };
    expect(errorOf(() => synthSpec(spec, 'prod'))).toBe(
      'stacks/environments/prod.yaml: karpenter: the cluster runs EKS Auto Mode, which runs Karpenter itself (its built-in NodePools, no node-role=system nodes for this controller); remove this section and use Auto Mode NodePools, or set eks.computeMode: node-groups',
    );
  });
});
