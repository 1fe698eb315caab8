// `npm run check`: the policy rules over every stack in cdktf.out (run `npm run synth` first), with
// each environment's waivers (stacks/environments/<env>.yaml `waivers:`) applied to its stacks;
// with `--checkov <report>`, checkov's results on the same JSON reconciled with ours (verify/checkov.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultRegistry, didYouMean } from '../modules';
import { collect, createCommand, EXIT, onRun, Option, UsageError } from './program';
import { environmentOfStack } from '../stacks/builder';
import { listEnvironments, loadEnvironment, ENVIRONMENTS_DIR } from '../stacks/load';
import { readAnyOutput } from './outputs';
import { readStack, stackNamesIn } from '../verify/outdir';
import type { TerraformJson } from '../verify/terraform-json';
import { readCheckovReport, reconcile, type CheckovReport } from '../verify/checkov';
import { RULE_IDS } from '../verify/rules';
import { applyWaivers, describeWaiver, findingsOf, waiverRuleMatches, type StackFinding, type Waiver, type WaivedFinding } from '../verify/waivers';

export interface CheckReport {
  readonly lines: string[];
  /** Stale waivers, stacks whose environment has no spec, checkov disagreements: printed, never failing. */
  readonly warnings: string[];
  /** Unwaived findings, checkov's included. */
  readonly failures: number;
  /** checkov reports that prove nothing about a stack (parse errors, stacks not scanned, another synth's results). */
  readonly checkovProblems: number;
}


export interface CheckOptions {
  /** Project root holding stacks/environments/. @default process.cwd() */
  readonly root?: string;
  /** Waivers of an environment; @default read from its spec through stacks/load.ts */
  readonly waiversOf?: (environment: string) => readonly Waiver[] | undefined;
  /** Only the stacks of these environments. @default every stack */
  readonly environments?: readonly string[];
  /** checkov JSON reports over the same stacks, reconciled with our findings. @default none */
  readonly checkov?: readonly CheckovReport[];
}

export function checkOutdir(outdir: string, options: CheckOptions = {}): CheckReport {
  return checkStacks(Object.fromEntries(stackNamesIn(outdir).map((name) => [name, readStack(outdir, name)])), outdir, options);
}

/** The policy rules over stacks (name → Terraform JSON, in deploy order), from cdktf.out or an export. */
export function checkStacks(all: Readonly<Record<string, TerraformJson>>, source: string, options: CheckOptions = {}): CheckReport {
  const root = options.root ?? process.cwd();
  const known = new Set(listEnvironments(root));
  const waiversOf = options.waiversOf ?? ((env: string) => (known.has(env) ? loadEnvironment(env, { root, registry: defaultRegistry }).waivers : undefined));
  const groups = new Map<string, string[]>();
  const stackNames = Object.keys(all);
  for (const wanted of options.environments ?? []) {
    const present = [...new Set(stackNames.map((stack) => environmentOfStack(stack)).filter((e): e is string => e !== undefined))];
    if (!present.includes(wanted)) throw new UsageError(`no stacks of environment "${wanted}" in ${source}${didYouMean(wanted, present)}; synthesize it first (npm run synth -- --env ${wanted})`);
  }
  for (const stack of stackNames) {
    const env = environmentOfStack(stack) ?? '';
    if (options.environments && !options.environments.includes(env)) continue;
    groups.set(env, [...(groups.get(env) ?? []), stack]);
  }

  const lines: string[] = [];
  const warnings: string[] = [];
  let failures = 0;
  let checkovProblems = 0;
  const reports = options.checkov ?? [];
  if (reports.length) {
    const versions = [...new Set(reports.map((r) => r.version).filter(Boolean))];
    lines.push(`checkov${versions.length ? ` ${versions.join(', ')}` : ''}: ${reports.reduce((n, r) => n + r.records.length, 0)} result(s) in ${reports.map((r) => r.file).join(', ')}, reconciled with our rules`);
    for (const report of reports) if (report.ignoredCheckTypes.length) warnings.push(`warning: ${report.file}: ignored results of ${report.ignoredCheckTypes.join(', ')} (only terraform_json and terraform name stack resources)`);
  }
  for (const [env, names] of groups) {
    const waivers = env ? waiversOf(env) : undefined;
    const specFile = join(ENVIRONMENTS_DIR, `${env}.yaml`);
    if (waivers === undefined) warnings.push(`warning: ${names.join(', ')}: no environment spec ${env ? specFile : `for these stacks`}; no waivers applied`);
    const stacks = Object.fromEntries(names.map((n) => [n, all[n]]));
    const ours = findingsOf(stacks);
    const reconciled = reports.length ? reconcile(ours, reports, stacks, stackNames) : undefined;
    const outcome = applyWaivers(reconciled?.findings ?? ours, waivers ?? [], { checkovReconciled: reconciled !== undefined });
    failures += outcome.unwaived.length;
    checkovProblems += reconciled?.problems.length ?? 0;
    for (const problem of reconciled?.problems.filter((p) => p.stack === undefined) ?? []) lines.push(`checkov: ${problem.message}`);
    for (const stack of names) {
      const unwaived = outcome.unwaived.filter((f) => f.stack === stack);
      const waived = outcome.waived.filter((f) => f.stack === stack);
      const problems = reconciled?.problems.filter((p) => p.stack === stack) ?? [];
      const counts = reconciled?.counts.get(stack);
      const summary = unwaived.length + problems.length ? [unwaived.length && `${unwaived.length} finding(s)`, problems.length && `${problems.length} checkov problem(s)`].filter(Boolean).join(', ') : `passes ${RULE_IDS.length} rules`;
      const scanner = counts ? `; checkov: ${counts.passed} passed, ${counts.failed} failed` : '';
      lines.push(`${stack}: ${summary}${waived.length ? `, ${waived.length} waived` : ''}${scanner}`);
      for (const problem of problems) lines.push(`  checkov: ${problem.message}`);
      for (const f of unwaived) lines.push(`  ${f.rule} ${f.address}: ${f.message}${agreement(f)}`);
      for (const f of waived) lines.push(`  waived: ${f.rule} ${f.address}${through(f)} — reason: ${f.waiver.reason}${agreement(f)}`);
    }
    for (const { finding, checkId } of reconciled?.disagreements ?? []) {
      warnings.push(`warning: checkov disagrees: ${finding.rule} fires on ${finding.address} in ${finding.stack}, but checkov passed ${checkId} there; one of the two misjudges it (see the rule in verify/rules.ts)`);
    }
    for (const waiver of outcome.stale) {
      const index = (waivers ?? []).indexOf(waiver);
      warnings.push(`warning: ${specFile}: waivers[${index}] (${describeWaiver(waiver)}) matches no finding in ${names.join(', ')}; remove it`);
    }
  }
  return { lines, warnings, failures, checkovProblems };
}

/** One finding, two scanners: printed once, saying checkov agrees. */
const agreement = (f: StackFinding): string => (f.checkov?.kind === 'agrees' ? ` — checkov agrees (${f.checkov.checkId})` : '');
/** A checkov finding waived by a waiver of our rule whose counterpart it is. */
const through = (f: WaivedFinding): string => (waiverRuleMatches(f.waiver, f) === 'counterpart' ? ` (through the ${f.waiver.rule} waiver)` : '');

/** The reports `--checkov` names, read; a missing file is a usage error naming it. */
export function readCheckovReports(files: readonly string[]): CheckovReport[] {
  return files.map((file) => {
    if (!existsSync(file)) throw new UsageError(`--checkov ${file}: no such file; run checkov with -o json first (as .github/workflows/plan.yml does); a crashed scan writes none, its log says why`);
    return readCheckovReport(file);
  });
}

export function checkCommand(env: NodeJS.ProcessEnv = process.env) {
  const command = createCommand({
    usageName: 'npm run check --',
    summary: `Runs the policy rules (${RULE_IDS.length} of them, each naming its checkov counterpart where checkov has one) over every synthesized stack.`,
    details: `Each environment's waivers (${join(ENVIRONMENTS_DIR, '<env>.yaml')} \`waivers:\`) apply to its own stacks; waived findings are printed with their reasons, and waivers that match nothing are warned about. Only unwaived findings fail.\n\nWith --checkov, checkov's failures on the same resources as ours are printed once ("checkov agrees"); its other failures are findings named by check id (CKV_AWS_338), which a waiver may name, and a waiver of one of our rules also covers its checkov counterpart; where checkov passed a rule's counterpart that our rule fails, a warning says so. Files checkov could not parse, and stacks it did not scan, fail the check.`,
    examples: [
      ['npm run synth && npm run check', 'check what was just synthesized'],
      ['npm run check -- --env prod', "only prod's stacks"],
      ['npm run check -- --dir /tmp/other.out', 'another output folder'],
      ['npm run check -- --dir ../platform-terraform', 'the plain Terraform directories npm run export wrote'],
      ['npm run check -- --checkov checkov-report.json', "reconcile checkov's JSON report over the same stacks (CI runs it: .github/workflows/plan.yml)"],
    ],
  })
    .addOption(new Option('-d, --dir <path>', 'synthesized output folder, or a directory `npm run export` wrote').default(env.CDKTF_OUTDIR ?? 'cdktf.out', env.CDKTF_OUTDIR ? '$CDKTF_OUTDIR' : 'cdktf.out'))
    .addOption(new Option('-e, --env <name>', "only this environment's stacks; repeat for several").argParser(collect))
    .addOption(new Option('--checkov <report.json>', "checkov's JSON report (-o json) over the same stacks: its failures become findings (waivable by check id), agreements are printed once; repeat for several").argParser(collect));
  return onRun<{ dir: string; env?: string[]; checkov?: string[] }>(command, async (options) => {
    const checkov = readCheckovReports(options.checkov ?? []);
    const report = checkStacks(await readAnyOutput(options.dir), options.dir, { environments: options.env, checkov });
    for (const line of report.lines) console.log(line);
    for (const line of report.warnings) console.error(line);
    if (report.failures) console.log(`${report.failures} unwaived finding(s); fix them or add a waiver with a reason to the environment's spec (${join(ENVIRONMENTS_DIR, '<env>.yaml')} \`waivers:\`)`);
    if (report.checkovProblems) console.log(`${report.checkovProblems} checkov problem(s): the scan proves nothing about those stacks until checkov reads every one of them`);
    return report.failures || report.checkovProblems ? EXIT.problems : EXIT.ok;
  });
}

