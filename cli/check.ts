// `npm run check`: the policy rules over every stack in cdktf.out (run `npm run synth` first), with
// each environment's waivers (stacks/environments/<env>.yaml `waivers:`) applied to its stacks.
import { join } from 'node:path';
import { defaultRegistry, didYouMean } from '../modules';
import { collect, createCommand, EXIT, onRun, Option, UsageError } from './program';
import { environmentOfStack } from '../stacks/builder';
import { listEnvironments, loadEnvironment, ENVIRONMENTS_DIR } from '../stacks/load';
import { readAnyOutput } from './outputs';
import { readStack, stackNamesIn } from '../verify/outdir';
import type { TerraformJson } from '../verify/terraform-json';
import { RULE_IDS } from '../verify/rules';
import { applyWaivers, describeWaiver, findingsOf, type Waiver } from '../verify/waivers';

export interface CheckReport {
  readonly lines: string[];
  /** Stale waivers and stacks whose environment has no spec: printed, never failing. */
  readonly warnings: string[];
  /** Unwaived findings. */
  readonly failures: number;
}


export interface CheckOptions {
  /** Project root holding stacks/environments/. @default process.cwd() */
  readonly root?: string;
  /** Waivers of an environment; @default read from its spec through stacks/load.ts */
  readonly waiversOf?: (environment: string) => readonly Waiver[] | undefined;
  /** Only the stacks of these environments. @default every stack */
  readonly environments?: readonly string[];
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
  for (const [env, names] of groups) {
    const waivers = env ? waiversOf(env) : undefined;
    const specFile = join(ENVIRONMENTS_DIR, `${env}.yaml`);
    if (waivers === undefined) warnings.push(`warning: ${names.join(', ')}: no environment spec ${env ? specFile : `for these stacks`}; no waivers applied`);
    const stacks = Object.fromEntries(names.map((n) => [n, all[n]]));
    const outcome = applyWaivers(findingsOf(stacks), waivers ?? []);
    failures += outcome.unwaived.length;
    for (const stack of names) {
      const unwaived = outcome.unwaived.filter((f) => f.stack === stack);
      const waived = outcome.waived.filter((f) => f.stack === stack);
      const summary = unwaived.length ? `${unwaived.length} finding(s)` : `passes ${RULE_IDS.length} rules`;
      lines.push(`${stack}: ${summary}${waived.length ? `, ${waived.length} waived` : ''}`);
      for (const f of unwaived) lines.push(`  ${f.rule} ${f.address}: ${f.message}`);
      for (const f of waived) lines.push(`  waived: ${f.rule} ${f.address} — reason: ${f.waiver.reason}`);
    }
    for (const waiver of outcome.stale) {
      const index = (waivers ?? []).indexOf(waiver);
      warnings.push(`warning: ${specFile}: waivers[${index}] (${describeWaiver(waiver)}) matches no finding in ${names.join(', ')}; remove it`);
    }
  }
  return { lines, warnings, failures };
}

export function checkCommand(env: NodeJS.ProcessEnv = process.env) {
  const command = createCommand({
    usageName: 'npm run check --',
    summary: `Runs the policy rules (${RULE_IDS.length} of them, each naming its checkov counterpart) over every synthesized stack.`,
    details: `Each environment's waivers (${join(ENVIRONMENTS_DIR, '<env>.yaml')} \`waivers:\`) apply to its own stacks; waived findings are printed with their reasons, and waivers that match nothing are warned about. Only unwaived findings fail.`,
    examples: [
      ['npm run synth && npm run check', 'check what was just synthesized'],
      ['npm run check -- --env prod', "only prod's stacks"],
      ['npm run check -- --dir /tmp/other.out', 'another output folder'],
      ['npm run check -- --dir ../platform-terraform', 'the plain Terraform directories npm run export wrote'],
    ],
  })
    .addOption(new Option('-d, --dir <path>', 'synthesized output folder, or a directory `npm run export` wrote').default(env.CDKTF_OUTDIR ?? 'cdktf.out', env.CDKTF_OUTDIR ? '$CDKTF_OUTDIR' : 'cdktf.out'))
    .addOption(new Option('-e, --env <name>', "only this environment's stacks; repeat for several").argParser(collect));
  return onRun<{ dir: string; env?: string[] }>(command, async (options) => {
    const report = checkStacks(await readAnyOutput(options.dir), options.dir, { environments: options.env });
    for (const line of report.lines) console.log(line);
    for (const line of report.warnings) console.error(line);
    if (report.failures) console.log(`${report.failures} unwaived finding(s); fix them or add a waiver with a reason to the environment's spec (${join(ENVIRONMENTS_DIR, '<env>.yaml')} \`waivers:\`)`);
    return report.failures ? EXIT.problems : EXIT.ok;
  });
}

