/**
 * Waivers: an environment accepts a policy finding on purpose, with a written reason. They match
 * findings by rule id and, optionally, by resource address (`aws_eks_cluster.<logical id>`) or
 * construct path glob (`dev-cluster/eks/**`), read from the synthesized JSON like everything in
 * verify/, so they work for stacks built from users' own modules too.
 */
import { placementFindings } from './placement';
import { checkStack, type Finding } from './rules';
import type { TerraformJson } from './terraform-json';

export interface Waiver {
  /** A rule id from verify/rules.ts (`RULE_IDS`), e.g. `EKS003`. */
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
}

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

export function waiverMatches(waiver: Waiver, finding: StackFinding): boolean {
  if (waiver.rule !== finding.rule) return false;
  if (waiver.resource === undefined) return true;
  const pattern = globToRegExp(waiver.resource);
  return pattern.test(finding.address) || (finding.path !== undefined && pattern.test(finding.path));
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

/** Splits findings into waived and unwaived; the first matching waiver wins. */
export function applyWaivers(findings: readonly StackFinding[], waivers: readonly Waiver[]): WaiverOutcome {
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
  return { unwaived, waived, stale: waivers.filter((w) => !used.has(w)) };
}

export function describeWaiver(waiver: Waiver): string {
  return `${waiver.rule}${waiver.resource ? ` ${waiver.resource}` : ''}`;
}
