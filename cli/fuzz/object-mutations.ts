/**
 * Mutations of a parsed base spec (the kinds the first property test had): wrong types,
 * out-of-range numbers, malformed and overlapping CIDRs, unknown modules and fields, removed
 * modules, deleted fields, and valid changes. The result is written back as YAML.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { Base } from './corpus';
import { getAt, REMOVE, setIfPresent, shownPath } from '../spec-paths';

type Spec = Record<string, unknown>;
type Path = (string | number)[];

export interface Mutation {
  readonly kind: string;
  readonly describe: string;
  apply(spec: Spec): void;
}

export const OBJECT_KINDS = [
  'wrong type',
  'out-of-range number',
  'malformed or unusable CIDR',
  'overlapping or misplaced subnet CIDRs',
  'unknown module',
  'unknown field',
  'removed module (dependency)',
  'deleted field',
  'valid change',
] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** Every path into the spec, leaves and containers, e.g. ['vpc', 'subnetGroups', 1, 'prefixLength']. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [...(prefix.length ? [prefix] : []), ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}


const OWN_FIELDS = ['description', 'region', 'accountId', 'tags', 'backend', 'kubernetesAuth', 'waivers', 'moduleVersions', 'name', '$schema'];

/** The mutations of one kind that apply to `base`. */
function mutationsOf(base: Base, kind: ObjectKind): fc.Arbitrary<Mutation> {
  const spec = base.spec;
  const paths = pathsOf(spec);
  const numberPaths = paths.filter((p) => typeof getAt(spec, p) === 'number');
  const modules = Object.keys(spec).filter((k) => !OWN_FIELDS.includes(k));
  const groupCount = ((spec.vpc as { subnetGroups?: unknown[] } | undefined)?.subnetGroups ?? []).length;
  switch (kind) {
    case 'wrong type':
      return fc.record({ path: fc.constantFrom(...paths), value: fc.constantFrom<unknown>('text', 42, -1.5, true, null, [], ['x'], {}, { a: 1 }) }).map(({ path, value }) => ({ kind, describe: `${shownPath(path)} = ${JSON.stringify(value)}`, apply: (s: Spec) => setIfPresent(s, path, value) }));
    case 'out-of-range number':
      return fc
        .record({ path: fc.constantFrom(...numberPaths), value: fc.oneof(fc.constantFrom(0, -1, 1.5, 1e9, 65536, 737, 738, 2, 29), fc.integer({ min: -100, max: 10_000 })) })
        .map(({ path, value }) => ({ kind, describe: `${shownPath(path)} = ${value}`, apply: (s: Spec) => setIfPresent(s, path, value) }));
    case 'malformed or unusable CIDR':
      return fc
        .record({ cidr: fc.constantFrom('10.0.0.0/33', '300.1.2.3/16', '10.0.0.0', 'ten.0.0.0/16', '10.0.0.1/16', '10.0.0.0/8', '10.0.0.0/28', '0.0.0.0/0', '', '::/0', '10.0.0.0/016', ' 10.0.0.0/16'), where: fc.constantFrom<Path>(['vpc', 'cidr'], ['eks', 'publicAccessCidrs']) })
        .map(({ cidr, where }) => ({
          kind,
          describe: `${shownPath(where)} = ${JSON.stringify(cidr)}`,
          apply: (s: Spec) => {
            if (where[1] === 'publicAccessCidrs' && s.eks && typeof s.eks === 'object') Object.assign(s.eks, { endpointPublicAccess: true, publicAccessCidrs: [cidr] });
            else setIfPresent(s, ['vpc', 'cidr'], cidr);
          },
        }));
    case 'overlapping or misplaced subnet CIDRs': {
      const base16 = String((spec.vpc as { cidr?: string } | undefined)?.cidr ?? '10.0.0.0/16').split('.').slice(0, 2).join('.');
      return fc
        .record({
          group: fc.nat({ max: Math.max(groupCount - 1, 0) }),
          cidrs: fc.constantFrom(
            [`${base16}.0.0/19`, `${base16}.0.0/19`, `${base16}.32.0/19`],
            [`${base16}.0.0/19`, `${base16}.16.0/20`, `${base16}.64.0/19`],
            [`${base16}.0.0/24`, `${base16}.1.0/24`, `${base16}.2.0/24`],
            ['10.99.0.0/24', '10.99.1.0/24', '10.99.2.0/24'],
            [`${base16}.0.0/19`, `${base16}.32.0/19`],
            [`${base16}.200.0/24`, `${base16}.201.0/24`, `${base16}.202.0/24`],
          ),
        })
        .map(({ group, cidrs }) => ({
          kind,
          describe: `vpc.subnetGroups[${group}].cidrs = ${JSON.stringify(cidrs)}`,
          apply: (s: Spec) => {
            const g = getAt(s, ['vpc', 'subnetGroups', group]) as Record<string, unknown> | undefined;
            if (!g || typeof g !== 'object') return; // an earlier mutation removed or replaced the group
            delete g.prefixLength;
            g.cidrs = cidrs;
          },
        }));
    }
    case 'unknown module':
      return fc.constantFrom('vcp', 'ekss', 'karpentr', 'coredns-x', 'my-module', 'Karpenter', 'pod_identity', '').map((name) => ({ kind, describe: `${JSON.stringify(name)}: {}`, apply: (s: Spec) => void (s[name] = {}) }));
    case 'unknown field':
      return fc
        .record({
          path: fc.constantFrom(...paths.filter((p) => p.length <= 3 && getAt(spec, p) !== null && typeof getAt(spec, p) === 'object' && !Array.isArray(getAt(spec, p))), []),
          key: fc.constantFrom('cdir', 'regoin', 'extra', 'minsize', 'retentionDay', 'nodepools', 'Name', 'with space', 'dotted.key', 'colon: key', 'line\nbreak'),
        })
        .map(({ path, key }) => ({ kind, describe: `${shownPath([...path, JSON.stringify(key)])} = 1`, apply: (s: Spec) => setIfPresent(s, [...path, key], 1) }));
    case 'removed module (dependency)':
      return fc.constantFrom(...modules).map((name) => ({ kind, describe: `delete ${name}`, apply: (s: Spec) => void delete s[name] }));
    case 'deleted field':
      return fc.constantFrom(...paths.filter((p) => p.length <= 3)).map((path) => ({ kind, describe: `delete ${shownPath(path)}`, apply: (s: Spec) => setIfPresent(s, path, REMOVE) }));
    case 'valid change':
      return fc
        .constantFrom<[Path, unknown]>(
          [['description'], 'changed'],
          [['tags'], { team: 'x' }],
          [['kubernetesAuth'], 'token'],
          [['kubernetesAuth'], 'exec'],
          [['backend'], { type: 'local' }],
          [['backend'], { type: 'cloud', organization: 'acme' }],
          [['backend'], { type: 's3', bucket: 'acme-state', keyPrefix: 'x/' }],
          [['eks', 'logRetentionDays'], 365],
          [['eks', 'kubernetesVersion'], '1.33'],
          [['vpc', 'natGateways'], 'none'],
          [['vpc', 'azCount'], 2],
          [['coredns'], { autoScaling: { enabled: false } }],
          [['karpenter', 'replicas'], 3],
        )
        .map(([path, value]) => ({
          kind,
          describe: `${shownPath(path)} = ${JSON.stringify(value)}`,
          // A module the spec does not have is not added: setIfPresent skips a missing parent.
          apply: (s: Spec) => setIfPresent(s, path, structuredClone(value)),
        }));
  }
}

/** A case of `kind` on `base`: that mutation, sometimes followed by one more of any kind. */
export function objectCase(base: Base, kind: ObjectKind): fc.Arbitrary<{ description: string; text: string }> {
  const any = fc.oneof(...OBJECT_KINDS.map((k) => mutationsOf(base, k)));
  return fc.tuple(mutationsOf(base, kind), fc.option(any, { freq: 4 })).map(([first, second]) => {
    const mutations = second ? [first, second] : [first];
    const spec = structuredClone(base.spec) as Spec;
    for (const m of mutations) m.apply(spec);
    return { description: mutations.map((m) => `${m.kind}: ${m.describe}`).join('; then '), text: stringify(spec) };
  });
}
