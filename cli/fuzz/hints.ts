/**
 * Realistic values for places the JSON Schema describes only as "a string" or "a number": what a
 * CIDR, a role ARN or a Kubernetes version looks like, which subnet groups exist, which option a
 * catalogue policy takes. They keep schema-generated specs going past field validation into the
 * cross-field checks and synthesis; the schema's own generator still supplies the rest (1 in 6).
 */
import fc from 'fast-check';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../modules/addons/versions';
import { defaultRegistry } from '../../modules';
import { CATALOGUE_BINDINGS, CATALOGUE_POLICY_NAMES } from '../../modules/pod-identity';
import { LOG_RETENTION_DAYS } from '../../modules/shared/schema';
import type { Base } from './corpus';
import type { Hints, SchemaPath } from './json-schema';

const ACCOUNT = '123456789012';
const KMS_ARNS = [`arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/platform`];
const ROLE_ARNS = [
  `arn:aws:iam::${ACCOUNT}:role/platform-admin`,
  `arn:aws:iam::${ACCOUNT}:role/platform-readonly`,
  `arn:aws:iam::${ACCOUNT}:user/alice`,
  `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`,
  `arn:aws:sts::${ACCOUNT}:assumed-role/platform-admin/session`,
];
const LABEL_KEYS = ['node-role', 'workload', 'team', 'example.com/tier', 'topology.kubernetes.io/zone', 'karpenter.sh/capacity-type'];
const LABEL_VALUES = ['system', 'batch', 'web', 'true', ''];

/** Catalogue policy options, by kind, with values the policy functions accept (and a few they refuse). */
const OPTION_VALUES: Record<string, readonly unknown[]> = {
  hostedZoneIds: [['Z0123456789ABCDEFGHIJ'], ['Z0123456789ABCDEFGHIJ', 'Z9876543210ZYXWVUTSRQ']],
  parameterPathPrefixes: [['/platform/prod/'], ['/app/']],
  secretArns: [[`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:platform/*`]],
  kmsKeyArns: [[KMS_ARNS[0]]],
  region: ['eu-west-1', 'us-east-1'],
  accountId: [ACCOUNT],
  bucketName: ['acme-velero-backups'],
  solversSetHostedZoneId: [true, false],
  allowSecretsManagerFind: [true, false],
  ebsSnapshots: [true, false],
  scopeToCluster: [{ vpcId: 'vpc-0123456789abcdef0' }, {}],
};
const OPTION_NAMES = [...new Set(Object.values(CATALOGUE_BINDINGS).flatMap((binding) => Object.keys(binding.options)))].sort();

const policyOptions = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  {
    weight: 2,
    arbitrary: fc
      .uniqueArray(fc.constantFrom(...OPTION_NAMES), { minLength: 1, maxLength: 2 })
      .chain((names) => fc.tuple(...names.map((name) => fc.constantFrom(...(OPTION_VALUES[name] ?? [true])).map((value) => [name, value] as const))))
      .map((entries) => Object.fromEntries(entries)),
  },
);

/** Subnet layouts that fit a /16: the base's own, and a few others. */
const SUBNET_LAYOUTS = (base: Base) =>
  fc.constantFrom(
    (base.spec.vpc as { subnetGroups?: unknown[] } | undefined)?.subnetGroups ?? [],
    [{ name: 'private', type: 'private' }, { name: 'public', type: 'public' }],
    [{ name: 'private', type: 'private', prefixLength: 20 }, { name: 'public', type: 'public', prefixLength: 26 }, { name: 'intra', type: 'intra', prefixLength: 24 }],
    [{ name: 'nodes', type: 'private', prefixLength: 19 }, { name: 'db', type: 'intra', prefixLength: 24 }, { name: 'edge', type: 'public', prefixLength: 24 }],
  ).map((layout) => structuredClone(layout));

type Entry = readonly [RegExp, readonly unknown[] | fc.Arbitrary<unknown>, (readonly unknown[])?];

const tables = new WeakMap<Base, Hints>();

/** The hint table for specs derived from `base`; paths as in json-schema.ts (`eks.nodeGroups[].name`). */
export function hintsFor(base: Base): Hints {
  let hints = tables.get(base);
  if (!hints) tables.set(base, (hints = buildHints(base)));
  return hints;
}

function buildHints(base: Base): Hints {
  const groups = base.subnetGroups.length ? base.subnetGroups : ['private'];
  const privateGroups = groups.filter((g) => g !== 'public' && g !== 'intra');
  const table: Entry[] = [
    // The environment's own fields.
    [/^name$/, [base.name], ['other-env']],
    [/^\$schema$/, ['./schema.json']],
    [/^description$/, ['Fuzzed environment', ''], ['multi\nline']],
    [/^region$/, ['eu-west-1', 'us-east-1', 'eu-central-1', 'ap-southeast-2'], ['us-gov-west-1', 'cn-north-1', 'eu-west-01']],
    [/^accountId$/, [ACCOUNT], ['000000000000', 123456789012]],
    [/^tags\{key\}$/, ['team', 'cost-center', 'owner', 'data-classification'], ['aws:reserved', 'kubernetes.io/cluster/x', 'Name', 'environment']],
    [/^tags\{\}$/, ['platform', 'engineering', 'internal'], ['']],
    [/^backend\.bucket$/, ['acme-platform-terraform-state']],
    [/^backend\.keyPrefix$/, ['eks-platform/', '', 'nested/prefix/'], ['/leading', '../up']],
    [/^backend\.region$/, ['eu-west-1', 'us-east-1']],
    [/^backend\.kmsKeyId$/, KMS_ARNS],
    [/^backend\.dynamodbTable$/, ['terraform-locks']],
    [/^backend\.organization$/, ['acme']],
    [/^backend\.hostname$/, ['app.terraform.io', 'tfe.example.com']],
    [/^backend\.project$/, ['platform']],
    [/^backend\.workspacePrefix$/, ['eks-', '']],
    [/^waivers\[\]\.resource$/, ['aws_eks_cluster.*', `${base.name}-cluster/**`, 'aws_kms_key.*', 'aws_security_group.*']],
    [/^waivers\[\]\.reason$/, ['Accepted for the sandbox until 2027-01-01: no production data here.'], ['too short']],
    [/^moduleVersions\{key\}$/, defaultRegistry.names(), ['not-a-module']],
    [/^moduleVersions\{\}$/, defaultRegistry.list().map((d) => Number(d.version.split('.')[0])), [0, 99]],
    // vpc
    [/^vpc\.name$/, [base.name, 'shared-net']],
    [/^vpc\.cidr$/, ['10.0.0.0/16', '10.20.0.0/16', '172.16.0.0/16'], ['10.0.0.0/18', '192.168.0.0/20', '10.0.0.0/22', '10.0.0.1/16']],
    [/^vpc\.azCount$/, [2, 3], [4, 6]],
    [/^vpc\.availabilityZones$/, [['eu-west-1a', 'eu-west-1b', 'eu-west-1c']], [['eu-west-1a', 'eu-west-1a', 'eu-west-1b'], ['us-east-1a', 'us-east-1b', 'us-east-1c']]],
    [/^vpc\.subnetGroups$/, SUBNET_LAYOUTS(base), [[], [{ name: 'public', type: 'public' }]]],
    [/^vpc\.subnetGroups\[\]\.name$/, ['private', 'public', 'intra', 'nodes', 'db']],
    [/^vpc\.subnetGroups\[\]\.cidrs$/, [['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']], [['10.0.0.0/24'], ['10.20.0.0/24', '10.20.1.0/24', '10.20.2.0/24']]],
    [/^vpc\.subnetGroups\[\]\.prefixLength$/, [19, 20, 24, 26], [16, 28]],
    [/^vpc\.clusters\[\]\.name$/, [base.name], ['other-cluster']],
    [/^vpc\.clusters\[\]\.maxNodes$/, [10, 50, 150], [1000, 100000]],
    [/^vpc\.clusters\[\]\.podsPerNode$/, [110, 29, 250], [737]],
    [/^(eks\.(systemNodeGroup|nodeGroups\[\]|fargateProfiles\[\])|vpc\.clusters\[\])\.subnetGroups\[\]$/, privateGroups.length ? privateGroups : groups, groups],
    [/^eks\.controlPlaneSubnetGroup$/, groups.filter((g) => g !== 'public'), ['public', 'nope']],
    [/(retentionDays|RetentionDays)$/, LOG_RETENTION_DAYS, [0, 2, 10000]],
    [/([kK]msKeyArn|kmsKeyArns\[\])$/, KMS_ARNS, ['arn:aws:kms:eu-west-1:1:key/x']],
    // eks
    [/^eks\.name$/, [base.name], ['Other_Cluster']],
    [/^eks\.kubernetesVersion$/, SUPPORTED_KUBERNETES_VERSIONS, ['1.31', '1.36', '1.3']],
    [/^eks\.(admins|viewers)\[\]$/, ROLE_ARNS.slice(0, 4), ROLE_ARNS.slice(4)],
    [/^eks\.publicAccessCidrs\[\]$/, ['203.0.113.0/24', '198.51.100.7/32'], ['0.0.0.0/0', '10.0.0.1/24']],
    [/instanceTypes\[\]$/, ['m7i.large', 'm6i.large', 'c7i.xlarge', 'r7i.2xlarge', 'g5.xlarge'], ['m7g.large', 't4g.medium']],
    [/amiType$/, ['AL2023_x86_64_STANDARD', 'BOTTLEROCKET_x86_64', 'AL2023_x86_64_NVIDIA'], ['AL2023_ARM_64_STANDARD', 'BOTTLEROCKET_ARM_64']],
    [/(minSize)$/, [0, 1, 2], [5]],
    [/(desiredSize)$/, [2, 3], [0]],
    [/(maxSize)$/, [3, 4, 10], [1]],
    [/labels\{key\}$/, LABEL_KEYS.slice(0, 5), LABEL_KEYS.slice(5)],
    [/labels\{\}$/, LABEL_VALUES],
    [/taints\[\]\.key$/, ['CriticalAddonsOnly', 'workload', 'dedicated', 'nvidia.com/gpu']],
    [/taints\[\]\.value$/, ['true', 'batch', 'gpu']],
    [/^eks\.nodeGroups\[\]\.name$/, ['workers', 'gpu', 'batch'], ['system']],
    [/^eks\.fargateProfiles\[\]\.name$/, ['serverless', 'batch', 'kube-system']],
    [/selectors\[\]\.namespace$/, ['default', 'batch', 'kube-system', 'team-*']],
    // pod-identity
    [/^pod-identity\.roles\[\]\.policy$/, CATALOGUE_POLICY_NAMES, ['external_dns', 'admin']],
    [/^pod-identity\.roles\[\]\.options$/, policyOptions],
    [/^pod-identity\.roles\[\]\.namespace$/, ['kube-system', 'external-dns', 'cert-manager', 'team-a']],
    [/^pod-identity\.roles\[\]\.serviceAccount$/, ['external-dns', 'cert-manager', 'app']],
    [/^pod-identity\.roles\[\]\.roleName$/, [`${base.name}-external-dns`, 'platform-lbc', 'x']],
    [/^pod-identity\.roles\[\]\.managedPolicyArns\[\]$/, ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', `arn:aws:iam::${ACCOUNT}:policy/custom`]],
    // karpenter
    [/^karpenter\.amiAlias$/, ['al2023@latest', 'bottlerocket@latest', 'al2023@v20251120', 'bottlerocket@v1.50.0'], ['al2@latest', 'al2023']],
    [/^karpenter\.namespace$/, ['kube-system', 'karpenter']],
    [/^karpenter\.nodePools\[\]\.name$/, ['default', 'general', 'batch-spot', 'gpu']],
    [/instanceCategories\[\]$/, ['c', 'm', 'r', 't', 'g'], ['C', 'm5']],
    [/limits\.cpu$/, ['64', '1000', 100, '500m'], [0, '-1', '1e3']],
    [/limits\.memory$/, ['256Gi', '1000Gi', '4000Gi'], ['1 GiB']],
    [/controllerResources\.cpu$/, ['1', '500m', 2]],
    [/controllerResources\.memory$/, ['1Gi', '512Mi']],
    [/consolidateAfter$/, ['1m', '30s', '5m', '1h30m', 'Never'], ['1d', 'never']],
    [/expireAfter$/, ['720h', 'Never', '24h'], ['30d']],
    [/budgets\[\]\.nodes$/, ['10%', '0', '5', 3, '100%'], ['101%', -1]],
    [/budgets\[\]\.schedule$/, ['0 9 * * mon-fri', '@daily'], ['every day']],
    [/budgets\[\]\.duration$/, ['8h', '10m', '1h30m'], ['30s']],
    [/nodeTags\{key\}$/, ['team', 'cost-center'], ['eks:eks-cluster-name', 'karpenter.sh/nodepool']],
    [/nodeTags\{\}$/, ['platform', 'batch']],
    // add-ons
    [/^vpc-cni\.version$/, ['v1.22.3-eksbuild.1', 'v1.15.5-eksbuild.1'], ['v1.13.2-eksbuild.4']],
    [/^aws-ebs-csi-driver\.version$/, ['v1.66.0-eksbuild.1', 'v1.26.0-eksbuild.1'], ['v1.19.2-eksbuild.1']],
    [/^coredns\.version$/, ['v1.13.2-eksbuild.4', 'v1.11.4-eksbuild.33']],
    [/^kube-proxy\.version$/, ['v1.35.3-eksbuild.13', 'v1.32.13-eksbuild.16']],
    [/^eks-pod-identity-agent\.version$/, ['v1.3.10-eksbuild.3']],
    // Helm add-ons: chart values are checked against each chart's own schema; mostly left alone.
    [/^[\w-]+\.values$/, [{}], [{ replicaCount: 2 }, { image: { tag: 'latest' } }]],
    [/^opencost\.prometheusUrl$/, ['http://prometheus-server.prometheus.svc:80'], ['prometheus:9090']],
    [/podIdentityRoleName$/, [`${base.name}-vpc-cni`, 'custom-role']],
  ];
  return (path: SchemaPath) => {
    const entry = table.find(([pattern]) => pattern.test(path));
    return entry ? { usual: entry[1], odd: entry[2] } : undefined;
  };
}
