/**
 * The dependency graph Terraform builds from a stack: an edge from every resource to each resource
 * or data source it references or lists in depends_on. Creation follows the edges backwards and
 * destruction forwards: a resource is destroyed before everything it depends on. Reads JSON only.
 */
import type { TerraformJson } from './terraform-json';
import { expressionsOf, traversalsOf } from './validate';

export type DependencyGraph = ReadonlyMap<string, ReadonlySet<string>>;

function addressesIn(tf: TerraformJson): Set<string> {
  const out = new Set<string>();
  for (const [type, byName] of Object.entries(tf.resource ?? {})) for (const name of Object.keys(byName)) out.add(`${type}.${name}`);
  for (const [type, byName] of Object.entries(tf.data ?? {})) for (const name of Object.keys(byName)) out.add(`data.${type}.${name}`);
  return out;
}

function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, out);
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) if (key !== '//') stringsOf(item, out);
  return out;
}

/** Direct dependencies of every resource and data source, by address. */
export function dependencyGraph(tf: TerraformJson): DependencyGraph {
  const known = addressesIn(tf);
  const graph = new Map<string, Set<string>>();
  const blocks: [string, Record<string, unknown>][] = [
    ...Object.entries(tf.resource ?? {}).flatMap(([type, byName]) => Object.entries(byName).map(([name, body]) => [`${type}.${name}`, body] as [string, Record<string, unknown>])),
    ...Object.entries(tf.data ?? {}).flatMap(([type, byName]) => Object.entries(byName).map(([name, body]) => [`data.${type}.${name}`, body] as [string, Record<string, unknown>])),
  ];
  for (const [address, body] of blocks) {
    const edges = new Set<string>();
    for (const text of stringsOf(body)) {
      for (const expression of expressionsOf(text)) {
        for (const traversal of traversalsOf(expression)) {
          const [first, second] = traversal.steps;
          const target = traversal.root === 'data' ? `data.${String(first)}.${String(second)}` : `${traversal.root}.${String(first)}`;
          if (known.has(target) && target !== address) edges.add(target);
        }
      }
    }
    for (const dependency of (body.depends_on as string[] | undefined) ?? []) if (known.has(dependency)) edges.add(dependency);
    graph.set(address, edges);
  }
  return graph;
}

/** Whether `from` depends on `to`, directly or through others. */
export function dependsOnTransitively(graph: DependencyGraph, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [...(graph.get(from) ?? [])];
  while (stack.length) {
    const next = stack.pop()!;
    if (next === to) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(graph.get(next) ?? []));
  }
  return false;
}
