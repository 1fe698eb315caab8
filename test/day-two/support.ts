import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { diffOutputs, type EnvironmentDiff, type ResourceChange } from '../../verify/diff';
import { stacksByName, synthSpec } from '../support/synth';

/** The shipped dev spec as an object, to edit the way a user would. */
export function devSpec(): Record<string, any> {
  return parse(readFileSync('stacks/environments/dev.yaml', 'utf8')) as Record<string, any>;
}

/** Synthesizes `before` and `after` (the same environment, edited) and diffs them as `npm run diff` does. */
export function dayTwo(before: Record<string, unknown>, edit: (spec: Record<string, any>) => void, options: { accept?: string[] } = {}): EnvironmentDiff {
  const after = structuredClone(before) as Record<string, any>;
  edit(after);
  return diffOutputs(stacksByName(synthSpec(before, 'dev')), stacksByName(synthSpec(after, 'dev')), options);
}

/** Every change to resources of a type, across stacks. */
export function changesOf(diff: EnvironmentDiff, type: string): ResourceChange[] {
  return diff.stacks.flatMap((stack) => stack.changes.filter((change) => change.type === type));
}

/** `<action> <type>` per change, sorted, for compact assertions. */
export function summary(diff: EnvironmentDiff): string[] {
  return diff.stacks.flatMap((stack) => stack.changes.map((c) => `${stack.stack} ${c.action}${c.action === 'replace' && c.rolling ? ' (rolling)' : ''} ${c.type}`)).sort();
}
