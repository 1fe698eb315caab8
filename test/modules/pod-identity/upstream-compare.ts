/**
 * Compares our IAM policy documents with the upstream documents vendored under
 * modules/pod-identity/upstream/ and modules/karpenter/upstream/, so a test states the differences
 * (each with its reason) instead of restating our own output.
 *
 * A document is flattened into permission tuples, one per (Effect, Action, Resource, Condition):
 * Action and Resource lists are expanded, Sids, statement grouping and order are dropped, and a
 * Condition is kept whole (its operators, keys and values sorted, values as strings) because its parts
 * are ANDed. Two documents grant the same when their tuple sets are equal.
 *
 * Strings (resources, condition keys and values) are normalised so documents written for different
 * audiences compare:
 * - Terraform's `$${` escape (ours are Terraform strings) becomes the `${` IAM receives;
 * - `names` replaces literal text by a named wildcard, e.g. our test's hosted zone id and upstream's
 *   `custom-key-arn` by `{zone}` / `{key}`, or `arn:aws:` by `arn:{partition}:`;
 * - any other `${X}` that is not an IAM policy variable (`${aws:...}`) becomes `{X}`: CloudFormation
 *   `${AWS::Region}`, shell `${BUCKET}` and Terraform references alike; and `<X>` becomes `{X}`.
 * Statements given as expected deviations are written in that normalised vocabulary already.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

const REPO = join(__dirname, '../../..');
export const POD_IDENTITY_UPSTREAM = join(REPO, 'modules/pod-identity/upstream');
export const KARPENTER_CLOUDFORMATION = join(REPO, 'modules/karpenter/upstream/cloudformation.yaml');

/** The statement fields compared; anything with Effect/Action/Resource/Condition, including our PolicyStatement. */
export interface StatementLike {
  readonly Effect?: string;
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface PolicyLike {
  readonly Statement: readonly StatementLike[] | StatementLike;
}

/** Literal text → the named wildcard it stands for, e.g. `{ 'Z0123456789ABC': '{zone}' }`. */
export type Names = Readonly<Record<string, string>>;

/** A vendored JSON file, by path below modules/pod-identity/upstream/. */
export function upstreamJson(relativePath: string): PolicyLike {
  return JSON.parse(upstreamText(relativePath)) as PolicyLike;
}

export function upstreamText(relativePath: string): string {
  return readFileSync(join(POD_IDENTITY_UPSTREAM, relativePath), 'utf8');
}

/**
 * The controller policies of Karpenter's getting-started CloudFormation template, by resource name
 * (NodeLifecyclePolicy, IAMIntegrationPolicy, ...), in template order. Their PolicyDocuments are
 * `!Sub` JSON strings, parsed here with the `${...}` substitutions left in place.
 */
export function karpenterCloudFormationPolicies(): Record<string, PolicyLike> {
  const scalar = (tag: string) => ({ tag, resolve: (value: string) => value });
  const template = parseYaml(readFileSync(KARPENTER_CLOUDFORMATION, 'utf8'), {
    customTags: [scalar('!Sub'), scalar('!Ref'), scalar('!GetAtt')],
  }) as { Resources: Record<string, { Type: string; Properties: { PolicyDocument: unknown } }> };
  const policies: Record<string, PolicyLike> = {};
  for (const [name, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
    const document = resource.Properties.PolicyDocument;
    if (typeof document !== 'string') throw new Error(`${name}: expected a !Sub JSON string PolicyDocument`);
    policies[name] = JSON.parse(document) as PolicyLike;
  }
  return policies;
}

const asList = <T>(value: T | readonly T[]): readonly T[] => (Array.isArray(value) ? value : [value as T]);

/** `${aws:username}`, `${aws:PrincipalTag/x}`, `${ec2:SourceInstanceARN}`, `${*}`, `${?}`, `${$}`: left as they are. */
const POLICY_VARIABLE = /^(?:[A-Za-z0-9-]+:[^:].*|[*?$])$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Normalises one string of a document (see the file comment). */
export function normalizeString(value: string, names: Names = {}): string {
  let out = value.replace(/\$\$\{/g, '${');
  const literals = Object.keys(names).sort((a, b) => b.length - a.length);
  if (literals.length > 0) {
    out = out.replace(new RegExp(literals.map(escapeRegExp).join('|'), 'g'), (match) => names[match]);
  }
  out = out.replace(/\$\{([^}]*)\}/g, (match, inner: string) => (POLICY_VARIABLE.test(inner) ? match : `{${inner}}`));
  return out.replace(/<([A-Za-z0-9_ -]+)>/g, '{$1}');
}

function canonicalCondition(condition: StatementLike['Condition'], names: Names): string {
  if (condition === undefined || Object.keys(condition).length === 0) return '';
  const canonical: Record<string, Record<string, string[]>> = {};
  for (const operator of Object.keys(condition).sort()) {
    const block: Record<string, string[]> = {};
    const entries = Object.entries(condition[operator]).map(([key, value]) => [normalizeString(key, names), value] as const);
    for (const [key, value] of entries.sort(([a], [b]) => a.localeCompare(b))) {
      const values = asList(value as unknown).map((v) => normalizeString(String(v), names));
      block[key] = [...new Set(values)].sort();
    }
    canonical[operator] = block;
  }
  return JSON.stringify(canonical);
}

function statementsOf(documents: PolicyLike | readonly PolicyLike[]): StatementLike[] {
  return asList(documents).flatMap((document) => [...asList(document.Statement)]);
}

/**
 * The sorted, de-duplicated permission tuples of one or more documents, each as
 * `Allow ec2:CreateTags on arn:{partition}:ec2:*:*:volume/* if {"StringEquals":{...}}`.
 */
export function permissionTuples(documents: PolicyLike | readonly PolicyLike[], names: Names = {}): string[] {
  const tuples = new Set<string>();
  for (const statement of statementsOf(documents)) {
    const unsupported = ['NotAction', 'NotResource', 'NotPrincipal', 'Principal'].filter((key) => key in statement);
    if (unsupported.length > 0) throw new Error(`cannot compare statements with ${unsupported.join(', ')}: ${JSON.stringify(statement)}`);
    const effect = statement.Effect ?? 'Allow';
    const condition = canonicalCondition(statement.Condition, names);
    for (const action of asList(statement.Action)) {
      for (const resource of asList(statement.Resource)) {
        tuples.add(`${effect} ${action} on ${normalizeString(resource, names)}${condition ? ` if ${condition}` : ''}`);
      }
    }
  }
  return [...tuples].sort();
}

export interface PolicyDifferences {
  /** Granted by ours, not by upstream. */
  readonly onlyOurs: readonly string[];
  /** Granted by upstream, not by ours. */
  readonly onlyUpstream: readonly string[];
}

export interface Comparison {
  /** Ours, built with the test's values. */
  readonly ours: PolicyLike | readonly PolicyLike[];
  readonly upstream: PolicyLike | readonly PolicyLike[];
  /** Names for the test's values in ours. */
  readonly oursNames?: Names;
  /** Names for the example values or placeholders of the upstream document. */
  readonly upstreamNames?: Names;
}

export function policyDifferences(comparison: Comparison): PolicyDifferences {
  const ours = permissionTuples(comparison.ours, comparison.oursNames);
  const upstream = permissionTuples(comparison.upstream, comparison.upstreamNames);
  const upstreamSet = new Set(upstream);
  const oursSet = new Set(ours);
  return { onlyOurs: ours.filter((t) => !upstreamSet.has(t)), onlyUpstream: upstream.filter((t) => !oursSet.has(t)) };
}

/** A difference we keep on purpose, with why; statements in the normalised vocabulary. */
export interface Deviation {
  readonly reason: string;
  readonly onlyOurs?: readonly StatementLike[];
  readonly onlyUpstream?: readonly StatementLike[];
}

/** The tuples the deviations account for; throws if one is listed twice or a deviation lists none. */
export function documentedDifferences(deviations: readonly Deviation[]): PolicyDifferences {
  const onlyOurs: string[] = [];
  const onlyUpstream: string[] = [];
  for (const deviation of deviations) {
    if (deviation.reason.trim().length < 10) throw new Error(`deviation without a reason: ${JSON.stringify(deviation)}`);
    const ours = permissionTuples({ Statement: deviation.onlyOurs ?? [] });
    const upstream = permissionTuples({ Statement: deviation.onlyUpstream ?? [] });
    if (ours.length + upstream.length === 0) throw new Error(`deviation "${deviation.reason}" lists no statement`);
    onlyOurs.push(...ours);
    onlyUpstream.push(...upstream);
  }
  for (const list of [onlyOurs, onlyUpstream]) {
    const repeated = list.filter((tuple, i) => list.indexOf(tuple) !== i);
    if (repeated.length > 0) throw new Error(`listed by more than one deviation: ${repeated.join('; ')}`);
  }
  return { onlyOurs: onlyOurs.sort(), onlyUpstream: onlyUpstream.sort() };
}

/**
 * Asserts that ours and upstream differ by exactly the documented deviations: a new difference (ours
 * changed, or upstream re-vendored) and a deviation that no longer occurs both fail, and the jest diff
 * shows the tuples concerned.
 */
export function expectOnlyDocumentedDeviations(comparison: Comparison, deviations: readonly Deviation[] = []): void {
  expect(policyDifferences(comparison)).toEqual(documentedDifferences(deviations));
}
