import { closestReport, rank } from './report';
import { show } from './partial';
import { address, allBlocks, asTerraform, blocksOf, type Block } from './terraform-json';

export * from './terraform-json';
export { mismatches } from './partial';
export { policyStatements } from '../../verify/terraform-json';
import { policyStatements } from '../../verify/terraform-json';
import { policyCheckMatchers } from './policy-checks';
import { dependencyGraph, dependsOnTransitively } from '../../verify/graph';
import type { TerraformJson } from '../../verify/terraform-json';

/** Picks resources: by type, optionally narrowed to those matching `where` (partially). */
export interface Selector {
  readonly type: string;
  readonly where?: Record<string, unknown>;
  readonly kind?: 'resource' | 'data';
}

type Result = { pass: boolean; message: () => string };

function expectedLine(type: string, props: unknown): string {
  return `expected ${type} with ${show(props)}`;
}

/** The address of the one resource a selector picks, or a failure message. */
function single(tf: ReturnType<typeof asTerraform>, selector: Selector): { address?: string; problem?: string } {
  const found = blocksOf(tf, selector.kind ?? 'resource', selector.type).filter((block) => !selector.where || rank([block], selector.where)[0].problems.length === 0);
  if (found.length === 1) return { address: address(found[0], selector.kind ?? 'resource') };
  return { problem: found.length ? `${found.length} ${selector.type} match ${show(selector.where ?? {})}: ${found.map((b) => b.path).join(', ')}` : `no ${selector.type} matches ${show(selector.where ?? {})}` };
}

const matchers = {
  /**
   * `first` is destroyed before `then` on `terraform destroy`: it depends on it, directly or through
   * other resources (Terraform destroys dependents first).
   */
  toBeDestroyedBefore(received: unknown, first: Selector, then: Selector): Result {
    const tf = asTerraform(received);
    const a = single(tf, first);
    const b = single(tf, then);
    if (!a.address || !b.address) return { pass: false, message: () => `cannot order: ${a.problem ?? b.problem}` };
    const [from, to] = [a.address, b.address];
    const graph = dependencyGraph(tf as TerraformJson);
    const pass = dependsOnTransitively(graph, from, to);
    return { pass, message: () => (pass ? `expected ${from} not to be destroyed before ${to}` : `expected ${from} to be destroyed before ${to}: it does not depend on it (no reference or depends_on path); its direct dependencies: ${[...(graph.get(from) ?? [])].join(', ') || 'none'}`) };
  },

  /** Some resource of `type` matches `props` partially; on failure shows the three closest. */
  toHaveResourceMatching(received: unknown, type: string, props: Record<string, unknown> = {}): Result {
    const ranked = rank(blocksOf(asTerraform(received), 'resource', type), props);
    const pass = ranked.length > 0 && ranked[0].problems.length === 0;
    return {
      pass,
      message: () => (pass ? `expected no ${type} matching ${show(props)}, but ${ranked[0].block.path} does` : `${expectedLine(type, props)}; closest:\n${closestReport(ranked)}`),
    };
  },

  toHaveDataSourceMatching(received: unknown, type: string, props: Record<string, unknown> = {}): Result {
    const ranked = rank(blocksOf(asTerraform(received), 'data', type), props);
    const pass = ranked.length > 0 && ranked[0].problems.length === 0;
    return { pass, message: () => (pass ? `expected no data.${type} matching ${show(props)}` : `expected data.${type} with ${show(props)}; closest:\n${closestReport(ranked)}`) };
  },

  /** Exactly `count` resources of `type` (cdktf has no counting matcher). */
  toHaveResourceCount(received: unknown, type: string, count: number): Result {
    const blocks = blocksOf(asTerraform(received), 'resource', type);
    return {
      pass: blocks.length === count,
      message: () => `expected ${count} ${type}, found ${blocks.length}${blocks.length ? `: ${blocks.map((b) => b.path).join(', ')}` : ''}`,
    };
  },

  /** The resource at a construct path (from the stack, e.g. `dev-network/vpc/vpc/vpc`) matches `props`. */
  toHaveResourceAt(received: unknown, path: string, props: Record<string, unknown> = {}): Result {
    const blocks = allBlocks(asTerraform(received), 'resource');
    const found = blocks.find((b) => b.path === path);
    if (!found) {
      const near = blocks.map((b) => b.path).filter((p) => p.split('/').slice(0, -1).join('/') === path.split('/').slice(0, -1).join('/'));
      return { pass: false, message: () => `expected a resource at ${path}; none there. Siblings: ${near.join(', ') || '(none)'}` };
    }
    const ranked = rank([found], props);
    const pass = ranked[0].problems.length === 0;
    return { pass, message: () => (pass ? `expected ${path} not to match ${show(props)}` : `${found.type} at ${path}: ${expectedLine(found.type, props)}:\n${closestReport(ranked)}`) };
  },

  /** A `terraform output` by name, optionally matching `props` (value, description, sensitive). */
  toHaveOutput(received: unknown, name: string, props: Record<string, unknown> = {}): Result {
    const outputs = asTerraform(received).output ?? {};
    const body = outputs[name];
    if (!body) return { pass: false, message: () => `expected output "${name}"; outputs: ${Object.keys(outputs).sort().join(', ') || '(none)'}` };
    const ranked = rank([{ type: 'output', logicalId: name, path: `output.${name}`, properties: body }], props);
    const pass = ranked[0].problems.length === 0;
    return { pass, message: () => (pass ? `expected output "${name}" not to match ${show(props)}` : `output "${name}": ${show(props)}:\n${closestReport(ranked)}`) };
  },

  /** A provider block (aws, kubernetes, helm) matching `props`, e.g. allowed_account_ids. */
  toHaveProviderBlock(received: unknown, name: string, props: Record<string, unknown> = {}): Result {
    const configs = asTerraform(received).provider?.[name] ?? [];
    const ranked = rank(configs.map((body, i) => ({ type: name, logicalId: String(i), path: `provider.${name}[${i}]`, properties: body })), props);
    const pass = ranked.length > 0 && ranked[0].problems.length === 0;
    return { pass, message: () => (pass ? `expected no ${name} provider matching ${show(props)}` : `expected provider "${name}" with ${show(props)}; closest:\n${closestReport(ranked)}`) };
  },

  /**
   * Resource A's `attribute` refers to resource B: `expect(tf).toReference({type:'aws_subnet'},
   * 'vpc_id', {type:'aws_vpc'})`. Holds when every selected A refers to one of the selected Bs.
   */
  toReference(received: unknown, from: Selector, attribute: string, to: Selector): Result {
    const tf = asTerraform(received);
    const select = (s: Selector): Block[] => rank(blocksOf(tf, s.kind ?? 'resource', s.type), s.where ?? {}).filter((r) => r.problems.length === 0).map((r) => r.block);
    const sources = select(from);
    const targets = select(to).map((b) => address(b, to.kind ?? 'resource'));
    if (sources.length === 0) return { pass: false, message: () => `no ${from.type} matches ${show(from.where ?? {})}` };
    if (targets.length === 0) return { pass: false, message: () => `no ${to.kind === 'data' ? 'data.' : ''}${to.type} matches ${show(to.where ?? {})}` };
    const valueAt = (props: Record<string, unknown>) => attribute.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), props);
    const failing = sources.filter((s) => {
      const text = JSON.stringify(valueAt(s.properties) ?? null);
      return !targets.some((t) => text.includes(`${t}.`) || text.includes(`${t}}`));
    });
    return {
      pass: failing.length === 0,
      message: () =>
        failing.length === 0
          ? `expected ${from.type}.${attribute} not to refer to ${to.type}`
          : `expected ${from.type}.${attribute} to refer to one of ${targets.join(', ')}; these do not:\n${failing
              .slice(0, 3)
              .map((f) => `  ${f.path}: ${attribute} = ${show(valueAt(f.properties))}`)
              .join('\n')}`,
    };
  },

  /**
   * Security policy: every resource of `type` (optionally those matching `where`) has `props`.
   * Fails listing the offenders with the first path each differs at.
   */
  toHaveEveryResourceMatching(received: unknown, type: string, props: Record<string, unknown>, where: Record<string, unknown> = {}): Result {
    const chosen = rank(blocksOf(asTerraform(received), 'resource', type), where).filter((r) => r.problems.length === 0).map((r) => r.block);
    const offenders = rank(chosen, props).filter((r) => r.problems.length > 0);
    const pass = chosen.length > 0 && offenders.length === 0;
    return {
      pass,
      message: () =>
        chosen.length === 0
          ? `expected ${type} resources to check; there are none${Object.keys(where).length ? ` matching ${show(where)}` : ''}`
          : pass
            ? `expected some ${type} not to have ${show(props)}`
            : `expected every ${type} to have ${show(props)}; ${offenders.length} of ${chosen.length} do not:\n${closestReport(offenders)}`,
    };
  },

  /**
   * Some resource of `type` (matching `where`) holds a JSON policy in `attribute` (default
   * `policy`) with a statement matching `statement` partially, e.g. { Action: expect.arrayContaining([...]) }.
   */
  toHavePolicyStatement(received: unknown, type: string, statement: Record<string, unknown>, where: Record<string, unknown> = {}, attribute = 'policy'): Result {
    const chosen = rank(blocksOf(asTerraform(received), 'resource', type), where).filter((r) => r.problems.length === 0).map((r) => r.block);
    const candidates: Block[] = chosen.flatMap((block) =>
      policyStatements(block.properties[attribute]).map((body, i) => ({ type: 'statement', logicalId: `${block.logicalId}[${i}]`, path: `${block.path} ${attribute}.Statement[${i}]${body.Sid ? ` (${String(body.Sid)})` : ''}`, properties: body })),
    );
    const ranked = rank(candidates, statement);
    const pass = ranked.length > 0 && ranked[0].problems.length === 0;
    return {
      pass,
      message: () => (pass ? `expected no ${type} ${attribute} statement matching ${show(statement)}; ${ranked[0].block.path} does` : `expected a ${type} ${attribute} statement with ${show(statement)}; closest:\n${closestReport(ranked)}`),
    };
  },
};

export type PlatformMatchers = typeof matchers;

export function registerMatchers(): void {
  expect.extend({ ...matchers, ...policyCheckMatchers });
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toHaveResourceMatching(type: string, props?: Record<string, unknown>): R;
      toHaveDataSourceMatching(type: string, props?: Record<string, unknown>): R;
      toHaveResourceCount(type: string, count: number): R;
      toBeDestroyedBefore(first: Selector, then: Selector): R;
      toHaveResourceAt(path: string, props?: Record<string, unknown>): R;
      toHaveOutput(name: string, props?: Record<string, unknown>): R;
      toHaveProviderBlock(name: string, props?: Record<string, unknown>): R;
      toReference(from: Selector, attribute: string, to: Selector): R;
      toHaveEveryResourceMatching(type: string, props: Record<string, unknown>, where?: Record<string, unknown>): R;
      toHavePolicyStatement(type: string, statement: Record<string, unknown>, where?: Record<string, unknown>, attribute?: string): R;
    }
  }
}
