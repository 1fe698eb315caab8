import { BASE_FIELDS, errorOf, parseSpec } from '../../support/synth';
import { ADMIN, rejectKarpenter } from './fixtures';

const FILE = 'stacks/environments/prod.yaml';
const IN_NEEDS_VALUES = 'an empty list would give the requirement no values, which Karpenter rejects ("requirements with operator \'In\' must have a value defined")';
const RESERVED_LABEL = 'is one Karpenter reserves (karpenter.sh and karpenter.k8s.aws domains, kubernetes.io/hostname); choose another key';
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
      'a budget schedule without a duration',
      pool({ disruption: { budgets: [{ nodes: '10%', schedule: '@daily' }] } }),
      at('nodePools[0].disruption.budgets[0]', 'schedule given without duration: a scheduled budget needs both (the schedule starts it, the duration ends it); give both, or neither for an always-active budget'),
    ],
    [
      'a budget duration without a schedule',
      pool({ disruption: { budgets: [{ nodes: '10%', duration: '1h' }] } }),
      at('nodePools[0].disruption.budgets[0]', 'duration given without schedule: a scheduled budget needs both (the schedule starts it, the duration ends it); give both, or neither for an always-active budget'),
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
    ['a karpenter.sh label', pool({ labels: { 'karpenter.sh/capacity-type': 'spot' } }), at('nodePools[0].labels.karpenter.sh/capacity-type', `label "karpenter.sh/capacity-type" ${RESERVED_LABEL}`)],
    ['the hostname label', pool({ labels: { 'kubernetes.io/hostname': 'x' } }), at('nodePools[0].labels.kubernetes.io/hostname', `label "kubernetes.io/hostname" ${RESERVED_LABEL}`)],
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
    ['an alias without a version', { amiAlias: 'al2023' }, at('amiAlias', `${AMI}, got "al2023"`)],
    ['a Windows alias (nodes join as EC2_LINUX)', { amiAlias: 'windows2022@latest' }, at('amiAlias', `${AMI}, got "windows2022@latest"`)],
    [
      'a tag Karpenter sets itself',
      { nodeTags: { 'kubernetes.io/cluster/prod': 'owned' } },
      at('nodeTags.kubernetes.io/cluster/prod', 'tag "kubernetes.io/cluster/prod" is one Karpenter sets itself to scope its IAM permissions; the EC2NodeClass rejects it'),
    ],
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

  test('several problems are reported together, one line each', () => {
    expect(rejectKarpenter({ replicas: 0, nodePools: [{ name: 'a', capacityTypes: [] }, { name: 'a' }] }).split('\n')).toEqual([
      expect.stringContaining('karpenter.replicas:'),
      expect.stringContaining('karpenter.nodePools[0].capacityTypes:'),
      expect.stringContaining('karpenter.nodePools[1].name: NodePool "a" is already defined'),
    ]);
  });

  test('the Pod Identity agent is required: without it the controller would get no AWS credentials', () => {
    const message = errorOf(() => parseSpec({ ...BASE_FIELDS, vpc: {}, eks: { admins: [ADMIN] }, karpenter: {} }, 'prod'));
    expect(message).toBe(`${FILE}: karpenter: module "karpenter" depends on "eks-pod-identity-agent", which this environment does not list; add a "eks-pod-identity-agent:" section`);
  });
});
