/**
 * An independent scanner's word on the same Terraform JSON: checkov's JSON report, read back and
 * reconciled with our findings per stack and resource (`npm run check -- --checkov <report>`).
 *
 * The format is checkov's own (`Report.get_dict()` in checkov/common/output/report.py and
 * `RunnerRegistry.print_reports` in checkov/common/runners/runner_registry.py at the pinned tag,
 * verify/upstream/checkov-checks.json): one object per framework, or a list of them when several
 * ran, each `{ check_type, results: { passed_checks, failed_checks, skipped_checks, parsing_errors },
 * summary }`; a scan that produced nothing is the bare summary. Records carry `check_id`,
 * `check_name`, `resource`, `file_path` (relative to the scanned directory, with a leading `/`) and
 * `guideline`. checkov's terraform_json runner names a resource `resource.<logical id>` for its
 * Python checks (runner.py: `entity_id = f"{block_type}.{entity_name}"`) and `<type>.<logical id>`
 * for its graph checks; both are resolved here against the stack's JSON.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PlatformError } from '../modules/registry/errors';
import { CHECKOV_COUNTERPARTS, RULES, type PolicyRule } from './rules';
import type { TerraformJson } from './terraform-json';
import checkovChecks from './upstream/checkov-checks.json';
import { constructPath, type StackFinding } from './waivers';

/** A checkov report that is not checkov's JSON: names the file and what is wrong (exit 1). */
export class CheckovReportError extends PlatformError {}

/** The frameworks whose records name Terraform resources; others (secrets, json, …) are skipped. */
const TERRAFORM_CHECK_TYPES: readonly string[] = ['terraform_json', 'terraform'];

export interface CheckovRecord {
  readonly checkId: string;
  readonly checkName?: string;
  /** As checkov prints it: `resource.<logical id>`, `<type>.<logical id>`, `provider.aws`, … */
  readonly resource: string;
  readonly filePath: string;
  readonly fileAbsPath?: string;
  readonly guideline?: string;
  readonly result: 'passed' | 'failed' | 'skipped';
  /** The inline suppression's comment, for skipped records. */
  readonly suppressComment?: string;
}

export interface CheckovReport {
  readonly file: string;
  readonly version?: string;
  readonly records: readonly CheckovRecord[];
  /** Files checkov could not parse, as it printed them (absolute paths). */
  readonly parsingErrors: readonly string[];
  /** Frameworks in the report that were not reconciled (`secrets`, `json`, …). */
  readonly ignoredCheckTypes: readonly string[];
}

const record = z.looseObject({
  check_id: z.string().min(1),
  check_name: z.string().nullish(),
  check_result: z.looseObject({ result: z.string().optional(), suppress_comment: z.string().nullish() }).nullish(),
  resource: z.string(),
  file_path: z.string(),
  file_abs_path: z.string().nullish(),
  guideline: z.string().nullish(),
});
const frameworkReport = z.looseObject({
  check_type: z.string(),
  results: z.looseObject({
    passed_checks: z.array(record).default([]),
    failed_checks: z.array(record).default([]),
    skipped_checks: z.array(record).default([]),
    parsing_errors: z.array(z.string()).default([]),
  }),
  summary: z.looseObject({ checkov_version: z.string().optional() }).optional(),
});
/** What checkov prints when no framework produced a result: `Report("").get_summary()`. */
const emptyScan = z.looseObject({ passed: z.number(), failed: z.number(), parsing_errors: z.number(), checkov_version: z.string().optional() });
const reportJson = z.union([frameworkReport, z.array(frameworkReport), emptyScan]);

const HOW = 'expected the JSON checkov writes with `-o json` (see .github/workflows/plan.yml)';

/** Parses a report's text; `file` names it in messages. */
export function parseCheckovReport(text: string, file: string): CheckovReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CheckovReportError(`${file}: not JSON (${(error as Error).message}); ${HOW}`);
  }
  const parsed = reportJson.safeParse(json);
  if (!parsed.success) {
    // The union's own message says only "invalid input"; the framework shape says where it breaks.
    const framework = z.union([frameworkReport, z.array(frameworkReport)]).safeParse(json);
    const issue = (framework.success ? parsed.error : framework.error).issues.flatMap((i) => (i.code === 'invalid_union' ? (i.errors[0] ?? []) : [i]))[0];
    const where = issue?.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : 'the top level';
    throw new CheckovReportError(`${file}: ${where}: ${issue?.message ?? 'not a checkov report'}; ${HOW}`);
  }
  if (!('check_type' in parsed.data) && !Array.isArray(parsed.data)) return { file, version: parsed.data.checkov_version, records: [], parsingErrors: [], ignoredCheckTypes: [] };
  const frameworks = [parsed.data].flat() as z.output<typeof frameworkReport>[];
  const reconciled = frameworks.filter((f) => TERRAFORM_CHECK_TYPES.includes(f.check_type));
  const toRecord = (result: CheckovRecord['result']) => (r: z.output<typeof record>): CheckovRecord => ({
    checkId: r.check_id,
    checkName: r.check_name ?? undefined,
    resource: r.resource,
    filePath: r.file_path,
    fileAbsPath: r.file_abs_path ?? undefined,
    guideline: r.guideline ?? undefined,
    result,
    suppressComment: r.check_result?.suppress_comment ?? undefined,
  });
  return {
    file,
    version: frameworks.map((f) => f.summary?.checkov_version).find(Boolean),
    records: reconciled.flatMap((f) => [...f.results.passed_checks.map(toRecord('passed')), ...f.results.failed_checks.map(toRecord('failed')), ...f.results.skipped_checks.map(toRecord('skipped'))]),
    parsingErrors: reconciled.flatMap((f) => f.results.parsing_errors),
    ignoredCheckTypes: frameworks.map((f) => f.check_type).filter((t) => !TERRAFORM_CHECK_TYPES.includes(t)),
  };
}

/** Reads a report file; the caller checks that it exists (a missing file is a usage error). */
export function readCheckovReport(file: string): CheckovReport {
  return parseCheckovReport(readFileSync(file, 'utf8'), file);
}

/** The stack a checkov file path belongs to: the last path segment that names one of `stacks`. */
export function stackOfPath(filePath: string, stacks: readonly string[]): string | undefined {
  return filePath
    .split(/[\\/]/)
    .reverse()
    .find((segment) => stacks.includes(segment));
}

type Checks = Record<string, { readonly resourceTypes: readonly string[] | null }>;
const KNOWN_CHECKS = checkovChecks.checks as Checks;
const NOT_RESOURCES = new Set(['data', 'provider', 'module', 'output', 'locals', 'var', 'variable', 'terraform']);

/**
 * `<type>.<logical id>` for what a record names, or undefined when the stack has no such resource.
 * Names that are not managed resources (`provider.aws`, `data.x`) are returned as they are.
 */
export function resolveAddress(resource: string, checkId: string, tf: TerraformJson): string | undefined {
  const dot = resource.indexOf('.');
  const head = resource.slice(0, dot);
  const id = resource.slice(dot + 1);
  if (dot < 0 || (NOT_RESOURCES.has(head) && head !== 'resource')) return resource;
  if (head !== 'resource') return tf.resource?.[head]?.[id] !== undefined ? resource : undefined;
  const types = Object.keys(tf.resource ?? {}).filter((type) => tf.resource?.[type]?.[id] !== undefined);
  // cdktf logical ids are unique per stack in practice; when two types share one, the check's own
  // resource types decide.
  const narrowed = types.length > 1 ? types.filter((type) => KNOWN_CHECKS[checkId]?.resourceTypes?.includes(type)) : types;
  return narrowed.length === 1 ? `${narrowed[0]}.${id}` : undefined;
}

/** The address checkov reports a rule's counterpart on, for one resource the rule judged. */
function checkovSubject(rule: PolicyRule | undefined, address: string, tf: TerraformJson): string {
  if (!rule?.checkovReportsOn) return address;
  const body = tf.resource?.[rule.resourceType]?.[address.slice(rule.resourceType.length + 1)];
  const reference = JSON.stringify(body?.[rule.checkovReportsOn.attribute] ?? null);
  const match = new RegExp(`\\$\\{${rule.checkovReportsOn.type}\\.([\\w-]+)\\.`).exec(reference);
  return match ? `${rule.checkovReportsOn.type}.${match[1]}` : address;
}

export interface Disagreement {
  readonly finding: StackFinding;
  readonly checkId: string;
}

/** A report that proves nothing about a stack, or does not fit the output checked: fails the check. */
export interface ReconcileProblem {
  /** The stack it concerns, when known. */
  readonly stack?: string;
  readonly message: string;
}

export interface Reconciliation {
  /** Our findings (with `checkov.kind === 'agrees'` where checkov failed the counterpart too), then checkov's own. */
  readonly findings: StackFinding[];
  /** Our findings whose counterpart checkov ran and passed on the same resource. */
  readonly disagreements: Disagreement[];
  readonly problems: ReconcileProblem[];
  /** Per stack, how many checks checkov passed and failed there. */
  readonly counts: ReadonlyMap<string, { readonly passed: number; readonly failed: number }>;
}

/**
 * Merges checkov's results on `stacks` with our findings on them. `allStacks` are every stack of
 * the output checked (a report may cover more than the stacks selected).
 */
export function reconcile(ours: readonly StackFinding[], reports: readonly CheckovReport[], stacks: Readonly<Record<string, TerraformJson>>, allStacks: readonly string[]): Reconciliation {
  const selected = Object.keys(stacks);
  const problems: ReconcileProblem[] = [];
  const counts = new Map(selected.map((s) => [s, { passed: 0, failed: 0 }]));
  const seen = new Set<string>();
  interface Placed extends CheckovRecord {
    readonly stack: string;
    readonly address: string;
  }
  const placed: Placed[] = [];
  const unresolved = new Map<string, string[]>();
  const scanned = new Set<string>();

  for (const report of reports) {
    for (const file of report.parsingErrors) {
      const stack = stackOfPath(file, allStacks);
      if (stack !== undefined && !selected.includes(stack)) continue;
      problems.push({ stack, message: `checkov could not parse ${file} (${report.file}); a stack the scanner could not read proves nothing: see checkov's log for why` });
    }
    const foreign = new Set<string>();
    for (const r of report.records) {
      const stack = stackOfPath(r.filePath, allStacks) ?? (r.fileAbsPath ? stackOfPath(r.fileAbsPath, allStacks) : undefined);
      if (stack === undefined) {
        foreign.add(r.filePath);
        continue;
      }
      if (!selected.includes(stack)) continue;
      scanned.add(stack);
      const address = resolveAddress(r.resource, r.checkId, stacks[stack]);
      if (address === undefined) {
        unresolved.set(stack, [...(unresolved.get(stack) ?? []), `${r.checkId} ${r.resource}`]);
        continue;
      }
      const key = `${stack} ${address} ${r.checkId} ${r.result}`;
      if (seen.has(key)) continue;
      seen.add(key);
      placed.push({ ...r, stack, address });
      const count = counts.get(stack)!;
      counts.set(stack, r.result === 'passed' ? { ...count, passed: count.passed + 1 } : { ...count, failed: count.failed + 1 });
    }
    for (const file of foreign) problems.push({ message: `${report.file}: results for ${file}, which is no stack of the output checked (${allStacks.join(', ') || 'none'}); scan the same synthesized output you check` });
  }
  for (const [stack, names] of unresolved) {
    problems.push({ stack, message: `${names.length} checkov result(s) name resources ${stack} does not have (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}); the report is from another synth: scan the output you check` });
  }
  const names = reports.map((r) => r.file).join(', ');
  for (const stack of selected) if (!scanned.has(stack) && !problems.some((p) => p.stack === stack)) problems.push({ stack, message: `checkov has no result for ${stack} in ${names}; the scanner did not read it, so it proves nothing: scan every stack (checkov --directory <dir with every stack's cdk.tf.json>)` });

  const rulesById = new Map(RULES.map((r) => [r.id, r]));
  const failedOn = (stack: string, address: string, checkId: string) => placed.find((p) => p.stack === stack && p.address === address && p.checkId === checkId && p.result !== 'passed');
  const passedOn = (stack: string, address: string, checkId: string) => placed.some((p) => p.stack === stack && p.address === address && p.checkId === checkId && p.result === 'passed');

  const matched = new Set<Placed>();
  const disagreements: Disagreement[] = [];
  const findings: StackFinding[] = ours.map((finding) => {
    const checkId = CHECKOV_COUNTERPARTS.get(finding.rule);
    if (!checkId || !counts.has(finding.stack)) return finding;
    const subject = checkovSubject(rulesById.get(finding.rule), finding.address, stacks[finding.stack]);
    const failure = failedOn(finding.stack, subject, checkId);
    if (failure) {
      matched.add(failure);
      return { ...finding, checkov: { kind: 'agrees', checkId } };
    }
    if (passedOn(finding.stack, subject, checkId)) disagreements.push({ finding, checkId });
    return finding;
  });

  for (const p of placed) {
    if (p.result === 'passed' || matched.has(p)) continue;
    // Resources our rules judge whose counterpart checkov reports here: a waiver naming them covers it.
    const aliases = RULES.filter((rule) => rule.checkov === p.checkId && rule.checkovReportsOn)
      .flatMap((rule) => Object.keys(stacks[p.stack].resource?.[rule.resourceType] ?? {}).map((id) => `${rule.resourceType}.${id}`).filter((address) => checkovSubject(rule, address, stacks[p.stack]) === p.address))
      .flatMap((address) => [address, constructPath(stacks[p.stack], address)].filter((name): name is string => name !== undefined));
    const suppressed = p.result === 'skipped' ? `suppressed inline in the JSON${p.suppressComment ? ` ("${p.suppressComment}")` : ''}: a waiver belongs in the environment's spec` : undefined;
    findings.push({
      rule: p.checkId,
      address: p.address,
      stack: p.stack,
      path: constructPath(stacks[p.stack], p.address),
      message: `${p.checkName ?? 'checkov check'} (checkov ${p.checkId}${p.guideline ? `, ${p.guideline}` : ''})${suppressed ? `; ${suppressed}` : ''}; fix it, or waive ${p.checkId} with a reason`,
      checkov: { kind: 'only', checkId: p.checkId, name: p.checkName, guideline: p.guideline, suppressed },
      ...(aliases.length ? { aliases } : {}),
    });
  }
  return { findings, disagreements, problems, counts };
}
