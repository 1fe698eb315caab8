/**
 * A valid alternative value for one input: what a user would plausibly change it to on an existing
 * environment. Chosen deliberately where the schema says too little (a CIDR, the next Kubernetes
 * minor, a chart value every chart accepts), else derived from the schema and the fuzzer's hint
 * table (cli/fuzz/hints.ts): another enum value, the boolean flipped, a number in range, one more
 * list item, one more map entry. Candidates come in order; the matrix takes the first that parses
 * and changes the module's validated inputs. Deterministic: no randomness without a fixed seed.
 */
import fc from 'fast-check';
import addonVersions from '../../modules/addons/upstream/eks/addon-versions.json';
import { ADDON_VERSION_MATRIX, DEFAULT_KUBERNETES_VERSION, SUPPORTED_KUBERNETES_VERSIONS, type CoreAddonName, type KubernetesVersion } from '../../modules/addons/versions';
import type { VpcInputs } from '../../modules/vpc/props';
import { planSubnets } from '../../modules/vpc/subnet-plan';
import type { Hints, JsonSchema } from '../fuzz/json-schema';
import { arbitraryOf } from '../fuzz/json-schema';
import { REMOVE } from '../spec-paths';

const ACCOUNT = '123456789012';
const KMS_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KMS_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/5678efab-56ef-78ab-90cd-567890abcdef`;

/**
 * Items for lists of objects, by the list's path in the spec (`[]` for the first item's lists): the
 * first seeds an empty list so its items' fields can be changed; the list's own row appends the first
 * one whose name the list does not have yet.
 */
export const LIST_ITEMS: Readonly<Record<string, readonly Record<string, unknown>[]>> = {
  'vpc.subnetGroups': [{ name: 'db', type: 'intra', prefixLength: 24 }],
  'vpc.clusters': [{ name: 'full-blue', karpenterDiscovery: false }],
  'eks.systemNodeGroup.taints': [{ key: 'dedicated', value: 'system', effect: 'NO_EXECUTE' }],
  'eks.nodeGroups': [{ name: 'workers', instanceTypes: ['m7i.xlarge'], minSize: 1, maxSize: 3, desiredSize: 1 }],
  'eks.nodeGroups[].taints': [{ key: 'workload', value: 'general', effect: 'NO_SCHEDULE' }],
  'eks.fargateProfiles': [{ name: 'serverless', selectors: [{ namespace: 'serverless' }] }],
  'eks.fargateProfiles[].selectors': [{ namespace: 'batch' }],
  'pod-identity.roles': [{ policy: 'external-dns', namespace: 'apps', serviceAccount: 'apps-dns', roleName: 'full-apps-dns', options: { hostedZoneIds: ['Z0123456789ABCDEFGHIJ'] } }],
  'karpenter.nodePools': [{ name: 'gpu', instanceCategories: ['g'], limits: { cpu: '64', memory: '256Gi' } }],
  'karpenter.nodePools[].taints': [{ key: 'workload', value: 'general', effect: 'NoSchedule' }],
  'karpenter.nodePools[].disruption.budgets': [{ nodes: '5' }],
};

/** A chart value every chart of the catalogue accepts: an annotation (or label) on its pods. */
const CHART_VALUES = [{ podAnnotations: { 'example.com/day-two': 'edited' } }, { podLabels: { 'example.com/day-two': 'edited' } }];

/** The minor after `current` if supported, else the one before. */
function nextKubernetesMinor(current: unknown): string[] {
  const list = SUPPORTED_KUBERNETES_VERSIONS as readonly string[];
  const index = list.indexOf(String(current));
  return [list[index + 1], list[index - 1]].filter((v): v is string => v !== undefined);
}

/** The ranges the first subnet group has now, written out: pinning them must change nothing. */
function pinnedRanges(inputs: unknown): unknown[] {
  const vpc = inputs as VpcInputs;
  const group = vpc.subnetGroups[0].name;
  return [planSubnets(vpc).subnets.filter((s) => s.group === group).map((s) => s.block.cidr)];
}

/**
 * Builds listed for the environment's Kubernetes minor next to the pinned one, the newer first (a
 * user pinning a fix, or holding back after a bad release): the vendored describe-addon-versions
 * extract. Validation refuses the ones too old for Pod Identity; the first it accepts is tried.
 */
function neighbourBuilds(module: string, environment: Record<string, unknown>): string[] {
  const minor = ((environment.eks as { kubernetesVersion?: string } | undefined)?.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION) as KubernetesVersion;
  const pinned = ADDON_VERSION_MATRIX[minor]?.[module as CoreAddonName]?.version;
  const listed = (addonVersions as unknown as Record<string, Record<string, { versions?: string[] }>>)[module]?.[minor]?.versions ?? [];
  const index = listed.indexOf(pinned ?? '');
  // A pin newer than the extract (vendored before the build was listed): the newest listed ones.
  return index < 0 ? listed.slice(0, 3) : [...listed.slice(Math.max(index - 1, 0), index), ...listed.slice(index + 1, index + 4)];
}

/** `100m` → `200m`, `1Gi` → `2Gi`, `10%` → `20%`: the same unit, twice as much. */
function doubled(current: unknown): unknown[] {
  const match = /^(\d+(?:\.\d+)?)(.*)$/.exec(String(current ?? ''));
  return match ? [`${Number(match[1]) * 2}${match[2]}`] : [];
}

/** A map with one more entry. */
const withEntry = (key: string, value: string) => (current: unknown) => [{ ...((current as Record<string, unknown> | undefined) ?? {}), [key]: value }];

type Deliberate = (current: unknown, moduleInputs: unknown, environment: Record<string, unknown>, module: string) => readonly unknown[];

/**
 * Alternatives chosen by hand, by the input's path in the spec (`[]` for the first item), where the
 * schema-derived value would be meaningless or refused for a reason that says nothing about day two.
 */
const DELIBERATE: ReadonlyArray<readonly [RegExp, Deliberate]> = [
  [/^vpc\.name$/, () => ['platform-net']],
  [/^vpc\.cidr$/, () => ['10.31.0.0/16']],
  [/^vpc\.natGateways$/, () => ['single']],
  [/^vpc\.subnetGroups\[\]\.cidrs$/, (_, inputs) => pinnedRanges(inputs)],
  [/^vpc\.availabilityZones$/, () => [['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], ['eu-west-1b', 'eu-west-1c', 'eu-west-1a']]],
  [/^vpc\.subnetGroups\[\]\.name$/, () => ['nodes']],
  [/^vpc\.clusters\[\]\.name$/, () => ['full-blue']],
  [/^vpc\.clusters\[\]\.subnetGroups$/, () => [['private']]],
  [/^vpc\.clusters\[\]\.maxNodes$/, () => [100]],
  [/^eks\.name$/, () => ['full-blue']],
  [/^eks\.kubernetesVersion$/, nextKubernetesMinor],
  [/^eks\.(admins|viewers)$/, (current) => [[...((current as string[] | undefined) ?? []), `arn:aws:iam::${ACCOUNT}:role/platform-ops`]]],
  [/^eks\.publicAccessCidrs$/, () => [['203.0.113.0/24']]],
  [/^eks\.controlPlaneSubnetGroup$/, () => ['private']],
  [/^eks\.(systemNodeGroup|nodeGroups\[\])\.instanceTypes$/, (current) => [[...((current as string[] | undefined) ?? []), ...['m7i.xlarge', 'm6i.xlarge'].filter((t) => !(current as string[] | undefined)?.includes(t)).slice(0, 1)]]],
  [/^eks\.(systemNodeGroup|nodeGroups\[\])\.amiType$/, () => ['BOTTLEROCKET_x86_64']],
  [/^eks\.(systemNodeGroup|nodeGroups\[\])\.labels$/, withEntry('example.com/tier', 'day-two')],
  [/^eks\.(systemNodeGroup|nodeGroups\[\])\.subnetGroups$/, () => [['private']]],
  [/^eks\.fargateProfiles\[\]\.subnetGroups$/, () => [['private']]],
  [/^eks\.fargateProfiles\[\]\.selectors\[\]\.labels$/, () => [{ app: 'batch' }]],
  [/^eks\.fargateProfiles\[\]\.name$/, () => ['serverless-v2']],
  [/^eks\.nodeGroups\[\]\.name$/, () => ['workers-v2']],
  [/^karpenter\.nodePools\[\]\.name$/, () => ['general-v2']],
  [/^karpenter\.nodePools\[\]\.labels$/, withEntry('example.com/tier', 'day-two')],
  [/^karpenter\.nodeTags$/, withEntry('cost-center', 'batch')],
  [/^karpenter\.nodePools\[\]\.limits\.(cpu|memory)$/, doubled],
  [/^karpenter\.nodePools\[\]\.disruption\.budgets\[\]\.nodes$/, doubled],
  [/^karpenter\.controllerResources\.(cpu|memory)$/, doubled],
  [/^[\w-]+\.resources\.(cpu|memory)$/, doubled],
  [/^[\w-]+\.version$/, (_, __, environment, module) => neighbourBuilds(module, environment)],
  [/^pod-identity\.roles\[\]\.roleName$/, (current) => [`${String(current ?? 'full-role')}-v2`]],
  [/^pod-identity\.roles\[\]\.policy$/, () => ['external-dns']],
  [/^pod-identity\.roles\[\]\.options$/, () => [{ secretArns: [`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:payments/*`, `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:shared/*`] }]],
  [/^pod-identity\.roles\[\]\.managedPolicyArns$/, () => [['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']]],
  [/^[\w-]+\.podIdentityRoleName$/, () => ['full-custom-role']],
  [/^[\w-]+\.values$/, () => CHART_VALUES],
  // A key the list does not hold yet (full.yaml's EBS driver lists KMS_KEY, for storage-classes.gp3.kmsKeyArn).
  [/kmsKeyArns$/, (current) => [[...((current as string[] | undefined) ?? []), [KMS_KEY, OTHER_KMS_KEY].find((key) => !((current as string[] | undefined) ?? []).includes(key))!]]],
  [/kmsKeyArn$/, () => [KMS_KEY]],
  [/^cert-manager\.clusterIssuer\.hostedZoneIds$/, () => [['Z0123456789ABCDEFGHIJ', 'Z9876543210ZYXWVUTSRQ']]],
  [/^external-dns\.hostedZoneIds$/, () => [['Z0123456789ABCDEFGHIJ', 'Z9876543210ZYXWVUTSRQ']]],
  [/^external-dns\.domainFilters$/, () => [['platform.example.com', 'apps.example.com']]],
  [/^external-secrets\.secretArns$/, () => [[`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:platform/*`]]],
  [/^external-secrets\.parameterPathPrefixes$/, () => [['/platform/full/', '/shared/']]],
  [/^velero\.bucketName$/, () => ['acme-platform-backups-v2']],
  [/^velero\.prefix$/, () => ['full']],
  [/^cert-manager\.clusterIssuer\.name$/, () => ['letsencrypt']],
  [/^cert-manager\.clusterIssuer\.email$/, () => ['security-team@example.com']],
  [/^opencost\.prometheusUrl$/, () => ['http://prometheus-server.monitoring.svc:80']],
];

export interface CandidateContext {
  /** The input's path in the spec (module key first, `[]` for first items): `eks.nodeGroups[].name`. */
  readonly envPath: string;
  /** The JSON Schema of the input (its union branches kept). */
  readonly schema: JsonSchema;
  /** The value the spec gives, or undefined when it leaves the input to its default. */
  readonly given: unknown;
  /** The value in effect (given or default), from the validated inputs. */
  readonly effective: unknown;
  readonly hints: Hints;
  /** The module's validated inputs (defaults applied). */
  readonly moduleInputs: unknown;
  /** The whole environment spec the change is made to. */
  readonly environment: Record<string, unknown>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Values to try, best first; REMOVE deletes the input (back to its default). Never the value in effect. */
export function candidatesFor(context: CandidateContext): unknown[] {
  const deliberate = DELIBERATE.find(([pattern]) => pattern.test(context.envPath));
  // A deliberate choice is the change tried, even when validation refuses it: that is the answer.
  const all = deliberate ? [...deliberate[1](context.effective, context.moduleInputs, context.environment, context.envPath.split('.')[0])] : schemaCandidates(context.schema, context);
  const out: unknown[] = [];
  for (const value of all) if (value !== undefined && !same(value, context.effective) && !out.some((v) => same(v, value))) out.push(value);
  return out.slice(0, 8);
}

function hintValues(hints: Hints, path: string): unknown[] {
  const usual = hints(path)?.usual;
  return Array.isArray(usual) ? [...(usual as unknown[])] : usual ? fc.sample(usual as fc.Arbitrary<unknown>, { seed: 7, numRuns: 5 }) : [];
}

/** The branches of a union (anyOf/oneOf), or the schema itself. */
function branches(schema: JsonSchema): JsonSchema[] {
  return schema.anyOf ?? schema.oneOf ?? [schema];
}

function typesOf(schema: JsonSchema): string[] {
  return branches(schema).flatMap((b) => (Array.isArray(b.type) ? b.type : b.type ? [b.type] : []));
}

function schemaCandidates(schema: JsonSchema, context: CandidateContext): unknown[] {
  const { effective, envPath, hints, given } = context;
  const out: unknown[] = [];
  const consts = branches(schema).flatMap((b) => (b.enum ? b.enum : b.const !== undefined ? [b.const] : []));
  if (consts.length) {
    const index = consts.findIndex((v) => same(v, effective));
    out.push(...consts.slice(index + 1), ...consts.slice(0, Math.max(index, 0)));
  }
  const types = typesOf(schema);
  const hinted = hintValues(hints, envPath);
  if (types.includes('boolean')) out.push(!effective);
  if (types.includes('integer') || types.includes('number')) {
    const numeric = branches(schema).find((b) => b.type === 'integer' || b.type === 'number') ?? schema;
    const current = typeof effective === 'number' ? effective : undefined;
    const min = numeric.minimum ?? (numeric.exclusiveMinimum !== undefined ? numeric.exclusiveMinimum + 1 : undefined);
    const max = numeric.maximum ?? (numeric.exclusiveMaximum !== undefined ? numeric.exclusiveMaximum - 1 : undefined);
    const fits = (n: number) => (min === undefined || n >= min) && (max === undefined || n <= max);
    out.push(...hinted.filter((v) => typeof v === 'number'));
    if (current !== undefined) out.push(...[current + 1, current * 2, current - 1].filter(fits));
    else out.push(...[min ?? 1, max].filter((n): n is number => n !== undefined && fits(n)));
  }
  if (types.includes('string')) {
    out.push(...hinted.filter((v) => typeof v === 'string'));
    if (!consts.length) out.push(...fc.sample(arbitraryOf(branches(schema).find((b) => b.type === 'string') ?? schema, envPath, hints), { seed: 7, numRuns: 4 }).filter((v) => typeof v === 'string'));
  }
  if (types.includes('array')) out.push(...arrayCandidates(branches(schema).find((b) => b.type === 'array') ?? schema, context, hinted));
  if (types.includes('object')) out.push(...objectCandidates(branches(schema).find((b) => b.type === 'object') ?? schema, context));
  // An optional input the spec sets, left to its default, is also a change a user makes.
  if (given !== undefined && out.length === 0) out.push(REMOVE);
  return out;
}

function arrayCandidates(schema: JsonSchema, context: CandidateContext, hinted: unknown[]): unknown[] {
  const current = Array.isArray(context.effective) ? context.effective : [];
  const items = schema.items ?? {};
  const out: unknown[] = [];
  if (items.properties) {
    const names = new Set(current.map((item) => (item as { name?: unknown }).name));
    const extra = (LIST_ITEMS[context.envPath] ?? []).find((item) => item.name === undefined || !names.has(item.name));
    if (extra) out.push([...current, extra]);
    if (current.length > (schema.minItems ?? 0)) out.push(current.slice(0, -1));
    return out;
  }
  const itemValues = [...branches(items).flatMap((b) => b.enum ?? (b.const !== undefined ? [b.const] : [])), ...hintValues(context.hints, `${context.envPath}[]`)];
  const addable = itemValues.filter((v) => !current.some((c) => same(c, v)));
  if (addable.length && (schema.maxItems === undefined || current.length < schema.maxItems)) out.push([...current, addable[0]]);
  if (current.length > Math.max(schema.minItems ?? 0, 1)) out.push(current.slice(0, -1));
  out.push(...hinted.filter(Array.isArray));
  return out;
}

function objectCandidates(schema: JsonSchema, context: CandidateContext): unknown[] {
  const current = (context.effective && typeof context.effective === 'object' ? context.effective : {}) as Record<string, unknown>;
  // A block of fields: removed (back to its default, or gone when optional) when the spec gives it;
  // its fields are changed one at a time in rows of their own.
  if (schema.properties && Object.keys(schema.properties).length) return context.given !== undefined ? [REMOVE] : [];
  // A map: one more entry.
  const keys = hintValues(context.hints, `${context.envPath}{key}`).filter((k): k is string => typeof k === 'string' && !(k in current));
  const values = hintValues(context.hints, `${context.envPath}{}`);
  const key = keys[0] ?? 'example.com/day-two';
  return [{ ...current, [key]: values.find((v) => v !== '') ?? 'day-two' }];
}
