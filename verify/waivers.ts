/**
 * Waivers: an environment accepts a policy finding on purpose, with a written reason. They match
 * findings by rule id and, optionally, by resource address (`aws_eks_cluster.<logical id>`) or
 * construct path glob (`dev-cluster/eks/**`), read from the synthesized JSON like everything in
 * verify/, so they work for stacks built from users' own modules too.
 */
import { placementFindings } from './placement';
import { CHECKOV_COUNTERPARTS, CHECKOV_ID, checkStack, type Finding } from './rules';
import type { TerraformJson } from './terraform-json';

export interface Waiver {
  /**
   * A rule id from verify/rules.ts (`RULE_IDS`), e.g. `EKS003`, or a checkov check id
   * (`CKV_AWS_338`) for findings of `npm run check -- --checkov`. A waiver of one of our rules also
   * waives its checkov counterpart (`CHECKOV_COUNTERPARTS`) on the resources it names.
   */
  readonly rule: string;
  /**
   * `<type>.<logical id>`, or a glob over that address or over the construct path
   * (`*` stops at `/`, `**` crosses it). Absent: every resource of the environment.
   */
  readonly resource?: string;
  /** Why the finding is accepted; printed beside every finding it waives. */
  readonly reason: string;
}

export interface StackFinding extends Finding {
  readonly stack: string;
  /** The resource's construct path (`dev-cluster/eks/eks/control-plane/cluster`), when the JSON has it. */
  readonly path?: string;
  /** What checkov said about it, when a checkov report was reconciled (verify/checkov.ts). */
  readonly checkov?: CheckovNote;
  /**
   * Other addresses and construct paths a waiver may name to cover this finding: a checkov check
   * reported on a VPC is also about the default security group our rule names (`checkovReportsOn`).
   */
  readonly aliases?: readonly string[];
}

/**
 * `agrees`: our finding, and checkov failed its counterpart on the same resource.
 * `only`: checkov failed a check (the finding's `rule` is its id) that no finding of ours matches.
 */
export type CheckovNote =
  | { readonly kind: 'agrees'; readonly checkId: string }
  | { readonly kind: 'only'; readonly checkId: string; readonly name?: string; readonly guideline?: string; readonly suppressed?: string };

export interface WaivedFinding extends StackFinding {
  readonly waiver: Waiver;
}

export interface WaiverOutcome {
  readonly unwaived: StackFinding[];
  readonly waived: WaivedFinding[];
  /** Waivers that matched no finding: the problem was fixed (or the pattern is wrong); remove them. */
  readonly stale: Waiver[];
}

/** `aws_kms_key.*`, `dev-cluster/eks/**`: `*` and `?` stay within one path segment, `**` crosses them. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** How a waiver covers a finding: its own rule, or through a rule's checkov counterpart. */
export function waiverRuleMatches(waiver: Waiver, finding: StackFinding): 'rule' | 'counterpart' | undefined {
  if (waiver.rule === finding.rule) return 'rule';
  // A finding checkov agrees with is one finding under two ids: either id waives it.
  if (finding.checkov?.kind === 'agrees' && waiver.rule === finding.checkov.checkId) return 'rule';
  if (finding.checkov?.kind === 'only' && CHECKOV_COUNTERPARTS.get(waiver.rule) === finding.rule) return 'counterpart';
  return undefined;
}

export function waiverMatches(waiver: Waiver, finding: StackFinding): boolean {
  if (!waiverRuleMatches(waiver, finding)) return false;
  if (waiver.resource === undefined) return true;
  const pattern = globToRegExp(waiver.resource);
  return [finding.address, finding.path, ...(finding.aliases ?? [])].some((name) => name !== undefined && pattern.test(name));
}

/** The construct path cdktf records in a resource's `//.metadata.path`. */
export function constructPath(tf: TerraformJson, address: string): string | undefined {
  const dot = address.indexOf('.');
  const body = tf.resource?.[address.slice(0, dot)]?.[address.slice(dot + 1)] as { '//'?: { metadata?: { path?: string } } } | undefined;
  return body?.['//']?.metadata?.path;
}

/** Policy findings of each stack (name → Terraform JSON), with their construct paths. */
export function findingsOf(stacks: Readonly<Record<string, TerraformJson>>): StackFinding[] {
  const perStack = Object.entries(stacks).flatMap(([stack, tf]) => checkStack(tf).map((f) => ({ ...f, stack })));
  return [...perStack, ...placementFindings(stacks)].map((f) => ({ ...f, path: constructPath(stacks[f.stack], f.address) }));
}

export interface ApplyWaiversOptions {
  /**
   * A checkov report was reconciled into the findings. Without one, a waiver naming a checkov id
   * cannot be judged and is never called stale. @default false
   */
  readonly checkovReconciled?: boolean;
}

/** Splits findings into waived and unwaived; the first matching waiver wins. */
export function applyWaivers(findings: readonly StackFinding[], waivers: readonly Waiver[], options: ApplyWaiversOptions = {}): WaiverOutcome {
  const used = new Set<Waiver>();
  const waived: WaivedFinding[] = [];
  const unwaived: StackFinding[] = [];
  for (const finding of findings) {
    const waiver = waivers.find((w) => waiverMatches(w, finding));
    if (waiver) {
      used.add(waiver);
      waived.push({ ...finding, waiver });
    } else unwaived.push(finding);
  }
  return { unwaived, waived, stale: waivers.filter((w) => !used.has(w) && (options.checkovReconciled || !CHECKOV_ID.test(w.rule))) };
}

export function describeWaiver(waiver: Waiver): string {
  return `${waiver.rule}${waiver.resource ? ` ${waiver.resource}` : ''}`;
}
