/**
 * Places in a spec object, for the commands that edit specs programmatically (the day-two matrix,
 * the fuzzer): input paths as the registry describes them (`nodeGroups[].taints[].key`, `[]` the first
 * item of a list), reading, setting and removing at a path.
 */

/** `nodeGroups[].taints[].key` → ['nodeGroups', '[]', 'taints', '[]', 'key']. */
export function segmentsOf(path: string): string[] {
  return path.split('.').flatMap((part) => {
    const lists = /^(.*?)((\[\])*)$/.exec(part)!;
    return [lists[1], ...Array.from({ length: lists[2].length / 2 }, () => '[]')];
  });
}

/** The segments with every `[]` the first item. */
export function concrete(segments: readonly string[]): (string | number)[] {
  return segments.map((s) => (s === '[]' ? 0 : s));
}

/** `['nodeGroups', 0, 'taints']` → `nodeGroups[0].taints`, as spec errors write paths. */
export function shownPath(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : out ? `${out}.${s}` : s), '');
}

type Json = Record<string | number, unknown>;
const isContainer = (v: unknown): v is Json => v !== null && typeof v === 'object';

export function getAt(value: unknown, segments: readonly (string | number)[]): unknown {
  let node = value;
  for (const segment of segments) {
    if (!isContainer(node)) return undefined;
    node = node[segment];
  }
  return node;
}

/** Removes the value at `segments` when `value` is REMOVE. */
export const REMOVE = Symbol('remove the input');

/** Sets (or with REMOVE deletes) the value at `segments` in place; containers on the way must exist. */
export function setAt(root: Json, segments: readonly (string | number)[], value: unknown): void {
  const parent = getAt(root, segments.slice(0, -1));
  if (!isContainer(parent)) throw new Error(`no container at ${shownPath(segments.slice(0, -1))}`);
  const last = segments[segments.length - 1];
  if (value === REMOVE) {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else delete parent[last];
  } else {
    parent[last] = value;
  }
}

/** As setAt, but does nothing where the containers on the way are missing (a mutation of a part the spec does not have). */
export function setIfPresent(root: Json, segments: readonly (string | number)[], value: unknown): void {
  if (isContainer(getAt(root, segments.slice(0, -1)))) setAt(root, segments, value);
}
