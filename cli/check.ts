// `npm run check`: the policy rules over every stack in cdktf.out (run `npm run synth` first), with
// each environment's waivers (stacks/environments/<env>.yaml `waivers:`) applied to its stacks.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformError, STACK_TIERS, defaultRegistry } from '../modules';
import { listEnvironments, loadEnvironment, ENVIRONMENTS_DIR } from '../stacks/load';
import { readStack, stackNamesIn } from '../verify/outdir';
import { RULE_IDS } from '../verify/rules';
import { applyWaivers, describeWaiver, findingsOf, type Waiver } from '../verify/waivers';

export interface CheckReport {
  readonly lines: string[];
  /** Stale waivers and stacks whose environment has no spec: printed, never failing. */
  readonly warnings: string[];
  /** Unwaived findings. */
  readonly failures: number;
}

/** `dev-cluster` → `dev`: stacks are named `<environment>-<tier>` (stacks/builder.ts). */
export function environmentOf(stack: string): string | undefined {
  const dash = stack.lastIndexOf('-');
  return dash > 0 && (STACK_TIERS as readonly string[]).includes(stack.slice(dash + 1)) ? stack.slice(0, dash) : undefined;
}

export interface CheckOptions {
  /** Project root holding stacks/environments/. @default process.cwd() */
  readonly root?: string;
  /** Waivers of an environment; @default read from its spec through stacks/load.ts */
  readonly waiversOf?: (environment: string) => readonly Waiver[] | undefined;
}

export function checkOutdir(outdir: string, options: CheckOptions = {}): CheckReport {
  const root = options.root ?? process.cwd();
  const known = new Set(listEnvironments(root));
  const waiversOf = options.waiversOf ?? ((env: string) => (known.has(env) ? loadEnvironment(env, { root, registry: defaultRegistry }).waivers : undefined));
  const groups = new Map<string, string[]>();
  for (const stack of stackNamesIn(outdir)) {
    const env = environmentOf(stack) ?? '';
    groups.set(env, [...(groups.get(env) ?? []), stack]);
  }

  const lines: string[] = [];
  const warnings: string[] = [];
  let failures = 0;
  for (const [env, names] of groups) {
    const waivers = env ? waiversOf(env) : undefined;
    const specFile = join(ENVIRONMENTS_DIR, `${env}.yaml`);
    if (waivers === undefined) warnings.push(`warning: ${names.join(', ')}: no environment spec ${env ? specFile : `for these stacks`}; no waivers applied`);
    const stacks = Object.fromEntries(names.map((n) => [n, readStack(outdir, n)]));
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

if (require.main === module) {
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  if (!existsSync(join(outdir, 'stacks'))) {
    console.error(`${join(outdir, 'stacks')} does not exist; run \`npm run synth\` first`);
    process.exit(2);
  }
  try {
    const report = checkOutdir(outdir);
    for (const line of report.lines) console.log(line);
    for (const line of report.warnings) console.error(line);
    if (report.failures) console.log(`${report.failures} unwaived finding(s); fix them or add a waiver with a reason to the environment's spec (${join(ENVIRONMENTS_DIR, '<env>.yaml')} \`waivers:\`)`);
    process.exit(report.failures ? 1 : 0);
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}
