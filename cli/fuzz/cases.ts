/**
 * Fuzz cases: case `index` of run `seed` is a pure function of the two (and of the base specs), so
 * workers split index ranges and `npm run fuzz -- --seed S --case I` rebuilds any one case.
 *
 * Kinds come from a fixed weighted schedule, every kind once or more in any SCHEDULE.length (about 100) consecutive cases,
 * so even a short sample exercises them all; the content of each case comes from its own seed.
 */
import fc from 'fast-check';
import { BASE_NAMES, loadCorpus, type Base, type BaseName, type Corpus } from './corpus';
import { OBJECT_KINDS, objectCase, type ObjectKind } from './object-mutations';
import { SCHEMA_KINDS, schemaCase, type SchemaKind } from './schema-cases';
import { TEXT_KINDS, textCase, type TextKind } from './text-mutations';

export type Category = 'object' | 'yaml' | 'schema';

export interface CaseKind {
  /** `object: wrong type`, `yaml: merge key`, `schema: eks node groups`. */
  readonly name: string;
  readonly category: Category;
  /** Occurrences in the schedule. */
  readonly weight: number;
  arbitrary(base: Base): fc.Arbitrary<{ description: string; text: string }>;
}

/** What one case is: reproducible from `seed` and `index`, and writable as a spec file. */
export interface FuzzCase {
  readonly seed: number;
  readonly index: number;
  readonly kind: string;
  readonly base: BaseName;
  /** The spec file errors must name: `stacks/environments/dev.yaml`. */
  readonly file: string;
  readonly description: string;
  /** The YAML text of the spec. */
  readonly text: string;
}

const TEXT_WEIGHTS: Partial<Record<TextKind, number>> = {
  'byte flip': 3,
  'byte replace': 3,
  'byte delete': 3,
  'byte insert': 3,
  'alias bomb': 1,
  'huge scalar': 1,
  'long key': 1,
  'deep nesting': 1,
  BOM: 1,
  CRLF: 1,
};
const SCHEMA_WEIGHTS: Partial<Record<SchemaKind, number>> = { 'eks Fargate profiles': 3, 'EKS add-ons': 3, 'Helm add-ons': 3, 'whole spec': 2 };

export const CASE_KINDS: readonly CaseKind[] = [
  ...OBJECT_KINDS.map((kind: ObjectKind): CaseKind => ({ name: `object: ${kind}`, category: 'object', weight: 3, arbitrary: (base) => objectCase(base, kind) })),
  ...TEXT_KINDS.map((kind: TextKind): CaseKind => ({ name: `yaml: ${kind}`, category: 'yaml', weight: TEXT_WEIGHTS[kind] ?? 2, arbitrary: (base) => textCase(base, kind) })),
  ...SCHEMA_KINDS.map((kind: SchemaKind): CaseKind => ({ name: `schema: ${kind}`, category: 'schema', weight: SCHEMA_WEIGHTS[kind] ?? 4, arbitrary: (base) => schemaCase(base, kind) })),
];

/**
 * The kinds in schedule order: smooth weighted round-robin, so each kind's occurrences are spread
 * out and any SCHEDULE.length consecutive cases hold every kind `weight` times.
 */
export const SCHEDULE: readonly CaseKind[] = (() => {
  const total = CASE_KINDS.reduce((sum, k) => sum + k.weight, 0);
  const current = CASE_KINDS.map(() => 0);
  const out: CaseKind[] = [];
  for (let n = 0; n < total; n++) {
    CASE_KINDS.forEach((k, i) => (current[i] += k.weight));
    let best = 0;
    current.forEach((c, i) => (c > current[best] ? (best = i) : undefined));
    current[best] -= total;
    out.push(CASE_KINDS[best]);
  }
  return out;
})();

/** A 32-bit hash of (seed, index) (murmur3's finalizer): neighbouring indexes get unrelated seeds. */
export function caseSeed(seed: number, index: number): number {
  let h = (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** A run's seed: printed first so the run can be repeated; fast-check seeds are 32-bit. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}

const arbitraries = new WeakMap<Base, Map<string, fc.Arbitrary<{ description: string; text: string }>>>();

/** The kind of case `index` of the run with `seed` (without building the case). */
export function kindAt(seed: number, index: number): CaseKind {
  return SCHEDULE[(index + (seed % SCHEDULE.length)) % SCHEDULE.length];
}

/** Case `index` of the run with `seed`. */
export function caseAt(seed: number, index: number, corpus: Corpus = loadCorpus()): FuzzCase {
  const kind = kindAt(seed, index);
  const hash = caseSeed(seed, index);
  const base = corpus[BASE_NAMES[hash & 1]];
  let ofBase = arbitraries.get(base);
  if (!ofBase) arbitraries.set(base, (ofBase = new Map()));
  let arbitrary = ofBase.get(kind.name);
  if (!arbitrary) ofBase.set(kind.name, (arbitrary = kind.arbitrary(base)));
  const [generated] = fc.sample(arbitrary, { seed: hash >> 1, numRuns: 1 });
  return { seed, index, kind: kind.name, base: base.name, file: base.file, description: generated.description, text: generated.text };
}
