/**
 * Specs generated from the registry's JSON Schema (`environmentJsonSchema`, one property per
 * registered module): a section of a base spec (a module, node groups, Fargate profiles, NodePools,
 * an add-on, the environment's own fields) is replaced by a generated value, or overlaid on it, and
 * the rest stays valid so synthesis goes deep. Three cases in four conform to the schema (and three
 * in four of those get the cross-field rules of coherence.ts); the fourth has exactly one invalid
 * value, placed and chosen from the schema.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { defaultRegistry } from '../../modules';
import { environmentJsonSchema } from '../../stacks/json-schema';
import type { Base } from './corpus';
import { makeCoherent } from './coherence';
import { hintsFor } from './hints';
import { applyAt, arbitraryOf, invalidationsOf, locations, showPath, type JsonSchema } from './json-schema';

export const SCHEMA_KINDS = ['vpc', 'eks', 'eks node groups', 'eks Fargate profiles', 'pod-identity', 'karpenter', 'karpenter NodePools', 'EKS add-ons', 'Helm add-ons', 'environment fields', 'whole spec'] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

type Target = readonly string[];

/** Modules with kinds of their own; every other registered module is an add-on. */
const SPECIFIC = ['vpc', 'eks', 'pod-identity', 'karpenter'];
const OWN_FIELDS = ['region', 'accountId', 'tags', 'backend', 'kubernetesAuth', 'waivers', 'moduleVersions', 'name', 'description', '$schema'];

/**
 * Add-ons from the registry as it is: EKS managed add-ons live in the cluster stack, Helm-installed
 * ones (the catalogue) in the platform stack. A base that lacks one gets it added.
 */
const addOns = (stack: 'cluster' | 'platform'): Target[][] =>
  defaultRegistry
    .list()
    .filter((d) => !SPECIFIC.includes(d.name) && (d.stack === 'cluster') === (stack === 'cluster'))
    .map((d) => [[d.name]]);

/** The sections each kind regenerates: one of the alternatives, each a list of paths. */
const TARGETS: Record<SchemaKind, () => readonly (readonly Target[])[]> = {
  vpc: () => [[['vpc']]],
  eks: () => [[['eks']]],
  'eks node groups': () => [[['eks', 'nodeGroups']], [['eks', 'systemNodeGroup']], [['eks', 'nodeGroups'], ['eks', 'systemNodeGroup']]],
  'eks Fargate profiles': () => [[['eks', 'fargateProfiles']], [['eks', 'fargateProfiles'], ['eks', 'nodeGroups']]],
  'pod-identity': () => [[['pod-identity']]],
  karpenter: () => [[['karpenter']]],
  'karpenter NodePools': () => [[['karpenter', 'nodePools']]],
  'EKS add-ons': () => addOns('cluster'),
  'Helm add-ons': () => addOns('platform'),
  'environment fields': () => [...OWN_FIELDS.map((name) => [[name]]), [['tags'], ['backend'], ['waivers']]],
  'whole spec': () => [[[]]],
};

let environmentSchema: JsonSchema | undefined;
/** The environment's JSON Schema, as `npm run registry` publishes it (stacks/environments/schema.json). */
export function specSchema(): JsonSchema {
  environmentSchema ??= environmentJsonSchema(defaultRegistry) as JsonSchema;
  return environmentSchema;
}

function schemaAt(schema: JsonSchema, target: Target): JsonSchema {
  return target.reduce<JsonSchema>((s, key) => s.properties?.[key] ?? {}, schema);
}

function place(spec: unknown, target: Target, value: unknown): unknown {
  if (!target.length) return value ?? null;
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return spec;
  let parent = spec as Record<string, unknown>;
  for (const key of target.slice(0, -1)) {
    if (!parent[key] || typeof parent[key] !== 'object' || Array.isArray(parent[key])) parent[key] = {};
    parent = parent[key] as Record<string, unknown>;
  }
  const last = target[target.length - 1];
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return spec;
}

const preview = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 240 ? `${text.slice(0, 237)}...` : text;
};

/** A case of `kind` on `base`. */
export function schemaCase(base: Base, kind: SchemaKind): fc.Arbitrary<{ description: string; text: string }> {
  const hints = hintsFor(base);
  const root = specSchema();
  const alternatives = TARGETS[kind]().map((targets) => {
    const generated = fc.tuple(...targets.map((target) => arbitraryOf(schemaAt(root, target), target.join('.'), hints)));
    return fc.tuple(fc.constant(targets), generated);
  });
  return fc.tuple(fc.oneof(...alternatives), fc.boolean(), fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.nat(), fc.nat(), fc.nat()).map(([[targets, values], overlay, mode, coherence, which, where, how]) => {
    // Overlaid, the generated fields replace only themselves in the base's section (as a user
    // edits a few fields); otherwise the generated value is the whole section.
    const generated = values.map((value, i) => {
      const current = targets[i].reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), base.spec);
      const isMap = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
      return overlay && isMap(current) && isMap(value) ? { ...structuredClone(current), ...value } : value;
    });
    let invalid = '';
    if (mode === 0) {
      const t = which % targets.length;
      const schema = schemaAt(root, targets[t]);
      const places = locations(generated[t], schema);
      const location = places[where % places.length];
      const current = location.segments.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], generated[t]);
      const options = invalidationsOf(location, current);
      const change = options[how % options.length];
      generated[t] = applyAt(generated[t], location.segments, change);
      invalid = `; invalid: ${showPath([...targets[t], ...location.segments]) || '(whole spec)'} ${change.describe}${change.remove ? '' : ` = ${preview(change.value)}`}`;
    }
    let spec: unknown = structuredClone(base.spec);
    targets.forEach((target, i) => {
      spec = place(spec, target, generated[i]);
    });
    const coherent = mode !== 0 && coherence !== 0;
    if (coherent) makeCoherent(spec, base);
    const description = `${coherent ? 'made coherent, ' : ''}${overlay ? 'overlaid on the base: ' : ''}${targets.map((target, i) => `${target.join('.') || '(whole spec)'} = ${preview(values[i])}`).join('; ')}${invalid}`;
    return { description, text: stringify(spec, { aliasDuplicateObjects: false }) };
  });
}
