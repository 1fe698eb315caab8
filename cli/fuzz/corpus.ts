/** The shipped environment specs every fuzz case starts from, read once per process. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENTS_DIR } from '../../stacks/load';

/** The specs cases are derived from: dev (a few modules) and prod (every built-in module). */
export const BASE_NAMES = ['dev', 'prod'] as const;
export type BaseName = (typeof BASE_NAMES)[number];

export interface Base {
  readonly name: BaseName;
  /** As errors must name it: `stacks/environments/dev.yaml`. */
  readonly file: string;
  readonly text: string;
  /** The parsed spec; clone before changing it. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** Names of its VPC subnet groups (what eks, Fargate and node groups may refer to). */
  readonly subnetGroups: readonly string[];
}

export type Corpus = Readonly<Record<BaseName, Base>>;

const cache = new Map<string, Corpus>();

/** The base specs under `root` (the project root; `npm run fuzz` and jest run there). */
export function loadCorpus(root = process.cwd()): Corpus {
  const cached = cache.get(root);
  if (cached) return cached;
  const corpus = Object.fromEntries(
    BASE_NAMES.map((name) => {
      // Errors name the spec relative to the project root, with forward slashes on every OS.
      const file = [...ENVIRONMENTS_DIR.split(/[\\/]/), `${name}.yaml`].join('/');
      const text = readFileSync(join(root, file), 'utf8');
      const spec = parse(text) as Record<string, unknown>;
      const groups = ((spec.vpc as { subnetGroups?: { name?: unknown }[] } | undefined)?.subnetGroups ?? []).map((g) => String(g.name));
      return [name, { name, file, text, spec, subnetGroups: groups }];
    }),
  ) as unknown as Corpus;
  cache.set(root, corpus);
  return corpus;
}
