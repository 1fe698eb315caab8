/**
 * Rules across fields that JSON Schema cannot state (minSize ≤ desiredSize ≤ maxSize, an arm64
 * image with Graviton instance types, names other modules refer to, a budget's schedule with its
 * duration...). Most schema-conforming cases get them applied, so that they reach synthesis; the
 * rest are left as generated, to exercise the cross-field checks themselves.
 */
import { CATALOGUE_BINDINGS, CATALOGUE_POLICY_NAMES } from '../../modules/pod-identity';
import type { Base } from './corpus';

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const GRAVITON = /^[a-z]+\d+g[a-z]*\./;
const ARM_AMI = /ARM_64/;
const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';

/** Keeps the first of each name (`name` of objects, or the value of strings). */
function uniqueBy<T>(items: T[], key: (item: T) => unknown): T[] {
  const seen = new Set<unknown>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function subnetGroupsOf(spec: Json): { name: string; type: string }[] {
  return list((spec.vpc as Json | undefined)?.subnetGroups)
    .filter(isMap)
    .map((g) => ({ name: String(g.name), type: String(g.type) }));
}

function vpc(spec: Json, base: Base): void {
  const v = spec.vpc;
  if (!isMap(v)) return;
  if (Array.isArray(v.subnetGroups)) {
    let groups = uniqueBy(v.subnetGroups.filter(isMap), (g) => g.name);
    for (const g of groups) delete g.cidrs; // explicit CIDRs must fit the VPC CIDR and each other
    if (!groups.some((g) => g.type === 'private')) groups = [{ name: 'private', type: 'private' }, ...groups.filter((g) => g.name !== 'private')];
    if (v.natGateways !== 'none' && !groups.some((g) => g.type === 'public')) groups = [...groups.filter((g) => g.name !== 'public'), { name: 'public', type: 'public' }];
    v.subnetGroups = groups.slice(0, 4);
  }
  const azCount = typeof v.azCount === 'number' ? v.azCount : 3;
  if (Array.isArray(v.availabilityZones)) {
    const region = typeof spec.region === 'string' ? spec.region : 'eu-west-1';
    v.availabilityZones = 'abcdef'.slice(0, azCount).split('').map((letter) => `${region}${letter}`);
  }
  if (Array.isArray(v.clusters)) {
    const eksName = isMap(spec.eks) && typeof spec.eks.name === 'string' ? spec.eks.name : base.name;
    const names = new Set(subnetGroupsOf(spec).map((g) => g.name));
    // A cluster without a name is the one named after the environment.
    const nameOf = (c: Json) => (typeof c.name === 'string' ? c.name : base.name);
    const clusters = uniqueBy(v.clusters.filter(isMap), nameOf);
    if (!clusters.some((c) => nameOf(c) === eksName)) clusters.unshift({ name: eksName });
    for (const c of clusters) {
      if (Array.isArray(c.subnetGroups)) c.subnetGroups = c.subnetGroups.filter((g) => names.has(String(g)));
      if (Array.isArray(c.subnetGroups) && !c.subnetGroups.length) delete c.subnetGroups;
      delete c.maxNodes; // checked against the private subnets' addresses, which depend on everything else
    }
    v.clusters = clusters;
  }
}

function nodeGroup(group: Json, privateGroups: string[]): void {
  const sizes = [group.minSize, group.desiredSize, group.maxSize];
  if (sizes.every((s) => typeof s === 'number')) {
    const [min, desired, max] = (sizes as number[]).sort((a, b) => a - b);
    Object.assign(group, { minSize: min, desiredSize: desired, maxSize: Math.max(max, 1) });
  } else {
    delete group.minSize;
    delete group.desiredSize;
    delete group.maxSize;
  }
  const arm = typeof group.amiType === 'string' && ARM_AMI.test(group.amiType);
  if (Array.isArray(group.instanceTypes)) {
    const fitting = group.instanceTypes.filter((t) => GRAVITON.test(String(t)) === arm);
    group.instanceTypes = fitting.length ? fitting : [arm ? 'm7g.large' : 'm7i.large'];
  }
  if (Array.isArray(group.subnetGroups)) group.subnetGroups = privateGroups.length ? [privateGroups[0]] : undefined;
  if (group.subnetGroups === undefined) delete group.subnetGroups;
}

function eks(spec: Json, base: Base): void {
  const e = spec.eks;
  if (!isMap(e)) return;
  const groups = subnetGroupsOf(spec);
  const privateGroups = groups.filter((g) => g.type === 'private').map((g) => g.name);
  const clusters = list((spec.vpc as Json | undefined)?.clusters).filter(isMap).map((c) => (typeof c.name === 'string' ? c.name : base.name));
  if (typeof e.name === 'string' && !(clusters.length ? clusters : [base.name]).includes(e.name)) delete e.name;
  const admins = uniqueBy(list(e.admins), (a) => a);
  if (!admins.length && e.clusterCreatorAdmin !== true) admins.push(ADMIN);
  e.admins = admins;
  e.viewers = uniqueBy(list(e.viewers), (v) => v).filter((v) => !admins.includes(v));
  const cidrs = list(e.publicAccessCidrs).filter((c) => c !== '0.0.0.0/0' || e.allowPublicAccessFromAnywhere === true);
  if (e.endpointPublicAccess === true && !cidrs.length) cidrs.push('203.0.113.0/24');
  e.publicAccessCidrs = cidrs;
  if (typeof e.controlPlaneSubnetGroup === 'string' && !groups.some((g) => g.name === e.controlPlaneSubnetGroup && g.type !== 'public')) delete e.controlPlaneSubnetGroup;
  if (isMap(e.systemNodeGroup)) nodeGroup(e.systemNodeGroup, privateGroups);
  if (Array.isArray(e.nodeGroups)) {
    e.nodeGroups = uniqueBy(e.nodeGroups.filter(isMap), (g) => g.name).filter((g) => g.name !== 'system');
    for (const g of e.nodeGroups as Json[]) nodeGroup(g, privateGroups);
  }
  if (Array.isArray(e.fargateProfiles)) {
    e.fargateProfiles = uniqueBy(e.fargateProfiles.filter(isMap), (p) => p.name);
    for (const p of e.fargateProfiles as Json[]) if (Array.isArray(p.subnetGroups)) p.subnetGroups = privateGroups.slice(0, 1);
  }
}

function karpenter(spec: Json): void {
  const k = spec.karpenter;
  if (!isMap(k) || !Array.isArray(k.nodePools)) return;
  k.nodePools = uniqueBy(k.nodePools.filter(isMap), (p) => p.name);
  for (const pool of k.nodePools as Json[]) {
    const disruption = pool.disruption;
    if (!isMap(disruption) || !Array.isArray(disruption.budgets)) continue;
    for (const budget of disruption.budgets.filter(isMap)) {
      if ((budget.schedule === undefined) !== (budget.duration === undefined)) {
        delete budget.schedule;
        delete budget.duration;
      }
    }
  }
}

function podIdentity(spec: Json): void {
  const p = spec['pod-identity'];
  if (!isMap(p) || !Array.isArray(p.roles)) return;
  const roles = p.roles.filter(isMap).filter((r) => typeof r.policy === 'string' && (CATALOGUE_POLICY_NAMES as readonly string[]).includes(r.policy));
  for (const role of roles) {
    const allowed = Object.keys(CATALOGUE_BINDINGS[role.policy as keyof typeof CATALOGUE_BINDINGS].options);
    if (isMap(role.options)) role.options = Object.fromEntries(Object.entries(role.options).filter(([name]) => allowed.includes(name)));
    delete role.namespace;
    delete role.serviceAccount;
    delete role.roleName;
  }
  p.roles = uniqueBy(roles, (r) => r.policy);
}

function addOns(spec: Json): void {
  // The gp3 class's key must be one the driver's role may use: the add-on's list on node groups,
  // storage-classes' own list on Auto Mode (which only Auto Mode takes).
  const ebs = spec['aws-ebs-csi-driver'];
  const storage = spec['storage-classes'];
  const gp3 = isMap(storage) ? storage.gp3 : undefined;
  const autoMode = isMap(spec.eks) && spec.eks.computeMode === 'auto';
  if (isMap(storage) && !autoMode) delete storage.kmsKeyArns;
  if (isMap(gp3) && typeof gp3.kmsKeyArn === 'string') {
    if (autoMode && isMap(storage)) storage.kmsKeyArns = uniqueBy([...list(storage.kmsKeyArns), gp3.kmsKeyArn], (k) => k);
    else if (isMap(ebs)) ebs.kmsKeyArns = uniqueBy([...list(ebs.kmsKeyArns), gp3.kmsKeyArn], (k) => k);
  }
  const cni = spec['vpc-cni'];
  if (isMap(cni) && cni.warmPrefixTarget !== undefined && cni.prefixDelegation === false) delete cni.warmPrefixTarget;
  // Add-ons that would both do one job.
  if (isMap(spec.cilium) && spec.cilium.kubeProxyReplacement === true) delete spec['kube-proxy'];
  if (isMap(spec['cluster-proportional-autoscaler']) && isMap(spec.coredns)) spec.coredns.autoScaling = { ...(isMap(spec.coredns.autoScaling) ? spec.coredns.autoScaling : {}), enabled: false };
  const secrets = spec['external-secrets'];
  if (isMap(secrets) && !list(secrets.secretArns).length && !list(secrets.parameterPathPrefixes).length) secrets.parameterPathPrefixes = ['/platform/'];
}

/** Applies the cross-field rules to a spec (in place). */
export function makeCoherent(spec: unknown, base: Base): void {
  if (!isMap(spec)) return;
  vpc(spec, base);
  eks(spec, base);
  karpenter(spec);
  podIdentity(spec);
  addOns(spec);
}
